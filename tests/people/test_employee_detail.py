"""An employee's page: reporting line top first, direct reports, skills, interests, and only visible programmes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from omkeer.people.models import Interest
from omkeer.programmes.models import Participation, Role
from tests.factories import make_employee, make_programme, make_skill, make_user


def url(employee):
    return reverse("people:employee-detail", args=[employee.employee_id])


@pytest.fixture
def line(db):
    """ceo -> head -> lead -> person, with two reports under person (one inactive)."""
    ceo = make_employee(first_name="Carla", last_name="Ceo", level=10)
    head = make_employee(first_name="Hugo", last_name="Head", level=9, manager=ceo)
    lead = make_employee(first_name="Lotte", last_name="Lead", level=7, manager=head)
    person = make_employee(first_name="Pim", last_name="Person", level=5, manager=lead, job_title="Architect")
    make_employee(first_name="Rita", last_name="Report", level=2, manager=person)
    make_employee(first_name="Gert", last_name="Gone", level=2, manager=person, is_active=False)
    return ceo, head, lead, person


def test_manager_chain_is_shown_top_first(line, hr, client_for):
    ceo, head, lead, person = line
    response = client_for(hr).get(url(person))
    assert response.context["chain"] == [ceo, head, lead]
    html = response.content.decode()
    assert html.index("Carla Ceo") < html.index("Hugo Head") < html.index("Lotte Lead") < html.index("<strong>Pim")


def test_someone_without_manager_is_shown_at_the_top(line, hr, client_for):
    response = client_for(hr).get(url(line[0]))
    assert response.context["chain"] == []
    assert "this person is at the top of the organisation" in response.content.decode()


def test_direct_reports_are_the_active_ones(line, hr, client_for):
    ceo, head, lead, person = line
    response = client_for(hr).get(url(person))
    assert [r.first_name for r in response.context["reports"]] == ["Rita"]
    assert response.context["under_count"] == 1
    assert client_for(hr).get(url(head)).context["under_count"] == 3  # lead, person, Rita


def test_skills_strongest_first_and_interests(line, hr, client_for):
    person = line[3]
    make_skill("social_media", 1, person)
    make_skill("cloud", 4, person)
    person.interests.add(Interest.objects.create(name="sailing"))
    response = client_for(hr).get(url(person))
    assert [(s.skill.name, s.proficiency) for s in response.context["skills"]] == [("cloud", 4), ("social_media", 1)]
    html = response.content.decode()
    assert "4/4" in html and "1/4" in html
    assert "sailing" in html


def test_only_programmes_visible_to_the_viewer_are_listed(admin, programme, other_programme, client_for):
    employee = make_employee(first_name="Vera", last_name="Both")
    Participation.objects.create(programme=programme, employee=employee, role=Role.MENTOR)
    Participation.objects.create(programme=other_programme, employee=employee, role=Role.MENTEE)
    response = client_for(admin).get(url(employee))
    assert [p.programme for p in response.context["participations"]] == [programme]
    html = response.content.decode()
    assert programme.name in html
    assert other_programme.name not in html


def test_superuser_sees_every_programme(staff, programme, other_programme, client_for):
    employee = make_employee()
    Participation.objects.create(programme=other_programme, employee=employee, role=Role.MENTEE)
    make_programme(name="Unrelated")
    response = client_for(staff).get(url(employee))
    assert [p.programme for p in response.context["participations"]] == [other_programme]


def test_a_mentee_sees_their_own_page(mentee, programme, client_for):
    response = client_for(mentee).get(url(mentee.employee))
    assert response.status_code == 200
    assert [p.programme for p in response.context["participations"]] == [programme]


def test_a_mentee_gets_404_on_someone_elses_page(mentee, mentor, client_for):
    response = client_for(mentee).get(url(mentor.employee))
    assert response.status_code == 404
    assert "Mila" not in response.content.decode()


def test_an_employee_without_a_role_gets_404_on_their_managers_page(line, client_for):
    person = line[3]
    user = make_user(person)
    assert client_for(user).get(url(line[2])).status_code == 404


def test_an_unknown_employee_id_is_404(hr, client_for):
    assert client_for(hr).get(reverse("people:employee-detail", args=["E-NOPE"])).status_code == 404
