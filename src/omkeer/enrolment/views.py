"""Enrolment pages: the programme page for everyone, the mentor application, the colleague's recommendation,
the senior's intake, and the admin's invitations, applications, funnel and waiting list."""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.forms import Form, model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.enrolment import pagetexts, reminders, services, training
from omkeer.enrolment.forms import (
    AcceptForm,
    DeclineForm,
    EnrolmentForm,
    FaqForm,
    InterestForm,
    InviteForm,
    MenteeIntakeForm,
    MentorApplicationForm,
    MoveForm,
    PageTextsForm,
    RecommendationForm,
    RecommendationRequestForm,
    TrainingCheckForm,
    TrainingModuleForm,
    TrainingQuestionForm,
)
from omkeer.enrolment.funnel import STAGE_LABELS, mentee_funnel, mentor_funnel, mentor_stage, with_progress
from omkeer.enrolment.models import (
    FAMILIARITY_AREAS,
    IMPORTANCE_LABELS,
    ApplicationStatus,
    Enrolment,
    FaqEntry,
    InterestRegistration,
    Invitation,
    MenteeIntake,
    MentorApplication,
    Recommendation,
    ReminderKind,
    TrainingModule,
    TrainingProgress,
    TrainingQuestion,
    hours_phrase,
    programmes_open_to,
)
from omkeer.people.models import PROFICIENCY_LABELS, Employee, Skill
from omkeer.programmes.models import Kpi, Participation, Programme, Role
from omkeer.programmes.views import get_managed_programme


def get_open_programme(request: HttpRequest, pk: int) -> Programme:
    """A programme whose page the user may read (announced, or they take part); 404 for any other."""
    return get_object_or_404(programmes_open_to(request.user), pk=pk)


def get_application_for_user(request: HttpRequest, pk: int) -> MentorApplication:
    """The user's own application, or one in a programme they administer; 404 for any other."""
    applications = MentorApplication.objects.visible_to(request.user).select_related("employee", "programme")
    return get_object_or_404(applications, pk=pk)


def get_own_application(request: HttpRequest, pk: int) -> MentorApplication:
    """An application the user may change: 404 out of scope, 403 for the admin who may only read it."""
    application = get_application_for_user(request, pk)
    if application.employee_id != request.user.employee_id:
        raise PermissionDenied
    return application


def get_managed_application(request: HttpRequest, pk: int) -> MentorApplication:
    """An application the user decides on: 404 out of scope, 403 for the applicant."""
    application = get_application_for_user(request, pk)
    if not Programme.objects.managed_by(request.user).filter(pk=application.programme_id).exists():
        raise PermissionDenied
    return application


def _errors(form: Form) -> str:
    """Form errors as one line, each naming its field."""
    return "; ".join(
        f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
    )


def _no_employee(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("Your account is not linked to an employee, so you cannot enrol."))
    return redirect("home")


def _my_state(programme: Programme, employee: Employee | None) -> dict[str, Any]:
    if employee is None:
        return {}
    application = MentorApplication.objects.filter(programme=programme, employee=employee).first()
    accepted = application if application and application.status == ApplicationStatus.ACCEPTED else None
    return {
        "invitation": Invitation.objects.filter(programme=programme, employee=employee).first(),
        "application": application,
        "training_progress": training.progress_of(accepted) if accepted else None,
        "intake": MenteeIntake.objects.filter(programme=programme, employee=employee).first(),
        "registration": InterestRegistration.objects.filter(programme=programme, employee=employee).first(),
        "roles": set(
            Participation.objects.filter(programme=programme, employee=employee).values_list("role", flat=True)
        ),
    }


# --- every employee ----------------------------------------------------------------------------------------------


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    employee = request.user.employee
    announced = Programme.objects.filter(enrolment__isnull=False).select_related("enrolment").order_by("start_date")
    managed = Programme.objects.managed_by(request.user).select_related("enrolment").order_by("-start_date")
    context: dict[str, Any] = {"announced": announced, "managed": managed}
    if employee is not None:
        applied = MentorApplication.objects.filter(programme=OuterRef("programme"), employee=employee)
        took_intake = MenteeIntake.objects.filter(programme=OuterRef("programme"), employee=employee)
        context |= {
            "invitations": Invitation.objects.filter(employee=employee)
            .exclude(Exists(applied) | Exists(took_intake))
            .select_related("programme"),
            "applications": MentorApplication.objects.filter(employee=employee).select_related("programme"),
            "intakes": MenteeIntake.objects.filter(employee=employee).select_related("programme"),
            "registrations": InterestRegistration.objects.filter(employee=employee).select_related("programme"),
            "asked": Recommendation.objects.filter(
                colleague=employee, submitted__isnull=True, expires__gt=timezone.now()
            ).select_related("application__employee", "application__programme"),
        }
    return render(request, "enrolment/overview.html", context)


@require_GET
@login_required
def programme_info(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_open_programme(request, pk)
    context = {
        "programme": programme,
        "enrolment": Enrolment.objects.filter(programme=programme).first(),
        "texts": pagetexts.texts_of(programme),
        "faq": pagetexts.faq_of(programme),
        "goals": programme.goals.all(),
        "topics": programme.topics.all(),
        "can_manage": Programme.objects.managed_by(request.user).filter(pk=pk).exists(),
        "interest_form": InterestForm(),
        "min_hours": hours_phrase(programme.min_mentee_hours_per_week),
        **_my_state(programme, request.user.employee),
    }
    return render(request, "enrolment/programme_info.html", context)


@require_POST
@login_required
def interest_register(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_open_programme(request, pk)
    form = InterestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("enrolment:programme-info", pk=pk)
    try:
        services.register_interest(actor=request.user, programme=programme, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are on the waiting list. HR will contact you for the next cohort."))
    return redirect("enrolment:programme-info", pk=pk)


# --- mentor applications and recommendations -------------------------------------------------------------------


def _can_apply(request: HttpRequest, programme: Programme) -> bool:
    """Say why the user cannot start an application, if they cannot."""
    employee = request.user.employee
    enrolment = Enrolment.objects.filter(programme=programme).first()
    if not services.is_eligible(programme, employee, Role.MENTOR):
        messages.info(request, _("Mentors apply by invitation. Register your interest and HR will invite you."))
    elif services.role_conflict(programme, employee, Role.MENTOR):
        messages.error(request, _("You take part in this programme as mentee; one person cannot be both."))
    elif enrolment is None or not enrolment.accepts(Role.MENTOR, timezone.localdate()):
        messages.info(request, _("Applications for mentors are closed."))
    else:
        return True
    return False


@require_http_methods(["GET", "POST"])
@login_required
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_open_programme(request, pk)
    if request.user.employee is None:
        return _no_employee(request)
    existing = MentorApplication.objects.filter(programme=programme, employee=request.user.employee).first()
    if existing is not None:
        return redirect("enrolment:application-detail", pk=existing.pk)
    if not _can_apply(request, programme):
        return redirect("enrolment:programme-info", pk=pk)
    form = MentorApplicationForm(request.POST if request.method == "POST" else None, programme=programme)
    if form.is_valid():
        try:
            application = services.apply_as_mentor(
                actor=request.user,
                programme=programme,
                answers=form.answers(),
                interests=list(form.cleaned_data["interests"]),
                pledge=form.cleaned_data["pledge"],
            )
        except ValidationError as error:
            form.attach(error)
        else:
            messages.success(request, _("Application sent. Next: ask a colleague for a recommendation."))
            return redirect("enrolment:application-detail", pk=application.pk)
    return render(request, "enrolment/application_form.html", {"form": form, "programme": programme})


@require_http_methods(["GET", "POST"])
@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_own_application(request, pk)
    if not application.is_editable:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = MentorApplicationForm(data, programme=application.programme, instance=application)
    if form.is_valid():
        try:
            services.update_application(
                actor=request.user,
                application=application,
                answers=form.answers(),
                interests=list(form.cleaned_data["interests"]),
            )
        except ValidationError as error:
            form.attach(error)
        else:
            messages.success(request, _("Application saved."))
            return redirect("enrolment:application-detail", pk=application.pk)
    context = {"form": form, "programme": application.programme, "application": application}
    return render(request, "enrolment/application_form.html", context)


def _skill_rows(values: dict[str, int], labels: dict[int, Any]) -> list[tuple[str, int, Any]]:
    skills = {skill.name: skill for skill in Skill.objects.filter(name__in=values)}
    return [
        (skills[key].display_label if key in skills else key, value, labels.get(value, value))
        for key, value in sorted(values.items(), key=lambda item: (-item[1], item[0]))
    ]


@require_GET
@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    annotated = with_progress(MentorApplication.objects.filter(pk=pk).select_related("employee")).get()
    is_own = application.employee_id == request.user.employee_id
    can_decide = Programme.objects.managed_by(request.user).filter(pk=application.programme_id).exists()
    stage = mentor_stage(annotated)
    context = {
        "application": application,
        "programme": application.programme,
        "stage": stage,
        "stage_label": STAGE_LABELS[stage],
        "skills": _skill_rows(application.skills, PROFICIENCY_LABELS),
        "wants": _skill_rows(application.wants, IMPORTANCE_LABELS),
        "interests": application.interests.all(),
        "recommendations": application.recommendations.select_related("colleague"),
        "is_own": is_own,
        "can_decide": can_decide and application.status == ApplicationStatus.APPLIED,
        "can_see_recommendations": can_decide,
        "training_progress": training.progress_of(application)
        if application.status == ApplicationStatus.ACCEPTED and (is_own or can_decide)
        else None,
        "request_form": RecommendationRequestForm(),
        "accept_form": AcceptForm(),
        "decline_form": DeclineForm(),
        "now": timezone.now(),
    }
    return render(request, "enrolment/application_detail.html", context)


@require_POST
@login_required
def recommendation_request(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_own_application(request, pk)
    form = RecommendationRequestForm(request.POST)
    if form.is_valid():
        colleague = form.cleaned_data["colleague"]
        try:
            services.request_recommendation(actor=request.user, application=application, colleague=colleague)
        except ValidationError as error:
            label = form.fields["colleague"].label
            messages.error(request, f"{label}: {' '.join(error.messages)}")
        else:
            messages.success(request, _("%(name)s got an email with a link to recommend you.") % {"name": colleague})
    else:
        messages.error(request, _errors(form))
    return redirect("enrolment:application-detail", pk=application.pk)


def _unusable(request: HttpRequest, recommendation: Recommendation, problem: str) -> HttpResponse:
    status = 403 if problem == "not-yours" else 410
    context = {"problem": problem, "recommendation": recommendation}
    return render(request, "enrolment/recommendation_unusable.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_submit(request: HttpRequest, token: UUID) -> HttpResponse:
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("application__employee", "application__programme"), token=token
    )
    problem = recommendation.problem_for(request.user.employee, timezone.now())
    if problem is not None:
        return _unusable(request, recommendation, problem)
    form = RecommendationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.submit_recommendation(actor=request.user, recommendation=recommendation, answers=form.cleaned_data)
        except services.LinkUnusable as error:
            return _unusable(request, recommendation, error.code)
        messages.success(
            request,
            _("Thank you: your recommendation of %(name)s was sent.") % {"name": recommendation.application.employee},
        )
        return redirect("home")
    return render(request, "enrolment/recommendation_form.html", {"form": form, "recommendation": recommendation})


def _decide(request: HttpRequest, pk: int, *, accept: bool) -> HttpResponse:
    application = get_managed_application(request, pk)
    form = AcceptForm(request.POST) if accept else DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("enrolment:application-detail", pk=pk)
    try:
        services.decide_application(
            actor=request.user, application=application, accept=accept, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        prefix = f"{form.fields['reason'].label}: " if "reason" in getattr(error, "error_dict", {}) else ""
        messages.error(request, prefix + " ".join(error.messages))
    else:
        name = {"name": application.employee}
        done = _("%(name)s is accepted as mentor.") if accept else _("%(name)s is declined; they see your reason.")
        messages.success(request, done % name)
    return redirect("enrolment:application-detail", pk=pk)


@require_POST
@login_required
def application_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=True)


@require_POST
@login_required
def application_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=False)


# --- mentee intake -----------------------------------------------------------------------------------------------


def _can_take_intake(request: HttpRequest, programme: Programme, intake: MenteeIntake | None) -> bool:
    employee = request.user.employee
    enrolment = Enrolment.objects.filter(programme=programme).first()
    if not services.is_eligible(programme, employee, Role.MENTEE):
        messages.info(
            request, _("The intake is for invited senior leaders. Register your interest and HR will invite you.")
        )
    elif services.role_conflict(programme, employee, Role.MENTEE):
        messages.error(request, _("You take part in this programme as mentor; one person cannot be both."))
    elif intake is None and (enrolment is None or not enrolment.accepts(Role.MENTEE, timezone.localdate())):
        messages.info(request, _("The intake for mentees is closed."))
    else:
        return True
    return False


@require_http_methods(["GET", "POST"])
@login_required
def intake_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_open_programme(request, pk)
    if request.user.employee is None:
        return _no_employee(request)
    intake = MenteeIntake.objects.filter(programme=programme, employee=request.user.employee).first()
    if not _can_take_intake(request, programme, intake):
        return redirect("enrolment:programme-info", pk=pk)
    data = request.POST if request.method == "POST" else None
    form = MenteeIntakeForm(data, programme=programme, instance=intake)
    if form.is_valid():
        try:
            services.submit_intake(actor=request.user, programme=programme, answers=form.answers())
        except ValidationError as error:
            form.attach(error)
        else:
            messages.success(request, _("Thank you: your intake is saved. You can change it until you are matched."))
            return redirect("enrolment:programme-info", pk=pk)
    return render(request, "enrolment/intake_form.html", {"form": form, "programme": programme, "intake": intake})


# --- programme admin ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def enrolment_open(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    enrolment = Enrolment.objects.filter(programme=programme).first()
    initial = (
        {"mentor_deadline": enrolment.mentor_deadline, "mentee_deadline": enrolment.mentee_deadline}
        if enrolment
        else {}
    )
    form = EnrolmentForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            services.open_enrolment(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                form.add_error(name, errors)
        else:
            messages.success(request, _("Enrolment is open. Invite mentors and mentees next."))
            return redirect("enrolment:funnel", pk=pk)
    return render(
        request, "enrolment/enrolment_form.html", {"form": form, "programme": programme, "enrolment": enrolment}
    )


@require_POST
@login_required
def enrolment_close(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    try:
        services.close_enrolment(actor=request.user, programme=programme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Enrolment is closed. The programme page and the waiting list stay."))
    return redirect("enrolment:funnel", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def invitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    data = request.POST if request.method == "POST" else (request.GET if "role" in request.GET else None)
    form = InviteForm(data)
    matches = new = None
    if form.is_valid():
        people = list(form.employees())
        role = form.cleaned_data["role"]
        matches, new = len(people), len(services.invitable(programme=programme, role=role, people=people))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.invite(
                actor=request.user, programme=programme, role=form.cleaned_data["role"], employees=form.employees()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            text = _("%(invited)s invited; %(skipped)s skipped (already invited, on the other side, or inactive).")
            messages.success(request, text % {"invited": result.invited, "skipped": result.skipped})
            return redirect("enrolment:funnel", pk=pk)
    enrolment = Enrolment.objects.filter(programme=programme).first()
    context = {"form": form, "programme": programme, "matches": matches, "new": new, "enrolment": enrolment}
    return render(request, "enrolment/invitation_form.html", context)


@require_GET
@login_required
def funnel(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    invited = Invitation.objects.filter(programme=OuterRef("programme"), employee=OuterRef("employee"))
    waiting = (
        programme.interest_registrations.select_related("employee__department")
        .annotate(is_invited=Exists(invited))
        .order_by("created", "id")
    )
    context = {
        "programme": programme,
        "enrolment": Enrolment.objects.filter(programme=programme).first(),
        "funnels": [(_("Mentors"), mentor_funnel(programme)), (_("Mentees"), mentee_funnel(programme))],
        "waiting": waiting,
        "reminders_sent": programme.reminders.count(),
        "last_reminder": programme.reminders.order_by("-sent").first(),
    }
    return render(request, "enrolment/funnel.html", context)


@require_POST
@login_required
def waitlist_invite(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    registration = get_object_or_404(InterestRegistration, pk=registration_pk, programme=programme)
    try:
        result = services.invite(
            actor=request.user,
            programme=programme,
            role=registration.role,
            employees=Employee.objects.filter(pk=registration.employee_id),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if result.invited:
            messages.success(request, _("%(name)s is invited.") % {"name": registration.employee})
        else:
            messages.error(
                request,
                _("%(name)s could not be invited (already invited, on the other side, or inactive).")
                % {"name": registration.employee},
            )
    return redirect("enrolment:funnel", pk=pk)


@require_GET
@login_required
def application_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    status = request.GET.get("status", "")
    applications = with_progress(
        programme.mentor_applications.select_related("employee__department").annotate(
            n_recommended=Count("recommendations", filter=Q(recommendations__submitted__isnull=False))
        )
    ).order_by("status", "-submitted")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    for application in page.object_list:
        application.stage = mentor_stage(application)  # type: ignore[attr-defined]
        application.stage_label = STAGE_LABELS[application.stage]  # type: ignore[attr-defined]
    counts = dict(programme.mentor_applications.values_list("status").annotate(n=Count("id")))
    context = {
        "programme": programme,
        "page": page,
        "status": status,
        "statuses": [(value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices],
        "query": f"status={status}" if status else "",
    }
    return render(request, "enrolment/application_list.html", context)


# --- the admin's list of intakes -----------------------------------------------------------------------------------


@require_GET
@login_required
def intake_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    mentee_role = Participation.objects.filter(programme=pk, employee=OuterRef("employee"), role=Role.MENTEE)
    intakes = (
        programme.mentee_intakes.select_related("employee__department")
        .annotate(is_participant=Exists(mentee_role))
        .order_by("-submitted", "pk")
    )
    page = Paginator(intakes, 50).get_page(request.GET.get("page"))
    for intake in page.object_list:
        ready = intake.is_participant and intake.employee.is_active  # type: ignore[attr-defined]
        intake.stage = "ready" if ready else "intake"  # type: ignore[attr-defined]
        intake.stage_label = STAGE_LABELS[intake.stage]  # type: ignore[attr-defined]
    done = programme.mentee_intakes.values("employee")
    context = {
        "programme": programme,
        "page": page,
        "without_intake": programme.invitations.filter(role=Role.MENTEE).exclude(employee__in=done).count(),
    }
    return render(request, "enrolment/intake_list.html", context)


@require_GET
@login_required
def intake_detail(request: HttpRequest, pk: int) -> HttpResponse:
    intake = get_object_or_404(
        MenteeIntake.objects.visible_to(request.user).select_related("employee", "programme"), pk=pk
    )
    kpis = {str(kpi.pk): kpi.name for kpi in Kpi.objects.filter(goal__programme=intake.programme_id)}
    context = {
        "intake": intake,
        "programme": intake.programme,
        "is_own": intake.employee_id == request.user.employee_id,
        "wants": _skill_rows(intake.wants, IMPORTANCE_LABELS),
        "skill_scores": _skill_rows(intake.skill_scores, {}),
        "kpi_scores": [(kpis.get(key, key), value) for key, value in intake.kpi_scores.items()],
        "familiarity": [
            (FAMILIARITY_AREAS[key], value) for key, value in intake.familiarity.items() if key in FAMILIARITY_AREAS
        ],
        "hours": hours_phrase(intake.hours_per_week),
    }
    return render(request, "enrolment/intake_detail.html", context)


# --- mentor training: the mentor -----------------------------------------------------------------------------------


def _training_of(request: HttpRequest, pk: int) -> tuple[Programme, MentorApplication] | HttpResponse:
    """The programme and the user's accepted application in it. 404 without an application (the programme's
    admin is sent to the training editor instead), 403 while the application is not accepted."""
    programme = get_open_programme(request, pk)
    employee_id = request.user.employee_id
    application = (
        MentorApplication.objects.filter(programme=programme, employee_id=employee_id).first() if employee_id else None
    )
    if application is None:
        if Programme.objects.managed_by(request.user).filter(pk=pk).exists():
            return redirect("enrolment:training-edit", pk=pk)
        raise Http404
    if application.status != ApplicationStatus.ACCEPTED:
        raise PermissionDenied
    return programme, application


@require_GET
@login_required
def training_home(request: HttpRequest, pk: int) -> HttpResponse:
    found = _training_of(request, pk)
    if isinstance(found, HttpResponse):
        return found
    programme, application = found
    training.set_up_training(programme=programme)
    steps = training.steps(application)
    passed = sum(1 for step in steps if step.passed)
    context = {
        "programme": programme,
        "application": application,
        "steps": steps,
        "passed": passed,
        "total": len(steps),
        "next_step": next((step for step in steps if not step.passed), None),
    }
    return render(request, "enrolment/training.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def training_module(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    found = _training_of(request, pk)
    if isinstance(found, HttpResponse):
        return redirect("enrolment:training-module-edit", pk=pk, module_pk=module_pk)
    programme, application = found
    module = get_object_or_404(TrainingModule.objects.filter(programme=programme), pk=module_pk)
    form = TrainingCheckForm(request.POST if request.method == "POST" else None, module=module)
    if form.is_valid():
        try:
            outcome = training.pass_module(
                actor=request.user, application=application, module=module, answers=form.answers()
            )
        except ValidationError as error:
            form.attach(error)
        else:
            return _after_passing(request, application, outcome)
    steps = training.steps(application)
    context = {
        "programme": programme,
        "module": module,
        "form": form,
        "steps": steps,
        "number": next(n for n, step in enumerate(steps, start=1) if step.module.pk == module.pk),
        "passed": TrainingProgress.objects.filter(application=application, module=module).first(),
    }
    return render(request, "enrolment/training_module.html", context)


def _after_passing(request: HttpRequest, application: MentorApplication, outcome: training.Outcome) -> HttpResponse:
    if outcome.completed:
        messages.success(
            request, _("You completed the mentor training. You are ready to be matched with a senior leader.")
        )
        return redirect("enrolment:training", pk=application.programme_id)
    following = next((step for step in training.steps(application) if not step.passed), None)
    messages.success(request, _("“%(title)s” passed.") % {"title": outcome.module.title})
    if following is None:
        return redirect("enrolment:training", pk=application.programme_id)
    return redirect("enrolment:training-module", pk=application.programme_id, module_pk=following.module.pk)


# --- mentor training: the admin ------------------------------------------------------------------------------------


def _managed_module(request: HttpRequest, pk: int, module_pk: int) -> TrainingModule:
    programme = get_managed_programme(request, pk)
    return get_object_or_404(
        TrainingModule.objects.filter(programme=programme).select_related("programme"), pk=module_pk
    )


def _managed_question(request: HttpRequest, pk: int, question_pk: int) -> TrainingQuestion:
    programme = get_managed_programme(request, pk)
    questions = TrainingQuestion.objects.filter(module__programme=programme).select_related("module")
    return get_object_or_404(questions, pk=question_pk)


@require_GET
@login_required
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    if training.set_up_training(programme=programme, actor=request.user):
        messages.info(request, _("The six default modules are ready. Adapt them to your programme, in both languages."))
    accepted = programme.mentor_applications.filter(status=ApplicationStatus.ACCEPTED)
    modules = (
        TrainingModule.objects.filter(programme=programme)
        .annotate(n_questions=Count("questions", distinct=True), n_passed=Count("progress", distinct=True))
        .order_by("position", "id")
    )
    context = {
        "programme": programme,
        "modules": modules,
        "accepted": accepted.count(),
        "trained": accepted.filter(trained__isnull=False).count(),
    }
    return render(request, "enrolment/training_edit.html", context)


def _save_module(request: HttpRequest, programme: Programme, module: TrainingModule | None) -> HttpResponse:
    # initial, not instance: a bound ModelForm would write the answers onto `module` before the service compares
    initial = model_to_dict(module, fields=training.MODULE_FIELDS) if module else None
    form = TrainingModuleForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            if module is None:
                module = training.add_module(actor=request.user, programme=programme, fields=form.cleaned_data)
                messages.success(
                    request, _("Module added. Add questions, or leave it to end with the acknowledgement.")
                )
            else:
                training.update_module(actor=request.user, module=module, fields=form.cleaned_data)
                messages.success(request, _("Module saved."))
        except ValidationError as error:
            form.attach(error)
        else:
            return redirect("enrolment:training-module-edit", pk=programme.pk, module_pk=module.pk)
    questions = module.questions.all() if module else []
    context = {"programme": programme, "module": module, "form": form, "questions": questions}
    return render(request, "enrolment/training_module_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def training_module_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_module(request, get_managed_programme(request, pk), None)


@require_http_methods(["GET", "POST"])
@login_required
def training_module_edit(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    module = _managed_module(request, pk, module_pk)
    return _save_module(request, module.programme, module)


@require_POST
@login_required
def training_module_delete(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    module = _managed_module(request, pk, module_pk)
    try:
        training.remove_module(actor=request.user, module=module)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("enrolment:training-module-edit", pk=pk, module_pk=module_pk)
    messages.success(request, _("“%(title)s” removed.") % {"title": module.title})
    return redirect("enrolment:training-edit", pk=pk)


@require_POST
@login_required
def training_module_move(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    module = _managed_module(request, pk, module_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        training.move_module(actor=request.user, module=module, up=form.up)
    else:
        messages.error(request, _errors(form))
    return redirect("enrolment:training-edit", pk=pk)


def _save_question(request: HttpRequest, module: TrainingModule, question: TrainingQuestion | None) -> HttpResponse:
    form = TrainingQuestionForm(request.POST if request.method == "POST" else None, instance=question)
    if form.is_valid():
        try:
            if question is None:
                training.add_question(actor=request.user, module=module, fields=form.question_fields())
                messages.success(request, _("Question added."))
            else:
                training.update_question(actor=request.user, question=question, fields=form.question_fields())
                messages.success(request, _("Question saved."))
        except ValidationError as error:
            form.attach(error)
        else:
            return redirect("enrolment:training-module-edit", pk=module.programme_id, module_pk=module.pk)
    context = {"programme": module.programme, "module": module, "question": question, "form": form}
    return render(request, "enrolment/training_question_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def training_question_create(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    return _save_question(request, _managed_module(request, pk, module_pk), None)


@require_http_methods(["GET", "POST"])
@login_required
def training_question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _managed_question(request, pk, question_pk)
    return _save_question(request, question.module, question)


@require_POST
@login_required
def training_question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _managed_question(request, pk, question_pk)
    training.remove_question(actor=request.user, question=question)
    messages.success(request, _("Question removed."))
    return redirect("enrolment:training-module-edit", pk=pk, module_pk=question.module_id)


# --- reminders ---------------------------------------------------------------------------------------------------


@require_GET
@login_required
def reminder_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    sent = programme.reminders.select_related("employee__department", "sent_by").order_by("-sent", "-id")
    kind = request.GET.get("kind", "")
    if kind in ReminderKind.values:
        sent = sent.filter(kind=kind)
    waiting = Counter(due.kind for due in reminders.waiting(programme))
    context = {
        "programme": programme,
        "enrolment": Enrolment.objects.filter(programme=programme).first(),
        "page": Paginator(sent, 50).get_page(request.GET.get("page")),
        "kind": kind,
        "kinds": [(value, label, waiting.get(value, 0)) for value, label in ReminderKind.choices],
        "query": f"kind={kind}" if kind else "",
        "lead_days": reminders.LEAD_DAYS,
        "gap_days": reminders.GAP.days,
        "most": reminders.MOST,
    }
    return render(request, "enrolment/reminder_list.html", context)


@require_POST
@login_required
def reminders_send(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    if not Enrolment.objects.filter(programme=programme).exists():
        messages.error(request, _("Open enrolment first: there is nobody to remind yet."))
    else:
        reminders.queue_reminders(programme=programme, actor=request.user)
        messages.success(request, _("Reminders are on their way. The list below shows who got one."))
    return redirect("enrolment:reminder-list", pk=pk)


# --- the programme page's texts and FAQ ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def page_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    page = pagetexts.set_up_page(programme=programme, actor=request.user)
    initial = {name: getattr(page, name) for name in pagetexts.TEXT_FIELDS}
    form = PageTextsForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            pagetexts.update_page(actor=request.user, programme=programme, texts=form.cleaned_data)
        except ValidationError as error:
            form.attach(error)
        else:
            messages.success(request, _("The programme page is saved."))
            return redirect("enrolment:page-edit", pk=pk)
    context = {"programme": programme, "form": form, "faq": FaqEntry.objects.filter(programme=programme)}
    return render(request, "enrolment/page_form.html", context)


def _save_faq(request: HttpRequest, programme: Programme, entry: FaqEntry | None) -> HttpResponse:
    initial = model_to_dict(entry, fields=pagetexts.FAQ_FIELDS) if entry else None
    form = FaqForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            if entry is None:
                pagetexts.add_faq(actor=request.user, programme=programme, fields=form.cleaned_data)
                messages.success(request, _("Question added to the FAQ."))
            else:
                pagetexts.update_faq(actor=request.user, entry=entry, fields=form.cleaned_data)
                messages.success(request, _("Question saved."))
        except ValidationError as error:
            form.attach(error)
        else:
            return redirect("enrolment:page-edit", pk=programme.pk)
    return render(request, "enrolment/faq_form.html", {"programme": programme, "entry": entry, "form": form})


def _managed_faq(request: HttpRequest, pk: int, faq_pk: int) -> FaqEntry:
    programme = get_managed_programme(request, pk)
    return get_object_or_404(FaqEntry.objects.filter(programme=programme).select_related("programme"), pk=faq_pk)


@require_http_methods(["GET", "POST"])
@login_required
def faq_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_faq(request, get_managed_programme(request, pk), None)


@require_http_methods(["GET", "POST"])
@login_required
def faq_edit(request: HttpRequest, pk: int, faq_pk: int) -> HttpResponse:
    entry = _managed_faq(request, pk, faq_pk)
    return _save_faq(request, entry.programme, entry)


@require_POST
@login_required
def faq_delete(request: HttpRequest, pk: int, faq_pk: int) -> HttpResponse:
    entry = _managed_faq(request, pk, faq_pk)
    pagetexts.remove_faq(actor=request.user, entry=entry)
    messages.success(request, _("Question removed from the FAQ."))
    return redirect("enrolment:page-edit", pk=pk)


@require_POST
@login_required
def faq_move(request: HttpRequest, pk: int, faq_pk: int) -> HttpResponse:
    entry = _managed_faq(request, pk, faq_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        pagetexts.move_faq(actor=request.user, entry=entry, up=form.up)
    else:
        messages.error(request, _errors(form))
    return redirect("enrolment:page-edit", pk=pk)
