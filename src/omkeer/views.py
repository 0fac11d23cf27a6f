from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.people import employees_visible_to, sees_organisation
from omkeer.access.programmes import managed_programmes
from omkeer.mentorships.models import Mentorship
from omkeer.people.models import LEVEL_MAX, LEVEL_MIN, Department, EmployeeQuerySet, Team
from omkeer.programmes.models import Participation


def _organisation_overview(employees: EmployeeQuerySet) -> dict[str, object]:
    """Counts and the level pyramid for the HR dashboard."""
    active = employees.filter(is_active=True)
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
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, object] = {"participations": []}
    if sees_organisation(user):
        context["org"] = _organisation_overview(employees_visible_to(user))
        managed = managed_programmes(user).order_by("-start_date")
        context["managed"] = [(programme, programme.role_counts()) for programme in managed]
    if user.employee_id is not None:
        context["participations"] = Participation.objects.filter(employee_id=user.employee_id).select_related(
            "programme"
        )
        mine = Mentorship.objects.active().filter(Q(mentor_id=user.employee_id) | Q(mentee_id=user.employee_id))
        context["my_pairs"] = mine.select_related("mentor", "mentee", "programme")
        context["assisting"] = Mentorship.objects.active().filter(delegate_id=user.employee_id).count()
    return render(request, "home.html", context)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
