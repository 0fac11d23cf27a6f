"""Building blocks of ICS files (RFC 5545 with iTIP methods): REQUEST for new and changed events, CANCEL for
cancelled ones. An event keeps its UID for life and every change raises its SEQUENCE, so calendars update
the event they hold instead of adding a second one. Times carry the recipient's zone (TZID + VTIMEZONE)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from omkeer.lib.notices import Attachment
from omkeer.lib.persons import Person

PRODID = "-//Omkeer//reverse mentoring//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


@dataclass(frozen=True)
class Item:
    """One event: what every calendar file of ours says about a session or a meet-up."""

    uid: str
    sequence: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    place: str = ""
    url: str = ""
    description: str = ""
    organizer: Person | None = None
    attendee: Person | None = None


def _address(person: Person, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.full_name)
    if role:
        address.params["role"] = vText(role)
    return address


def calendar(items: Sequence[Item], *, method: str, time_zone: str) -> bytes:
    """A calendar holding `items`, with times in `time_zone`."""
    zone = zoneinfo.ZoneInfo(time_zone)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("sequence", item.sequence)
        event.add("dtstamp", timezone.now())
        event.add("dtstart", item.starts_at.astimezone(zone))
        event.add("dtend", item.ends_at.astimezone(zone))
        event.add("summary", item.summary)
        event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
        if item.place:
            event.add("location", item.place)
        if item.url:
            event.add("url", item.url)
        if item.description:
            event.add("description", item.description)
        if item.organizer is not None:
            event.add("organizer", _address(item.organizer))
        if item.attendee is not None:
            event.add("attendee", _address(item.attendee, "REQ-PARTICIPANT"))
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def attachment(name: str, items: Sequence[Item], *, method: str, time_zone: str) -> Attachment:
    """The calendar as an email attachment."""
    data = calendar(items, method=method, time_zone=time_zone)
    return Attachment(name, data, f"text/calendar; method={method}; charset=utf-8")
