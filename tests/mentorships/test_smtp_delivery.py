"""A session series' invitation over real SMTP (aiosmtpd): both partners get one message whose calendar
attachment parses back with every session."""

from __future__ import annotations

import datetime as dt

import icalendar

from omkeer.mentorships import services


def test_the_invitation_reaches_both_partners_with_a_calendar_of_every_session(
    agreed, mentor, mentee, smtp_sink, django_capture_on_commit_callbacks
):
    first = dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_sessions(actor=mentor, mentorship=agreed, first=first, count=3, minutes=60, place="Lunch room")
    delivered = {message["To"]: message for message in smtp_sink.messages}
    assert set(delivered) == {mentor.employee.email, mentee.employee.email}
    for message in delivered.values():
        [calendar_part] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
        calendar = icalendar.Calendar.from_ical(calendar_part.get_payload(decode=True))
        events = list(calendar.walk("VEVENT"))
        starts = sorted(session.starts_at for session in agreed.sessions.all())
        assert len(starts) == 3 and starts[0] == first
        assert sorted(event.decoded("dtstart").astimezone(dt.UTC) for event in events) == starts
        assert all(str(event["location"]) == "Lunch room" for event in events)
