"""Programme pages: create, edit, goals and KPIs, participants. Status codes per persona live in the access matrix;
here: what each action writes, what bad input says (and that it writes nothing), and object scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from omkeer.accounts.models import AuditEntry, User
from omkeer.programmes.models import Goal, Kpi, Participation, Programme, Role
from tests.factories import make_employee, make_participant, make_programme, make_skill


def programme_data(**overrides):
    data = {
        "name": "Cloud for leaders",
        "description": "Seniors learn cloud tools from juniors.",
        "status": "pilot",
        "cadence": "monthly",
        "session_minutes": "45",
        "start_date": "2026-02-01",
        "end_date": "2026-07-31",
        "min_mentee_hours_per_week": "1.5",
    }
    data.update(overrides)
    return data


def flashed(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def admin_of(programme) -> User:
    return User.objects.get(employee__participations__programme=programme, employee__participations__role=Role.ADMIN)


@pytest.fixture
def goal(programme):
    return Goal.objects.create(programme=programme, title="Seniors use social media")


@pytest.fixture
def kpi(goal):
    return Kpi.objects.create(goal=goal, name="Posts", unit="per month", baseline=0, target=4)


# --- create ---------------------------------------------------------------------------------------------------


def test_hr_creates_a_programme_and_becomes_its_admin(hr, client_for):
    cloud = make_skill("cloud")
    response = client_for(hr).post(reverse("programmes:programme-create"), programme_data(topics=[cloud.pk]))
    programme = Programme.objects.get(name="Cloud for leaders")
    assert response.status_code == 302
    assert response["Location"] == programme.get_absolute_url()
    assert programme.session_minutes == 45
    assert programme.end_date == dt.date(2026, 7, 31)
    assert programme.min_mentee_hours_per_week == Decimal("1.5")
    assert list(programme.topics.all()) == [cloud]
    assert list(programme.participations.values_list("employee", "role")) == [(hr.employee_id, Role.ADMIN)]
    entry = AuditEntry.objects.get(action="programme.create")
    assert (entry.actor, entry.target_id) == (hr, str(programme.pk))


def test_end_date_before_start_date_is_refused_on_the_end_date_field(hr, client_for):
    data = programme_data(start_date="2026-05-01", end_date="2026-04-30")
    response = client_for(hr).post(reverse("programmes:programme-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["The end date must be on or after the start date."]
    assert "The end date must be on or after the start date." in response.content.decode()
    assert Programme.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("minutes", ["25", "75", "sixty"])
def test_session_length_outside_30_to_60_minutes_is_refused(minutes, hr, client_for):
    response = client_for(hr).post(reverse("programmes:programme-create"), programme_data(session_minutes=minutes))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["session_minutes"]
    assert Programme.objects.count() == 0


def test_missing_name_is_refused(hr, client_for):
    response = client_for(hr).post(reverse("programmes:programme-create"), programme_data(name=""))
    assert response.context["form"].errors["name"] == ["This field is required."]
    assert Programme.objects.count() == 0


def test_an_account_without_employee_cannot_create_a_programme(staff, client_for):
    response = client_for(staff).post(reverse("programmes:programme-create"), programme_data())
    assert response.status_code == 200
    assert "not linked to an employee" in " ".join(response.context["form"].non_field_errors())
    assert Programme.objects.count() == 0


def test_a_mentor_cannot_create_a_programme(mentor, client_for):
    before = Programme.objects.count()
    assert client_for(mentor).post(reverse("programmes:programme-create"), programme_data()).status_code == 403
    assert Programme.objects.count() == before


# --- list and detail ------------------------------------------------------------------------------------------


def test_programme_list_shows_only_programmes_the_user_takes_part_in(mentor, other_programme, client_for):
    response = client_for(mentor).get(reverse("programmes:programme-list"))
    assert [p.name for p in response.context["programmes"]] == ["Digital leadership"]
    assert other_programme.name not in response.content.decode()


def test_coach_sees_goals_but_no_edit_controls(coach, kpi, programme, client_for):
    html = client_for(coach).get(programme.get_absolute_url()).content.decode()
    assert "Seniors use social media" in html and "Posts" in html
    assert reverse("programmes:programme-edit", args=[programme.pk]) not in html
    assert reverse("programmes:goal-create", args=[programme.pk]) not in html
    assert reverse("programmes:kpi-delete", args=[programme.pk, kpi.pk]) not in html


def test_admin_sees_edit_controls(admin, kpi, programme, client_for):
    html = client_for(admin).get(programme.get_absolute_url()).content.decode()
    assert reverse("programmes:programme-edit", args=[programme.pk]) in html
    assert reverse("programmes:kpi-delete", args=[programme.pk, kpi.pk]) in html


# --- edit -----------------------------------------------------------------------------------------------------


def test_admin_edit_saves_the_changed_fields(admin, programme, client_for):
    cloud = make_skill("cloud")
    url = reverse("programmes:programme-edit", args=[programme.pk])
    data = programme_data(name="Digital leadership 2026", session_minutes="30", status="running", topics=[cloud.pk])
    response = client_for(admin).post(url, data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.name, programme.session_minutes, programme.status) == ("Digital leadership 2026", 30, "running")
    assert list(programme.topics.all()) == [cloud]
    entry = AuditEntry.objects.get(action="programme.update")
    assert entry.actor == admin
    assert {"name", "session_minutes", "status"} <= set(entry.data["fields"])


def test_edit_with_bad_input_changes_nothing(admin, programme, client_for):
    url = reverse("programmes:programme-edit", args=[programme.pk])
    response = client_for(admin).post(url, programme_data(name="Renamed", end_date="2025-01-01"))
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    programme.refresh_from_db()
    assert programme.name == "Digital leadership"
    assert not AuditEntry.objects.filter(action="programme.update").exists()


def test_admin_of_another_programme_gets_404(other_programme, programme, client_for):
    client = client_for(admin_of(other_programme))
    url = reverse("programmes:programme-edit", args=[programme.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, programme_data(name="Hijacked")).status_code == 404
    programme.refresh_from_db()
    assert programme.name == "Digital leadership"


def test_coach_of_the_programme_gets_403_on_edit(coach, programme, client_for):
    url = reverse("programmes:programme-edit", args=[programme.pk])
    assert client_for(coach).post(url, programme_data(name="Hijacked")).status_code == 403
    programme.refresh_from_db()
    assert programme.name == "Digital leadership"


def test_admin_elsewhere_who_is_only_coach_here_gets_403(other_programme, programme, client_for):
    """Passes the access table (holds the admin role somewhere) but may only read this programme."""
    other_admin = admin_of(other_programme)
    Participation.objects.create(programme=programme, employee=other_admin.employee, role=Role.COACH)
    client = client_for(other_admin)
    assert client.post(reverse("programmes:programme-edit", args=[programme.pk]), programme_data()).status_code == 403
    assert client.post(reverse("programmes:goal-create", args=[programme.pk]), {"title": "G"}).status_code == 403
    assert not programme.goals.exists()


# --- goals and KPIs -------------------------------------------------------------------------------------------


def test_admin_adds_a_goal(admin, programme, client_for):
    response = client_for(admin).post(reverse("programmes:goal-create", args=[programme.pk]), {"title": "Use Teams"})
    assert response["Location"] == programme.get_absolute_url()
    assert list(programme.goals.values_list("title", flat=True)) == ["Use Teams"]
    assert AuditEntry.objects.filter(action="goal.create", actor=admin).count() == 1


def test_empty_goal_is_refused_with_a_message(admin, programme, client_for):
    response = client_for(admin).post(reverse("programmes:goal-create", args=[programme.pk]), {"title": ""})
    assert "Goal: This field is required." in flashed(response)
    assert Goal.objects.count() == 0


def test_admin_deletes_a_goal_with_its_kpis(admin, kpi, programme, client_for):
    url = reverse("programmes:goal-delete", args=[programme.pk, kpi.goal.pk])
    assert client_for(admin).post(url).status_code == 302
    assert (Goal.objects.count(), Kpi.objects.count()) == (0, 0)


def test_goal_of_another_programme_cannot_be_deleted_through_ours(admin, programme, other_programme, client_for):
    theirs = Goal.objects.create(programme=other_programme, title="Theirs")
    url = reverse("programmes:goal-delete", args=[programme.pk, theirs.pk])
    assert client_for(admin).post(url).status_code == 404
    assert Goal.objects.filter(pk=theirs.pk).exists()


def test_admin_adds_a_kpi(admin, goal, programme, client_for):
    url = reverse("programmes:kpi-create", args=[programme.pk, goal.pk])
    data = {"name": "Weekly active users", "unit": "%", "baseline": "12.5", "target": "60"}
    assert client_for(admin).post(url, data).status_code == 302
    kpi = goal.kpis.get()
    assert (kpi.name, kpi.unit, kpi.baseline, kpi.target) == ("Weekly active users", "%", Decimal("12.5"), 60)


def test_kpi_with_non_numeric_baseline_is_refused_naming_the_field(admin, goal, programme, client_for):
    url = reverse("programmes:kpi-create", args=[programme.pk, goal.pk])
    response = client_for(admin).post(url, {"name": "Posts", "unit": "per month", "baseline": "lots", "target": "4"})
    assert "The KPI was not added. Baseline: Enter a number." in flashed(response)
    assert Kpi.objects.count() == 0


def test_kpi_without_a_name_is_refused(admin, goal, programme, client_for):
    url = reverse("programmes:kpi-create", args=[programme.pk, goal.pk])
    response = client_for(admin).post(url, {"name": "", "unit": "%", "baseline": "1", "target": "2"})
    assert "KPI: This field is required." in flashed(response)
    assert Kpi.objects.count() == 0


def test_kpi_cannot_be_added_to_a_goal_of_another_programme(admin, programme, other_programme, client_for):
    theirs = Goal.objects.create(programme=other_programme, title="Theirs")
    url = reverse("programmes:kpi-create", args=[programme.pk, theirs.pk])
    assert client_for(admin).post(url, {"name": "K", "unit": "%", "baseline": "1", "target": "2"}).status_code == 404
    assert Kpi.objects.count() == 0


def test_admin_deletes_a_kpi(admin, kpi, programme, client_for):
    assert client_for(admin).post(reverse("programmes:kpi-delete", args=[programme.pk, kpi.pk])).status_code == 302
    assert Kpi.objects.count() == 0
    assert AuditEntry.objects.filter(action="kpi.delete", actor=admin).count() == 1


def test_kpi_of_another_programme_cannot_be_deleted_through_ours(admin, programme, other_programme, client_for):
    theirs = Kpi.objects.create(
        goal=Goal.objects.create(programme=other_programme, title="T"), name="K", unit="%", baseline=0, target=1
    )
    assert client_for(admin).post(reverse("programmes:kpi-delete", args=[programme.pk, theirs.pk])).status_code == 404
    assert Kpi.objects.filter(pk=theirs.pk).exists()


def test_coach_changes_no_goal_kpi_or_participant(coach, kpi, mentor, programme, client_for):
    client = client_for(coach)
    participation = Participation.objects.get(employee=mentor.employee)
    posts = [
        (reverse("programmes:goal-create", args=[programme.pk]), {"title": "G"}),
        (reverse("programmes:goal-delete", args=[programme.pk, kpi.goal.pk]), {}),
        (reverse("programmes:kpi-create", args=[programme.pk, kpi.goal.pk]), {"name": "K"}),
        (reverse("programmes:kpi-delete", args=[programme.pk, kpi.pk]), {}),
        (reverse("programmes:participant-add", args=[programme.pk]), {"employee": "x", "role": "mentor"}),
        (reverse("programmes:participant-remove", args=[programme.pk, participation.pk]), {}),
    ]
    before = (Goal.objects.count(), Kpi.objects.count(), Participation.objects.count())
    assert [client.post(url, data).status_code for url, data in posts] == [403] * len(posts)
    assert (Goal.objects.count(), Kpi.objects.count(), Participation.objects.count()) == before


# --- participants ---------------------------------------------------------------------------------------------


def add(client, programme, employee, role):
    return client.post(reverse("programmes:participant-add", args=[programme.pk]), {"employee": employee, "role": role})


def test_admin_adds_a_participant_by_employee_id(admin, programme, client_for):
    junior = make_employee(level=2, first_name="Jo", last_name="Junior")
    response = add(client_for(admin), programme, junior.employee_id, Role.MENTOR)
    assert response["Location"] == reverse("programmes:participant-list", args=[programme.pk])
    assert "Jo Junior added." in flashed(response)
    assert programme.participations.filter(employee=junior, role=Role.MENTOR).exists()


def test_admin_adds_a_participant_by_email_in_any_case(admin, programme, client_for):
    senior = make_employee(level=9, email="sam.senior@example.com")
    add(client_for(admin), programme, "  Sam.Senior@Example.com ", Role.MENTEE)
    assert programme.participations.filter(employee=senior, role=Role.MENTEE).exists()


def test_unknown_employee_is_refused_and_nothing_is_added(admin, programme, client_for):
    before = Participation.objects.count()
    response = add(client_for(admin), programme, "E99999", Role.MENTOR)
    assert "No employee with id or email “E99999”." in flashed(response)
    assert Participation.objects.count() == before


def test_unknown_role_is_refused(admin, programme, client_for):
    before = Participation.objects.count()
    response = add(client_for(admin), programme, make_employee().employee_id, "sponsor")
    assert "Select a valid choice." in flashed(response)
    assert Participation.objects.count() == before


def test_a_mentee_cannot_also_be_mentor_in_the_same_programme(admin, mentee, programme, client_for):
    response = add(client_for(admin), programme, mentee.employee.employee_id, Role.MENTOR)
    assert "one person cannot be both" in flashed(response)
    assert list(mentee.employee.participations.values_list("role", flat=True)) == [Role.MENTEE]


def test_the_same_role_twice_is_refused(admin, mentor, programme, client_for):
    response = add(client_for(admin), programme, mentor.employee.employee_id, Role.MENTOR)
    assert "already has this role" in flashed(response)
    assert mentor.employee.participations.count() == 1


def test_an_inactive_employee_cannot_be_added(admin, programme, client_for):
    gone = make_employee(is_active=False)
    response = add(client_for(admin), programme, gone.employee_id, Role.MENTOR)
    assert "no longer active" in flashed(response)
    assert not gone.participations.exists()


def test_admin_removes_a_participant(admin, mentor, programme, client_for):
    participation = Participation.objects.get(employee=mentor.employee)
    url = reverse("programmes:participant-remove", args=[programme.pk, participation.pk])
    response = client_for(admin).post(url)
    assert "Mila Mentor removed." in flashed(response)
    assert not Participation.objects.filter(pk=participation.pk).exists()
    assert AuditEntry.objects.filter(action="participation.delete", actor=admin).count() == 1


def test_the_last_admin_cannot_be_removed(admin, programme, client_for):
    participation = Participation.objects.get(employee=admin.employee, role=Role.ADMIN)
    url = reverse("programmes:participant-remove", args=[programme.pk, participation.pk])
    response = client_for(admin).post(url)
    assert "A programme needs at least one programme admin." in flashed(response)
    assert Participation.objects.filter(pk=participation.pk).exists()


def test_an_admin_can_be_removed_while_another_admin_remains(admin, programme, client_for):
    make_participant(programme, Role.ADMIN)
    participation = Participation.objects.get(employee=admin.employee, role=Role.ADMIN)
    client_for(admin).post(reverse("programmes:participant-remove", args=[programme.pk, participation.pk]))
    assert not Participation.objects.filter(pk=participation.pk).exists()


def test_participation_of_another_programme_cannot_be_removed_through_ours(admin, programme, client_for):
    elsewhere = make_programme(name="Elsewhere")
    theirs = Participation.objects.create(programme=elsewhere, employee=make_employee(), role=Role.MENTOR)
    url = reverse("programmes:participant-remove", args=[programme.pk, theirs.pk])
    assert client_for(admin).post(url).status_code == 404
    assert Participation.objects.filter(pk=theirs.pk).exists()


def test_participant_list_filters_by_role(admin, mentor, other_mentor, mentee, programme, client_for):
    response = client_for(admin).get(reverse("programmes:participant-list", args=[programme.pk]), {"role": "mentor"})
    names = sorted(p.employee.full_name for p in response.context["page"].object_list)
    assert names == ["Mila Mentor", "Omar Other"]


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("programmes:goal-create", ["programme"]),
        ("programmes:goal-delete", ["programme", "goal"]),
        ("programmes:kpi-create", ["programme", "goal"]),
        ("programmes:kpi-delete", ["programme", "kpi"]),
        ("programmes:participant-add", ["programme"]),
        ("programmes:participant-remove", ["programme", "participation"]),
    ],
)
def test_rejects_get(name, kwargs, admin, kpi, programme, client_for):
    pks = {"programme": programme.pk, "goal": kpi.goal.pk, "kpi": kpi.pk}
    pks["participation"] = Participation.objects.get(employee=admin.employee).pk
    assert client_for(admin).get(reverse(name, args=[pks[k] for k in kwargs])).status_code == 405
    assert (Goal.objects.count(), Kpi.objects.count()) == (1, 1)


def test_a_form_post_without_csrf_token_is_refused(admin, programme):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    junior = make_employee()
    assert add(client, programme, junior.employee_id, Role.MENTOR).status_code == 403
    assert not junior.participations.exists()
