"""Privacy: whom an HR manager may erase.

Erasure is an HR decision: the `is_hr` flag, not the superuser's everything-role (a technical administrator
erases from the console, `omkeer erase-person`)."""

from __future__ import annotations

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.people import get_employee_for_hr
from omkeer.people.models import Employee


def get_employee_to_erase(request: AuthenticatedHttpRequest, employee_id: str) -> Employee:
    """The employee HR may erase: 404 when the user may not see them, 403 when they see them but are not HR."""
    return get_employee_for_hr(request, employee_id)
