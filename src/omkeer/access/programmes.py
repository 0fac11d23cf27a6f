"""Programmes: who sees one, who manages it (programme admin), who coordinates it (admin or coach)."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.accounts.models import User
from omkeer.programmes.models import Programme, ProgrammeQuerySet

ProgrammeAccess = Literal["see", "manage", "coordinate"]


def manages(user: User, programme: Programme | int) -> bool:
    """Whether the user is an admin of the programme (superusers manage every programme)."""
    pk = programme if isinstance(programme, int) else programme.pk
    return Programme.objects.managed_by(user).filter(pk=pk).exists()


def managed_programmes(user: User) -> ProgrammeQuerySet:
    """The programmes the user administers (every programme for a superuser), for pages that list them."""
    return Programme.objects.managed_by(user)


def managed_ids(user: User) -> set[int]:
    """The ids of the programmes the user administers, for pages that mark them in a list."""
    return set(Programme.objects.managed_by(user).values_list("pk", flat=True))


def coordinates(user: User, programme: Programme | int) -> bool:
    """The programme admin or a coach of the programme (they schedule meet-ups and see idea counts)."""
    pk = programme if isinstance(programme, int) else programme.pk
    return Programme.objects.coordinated_by(user).filter(pk=pk).exists()


def get_programme_for_user(
    request: AuthenticatedHttpRequest, pk: int, *, to: ProgrammeAccess = "see", hide: bool = False
) -> Programme:
    """A programme the user takes part in (404 for any other, so its existence does not leak); with
    `to="manage"` one they administer and with `to="coordinate"` one they administer or coach (403 otherwise).
    With `hide=True` a programme they may see but not manage or coordinate is a 404 too (the matching API)."""
    user = request.user
    if hide and to == "manage":
        return get_object_or_404(Programme.objects.managed_by(user), pk=pk)
    if hide and to == "coordinate":
        return get_object_or_404(Programme.objects.coordinated_by(user), pk=pk)
    programme = get_object_or_404(Programme.objects.visible_to(user), pk=pk)
    if to == "manage" and not manages(user, programme):
        raise PermissionDenied
    if to == "coordinate" and not coordinates(user, programme):
        raise PermissionDenied
    return programme


def programmes_visible_to(user: User) -> ProgrammeQuerySet:
    """The programmes the user takes part in, in any role (every programme for a superuser), for list pages."""
    return Programme.objects.visible_to(user)
