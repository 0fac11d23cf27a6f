from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.privacy import get_employee_to_erase
from omkeer.privacy.services import erase_person, export_data


@require_GET
@login_required
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = export_data(actor=request.user)
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="omkeer-my-data-{timezone.localdate():%Y%m%d}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def erase(request: AuthenticatedHttpRequest, employee_id: str) -> HttpResponse:
    """GET: what erasure does, and the button; POST: erase."""
    employee = get_employee_to_erase(request, employee_id)
    if request.method == "POST":
        try:
            erase_person(actor=request.user, employee=employee)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("privacy:erase", employee_id=employee.employee_id)
        messages.success(request, _("The person's data was erased. What stays is anonymous."))
        return redirect("people:directory")
    return render(request, "privacy/erase_confirm.html", {"employee": employee})
