"""What erasing a person does to accounts, and what they may download of it (see `omkeer.lib.privacy`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password

from omkeer.accounts.models import ApiToken, AuditEntry, IdempotencyKey, User
from omkeer.accounts.services import scrub_audit
from omkeer.lib.privacy import Call, Delete, Strategy, Subject, Tombstone, rows


def _scrub_log(subject: Subject) -> int:
    return scrub_audit(words=subject.needles)


STRATEGIES: dict[type[Any], list[Strategy]] = {
    # The login stays as a tombstone, so the audit log's actor keeps pointing at one (pseudonymous) account.
    User: [
        Tombstone(
            "pk",
            fields={
                "username": lambda subject: f"erased-{subject.ref}",
                "password": lambda subject: make_password(None),
                "first_name": "",
                "last_name": "",
                "email": "",
                "is_active": False,
                "is_staff": False,
                "is_superuser": False,
                "is_hr": False,
                "employee": None,
                "last_login": None,
            },
            clear=("groups", "user_permissions"),
        )
    ],
    AuditEntry: [Call(_scrub_log)],
    ApiToken: [Delete("user")],
    IdempotencyKey: [Delete("user")],
}


def export(subject: Subject) -> dict[str, Any]:
    user = subject.user
    if user is None:
        return {}
    account = rows(
        User.objects.filter(pk=user.pk),
        "username",
        "first_name",
        "last_name",
        "email",
        "language",
        "time_zone",
        "is_hr",
        "date_joined",
        "last_login",
    )
    tokens = rows(ApiToken.objects.filter(user=user), "name", "prefix", "created", "last_used")
    return {"account": account[0], "api_tokens": tokens}
