"""Calendar files parsed back with icalendar: times, zones, UID, SEQUENCE and METHOD as calendars need them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
from django.core import mail
from django.urls import reverse

from omkeer.mentorships import services
from omkeer.mentorships.events import CANCEL, REQUEST, calendar_file

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def parse(data):
    calendar = icalendar.Calendar.from_ical(data)
    return calendar, list(calendar.walk("VEVENT"))


def attachment(message):
    [(_name, content, _mimetype)] = message.attachments
    return content


def test_a_series_keeps_its_local_time_across_the_summer_time_change(planned, mentor):
    """Monthly from 10 March 12:00 Amsterdam: 11:00 UTC in winter, 10:00 UTC from April, always 12:00 local."""
    starts = [s.starts_at for s in planned]
    assert [s.astimezone(AMSTERDAM).strftime("%d %b %H:%M") for s in starts] == [
        "10 Mar 12:00",
        "10 Apr 12:00",
        "10 May 12:00",
        "10 Jun 12:00",
        "10 Jul 12:00",
        "10 Aug 12:00",
    ]
    assert starts[0].astimezone(dt.UTC).hour == 11 and starts[1].astimezone(dt.UTC).hour == 10


def test_the_invitation_carries_the_time_zone_uid_and_sequence(planned, mentor, mentee):
    mentee.time_zone = "America/New_York"
    mentee.save()
    calendar, events = parse(calendar_file(planned, method=REQUEST, time_zone="America/New_York", summary="S"))
    assert calendar["METHOD"] == "REQUEST"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    first = events[0]
    assert first["DTSTART"].params["TZID"] == "America/New_York"
    assert first.decoded("DTSTART") == dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)  # 07:00 in New York
    assert first.decoded("DTSTART").hour == 7
    assert first.decoded("DTEND") - first.decoded("DTSTART") == dt.timedelta(minutes=60)
    assert str(first["UID"]) == f"{planned[0].uid}@omkeer" and first["SEQUENCE"] == 0
    assert len({str(e["UID"]) for e in events}) == 6
    assert "mailto:" in str(first["ORGANIZER"]) and str(first["LOCATION"]) == "Lunch room"


def test_each_partner_gets_the_invitation_in_their_own_zone(agreed, mentor, mentee, django_capture_on_commit_callbacks):
    mentee.time_zone = "Asia/Tokyo"
    mentee.save()
    mail.outbox.clear()
    first = dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_sessions(actor=mentor, mentorship=agreed, first=first, count=1, minutes=30)
    zones = {}
    for message in mail.outbox:
        _calendar, [event] = parse(attachment(message))
        zones[message.to[0]] = (event["DTSTART"].params["TZID"], event.decoded("DTSTART").hour)
        assert event.decoded("DTSTART") == first
    assert zones == {mentor.employee.email: ("Europe/Amsterdam", 12), mentee.employee.email: ("Asia/Tokyo", 20)}
    tokyo_mail = next(m for m in mail.outbox if m.to == [mentee.employee.email])
    assert "20:00" in tokyo_mail.body  # the email text uses the reader's zone too


def test_updates_and_cancellations_reuse_the_uid_with_a_higher_sequence(
    planned, mentor, mentee, django_capture_on_commit_callbacks
):
    session = planned[1]
    uid = f"{session.uid}@omkeer"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule_session(
            actor=mentee,
            session=session,
            starts_at=session.starts_at + dt.timedelta(days=1),
            minutes=45,
            place="Teams",
            video_link="https://teams.example.com/x",
            agenda="",
            reason="Travel",
        )
        services.cancel_session(actor=mentor, session=session, reason="Sick")
    (cal_1, [moved]), (cal_2, [cancelled]) = parse(attachment(mail.outbox[0])), parse(attachment(mail.outbox[2]))
    assert (cal_1["METHOD"], str(moved["UID"]), moved["SEQUENCE"]) == (REQUEST, uid, 1)
    assert (cal_2["METHOD"], str(cancelled["UID"]), cancelled["SEQUENCE"]) == (CANCEL, uid, 2)
    assert str(cancelled["STATUS"]) == "CANCELLED" and str(moved["URL"]) == "https://teams.example.com/x"


def test_the_session_page_offers_the_file(planned, mentee, client_for):
    response = client_for(mentee).get(reverse("mentorships:session-ics", args=[planned[0].pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="session-2026-03-10.ics"' in response["Content-Disposition"]
    _calendar, [event] = parse(response.content)
    assert event.decoded("DTSTART") == planned[0].starts_at
