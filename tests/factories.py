"""Plain `make_*` builders for tests. Each takes keyword overrides and saves to the database."""

from __future__ import annotations

import datetime as dt
import itertools

from omkeer.accounts.models import User
from omkeer.people.models import Department, Employee, EmployeeSkill, Skill, Team
from omkeer.programmes.models import Participation, Programme, Role

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery"


def make_department(name: str | None = None) -> Department:
    return Department.objects.get_or_create(name=name or f"Department {next(_seq)}")[0]


def make_team(name: str | None = None, department: Department | None = None) -> Team:
    department = department or make_department()
    return Team.objects.get_or_create(department=department, name=name or f"Team {next(_seq)}")[0]


def make_employee(**kw) -> Employee:
    n = next(_seq)
    team = kw.pop("team", None) or make_team(department=kw.get("department"))
    kw.setdefault("department", team.department)
    defaults = dict(
        employee_id=f"E{n:05d}",
        first_name=f"First{n}",
        last_name=f"Last{n}",
        email=f"person{n}@example.com",
        level=5,
        job_title="Consultant",
    )
    defaults.update(kw)
    return Employee.objects.create(team=team, **defaults)


def make_skill(name: str = "social_media", proficiency: int | None = None, employee: Employee | None = None) -> Skill:
    skill = Skill.objects.get_or_create(name=name)[0]
    if employee is not None and proficiency is not None:
        EmployeeSkill.objects.create(employee=employee, skill=skill, proficiency=proficiency)
    return skill


def make_user(employee: Employee | None = None, **kw) -> User:
    username = kw.pop("username", None) or (employee.email if employee else f"user{next(_seq)}@example.com")
    user = User(username=username, email=username, employee=employee, **kw)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_programme(**kw) -> Programme:
    defaults = dict(
        name=f"Programme {next(_seq)}",
        description="Digital leadership pilot",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )
    defaults.update(kw)
    return Programme.objects.create(**defaults)


def make_participant(programme: Programme, role: str, **kw) -> User:
    """An employee with a login, taking part in `programme` with `role`."""
    employee = make_employee(**kw)
    Participation.objects.create(programme=programme, employee=employee, role=role)
    return make_user(employee)


__all__ = ["PASSWORD", "Role", "make_department", "make_employee", "make_participant", "make_programme"]
