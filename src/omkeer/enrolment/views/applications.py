"""Enrolment pages: the programme page for everyone, the mentor application, the colleague's recommendation,
the senior's intake, and the admin's invitations, applications, intakes, funnel, waiting list and reminders."""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.access.enrolment import (
    UnusableLink,
    get_application_for_user,
    get_intake_for_user,
    get_open_programme_for_user,
    get_recommendation_for_user,
)
from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user, managed_programmes, manages
from omkeer.enrolment import pagetexts, reminders, services, training
from omkeer.enrolment.forms import (
    AcceptForm,
    DeclineForm,
    EnrolmentForm,
    InterestForm,
    InviteForm,
    MenteeIntakeForm,
    MentorApplicationForm,
    RecommendationForm,
    RecommendationRequestForm,
    form_errors,
)
from omkeer.enrolment.funnel import STAGE_LABELS, mentee_funnel, mentor_funnel, mentor_stage, with_progress
from omkeer.enrolment.models import (
    FAMILIARITY_AREAS,
    IMPORTANCE_LABELS,
    ApplicationStatus,
    Enrolment,
    InterestRegistration,
    Invitation,
    MenteeIntake,
    MentorApplication,
    Recommendation,
    ReminderKind,
    hours_phrase,
)
from omkeer.lib.paging import BoundedPaginator
from omkeer.lib.queries import count_of
from omkeer.people.models import PROFICIENCY_LABELS, Employee, Skill
from omkeer.programmes.models import Kpi, Participation, Programme, Role


def _no_employee(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = request.user.employee
    announced = Programme.objects.filter(enrolment__isnull=False).select_related("enrolment").order_by("start_date")
    managed = managed_programmes(request.user).select_related("enrolment").order_by("-start_date")
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
def programme_info(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_open_programme_for_user(request, pk)
    context = {
        "programme": programme,
        "enrolment": Enrolment.objects.filter(programme=programme).first(),
        "texts": pagetexts.texts_of(programme),
        "faq": pagetexts.faq_of(programme),
        "goals": programme.goals.all(),
        "topics": programme.topics.all(),
        "can_manage": manages(request.user, programme),
        "interest_form": InterestForm(),
        "min_hours": hours_phrase(programme.min_mentee_hours_per_week),
        **_my_state(programme, request.user.employee),
    }
    return render(request, "enrolment/programme_info.html", context)


@require_POST
@login_required
def interest_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_open_programme_for_user(request, pk)
    form = InterestForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("enrolment:programme-info", pk=pk)
    try:
        services.register_interest(actor=request.user, programme=programme, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are on the waiting list. HR will contact you for the next cohort."))
    return redirect("enrolment:programme-info", pk=pk)


# --- mentor applications and recommendations -------------------------------------------------------------------


def _can_apply(request: AuthenticatedHttpRequest, programme: Programme, employee: Employee) -> bool:
    """Say why the user cannot start an application, if they cannot."""
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
def application_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_open_programme_for_user(request, pk)
    employee = request.user.employee
    if employee is None:
        return _no_employee(request)
    existing = MentorApplication.objects.filter(programme=programme, employee=employee).first()
    if existing is not None:
        return redirect("enrolment:application-detail", pk=existing.pk)
    if not _can_apply(request, programme, employee):
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
def application_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk, to="edit")
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
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    annotated = with_progress(MentorApplication.objects.filter(pk=application.pk).select_related("employee")).get()
    is_own = application.employee_id == request.user.employee_id
    can_decide = manages(request.user, application.programme_id)
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
def recommendation_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk, to="act")
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
        messages.error(request, form_errors(form))
    return redirect("enrolment:application-detail", pk=application.pk)


def _unusable(request: AuthenticatedHttpRequest, recommendation: Recommendation, problem: str) -> HttpResponse:
    status = 403 if problem == "not-yours" else 410
    context = {"problem": problem, "recommendation": recommendation}
    return render(request, "enrolment/recommendation_unusable.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_submit(request: AuthenticatedHttpRequest, token: UUID) -> HttpResponse:
    try:
        recommendation = get_recommendation_for_user(request, token)
    except UnusableLink as error:
        return _unusable(request, error.recommendation, error.code)
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


def _decide(request: AuthenticatedHttpRequest, pk: int, *, accept: bool) -> HttpResponse:
    application = get_application_for_user(request, pk, to="manage")
    form = AcceptForm(request.POST) if accept else DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
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
def application_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=True)


@require_POST
@login_required
def application_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=False)


# --- mentee intake -----------------------------------------------------------------------------------------------


def _can_take_intake(
    request: AuthenticatedHttpRequest, programme: Programme, employee: Employee, intake: MenteeIntake | None
) -> bool:
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
def intake_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_open_programme_for_user(request, pk)
    employee = request.user.employee
    if employee is None:
        return _no_employee(request)
    intake = MenteeIntake.objects.filter(programme=programme, employee=employee).first()
    if not _can_take_intake(request, programme, employee, intake):
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
def enrolment_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
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
def enrolment_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    try:
        services.close_enrolment(actor=request.user, programme=programme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Enrolment is closed. The programme page and the waiting list stay."))
    return redirect("enrolment:funnel", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def invitation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
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
def funnel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
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
def waitlist_invite(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    registration = get_object_or_404(programme.interest_registrations, pk=registration_pk)
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
def application_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    status = request.GET.get("status", "")
    applications = with_progress(
        programme.mentor_applications.select_related("employee__department").annotate(
            n_recommended=count_of(Recommendation.objects.filter(application=OuterRef("pk"), submitted__isnull=False))
        )
    ).order_by("status", "-submitted", "pk")
    counts = dict(programme.mentor_applications.order_by().values_list("status").annotate(n=Count("id")))
    listed = sum(counts.values())
    if status in ApplicationStatus.values:
        applications, listed = applications.filter(status=status), counts.get(status, 0)
    page = BoundedPaginator(applications, 50, known=listed).get_page(request.GET.get("page"))
    for application in page.object_list:
        application.stage = mentor_stage(application)
        application.stage_label = STAGE_LABELS[application.stage]
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
def intake_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    mentee_role = Participation.objects.filter(programme=pk, employee=OuterRef("employee"), role=Role.MENTEE)
    intakes = (
        programme.mentee_intakes.select_related("employee__department")
        .annotate(is_participant=Exists(mentee_role))
        .order_by("-submitted", "pk")
    )
    page = BoundedPaginator(intakes, 50).get_page(request.GET.get("page"))
    for intake in page.object_list:
        ready = intake.is_participant and intake.employee.is_active
        intake.stage = "ready" if ready else "intake"
        intake.stage_label = STAGE_LABELS[intake.stage]
    done = programme.mentee_intakes.values("employee")
    context = {
        "programme": programme,
        "page": page,
        "without_intake": programme.invitations.filter(role=Role.MENTEE).exclude(employee__in=done).count(),
    }
    return render(request, "enrolment/intake_list.html", context)


@require_GET
@login_required
def intake_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    intake = get_intake_for_user(request, pk)
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


# --- reminders ---------------------------------------------------------------------------------------------------


@require_GET
@login_required
def reminder_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
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
def reminders_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    if not Enrolment.objects.filter(programme=programme).exists():
        messages.error(request, _("Open enrolment first: there is nobody to remind yet."))
    else:
        reminders.queue_reminders(programme=programme, actor=request.user)
        messages.success(request, _("Reminders are on their way. The list below shows who got one."))
    return redirect("enrolment:reminder-list", pk=pk)
