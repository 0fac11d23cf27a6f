"""ICS files for sessions (RFC 5545 with iTIP methods): REQUEST for new and changed sessions, CANCEL for
cancelled ones. A session keeps its UID for life; every change raises SEQUENCE, so calendars update the
event they already hold instead of adding a second one. Times carry the recipient's time zone (TZID with
its VTIMEZONE), so the invitation reads right whatever the calendar's own zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

if TYPE_CHECKING:
    from omkeer.mentorships.models import MentoringSession
    from omkeer.people.models import Employee

PRODID = "-//Omkeer//reverse mentoring//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def uid_of(session: MentoringSession) -> str:
    return f"{session.uid}@omkeer"


def _address(person: Employee, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.full_name)
    if role:
        address.params["role"] = vText(role)
    return address


def session_calendar(
    sessions: Iterable[MentoringSession], *, method: str, time_zone: str, summary: str, description: str = ""
) -> bytes:
    """One calendar holding one event per session, in `time_zone`."""
    zone = zoneinfo.ZoneInfo(time_zone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    for session in sessions:
        mentorship = session.mentorship
        event = Event()
        event.add("uid", uid_of(session))
        event.add("sequence", session.sequence)
        event.add("dtstamp", timezone.now())
        event.add("dtstart", session.starts_at.astimezone(zone))
        event.add("dtend", session.ends_at.astimezone(zone))
        event.add("summary", summary)
        event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
        if session.place:
            event.add("location", session.place)
        if session.video_link:
            event.add("url", session.video_link)
        text = "\n\n".join(part for part in (description, session.agenda) if part)
        if text:
            event.add("description", text)
        event.add("organizer", _address(mentorship.mentor))
        event.add("attendee", _address(mentorship.mentee, "REQ-PARTICIPANT"))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
