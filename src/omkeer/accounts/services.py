"""Verbs on accounts: audit entries (and the log's one way to purge and scrub them), API tokens."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.db.models.functions import Cast

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


MAINTENANCE_SETTING = "omkeer.audit_maintenance"  # the PostgreSQL trigger lets UPDATE and DELETE through when 'on'


@contextmanager
def _audit_maintenance() -> Iterator[None]:
    """The audit log's one escape hatch, for `purge_audit_before` and `scrub_audit` only: a transaction in which
    PostgreSQL's append-only trigger allows UPDATE and DELETE. The setting is transaction-local and switched off
    again before the block ends, so nothing else in an outer transaction inherits it."""
    with transaction.atomic():
        postgres = connection.vendor == "postgresql"
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [MAINTENANCE_SETTING])
        try:
            yield
        finally:
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'off', true)", [MAINTENANCE_SETTING])


def purge_audit_before(*, cutoff: dt.datetime, actor: User | None = None) -> int:
    """Delete the audit entries older than `cutoff` (the retention rule) and record that, with how many went.
    Returns that number. This and `scrub_audit` are the only ways an audit entry ever changes."""
    with _audit_maintenance():
        old = AuditEntry.objects.filter(at__lt=cutoff)
        count, _by_model = models.QuerySet.delete(old)  # the plain delete: AuditEntryQuerySet.delete refuses
        audit(actor=actor, action="audit.purge", data={"before": cutoff.isoformat(), "deleted": count})
    return count


def _scrubbed(value: Any, words: list[str], replacement: str) -> Any:
    if isinstance(value, str):
        for word in words:
            value = re.sub(re.escape(word), replacement, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, dict):
        return {key: _scrubbed(item, words, replacement) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item, words, replacement) for item in value]
    return value


def scrub_audit(*, words: Iterable[str], actor: User | None = None, replacement: str = "[erased]") -> int:
    """Replace every occurrence of `words` (a person's names, email, employee id; case-insensitive) in the audit
    entries' summaries and data by `replacement` — the erasure of a person from the log, which keeps what was
    done and when. Returns how many entries changed; records that count, never the words."""
    erased = sorted({word for word in words if word.strip()}, key=len, reverse=True)  # "Ann Lee" before "Ann"
    if not erased:
        return 0
    as_text = Cast("data", models.TextField())
    matches = models.Q()
    for word in erased:
        escaped = json.dumps(word)[1:-1]  # SQLite keeps JSON with non-ASCII letters escaped: "M\\u00fcller"
        matches |= models.Q(summary__icontains=word) | models.Q(data_text__icontains=word)
        matches |= models.Q(data_text__icontains=escaped)
    changed = 0
    with _audit_maintenance():
        entries = AuditEntry.objects.annotate(data_text=as_text).filter(matches)
        for entry in entries.only("pk", "summary", "data"):
            summary, data = _scrubbed(entry.summary, erased, replacement), _scrubbed(entry.data, erased, replacement)
            if (summary, data) != (entry.summary, entry.data):
                models.QuerySet.update(AuditEntry.objects.filter(pk=entry.pk), summary=summary[:300], data=data)
                changed += 1
        audit(actor=actor, action="audit.scrub", data={"entries": changed})
    return changed


def issue_api_token(*, user: User, name: str) -> str:
    """Create a personal API token and return its raw value (shown once, stored only as a hash)."""
    token, raw = ApiToken.issue(user=user, name=name)
    audit(actor=user, action="api-token.issue", target=token, summary=name)
    return raw


def revoke_api_token(*, user: User, token: ApiToken) -> None:
    """Delete one of the user's API tokens."""
    audit(actor=user, action="api-token.revoke", target=token, summary=token.name)
    token.delete()
