"""Time the HR import on a generated organisation: `python bench/bench_import.py [--rows 100000]`.

Uses a fresh SQLite database in a temporary directory (never DATABASE_URL). Steps: parse and validate (a dry
run), the first import, a re-import of the same file (everything unchanged) and an export.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any, NamedTuple

FIRST_NAMES = ["Anna", "Bram", "Daniëlle", "Emma", "Fleur", "Jan", "José", "Lars", "Noor", "Ruud", "Sanne", "Ünal"]
LAST_NAMES = ["Bakker", "de Jong", "de Vries", "Jansen", "Mulder", "van 't Hoff", "Visser", "Yılmaz", "Smit"]
DEPARTMENTS = ["Directie", "Financiën", "ICT", "HR", "Marketing", "Verkoop", "Inkoop", "Juridische zaken"]
SKILLS = [
    "Social Media", "cloud", "ai_tools", "excel", "python", "data analysis", "tiktok", "podcasting",
    "video editing", "design", "SEO", "privacy", "security", "agile", "scrum", "no-code", "automation",
    "LinkedIn", "storytelling", "presenting", "coaching", "diversity", "sustainability", "e-commerce",
]  # fmt: skip
INTERESTS = [f"interest {n}" for n in range(80)] + ["gaming", "sailing", "cycling", "cooking", "chess"]
REPORTS = 8
COLUMNS = ["employee_id", "first_name", "last_name", "email", "department", "team", "manager_id", "level",
           "job_title", "birth_year", "skills", "interests"]  # fmt: skip


class Person(NamedTuple):
    employee_id: str
    manager_id: str
    depth: int
    department: str
    team: str


def generate(rows: int, seed: int = 1) -> bytes:
    """A deterministic HR file (`;`, BOM): a CEO, managers with eight reports each, 8 departments, 512 teams."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([column.capitalize() for column in COLUMNS])
    people = [Person("E000001", "", 0, DEPARTMENTS[0], "")]
    for n in range(2, rows + 1):
        manager = people[(n - 2) // REPORTS]  # breadth first: person k manages 8k+1 .. 8k+8
        department = DEPARTMENTS[(n - 2) % len(DEPARTMENTS)] if manager.depth == 0 else manager.department
        team = f"Team {n:06d}" if manager.depth == 2 else manager.team
        people.append(Person(f"E{n:06d}", manager.employee_id, manager.depth + 1, department, team))
    writer.writerows(_person_values(rng, person) for person in people)
    return ("\ufeff" + buffer.getvalue()).encode()


def _person_values(rng: random.Random, person: Person) -> list[str]:
    employee_id, manager_id, depth, department, team = person
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    level = max(1, 10 - depth) if depth < 4 else rng.randint(1, 5)
    skills = rng.sample(SKILLS, rng.randint(0, 5))
    return [
        employee_id,
        first,
        last,
        f"{employee_id.lower()}@example.com",
        department,
        team,
        manager_id,
        str(level),
        rng.choice(["Adviseur", "Medewerker", "Manager", "Specialist", ""]),
        str(rng.randint(1960, 2004)) if rng.random() > 0.1 else "",
        "|".join(f"{skill}:{rng.randint(0, 4)}" for skill in skills),
        "|".join(rng.sample(INTERESTS, rng.randint(0, 3))),
    ]


def _timed(step: str, rows: int, action: Callable[[], Any]) -> tuple[dict[str, Any], Any]:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    return {"step": step, "rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}, result


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    """Run the benchmark; returns one dict per step (step, rows, seconds, rows_per_s) and prints a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    var_dir = tempfile.mkdtemp(prefix="omkeer-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["OMKEER_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omkeer.settings")
    try:
        return _run(args.rows)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(var_dir, ignore_errors=True)


def _run(rows: int) -> list[dict[str, Any]]:
    import django

    django.setup()
    from django.core.management import call_command

    from omkeer.people.hrimport import import_people
    from omkeer.people.services import export_people

    call_command("migrate", verbosity=0, interactive=False)
    data = generate(rows)
    results = []

    def run(**options: Any) -> Any:
        report = import_people(data=data, filename="people.csv", **options)
        assert report.ok, report.problems[:5]
        return report

    for step, options in [
        ("parse+validate (dry run)", {"dry_run": True}),
        ("first import", {}),
        ("re-import (unchanged)", {}),
    ]:
        result, report = _timed(step, rows, lambda options=options: run(**options))
        results.append(result)
    assert report.unchanged == rows
    result, _count = _timed("export", rows, lambda: export_people(io.StringIO()))
    results.append(result)
    sample = min(rows, 5_000)
    result, _ = _timed(f"baseline: ORM row by row ({sample:,})", sample, lambda: _naive_import(data, sample))
    results.append(result)
    _print_table(results)
    speedup = results[1]["rows_per_s"] / result["rows_per_s"]
    print(f"first import is {speedup:.0f}x the row-by-row baseline")
    return results


def _naive_import(data: bytes, limit: int) -> None:
    """The obvious importer: one update_or_create per person, skill and interest (rolled back afterwards)."""
    from django.db import transaction

    from omkeer.people.hrfile import read_rows
    from omkeer.people.models import Department, Employee, EmployeeSkill, Interest, Skill, Team

    rows, _problems = read_rows(data, "people.csv")
    with transaction.atomic():
        for row in rows[:limit]:
            department = Department.objects.get_or_create(name=row.department)[0]
            team = Team.objects.get_or_create(department=department, name=row.team)[0] if row.team else None
            employee = Employee.objects.update_or_create(
                employee_id="X" + row.employee_id,
                defaults={"first_name": row.first_name, "last_name": row.last_name, "email": "x" + row.email,
                          "department": department, "team": team, "level": row.level, "job_title": row.job_title,
                          "birth_year": row.birth_year,
                          "manager": Employee.objects.filter(employee_id="X" + row.manager_id).first()},
            )[0]  # fmt: skip
            for name, proficiency in row.skills.items():
                skill = Skill.objects.get_or_create(name=name)[0]
                EmployeeSkill.objects.update_or_create(
                    employee=employee, skill=skill, defaults={"proficiency": proficiency}
                )
            employee.interests.set([Interest.objects.get_or_create(name=name)[0] for name in row.interests])
        transaction.set_rollback(True)


def _print_table(results: list[dict[str, Any]]) -> None:
    print(f"{'step':<34} | {'rows':>7} | {'seconds':>7} | {'rows/s':>7}")
    print(f"{'-' * 34}-+-{'-' * 7}-+-{'-' * 7}-+-{'-' * 7}")
    for row in results:
        print(f"{row['step']:<34} | {row['rows']:>7} | {row['seconds']:>7.2f} | {row['rows_per_s']:>7}")


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    main()
