"""The matching API: list and read runs, run matching, approve; programme admins of that programme only."""

from __future__ import annotations

from django.core import mail

from omkeer.accounts.models import ApiToken
from omkeer.matching import services
from omkeer.matching.models import MatchRun
from omkeer.mentorships.models import Mentorship
from omkeer.programmes.models import Role
from tests.factories import make_participant, make_programme


def test_run_list_and_read_a_run_with_its_proposals(programme, pool, admin, client_for):
    client = client_for(admin)
    response = client.post(f"/api/programmes/{programme.pk}/match-runs")
    assert response.status_code == 201
    created = response.json()
    assert (created["state"], created["matched"], created["optimal"]) == ("done", 2, True)
    assert [run["id"] for run in client.get(f"/api/programmes/{programme.pk}/match-runs").json()] == [created["id"]]
    detail = client.get(f"/api/match-runs/{created['id']}").json()
    sara = next(p for p in detail["proposals"] if p["mentee"] == pool.sara.employee_id)
    assert (sara["mentor"], sara["mentor_name"], sara["score"]) == (pool.ava.employee_id, "Ava Analyst", 1.2)
    assert sara["reasons"][0]["code"] == "stronger_skill"
    assert (
        sara["reasons"][0]["text"]
        == "the mentor is 4 levels stronger in Social media, which the mentee rated most important"
    )
    assert detail["unmatched_mentees"] == [] and detail["rules"]["rules"]["min_level_gap"] == 2


def test_unmatched_mentees_come_with_their_reason(programme, pool, admin, client_for):
    services.forbid_pair(actor=admin, programme=programme, mentor=pool.ava, mentee=pool.sara)
    run = services.run_matching(actor=admin, programme=programme)
    [unmatched] = client_for(admin).get(f"/api/match-runs/{run.pk}").json()["unmatched_mentees"]
    assert unmatched == {
        "mentee": pool.sara.employee_id,
        "reason": {
            "code": "no_eligible_mentor",
            "params": {},
            "text": "no mentor passes the hard rules for this mentee",
        },
    }


def test_approve_with_a_token(programme, pool, admin, client):
    run = services.run_matching(actor=admin, programme=programme)
    _, raw = ApiToken.issue(user=admin, name="script")
    response = client.post(f"/api/match-runs/{run.pk}/approve", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json() == {"mentorships": 2}
    assert Mentorship.objects.count() == 2 and len(mail.outbox) == 4
    again = client.post(f"/api/match-runs/{run.pk}/approve", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert again.status_code == 400 and again.json() == {"detail": "This run has already been approved."}


def test_bad_input_is_a_400_naming_the_record_and_stores_nothing(programme, pool, admin, client_for):
    from omkeer.enrolment.models import MentorApplication

    MentorApplication.objects.filter(employee=pool.ben).update(wants={"strategy": 5})
    response = client_for(admin).post(f"/api/programmes/{programme.pk}/match-runs")
    assert response.status_code == 400
    assert f"mentor {pool.ben.employee_id}: importance of strategy" in response.json()["detail"]
    assert not MatchRun.objects.exists()


def test_the_admin_of_another_programme_gets_404(programme, pool, admin, client_for):
    run = services.run_matching(actor=admin, programme=programme)
    stranger = client_for(make_participant(make_programme(), Role.ADMIN))
    assert stranger.get(f"/api/programmes/{programme.pk}/match-runs").status_code == 404
    assert stranger.post(f"/api/programmes/{programme.pk}/match-runs").status_code == 404
    assert stranger.get(f"/api/match-runs/{run.pk}").status_code == 404
    assert stranger.post(f"/api/match-runs/{run.pk}/approve").status_code == 404
    assert MatchRun.objects.count() == 1 and not Mentorship.objects.exists()


def test_a_mentor_gets_403(programme, pool, admin, mentor, client_for):
    run = services.run_matching(actor=admin, programme=programme)
    client = client_for(mentor)
    assert client.get(f"/api/match-runs/{run.pk}").status_code == 403
    assert client.post(f"/api/match-runs/{run.pk}/approve").status_code == 403
