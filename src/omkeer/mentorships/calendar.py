"""Sessions as calendar events (see `omkeer.lib.ics`): one UID per session for life, the session's sequence."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from omkeer.lib import ics
from omkeer.lib.ics import CANCEL, REQUEST

if TYPE_CHECKING:
    from omkeer.mentorships.models import MentoringSession

__all__ = ["CANCEL", "REQUEST", "session_calendar", "uid_of"]


def uid_of(session: MentoringSession) -> str:
    return f"{session.uid}@omkeer"


def items(sessions: Iterable[MentoringSession], summary: str) -> list[ics.Item]:
    return [
        ics.Item(
            uid=uid_of(session),
            sequence=session.sequence,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            summary=summary,
            place=session.place,
            url=session.video_link,
            description=session.agenda,
            organizer=session.mentorship.mentor,
            attendee=session.mentorship.mentee,
        )
        for session in sessions
    ]


def session_calendar(sessions: Iterable[MentoringSession], *, method: str, time_zone: str, summary: str) -> bytes:
    """One calendar holding one event per session, in `time_zone`."""
    return ics.calendar(items(sessions, summary), method=method, time_zone=time_zone)
