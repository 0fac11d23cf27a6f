"""Mentor meet-ups through the real views: the admin or a coach schedules one for every mentor (ICS invitation
in each mentor's zone), changes it (same UID, higher SEQUENCE), cancels it (METHOD:CANCEL), and records who
came. Calendar files are parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.board import services
from omkeer.board.models import Attendance, Meetup
from omkeer.programmes.models import Role
from tests.board.conftest import NOW
from tests.factories import make_participant

MEETUP = {
    "starts_at": "2026-04-02T16:00",
    "minutes": 90,
    "place": "Auditorium",
    "video_link": "",
    "agenda": "1. What works\n2. Where we get stuck",
}
APRIL_2_16H = dt.datetime(2026, 4, 2, 14, 0, tzinfo=dt.UTC)  # 16:00 in Amsterdam (summer time)


def parse(data):
    calendar = icalendar.Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def attachment(message):
    [(name, content, mimetype)] = message.attachments
    assert name == "meetup.ics" and mimetype.startswith("text/calendar")
    return parse(content)


@pytest.fixture
def scheduled(clock, programme, coach, mentor, other_mentor, client_for, django_capture_on_commit_callbacks):
    """The coach schedules a meet-up for 2 April; mail.outbox holds the invitations."""
    other_mentor.time_zone = "America/New_York"
    other_mentor.save(update_fields=["time_zone"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coach).post(reverse("board:meetup-create", args=[programme.pk]), MEETUP)
    meetup = Meetup.objects.get()
    assert response.status_code == 302 and response["Location"] == meetup.get_absolute_url()
    return meetup


def test_the_coach_schedules_and_every_mentor_is_invited(scheduled, coach, mentor, other_mentor, mentee):
    assert scheduled.starts_at == APRIL_2_16H and scheduled.organiser == coach.employee
    assert AuditEntry.objects.get(action="board.meetup-schedule").actor == coach
    invites = {message.to[0]: message for message in mail.outbox}
    assert set(invites) == {mentor.employee.email, other_mentor.employee.email}  # mentors only, not the mentee
    message = invites[mentor.employee.email]
    assert message.subject == "Mentor meet-up: Thursday 2 April 2026, 16:00 (CEST)"
    assert "Auditorium" in message.body and "Where we get stuck" in message.body
    assert scheduled.get_absolute_url() in message.body and scheduled.get_absolute_url() in message.alternatives[0][0]
    calendar, event = attachment(message)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"meetup-{scheduled.uid}@omkeer" and event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam" and event.decoded("DTSTART") == APRIL_2_16H
    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(minutes=90)
    assert str(event["LOCATION"]) == "Auditorium" and "mailto:" in str(event["ORGANIZER"])
    _calendar, new_york = attachment(invites[other_mentor.employee.email])
    assert new_york["DTSTART"].params["TZID"] == "America/New_York" and new_york.decoded("DTSTART").hour == 10
    assert "10:00" in invites[other_mentor.employee.email].body


def test_a_mentor_in_an_active_pair_is_invited_too(clock, programme, coach, mentee, django_capture_on_commit_callbacks):
    from omkeer.mentorships.models import Mentorship
    from tests.factories import make_employee

    paired = make_employee()  # mentors in a pair without a mentor participation (e.g. added by hand)
    Mentorship.objects.create(programme=programme, mentor=paired, mentee=mentee.employee, started=NOW.date())
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_meetup(actor=coach, programme=programme, starts_at=APRIL_2_16H, minutes=60, place="Here")
    assert [message.to for message in mail.outbox] == [[paired.email]]


def test_changes_and_cancellation_reuse_the_uid_with_a_higher_sequence(
    scheduled, admin, mentor, client_for, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    uid = f"meetup-{scheduled.uid}@omkeer"
    with django_capture_on_commit_callbacks(execute=True):
        moved = client_for(admin).post(
            reverse("board:meetup-edit", args=[scheduled.pk]),
            MEETUP | {"starts_at": "2026-04-09T15:00", "video_link": "https://teams.example.com/m"},
        )
        assert moved.status_code == 302
        assert client_for(admin).post(reverse("board:meetup-cancel", args=[scheduled.pk])).status_code == 302
    to_mentor = [m for m in mail.outbox if m.to == [mentor.employee.email]]
    assert [m.subject.split(":")[0] for m in to_mentor] == ["Meet-up changed", "Meet-up cancelled"]
    (changed_cal, changed), (cancel_cal, cancelled) = attachment(to_mentor[0]), attachment(to_mentor[1])
    assert (changed_cal["METHOD"], str(changed["UID"]), changed["SEQUENCE"]) == ("REQUEST", uid, 1)
    assert changed.decoded("DTSTART") == dt.datetime(2026, 4, 9, 13, 0, tzinfo=dt.UTC)
    assert str(changed["URL"]) == "https://teams.example.com/m"
    assert (cancel_cal["METHOD"], str(cancelled["UID"]), cancelled["SEQUENCE"]) == ("CANCEL", uid, 2)
    assert str(cancelled["STATUS"]) == "CANCELLED"
    scheduled.refresh_from_db()
    assert scheduled.is_cancelled and scheduled.sequence == 2
    assert list(AuditEntry.objects.filter(action__startswith="board.meetup").values_list("action", flat=True)) == [
        "board.meetup-cancel",
        "board.meetup-change",
        "board.meetup-schedule",
    ]


def test_the_form_suggests_next_quarter(clock, programme, admin, client_for):
    page = client_for(admin).get(reverse("board:meetup-create", args=[programme.pk])).content.decode()
    assert 'value="2026-04-02T16:00"' in page  # the first Thursday of the next quarter, 16:00 local
    assert 'value="90"' in page


def test_the_suggestion_moves_past_a_planned_meetup(clock, programme):
    Meetup.objects.create(programme=programme, starts_at=APRIL_2_16H, minutes=90, place="x")
    suggested = services.suggested_start(programme, NOW, "Europe/Amsterdam")
    assert suggested.date() == dt.date(2026, 7, 2)  # the first Thursday of July


@pytest.mark.parametrize("persona", ["mentor", "mentee"])
def test_mentors_and_mentees_cannot_schedule(clock, programme, persona, request, client_for):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(reverse("board:meetup-create", args=[programme.pk]), MEETUP)
    assert response.status_code == 403 and not Meetup.objects.exists()


def test_a_coach_of_another_programme_cannot_schedule_here(clock, programme, other_programme, client_for):
    stranger = make_participant(other_programme, Role.COACH)
    response = client_for(stranger).post(reverse("board:meetup-create", args=[programme.pk]), MEETUP)
    assert response.status_code == 404 and not Meetup.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": "2026-03-01T16:00"}, "starts_at"),
        ({"minutes": 14}, "minutes"),
        ({"minutes": 181}, "minutes"),
        ({"minutes": "long"}, "minutes"),
        ({"place": "", "video_link": ""}, "place"),
        ({"video_link": "not a link"}, "video_link"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_sent(
    clock, programme, mentor, admin, client_for, changes, field, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(reverse("board:meetup-create", args=[programme.pk]), MEETUP | changes)
    assert response.status_code == 200 and list(response.context["form"].errors) == [field]
    assert not Meetup.objects.exists() and mail.outbox == [] and not AuditEntry.objects.exists()


def test_a_meetup_in_the_past_says_so(clock, programme, admin, client_for):
    response = client_for(admin).post(
        reverse("board:meetup-create", args=[programme.pk]), MEETUP | {"starts_at": "2026-03-01T16:00"}
    )
    assert response.context["form"].errors == {"starts_at": ["Choose a time in the future."]}


# --- attendance -------------------------------------------------------------------------------------------------


def test_the_coach_records_who_came_after_the_meetup(scheduled, clock, coach, mentor, other_mentor, client_for):
    url = reverse("board:meetup-attendance", args=[scheduled.pk])
    early = client_for(coach).post(url, {"attended": [mentor.employee.pk]})
    assert "once the meet-up has taken place" in str(early.context["attendance_form"].non_field_errors())
    assert not Attendance.objects.exists()

    clock.move_to(dt.datetime(2026, 4, 2, 18, 0, tzinfo=dt.UTC))
    page = client_for(coach).get(scheduled.get_absolute_url()).content.decode()
    assert mentor.employee.full_name in page and other_mentor.employee.full_name in page  # the checkbox list
    response = client_for(coach).post(url, {"attended": [mentor.employee.pk, other_mentor.employee.pk]})
    assert response.status_code == 302
    assert set(scheduled.attendees.all()) == {mentor.employee, other_mentor.employee}
    assert AuditEntry.objects.get(action="board.meetup-attendance").data == {"attended": 2}
    client_for(coach).post(url, {"attended": [mentor.employee.pk]})  # corrected: replaces the record
    assert list(scheduled.attendees.all()) == [mentor.employee]
    html = client_for(mentor).get(scheduled.get_absolute_url()).content.decode()
    assert '<span class="stat__value">1</span><span class="stat__label">attended</span>' in html


def test_attendance_for_someone_not_a_mentor_is_refused(scheduled, clock, coach, mentee, mentor, client_for):
    clock.move_to(dt.datetime(2026, 4, 2, 18, 0, tzinfo=dt.UTC))
    url = reverse("board:meetup-attendance", args=[scheduled.pk])
    response = client_for(coach).post(url, {"attended": [mentor.employee.pk, mentee.employee.pk]})
    assert response.status_code == 200 and list(response.context["attendance_form"].errors) == ["attended"]
    assert not Attendance.objects.exists()
    with pytest.raises(ValidationError) as refused:  # the service checks too, whoever calls it
        services.record_attendance(actor=coach, meetup=scheduled, attended=[mentor.employee, mentee.employee])
    assert refused.value.message_dict == {"attended": ["Not a mentor of this programme: Maarten Mentee."]}
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("key", [str(2**63), str(-(2**63) - 1), "1" * 40])
def test_attendance_for_a_key_past_64_bits_is_refused(key, scheduled, clock, coach, mentor, client_for):
    """A key past 64 bits was a 500 on SQLite (OverflowError in pk__in): now the field says it is not a choice."""
    clock.move_to(dt.datetime(2026, 4, 2, 18, 0, tzinfo=dt.UTC))
    url = reverse("board:meetup-attendance", args=[scheduled.pk])
    response = client_for(coach).post(url, {"attended": [mentor.employee.pk, key]})
    assert response.status_code == 200
    assert response.context["attendance_form"].errors["attended"] == [
        f"Select a valid choice. {key} is not one of the available choices."
    ]
    assert not Attendance.objects.exists()


def test_a_mentor_cannot_record_attendance(scheduled, clock, mentor, client_for):
    clock.move_to(dt.datetime(2026, 4, 2, 18, 0, tzinfo=dt.UTC))
    url = reverse("board:meetup-attendance", args=[scheduled.pk])
    assert client_for(mentor).post(url, {"attended": [mentor.employee.pk]}).status_code == 403


# --- what mentors see -------------------------------------------------------------------------------------------


def test_mentors_see_upcoming_meetups_and_download_the_file(scheduled, mentor, other_mentor, mentee, client_for):
    for page in ("board:index", "board:meetup-list"):
        args = [] if page == "board:index" else [scheduled.programme_id]
        html = client_for(mentor).get(reverse(page, args=args)).content.decode()
        assert scheduled.get_absolute_url() in html and "2 Apr" in html and "16:00" in html
    board = client_for(mentor).get(reverse("board:board", args=[scheduled.programme_id])).content.decode()
    assert reverse("board:meetup-ics", args=[scheduled.pk]) in board
    response = client_for(other_mentor).get(reverse("board:meetup-ics", args=[scheduled.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="meetup-2026-04-02.ics"' in response["Content-Disposition"]
    calendar, event = parse(response.content)
    assert calendar["METHOD"] == "REQUEST" and event["DTSTART"].params["TZID"] == "America/New_York"
    assert other_mentor.employee.email in str(event["ATTENDEE"])
    # the meet-up page shows the time in the mentor's own zone
    page = client_for(other_mentor).get(scheduled.get_absolute_url()).content.decode()
    assert "10:00–11:30 EDT" in page
    assert client_for(mentee).get(reverse("board:meetup-ics", args=[scheduled.pk])).status_code == 403


def test_a_cancelled_meetup_downloads_as_a_cancellation(scheduled, admin, mentor, client_for):
    client_for(admin).post(reverse("board:meetup-cancel", args=[scheduled.pk]))
    calendar, event = parse(client_for(mentor).get(reverse("board:meetup-ics", args=[scheduled.pk])).content)
    assert calendar["METHOD"] == "CANCEL" and event["SEQUENCE"] == 1
    assert scheduled.get_absolute_url() not in client_for(mentor).get(reverse("board:index")).content.decode()


def test_every_bad_field_is_named_at_once(clock, programme, admin, client_for):
    response = client_for(admin).post(
        reverse("board:meetup-create", args=[programme.pk]), MEETUP | {"minutes": 200, "place": ""}
    )
    assert response.context["form"].errors == {
        "minutes": ["Ensure this value is less than or equal to 180."],
        "place": ["Give a place or a video link."],
    }
    assert not Meetup.objects.exists()
