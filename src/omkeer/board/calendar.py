"""Mentor meet-ups as calendar events (see `omkeer.lib.ics`): one UID per meet-up for life, its sequence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from omkeer.lib import ics
from omkeer.lib.ics import CANCEL, REQUEST

if TYPE_CHECKING:
    from omkeer.board.models import Meetup
    from omkeer.people.models import Employee

__all__ = ["CANCEL", "REQUEST", "item", "meetup_calendar", "uid_of"]


def uid_of(meetup: Meetup) -> str:
    return f"meetup-{meetup.uid}@omkeer"


def item(meetup: Meetup, summary: str, attendee: Employee | None = None) -> ics.Item:
    return ics.Item(
        uid=uid_of(meetup),
        sequence=meetup.sequence,
        starts_at=meetup.starts_at,
        ends_at=meetup.ends_at,
        summary=summary,
        place=meetup.place,
        url=meetup.video_link,
        description=meetup.agenda,
        organizer=meetup.organiser,
        attendee=attendee,
    )


def meetup_calendar(
    meetup: Meetup, *, method: str, time_zone: str, summary: str, attendee: Employee | None = None
) -> bytes:
    """One calendar with the meet-up as its only event, in `time_zone`, addressed to `attendee` if given."""
    return ics.calendar([item(meetup, summary, attendee)], method=method, time_zone=time_zone)
