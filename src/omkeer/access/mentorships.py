"""Mentorships: who sees a pair, who acts on it, who coordinates it, and the same for the pair's objects.

A pair is seen by its partners (mentor and mentee), its coach and the admins of its programme; anyone else gets
404 so its existence does not leak. Of those who see it, only the partners act on it (`to="act"`: 403 for the
coach and the admins), only the programme's admins manage it (`to="manage"`: assign a coach, end it) and the
coach or an admin coordinate it (`to="coordinate"`: resolve flags, nudge).
"""

from __future__ import annotations

from typing import Literal, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import manages
from omkeer.accounts.models import User
from omkeer.mentorships.models import (
    AgreementVersion,
    Assignment,
    CoachRequest,
    Commitment,
    Flag,
    HealthCheck,
    MentoringSession,
    Mentorship,
    MentorshipQuerySet,
    Note,
    NoteQuerySet,
    Track,
)
from omkeer.programmes.models import Programme

MentorshipAccess = Literal["see", "act", "lead", "manage", "coordinate"]
PairItem = TypeVar("PairItem", Commitment, Assignment, CoachRequest, HealthCheck)

NOTES_ARE_THE_PAIRS = "Notes belong to the pair: only the mentor and the mentee read them."


def mentorships_visible_to(user: User) -> MentorshipQuerySet:
    """The pairs the user sees, with what their list and pages show of them."""
    return Mentorship.objects.visible_to(user).select_related(
        "programme", "mentor__department", "mentee__department", "coach", "delegate"
    )


def coaches_it(user: User, mentorship: Mentorship) -> bool:
    """Whether the user is the pair's coach."""
    return mentorship.coach_id is not None and mentorship.coach_id == user.employee_id


def coordinates(user: User, mentorship: Mentorship) -> bool:
    """The pair's coach or an admin of its programme (they resolve its flags and nudge it)."""
    return coaches_it(user, mentorship) or manages(user, mentorship.programme_id)


def check_access(user: User, mentorship: Mentorship, to: MentorshipAccess, message: str | None = None) -> None:
    """Raise PermissionDenied (with `message`, if given) when the user, who sees the pair, may not do `to`."""
    if to == "act":
        allowed = mentorship.is_partner(user.employee_id)
    elif to == "lead":  # the mentor leads, and plans the sessions
        allowed = user.employee_id is not None and user.employee_id == mentorship.mentor_id
    elif to == "manage":
        allowed = manages(user, mentorship.programme_id)
    elif to == "coordinate":
        allowed = coordinates(user, mentorship)
    else:
        allowed = True
    if not allowed:
        raise PermissionDenied(message) if message else PermissionDenied


def get_mentorship_for_user(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    to: MentorshipAccess = "see",
    queryset: QuerySet[Mentorship] | None = None,
    message: str | None = None,
) -> Mentorship:
    """A pair the user sees (404 otherwise), with its sessions and agreements; 403 (with `message`, if given)
    when they may not do what `to` asks: act (the partners), lead (the mentor), manage (the programme's admins)
    or coordinate (its coach or the admins). `queryset` narrows or changes what is fetched along."""
    if queryset is None:
        queryset = mentorships_visible_to(request.user).prefetch_related("sessions", "agreements")
    else:
        queryset = queryset.filter(pk__in=Mentorship.objects.visible_to(request.user).values("pk"))
    mentorship = get_object_or_404(queryset, pk=pk)
    check_access(request.user, mentorship, to, message)
    return mentorship


def get_agreement_version_for_user(request: AuthenticatedHttpRequest, pk: int, version_pk: int) -> AgreementVersion:
    """A version of the agreement of a pair the user is a partner of (404 out of scope, 403 for coach/admin)."""
    mentorship = get_mentorship_for_user(request, pk, to="act")
    version = get_object_or_404(AgreementVersion, mentorship=mentorship, pk=version_pk)
    version.mentorship = mentorship
    return version


def get_session_for_user(
    request: AuthenticatedHttpRequest, pk: int, *, to: MentorshipAccess = "act"
) -> MentoringSession:
    """A session of a pair the user sees (404 otherwise), with its pair; 403 when they may not do `to` with it
    (by default: act, which only the partners do)."""
    sessions = MentoringSession.objects.select_related(
        "mentorship__mentor", "mentorship__mentee", "mentorship__programme"
    )
    session = get_object_or_404(sessions.filter(mentorship__in=Mentorship.objects.visible_to(request.user)), pk=pk)
    check_access(request.user, session.mentorship, to)
    return session


def get_delegated_session_for_user(request: AuthenticatedHttpRequest, pk: int) -> MentoringSession:
    """A session of a pair whose times the user keeps as the senior's assistant; 404 for any other."""
    sessions = MentoringSession.objects.select_related("mentorship__mentor", "mentorship__mentee")
    return get_object_or_404(sessions.filter(mentorship__delegate_id=request.user.employee_id or 0), pk=pk)


def notes_readable_by(user: User) -> NoteQuerySet:
    """The notes the user may read: those of the pairs they are a partner of, never a coach's or an admin's."""
    return Note.objects.readable_by(user)


def get_note_for_user(request: AuthenticatedHttpRequest, pk: int) -> Note:
    """A note of a pair the user is a partner of, with its pair and session; 404 for anyone else."""
    return get_object_or_404(notes_readable_by(request.user).select_related("mentorship", "session"), pk=pk)


def get_flag_for_user(request: AuthenticatedHttpRequest, pk: int) -> Flag:
    """A flag of a pair the user sees (404 otherwise) that they coordinate: its coach or a programme admin
    (403 for the partners)."""
    flags = Flag.objects.select_related("mentorship").filter(mentorship__in=Mentorship.objects.visible_to(request.user))
    flag = get_object_or_404(flags, pk=pk)
    check_access(request.user, flag.mentorship, "coordinate")
    return flag


def _get_pair_item(request: AuthenticatedHttpRequest, model: type[PairItem], pk: int, to: MentorshipAccess) -> PairItem:
    """An object of a pair the user sees (404 otherwise), its pair resolved through `get_mentorship_for_user`."""
    item = get_object_or_404(
        model._default_manager.filter(mentorship__in=Mentorship.objects.visible_to(request.user)), pk=pk
    )
    item.mentorship = get_mentorship_for_user(request, item.mentorship_id, to=to)
    return item


def get_commitment_for_user(request: AuthenticatedHttpRequest, pk: int) -> Commitment:
    """A commitment of a pair the user is a partner of (404 out of scope, 403 for coach/admin)."""
    return _get_pair_item(request, Commitment, pk, "act")


def get_assignment_for_user(request: AuthenticatedHttpRequest, pk: int) -> Assignment:
    """An assignment of a pair the user is a partner of (404 out of scope, 403 for coach/admin)."""
    return _get_pair_item(request, Assignment, pk, "act")


def get_health_check_for_user(request: AuthenticatedHttpRequest, pk: int) -> HealthCheck:
    """A health check of a pair the user is a partner of (404 out of scope, 403 for coach/admin)."""
    return _get_pair_item(request, HealthCheck, pk, "act")


def get_coach_request_for_user(request: AuthenticatedHttpRequest, pk: int) -> CoachRequest:
    """A request for the coach of a pair the user sees (404 otherwise). Only the pair's coach records the
    conversation: the service answers 403 to anyone else."""
    return _get_pair_item(request, CoachRequest, pk, "see")


def get_track_for_user(request: AuthenticatedHttpRequest, pk: int) -> Track:
    """A session plan of a programme the user administers: 404 if they do not see the programme, 403 if they
    see it but do not administer it."""
    tracks = Track.objects.select_related("programme").filter(programme__in=Programme.objects.visible_to(request.user))
    track = get_object_or_404(tracks, pk=pk)
    if not manages(request.user, track.programme_id):
        raise PermissionDenied
    return track
