"""Matching: runs and pair constraints belong to the programme admins of their programme, and no one else.

A run is visible only to the admins of its programme (`MatchRun.objects.visible_to`), so it is a 404 for
anyone else. Pins and forbids are reached through their programme, resolved with `to="manage"`.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user
from omkeer.matching.models import MatchRun, PairConstraint


def get_run_for_user(request: AuthenticatedHttpRequest, pk: int) -> MatchRun:
    """A run of a programme the user administers, with its programme and the people who made and approved
    it; 404 for any other run. The stored engine input (`problem`) is left unloaded."""
    runs = MatchRun.objects.visible_to(request.user).select_related("programme", "created_by", "approved_by")
    return get_object_or_404(runs.defer("problem"), pk=pk)


def get_pair_constraint_for_user(
    request: AuthenticatedHttpRequest, programme_pk: int, pk: int, *, hide: bool = False
) -> PairConstraint:
    """A pin or forbid of a programme the user administers, with its mentor and mentee: 404 when the programme
    is out of sight (or, with `hide=True`, not theirs to manage) or the constraint is not the programme's, 403
    when they see the programme but do not manage it."""
    programme = get_programme_for_user(request, programme_pk, to="manage", hide=hide)
    return get_object_or_404(programme.pair_constraints.select_related("mentor", "mentee"), pk=pk)
