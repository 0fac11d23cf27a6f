"""Language and time zone: saved on the profile, followed by pages, emails and calendar files."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from omkeer.accounts.models import User
from tests.factories import PASSWORD


def test_the_profile_saves_language_and_time_zone(mentor, client_for):
    client = client_for(mentor)
    response = client.post(reverse("accounts:preferences"), {"language": "nl", "time_zone": "Asia/Tokyo"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "nl"
    mentor.refresh_from_db()
    assert (mentor.language, mentor.time_zone) == ("nl", "Asia/Tokyo")


def test_a_bad_time_zone_is_refused_and_nothing_changes(mentor, client_for):
    client = client_for(mentor)
    response = client.post(reverse("accounts:preferences"), {"language": "nl", "time_zone": "Mars/Olympus"})
    assert "Select a valid choice" in client.get(response["Location"]).content.decode()
    mentor.refresh_from_db()
    assert (mentor.language, mentor.time_zone) == ("en", "Europe/Amsterdam")


def test_the_language_switch_is_remembered_for_the_next_login(mentor, client_for, client):
    client_for(mentor).post(reverse("set_language"), {"language": "nl"})
    assert User.objects.get(pk=mentor.pk).language == "nl"
    client.post(reverse("accounts:login"), {"username": mentor.username, "password": PASSWORD})
    assert client.cookies["django_language"].value == "nl"
    assert '<html lang="nl">' in client.get(reverse("home")).content.decode()


def test_times_show_in_the_users_zone(mentor, client_for):
    from omkeer.mentorships.models import MentoringSession, Mentorship
    from tests.factories import make_employee

    pair = Mentorship.objects.create(
        programme_id=mentor.employee.participations.get().programme_id,
        mentor=mentor.employee,
        mentee=make_employee(level=8),
        started=dt.date(2026, 3, 1),
    )
    session = MentoringSession.objects.create(
        mentorship=pair, starts_at=dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC), minutes=60
    )
    mentor.time_zone = "America/New_York"
    mentor.save()
    page = client_for(mentor).get(reverse("mentorships:session-detail", args=[session.pk])).content.decode()
    assert "07:00–08:00" in page
