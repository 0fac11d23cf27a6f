"""Who sees which employees: HR, programme admins and superusers the whole organisation, everyone else only
themselves. The people app knows HR and superusers; the access layer adds the programme admins."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from omkeer.access.people import employees_visible_to, get_employee_for_user, sees_organisation
from omkeer.people.models import Employee
from tests.factories import Role, make_employee, make_participant, make_user


@pytest.fixture
def programme_admin(programme):
    """A programme admin without the HR flag."""
    return make_participant(programme, Role.ADMIN, first_name="Pieter", last_name="Programme")


@pytest.fixture
def colleague(db):
    return make_employee(first_name="Cor", last_name="Colleague")


def request_as(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_hr_and_superusers_see_everyone_in_the_people_app(hr, staff, colleague):
    everyone = set(Employee.objects.all())
    assert set(Employee.objects.visible_to(hr)) == everyone
    assert set(Employee.objects.visible_to(staff)) == everyone


def test_the_people_app_shows_a_programme_admin_only_themselves(programme_admin, colleague):
    assert list(Employee.objects.visible_to(programme_admin)) == [programme_admin.employee]


def test_the_access_layer_shows_a_programme_admin_everyone(programme_admin, colleague):
    assert sees_organisation(programme_admin)
    assert set(employees_visible_to(programme_admin)) == set(Employee.objects.all())


@pytest.mark.parametrize("persona", ["mentor", "mentee", "coach", "outsider"])
def test_anyone_else_sees_only_themselves(persona, request, colleague):
    user = request.getfixturevalue(persona)
    assert not sees_organisation(user)
    assert list(employees_visible_to(user)) == [user.employee]


def test_a_login_without_an_employee_sees_nobody(colleague):
    user = make_user(None)
    assert not employees_visible_to(user).exists()


def test_an_anonymous_user_sees_nobody(colleague):
    assert not sees_organisation(AnonymousUser())
    assert not employees_visible_to(AnonymousUser()).exists()


def test_an_employee_out_of_scope_is_404(mentee, colleague):
    with pytest.raises(Http404):
        get_employee_for_user(request_as(mentee), colleague.employee_id)
    assert get_employee_for_user(request_as(mentee), mentee.employee.employee_id) == mentee.employee


def test_a_programme_admin_opens_anyones_page(programme_admin, colleague, client_for):
    response = client_for(programme_admin).get(reverse("people:employee-detail", args=[colleague.employee_id]))
    assert response.status_code == 200


def test_the_import_tasks_keep_their_celery_names():
    from omkeer.celery import app
    from omkeer.people import tasks

    assert tasks.validate_import.name == "omkeer.people.tasks.validate_import"
    assert tasks.run_import.name == "omkeer.people.tasks.run_import"
    assert {"omkeer.people.tasks.validate_import", "omkeer.people.tasks.run_import"} <= set(app.tasks)
