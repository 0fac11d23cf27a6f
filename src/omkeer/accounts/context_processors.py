from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from omkeer.accounts import access
from omkeer.accounts.roles import roles_of

# (url name, label): shown to a user only when the access table lets them open it.
NAV = [
    ("home", _("Dashboard")),
    ("programmes:programme-list", _("Programmes")),
    ("people:directory", _("People")),
    ("people:import-upload", _("Import")),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu fits the role: only entries the access table allows for this user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "user_roles": frozenset()}
    roles = roles_of(user)
    items = [
        (name, label)
        for name, label in NAV
        if access.permits(access.PAGES.get(name, frozenset()), roles, authenticated=True)
    ]
    current = request.resolver_match.view_name if request.resolver_match else ""
    return {"nav": [(n, label, n == current) for n, label in items], "user_roles": roles}
