"""The people directory: each filter narrows the list, a contradictory filter says so, pages stay cheap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from omkeer.people.models import Employee
from tests.factories import make_department, make_employee, make_skill, make_team

URL = reverse("people:directory")


@pytest.fixture
def org(db):
    finance, it = make_department("Finance"), make_department("IT")
    payroll, platform, data = make_team("Payroll", finance), make_team("Platform", it), make_team("Data", it)
    people = {
        "ada": make_employee(first_name="Ada", last_name="Accountant", team=payroll, level=3, job_title="Accountant"),
        "bo": make_employee(first_name="Bo", last_name="Builder", team=platform, level=2, job_title="Developer"),
        "cy": make_employee(first_name="Cy", last_name="Chief", team=data, level=9, job_title="Head of data"),
        "di": make_employee(first_name="Di", last_name="Gone", team=platform, level=2, is_active=False),
    }
    make_skill("social_media", 4, people["bo"])
    make_skill("social_media", 1, people["cy"])
    make_skill("cloud", 3, people["cy"])
    return people


def names(response):
    return sorted(person.first_name for person in response.context["page"].object_list)


@pytest.fixture
def client(hr, client_for):
    return client_for(hr)


def test_lists_active_people_only(org, client):
    assert names(client.get(URL)) == ["Ada", "Bo", "Cy", "Hanna"]


def test_filters_by_department(org, client):
    it = org["bo"].department
    assert names(client.get(URL, {"department": it.pk})) == ["Bo", "Cy"]


def test_filters_by_team(org, client):
    assert names(client.get(URL, {"team": org["cy"].team.pk})) == ["Cy"]


def test_filters_by_level_range(org, client):
    assert names(client.get(URL, {"level_min": 2, "level_max": 3})) == ["Ada", "Bo"]
    assert names(client.get(URL, {"level_min": 6})) == ["Cy"]


def test_filters_by_skill_with_minimum_proficiency(org, client):
    assert names(client.get(URL, {"skill": "social_media", "min_proficiency": 1})) == ["Bo", "Cy"]
    assert names(client.get(URL, {"skill": "social_media", "min_proficiency": 3})) == ["Bo"]
    assert names(client.get(URL, {"skill": "cloud", "min_proficiency": 4})) == []


def test_free_text_matches_name_job_title_and_exact_employee_id(org, client):
    assert names(client.get(URL, {"q": "build"})) == ["Bo"]
    assert names(client.get(URL, {"q": "head data"})) == ["Cy"]
    assert names(client.get(URL, {"q": org["ada"].employee_id})) == ["Ada"]


def test_filters_combine(org, client):
    it = org["bo"].department
    assert names(client.get(URL, {"department": it.pk, "level_max": 5, "skill": "social_media"})) == ["Bo"]


def test_level_from_above_level_to_is_an_error_on_the_level_field(org, client):
    response = client.get(URL, {"level_min": 8, "level_max": 3})
    assert response.status_code == 200
    assert response.context["form"].errors == {"level_max": ["“Level to” must not be below “Level from”."]}
    assert "must not be below" in response.content.decode()


def test_an_unknown_skill_is_an_error_on_the_skill_field(org, client):
    response = client.get(URL, {"skill": "juggling"})
    assert list(response.context["form"].errors) == ["skill"]


def test_no_match_says_so(org, client):
    html = client.get(URL, {"q": "nobody-by-this-name"}).content.decode()
    assert "Nobody matches these filters." in html


def test_pages_hold_50_people_and_keep_the_filters(client):
    team = make_team("Big team")
    for n in range(55):
        make_employee(team=team, last_name=f"Person{n:02d}")
    first = client.get(URL, {"team": team.pk})
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 55
    assert f"?team={team.pk}&amp;page=2" in first.content.decode()
    second = client.get(URL, {"team": team.pk, "page": 2})
    assert [p.last_name for p in second.context["page"].object_list] == [f"Person{n}" for n in range(50, 55)]


def test_a_page_of_50_people_takes_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    departments = [make_department(f"Dept {n}") for n in range(5)]
    teams = [make_team(f"Team {n}", departments[n % 5]) for n in range(10)]
    for n in range(60):
        make_skill("cloud", n % 5, make_employee(team=teams[n % 10], level=1 + n % 10))
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"skill": "cloud", "min_proficiency": 0})
    assert len(response.context["page"].object_list) == 50
    assert Employee.objects.count() > 50


# --- at 100,000 people: a department's teams, a bounded count, queries that do not grow ---------------------------


def _team_options(response) -> list[str]:
    return [label for value, label in response.context["form"].fields["team"].choices if value != ""]


def test_the_team_list_holds_the_chosen_departments_teams(org, client):
    it = org["bo"].department
    assert _team_options(client.get(URL, {"department": it.pk})) == ["Data", "Platform"]
    response = client.get(URL)
    assert _team_options(response) == []  # no department: no team list
    assert '<option value="" selected>Choose a department first</option>' in response.content.decode()


def test_a_team_alone_filters_and_lists_its_departments_teams(org, client):
    response = client.get(URL, {"team": org["bo"].team.pk})
    assert names(response) == ["Bo"]
    assert _team_options(response) == ["Data", "Platform"]
    assert f'<option value="{org["bo"].team.pk}" selected>Platform</option>' in response.content.decode()


@pytest.mark.parametrize("team", ["x", "-1", "99999999999999999999", "1.5", "٣"])
def test_a_team_that_is_no_key_is_an_error_on_the_team_field(org, client, team):
    response = client.get(URL, {"team": team})
    assert response.status_code == 200
    assert "team" in response.context["form"].errors


def test_a_team_of_another_department_is_an_error_on_the_team_field(org, client):
    response = client.get(URL, {"department": org["ada"].department.pk, "team": org["bo"].team.pk})
    assert "team" in response.context["form"].errors


def test_past_the_count_limit_the_page_says_more_than(org, client, monkeypatch):
    monkeypatch.setattr("omkeer.lib.paging.COUNT_LIMIT", 2)
    response = client.get(URL)
    page = response.content.decode()
    assert "More than 2 people match; search or filter to narrow the list." in page
    assert response.context["page"].paginator.count == 3  # counted up to the limit + 1, never further
    assert names(client.get(URL, {"department": org["bo"].department.pk})) == ["Bo", "Cy"]


def test_the_directory_runs_as_many_queries_for_1000_people_as_for_10(db, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"page": 2}).status_code == 200
        return len(captured)

    team = make_team("Platform", make_department("IT"))
    Employee.objects.bulk_create(
        Employee(employee_id=f"Q{n:05d}", first_name="Q", last_name=f"Person {n:05d}", email=f"q{n}@example.com",
                 department=team.department, team=team, level=2)
        for n in range(10)
    )  # fmt: skip
    few = queries()
    Employee.objects.bulk_create(
        Employee(employee_id=f"Q{n:05d}", first_name="Q", last_name=f"Person {n:05d}", email=f"q{n}@example.com",
                 department=team.department, team=team, level=2)
        for n in range(10, 1000)
    )  # fmt: skip
    assert queries() == few
