"""The matching API: list and read runs, run matching, approve; programme admins of that programme only."""

from __future__ import annotations

from django.core import mail

from omkeer.accounts.models import ApiToken
from omkeer.matching import services
from omkeer.matching.models import MatchRun
from omkeer.mentorships.models import Mentorship
from omkeer.programmes.models import Participation, Role
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


def test_approve_with_a_token(programme, pool, admin, client, django_capture_on_commit_callbacks):
    run = services.run_matching(actor=admin, programme=programme)
    _, raw = ApiToken.issue(user=admin, name="script")
    with django_capture_on_commit_callbacks(execute=True):
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


# --- settings, pins and forbids, why not ----------------------------------------------------------------------------


def test_settings_read_and_patch_one_field(programme, admin, client_for):
    client = client_for(admin)
    before = client.get(f"/api/programmes/{programme.pk}/match-settings").json()
    assert (before["min_level_gap"], before["objective"]) == (2, "most_matched")
    response = client.patch(
        f"/api/programmes/{programme.pk}/match-settings", {"min_level_gap": 3}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json() == before | {"min_level_gap": 3}


def test_a_bad_setting_names_the_field_and_changes_nothing(programme, admin, client_for):
    client = client_for(admin)
    url = f"/api/programmes/{programme.pk}/match-settings"
    response = client.patch(url, {"weight_skills": -1, "min_level_gap": 4}, content_type="application/json")
    assert response.status_code == 400 and "weight_skills" in response.json()["detail"]
    assert client.get(url).json()["min_level_gap"] == 2
    wrong = client.patch(url, {"objective": "fastest"}, content_type="application/json")
    assert wrong.status_code == 400 and "objective" in wrong.json()["detail"]


def test_pin_list_and_remove_by_employee_id(programme, pool, admin, client_for):
    client = client_for(admin)
    url = f"/api/programmes/{programme.pk}/pair-constraints"
    body = {"mentor": pool.ben.employee_id, "mentee": pool.sara.employee_id, "kind": "forbidden"}
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["kind"] == "forbidden"
    assert [c["mentee"] for c in client.get(url).json()] == [pool.sara.employee_id]
    run = services.run_matching(actor=admin, programme=programme)
    assert ("Ben", "Sara") not in {(p.mentor.first_name, p.mentee.first_name) for p in run.proposals.all()}
    assert client.delete(f"{url}/{created.json()['id']}").status_code == 204
    assert client.get(url).json() == []


def test_a_pin_breaking_a_hard_rule_or_naming_a_stranger_is_refused(programme, pool, admin, client_for):
    client = client_for(admin)
    url = f"/api/programmes/{programme.pk}/pair-constraints"
    same_team = {"mentor": pool.ben.employee_id, "mentee": pool.sara.employee_id, "kind": "pinned"}
    refused = client.post(url, same_team, content_type="application/json")
    assert refused.status_code == 400 and "same team" in refused.json()["detail"]
    stranger = client.post(url, same_team | {"mentor": pool.bea.employee_id}, content_type="application/json")
    assert stranger.status_code == 400 and "is not a mentor of this programme" in stranger.json()["detail"]
    kind = client.post(url, same_team | {"kind": "maybe"}, content_type="application/json")
    assert kind.status_code == 400 and kind.json()["detail"].startswith("kind:")
    assert client.get(url).json() == []


def test_why_not_answers_with_the_rule_or_the_cost(programme, pool, admin, client_for):
    run = services.run_matching(actor=admin, programme=programme)
    client = client_for(admin)
    blocked = client.get(
        f"/api/match-runs/{run.pk}/why-not", {"mentor": pool.ben.employee_id, "mentee": pool.sara.employee_id}
    )
    assert blocked.json()["allowed"] is False and blocked.json()["reasons"][0]["code"] == "same_team"
    assert "same team" in blocked.json()["reasons"][0]["text"]
    unknown = client.get(f"/api/match-runs/{run.pk}/why-not", {"mentor": "NOPE", "mentee": pool.sara.employee_id})
    assert unknown.status_code == 400 and unknown.json()["detail"] == "mentor: no employee has the id NOPE"


def test_another_programmes_admin_gets_404(programme, pool, admin, client_for):
    stranger = make_participant(make_programme(), Role.ADMIN)
    client = client_for(stranger)
    assert client.get(f"/api/programmes/{programme.pk}/match-settings").status_code == 404
    assert client.get(f"/api/programmes/{programme.pk}/pair-constraints").status_code == 404


def test_a_coach_of_the_programme_who_administers_another_gets_404(programme, pool, admin, client_for):
    """The API hides a programme the user sees but does not manage (the pages answer 403 to the same user)."""
    run = services.run_matching(actor=admin, programme=programme)
    coach = make_participant(programme, Role.COACH)
    Participation.objects.create(programme=make_programme(), employee=coach.employee, role=Role.ADMIN)
    client = client_for(coach)
    assert client.get(f"/api/programmes/{programme.pk}/match-runs").status_code == 404
    assert client.get(f"/api/programmes/{programme.pk}/match-settings").status_code == 404
    assert client.get(f"/api/match-runs/{run.pk}").status_code == 404
