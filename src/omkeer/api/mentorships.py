"""The mentorships API: the pairs a caller sees (dates, stage, sessions) and, for the two partners only, notes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from omkeer.access import mentorships as access
from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.api.errors import answers
from omkeer.api.pagination import Pagination
from omkeer.mentorships.models import Mentorship, MentorshipQuerySet

router = Router(tags=["mentorships"])


class SessionOut(Schema):
    id: int
    starts_at: dt.datetime
    minutes: int
    state: str


class MentorshipOut(Schema):
    id: int
    programme_id: int
    mentor: str
    mentee: str
    coach: str | None
    status: str
    stage: str
    started: dt.date
    kickoff_held: dt.date | None
    ended: dt.date | None
    agreement_version: int | None
    sessions: list[SessionOut]


class NoteOut(Schema):
    session_id: int
    session_start: dt.datetime
    author: str
    text: str
    updated: dt.datetime


def _out(pair: Mentorship) -> dict[str, object]:
    agreement = pair.agreement()
    return {
        "id": pair.pk,
        "programme_id": pair.programme_id,
        "mentor": pair.mentor.employee_id,
        "mentee": pair.mentee.employee_id,
        "coach": pair.coach.employee_id if pair.coach else None,
        "status": pair.status,
        "stage": pair.stage(timezone.now()).value,
        "started": pair.started,
        "kickoff_held": pair.kickoff_held,
        "ended": pair.ended,
        "agreement_version": agreement.number if agreement else None,
        "sessions": sorted(pair.sessions.all(), key=lambda s: s.starts_at),
    }


def _with_sessions(pairs: MentorshipQuerySet) -> MentorshipQuerySet:
    return pairs.select_related("programme", "mentor", "mentee", "coach").prefetch_related("sessions", "agreements")


class _Pairs:
    """The visible pairs for the paginator: it counts them, then reads one window of them with their sessions."""

    def __init__(self, pairs: MentorshipQuerySet) -> None:
        self.pairs = pairs

    def all(self) -> _Pairs:
        return self

    def count(self) -> int:
        return self.pairs.count()

    def __getitem__(self, window: slice) -> list[dict[str, object]]:
        return [_out(pair) for pair in _with_sessions(self.pairs)[window]]


@router.get("/mentorships", response=answers({200: list[MentorshipOut]}, 422))
@paginate(Pagination)
def list_mentorships(request: AuthenticatedHttpRequest) -> object:
    """Pairs the caller may see (their own, those they coach, those of programmes they administer): dates,
    stage and sessions, `limit` (100 by default) at a time from `offset`. Never notes."""
    return _Pairs(Mentorship.objects.visible_to(request.user).order_by("pk"))


@router.get("/mentorships/{mentorship_id}", response=answers({200: MentorshipOut}, 404, 422))
def get_mentorship(request: AuthenticatedHttpRequest, mentorship_id: int) -> dict[str, object]:
    return _out(
        access.get_mentorship_for_user(request, mentorship_id, queryset=_with_sessions(Mentorship.objects.all()))
    )


@router.get("/mentorships/{mentorship_id}/notes", response=answers({200: list[NoteOut]}, 404, 422))
def list_notes(request: AuthenticatedHttpRequest, mentorship_id: int) -> list[dict[str, object]]:
    """The pair's notes, for the two partners only: a coach or admin of the pair gets 403."""
    pair = access.get_mentorship_for_user(
        request,
        mentorship_id,
        to="act",
        queryset=_with_sessions(Mentorship.objects.all()),
        message=access.NOTES_ARE_THE_PAIRS,
    )
    notes = access.notes_readable_by(request.user).filter(mentorship=pair).select_related("session", "author")
    return [
        {
            "session_id": note.session_id,
            "session_start": note.session.starts_at,
            "author": note.author.employee_id,
            "text": note.text,
            "updated": note.updated,
        }
        for note in notes
    ]
