"""Emails from templates: `templates/emails/<name>-subject.txt`, `-body.txt` and `-body.html`, in a given language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    """A link for an email: the site's public address (`SITE_URL`) plus the path."""
    return f"{settings.SITE_URL}{path}"


def build(name: str, *, to: str, context: dict[str, Any], language: str) -> EmailMultiAlternatives:
    """Render one email (plain text with an HTML alternative) in `language`."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def send(messages: Sequence[EmailMultiAlternatives]) -> int:
    """Send the messages over one connection; returns how many were sent."""
    if not messages:
        return 0
    return get_connection().send_messages(list(messages)) or 0


def send_on_commit(messages: Sequence[EmailMultiAlternatives]) -> None:
    """Send the messages once the current transaction commits; nothing goes out if it rolls back.

    A failure to send is logged and does not undo the change (`robust`): the change already happened.
    """
    if messages:
        batch = list(messages)
        transaction.on_commit(lambda: send(batch), robust=True)
