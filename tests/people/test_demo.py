"""`omkeer demo`: a deterministic ~600-person organisation with a PwC-shaped pilot and demo logins."""

from __future__ import annotations

import io
from collections import defaultdict

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Avg, Count
from django.test import RequestFactory

from omkeer.access.roles import roles_of
from omkeer.accounts.models import User
from omkeer.demo.people import DEMO_LOGINS, DEMO_PASSWORD, build_demo, logins_text
from omkeer.people.models import Department, Employee, EmployeeSkill, Team
from omkeer.programmes.models import Participation, Programme, Role, Status


@pytest.fixture
def demo(db):
    return build_demo()


def _pilot() -> Programme:
    return Programme.objects.get(name="Digital leadership")


def _levels(role: str) -> list[int]:
    return list(Participation.objects.filter(programme=_pilot(), role=role).values_list("employee__level", flat=True))


def _average(skill: str, levels: range) -> float:
    rows = EmployeeSkill.objects.filter(skill__name=skill, employee__level__in=levels)
    return rows.aggregate(avg=Avg("proficiency"))["avg"]


def _assert_counts(demo):
    assert 590 <= Employee.objects.count() <= 610
    assert Department.objects.count() == 8
    assert 55 <= Team.objects.count() <= 65
    assert 110 <= len(_levels(Role.MENTOR)) <= 130
    assert 190 <= len(_levels(Role.MENTEE)) <= 210
    assert (demo.employees, demo.departments, demo.teams) == (
        Employee.objects.count(),
        Department.objects.count(),
        Team.objects.count(),
    )
    assert demo.text().startswith(f"Demo organisation ready: {demo.employees} employees, 8 departments")


def _assert_plausible_people():
    people = list(
        Employee.objects.annotate(n_skills=Count("skills", distinct=True), n_int=Count("interests", distinct=True))
    )
    assert all(4 <= person.n_skills <= 8 and 1 <= person.n_int <= 4 for person in people)
    assert all(person.email.isascii() and person.email.endswith("@demo.omkeer.nl") for person in people)
    assert any(not person.full_name.isascii() for person in people), "accented names are part of the demo"
    assert any(person.last_name.startswith(("van ", "de ")) for person in people)
    juniors = [person.birth_year for person in people if person.level <= 3]
    seniors = [person.birth_year for person in people if person.level >= 7]
    assert min(juniors) >= 1996 and max(juniors) <= 2004
    assert min(seniors) >= 1962 and max(seniors) <= 1985


def _assert_one_top_and_no_cycles():
    total = Employee.objects.count()
    ceo = Employee.objects.get(manager=None)
    assert ceo.level == 10
    people = list(Employee.objects.select_related("manager"))
    for person in people:
        assert person.reporting_path.startswith(f"/{ceo.pk}/")
        if person.manager:
            assert person.manager.level > person.level, person
    assert Employee.objects.under(ceo).count() == total - 1
    assert set(Employee.objects.filter(manager=ceo).values_list("level", flat=True)) == {9}


def _assert_teams_have_one_lead():
    members = defaultdict(list)
    for person in Employee.objects.exclude(team=None).select_related("manager"):
        members[person.team_id].append(person)
    assert len(members) == Team.objects.count()
    for people in members.values():
        leads = [person for person in people if person.manager.team_id != person.team_id]
        assert len(leads) == 1
        assert 6 <= leads[0].level <= 8
        assert leads[0].manager.level >= 8
        assert all(person.manager == leads[0] for person in people if person != leads[0])


def _assert_generations_differ():
    assert _average("social_media", range(1, 4)) > _average("social_media", range(7, 11))
    assert _average("strategy", range(1, 4)) < _average("strategy", range(7, 11))


def _assert_pilot_like_pwc():
    pilot = _pilot()
    assert pilot.status == Status.PILOT and pilot.cadence == "monthly" and pilot.session_minutes == 60
    assert set(pilot.topics.values_list("name", flat=True)) >= {"social_media", "linkedin", "cloud", "ai_tools"}
    assert all(level in range(1, 4) for level in _levels(Role.MENTOR))
    assert all(level in range(7, 11) for level in _levels(Role.MENTEE))
    roles = Participation.objects.filter(programme=pilot, role__in=[Role.MENTOR, Role.MENTEE])
    both = roles.values("employee").annotate(n=Count("role", distinct=True)).filter(n__gt=1)
    assert not both.exists()
    kpi = pilot.goals.get(title__startswith="Senior leaders").kpis.get(name="Mentee digital self-assessment")
    assert (float(kpi.baseline), float(kpi.target), kpi.unit) == (2.1, 3.5, "score 1–5")


def _assert_logins_work_with_their_roles():
    request = RequestFactory().post("/accounts/login/")  # the lockout backend counts per request
    users = {email: authenticate(request, username=email, password=DEMO_PASSWORD) for _, email in DEMO_LOGINS}
    assert all(users.values()), users
    assert {"hr", "admin"} <= roles_of(users["hr@demo.omkeer.nl"])
    assert "coach" in roles_of(users["coach@demo.omkeer.nl"])
    assert "mentor" in roles_of(users["mentor@demo.omkeer.nl"])
    assert "mentee" in roles_of(users["mentee@demo.omkeer.nl"])
    staff = users["staff@demo.omkeer.nl"]
    assert staff.is_superuser and staff.is_staff
    assert users["mentor@demo.omkeer.nl"].employee.level == 2
    assert users["mentee@demo.omkeer.nl"].employee.level == 8
    assert users["coach@demo.omkeer.nl"].employee.level == 6
    hr = users["hr@demo.omkeer.nl"]
    assert hr.is_hr and hr.employee.department.name == "People & HR"
    assert (hr.first_name, hr.last_name) == (hr.employee.first_name, hr.employee.last_name)


def test_organisation_is_a_realistic_tree(demo):
    """One build, checked from several sides (a build takes a noticeable fraction of a second)."""
    _assert_counts(demo)
    _assert_plausible_people()
    _assert_one_top_and_no_cycles()
    _assert_teams_have_one_lead()
    _assert_generations_differ()


def test_pilot_and_demo_logins(demo):
    _assert_pilot_like_pwc()
    _assert_logins_work_with_their_roles()


def _fingerprint() -> list[tuple]:
    skills = defaultdict(list)
    for row in EmployeeSkill.objects.values_list("employee__employee_id", "skill__name", "proficiency"):
        skills[row[0]].append(row[1:])
    roles = defaultdict(list)
    for employee_id, role in Participation.objects.values_list("employee__employee_id", "role"):
        roles[employee_id].append(role)
    rows = Employee.objects.values_list("employee_id", "email", "level", "manager__employee_id", "team__name")
    return sorted((*row, tuple(sorted(skills[row[0]])), tuple(sorted(roles[row[0]]))) for row in rows)


def _wipe() -> None:
    Programme.objects.all().delete()
    User.objects.all().delete()
    Employee.objects.all().delete()
    Team.objects.all().delete()
    Department.objects.all().delete()


def test_same_seed_gives_the_same_organisation(db):
    build_demo(seed=2026)
    first = _fingerprint()
    _wipe()
    build_demo(seed=2026)
    assert _fingerprint() == first
    _wipe()
    build_demo(seed=7)
    assert _fingerprint() != first


def _counts() -> tuple[int, ...]:
    return (Employee.objects.count(), Participation.objects.count(), User.objects.count(), Team.objects.count())


def test_command_builds_once_and_never_on_top_of_existing_data(db):
    out = io.StringIO()
    call_command("demo", "--if-empty", "--seed", "2026", stdout=out)
    assert out.getvalue().startswith("Demo organisation ready: ")
    assert logins_text() in out.getvalue()
    counts = _counts()
    again = io.StringIO()
    call_command("demo", "--if-empty", stdout=again)
    assert again.getvalue().startswith("Demo organisation already present; skipping.")
    assert "mentee@demo.omkeer.nl" in again.getvalue()
    assert _counts() == counts
    with pytest.raises(CommandError, match="use --if-empty"):
        call_command("demo", stdout=io.StringIO())
    with pytest.raises(ValueError, match="already has employees"):
        build_demo()
    assert _counts() == counts


def test_logins_text_lists_every_login_with_the_password():
    text = logins_text()
    assert "password omkeer-demo" in text
    assert all(f"{label}" in text and email in text for label, email in DEMO_LOGINS)
