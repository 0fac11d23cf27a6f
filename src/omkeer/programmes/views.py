from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import (
    coordinates,
    get_programme_for_user,
    managed_ids,
    manages,
    programmes_visible_to,
)
from omkeer.evaluation.services import open_followups
from omkeer.programmes import services
from omkeer.programmes.forms import GoalForm, KpiForm, ParticipantForm, ProgrammeForm
from omkeer.programmes.models import Kpi, Role


@require_GET
@login_required
def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    programmes = programmes_visible_to(request.user).prefetch_related("topics")
    managed = managed_ids(request.user)
    return render(request, "programmes/programme_list.html", {"programmes": programmes, "managed": managed})


@require_http_methods(["GET", "POST"])
@login_required
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            programme = services.create_programme(
                actor=request.user, fields=form.programme_fields(), topics=list(form.cleaned_data["topics"])
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Programme created. Add goals and KPIs next."))
            return redirect(programme)
    return render(request, "programmes/programme_form.html", {"form": form})


@require_GET
@login_required
def programme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk)
    can_manage = manages(request.user, programme)
    context = {
        "programme": programme,
        "can_manage": can_manage,
        "can_coordinate": can_manage or coordinates(request.user, programme),
        "followup_open": bool(request.user.employee and open_followups(request.user.employee, programme)),
        "goals": programme.goals.prefetch_related("kpis"),
        "counts": programme.role_counts(),
        "goal_form": GoalForm(),
        "kpi_form": KpiForm(),
    }
    return render(request, "programmes/programme_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    form = ProgrammeForm(request.POST if request.method == "POST" else None, instance=programme)
    if form.is_valid():
        services.update_programme(
            actor=request.user,
            programme=programme,
            changes=form.programme_changes(),
            topics=list(form.cleaned_data["topics"]),
        )
        messages.success(request, _("Programme saved."))
        return redirect(programme)
    return render(request, "programmes/programme_form.html", {"form": form, "programme": programme})


@require_POST
@login_required
def goal_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    form = GoalForm(request.POST)
    if form.is_valid():
        services.add_goal(actor=request.user, programme=programme, title=form.cleaned_data["title"])
        messages.success(request, _("Goal added."))
    else:
        messages.error(request, _("Goal: %(errors)s") % {"errors": " ".join(map(str, form.errors.get("title", [])))})
    return redirect(programme)


@require_POST
@login_required
def goal_delete(request: AuthenticatedHttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    services.remove_goal(actor=request.user, goal=get_object_or_404(programme.goals, pk=goal_pk))
    messages.success(request, _("Goal deleted."))
    return redirect(programme)


@require_POST
@login_required
def kpi_create(request: AuthenticatedHttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    goal = get_object_or_404(programme.goals, pk=goal_pk)
    form = KpiForm(request.POST)
    if form.is_valid():
        services.add_kpi(actor=request.user, goal=goal, fields=form.cleaned_data)
        messages.success(request, _("KPI added."))
    else:
        errors = "; ".join(
            f"{form.fields[name].label}: {' '.join(map(str, errs))}" for name, errs in form.errors.items()
        )
        messages.error(request, _("The KPI was not added. %(errors)s") % {"errors": errors})
    return redirect(programme)


@require_POST
@login_required
def kpi_delete(request: AuthenticatedHttpRequest, pk: int, kpi_pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    services.remove_kpi(
        actor=request.user, kpi=get_object_or_404(Kpi.objects.filter(goal__programme=programme), pk=kpi_pk)
    )
    messages.success(request, _("KPI deleted."))
    return redirect(programme)


@require_GET
@login_required
def participant_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    role = request.GET.get("role", "")
    participations = programme.participations.select_related("employee__department").order_by(
        "role", "employee__last_name"
    )
    if role in Role.values:
        participations = participations.filter(role=role)
    page = Paginator(participations, 50).get_page(request.GET.get("page"))
    counts = programme.role_counts()
    context = {
        "programme": programme,
        "page": page,
        "role": role,
        "roles": [(value, label, counts[value]) for value, label in Role.choices],
        "form": ParticipantForm(),
        "query": f"role={role}" if role else "",
    }
    return render(request, "programmes/participant_list.html", context)


@require_POST
@login_required
def participant_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    form = ParticipantForm(request.POST)
    if form.is_valid():
        try:
            services.add_participant(actor=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s added.") % {"name": form.cleaned_data["employee"].full_name})
    else:
        messages.error(request, " ".join(str(msg) for errs in form.errors.values() for msg in errs))
    return redirect("programmes:participant-list", pk=programme.pk)


@require_POST
@login_required
def participant_remove(request: AuthenticatedHttpRequest, pk: int, participation_pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    participation = get_object_or_404(programme.participations, pk=participation_pk)
    try:
        services.remove_participant(actor=request.user, participation=participation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s removed.") % {"name": participation.employee.full_name})
    return redirect("programmes:participant-list", pk=programme.pk)
