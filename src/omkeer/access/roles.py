"""Roles a user holds. Programme roles come from participations; `hr` from the user flag."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from omkeer.accounts.models import User

ROLE_HR = "hr"
ROLE_PROGRAMME_ADMIN = "admin"
ROLE_COACH = "coach"
ROLE_MENTOR = "mentor"
ROLE_MENTEE = "mentee"
ROLE_STAFF = "staff"
ALL_ROLES = frozenset({ROLE_HR, ROLE_PROGRAMME_ADMIN, ROLE_COACH, ROLE_MENTOR, ROLE_MENTEE, ROLE_STAFF})


def roles_of(user: User | AnonymousUser) -> frozenset[str]:
    """The user's roles, computed once per user object (one query)."""
    if not user.is_authenticated:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_omkeer_roles", None)
    if cached is not None:
        return cached
    from omkeer.programmes.models import Participation

    roles: set[str] = set()
    if user.employee_id:
        roles.update(
            Participation.objects.filter(employee_id=user.employee_id).values_list("role", flat=True).distinct()
        )
    if user.is_hr:
        roles.add(ROLE_HR)
    if user.is_staff:
        roles.add(ROLE_STAFF)
    if user.is_superuser:
        roles.update(ALL_ROLES)
    result = frozenset(roles)
    user._omkeer_roles = result  # type: ignore[attr-defined]
    return result


TWO_FACTOR_ROLES = frozenset({ROLE_HR, ROLE_PROGRAMME_ADMIN, ROLE_COACH, ROLE_STAFF})


def needs_two_factor(user: User | AnonymousUser) -> bool:
    """HR, programme admins, coaches and staff see other people's data: they must log in with a second factor."""
    return bool(roles_of(user) & TWO_FACTOR_ROLES)
