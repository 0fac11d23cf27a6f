"""The enrolment funnel per role: how many people got at least as far as each stage, and who is waiting where.

Mentors: invited → applied → recommended → accepted → trained → ready to match.
Mentees: invited → intake completed → ready to match.
"Ready to match" means: still an active employee who holds the role in the programme (and, for mentors,
accepted and trained). Declined applicants count for the stages they reached and are shown apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from omkeer.enrolment.models import (
    ApplicationStatus,
    Invitation,
    MenteeIntake,
    MentorApplication,
    Recommendation,
)
from omkeer.programmes.models import Participation, Programme, Role

MENTOR_STAGES: list[tuple[str, Promise]] = [
    ("invited", _("Invited")),
    ("applied", _("Applied")),
    ("recommended", _("Recommended")),
    ("accepted", _("Accepted")),
    ("trained", _("Trained")),
    ("ready", _("Ready to match")),
]
MENTEE_STAGES: list[tuple[str, Promise]] = [
    ("invited", _("Invited")),
    ("intake", _("Intake completed")),
    ("ready", _("Ready to match")),
]
STAGE_LABELS = {**dict(MENTOR_STAGES), **dict(MENTEE_STAGES), "declined": _("Declined")}


@dataclass(frozen=True)
class Stage:
    key: str
    label: Promise
    reached: int  # people who got at least this far (declined ones included)
    waiting: int  # people whose furthest stage is this one, not declined
    share: float  # reached / reached at the first stage, for the bar's width


@dataclass(frozen=True)
class Funnel:
    role: str
    stages: list[Stage]
    declined: int

    @property
    def total(self) -> int:
        return self.stages[0].reached if self.stages else 0


def build_funnel(role: str, stages: Sequence[tuple[str, Promise]], people: Iterable[tuple[int, bool]]) -> Funnel:
    """Count (furthest stage index, declined) pairs into a funnel. Pure: no database."""
    reached = [0] * len(stages)
    waiting = [0] * len(stages)
    declined = 0
    for index, is_declined in people:
        for k in range(index + 1):
            reached[k] += 1
        if is_declined:
            declined += 1
        else:
            waiting[index] += 1
    top = reached[0] or 1
    return Funnel(
        role=role,
        stages=[
            Stage(key=key, label=label, reached=reached[i], waiting=waiting[i], share=reached[i] / top)
            for i, (key, label) in enumerate(stages)
        ],
        declined=declined,
    )


def with_progress(applications: QuerySet[MentorApplication]) -> QuerySet[MentorApplication]:
    """Annotate `is_recommended` (a recommendation was submitted) and `is_participant` (holds the mentor role)."""
    submitted = Recommendation.objects.filter(application=OuterRef("pk"), submitted__isnull=False)
    mentor_role = Participation.objects.filter(
        programme=OuterRef("programme"), employee=OuterRef("employee"), role=Role.MENTOR
    )
    return applications.annotate(is_recommended=Exists(submitted), is_participant=Exists(mentor_role))


def mentor_stage_index(application: MentorApplication) -> int:
    """Furthest funnel stage of an application annotated by `with_progress` (1 applied … 5 ready to match)."""
    index = 1
    if application.is_recommended:  # type: ignore[attr-defined]
        index = 2
    if application.status == ApplicationStatus.ACCEPTED:
        index = 3
        if application.trained is not None:
            index = 4
            if application.is_participant and application.employee.is_active:  # type: ignore[attr-defined]
                index = 5
    return index


def mentor_stage(application: MentorApplication) -> str:
    """The stage key to show beside an application annotated by `with_progress`."""
    if application.status == ApplicationStatus.DECLINED:
        return "declined"
    return MENTOR_STAGES[mentor_stage_index(application)][0]


def mentor_funnel(programme: Programme) -> Funnel:
    applications = with_progress(MentorApplication.objects.filter(programme=programme).select_related("employee"))
    people = [(mentor_stage_index(a), a.status == ApplicationStatus.DECLINED) for a in applications]
    invited_only = (
        Invitation.objects.filter(programme=programme, role=Role.MENTOR)
        .exclude(employee__in=MentorApplication.objects.filter(programme=programme).values("employee"))
        .count()
    )
    return build_funnel(Role.MENTOR, MENTOR_STAGES, [*people, *[(0, False)] * invited_only])


def mentee_funnel(programme: Programme) -> Funnel:
    mentee_role = Participation.objects.filter(
        programme=OuterRef("programme"), employee=OuterRef("employee"), role=Role.MENTEE
    )
    intakes = MenteeIntake.objects.filter(programme=programme).annotate(is_participant=Exists(mentee_role))
    rows = intakes.values_list("is_participant", "employee__is_active")
    people = [(2 if participant and active else 1, False) for participant, active in rows]
    invited_only = (
        Invitation.objects.filter(programme=programme, role=Role.MENTEE)
        .exclude(employee__in=MenteeIntake.objects.filter(programme=programme).values("employee"))
        .count()
    )
    return build_funnel(Role.MENTEE, MENTEE_STAGES, [*people, *[(0, False)] * invited_only])
