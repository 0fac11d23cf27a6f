from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from omkeer.access.roles import ROLE_HR, ROLE_PROGRAMME_ADMIN, roles_of
from omkeer.mentorships.models import Mentorship
from omkeer.people.models import LEVEL_MAX, LEVEL_MIN, Department, Employee, Team
from omkeer.programmes.models import Participation, Programme


def _organisation_overview() -> dict[str, object]:
    """Counts and the level pyramid for the HR dashboard."""
    active = Employee.objects.filter(is_active=True)
    by_level = dict(active.values_list("level").annotate(n=Count("id")))
    peak = max(by_level.values(), default=0) or 1
    return {
        "employees": active.count(),
        "departments": Department.objects.count(),
        "teams": Team.objects.count(),
        "levels": [
            (lvl, by_level.get(lvl, 0), by_level.get(lvl, 0) / peak) for lvl in range(LEVEL_MAX, LEVEL_MIN - 1, -1)
        ],
    }


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    participations = Participation.objects.filter(employee_id=request.user.employee_id).select_related("programme")
    context: dict[str, object] = {"participations": participations if request.user.employee_id else []}
    if roles & {ROLE_HR, ROLE_PROGRAMME_ADMIN}:
        context["org"] = _organisation_overview()
        context["managed"] = [
            (programme, programme.role_counts())
            for programme in Programme.objects.managed_by(request.user).order_by("-start_date")
        ]
    if request.user.employee_id:
        mine = Mentorship.objects.active().filter(
            Q(mentor_id=request.user.employee_id) | Q(mentee_id=request.user.employee_id)
        )
        context["my_pairs"] = mine.select_related("mentor", "mentee", "programme")
        context["assisting"] = Mentorship.objects.active().filter(delegate_id=request.user.employee_id).count()
    return render(request, "home.html", context)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
