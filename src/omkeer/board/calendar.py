"""ICS files for mentor meet-ups, built like the sessions' (see omkeer.mentorships.calendar): REQUEST for a new
or changed meet-up, CANCEL when it is called off; one UID for life and a rising SEQUENCE; times in the
recipient's zone (TZID with its VTIMEZONE)."""

from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from omkeer.mentorships.calendar import CANCEL, PRODID, REQUEST

if TYPE_CHECKING:
    from omkeer.board.models import Meetup
    from omkeer.people.models import Employee

__all__ = ["CANCEL", "REQUEST", "meetup_calendar", "uid_of"]


def uid_of(meetup: Meetup) -> str:
    return f"meetup-{meetup.uid}@omkeer"


def _address(person: Employee, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.full_name)
    if role:
        address.params["role"] = vText(role)
    return address


def meetup_calendar(
    meetup: Meetup, *, method: str, time_zone: str, summary: str, attendee: Employee | None = None
) -> bytes:
    """One calendar with the meet-up as its only event, in `time_zone`, addressed to `attendee` if given."""
    zone = zoneinfo.ZoneInfo(time_zone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid_of(meetup))
    event.add("sequence", meetup.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meetup.starts_at.astimezone(zone))
    event.add("dtend", meetup.ends_at.astimezone(zone))
    event.add("summary", summary)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    if meetup.place:
        event.add("location", meetup.place)
    if meetup.video_link:
        event.add("url", meetup.video_link)
    if meetup.agenda:
        event.add("description", meetup.agenda)
    if meetup.organiser is not None:
        event.add("organizer", _address(meetup.organiser))
    if attendee is not None:
        event.add("attendee", _address(attendee, "REQ-PARTICIPANT"))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
