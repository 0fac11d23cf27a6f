from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.people import sees_organisation
from omkeer.access.programmes import managed_programmes
from omkeer.mentorships.models import Mentorship
from omkeer.people import figures
from omkeer.programmes.models import Participation


@require_GET
@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, object] = {"participations": []}
    if sees_organisation(user):
        context["org"] = figures.organisation()
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
