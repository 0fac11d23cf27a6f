"""Retention: each category of personal data is kept for `settings.RETENTION[category]` (in the category's unit),
then `purge()` removes it — daily from Celery beat, or `omkeer purge [--dry-run]`. Idempotent: a second run the
same day removes nothing. Only counts are audited.

| category | kept for (default) | counted from | what goes |
|---|---|---|---|
| notes | 12 months | the programme's end | the pairs' session notes |
| checkin_notes | 12 months | the programme's end | the admin's check-in concerns and notes (scores stay) |
| applications | 6 months | the programme's end | declined mentor applications and those never decided |
| waiting_list | 12 months | the registration | waiting-list registrations |
| reminders | 12 months | sending | the log of enrolment reminders |
| imports | 30 days | the upload | uploaded HR files and their reports |
| feedback | 24 months | its month | anonymous feedback texts (release counts stay) |
| audit | 2 years | the entry | audit log entries |
| idempotency_keys | 1 day | the first request | the kept answers of writes, replayed to a repeated submit |
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from omkeer.accounts.models import AuditEntry, IdempotencyKey
from omkeer.accounts.services import audit, purge_audit_before
from omkeer.enrolment.models import ApplicationStatus, InterestRegistration, MentorApplication, Reminder
from omkeer.evaluation.models import CheckIn
from omkeer.mentorships.models import Note
from omkeer.people.models import ImportJob
from omkeer.voice.models import Feedback


@dataclass(frozen=True)
class Category:
    key: str
    unit: str  # "days", "months" or "years": the unit of settings.RETENTION[key]
    purge: Callable[[dt.date, bool], int]  # (cutoff, dry_run) -> rows removed (or that would be)


def _delete(queryset: models.QuerySet[models.Model], dry_run: bool) -> int:
    count = queryset.count()
    if count and not dry_run:
        queryset.delete()
    return count


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _notes(cutoff: dt.date, dry_run: bool) -> int:
    return _delete(Note.objects.filter(mentorship__programme__end_date__lt=cutoff), dry_run)


def _checkin_notes(cutoff: dt.date, dry_run: bool) -> int:
    written = [c.pk for c in CheckIn.objects.filter(programme__end_date__lt=cutoff) if c.concerns or c.notes]
    if written and not dry_run:
        CheckIn.objects.filter(pk__in=written).update(concerns="", notes="")
    return len(written)


def _applications(cutoff: dt.date, dry_run: bool) -> int:
    lapsed = MentorApplication.objects.filter(
        programme__end_date__lt=cutoff, status__in=[ApplicationStatus.DECLINED, ApplicationStatus.APPLIED]
    )
    return _delete(lapsed, dry_run)


def _waiting_list(cutoff: dt.date, dry_run: bool) -> int:
    return _delete(InterestRegistration.objects.filter(created__lt=_start_of(cutoff)), dry_run)


def _reminders(cutoff: dt.date, dry_run: bool) -> int:
    return _delete(Reminder.objects.filter(sent__lt=_start_of(cutoff)), dry_run)


def _imports(cutoff: dt.date, dry_run: bool) -> int:
    finished = ImportJob.objects.filter(created__lt=_start_of(cutoff)).exclude(
        state__in=[ImportJob.State.VALIDATING, ImportJob.State.IMPORTING]
    )
    return _delete(finished, dry_run)


def _feedback(cutoff: dt.date, dry_run: bool) -> int:
    return _delete(Feedback.objects.filter(month__lt=f"{cutoff:%Y-%m}"), dry_run)


def _audit(cutoff: dt.date, dry_run: bool) -> int:
    if dry_run:
        return AuditEntry.objects.filter(at__lt=_start_of(cutoff)).count()
    return purge_audit_before(cutoff=_start_of(cutoff))


def _idempotency_keys(cutoff: dt.date, dry_run: bool) -> int:
    return _delete(IdempotencyKey.objects.filter(created__lt=_start_of(cutoff)), dry_run)


CATEGORIES = [
    Category("notes", "months", _notes),
    Category("checkin_notes", "months", _checkin_notes),
    Category("applications", "months", _applications),
    Category("waiting_list", "months", _waiting_list),
    Category("reminders", "months", _reminders),
    Category("imports", "days", _imports),
    Category("feedback", "months", _feedback),
    Category("audit", "years", _audit),
    Category("idempotency_keys", "days", _idempotency_keys),
]


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def cutoff_of(category: Category, today: dt.date) -> dt.date:
    """The day before which the category's data has expired."""
    period = settings.RETENTION[category.key]
    if category.unit == "days":
        return today - dt.timedelta(days=period)
    return months_before(today, period * (12 if category.unit == "years" else 1))


def purge(*, dry_run: bool = False, today: dt.date | None = None) -> dict[str, int]:
    """Remove what has passed its retention period; returns the rows removed per category (with `dry_run`: the
    rows that would be, and nothing changes). One transaction; the audit entry holds the counts only."""
    today = today or timezone.localdate()
    with transaction.atomic():
        removed = {category.key: category.purge(cutoff_of(category, today), dry_run) for category in CATEGORIES}
        if not dry_run:
            audit(actor=None, action="privacy.purge", data={"removed": removed})
    return removed


@shared_task(name="omkeer.privacy.tasks.purge_expired")
def purge_expired() -> dict[str, int]:
    """Apply the retention periods (Celery beat, daily)."""
    return purge()
