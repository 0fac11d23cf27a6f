"""/api/people: filters and pagination, one person's detail, and the HR import (dry run, errors, token auth, CSRF)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from omkeer.accounts.models import ApiToken, AuditEntry
from omkeer.people.models import Employee, EmployeeHistory, Interest
from tests.factories import make_department, make_employee, make_skill, make_team, make_user

HEADER = "employee_id,first_name,last_name,email,department,team,manager_id,level,job_title,birth_year,skills,interests"
GOOD = f"""{HEADER}
N1,Nora,Boss,nora@example.com,Board,,,10,Chief executive,1968,strategy:4,sailing
N2,Niels,Junior,niels@example.com,IT,Platform,N1,2,Developer,2001,cloud:4,gaming
"""
BAD = f"""{HEADER}
N1,Nora,Boss,nora@example.com,Board,,,10,Chief executive,1968,strategy:4,sailing
N2,Niels,Junior,niels@example.com,IT,Platform,N9,2,Developer,1850,cloud:9,gaming
"""


def csv_file(text):
    return SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")


@pytest.fixture
def org(db):
    it = make_department("IT")
    platform = make_team("Platform", it)
    finance = make_team("Payroll", make_department("Finance"))
    boss = make_employee(employee_id="P1", first_name="Pia", last_name="Boss", team=platform, level=9)
    lead = make_employee(employee_id="P2", first_name="Lex", last_name="Lead", team=platform, level=6, manager=boss)
    dev = make_employee(employee_id="P3", first_name="Dev", last_name="Junior", team=platform, level=2, manager=lead)
    make_employee(employee_id="P4", first_name="Fay", last_name="Finance", team=finance, level=4)
    make_employee(employee_id="P5", first_name="Gus", last_name="Gone", team=finance, level=4, is_active=False)
    make_skill("cloud", 4, dev)
    make_skill("social_media", 2, dev)
    make_skill("cloud", 1, lead)
    dev.interests.add(Interest.objects.create(name="gaming"))
    return {"boss": boss, "lead": lead, "dev": dev}


@pytest.fixture
def api(staff, client_for):
    """A superuser without an employee record of their own, so that only `org` is listed."""
    return client_for(staff)


def ids(response):
    assert response.status_code == 200, response.content
    return [item["employee_id"] for item in response.json()["items"]]


def test_people_lists_active_people_by_employee_id(org, api):
    data = api.get("/api/people").json()
    assert data["count"] == 4
    assert [item["employee_id"] for item in data["items"]] == ["P1", "P2", "P3", "P4"]
    assert data["items"][2] == {
        "employee_id": "P3",
        "first_name": "Dev",
        "last_name": "Junior",
        "email": org["dev"].email,
        "department": "IT",
        "team": "Platform",
        "manager_id": "P2",
        "level": 2,
        "job_title": "Consultant",
        "is_active": True,
    }


def test_people_can_include_inactive(org, api):
    assert "P5" in ids(api.get("/api/people", {"include_inactive": "true"}))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"department": "IT"}, ["P1", "P2", "P3"]),
        ({"team": "Payroll"}, ["P4"]),
        ({"level_min": 3, "level_max": 6}, ["P2", "P4"]),
        ({"skill": "cloud"}, ["P2", "P3"]),
        ({"skill": "cloud", "min_proficiency": 3}, ["P3"]),
        ({"q": "junior"}, ["P3"]),
        ({"department": "IT", "level_max": 6, "skill": "social_media"}, ["P3"]),
    ],
)
def test_people_filters(query, expected, org, api):
    assert ids(api.get("/api/people", query)) == expected


def test_people_pagination_with_limit_and_offset(org, api):
    first = api.get("/api/people", {"limit": 2, "offset": 0}).json()
    second = api.get("/api/people", {"limit": 2, "offset": 2}).json()
    assert first["count"] == second["count"] == 4
    assert [p["employee_id"] for p in first["items"]] == ["P1", "P2"]
    assert [p["employee_id"] for p in second["items"]] == ["P3", "P4"]


@pytest.mark.parametrize("field", ["department", "team", "skill"])
def test_an_unknown_name_is_a_400_naming_the_field(field, org, api):
    response = api.get("/api/people", {field: "Nowhere"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{field}: unknown {field}")


def test_a_team_name_used_in_two_departments_needs_the_department(org, api):
    make_employee(employee_id="P6", team=make_team("Platform", make_department("Finance")))
    response = api.get("/api/people", {"team": "Platform"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("team: 'Platform' exists in several departments")
    assert ids(api.get("/api/people", {"team": "Platform", "department": "Finance"})) == ["P6"]
    assert ids(api.get("/api/people", {"team": "Platform", "department": "IT"})) == ["P1", "P2", "P3"]


def test_a_team_of_another_department_is_unknown(org, api):
    response = api.get("/api/people", {"team": "Payroll", "department": "IT"})
    assert response.status_code == 400
    assert response.json()["detail"] == "team: unknown team 'Payroll'"


def test_a_non_numeric_level_is_a_422_naming_the_field(org, api):
    response = api.get("/api/people", {"level_min": "high"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "level_min"


def test_person_detail_has_managers_nearest_first_skills_and_interests(org, api):
    data = api.get("/api/people/P3").json()
    assert data["managers"] == ["P2", "P1"]
    assert data["manager_id"] == "P2"
    assert sorted(data["skills"], key=lambda s: s["skill"]) == [
        {"skill": "cloud", "proficiency": 4},
        {"skill": "social_media", "proficiency": 2},
    ]
    assert data["interests"] == ["gaming"]


def test_person_detail_of_an_unknown_id_is_404(org, api):
    assert api.get("/api/people/P404").status_code == 404


def test_an_employee_sees_only_their_own_record(org, client_for):
    client = client_for(make_user(org["dev"]))
    assert client.get("/api/people/P3").json()["managers"] == ["P2", "P1"]
    assert client.get("/api/people/P2").status_code == 404


# --- import ---------------------------------------------------------------------------------------------------


def test_a_dry_run_import_writes_nothing_and_returns_the_summary(org, api):
    before = Employee.objects.count()
    response = api.post("/api/people/import", {"file": csv_file(GOOD), "dry_run": "true"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["ok"], data["dry_run"], data["rows"], data["created"], data["problems"]) == (True, True, 2, 2, [])
    assert data["summary"].startswith("dry run: 2 rows: 2 created")
    assert Employee.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_an_import_creates_the_people(org, api, staff):
    response = api.post("/api/people/import", {"file": csv_file(GOOD)})
    assert response.status_code == 200, response.content
    assert response.json()["dry_run"] is False
    assert Employee.objects.get(employee_id="N2").manager.employee_id == "N1"
    assert AuditEntry.objects.get(action="people.import").actor == staff


def test_an_import_dates_its_history_with_as_of(org, api):
    response = api.post("/api/people/import", {"file": csv_file(GOOD), "as_of": "2024-03-01"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["as_of"], data["history"]) == ("2024-03-01", 7)  # the five of `org` and the two new people
    assert data["summary"].endswith("; 7 history entries dated 2024-03-01")
    assert set(EmployeeHistory.objects.values_list("as_of", flat=True)) == {dt.date(2024, 3, 1)}
    earlier = api.post("/api/people/import", {"file": csv_file(GOOD), "as_of": "2024-02-01"})
    assert earlier.status_code == 400
    assert earlier.json()["problems"][0]["message"] == "as of 2024-02-01 is before the last import (2024-03-01)"


def test_an_invalid_file_is_a_400_listing_row_column_and_message(org, api):
    before = Employee.objects.count()
    response = api.post("/api/people/import", {"file": csv_file(BAD)})
    assert response.status_code == 400
    data = response.json()
    assert data["ok"] is False
    columns = {(p["row"], p["column"]) for p in data["problems"]}
    assert {(3, "manager_id"), (3, "birth_year"), (3, "skills")} <= columns
    assert all(p["message"] for p in data["problems"])
    assert Employee.objects.count() == before


def test_an_import_without_a_file_is_refused(org, api):
    assert api.post("/api/people/import", {"dry_run": "true"}).status_code == 422


# --- authentication -------------------------------------------------------------------------------------------


@pytest.fixture
def bearer(hr):
    _, raw = ApiToken.issue(user=hr, name="sync")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_bearer_token_works_for_get(org, bearer):
    assert "P3" in ids(Client().get("/api/people", **bearer))
    assert ApiToken.objects.get().last_used is not None


def test_a_bearer_token_imports_without_a_csrf_token(org, bearer, hr):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/people/import", {"file": csv_file(GOOD)}, **bearer)
    assert response.status_code == 200, response.content
    assert Employee.objects.filter(employee_id__in=["N1", "N2"]).count() == 2
    assert AuditEntry.objects.get(action="people.import").actor == hr


def test_a_session_post_without_a_csrf_token_is_refused(org, hr):
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr)
    assert client.get("/api/people").status_code == 200  # reads need no token
    response = client.post("/api/people/import", {"file": csv_file(GOOD)})
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}
    assert not Employee.objects.filter(employee_id="N1").exists()


def test_a_session_post_with_the_csrf_token_is_accepted(org, hr):
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr)
    client.get(reverse("accounts:profile"))  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.post("/api/people/import", {"file": csv_file(GOOD), "dry_run": "true"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content


def test_a_revoked_or_wrong_token_is_401(org, bearer):
    ApiToken.objects.all().delete()
    assert Client().get("/api/people", **bearer).status_code == 401
    assert Client().post("/api/people/import", {"file": csv_file(GOOD)}, **bearer).status_code == 401
    assert not Employee.objects.filter(employee_id="N1").exists()


def test_a_token_acts_with_its_owners_roles(org, mentor):
    _, raw = ApiToken.issue(user=mentor, name="cli")
    client = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.post("/api/people/import", {"file": csv_file(GOOD)}, **auth).status_code == 403
    assert not Employee.objects.filter(employee_id="N1").exists()
