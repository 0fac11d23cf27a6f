"""The menu fits the role, and refusals render our own 403 and 404 pages (no existence leak)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from omkeer.programmes.models import Role
from tests.factories import make_participant, make_programme


def menu(client) -> list[str]:
    """The hrefs of the main navigation on the dashboard."""
    html = client.get(reverse("home")).content.decode()
    nav = re.search(r'<nav class="mainnav".*?</nav>', html, re.S).group(0)
    return re.findall(r'href="([^"]+)"', nav)


def main_of(response) -> str:
    return re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)


PEOPLE, IMPORT = reverse("people:directory"), reverse("people:import-upload")
BASIC = [reverse("home"), reverse("programmes:programme-list"), reverse("enrolment:overview")]
PAIRS = reverse("mentorships:list")
BOARD = reverse("board:index")


def test_hr_sees_people_and_import(hr, client_for):
    assert menu(client_for(hr)) == [*BASIC, PEOPLE, IMPORT]


def test_an_hr_programme_admin_also_sees_the_mentorships(admin, client_for):
    assert menu(client_for(admin)) == [*BASIC, PAIRS, BOARD, PEOPLE, IMPORT]


def test_a_programme_admin_without_hr_sees_people_but_not_import(db, client_for):
    admin_only = make_participant(make_programme(), Role.ADMIN)
    assert menu(client_for(admin_only)) == [*BASIC, PAIRS, BOARD, PEOPLE]


@pytest.mark.parametrize("persona", ["mentor", "mentee", "coach"])
def test_participants_see_their_mentorships_and_board_but_neither_people_nor_import(persona, request, client_for):
    assert menu(client_for(request.getfixturevalue(persona))) == [*BASIC, PAIRS, BOARD]


def test_outsiders_see_the_basics(outsider, client_for):
    assert menu(client_for(outsider)) == BASIC


def test_staff_also_see_the_django_admin(staff, client_for):
    assert menu(client_for(staff)) == [*BASIC, PAIRS, BOARD, PEOPLE, IMPORT, reverse("admin:index")]


def test_the_current_page_is_marked_in_the_menu(mentor, client_for):
    html = client_for(mentor).get(reverse("programmes:programme-list")).content.decode()
    assert f'<a href="{reverse("programmes:programme-list")}" aria-current="page">' in html


def test_anonymous_visitors_get_no_menu(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'class="mainnav"' not in html


def test_a_page_outside_the_role_shows_the_403_page(mentor, client_for):
    response = client_for(mentor).get(PEOPLE)
    assert response.status_code == 403
    html = response.content.decode()
    assert "You do not have access to this page" in html
    assert 'class="mainnav"' in html  # the full layout, not a bare error


def test_read_only_access_shows_the_403_page(coach, programme, client_for):
    """A coach passes the access table only as far as the view, which answers 403 for changes."""
    response = client_for(coach).get(reverse("programmes:programme-edit", args=[programme.pk]))
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_an_out_of_scope_programme_shows_the_404_page(mentor, other_programme, client_for):
    response = client_for(mentor).get(reverse("programmes:programme-detail", args=[other_programme.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "not shared with you" in html
    assert other_programme.name not in html


def test_a_missing_programme_and_a_hidden_one_look_the_same(mentor, other_programme, client_for):
    client = client_for(mentor)
    hidden = client.get(reverse("programmes:programme-detail", args=[other_programme.pk]))
    missing = client.get(reverse("programmes:programme-detail", args=[other_programme.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert main_of(hidden) == main_of(missing)


def test_an_out_of_scope_person_shows_the_404_page(mentee, mentor, client_for):
    response = client_for(mentee).get(reverse("people:employee-detail", args=[mentor.employee.employee_id]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
