"""Privacy verbs: a person downloads their data; HR (or the console) erases a person.

Both are driven by the declarations of the domain apps (`<app>/privacy.py`, collected in `registry.py`):
`export(subject)` says what of an app is the person's, `STRATEGIES` what erasure does to each model.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import FieldError, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.lib.privacy import (
    PLACEHOLDER,
    REDACTED,
    Call,
    Delete,
    Keep,
    Scrub,
    Strategy,
    Subject,
    Tombstone,
    scrub,
)
from omkeer.people.models import Employee
from omkeer.privacy.registry import APPS, EMPLOYEE, USER, strategies, target_of

EXPORT_FORMAT = 1


# --- the subject -----------------------------------------------------------------------------------------------------


def _ref(employee: Employee | None, user: User | None, needles: tuple[str, ...]) -> str:
    """A pseudonymous reference: a keyed hash of who they were, which names nobody without the secret key (and
    contains none of their identifiers, so a search for them never finds the tombstone)."""
    seed = employee.employee_id if employee is not None else f"user:{user.pk if user else 0}"
    lowered = [needle.lower() for needle in needles]
    for attempt in range(100):
        digest = hmac.new(settings.SECRET_KEY.encode(), f"erasure:{seed}:{attempt}".encode(), hashlib.sha256)
        ref = digest.hexdigest()[:16]
        if not any(needle in f"erased-{ref}@erased.invalid" for needle in lowered):
            return ref
    raise RuntimeError("no reference free of the person's identifiers")  # pragma: no cover


def subject_of(*, employee: Employee | None = None, user: User | None = None) -> Subject:
    """The person behind an employee (and their login) or behind a login (and their employee)."""
    if employee is None and user is not None and user.employee_id:
        employee = Employee.objects.get(pk=user.employee_id)
    if user is None and employee is not None:
        user = User.objects.filter(employee=employee).first()
    needles: set[str] = set()
    if employee is not None:
        needles |= {
            employee.full_name,
            f"{employee.last_name}, {employee.first_name}",
            f"{employee.last_name} {employee.first_name}",
            employee.email,
            employee.employee_id,
        }
    if user is not None:
        needles |= {user.username, user.email, user.get_full_name()}
    found = tuple(sorted(needle.strip() for needle in needles if needle and needle.strip()))
    return Subject(employee=employee, user=user, ref=_ref(employee, user, found), needles=found)


# --- download my data ------------------------------------------------------------------------------------------------


def export_data(*, actor: User) -> dict[str, Any]:
    """Everything Omkeer holds of the actor that is theirs, as plain data (GDPR Art. 15 and 20): never another
    person's note, never an anonymous answer. The audit entry records the download, not what it held."""
    subject = subject_of(user=actor)
    data: dict[str, Any] = {"format": EXPORT_FORMAT, "exported": timezone.now()}
    for module in APPS:
        data.update(module.export(subject))
    audit(actor=actor, action="privacy.export", target=actor, data={"sections": len(data) - 2})
    return data


# --- erasure ---------------------------------------------------------------------------------------------------------


def _owned(model: type[models.Model], paths: tuple[str, ...], subject: Subject) -> Q | None:
    """The rows that `paths` lead from to the subject's employee or login; None when none of them can."""
    query: Q | None = None
    for path in paths:
        target = target_of(model, path)
        if target not in (EMPLOYEE, USER):
            raise ValueError(f"{model._meta.label}: {path} leads to {target}, not to an employee or a login")
        person = subject.employee if target == EMPLOYEE else subject.user
        if person is None:
            continue
        condition = Q(pk=person.pk) if path == "pk" else Q(**{path: person.pk})
        query = condition if query is None else query | condition
    return query


def _filterable(model: type[models.Model], name: str) -> bool:
    field = model._meta.get_field(name)
    try:
        if isinstance(field, models.Field):
            field.get_lookup("icontains")
    except FieldError:  # an encrypted column: compare in Python
        return False
    return True


def _mentioning(model: type[models.Model], fields: tuple[str, ...], needles: tuple[str, ...]) -> models.QuerySet[Any]:
    """The rows whose fields may mention a needle, narrowed in SQL where the columns allow it."""
    queryset = model._default_manager.all()
    if not all(_filterable(model, name) for name in fields):
        return queryset
    condition = Q()
    for name in fields:
        queryset = queryset.annotate(**{f"_{name}_text": Cast(name, models.TextField())})
        for needle in needles:
            condition |= Q(**{f"_{name}_text__icontains": needle})
            condition |= Q(**{f"_{name}_text__icontains": json.dumps(needle)[1:-1]})  # SQLite: "M\\u00fcller"
    return queryset.filter(condition)


def _update(model: type[models.Model], queryset: models.QuerySet[Any], compute: Any) -> int:
    """Write `compute(row)`'s changes row by row with UPDATE (no save(): no model hooks, no auto_now)."""
    changed = 0
    for row in queryset:
        changes = compute(row)
        if changes:
            model._default_manager.filter(pk=row.pk).update(**changes)
            changed += 1
    return changed


def _apply(model: type[models.Model], strategy: Strategy, subject: Subject) -> int:
    manager = model._default_manager
    if isinstance(strategy, Keep):
        return 0
    if isinstance(strategy, Call):
        return strategy.function(subject)
    if isinstance(strategy, Delete):
        owned = _owned(model, strategy.paths, subject)
        if strategy.where is not None:
            where = strategy.where(subject)
            owned = where if owned is None else owned | where
        if owned is None:
            return 0
        deleted, _by_model = manager.filter(owned).delete()
        return deleted
    if isinstance(strategy, Tombstone):
        owned = _owned(model, strategy.paths, subject)
        if owned is None:
            return 0

        def tombstone(row: models.Model) -> dict[str, Any]:
            changes: dict[str, Any] = {}
            for name, value in strategy.fields.items():
                field = model._meta.get_field(name)
                current = getattr(row, field.attname if isinstance(field, models.Field) else name)
                if value is REDACTED:
                    value = PLACEHOLDER if current else current
                elif callable(value):
                    value = value(subject)
                if value != current:
                    changes[name] = value
            return changes

        rows = manager.filter(owned).distinct()
        for row in rows:
            for relation in strategy.clear:
                getattr(row, relation).clear()
        return _update(model, rows, tombstone)
    if isinstance(strategy, Scrub):
        if not subject.needles:
            return 0
        if strategy.within is None:
            candidates = _mentioning(model, strategy.fields, subject.needles)
        else:
            within = _owned(model, strategy.within, subject)
            if within is None:
                return 0
            candidates = manager.filter(within).distinct()

        def scrubbed(row: models.Model) -> dict[str, Any]:
            changes: dict[str, Any] = {}
            for name in strategy.fields:
                current = getattr(row, name)
                value = scrub(current, subject.needles)
                if value != current:
                    changes[name] = value
            return changes

        return _update(model, candidates, scrubbed)
    raise TypeError(f"unknown strategy {strategy!r}")  # pragma: no cover


def _end_sessions(user: User) -> int:
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def erase_person(*, actor: User | None, employee: Employee) -> tuple[str, dict[str, int]]:
    """Erase a person (GDPR Art. 17): every model's strategy, their login turned into a locked tombstone, their
    sessions ended, their names taken out of the audit log. Counts and figures stay valid; anonymous feedback
    stays untouched. `actor` None: the console. Returns the pseudonymous reference and the rows changed per model.
    One transaction: an error changes nothing."""
    if actor is not None and not actor.is_hr:
        raise PermissionDenied
    if actor is not None and actor.employee_id == employee.pk:
        raise ValidationError(_("You cannot erase yourself; ask another HR manager."))
    subject = subject_of(employee=employee)
    changed: dict[str, int] = {}
    for model, listed in strategies().items():
        for strategy in listed:
            count = _apply(model, strategy, subject)
            if count:
                changed[model._meta.label_lower] = changed.get(model._meta.label_lower, 0) + count
    if subject.user is not None:
        changed["sessions.session"] = _end_sessions(subject.user)
    audit(actor=actor, action="privacy.erase", target=employee, data={"ref": subject.ref, "changed": changed})
    return subject.ref, changed
