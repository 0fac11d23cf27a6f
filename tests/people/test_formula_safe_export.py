"""Exports never hand a spreadsheet a formula: a text cell that starts with =, +, -, @, a tab or a carriage
return gets a leading quote (OWASP); numbers stay numbers; the HR import takes the quote off again."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from omkeer.evaluation import report
from omkeer.lib.spreadsheet import safe_cell, unguard
from omkeer.people.hrfile import read_rows
from omkeer.people.models import Employee
from omkeer.people.services import export_people, export_people_xlsx
from tests.factories import make_employee

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1", "@SUM(A1)", "-2+3", "\tx", "\rx", "'=already quoted"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_formula_start_is_quoted_and_unguard_restores_it(text):
    assert safe_cell(text) == "'" + text
    assert unguard(safe_cell(text)) == text


@pytest.mark.parametrize("value", ["Anna", "O'Brien", "'quoted", "", "a=b", -2, -2.5, 0, None])
def test_plain_text_and_numbers_are_left_alone(value):
    assert safe_cell(value) == value
    if isinstance(value, str):
        assert unguard(value) == value


@pytest.fixture
def people(db):
    for number, name in enumerate(DANGEROUS[:5], start=1):
        make_employee(employee_id=f"E{number}", first_name=name, last_name="Formula", level=3)
    make_employee(employee_id="E9", first_name="Normal", last_name="Name", level=4)


def exported_csv(client):
    return list(csv.DictReader(io.StringIO(client.get(reverse("people:export")).content.decode())))


def exported_xlsx(client):
    content = client.get(reverse("people:export"), {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("read", [exported_csv, exported_xlsx])
def test_exported_names_are_neutralised_and_normal_names_unchanged(read, people, hr, client_for):
    rows = {row["employee_id"]: row for row in read(client_for(hr))}
    assert rows["E1"]["first_name"] == "'" + '=HYPERLINK("http://x","y")'
    assert [rows[f"E{n}"]["first_name"] for n in range(2, 6)] == ["'+1", "'@SUM(A1)", "'-2+3", "'\tx"]
    assert (rows["E9"]["first_name"], rows["E9"]["last_name"], str(rows["E9"]["level"])) == ("Normal", "Name", "4")


def test_the_xlsx_export_holds_no_formula(people):
    content, count = export_people_xlsx()
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert count == 6
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_exported_file_imports_back_to_the_same_names(people):
    stream = io.StringIO()
    export_people(stream)
    workbook, _count = export_people_xlsx()
    for data, filename in ((stream.getvalue().encode(), "people.csv"), (workbook, "people.xlsx")):
        rows, problems = read_rows(data, filename)
        assert problems == []
        names = {row.employee_id: row.first_name for row in rows}
        expected = dict(Employee.objects.values_list("employee_id", "first_name"))
        assert names == expected, filename


def test_the_evaluation_csv_quotes_texts_and_keeps_numbers(monkeypatch):
    row = dict.fromkeys(report.COLUMNS)
    row.update(section="kpi", key="k", figure="=cmd|' /C calc'!A0", value=-2.5, n=7, how="@risk")
    monkeypatch.setattr(report, "rows", lambda _report: [row])
    parsed = next(csv.DictReader(io.StringIO(report.as_csv(None))))
    assert (parsed["figure"], parsed["how"]) == ("'=cmd|' /C calc'!A0", "'@risk")
    assert (parsed["value"], parsed["n"], parsed["section"]) == ("-2.5", "7", "kpi")
