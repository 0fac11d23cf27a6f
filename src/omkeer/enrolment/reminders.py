"""Verbs of reminders: email those who have not finished their part of enrolment, and record who got one.

Four kinds: invited juniors who have not applied, applicants without a submitted recommendation, accepted mentors
who have not finished the training, and invited seniors (or mentees added by the admin) without an intake.
Reminders to apply or to complete the intake go out only while the form still accepts them (enrolment open,
deadline not passed).

The daily task (`send_due_reminders`, also `omkeer remind`) reminds each kind from `LEAD_DAYS` before its
deadline on: the mentor deadline for the three mentor kinds, the mentee deadline for the intake; a programme
without that deadline gets none of that kind. The admin's *Send reminders now* reminds every kind at once,
whatever the deadlines. Either way nobody gets the same kind again within `GAP`, nor more than `MOST` of a kind.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone, translation

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.enrolment.models import (
    ApplicationStatus,
    Enrolment,
    Invitation,
    MenteeIntake,
    MentorApplication,
    Recommendation,
    Reminder,
    ReminderKind,
    TrainingModule,
)
from omkeer.lib import emails
from omkeer.lib.notices import language_of
from omkeer.people.models import Employee
from omkeer.programmes.models import Participation, Programme, Role

log = logging.getLogger(__name__)

LEAD_DAYS = 7  # the daily task starts reminding this many days before a deadline
GAP = dt.timedelta(days=3)  # never the same kind to the same person within this time
MOST = 3  # and never more than this many of one kind
MENTOR_KINDS = (ReminderKind.APPLY, ReminderKind.RECOMMENDATION, ReminderKind.TRAINING)
Kind = ReminderKind


@dataclass(frozen=True)
class Due:
    """Someone who has not finished: what to remind them of, and the page where they finish it."""

    employee: Employee
    kind: str
    path: str
    passed: int = 0  # training: modules passed so far
    total: int = 0  # training: modules in all


def _active(employee_ids: Iterable[int]) -> list[Employee]:
    return list(
        Employee.objects.filter(pk__in=list(employee_ids), is_active=True).select_related("user").order_by("pk")
    )


def _not_applied(programme: Programme) -> list[Due]:
    applied = MentorApplication.objects.filter(programme=programme).values("employee")
    invited = Invitation.objects.filter(programme=programme, role=Role.MENTOR).exclude(employee__in=applied)
    path = reverse("enrolment:application-create", args=[programme.pk])
    return [Due(person, Kind.APPLY, path) for person in _active(invited.values_list("employee_id", flat=True))]


def _not_recommended(programme: Programme) -> list[Due]:
    submitted = Recommendation.objects.filter(application=OuterRef("pk"), submitted__isnull=False)
    applications = MentorApplication.objects.filter(
        programme=programme, status=ApplicationStatus.APPLIED, employee__is_active=True
    ).exclude(Exists(submitted))
    return [
        Due(a.employee, Kind.RECOMMENDATION, reverse("enrolment:application-detail", args=[a.pk]))
        for a in applications.select_related("employee__user").order_by("employee_id")
    ]


def _not_trained(programme: Programme) -> list[Due]:
    role = Participation.objects.filter(programme=programme, employee=OuterRef("employee"), role=Role.MENTOR)
    applications = (
        MentorApplication.objects.filter(
            programme=programme, status=ApplicationStatus.ACCEPTED, trained__isnull=True, employee__is_active=True
        )
        .filter(Exists(role))
        .annotate(n_passed=Count("training_progress"))
    )
    total = TrainingModule.objects.filter(programme=programme).count()
    path = reverse("enrolment:training", args=[programme.pk])
    return [
        Due(a.employee, Kind.TRAINING, path, passed=a.n_passed, total=total)
        for a in applications.select_related("employee__user").order_by("employee_id")
    ]


def _no_intake(programme: Programme) -> list[Due]:
    done = MenteeIntake.objects.filter(programme=programme).values("employee")
    invited = Invitation.objects.filter(programme=programme, role=Role.MENTEE).values_list("employee_id", flat=True)
    added = programme.participations.filter(role=Role.MENTEE).values_list("employee_id", flat=True)
    people = Employee.objects.filter(Q(pk__in=invited) | Q(pk__in=added)).exclude(pk__in=done)
    path = reverse("enrolment:intake-edit", args=[programme.pk])
    return [Due(person, Kind.INTAKE, path) for person in _active(people.values_list("pk", flat=True))]


def waiting(programme: Programme, *, today: dt.date | None = None) -> list[Due]:
    """Everyone who has not finished their part, whatever the deadlines; none when enrolment was never opened."""
    enrolment = Enrolment.objects.filter(programme=programme).first()
    if enrolment is None:
        return []
    today = today or timezone.localdate()
    found = [*_not_recommended(programme), *_not_trained(programme)]
    if enrolment.accepts(Role.MENTOR, today):
        found += _not_applied(programme)
    if enrolment.accepts(Role.MENTEE, today):
        found += _no_intake(programme)
    return found


def due_kinds(enrolment: Enrolment, today: dt.date) -> set[str]:
    """The kinds the daily task reminds of today: those whose deadline is at most LEAD_DAYS away, or passed."""
    lead = dt.timedelta(days=LEAD_DAYS)
    kinds: set[str] = set()
    if enrolment.mentor_deadline is not None and today >= enrolment.mentor_deadline - lead:
        kinds |= set(MENTOR_KINDS)
    if enrolment.mentee_deadline is not None and today >= enrolment.mentee_deadline - lead:
        kinds.add(Kind.INTAKE)
    return kinds


def _reminded_enough(programme: Programme, now: dt.datetime) -> set[tuple[int, str]]:
    """(employee, kind) pairs reminded within GAP, or MOST times already."""
    rows = Reminder.objects.filter(programme=programme).values("employee_id", "kind")
    recent = {(r["employee_id"], r["kind"]) for r in rows.filter(sent__gt=now - GAP)}
    often = rows.annotate(n=Count("id")).filter(n__gte=MOST)
    return recent | {(r["employee_id"], r["kind"]) for r in often}


def _deadline(enrolment: Enrolment, kind: str) -> dt.date | None:
    return enrolment.mentee_deadline if kind == Kind.INTAKE else enrolment.mentor_deadline


def _email(due: Due, programme: Programme, enrolment: Enrolment) -> EmailMultiAlternatives:
    language = language_of(due.employee)
    deadline = _deadline(enrolment, due.kind)
    with translation.override(language):
        deadline_text = formats.date_format(deadline, "j F Y") if deadline else ""
    context = {
        "employee": due.employee,
        "programme": programme,
        "kind": due.kind,
        "deadline": deadline_text,
        "passed": due.passed,
        "total": due.total,
        "url": emails.absolute_url(due.path),
    }
    return emails.build("enrolment-reminder", to=due.employee.email, context=context, language=language)


@transaction.atomic
def send_reminders(
    *, programme: Programme, actor: User | None = None, only_due: bool = False, now: dt.datetime | None = None
) -> Counter[str]:
    """Remind whoever has not finished, record each reminder, and email them once this commits.

    `only_due` (the daily task): only kinds whose deadline is near or passed. Returns the count per kind.
    """
    enrolment = Enrolment.objects.select_for_update().filter(programme=programme).first()
    if enrolment is None:
        return Counter()
    now = now or timezone.now()
    today = timezone.localdate(now)
    kinds = due_kinds(enrolment, today) if only_due else set(Kind.values)
    skip = _reminded_enough(programme, now)
    people = [d for d in waiting(programme, today=today) if d.kind in kinds and (d.employee.pk, d.kind) not in skip]
    Reminder.objects.bulk_create(
        Reminder(programme=programme, employee=d.employee, kind=d.kind, sent=now, sent_by=actor) for d in people
    )
    emails.send_on_commit([_email(due, programme, enrolment) for due in people])
    counts = Counter(due.kind for due in people)
    if people:
        audit(
            actor=actor,
            action="reminders.send",
            target=enrolment,
            summary=f"{len(people)} reminders",
            data=dict(sorted(counts.items())),
        )
    return counts


def send_due_reminders(*, now: dt.datetime | None = None) -> Counter[str]:
    """The daily run: every announced programme's due reminders, each programme in its own transaction."""
    total: Counter[str] = Counter()
    for programme in Programme.objects.filter(enrolment__isnull=False).order_by("pk"):
        total += send_reminders(programme=programme, only_due=True, now=now)
    return total


def queue_reminders(*, programme: Programme, actor: User) -> None:
    """Send the programme's reminders now, in the background (a Celery task, run at once without a broker)."""
    transaction.on_commit(lambda: send_reminders_task.delay(programme.pk, actor.pk))


@shared_task(name="omkeer.enrolment.tasks.send_reminders")
def send_reminders_task(programme_id: int, actor_id: int | None = None) -> int:
    """The admin's "send reminders now": every kind, whatever the deadlines. Returns how many went out."""
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return sum(send_reminders(programme=programme, actor=actor).values())


@shared_task(name="omkeer.enrolment.tasks.send_due_reminders")
def send_due_reminders_task() -> int:
    """The daily run (Celery beat or `omkeer remind`): reminders whose deadline is near or passed."""
    counts = send_due_reminders()
    log.info("sent %s reminders", sum(counts.values()))
    return sum(counts.values())
