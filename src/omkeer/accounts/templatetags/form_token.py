"""`{% form_token %}`: the CSRF token and a fresh idempotency key for a POST form (a builtin tag, no load).

The key makes a double submit of the form do its work once (`omkeer.accounts.idempotency`)."""

from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html

from omkeer.accounts.idempotency import FIELD

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context: dict[str, Any]) -> str:
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}"><input type="hidden" name="{}" value="{}">',
        get_token(context["request"]),
        FIELD,
        uuid.uuid4().hex,
    )
