"""What erasing a person does to people data, and what they may download of it (see `omkeer.lib.privacy`)."""

from __future__ import annotations

from typing import Any

from omkeer.lib.privacy import Delete, Keep, Scrub, Strategy, Subject, Tombstone, rows
from omkeer.people.models import Employee, EmployeeHistory, EmployeeSkill, ImportJob

STRATEGIES: dict[type[Any], list[Strategy]] = {
    # The row stays: pairs, participations and answers point at it, so every count and figure stays valid.
    # Department, team and level stay too (the figures group by them); nothing that names the person does.
    Employee: [
        Tombstone(
            "pk",
            fields={
                "employee_id": lambda subject: f"erased-{subject.ref}",
                "email": lambda subject: f"erased-{subject.ref}@erased.invalid",
                "first_name": "Erased",
                "last_name": "person",
                "job_title": "",
                "birth_year": None,
                "hire_date": None,
                "leave_date": None,
                "is_active": False,
            },
            clear=("interests",),
        )
    ],
    EmployeeSkill: [Delete("employee")],
    EmployeeHistory: [
        Keep("level, department and team by date, for the comparison group; the employee is a tombstone")
    ],
    # An uploaded HR file names everyone in it; the uploader's own jobs go, others lose the person from the report
    # (the raw file itself is kept only `RETENTION["imports"]` days).
    ImportJob: [Delete("created_by"), Scrub("filename", "report")],
}


def export(subject: Subject) -> dict[str, Any]:
    employee = subject.employee
    if employee is None:
        return {}
    profile = rows(
        Employee.objects.filter(pk=employee.pk),
        "employee_id",
        "first_name",
        "last_name",
        "email",
        "department__name",
        "team__name",
        "manager__employee_id",
        "level",
        "job_title",
        "birth_year",
        "is_active",
        "hire_date",
        "leave_date",
    )[0]
    profile["interests"] = list(employee.interests.values_list("name", flat=True))
    return {
        "employee": profile,
        "skills": rows(EmployeeSkill.objects.filter(employee=employee), "skill__name", "proficiency"),
        "history": rows(
            EmployeeHistory.objects.filter(employee=employee), "as_of", "level", "department__name", "team__name"
        ),
    }
