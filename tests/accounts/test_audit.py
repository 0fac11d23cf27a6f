"""Each change made through a page writes exactly one audit entry naming who did what; a refused change writes none."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from omkeer.accounts.models import ApiToken, AuditEntry
from omkeer.accounts.services import audit
from omkeer.programmes.models import Participation, Programme
from tests.factories import make_employee

PROGRAMME = {
    "name": "Audit me",
    "status": "pilot",
    "cadence": "monthly",
    "session_minutes": "60",
    "start_date": "2026-01-01",
    "end_date": "2026-06-30",
    "min_mentee_hours_per_week": "1",
}


def test_creating_a_programme_writes_one_entry(hr, client_for):
    client_for(hr).post(reverse("programmes:programme-create"), PROGRAMME)
    programme = Programme.objects.get(name="Audit me")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (hr, "programme.create")
    assert (entry.target_type, entry.target_id) == ("programmes.programme", str(programme.pk))
    assert entry.summary == "Audit me"


def test_adding_a_participant_writes_one_entry(admin, programme, client_for):
    junior = make_employee()
    url = reverse("programmes:participant-add", args=[programme.pk])
    client_for(admin).post(url, {"employee": junior.employee_id, "role": "mentor"})
    participation = Participation.objects.get(employee=junior)
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (admin, "participation.create")
    assert (entry.target_type, entry.target_id) == ("programmes.participation", str(participation.pk))
    assert entry.summary == f"{junior.employee_id} mentor"


def test_issuing_an_api_token_writes_one_entry(mentor, client_for):
    client_for(mentor).post(reverse("accounts:token-create"), {"name": "laptop"})
    token = ApiToken.objects.get()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.summary) == (mentor, "api-token.issue", "laptop")
    assert (entry.target_type, entry.target_id) == ("accounts.apitoken", str(token.pk))
    assert token.digest not in str(entry.data) + entry.summary


def test_refused_changes_write_no_entry(admin, mentee, programme, client_for):
    client = client_for(admin)
    client.post(reverse("programmes:programme-create"), {**PROGRAMME, "session_minutes": "90"})
    client.post(
        reverse("programmes:participant-add", args=[programme.pk]),
        {"employee": mentee.employee.employee_id, "role": "mentor"},
    )
    client.post(reverse("accounts:token-create"), {"name": ""})
    assert not AuditEntry.objects.exists()


def test_an_anonymous_actor_is_recorded_as_none(db):
    entry = audit(actor=AnonymousUser(), action="test.anonymous", summary="x" * 400)
    assert entry.actor is None
    assert len(entry.summary) == 300
