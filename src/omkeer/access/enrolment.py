"""Enrolment: who reads a programme's page, who sees or changes a mentor application or an intake, whose
recommendation link it is, and who follows or edits the mentor training.

Applications and intakes are seen by their employee and by the programme's admins (`visible_to`); anything else
is a 404, so its existence does not leak. Within that scope the employee acts on their own application and the
admin decides on it; the other gets a 403.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user, manages
from omkeer.enrolment.models import (
    ApplicationStatus,
    FaqEntry,
    MenteeIntake,
    MentorApplication,
    Recommendation,
    TrainingModule,
    TrainingQuestion,
    programmes_open_to,
)
from omkeer.programmes.models import Programme

ApplicationAccess = Literal["see", "act", "edit", "manage"]


def get_open_programme_for_user(request: AuthenticatedHttpRequest, pk: int) -> Programme:
    """A programme whose page the user may read (announced, or they take part); 404 for any other."""
    return get_object_or_404(programmes_open_to(request.user), pk=pk)


def get_application_for_user(
    request: AuthenticatedHttpRequest, pk: int, *, to: ApplicationAccess = "see"
) -> MentorApplication:
    """The user's own application, or one in a programme they administer (404 for any other), with its employee
    and programme. `to="act"`: only the applicant's own (403 for the admin, who may only read it); `to="edit"`:
    the applicant's own while it is still editable (403 otherwise); `to="manage"`: only the programme's admin,
    who decides on it (403 for the applicant)."""
    applications = MentorApplication.objects.visible_to(request.user).select_related("employee", "programme")
    application = get_object_or_404(applications, pk=pk)
    if to in ("act", "edit") and application.employee_id != request.user.employee_id:
        raise PermissionDenied
    if to == "edit" and not application.is_editable:
        raise PermissionDenied
    if to == "manage" and not manages(request.user, application.programme_id):
        raise PermissionDenied
    return application


def get_intake_for_user(request: AuthenticatedHttpRequest, pk: int) -> MenteeIntake:
    """The user's own intake, or one in a programme they administer, with its employee and programme; 404 for
    any other."""
    intakes = MenteeIntake.objects.visible_to(request.user).select_related("employee", "programme")
    return get_object_or_404(intakes, pk=pk)


class UnusableLink(Exception):
    """A recommendation link the user cannot use now; `code` is 'not-yours' (a 403 page), 'used' or 'expired'
    (410 pages). The view shows the page for `code`, which needs the recommendation."""

    def __init__(self, recommendation: Recommendation, code: str) -> None:
        super().__init__(code)
        self.recommendation = recommendation
        self.code = code


def get_recommendation_for_user(request: AuthenticatedHttpRequest, token: UUID) -> Recommendation:
    """The recommendation behind a link, with its application's employee and programme: 404 for an unknown
    token; `UnusableLink` when it was sent to someone else, is already written, or has expired."""
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("application__employee", "application__programme"), token=token
    )
    problem = recommendation.problem_for(request.user.employee, timezone.now())
    if problem is not None:
        raise UnusableLink(recommendation, problem)
    return recommendation


def get_training_for_user(request: AuthenticatedHttpRequest, pk: int) -> tuple[Programme, MentorApplication | None]:
    """The programme (whose page the user may read) and the user's accepted application in it, for the mentor's
    training. Without an application: `None` for the programme's admin (who edits the training instead), 404 for
    anyone else; 403 while the application is not accepted."""
    programme = get_open_programme_for_user(request, pk)
    employee_id = request.user.employee_id
    application = (
        MentorApplication.objects.filter(programme=programme, employee_id=employee_id).first() if employee_id else None
    )
    if application is None:
        if manages(request.user, programme):
            return programme, None
        raise Http404
    if application.status != ApplicationStatus.ACCEPTED:
        raise PermissionDenied
    return programme, application


def get_training_module_for_user(request: AuthenticatedHttpRequest, pk: int, module_pk: int) -> TrainingModule:
    """A training module of a programme the user administers, to edit: 404 out of scope, 403 for a participant
    of the programme who does not administer it (as `get_programme_for_user(..., to="manage")`)."""
    programme = get_programme_for_user(request, pk, to="manage")
    return get_object_or_404(
        TrainingModule.objects.filter(programme=programme).select_related("programme"), pk=module_pk
    )


def get_training_question_for_user(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> TrainingQuestion:
    """A question of a training module of a programme the user administers, to edit: 404 out of scope, 403 for a
    participant who does not administer it."""
    programme = get_programme_for_user(request, pk, to="manage")
    questions = TrainingQuestion.objects.filter(module__programme=programme).select_related("module")
    return get_object_or_404(questions, pk=question_pk)


def get_faq_for_user(request: AuthenticatedHttpRequest, pk: int, faq_pk: int) -> FaqEntry:
    """A question of the FAQ of a programme the user administers, to edit: 404 out of scope, 403 for a
    participant who does not administer it."""
    programme = get_programme_for_user(request, pk, to="manage")
    return get_object_or_404(FaqEntry.objects.filter(programme=programme).select_related("programme"), pk=faq_pk)
