"""People: who sees an employee, and whose HR import job it is.

HR, programme admins and superusers see the whole organisation; everyone else sees only themselves. The people
app's own `Employee.objects.visible_to(user)` knows HR and superusers; the programme admin rule comes from the
roles (programmes sit above people), so web code asks here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.roles import ROLE_HR, ROLE_PROGRAMME_ADMIN, roles_of
from omkeer.accounts.models import User
from omkeer.people.models import Employee, EmployeeQuerySet, ImportJob

ORGANISATION_ROLES = frozenset({ROLE_HR, ROLE_PROGRAMME_ADMIN})


def sees_organisation(user: User) -> bool:
    """Whether the user sees every employee: HR, a programme admin or a superuser."""
    return user.is_authenticated and (user.is_superuser or bool(roles_of(user) & ORGANISATION_ROLES))


def employees_visible_to(user: User) -> EmployeeQuerySet:
    """The employees the user may see: the whole organisation (see `sees_organisation`), else only themselves."""
    if sees_organisation(user):
        return Employee.objects.all()
    return Employee.objects.visible_to(user)


def get_employee_for_user(request: AuthenticatedHttpRequest, employee_id: str) -> Employee:
    """The employee with this employee id, with department, team and manager; 404 when the user may not see them
    (so their existence does not leak)."""
    employees = employees_visible_to(request.user).select_related("department", "team", "manager")
    return get_object_or_404(employees, employee_id=employee_id)


def get_import_job_for_user(request: AuthenticatedHttpRequest, pk: int) -> ImportJob:
    """An HR import job of the user who uploaded it; 404 for anyone else, other HR users included."""
    return get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)


def get_employee_for_hr(request: AuthenticatedHttpRequest, employee_id: str) -> Employee:
    """An employee for an HR decision about them (erasure, a second-factor reset): 404 when the user may not see
    them, 403 when they see them but are not HR. The `is_hr` flag, not the superuser's everything-role."""
    employee = get_employee_for_user(request, employee_id)
    if not request.user.is_hr:
        raise PermissionDenied
    return employee


def get_login_to_reset(request: AuthenticatedHttpRequest, employee_id: str) -> tuple[Employee, User]:
    """An employee HR may see, and their login, for HR to reset its second factor: 404 when the user may not see
    them or they have no login, 403 when they see them but are not HR."""
    employee = get_employee_for_hr(request, employee_id)
    return employee, get_object_or_404(User, employee=employee)
