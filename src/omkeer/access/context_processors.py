from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from omkeer.access import table as access
from omkeer.access.roles import roles_of

# (url name, label, the URL names that mark the entry current): shown only when the access table allows it.
NAV = [
    ("home", _("Dashboard"), ("home",)),
    ("programmes:programme-list", _("Programmes"), ("programmes:",)),
    ("enrolment:overview", _("Enrolment"), ("enrolment:",)),
    ("mentorships:list", _("Mentorships"), ("mentorships:",)),
    ("board:index", _("Board"), ("board:",)),
    ("people:directory", _("People"), ("people:directory", "people:employee-detail")),
    ("people:import-upload", _("Import"), ("people:import-",)),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu fits the role: only entries the access table allows for this user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "user_roles": frozenset()}
    roles = roles_of(user)
    current = request.resolver_match.view_name if request.resolver_match else ""
    nav = [
        (name, label, current.startswith(marks))
        for name, label, marks in NAV
        if access.permits(access.PAGES.get(name, frozenset()), roles, authenticated=True)
    ]
    return {"nav": nav, "user_roles": roles}
