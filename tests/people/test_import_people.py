"""`omkeer import-people` and `import_people()`: every problem is reported by row and column, and then nothing
is written; a good file creates, updates and (on request) deactivates people in bulk."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from omkeer.accounts.models import AuditEntry
from omkeer.people.hrfile import COLUMNS, read_rows
from omkeer.people.hrimport import import_people
from omkeer.people.models import Department, Employee, EmployeeSkill, Interest, Skill, Team
from tests.factories import make_employee

DATA = Path(__file__).parent / "data"
PEOPLE = DATA / "people.csv"


def base_rows() -> list[dict[str, str]]:
    with PEOPLE.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def changed(index: int, **changes: str) -> list[dict[str, str]]:
    """The rows of people.csv with row `index` (0: file row 2) changed."""
    rows = base_rows()
    rows[index].update(changes)
    return rows


def write_csv(tmp_path, rows, columns=COLUMNS, name="people.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(columns)
        writer.writerows([row.get(column, "") for column in columns] for row in rows)
    return path


def run_import(path, *flags) -> str:
    out = io.StringIO()
    call_command("import_people", str(path), *flags, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def import_problems(path, *flags) -> list[str]:
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_people", str(path), *flags, stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines()


def table_counts() -> dict[str, int]:
    models = (Employee, Department, Team, Skill, EmployeeSkill, Interest, Employee.interests.through)
    return {model.__name__: model.objects.count() for model in models}


TODAY = timezone.localdate().isoformat()
ONE_ENTRY = f"1 history entry dated {TODAY}"  # a change is recorded as of the import's day


@pytest.fixture
def imported(db):
    """people.csv imported once (E1 leads E2, who leads E3 and E4)."""
    run_import(PEOPLE)
    return {employee.employee_id: employee for employee in Employee.objects.all()}


# --- the good path -----------------------------------------------------------------------------------


def test_import_creates_people_and_reports_new_taxonomy(db):
    summary = run_import(PEOPLE)

    assert summary == (
        "4 rows: 4 created, 0 updated, 0 unchanged; new departments: Board, Finance, IT; "
        "new teams: Payroll (Finance), Platform (IT); new skills: ai_tools, cloud, social_media, strategy; "
        f"new interests: chess, gaming, sailing; 4 history entries dated {TODAY}"
    )
    bo = Employee.objects.get(employee_id="E2")
    assert (bo.first_name, bo.email, bo.department.name, bo.team.name, bo.level) == (
        "Bo",
        "bo@example.com",
        "Finance",
        "Payroll",
        8,
    )
    assert {s.skill.name: s.proficiency for s in bo.skills.all()} == {"social_media": 2, "cloud": 3}
    assert {i.name for i in bo.interests.all()} == {"chess", "sailing"}
    assert Employee.objects.get(employee_id="E4").birth_year is None


def test_import_sets_managers_and_reporting_paths(imported):
    ceo, bo, cy = imported["E1"], imported["E2"], imported["E3"]

    assert set(Employee.objects.under(ceo)) == {bo, cy, imported["E4"]}
    assert set(Employee.objects.under(bo)) == {cy, imported["E4"]}
    assert cy.manager == bo
    assert cy.chain_ids == [bo.pk, ceo.pk]
    assert ceo.chain_ids == []


def test_reimporting_the_same_file_changes_nothing(imported):
    before = table_counts()
    paths = dict(Employee.objects.values_list("employee_id", "reporting_path"))

    assert run_import(PEOPLE) == "4 rows: 0 created, 0 updated, 4 unchanged"
    assert table_counts() == before
    assert dict(Employee.objects.values_list("employee_id", "reporting_path")) == paths


def test_changed_row_updates_the_employee_with_that_id(imported, tmp_path):
    rows = changed(2, last_name="Senior", level="4", skills="cloud:2", interests="Chess")

    assert run_import(write_csv(tmp_path, rows)) == f"4 rows: 0 created, 1 updated, 3 unchanged; {ONE_ENTRY}"
    cy = Employee.objects.get(employee_id="E3")
    assert (cy.pk, cy.last_name, cy.level) == (imported["E3"].pk, "Senior", 4)
    assert {s.skill.name: s.proficiency for s in cy.skills.all()} == {"cloud": 2}
    assert [i.name for i in cy.interests.all()] == ["chess"]


@pytest.mark.parametrize(
    "changes",
    [
        {"team": ""},
        {"team": "Audit"},
        {"manager_id": "E1"},
        {"skills": "ai_tools:3"},
        {"skills": "ai_tools:4|cloud:1"},
        {"interests": "chess"},
        {"birth_year": "2001"},
        {"email": "cy.junior@example.com"},
    ],
)
def test_employee_is_unchanged_only_when_fields_team_manager_skills_and_interests_are_equal(
    imported, tmp_path, changes
):
    summary = run_import(write_csv(tmp_path, changed(2, **changes)))

    assert summary.startswith("4 rows: 0 created, 1 updated, 3 unchanged")


def test_manager_change_moves_the_reporting_path(imported, tmp_path):
    run_import(write_csv(tmp_path, changed(3, manager_id="E3")))

    di = Employee.objects.get(employee_id="E4")
    assert di.chain_ids == [imported["E3"].pk, imported["E2"].pk, imported["E1"].pk]
    assert di in Employee.objects.under(imported["E3"])


def test_people_missing_from_the_file_are_reported_but_stay_active(imported, tmp_path):
    summary = run_import(write_csv(tmp_path, base_rows()[:3]))

    assert summary == ("3 rows: 0 created, 0 updated, 3 unchanged; 1 person not in the file (kept active)")
    assert Employee.objects.get(employee_id="E4").is_active


def test_deactivate_missing_deactivates_people_not_in_the_file(imported, tmp_path):
    summary = run_import(write_csv(tmp_path, base_rows()[:3]), "--deactivate-missing")

    assert summary == f"3 rows: 0 created, 0 updated, 3 unchanged; 1 person not in the file deactivated; {ONE_ENTRY}"
    assert not Employee.objects.get(employee_id="E4").is_active


def test_deactivated_person_in_the_file_is_reactivated_and_counts_as_updated(imported):
    Employee.objects.filter(employee_id="E4").update(is_active=False)

    assert run_import(PEOPLE) == "4 rows: 0 created, 1 updated, 3 unchanged"
    assert Employee.objects.get(employee_id="E4").is_active


def test_inactive_people_are_not_reported_missing(imported, tmp_path):
    Employee.objects.filter(employee_id="E4").update(is_active=False)

    summary = run_import(write_csv(tmp_path, base_rows()[:3]))

    assert summary == f"3 rows: 0 created, 0 updated, 3 unchanged; {ONE_ENTRY}"  # the history learns they left


def test_dry_run_reports_the_same_summary_and_writes_nothing(db):
    before = table_counts()

    summary = run_import(PEOPLE, "--dry-run")

    assert summary.startswith("dry run: 4 rows: 4 created, 0 updated, 0 unchanged; new departments: Board")
    assert table_counts() == before
    assert not AuditEntry.objects.exists()


def test_import_writes_one_audit_entry_for_the_actor(hr):
    before = set(AuditEntry.objects.values_list("pk", flat=True))

    import_people(data=PEOPLE.read_bytes(), filename="people.csv", actor=hr)

    entry = AuditEntry.objects.exclude(pk__in=before).get()
    assert (entry.action, entry.actor) == ("people.import", hr)
    assert entry.summary.startswith("4 rows: 4 created")
    assert entry.data["created"] == 4


def test_emails_can_move_between_people_in_one_file(imported, tmp_path):
    rows = base_rows()
    rows[2]["email"], rows[3]["email"] = rows[3]["email"], rows[2]["email"]

    assert run_import(write_csv(tmp_path, rows)) == "4 rows: 0 created, 2 updated, 2 unchanged"
    assert Employee.objects.get(employee_id="E3").email == "di@example.com"


def test_new_person_may_take_the_old_email_of_someone_who_changes_theirs(imported, tmp_path):
    rows = changed(3, email="di.new@example.com")
    rows.append({**rows[3], "employee_id": "E5", "email": "di@example.com"})

    assert run_import(write_csv(tmp_path, rows)) == f"5 rows: 1 created, 1 updated, 3 unchanged; {ONE_ENTRY}"
    assert Employee.objects.get(email="di@example.com").employee_id == "E5"


def test_department_and_team_names_match_existing_ones_case_insensitively(imported, tmp_path):
    rows = changed(2, department="FINANCE", team="payroll")

    assert run_import(write_csv(tmp_path, rows)) == "4 rows: 0 created, 0 updated, 4 unchanged"
    assert list(Department.objects.values_list("name", flat=True)) == ["Board", "Finance", "IT"]


def test_header_names_match_case_insensitively_and_blank_rows_are_ignored(db, tmp_path):
    text = PEOPLE.read_text(encoding="utf-8").replace("employee_id,", " Employee_ID ,", 1)
    path = tmp_path / "people.csv"
    path.write_text(text + ",,,,,,,,,,,\n\n  \n", encoding="utf-8")

    assert run_import(path).startswith("4 rows: 4 created")


def test_xlsx_with_the_same_header_imports_like_csv(db, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.upper() for column in COLUMNS])
    for row in base_rows():
        values = [row[column] for column in COLUMNS]
        values[7] = int(values[7])  # numbers as numbers, as spreadsheets store them
        values[9] = float(values[9]) if values[9] else None
        sheet.append(values)
    sheet.append([None] * len(COLUMNS))
    workbook.save(tmp_path / "people.xlsx")

    assert run_import(tmp_path / "people.xlsx").startswith("4 rows: 4 created")
    assert Employee.objects.get(employee_id="E1").birth_year == 1965
    assert run_import(PEOPLE) == "4 rows: 0 created, 0 updated, 4 unchanged"


def test_progress_counts_checking_then_writing(db):
    calls = []

    import_people(data=PEOPLE.read_bytes(), filename="people.csv", progress=lambda *call: calls.append(call))

    assert calls[0] == (4, 8)
    assert calls[-1] == (8, 8)
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)


def test_report_as_dict_is_json_with_problems_by_row_and_column(db, tmp_path):
    path = write_csv(tmp_path, changed(1, email="nope"))

    report = import_people(data=path.read_bytes(), filename=path.name)

    data = json.loads(json.dumps(report.as_dict()))
    assert data["ok"] is False
    assert data["problems"] == [{"row": 3, "column": "email", "message": "not a valid email address"}]


# --- problems: reported by row and column, and nothing is written -----------------------------------------

THIS_YEAR = dt.date.today().year
LATEST = f"must be a year from 1900 to {THIS_YEAR - 14}"
LEVEL = "must be a whole number from 1 to 10"
PROFICIENCY = "proficiency of cloud must be a whole number from 0 to 4"


def csv_text(rows, columns=COLUMNS) -> str:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.get(column, "") for column in columns] for row in rows)
    return stream.getvalue()


def edit(index, **changes):
    """A case that changes one row (0: file row 2) of the file."""

    def apply(rows):
        rows[index].update(changes)
        return csv_text(rows)

    return apply


def extra_value(rows):
    lines = csv_text(rows).splitlines()
    lines[4] += ",surprise"
    return "\n".join(lines)


PROBLEM_CASES = {
    "missing column": (lambda rows: csv_text(rows, [c for c in COLUMNS if c != "team"]), "row 1: team: missing column"),
    "unknown column": (lambda rows: csv_text(rows, [*COLUMNS, "Salary"]), "row 1: Salary: unknown column"),
    "duplicate column": (lambda rows: csv_text(rows, [*COLUMNS, "Email"]), "row 1: email: duplicate column"),
    "invalid email": (edit(1, email="bo@"), "row 3: email: not a valid email address"),
    "duplicate employee id": (
        edit(3, employee_id="E3", email="new@example.com"),
        "row 5: employee_id: duplicate employee id (also on row 4)",
    ),
    "duplicate email in file": (edit(2, email="BO@example.com"), "row 4: email: duplicate email (also on row 3)"),
    "level not a number": (edit(2, level="senior"), f"row 4: level: {LEVEL}"),
    "level too low": (edit(2, level="0"), f"row 4: level: {LEVEL}"),
    "level too high": (edit(2, level="11"), f"row 4: level: {LEVEL}"),
    "level fraction": (edit(2, level="2.5"), f"row 4: level: {LEVEL}"),
    "birth year not a number": (edit(3, birth_year="nineties"), f"row 5: birth_year: {LATEST}"),
    "birth year too early": (edit(3, birth_year="1899"), f"row 5: birth_year: {LATEST}"),
    "birth year too late": (edit(3, birth_year=str(THIS_YEAR - 13)), f"row 5: birth_year: {LATEST}"),
    "skill without colon": (edit(3, skills="cloud:4|python"), "row 5: skills: “python” is not name:proficiency"),
    "skill proficiency not a number": (edit(3, skills="cloud:high"), f"row 5: skills: {PROFICIENCY}"),
    "skill proficiency out of range": (edit(3, skills="cloud:5"), f"row 5: skills: {PROFICIENCY}"),
    "skill twice in one cell": (
        edit(3, skills="Social Media:1|social_media:2"),
        "row 5: skills: social_media appears twice",
    ),
    "unknown manager": (edit(3, manager_id="E99"), "row 5: manager_id: unknown manager E99"),
    "own manager": (edit(3, manager_id="E4"), "row 5: manager_id: cannot be the employee's own id"),
    "value too long": (edit(3, team="x" * 121), "row 5: team: longer than 120 characters"),
    "more values than columns": (extra_value, "row 5: (row): more values than columns"),
}


@pytest.mark.parametrize("case", PROBLEM_CASES)
def test_problem_is_reported_by_row_and_column_and_nothing_is_written(imported, tmp_path, case):
    make_file, expected = PROBLEM_CASES[case]
    rows = base_rows()
    rows[0]["first_name"] = "Changed"  # a valid change on another row must not be written either
    path = tmp_path / "people.csv"
    path.write_text(make_file(rows), encoding="utf-8")
    before = table_counts()

    assert import_problems(path) == [expected]
    assert table_counts() == before
    assert Employee.objects.get(employee_id="E1").first_name == "Ada"


@pytest.mark.parametrize("column", ["employee_id", "first_name", "last_name", "email", "department", "level"])
def test_empty_required_field_is_reported_and_nothing_is_written(db, tmp_path, column):
    path = write_csv(tmp_path, changed(1, **{column: ""}))
    before = table_counts()

    problems = import_problems(path)

    assert f"row 3: {column}: required" in problems
    assert table_counts() == before


def test_email_of_another_existing_employee_is_reported(imported, tmp_path):
    make_employee(employee_id="X1", email="taken@example.com")
    path = write_csv(tmp_path, changed(1, email="Taken@example.com"))
    before = table_counts()

    assert import_problems(path) == ["row 3: email: email already belongs to employee X1"]
    assert table_counts() == before


def test_every_row_of_a_management_cycle_is_reported(db, tmp_path):
    path = write_csv(tmp_path, changed(0, manager_id="E4"))

    assert import_problems(path) == [
        "row 2: manager_id: management cycle: E1 -> E4 -> E2 -> E1",
        "row 3: manager_id: management cycle: E2 -> E1 -> E4 -> E2",
        "row 5: manager_id: management cycle: E4 -> E2 -> E1 -> E4",
    ]
    assert table_counts() == dict.fromkeys(table_counts(), 0)


def test_cycle_through_people_already_in_the_database_is_reported(imported, tmp_path):
    path = write_csv(tmp_path, changed(0, manager_id="E3")[:1])
    before = table_counts()

    assert import_problems(path) == ["row 2: manager_id: management cycle: E1 -> E3 -> E2 -> E1"]
    assert table_counts() == before


def test_manager_already_in_the_database_need_not_be_in_the_file(imported, tmp_path):
    rows = [{**base_rows()[3], "employee_id": "E5", "email": "e5@example.com"}]

    assert run_import(write_csv(tmp_path, rows)).startswith("1 row: 1 created")
    assert Employee.objects.get(employee_id="E5").chain_ids == [imported["E2"].pk, imported["E1"].pk]


def test_all_problems_of_a_file_are_reported_in_row_order(db, tmp_path):
    rows = changed(3, level="x", email="bad")
    rows[1]["department"] = ""

    assert import_problems(write_csv(tmp_path, rows)) == [
        "row 3: department: required",
        "row 5: email: not a valid email address",
        "row 5: level: must be a whole number from 1 to 10",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "row 1: (file): the file is empty"),
        ("employee_id".encode("utf-16"), "row 1: (file): the file is not UTF-8 text, CSV or .xlsx"),
    ],
)
def test_unreadable_file_is_reported(db, tmp_path, content, expected):
    path = tmp_path / "people.csv"
    path.write_bytes(content)

    assert import_problems(path) == [expected]


def test_damaged_xlsx_is_reported(db, tmp_path):
    path = tmp_path / "people.xlsx"
    path.write_bytes(b"PK not really a workbook")

    assert import_problems(path) == ["row 1: (file): cannot read the .xlsx file"]


def test_read_rows_normalises_skills_interests_and_email():
    rows, problems = read_rows(PEOPLE.read_bytes(), "people.csv")

    assert problems == []
    assert rows[1].email == "bo@example.com"
    assert rows[1].skills == {"social_media": 2, "cloud": 3}
    assert rows[1].interests == frozenset({"chess", "sailing"})


# --- the console script --------------------------------------------------------------------------------


@pytest.mark.timeout(120)  # a real process: migrates a fresh SQLite database first (a few seconds)
def test_console_script_exits_1_and_prints_problems_on_a_bad_file(tmp_path):
    omkeer = shutil.which("omkeer", path=str(Path(sys.executable).parent)) or "omkeer"
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["OMKEER_VAR_DIR"] = str(tmp_path / "var")
    subprocess.run([omkeer, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=100)
    bad = write_csv(tmp_path, changed(1, email="bo@"), name="bad.csv")

    result = subprocess.run([omkeer, "import-people", str(bad)], env=env, capture_output=True, text=True)
    good = subprocess.run([omkeer, "import-people", str(PEOPLE)], env=env, capture_output=True, text=True)

    assert result.returncode == 1
    assert "row 3: email: not a valid email address" in result.stderr.splitlines()
    assert good.returncode == 0
    assert good.stdout.startswith("4 rows: 4 created, 0 updated, 0 unchanged")


@pytest.mark.parametrize("bad_id", ["NL/123", "E 1", "E#1", "E?1"])
def test_an_employee_id_that_cannot_be_part_of_an_address_is_refused(tmp_path, db, bad_id):
    rows = base_rows()
    rows[1]["employee_id"] = bad_id
    before = table_counts()
    problems = import_problems(write_csv(tmp_path, rows))
    assert any(p.startswith("row 3: employee_id: may not contain") for p in problems), problems
    assert table_counts() == before
