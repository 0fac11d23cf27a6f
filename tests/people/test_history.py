"""The employees' dated history (`omkeer.people.history`) and the HR file's hire and leave dates.

The import writes a history row dated its as-of day for everyone whose level, department, team or active status
differs from their last row (and for everyone without one); the evaluation asks `state_on` and `changes`.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from omkeer.people import history
from omkeer.people.history import State
from omkeer.people.hrfile import COLUMNS, read_rows
from omkeer.people.hrimport import import_people
from omkeer.people.models import Employee, EmployeeHistory, ImportJob
from tests.factories import make_employee, make_team
from tests.people.test_import_people import (
    PEOPLE,
    base_rows,
    changed,
    import_problems,
    run_import,
    table_counts,
    write_csv,
)

MARCH = dt.date(2024, 3, 1)
APRIL = dt.date(2024, 4, 1)
MAY = dt.date(2024, 5, 1)
DATES = [*COLUMNS, "hire_date", "leave_date"]


def rows_of(employee_id: str) -> list[tuple]:
    """(as of, level, team name, active) of one employee's history rows, oldest first."""
    return [
        (row.as_of, row.level, row.team.name if row.team else None, row.is_active)
        for row in EmployeeHistory.objects.filter(employee__employee_id=employee_id).select_related("team")
    ]


def import_as_of(path, day: dt.date, *flags: str) -> str:
    return run_import(path, "--as-of", day.isoformat(), *flags)


@pytest.fixture
def march(db):
    """people.csv imported as of 1 March 2024: the first import of the history."""
    import_as_of(PEOPLE, MARCH)
    return {employee.employee_id: employee for employee in Employee.objects.all()}


# --- the import writes the history ------------------------------------------------------------------------------


def test_the_first_import_records_everyone_as_of_its_date(db):
    summary = import_as_of(PEOPLE, MARCH)

    assert summary.endswith("; 4 history entries dated 2024-03-01")
    assert EmployeeHistory.objects.count() == 4
    assert rows_of("E2") == [(MARCH, 8, "Payroll", True)]
    bo = Employee.objects.get(employee_id="E2")
    assert history.state_on([bo.pk], MARCH) == {bo.pk: State(MARCH, 8, bo.department_id, bo.team_id, True)}


def test_people_without_history_get_a_first_row_even_when_unchanged(db, tmp_path):
    leaver = make_employee(employee_id="X1", is_active=False, level=4)
    stays = make_employee(employee_id="X2", level=6)

    summary = import_as_of(write_csv(tmp_path, base_rows()), MARCH)

    assert summary.startswith("4 rows: 4 created")
    assert "6 history entries" in summary
    assert rows_of("X1") == [(MARCH, 4, leaver.team.name, False)]
    assert rows_of("X2") == [(MARCH, 6, stays.team.name, True)]


def test_a_reimport_without_changes_writes_no_history(march):
    summary = import_as_of(PEOPLE, APRIL)

    assert summary == "4 rows: 0 created, 0 updated, 4 unchanged"
    assert EmployeeHistory.objects.count() == 4
    assert not EmployeeHistory.objects.filter(as_of=APRIL).exists()


def test_a_change_that_the_history_does_not_track_writes_no_row(march, tmp_path):
    summary = import_as_of(write_csv(tmp_path, changed(2, job_title="Senior analyst", skills="cloud:1")), APRIL)

    assert summary == "4 rows: 0 created, 1 updated, 3 unchanged"
    assert EmployeeHistory.objects.count() == 4


def test_a_promotion_is_recorded_as_of_the_import(march, tmp_path):
    summary = import_as_of(write_csv(tmp_path, changed(2, level="3")), APRIL)

    assert summary == "4 rows: 0 created, 1 updated, 3 unchanged; 1 history entry dated 2024-04-01"
    assert rows_of("E3") == [(MARCH, 2, "Payroll", True), (APRIL, 3, "Payroll", True)]
    assert EmployeeHistory.objects.count() == 5


def test_a_team_move_is_recorded_and_a_new_team_counts_in_the_dry_run(march, tmp_path):
    path = write_csv(tmp_path, changed(2, department="IT", team="Data"))

    preview = import_people(data=path.read_bytes(), filename=path.name, dry_run=True, as_of=APRIL)
    import_as_of(path, APRIL)

    assert preview.history == 1
    assert rows_of("E3") == [(MARCH, 2, "Payroll", True), (APRIL, 2, "Data", True)]
    moved = EmployeeHistory.objects.get(employee__employee_id="E3", as_of=APRIL)
    assert moved.department.name == "IT"


def test_deactivating_missing_people_records_them_inactive_and_reactivating_records_them_active(march, tmp_path):
    import_as_of(write_csv(tmp_path, base_rows()[:3]), APRIL, "--deactivate-missing")
    import_as_of(PEOPLE, MAY)

    assert rows_of("E4") == [(MARCH, 3, "Platform", True), (APRIL, 3, "Platform", False), (MAY, 3, "Platform", True)]
    assert EmployeeHistory.objects.count() == 6


def test_missing_people_kept_active_get_no_row(march, tmp_path):
    import_as_of(write_csv(tmp_path, base_rows()[:3]), APRIL)

    assert rows_of("E4") == [(MARCH, 3, "Platform", True)]


def test_a_rerun_on_the_same_day_updates_that_days_row(march, tmp_path):
    first = EmployeeHistory.objects.get(employee__employee_id="E3")

    summary = import_as_of(write_csv(tmp_path, changed(2, level="4")), MARCH)

    assert summary.endswith("; 1 history entry dated 2024-03-01")
    assert rows_of("E3") == [(MARCH, 4, "Payroll", True)]
    assert EmployeeHistory.objects.get(employee__employee_id="E3").pk == first.pk
    assert EmployeeHistory.objects.count() == 4


def test_an_as_of_before_the_last_import_is_refused_and_writes_nothing(march, tmp_path):
    before = (table_counts(), EmployeeHistory.objects.count())

    problems = import_problems(write_csv(tmp_path, changed(2, level="5")), "--as-of", "2024-01-01")

    assert problems == ["row 1: (file): as of 2024-01-01 is before the last import (2024-03-01)"]
    assert (table_counts(), EmployeeHistory.objects.count()) == before
    assert Employee.objects.get(employee_id="E3").level == 2


def test_the_as_of_refusal_is_reported_with_the_files_own_problems(march, tmp_path):
    path = write_csv(tmp_path, changed(1, email="nope"))

    report = import_people(data=path.read_bytes(), filename=path.name, as_of=dt.date(2024, 2, 1), dry_run=True)

    assert [str(problem) for problem in report.problems] == [
        "row 1: (file): as of 2024-02-01 is before the last import (2024-03-01)",
        "row 3: email: not a valid email address",
    ]


def test_as_of_defaults_to_today_and_is_in_the_report(db):
    report = import_people(data=PEOPLE.read_bytes(), filename="people.csv")

    assert report.as_of == timezone.localdate()
    assert set(EmployeeHistory.objects.values_list("as_of", flat=True)) == {timezone.localdate()}
    data = report.as_dict()
    assert (data["history"], data["as_of"]) == (4, timezone.localdate().isoformat())


def test_a_dry_run_counts_the_history_it_would_write_and_writes_none(db):
    report = import_people(data=PEOPLE.read_bytes(), filename="people.csv", dry_run=True, as_of=MARCH)

    assert report.history == 4
    assert report.summary().endswith("; 4 history entries dated 2024-03-01")
    assert not EmployeeHistory.objects.exists()


def test_the_history_adds_no_query_per_row(db, tmp_path):
    def people(count: int, prefix: str) -> list[dict[str, str]]:
        return [
            {
                **base_rows()[3],
                "employee_id": f"{prefix}{n}",
                "email": f"{prefix}{n}@example.com",
                "manager_id": "",
                "level": str(1 + n % 10),
            }
            for n in range(count)
        ]

    def queries(rows, day) -> int:
        path = write_csv(tmp_path, rows, columns=DATES)
        with CaptureQueriesContext(connection) as captured:
            report = import_people(data=path.read_bytes(), filename=path.name, as_of=day)
        assert report.ok
        return len(captured)

    def promoted(rows):
        return [{**row, "level": str(1 + int(row["level"]) % 10)} for row in rows]

    first = people(10, "A")
    queries(first, MARCH)
    second = [*promoted(first), *people(10, "B")]  # 10 promoted, 10 new
    third = [*promoted(second), *people(60, "C")]  # 20 promoted, 60 new

    assert queries(second, APRIL) == queries(third, MAY)
    assert EmployeeHistory.objects.filter(as_of=APRIL).count() == 20
    assert EmployeeHistory.objects.filter(as_of=MAY).count() == 80


# --- hire and leave dates ------------------------------------------------------------------------------------


def dated(index: int, hire: str, leave: str = "") -> list[dict[str, str]]:
    return changed(index, hire_date=hire, leave_date=leave)


def dates_of(employee_id: str) -> tuple[dt.date | None, dt.date | None]:
    return tuple(Employee.objects.filter(employee_id=employee_id).values_list("hire_date", "leave_date").get())


def test_hire_and_leave_dates_are_read(db, tmp_path):
    path = write_csv(tmp_path, dated(2, "2019-09-01", "2024-06-30"), columns=DATES)

    run_import(path)

    assert dates_of("E3") == (dt.date(2019, 9, 1), dt.date(2024, 6, 30))
    assert dates_of("E1") == (None, None)


def test_a_file_without_the_date_columns_keeps_the_stored_dates(march, tmp_path):
    run_import(write_csv(tmp_path, dated(2, "2019-09-01", "2024-06-30"), columns=DATES))

    summary = run_import(write_csv(tmp_path, changed(2, level="3")))

    assert summary.startswith("4 rows: 0 created, 1 updated, 3 unchanged")
    assert dates_of("E3") == (dt.date(2019, 9, 1), dt.date(2024, 6, 30))
    assert run_import(PEOPLE).startswith("4 rows: 0 created, 1 updated, 3 unchanged")  # the level goes back


def test_one_date_column_alone_changes_only_that_date(march, tmp_path):
    run_import(write_csv(tmp_path, dated(2, "2019-09-01", "2024-06-30"), columns=DATES))

    run_import(write_csv(tmp_path, changed(2, leave_date=""), columns=[*COLUMNS, "leave_date"]))

    assert dates_of("E3") == (dt.date(2019, 9, 1), None)


def test_an_empty_date_cell_clears_the_date_and_an_equal_one_is_unchanged(march, tmp_path):
    path = write_csv(tmp_path, dated(2, "2019-09-01", "2024-06-30"), columns=DATES)
    assert run_import(path).startswith("4 rows: 0 created, 1 updated, 3 unchanged")
    assert run_import(path) == "4 rows: 0 created, 0 updated, 4 unchanged"

    summary = run_import(write_csv(tmp_path, base_rows(), columns=DATES))

    assert summary == "4 rows: 0 created, 1 updated, 3 unchanged"
    assert dates_of("E3") == (None, None)


@pytest.mark.parametrize(
    ("hire", "leave", "expected"),
    [
        ("01-09-2019", "", "row 4: hire_date: not a date (use YYYY-MM-DD)"),
        ("2019-02-30", "", "row 4: hire_date: not a date (use YYYY-MM-DD)"),
        ("20190901", "", "row 4: hire_date: not a date (use YYYY-MM-DD)"),
        ("", "next week", "row 4: leave_date: not a date (use YYYY-MM-DD)"),
        ("2019-09-01", "2019-08-31", "row 4: leave_date: before the hire date"),
    ],
)
def test_a_bad_date_is_reported_by_row_and_column_and_nothing_is_written(march, tmp_path, hire, leave, expected):
    rows = dated(2, hire, leave)
    rows[0]["hire_date"] = "2001-01-01"  # a valid change on another row is not written either
    before = (table_counts(), EmployeeHistory.objects.count())

    assert import_problems(write_csv(tmp_path, rows, columns=DATES)) == [expected]
    assert (table_counts(), EmployeeHistory.objects.count()) == before
    assert dates_of("E1") == (None, None)


def test_leaving_on_the_hire_day_and_a_hire_date_in_the_future_are_fine(db, tmp_path):
    rows = dated(2, "2019-09-01", "2019-09-01")
    rows[3]["hire_date"] = "2099-01-01"

    run_import(write_csv(tmp_path, rows, columns=DATES), "--as-of", "2024-03-01")

    assert dates_of("E3") == (dt.date(2019, 9, 1), dt.date(2019, 9, 1))
    assert dates_of("E4") == (dt.date(2099, 1, 1), None)


def test_date_cells_of_a_spreadsheet_are_dates(db, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(DATES)
    for row in base_rows():
        sheet.append([row[column] for column in COLUMNS] + [dt.datetime(2019, 9, 1), "2024-06-30"])
    workbook.save(tmp_path / "people.xlsx")

    run_import(tmp_path / "people.xlsx")

    assert dates_of("E2") == (dt.date(2019, 9, 1), dt.date(2024, 6, 30))


def test_read_rows_says_which_optional_columns_the_file_has(tmp_path):
    with_dates = write_csv(tmp_path, dated(0, "2019-09-01"), columns=[*COLUMNS, "hire_date"], name="a.csv")
    text = with_dates.read_text(encoding="utf-8").replace(",hire_date", ",Hire_Date", 1)

    rows, problems = read_rows(text.encode(), "a.csv")
    plain, _problems = read_rows(PEOPLE.read_bytes(), "people.csv")

    assert problems == []
    assert (rows[0].hire_date, rows[0].leave_date, rows[0].optional_columns) == (
        dt.date(2019, 9, 1),
        None,
        frozenset({"hire_date"}),
    )
    assert plain[0].optional_columns == frozenset()


def test_export_and_reimport_keeps_the_dates(march, tmp_path):
    run_import(write_csv(tmp_path, dated(2, "2019-09-01", "2024-06-30"), columns=DATES))
    path = tmp_path / "export.csv"
    call_command("export_people", str(path), stdout=io.StringIO())
    Employee.objects.filter(employee_id="E3").update(hire_date=None, leave_date=None)

    assert run_import(path) == "4 rows: 0 created, 1 updated, 3 unchanged"
    assert dates_of("E3") == (dt.date(2019, 9, 1), dt.date(2024, 6, 30))
    assert run_import(path) == "4 rows: 0 created, 0 updated, 4 unchanged"
    assert path.read_text(encoding="utf-8").splitlines()[3].endswith(",2019-09-01,2024-06-30")


# --- the command's --as-of ---------------------------------------------------------------------------------


def test_the_command_dates_the_history_with_as_of(db):
    summary = run_import(PEOPLE, "--as-of", "2024-03-01")

    assert summary.endswith("; 4 history entries dated 2024-03-01")
    assert set(EmployeeHistory.objects.values_list("as_of", flat=True)) == {MARCH}


@pytest.mark.parametrize("value", ["2024-13-01", "1-3-2024", "yesterday"])
def test_a_bad_as_of_is_a_command_error_naming_the_option(db, value):
    with pytest.raises(CommandError, match="--as-of"):
        call_command("import_people", str(PEOPLE), "--as-of", value, stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="--as-of"):
        call_command("import_people", str(PEOPLE), as_of=value, stdout=io.StringIO(), stderr=io.StringIO())
    assert not Employee.objects.exists()


# --- the web import's as-of date -----------------------------------------------------------------------------


@pytest.fixture
def upload(hr, client_for, django_capture_on_commit_callbacks):
    client = client_for(hr)

    def run(**data):
        with django_capture_on_commit_callbacks(execute=True):
            file = SimpleUploadedFile("people.csv", PEOPLE.read_bytes(), content_type="text/csv")
            response = client.post(reverse("people:import-upload"), {"file": file, **data})
        return client, response

    return run


def test_the_web_import_dates_the_history_with_the_forms_as_of(upload, django_capture_on_commit_callbacks):
    client, response = upload(as_of="2024-03-01")
    job = ImportJob.objects.get()
    assert (job.as_of, job.state, job.report["history"]) == (MARCH, ImportJob.State.READY, 5)  # with Hanna HR
    assert not EmployeeHistory.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import-commit", args=[job.pk]))

    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert set(EmployeeHistory.objects.values_list("as_of", flat=True)) == {MARCH}
    assert EmployeeHistory.objects.count() == 5
    page = client.get(reverse("people:import-detail", args=[job.pk])).content.decode()
    assert "as of 1 Mar 2024" in page


def test_the_upload_form_offers_today_and_an_empty_as_of_means_today(upload, hr, client_for):
    page = client_for(hr).get(reverse("people:import-upload")).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert "hire_date" in page

    upload(as_of="")

    assert ImportJob.objects.get().as_of == timezone.localdate()


def test_the_upload_form_refuses_an_as_of_before_the_last_import(upload):
    history.save_states({make_employee().pk: State(APRIL, 5, make_team().department_id, None, True)})

    _client, response = upload(as_of="2024-03-01")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "as_of": ["The last import was as of April 1, 2024; choose that day or a later one."]
    }
    assert not ImportJob.objects.exists()


# --- state_on, changes and record -------------------------------------------------------------------------------


@pytest.fixture
def built(db):
    """A hand-built history: Ann promoted in April and gone in May, Bob moved team in April, Cy without a row."""
    team, other = make_team(), make_team()
    ann, bob, cy = make_employee(team=team), make_employee(team=team), make_employee(team=team)
    department = team.department_id
    states = {
        ann.pk: [State(MARCH, 2, department, team.pk, True), State(APRIL, 3, department, team.pk, True)],
        bob.pk: [State(MARCH, 5, department, team.pk, True), State(APRIL, 5, other.department_id, other.pk, True)],
    }
    for pk, rows in states.items():
        for state in rows:
            history.save_states({pk: state})
    history.save_states({ann.pk: State(MAY, 3, department, team.pk, False)})
    return {"ann": ann.pk, "bob": bob.pk, "cy": cy.pk, "team": team, "other": other}


def test_state_on_is_the_latest_row_on_or_before_the_day(built, django_assert_num_queries):
    ann, bob, cy = built["ann"], built["bob"], built["cy"]
    department, other = built["team"].department_id, built["other"]

    with django_assert_num_queries(1):
        in_march = history.state_on([ann, bob, cy], dt.date(2024, 3, 31))
    with django_assert_num_queries(1):
        on_april_first = history.state_on(iter([ann, bob]), APRIL)

    assert in_march == {
        ann: State(MARCH, 2, department, built["team"].pk, True),
        bob: State(MARCH, 5, department, built["team"].pk, True),
    }
    assert on_april_first[bob] == State(APRIL, 5, other.department_id, other.pk, True)
    assert on_april_first[ann].level == 3
    assert history.state_on([ann], dt.date(2024, 12, 31))[ann].is_active is False
    assert history.state_on([ann, bob], dt.date(2024, 2, 28)) == {}
    assert history.state_on([], MAY) == {}


def test_changes_are_the_rows_after_one_day_up_to_another_in_date_order(built, django_assert_num_queries):
    ann, bob, cy = built["ann"], built["bob"], built["cy"]

    with django_assert_num_queries(1):
        moves = history.changes([ann, bob, cy], MARCH, MAY)

    assert {pk: [(s.as_of, s.level, s.is_active) for s in rows] for pk, rows in moves.items()} == {
        ann: [(APRIL, 3, True), (MAY, 3, False)],
        bob: [(APRIL, 5, True)],
    }
    assert history.changes([ann], APRIL, dt.date(2024, 4, 30)) == {}
    assert [s.as_of for s in history.changes([ann], dt.date(2024, 2, 1), APRIL)[ann]] == [MARCH, APRIL]


def test_a_long_list_of_employees_is_still_one_query(built, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(history, "IN_LIMIT", 1)
    ann, bob = built["ann"], built["bob"]

    with django_assert_num_queries(1):
        states = history.state_on([ann, bob], APRIL)
    with django_assert_num_queries(1):
        moves = history.changes([bob], MARCH, MAY)

    assert set(states) == {ann, bob}
    assert list(moves) == [bob]


def test_record_writes_the_current_state_and_refreshes_the_same_day(db):
    first, second = make_employee(level=3), make_employee(level=7, is_active=False)

    assert history.record([first, second], MARCH) == 2
    first.level = 4
    first.save()
    assert history.record(Employee.objects.filter(pk=first.pk), MARCH) == 1

    assert list(EmployeeHistory.objects.order_by("level").values_list("employee", "level", "is_active")) == [
        (first.pk, 4, True),
        (second.pk, 7, False),
    ]
    assert history.last_date() == MARCH
    assert history.latest_states()[second.pk] == State(MARCH, 7, second.department_id, second.team_id, False)


def test_an_employee_deleted_takes_their_history_along(march):
    Employee.objects.filter(employee_id="E4").delete()

    assert EmployeeHistory.objects.count() == 3
