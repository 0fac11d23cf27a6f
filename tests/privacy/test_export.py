"""Download my data: the person's own rows, never the partner's note, never an anonymous answer."""

from __future__ import annotations

import json

from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.privacy.services import export_data
from tests.privacy.conftest import ANONYMOUS, MINE, PARTNERS


def download(client_for, user):
    response = client_for(user).get(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="omkeer-my-data-')
    return response, json.loads(response.content)


def test_the_export_holds_the_persons_own_data(world, client_for, person):
    _response, data = download(client_for, person)
    assert data["account"]["username"] == person.username
    assert data["employee"]["employee_id"] == "ZQ-4711"
    assert data["skills"] == [{"skill__name": "social_media", "proficiency": 2}]
    assert [p["role"] for p in data["participations"]] == ["mentee"]
    assert data["mentee_intakes"][0]["goals"] == "Zebulonia wants to blog"
    assert data["mentorships"][0]["role"] == "mentee"
    assert [r["usefulness"] for r in data["reflections"]] == [4]
    assert [f["answer"] for f in data["fit_answers"]] == ["good"]
    assert data["health_checks"][0]["learning"] == 5
    assert data["follow_ups"][0]["effective_me"] == 5
    assert data["pulse_participation"] == [
        {"wave__programme__name": "Digital leadership", "wave__name": "Q2", "role": "mentee", "answered": True}
    ]
    assert len(data["feedback_participation"]) == 1
    assert data["recommendations_written"][0]["trustworthiness"].startswith("Pim is discreet")


def test_the_export_has_the_own_note_and_not_the_partners(world, client_for, person, partner):
    response, data = download(client_for, person)
    assert [note["text"] for note in data["notes"]] == [MINE]
    assert PARTNERS not in response.content.decode()
    _response, theirs = download(client_for, partner)
    assert [note["text"] for note in theirs["notes"]] == [PARTNERS]
    assert MINE not in _response.content.decode()


def test_no_anonymous_feedback_text_or_pulse_answer_in_anyones_export(world, client_for, person, partner, admin):
    for user in (person, partner, admin):
        response, data = download(client_for, user)
        body = response.content.decode()
        assert "canary" not in body.lower() and ANONYMOUS not in body
        assert "q1" not in json.dumps(data.get("pulse_participation", []))


def test_the_export_is_audited_without_content(world, person):
    export_data(actor=person)
    entry = AuditEntry.objects.filter(action="privacy.export").get()
    assert entry.actor == person and entry.summary == ""
    assert set(entry.data) == {"sections"}


def test_a_login_without_an_employee_downloads_its_account(client_for, staff):
    _response, data = download(client_for, staff)
    assert data["account"]["username"] == staff.username and "employee" not in data


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_profile_page_links_to_the_download(client_for, person):
    assert reverse("privacy:export") in client_for(person).get(reverse("accounts:profile")).content.decode()
