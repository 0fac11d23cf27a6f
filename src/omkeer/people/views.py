from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Lower
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.people import employees_visible_to, get_employee_for_user, get_import_job_for_user
from omkeer.accounts.services import audit
from omkeer.lib.paging import BoundedPaginator
from omkeer.people import jobs
from omkeer.people.forms import DirectoryFilterForm, ImportUploadForm
from omkeer.people.hrfile import COLUMNS, OPTIONAL_COLUMNS
from omkeer.people.models import Employee, ImportJob
from omkeer.people.services import export_people, export_people_xlsx, record_profile_view
from omkeer.programmes.models import Participation, Programme

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
def directory(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    people = employees_visible_to(request.user).filter(is_active=True)
    if form.is_valid():
        people = people.matching(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    people = people.select_related("department", "team").order_by(Lower("last_name"), Lower("first_name"), "pk")
    page = BoundedPaginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "people/directory.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
@login_required
def employee_detail(request: AuthenticatedHttpRequest, employee_id: str) -> HttpResponse:
    employee = get_employee_for_user(request, employee_id)
    record_profile_view(actor=request.user, employee=employee)
    managers = Employee.objects.in_bulk(employee.chain_ids)
    chain = [managers[pk] for pk in reversed(employee.chain_ids) if pk in managers]
    programmes = Programme.objects.visible_to(request.user)
    context = {
        "employee": employee,
        "chain": chain,
        "reports": employee.reports.filter(is_active=True).order_by("last_name"),
        "under_count": Employee.objects.under(employee).filter(is_active=True).count(),
        "skills": employee.skills.select_related("skill").order_by("-proficiency", "skill__name"),
        "interests": employee.interests.all(),
        "participations": Participation.objects.filter(employee=employee, programme__in=programmes).select_related(
            "programme"
        ),
    }
    return render(request, "people/employee_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportUploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if form.is_valid():
        upload = form.cleaned_data["file"]
        job = jobs.upload_import(
            actor=request.user,
            filename=upload.name,
            data=upload.read(),
            deactivate_missing=form.cleaned_data["deactivate_missing"],
            as_of=form.cleaned_data["as_of"],
        )
        return redirect("people:import-detail", pk=job.pk)
    recent = ImportJob.objects.visible_to(request.user).defer("data")[:10]
    context = {"form": form, "columns": COLUMNS, "optional_columns": OPTIONAL_COLUMNS, "recent": recent}
    return render(request, "people/import_upload.html", context)


@require_GET
@login_required
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_import_job_for_user(request, pk)
    done, total, percent = jobs.progress_of(job)
    context = {"job": job, "report": job.report, "done": done, "total": total, "percent": percent}
    return render(request, "people/import_detail.html", context)


@require_GET
@login_required
def import_status(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    job = get_import_job_for_user(request, pk)
    done, total, percent = jobs.progress_of(job)
    label = _("%(done)s of %(total)s steps") % {"done": done, "total": total or "?"}
    return JsonResponse({"state": job.state, "percent": percent, "done": not job.is_running, "label": label})


@require_POST
@login_required
def import_commit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_import_job_for_user(request, pk)
    if job.state != ImportJob.State.READY:
        messages.error(request, _("Only a file without errors can be imported. Upload a corrected file."))
        return redirect("people:import-detail", pk=job.pk)
    jobs.commit_import(actor=request.user, job=job)
    return redirect("people:import-detail", pk=job.pk)


@require_GET
@login_required
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The HR file as CSV, or as .xlsx with `?format=xlsx`; `?all=1` adds inactive people."""
    include_inactive, fmt = request.GET.get("all") == "1", request.GET.get("format", "csv")
    if fmt == "xlsx":
        content, rows = export_people_xlsx(include_inactive=include_inactive)
        response = HttpResponse(content, content_type=XLSX)
    else:
        fmt, response = "csv", HttpResponse(content_type="text/csv; charset=utf-8")
        rows = export_people(response, include_inactive=include_inactive)
    response["Content-Disposition"] = f'attachment; filename="omkeer-people-{dt.date.today():%Y%m%d}.{fmt}"'
    audit(actor=request.user, action="people.export", summary=f"{rows} rows", data={"format": fmt})
    return response
