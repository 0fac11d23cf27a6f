"""/api/programmes: only programmes the caller takes part in; details with goals, KPIs and role counts."""

from __future__ import annotations

from django.test import Client

from omkeer.accounts.models import ApiToken
from omkeer.programmes.models import Goal, Kpi
from tests.factories import make_programme, make_skill


def test_programmes_lists_only_the_callers_programmes(mentor, programme, other_programme, client_for):
    programme.topics.add(make_skill("cloud"))
    data = client_for(mentor).get("/api/programmes").json()
    assert [p["name"] for p in data] == ["Digital leadership"]
    assert data[0]["id"] == programme.pk
    assert data[0]["topics"] == ["cloud"]
    assert (data[0]["session_minutes"], data[0]["start_date"]) == (60, "2026-01-01")


def test_an_hr_user_without_participation_sees_no_programmes(hr, programme, client_for):
    assert client_for(hr).get("/api/programmes").json() == []


def test_a_superuser_sees_every_programme(staff, programme, other_programme, client_for):
    names = sorted(p["name"] for p in client_for(staff).get("/api/programmes").json())
    assert names == ["Digital leadership", "Inclusion track"]


def test_programme_detail_has_goals_kpis_and_role_counts(coach, mentor, other_mentor, mentee, programme, client_for):
    goal = Goal.objects.create(programme=programme, title="Seniors post weekly")
    Kpi.objects.create(goal=goal, name="Posts", unit="per week", baseline=0, target="1.5")
    data = client_for(coach).get(f"/api/programmes/{programme.pk}").json()
    assert data["participants"] == {"admin": 0, "coach": 1, "mentor": 2, "mentee": 1}
    assert data["goals"][0]["title"] == "Seniors post weekly"
    kpi = data["goals"][0]["kpis"][0]
    assert (kpi["name"], kpi["unit"], float(kpi["baseline"]), float(kpi["target"])) == ("Posts", "per week", 0, 1.5)


def test_detail_of_another_programme_is_404(mentor, other_programme, client_for):
    response = client_for(mentor).get(f"/api/programmes/{other_programme.pk}")
    assert response.status_code == 404
    assert "Inclusion" not in response.content.decode()


def test_detail_of_a_missing_programme_is_404(mentor, client_for):
    assert client_for(mentor).get("/api/programmes/999999").status_code == 404


def test_a_bearer_token_lists_its_owners_programmes(mentee, programme, other_programme):
    make_programme(name="Third")
    _, raw = ApiToken.issue(user=mentee, name="cli")
    response = Client().get("/api/programmes", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert [p["name"] for p in response.json()] == ["Digital leadership"]
    assert Client().get(f"/api/programmes/{other_programme.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 404
