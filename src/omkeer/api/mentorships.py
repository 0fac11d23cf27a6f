import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from omkeer.mentorships.models import Mentorship, Note

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


def _pairs(request: HttpRequest):  # type: ignore[no-untyped-def]
    return (
        Mentorship.objects.visible_to(request.user)
        .select_related("programme", "mentor", "mentee", "coach")
        .prefetch_related("sessions", "agreements")
    )


@router.get("/mentorships", response=list[MentorshipOut])
def list_mentorships(request: HttpRequest) -> list[dict[str, object]]:
    """Pairs the caller may see (their own, those they coach, those of programmes they administer): dates,
    stage and sessions. Never notes."""
    return [_out(pair) for pair in _pairs(request).order_by("pk")]


@router.get("/mentorships/{mentorship_id}", response=MentorshipOut)
def get_mentorship(request: HttpRequest, mentorship_id: int) -> dict[str, object]:
    return _out(get_object_or_404(_pairs(request), pk=mentorship_id))


@router.get("/mentorships/{mentorship_id}/notes", response=list[NoteOut])
def list_notes(request: HttpRequest, mentorship_id: int) -> list[dict[str, object]]:
    """The pair's notes, for the two partners only: a coach or admin of the pair gets 403."""
    pair = get_object_or_404(_pairs(request), pk=mentorship_id)
    if not pair.is_partner(request.user.employee_id):
        raise HttpError(403, "Notes belong to the pair: only the mentor and the mentee read them.")
    notes = Note.objects.readable_by(request.user).filter(mentorship=pair).select_related("session", "author")
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
