"""`omkeer export-people`: the import's columns (hire and leave dates included), so that an export imports back
unchanged."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

from omkeer.people.hrfile import ALL_COLUMNS, read_rows
from omkeer.people.models import Employee
from tests.people.test_import_people import PEOPLE, run_import

DATA = Path(__file__).parent / "data"
DUTCH = DATA / "dutch.csv"


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_people", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def without_lines(rows):
    """The rows as read, without their line numbers and which optional columns their file had."""
    return [{**vars(row), "line": None, "optional_columns": None} for row in rows]


def test_dutch_semicolon_file_with_bom_exports_as_the_normalised_rows(db, tmp_path):
    assert run_import(DUTCH).startswith("5 rows: 5 created")

    assert run_import(DUTCH).startswith("5 rows: 0 created, 0 updated, 5 unchanged")
    assert export("-") == (DATA / "dutch-exported.csv").read_text(encoding="utf-8")


def test_export_then_import_reports_everything_unchanged(db, tmp_path):
    run_import(DUTCH)
    path = tmp_path / "export.csv"

    assert export(str(path)).strip() == f"5 people written to {path}"
    assert run_import(path) == "5 rows: 0 created, 0 updated, 5 unchanged"
    exported, problems = read_rows(path.read_bytes(), path.name)
    original, _problems = read_rows(DUTCH.read_bytes(), DUTCH.name)
    assert problems == []
    assert without_lines(exported) == without_lines(original)


def test_export_has_the_import_header_and_is_sorted_by_employee_id(db):
    run_import(PEOPLE)

    lines = export("-").splitlines()

    assert lines[0] == ",".join(ALL_COLUMNS)
    assert [line.split(",")[0] for line in lines[1:]] == ["E1", "E2", "E3", "E4"]
    assert lines[2] == (
        "E2,Bo,Manager,bo@example.com,Finance,Payroll,E1,8,Head of finance,1975,cloud:3|social_media:2,chess|sailing,,"
    )


def test_export_leaves_out_inactive_people_unless_all(db):
    run_import(PEOPLE)
    Employee.objects.filter(employee_id="E3").update(is_active=False)

    assert [line[:2] for line in export("-").splitlines()[1:]] == ["E1", "E2", "E4"]
    assert [line[:2] for line in export("-", "--all").splitlines()[1:]] == ["E1", "E2", "E3", "E4"]


def test_export_file_is_utf8_without_bom(db, tmp_path):
    run_import(DUTCH)
    path = tmp_path / "export.csv"

    export(str(path))

    assert path.read_bytes().startswith(b"employee_id,")
    assert "Daniëlle" in path.read_bytes().decode("utf-8")
