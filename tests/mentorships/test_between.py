"""Between the sessions: commitments, assignments, the coach, the senior's assistant, health checks, nudges."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from omkeer.mentorships import between, tasks
from omkeer.mentorships.models import (
    Assignment,
    CoachRequest,
    Commitment,
    Flag,
    HealthCheck,
    MentoringSession,
    Nudge,
    SessionChange,
)
from tests.factories import make_employee, make_user


def url(name, *args):
    return reverse(f"mentorships:{name}", args=args)


def messages_of(client, response):
    return client.get(response["Location"]).content.decode()


# --- commitments ---------------------------------------------------------------------------------------------------


def test_the_mentee_commits_and_keeps_track(agreed, mentee, mentor, admin, client_for):
    client = client_for(mentee)
    client.post(url("commitment-add", agreed.pk), {"text": "No email from Friday 19:00", "due": "2026-04-30"})
    commitment = Commitment.objects.get()
    assert (commitment.text, commitment.due, commitment.state) == (
        "No email from Friday 19:00",
        dt.date(2026, 4, 30),
        "open",
    )
    client.post(url("commitment-state", commitment.pk), {"state": "done"})
    commitment.refresh_from_db()
    assert commitment.state == "done"
    assert "No email from Friday 19:00" in client_for(mentor).get(agreed.get_absolute_url()).content.decode()
    admin_page = client_for(admin).get(agreed.get_absolute_url()).content.decode()
    assert "No email from Friday" not in admin_page and "1 commitment" in admin_page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"text": "", "due": "2026-04-30"}, "This field is required."),
        ({"text": "Post monthly", "due": "2025-01-01"}, "The date cannot be before the mentorship started."),
        ({"text": "Post monthly", "due": "soon"}, "Enter a valid date."),
    ],
)
def test_a_bad_commitment_is_refused(agreed, mentee, client_for, data, error):
    client = client_for(mentee)
    response = client.post(url("commitment-add", agreed.pk), data)
    assert error in messages_of(client, response)
    assert not Commitment.objects.exists()


def test_the_mentor_cannot_commit_for_the_mentee(agreed, mentor, client_for):
    response = client_for(mentor).post(url("commitment-add", agreed.pk), {"text": "x", "due": "2026-04-30"})
    assert response.status_code == 403 and not Commitment.objects.exists()


# --- assignments ---------------------------------------------------------------------------------------------------


def test_the_mentor_sends_reading_and_the_mentee_marks_it_done(
    agreed, mentor, mentee, admin, client_for, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    data = {"title": "The AI guide", "link": "https://example.com/ai", "text": "Chapter 2", "due": "2026-03-20"}
    with django_capture_on_commit_callbacks(execute=True):
        client_for(mentor).post(url("assignment-send", agreed.pk), data)
    assignment = Assignment.objects.get()
    assert [m.to for m in mail.outbox] == [[mentee.employee.email]] and "The AI guide" in mail.outbox[0].body
    assert client_for(mentor).post(url("assignment-done", assignment.pk)).status_code == 403
    client_for(mentee).post(url("assignment-done", assignment.pk), {"comment": "Tried it on my memo"})
    assignment.refresh_from_db()
    assert assignment.done is not None and assignment.comment == "Tried it on my memo"
    page = client_for(admin).get(agreed.get_absolute_url()).content.decode()
    assert "The AI guide" not in page and "1 done" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"title": "", "text": "x"}, "This field is required."),
        ({"title": "Read", "text": ""}, "Add a link or say what to do."),
        ({"title": "Read", "text": "x", "due": "2026-01-01"}, "The due date cannot be in the past."),
        ({"title": "Read", "link": "not a link"}, "Enter a valid URL."),
    ],
)
def test_a_bad_assignment_is_refused(agreed, mentor, client_for, data, error):
    client = client_for(mentor)
    response = client.post(url("assignment-send", agreed.pk), data)
    assert error in messages_of(client, response)
    assert not Assignment.objects.exists()


# --- the coach -----------------------------------------------------------------------------------------------------


def test_the_mentee_asks_the_coach_who_records_the_conversation(
    agreed, mentee, coach, client_for, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client = client_for(mentee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("coach-ask", agreed.pk))
    assert [m.to for m in mail.outbox] == [[coach.employee.email]]
    again = client.post(url("coach-ask", agreed.pk))
    assert "You have asked already" in messages_of(client, again) and CoachRequest.objects.count() == 1
    request = CoachRequest.objects.get()
    coach_client = client_for(coach)
    bad = coach_client.post(url("coach-conversation", request.pk), {"on": "2026-12-01"})
    assert "Choose a date between the request and today." in messages_of(coach_client, bad)
    coach_client.post(url("coach-conversation", request.pk), {"on": "2026-03-02"})
    request.refresh_from_db()
    assert request.held == dt.date(2026, 3, 2)


def test_only_the_pairs_coach_records_a_conversation(agreed, programme, client_for):
    from omkeer.programmes.models import Role
    from tests.factories import make_participant

    request = CoachRequest.objects.create(mentorship=agreed)
    other_coach = make_participant(programme, Role.COACH)
    assert client_for(other_coach).post(url("coach-conversation", request.pk), {"on": "2026-03-02"}).status_code == 404


# --- the senior's assistant ----------------------------------------------------------------------------------------


@pytest.fixture
def assistant(db):
    return make_user(make_employee(first_name="Ada", last_name="Assistant", email="ada@example.com"))


def test_the_assistant_moves_session_times_and_sees_nothing_else(
    planned, mentee, mentor, assistant, client_for, django_capture_on_commit_callbacks
):
    client_for(mentee).post(url("delegate-set", planned[0].mentorship_id), {"delegate": "ADA@example.com"})
    pair = planned[0].mentorship
    pair.refresh_from_db()
    assert pair.delegate == assistant.employee
    MentoringSession.objects.filter(pk=planned[0].pk).update(agenda="Secret agenda about the merger")
    helper = client_for(assistant)
    page = helper.get(url("delegate-sessions")).content.decode()
    assert "Tue 10 Mar 2026, 12:00" in page and "Secret agenda" not in page
    for forbidden in (url("detail", pair.pk), url("session-detail", planned[0].pk), url("session-ics", planned[0].pk)):
        assert helper.get(forbidden).status_code in (403, 404)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        helper.post(url("delegate-move", planned[0].pk), {"starts_at": "2026-03-11T09:00", "reason": "Board meeting"})
    moved = MentoringSession.objects.get(pk=planned[0].pk)
    assert moved.sequence == 1 and moved.agenda == "Secret agenda about the merger"
    change = SessionChange.objects.get()
    assert change.by == assistant.employee and change.reason == "Board meeting"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.employee.email, mentee.employee.email])
    [(_name, content, _type)] = mail.outbox[0].attachments
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event["SEQUENCE"] == 1 and event.decoded("DTSTART") == dt.datetime(2026, 3, 11, 8, 0, tzinfo=dt.UTC)


def test_someone_else_cannot_move_the_sessions(planned, outsider, client_for):
    response = client_for(outsider).post(url("delegate-move", planned[0].pk), {"starts_at": "2026-03-11T09:00"})
    assert response.status_code == 404


def test_an_unknown_assistant_is_refused(agreed, mentee, client_for):
    client = client_for(mentee)
    response = client.post(url("delegate-set", agreed.pk), {"delegate": "nobody@example.com"})
    assert "Nobody with that employee id or email works here." in messages_of(client, response)
    agreed.refresh_from_db()
    assert agreed.delegate is None


# --- health checks -------------------------------------------------------------------------------------------------


def test_health_checks_open_30_days_after_kickoff_then_every_60(
    agreed, mentor, mentee, coach, clock, client_for, django_capture_on_commit_callbacks
):
    kickoff = agreed.kickoff_held
    assert between.ask_health_checks(kickoff + dt.timedelta(days=29)) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert between.ask_health_checks(kickoff + dt.timedelta(days=30)) == 2
        assert between.ask_health_checks(kickoff + dt.timedelta(days=31)) == 0  # once per due date
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.employee.email, mentee.employee.email])
    assert between.ask_health_checks(kickoff + dt.timedelta(days=90)) == 2
    assert set(HealthCheck.objects.values_list("due", flat=True)) == {
        kickoff + dt.timedelta(days=30),
        kickoff + dt.timedelta(days=90),
    }
    # the newest open check is answered; a low score flags the coach, who never sees the scores
    check = HealthCheck.objects.filter(author=mentee.employee).order_by("-due").first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(mentee).post(url("health-answer", check.pk), {"meeting_regularly": 4, "learning": 2, "safe": 5})
    check.refresh_from_db()
    assert (check.meeting_regularly, check.learning, check.safe) == (4, 2, 5)
    assert Flag.objects.get().kind == Flag.Kind.HEALTH
    assert [m.to for m in mail.outbox] == [[coach.employee.email]]
    coach_page = client_for(coach).get(agreed.get_absolute_url()).content.decode()
    assert "A health check scored low" in coach_page


def test_the_daily_task_opens_the_checks(agreed, clock):
    clock.move_to(dt.datetime.combine(agreed.kickoff_held + dt.timedelta(days=30), dt.time(8), tzinfo=dt.UTC))
    assert tasks.open_health_checks.delay().get() == 2


def test_a_partner_answers_only_their_own_check_with_scores_1_to_5(agreed, mentor, mentee, client_for):
    check = HealthCheck.objects.create(mentorship=agreed, author=mentee.employee, due=agreed.kickoff_held)
    assert (
        client_for(mentor)
        .post(url("health-answer", check.pk), {"meeting_regularly": 5, "learning": 5, "safe": 5})
        .status_code
        == 403
    )
    client = client_for(mentee)
    response = client.post(url("health-answer", check.pk), {"meeting_regularly": 9, "learning": 5, "safe": 5})
    assert "Select a valid choice" in messages_of(client, response)
    check.refresh_from_db()
    assert check.answered is None and not Flag.objects.exists()


# --- nudges --------------------------------------------------------------------------------------------------------


def test_a_coordinator_nudges_a_stalling_pair_once_a_week(
    agreed, admin, mentor, mentee, clock, client_for, django_capture_on_commit_callbacks
):
    clock.move_to(dt.datetime(2026, 4, 30, 9, 0, tzinfo=dt.UTC))  # two months without a session
    client = client_for(admin)
    list_page = client.get(url("list"), {"stage": "stalling"}).content.decode()
    assert "Nudge" in list_page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("nudge", agreed.pk), {"back": "list"})
    assert response["Location"].endswith("?stage=stalling")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.employee.email, mentee.employee.email])
    assert "Plan your next sessions" in mail.outbox[0].body
    again = client.post(url("nudge", agreed.pk))
    assert "less than a week ago" in messages_of(client, again) and Nudge.objects.count() == 1
    assert client_for(mentor).post(url("nudge", agreed.pk)).status_code == 403
