"""Verbs of enrolment: announce and open a programme, invite, apply, recommend, decide, take the intake, wait.

Each verb runs in one transaction and writes its audit entry inside it. Emails are rendered inside it and sent
once it commits: a change that is refused or rolled back sends nothing, and a failure to send is logged without
undoing the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.enrolment.models import (
    CAPACITY_MAX,
    CAPACITY_MIN,
    FAMILIARITY_AREAS,
    IMPORTANCE_MAX,
    IMPORTANCE_MIN,
    RECOMMENDATION_DAYS,
    SCORE_MAX,
    SCORE_MIN,
    ApplicationStatus,
    Enrolment,
    InterestRegistration,
    Invitation,
    MenteeIntake,
    MentorApplication,
    Recommendation,
    minimum_hours_message,
)
from omkeer.enrolment.training import set_up_training
from omkeer.lib import emails
from omkeer.lib.notices import language_of
from omkeer.people.models import PROFICIENCY_MAX, PROFICIENCY_MIN, Employee, Interest, Skill
from omkeer.programmes.models import Kpi, Participation, Programme, Role
from omkeer.programmes.services import add_participant

TEXT_FIELDS = ("trustworthiness", "discretion", "explaining")


class LinkUnusable(Exception):
    """A recommendation link that cannot be used: `code` is 'not-yours', 'used' or 'expired'."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class InviteResult:
    invited: int
    skipped: int


# --- helpers ---------------------------------------------------------------------------------------------------


def _employee_of(actor: User) -> Employee:
    if actor.employee is None:
        raise ValidationError(_("Your account is not linked to an employee."))
    return actor.employee


def _enrolment_of(programme: Programme) -> Enrolment | None:
    return Enrolment.objects.filter(programme=programme).first()


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def _has_role(programme: Programme, employee: Employee, role: str) -> bool:
    return Participation.objects.filter(programme=programme, employee=employee, role=role).exists()


def role_conflict(programme: Programme, employee: Employee, role: str) -> bool:
    """True when the employee is already on the other side (mentor vs mentee) of this programme."""
    other = Role.MENTEE if role == Role.MENTOR else Role.MENTOR
    if _has_role(programme, employee, other):
        return True
    if Invitation.objects.filter(programme=programme, employee=employee, role=other).exists():
        return True
    if role == Role.MENTOR:
        return MenteeIntake.objects.filter(programme=programme, employee=employee).exists()
    applications = MentorApplication.objects.filter(programme=programme, employee=employee)
    return applications.exclude(status=ApplicationStatus.DECLINED).exists()


def is_eligible(programme: Programme, employee: Employee, role: str) -> bool:
    """Invited for `role`, or already holding it: only they may apply (mentor) or complete the intake (mentee)."""
    invited = Invitation.objects.filter(programme=programme, employee=employee, role=role).exists()
    return invited or _has_role(programme, employee, role)


def _check_scores(
    values: Mapping[str, Any], *, allowed: Iterable[str], low: int, high: int, field: str, required: bool = False
) -> None:
    allowed = set(allowed)
    for key, value in values.items():
        if key not in allowed:
            raise ValidationError({field: _("“%(key)s” is not part of this programme.") % {"key": key}})
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValidationError(
                {
                    field: _("Give %(key)s a whole number from %(low)s to %(high)s.")
                    % {"key": key, "low": low, "high": high}
                }
            )
    if required and set(values) != allowed:
        raise ValidationError({field: _("Answer every item.")})


def _topic_keys(programme: Programme) -> list[str]:
    return list(programme.topics.values_list("name", flat=True))


# --- announce, open, close -------------------------------------------------------------------------------------


@transaction.atomic
def open_enrolment(
    *, actor: User, programme: Programme, mentor_deadline: dt.date | None, mentee_deadline: dt.date | None
) -> Enrolment:
    """Announce the programme to every employee and open it for applications and intakes, with deadlines.

    A programme without a mentor training gets the default modules now, ready for the admin to adapt."""
    for field, deadline in (("mentor_deadline", mentor_deadline), ("mentee_deadline", mentee_deadline)):
        if deadline is not None and deadline > programme.start_date:
            message = _("The deadline must be on or before the start of the programme (%(date)s).")
            raise ValidationError({field: message % {"date": _date(programme.start_date)}})
    enrolment, created = Enrolment.objects.update_or_create(
        programme=programme,
        defaults={"is_open": True, "mentor_deadline": mentor_deadline, "mentee_deadline": mentee_deadline},
    )
    set_up_training(programme=programme, actor=actor)
    deadlines = {"mentor_deadline": str(mentor_deadline or ""), "mentee_deadline": str(mentee_deadline or "")}
    audit(actor=actor, action="enrolment.open", target=enrolment, summary=programme.name, data=deadlines)
    return enrolment


@transaction.atomic
def close_enrolment(*, actor: User, programme: Programme) -> Enrolment:
    """Stop accepting applications and intakes. The programme page stays up, with its waiting list."""
    enrolment = _enrolment_of(programme)
    if enrolment is None or not enrolment.is_open:
        raise ValidationError(_("Enrolment is not open."))
    enrolment.is_open = False
    enrolment.save(update_fields=["is_open"])
    audit(actor=actor, action="enrolment.close", target=enrolment, summary=programme.name)
    return enrolment


# --- invitations and the waiting list --------------------------------------------------------------------------


def _form_path(programme: Programme, role: str) -> str:
    name = "enrolment:application-create" if role == Role.MENTOR else "enrolment:intake-edit"
    return reverse(name, args=[programme.pk])


def _invitation_email(invitation: Invitation, enrolment: Enrolment) -> EmailMultiAlternatives:
    programme, employee = invitation.programme, invitation.employee
    language = language_of(employee)
    with translation.override(language):
        deadline = _date(enrolment.deadline_for(invitation.role))
    context = {
        "employee": employee,
        "programme": programme,
        "is_mentor": invitation.role == Role.MENTOR,
        "deadline": deadline,
        "form_url": emails.absolute_url(_form_path(programme, invitation.role)),
        "info_url": emails.absolute_url(reverse("enrolment:programme-info", args=[programme.pk])),
    }
    return emails.build("enrolment-invitation", to=employee.email, context=context, language=language)


def invitable(*, programme: Programme, role: str, people: list[Employee]) -> list[Employee]:
    """Who of `people` an invitation for `role` would reach: active, not invited yet, not on the other side."""
    other = Role.MENTEE if role == Role.MENTOR else Role.MENTOR
    excluded = set(Invitation.objects.filter(programme=programme).values_list("employee_id", flat=True))
    excluded |= set(programme.participations.filter(role=other).values_list("employee_id", flat=True))
    if role == Role.MENTEE:
        decided = MentorApplication.objects.filter(programme=programme).exclude(status=ApplicationStatus.DECLINED)
        excluded |= set(decided.values_list("employee_id", flat=True))
    else:
        excluded |= set(MenteeIntake.objects.filter(programme=programme).values_list("employee_id", flat=True))
    return [person for person in people if person.is_active and person.pk not in excluded]


@transaction.atomic
def invite(*, actor: User, programme: Programme, role: str, employees: QuerySet[Employee]) -> InviteResult:
    """Invite employees to apply as mentor or to complete the mentee intake; each gets an email with the link.

    Skipped: inactive people, people invited before, and people already on the other side of this programme.
    """
    enrolment = _enrolment_of(programme)
    if enrolment is None or not enrolment.is_open:
        raise ValidationError(_("Open enrolment before inviting people."))
    if role not in (Role.MENTOR, Role.MENTEE):
        raise ValidationError({"role": _("Invite people as mentor or as mentee.")})
    people = list(employees.select_related("user").order_by("pk"))
    candidates = invitable(programme=programme, role=role, people=people)
    invitations = Invitation.objects.bulk_create(
        [Invitation(programme=programme, employee=person, role=role, invited_by=actor) for person in candidates]
    )
    emails.send_on_commit([_invitation_email(invitation, enrolment) for invitation in invitations])
    audit(
        actor=actor,
        action="enrolment.invite",
        target=programme,
        summary=f"{len(invitations)} {role}",
        data={"role": role, "employees": [person.employee_id for person in candidates]},
    )
    return InviteResult(invited=len(invitations), skipped=len(people) - len(candidates))


@transaction.atomic
def register_interest(*, actor: User, programme: Programme, role: str) -> InterestRegistration:
    """Put the actor on the programme's waiting list, as a future mentor or mentee."""
    employee = _employee_of(actor)
    if role not in (Role.MENTOR, Role.MENTEE):
        raise ValidationError({"role": _("Choose mentor or mentee.")})
    if programme.participations.filter(employee=employee, role__in=[Role.MENTOR, Role.MENTEE]).exists():
        raise ValidationError(_("You already take part in this programme."))
    if Invitation.objects.filter(programme=programme, employee=employee).exists():
        raise ValidationError(_("You are already invited: use the link in your invitation, or the button below."))
    if InterestRegistration.objects.filter(programme=programme, employee=employee).exists():
        raise ValidationError(_("You are already on the waiting list."))
    registration = InterestRegistration.objects.create(programme=programme, employee=employee, role=role)
    audit(actor=actor, action="enrolment.register-interest", target=registration, summary=role)
    return registration


# --- mentor applications ---------------------------------------------------------------------------------------


def _check_application(programme: Programme, application: MentorApplication) -> None:
    _check_scores(
        application.skills,
        allowed=_topic_keys(programme),
        low=PROFICIENCY_MIN,
        high=PROFICIENCY_MAX,
        field="skills",
        required=True,
    )
    _check_scores(
        application.wants,
        allowed=Skill.objects.values_list("name", flat=True),
        low=IMPORTANCE_MIN,
        high=IMPORTANCE_MAX,
        field="wants",
    )
    if not CAPACITY_MIN <= application.capacity <= CAPACITY_MAX:
        message = _("Take %(low)s to %(high)s mentees.") % {"low": CAPACITY_MIN, "high": CAPACITY_MAX}
        raise ValidationError({"capacity": message})
    application.full_clean(exclude=["programme", "employee", "interests"])


@transaction.atomic
def apply_as_mentor(
    *, actor: User, programme: Programme, answers: dict[str, Any], interests: list[Interest], pledge: bool
) -> MentorApplication:
    """Submit the actor's mentor application: skills per topic, what they could teach, capacity, the pledge."""
    employee = _employee_of(actor)
    enrolment = _enrolment_of(programme)
    if not is_eligible(programme, employee, Role.MENTOR):
        raise ValidationError(_("Only invited employees can apply. Register your interest and HR will invite you."))
    if MentorApplication.objects.filter(programme=programme, employee=employee).exists():
        raise ValidationError(_("You have already applied; change your application instead."))
    if enrolment is None or not enrolment.accepts(Role.MENTOR, timezone.localdate()):
        raise ValidationError(_("Applications for mentors are closed."))
    if role_conflict(programme, employee, Role.MENTOR):
        raise ValidationError(_("You take part in this programme as mentee; one person cannot be both."))
    if not pledge:
        raise ValidationError({"pledge": _("Accept the confidentiality pledge to apply.")})
    application = MentorApplication(programme=programme, employee=employee, pledged=timezone.now(), **answers)
    _check_application(programme, application)
    application.save()
    application.interests.set(interests)
    audit(actor=actor, action="application.submit", target=application, summary=employee.employee_id)
    return application


@transaction.atomic
def update_application(
    *, actor: User, application: MentorApplication, answers: dict[str, Any], interests: list[Interest]
) -> None:
    """Change one's own application; possible until it is decided."""
    if application.employee_id != actor.employee_id:
        raise PermissionDenied
    if not application.is_editable:
        raise ValidationError(_("This application has been decided and can no longer be changed."))
    changed = [name for name, value in answers.items() if getattr(application, name) != value]
    for name, value in answers.items():
        setattr(application, name, value)
    _check_application(application.programme, application)
    application.save(update_fields=[*changed, "updated"])
    application.interests.set(interests)
    audit(actor=actor, action="application.update", target=application, data={"fields": sorted(changed)})


def _recommendation_email(recommendation: Recommendation) -> EmailMultiAlternatives:
    colleague, applicant = recommendation.colleague, recommendation.application.employee
    language = language_of(colleague)
    with translation.override(language):
        expires = formats.date_format(timezone.localtime(recommendation.expires), "j F Y")
    context = {
        "colleague": colleague,
        "applicant": applicant,
        "programme": recommendation.application.programme,
        "expires": expires,
        "url": emails.absolute_url(reverse("enrolment:recommendation-submit", args=[recommendation.token])),
    }
    return emails.build("enrolment-recommendation", to=colleague.email, context=context, language=language)


@transaction.atomic
def request_recommendation(*, actor: User, application: MentorApplication, colleague: Employee) -> Recommendation:
    """Ask a colleague for a recommendation: they get an email with a personal link, valid for 14 days."""
    if application.employee_id != actor.employee_id:
        raise PermissionDenied
    if not application.is_editable:
        raise ValidationError(_("This application has been decided; no more recommendations are needed."))
    if colleague.pk == application.employee_id:
        raise ValidationError({"colleague": _("Ask a colleague, not yourself.")})
    name = {"name": colleague.full_name}
    if not colleague.is_active:
        raise ValidationError({"colleague": _("%(name)s no longer works here.") % name})
    if not User.objects.filter(employee=colleague, is_active=True).exists():
        message = _("%(name)s has no Omkeer login yet, so they cannot write a recommendation.")
        raise ValidationError({"colleague": message % name})
    now = timezone.now()
    recommendation = application.recommendations.filter(colleague=colleague).first()
    if recommendation is not None and recommendation.submitted is not None:
        raise ValidationError({"colleague": _("%(name)s has already recommended you.") % name})
    if recommendation is not None and recommendation.expires > now:
        raise ValidationError({"colleague": _("You already asked %(name)s; their link is still valid.") % name})
    expires = now + dt.timedelta(days=RECOMMENDATION_DAYS)
    if recommendation is None:
        recommendation = Recommendation.objects.create(
            application=application, colleague=colleague, requested=now, expires=expires
        )
    else:  # an expired request: a fresh link, the old one stops working
        recommendation.token, recommendation.requested, recommendation.expires = Recommendation().token, now, expires
        recommendation.save(update_fields=["token", "requested", "expires"])
    emails.send_on_commit([_recommendation_email(recommendation)])
    audit(actor=actor, action="recommendation.request", target=recommendation, summary=colleague.employee_id)
    return recommendation


@transaction.atomic
def submit_recommendation(*, actor: User, recommendation: Recommendation, answers: dict[str, str]) -> None:
    """Write the recommendation, once, through one's own link before it expires (LinkUnusable otherwise)."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    problem = recommendation.problem_for(actor.employee, timezone.now())
    if problem is not None:
        raise LinkUnusable(problem)
    for name in TEXT_FIELDS:
        if not answers.get(name, "").strip():
            raise ValidationError({name: _("This field is required.")})
        setattr(recommendation, name, answers[name].strip())
    recommendation.submitted = timezone.now()
    recommendation.save(update_fields=[*TEXT_FIELDS, "submitted"])
    audit(actor=actor, action="recommendation.submit", target=recommendation)


def _decision_email(application: MentorApplication) -> EmailMultiAlternatives:
    context = {
        "employee": application.employee,
        "programme": application.programme,
        "accepted": application.status == ApplicationStatus.ACCEPTED,
        "reason": application.decision_reason,
        "url": emails.absolute_url(reverse("enrolment:application-detail", args=[application.pk])),
        "training_url": emails.absolute_url(reverse("enrolment:training", args=[application.programme_id])),
    }
    language = language_of(application.employee)
    return emails.build("enrolment-decision", to=application.employee.email, context=context, language=language)


@transaction.atomic
def decide_application(*, actor: User, application: MentorApplication, accept: bool, reason: str) -> None:
    """Accept (the applicant becomes a mentor of the programme) or decline with a reason the applicant sees."""
    application = (
        MentorApplication.objects.select_for_update().select_related("employee", "programme").get(pk=application.pk)
    )
    if application.status != ApplicationStatus.APPLIED:
        raise ValidationError(_("This application has already been decided."))
    reason = reason.strip()
    if accept:
        if not application.recommendations.filter(submitted__isnull=False).exists():
            raise ValidationError(_("Wait for at least one colleague's recommendation before accepting."))
        if not _has_role(application.programme, application.employee, Role.MENTOR):
            add_participant(
                actor=actor, programme=application.programme, employee=application.employee, role=Role.MENTOR
            )
    elif not reason:
        raise ValidationError({"reason": _("Give a reason: the applicant will see it.")})
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    application.decided, application.decided_by, application.decision_reason = timezone.now(), actor, reason
    application.save(update_fields=["status", "decided", "decided_by", "decision_reason", "updated"])
    emails.send_on_commit([_decision_email(application)])
    action = "application.accept" if accept else "application.decline"
    audit(
        actor=actor,
        action=action,
        target=application,
        summary=application.employee.employee_id,
        data={"reason": reason},
    )


# --- mentee intake ---------------------------------------------------------------------------------------------


def _check_intake(programme: Programme, intake: MenteeIntake) -> None:
    topics = _topic_keys(programme)
    _check_scores(intake.wants, allowed=topics, low=IMPORTANCE_MIN, high=IMPORTANCE_MAX, field="wants")
    if not intake.wants:
        raise ValidationError({"wants": _("Choose at least one skill you want to learn, and how important it is.")})
    _check_scores(
        intake.skill_scores, allowed=topics, low=SCORE_MIN, high=SCORE_MAX, field="skill_scores", required=True
    )
    kpis = [str(pk) for pk in Kpi.objects.filter(goal__programme=programme).values_list("pk", flat=True)]
    _check_scores(intake.kpi_scores, allowed=kpis, low=SCORE_MIN, high=SCORE_MAX, field="kpi_scores")
    _check_scores(
        intake.familiarity, allowed=FAMILIARITY_AREAS, low=SCORE_MIN, high=SCORE_MAX, field="familiarity", required=True
    )
    minimum = programme.min_mentee_hours_per_week
    if intake.hours_per_week is None or Decimal(intake.hours_per_week) < minimum:
        raise ValidationError({"hours_per_week": minimum_hours_message(minimum)})
    intake.full_clean(exclude=["programme", "employee"])


@transaction.atomic
def submit_intake(*, actor: User, programme: Programme, answers: dict[str, Any]) -> MenteeIntake:
    """Submit or change the actor's mentee intake; the first submission makes them a mentee of the programme.

    Refused below the programme's minimum hours per week.
    """
    employee = _employee_of(actor)
    if not is_eligible(programme, employee, Role.MENTEE):
        raise ValidationError(
            _("The intake is for invited senior leaders. Register your interest and HR will invite you.")
        )
    if role_conflict(programme, employee, Role.MENTEE):
        raise ValidationError(_("You take part in this programme as mentor; one person cannot be both."))
    intake = MenteeIntake.objects.filter(programme=programme, employee=employee).first()
    if intake is None:
        enrolment = _enrolment_of(programme)
        if enrolment is None or not enrolment.accepts(Role.MENTEE, timezone.localdate()):
            raise ValidationError(_("The intake for mentees is closed."))
        intake = MenteeIntake(programme=programme, employee=employee)
    is_new = intake.pk is None
    for name, value in answers.items():
        setattr(intake, name, value)
    _check_intake(programme, intake)
    intake.save()
    if not _has_role(programme, employee, Role.MENTEE):
        add_participant(actor=actor, programme=programme, employee=employee, role=Role.MENTEE)
    action = "intake.submit" if is_new else "intake.update"
    audit(
        actor=actor,
        action=action,
        target=intake,
        summary=employee.employee_id,
        data={"hours": str(intake.hours_per_week)},
    )
    return intake
