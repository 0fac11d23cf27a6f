"""Verbs on accounts: audit entries, API tokens."""

from __future__ import annotations

from typing import Any

from django.db import models

from omkeer.accounts.models import ApiToken, AuditEntry, User


def audit(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record who did what to which object. Call inside the transaction of the change itself."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary[:300],
        data=data or {},
    )


def issue_api_token(*, user: User, name: str) -> str:
    """Create a personal API token and return its raw value (shown once, stored only as a hash)."""
    token, raw = ApiToken.issue(user=user, name=name)
    audit(actor=user, action="api-token.issue", target=token, summary=name)
    return raw


def revoke_api_token(*, user: User, token: ApiToken) -> None:
    """Delete one of the user's API tokens."""
    audit(actor=user, action="api-token.revoke", target=token, summary=token.name)
    token.delete()
