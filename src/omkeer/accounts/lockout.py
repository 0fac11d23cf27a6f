"""Lockout after repeated failed logins (django-axes), keyed on the address as typed, in any case."""

from __future__ import annotations

from typing import Any

from axes.utils import reset
from django.http import HttpRequest


def typed_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The account a login attempt is for: `HR@Example.com ` and `hr@example.com` count as one."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(raw).strip().lower()


def unlock(username: str) -> None:
    """Lift a lockout at once (the account's owner proved who they are, e.g. by the password-reset email)."""
    reset(username=username.strip().lower())
