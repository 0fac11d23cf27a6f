"""Bad input gets a clear error naming the field, and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from omkeer.mentorships.models import AgreementVersion, MentoringSession, Note, SessionChange, SessionState
from tests.mentorships.conftest import AGREEMENT


def errors_of(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_planning_in_the_past_is_refused(agreed, mentor, client_for):
    mail.outbox.clear()
    data = {"first": "2026-03-01T12:00", "count": 3, "minutes": 60}
    response = client_for(mentor).post(reverse("mentorships:session-plan", args=[agreed.pk]), data)
    assert response.status_code == 200
    assert errors_of(response) == {"first": ["Choose a time in the future."]}
    assert not MentoringSession.objects.exists() and mail.outbox == []


@pytest.mark.parametrize("minutes", ["0", "-30", "14", "181", "ninety"])
def test_a_length_outside_15_to_180_minutes_is_refused(agreed, mentor, client_for, minutes):
    data = {"first": "2026-03-10T12:00", "count": 3, "minutes": minutes}
    response = client_for(mentor).post(reverse("mentorships:session-plan", args=[agreed.pk]), data)
    assert response.status_code == 200 and "minutes" in errors_of(response)
    assert not MentoringSession.objects.exists()


@pytest.mark.parametrize("count", ["0", "25"])
def test_a_series_of_0_or_more_than_24_sessions_is_refused(agreed, mentor, client_for, count):
    data = {"first": "2026-03-10T12:00", "count": count, "minutes": 60}
    response = client_for(mentor).post(reverse("mentorships:session-plan", args=[agreed.pk]), data)
    assert "count" in errors_of(response) and not MentoringSession.objects.exists()


def test_sessions_wait_for_an_agreement(pair, mentor, client_for):
    data = {"first": "2026-03-10T12:00", "count": 3, "minutes": 60}
    response = client_for(mentor).post(reverse("mentorships:session-plan", args=[pair.pk]), data)
    assert "Agree on your ground rules first" in str(response.context["form"].non_field_errors())
    assert not MentoringSession.objects.exists()


def test_moving_into_the_past_or_without_a_reason_is_refused(planned, mentee, client_for):
    session = planned[0]
    url = reverse("mentorships:session-edit", args=[session.pk])
    base = {"minutes": 60, "place": "", "agenda": "", "video_link": ""}
    past = client_for(mentee).post(url, base | {"starts_at": "2026-02-01T12:00", "reason": "x"})
    assert errors_of(past) == {"starts_at": ["Choose a time in the future."]}
    silent = client_for(mentee).post(url, base | {"starts_at": "2026-03-11T12:00", "reason": ""})
    assert errors_of(silent) == {"reason": ["Say why the session moves; your partner sees it."]}
    session.refresh_from_db()
    assert session.sequence == 0 and session.starts_at == planned[0].starts_at and not SessionChange.objects.exists()


def test_a_bad_video_link_is_refused(planned, mentor, client_for):
    url = reverse("mentorships:session-edit", args=[planned[0].pk])
    data = {"starts_at": "2026-03-10T12:00", "minutes": 60, "video_link": "not a link", "reason": ""}
    assert "video_link" in errors_of(client_for(mentor).post(url, data))


def test_cancelling_needs_a_reason(planned, mentor, client_for):
    response = client_for(mentor).post(reverse("mentorships:session-cancel", args=[planned[0].pk]), {"reason": ""})
    assert response.status_code == 302
    planned[0].refresh_from_db()
    assert planned[0].state == SessionState.PLANNED


def test_editing_someone_elses_note_is_forbidden(planned, mentor, mentee, client_for, clock):
    clock.move_to(dt.datetime(2026, 3, 10, 13, 0, tzinfo=dt.UTC))
    client_for(mentor).post(reverse("mentorships:note-write", args=[planned[0].pk]), {"text": "Mine"})
    note = Note.objects.get()
    response = client_for(mentee).post(reverse("mentorships:note-edit", args=[note.pk]), {"text": "Overwritten"})
    assert response.status_code == 403
    note.refresh_from_db()
    assert note.text == "Mine"


def test_notes_wait_for_the_session(planned, mentor, client_for):
    client = client_for(mentor)
    response = client.post(reverse("mentorships:note-write", args=[planned[0].pk]), {"text": "Early"})
    assert response.status_code == 302 and not Note.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "This session has not started yet." in page


def test_an_agreement_without_confidentiality_or_with_a_bad_length_is_refused(pair, mentor, client_for, clock):
    pair.kickoff_held = pair.started
    pair.save()
    url = reverse("mentorships:agreement-propose", args=[pair.pk])
    no_pledge = dict(AGREEMENT, confidentiality="")
    assert errors_of(client_for(mentor).post(url, no_pledge)) == {
        "confidentiality": ["Both partners must agree to keep the sessions confidential."]
    }
    long = client_for(mentor).post(url, dict(AGREEMENT, session_minutes=240))
    assert "session_minutes" in errors_of(long)
    assert not AgreementVersion.objects.exists()


def test_the_agreement_waits_for_the_kickoff(pair, mentor, client_for):
    response = client_for(mentor).post(reverse("mentorships:agreement-propose", args=[pair.pk]), AGREEMENT)
    assert "Hold the kick-off first" in str(response.context["form"].non_field_errors())


def test_a_kickoff_in_the_future_cannot_be_held(pair, mentee, client_for):
    client = client_for(mentee)
    response = client.post(reverse("mentorships:kickoff-held", args=[pair.pk]), {"on": "2026-04-01"})
    page = client.get(response["Location"]).content.decode()
    assert "The kick-off cannot be held in the future." in page
    pair.refresh_from_db()
    assert pair.kickoff_held is None


def test_an_ended_pair_cannot_be_changed(planned, admin, mentor, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(reverse("mentorships:end", args=[planned[0].mentorship_id]), {"outcome": "completed"})
    response = client_for(mentor).post(
        reverse("mentorships:session-plan", args=[planned[0].mentorship_id]),
        {"first": "2026-05-10T12:00", "count": 1, "minutes": 60},
    )
    assert "This mentorship has ended." in str(response.context["form"].non_field_errors())


def test_ending_early_needs_a_reason(pair, admin, client_for):
    response = client_for(admin).post(reverse("mentorships:end", args=[pair.pk]), {"outcome": "ended_early"})
    assert errors_of(response) == {"reason": ["Say why the mentorship ends early."]}
    pair.refresh_from_db()
    assert pair.is_active


def test_only_a_coach_of_the_programme_can_be_assigned(pair, admin, outsider, client_for):
    client_for(admin).post(reverse("mentorships:coach-assign", args=[pair.pk]), {"coach": outsider.employee.pk})
    pair.refresh_from_db()
    assert pair.coach is not None and pair.coach != outsider.employee
