"""Reading and checking HR files (CSV or .xlsx): bytes in, `PersonRow`s and `Problem`s out. No ORM.

Line numbers are those of the file: the header is row 1, the first person row 2. Every column of `COLUMNS` must
be in the header; the `OPTIONAL_COLUMNS` (hire and leave dates) may be left out, and then the import keeps what the
database holds.
What the database knows (existing employees, their managers and emails) comes in as a plain `Known`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from omkeer.lib.spreadsheet import unguard

COLUMNS: tuple[str, ...] = (
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "department",
    "team",
    "manager_id",
    "level",
    "job_title",
    "birth_year",
    "skills",
    "interests",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("hire_date", "leave_date")
ALL_COLUMNS: tuple[str, ...] = (*COLUMNS, *OPTIONAL_COLUMNS)  # what the export writes
_ID_FORBIDDEN = frozenset("/?# \t")  # an employee id is part of page addresses (/people/<id>/)
REQUIRED = ("employee_id", "first_name", "last_name", "email", "department", "level")
# Same limits as the model fields, so that a valid file never fails in the database.
MAX_LENGTHS = {
    "employee_id": 40,
    "first_name": 100,
    "last_name": 100,
    "email": 254,
    "department": 120,
    "team": 120,
    "job_title": 150,
}
NAME_MAX_LENGTH = 80  # Skill.name and Interest.name
LEVEL_RANGE = (1, 10)
PROFICIENCY_RANGE = (0, 4)
YOUNGEST_AGE = 14
FILE = gettext_lazy("(file)")  # the "column" of a problem with the whole file
ROW = gettext_lazy("(row)")  # … or with a whole row
PROGRESS_EVERY = 1000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)s: %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class PersonRow:
    line: int
    employee_id: str
    first_name: str
    last_name: str
    email: str
    department: str
    team: str
    manager_id: str
    level: int
    job_title: str
    birth_year: int | None
    skills: dict[str, int]
    interests: frozenset[str]
    hire_date: dt.date | None = None
    leave_date: dt.date | None = None
    # The optional columns the file has: a date whose column is absent is not known (the import keeps the stored
    # one); a date whose column is there but empty is known to be none.
    optional_columns: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Known:
    """Facts from the database that cross-row checks need; keys are employee ids."""

    managers: Mapping[str, str] = field(default_factory=dict)  # employee id -> manager's employee id or ""
    emails: Mapping[str, str] = field(default_factory=dict)  # lower-cased email -> employee id


def skill_key(name: str) -> str:
    """`Social Media` -> `social_media`: ASCII, lower case, runs of anything else become one underscore."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def interest_key(name: str) -> str:
    """Interests are lower case with single spaces."""
    return " ".join(name.split()).lower()


def read_rows(
    data: bytes,
    filename: str,
    *,
    known: Known | None = None,
    progress: Progress | None = None,
) -> tuple[list[PersonRow], list[Problem]]:
    """Parse and check an HR file. Returns the valid rows and every problem, sorted by row.

    Without `known`, a manager who is not in the file is not reported (they may be in the database).
    """
    table, problems = _read_table(data, filename)
    if problems:
        return [], problems
    table = [(line, [unguard(cell) for cell in cells]) for line, cells in table]  # our exports guard formulas
    header = table[0][1]
    while header and not header[-1]:
        header.pop()
    problems = _check_header(header)
    if problems:
        return [], problems
    records = table[1:]
    positions = {name.lower(): index for index, name in enumerate(header)}
    optional = frozenset(name for name in OPTIONAL_COLUMNS if name in positions)
    rows: list[PersonRow] = []
    raw: list[tuple[int, str, str, str]] = []  # line, employee id, email, manager id of every row
    total = len(records)
    for done, (line, cells) in enumerate(records, start=1):
        values = dict.fromkeys(OPTIONAL_COLUMNS, "")
        values.update((name, cells[i] if i < len(cells) else "") for name, i in positions.items())
        row, row_problems = _check_row(line, values, width=len(header), cells=cells, optional=optional)
        problems += row_problems
        if row is not None:
            rows.append(row)
        raw.append((line, values["employee_id"], values["email"].lower(), values["manager_id"]))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    problems += _check_across(raw, known)
    problems.sort(key=lambda problem: problem.row)
    return rows, problems


def _read_table(data: bytes, filename: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """(line, stripped cells) for the header and every non-blank row."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(1, str(FILE), _("the file is not UTF-8 text, CSV or .xlsx"))]
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                table.append((start, [cell.strip() for cell in cells]))
            start = reader.line_num + 1
    except csv.Error as error:
        return [], [Problem(reader.line_num, str(FILE), _("cannot read CSV: %(error)s") % {"error": error})]
    return _non_empty(table)


def _read_xlsx(data: bytes) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError, XML errors... on a damaged file
        return [], [Problem(1, str(FILE), _("cannot read the .xlsx file"))]
    try:
        sheet = workbook.worksheets[0]
        table = [
            (line, [_cell_text(value) for value in values])
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            if any(value is not None and str(value).strip() for value in values)
        ]
    finally:
        workbook.close()
    return _non_empty(table)


def _non_empty(table: list[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    if not table:
        return [], [Problem(1, str(FILE), _("the file is empty"))]
    if table[0][0] != 1:
        return [], [Problem(1, str(FILE), _("the first line must be the header"))]
    return table, []


def _cell_text(value: Any) -> str:
    """Spreadsheet cells as the text a CSV would hold: 1990.0 -> "1990", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()  # a date cell: openpyxl reads every date as a datetime
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _check_header(names: list[str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, name in enumerate(names, start=1):
        key = name.lower()
        if not key:
            problems.append(Problem(1, _("column %(number)d") % {"number": index}, _("column without a name")))
        elif key in seen:
            problems.append(Problem(1, key, _("duplicate column")))
        elif key not in ALL_COLUMNS:
            problems.append(Problem(1, name, _("unknown column")))
        seen.add(key)
    problems += [Problem(1, name, _("missing column")) for name in COLUMNS if name not in seen]
    return problems


def _check_row(
    line: int, values: dict[str, str], *, width: int, cells: list[str], optional: frozenset[str]
) -> tuple[PersonRow | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(line, column, message))

    if any(cells[width:]):
        problem(str(ROW), _("more values than columns"))
    for name in REQUIRED:
        if not values[name]:
            problem(name, _("required"))
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            problem(name, _("longer than %(limit)d characters") % {"limit": limit})
    email = values["email"].lower()
    if email and not _is_email(email):
        problem("email", _("not a valid email address"))
    if _ID_FORBIDDEN & set(values["employee_id"]):
        problem("employee_id", _("may not contain spaces, slashes, ? or #"))
    if values["manager_id"] and values["manager_id"] == values["employee_id"]:
        problem("manager_id", _("cannot be the employee's own id"))
    level = _whole_number(values["level"], *LEVEL_RANGE)
    if values["level"] and level is None:
        problem("level", _("must be a whole number from 1 to 10"))
    birth_year = _check_birth_year(values["birth_year"], problem)
    skills = _parse_skills(values["skills"], problem)
    interests = _parse_interests(values["interests"], problem)
    hire_date = _parse_date("hire_date", values["hire_date"], problem)
    leave_date = _parse_date("leave_date", values["leave_date"], problem)
    if hire_date is not None and leave_date is not None and leave_date < hire_date:
        problem("leave_date", _("before the hire date"))
    if problems or level is None:
        return None, problems
    person = PersonRow(
        line=line,
        employee_id=values["employee_id"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        email=email,
        department=values["department"],
        team=values["team"],
        manager_id=values["manager_id"],
        level=level,
        job_title=values["job_title"],
        birth_year=birth_year,
        skills=skills,
        interests=interests,
        hire_date=hire_date,
        leave_date=leave_date,
        optional_columns=optional,
    )
    return person, []


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _whole_number(text: str, low: int, high: int) -> int | None:
    try:
        number = int(text)
    except ValueError:
        return None
    return number if low <= number <= high else None


def _check_birth_year(text: str, problem: Callable[[str, str], None]) -> int | None:
    if not text:
        return None
    latest = dt.date.today().year - YOUNGEST_AGE
    year = _whole_number(text, 1900, latest)
    if year is None:
        problem("birth_year", _("must be a year from 1900 to %(latest)d") % {"latest": latest})
    return year


def iso_date(text: str) -> dt.date | None:
    """The date written YYYY-MM-DD (2026-03-01), None for anything else (20260301 and 2026-02-30 included)."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _parse_date(column: str, text: str, problem: Callable[[str, str], None]) -> dt.date | None:
    """An ISO date, or None for an empty cell."""
    if not text:
        return None
    day = iso_date(text)
    if day is None:
        problem(column, _("not a date (use YYYY-MM-DD)"))
    return day


def _parse_skills(text: str, problem: Callable[[str, str], None]) -> dict[str, int]:
    skills: dict[str, int] = {}
    for entry in _split(text):
        name, colon, level = entry.rpartition(":")
        key = skill_key(name)
        if not colon or not key:
            problem("skills", _("“%(entry)s” is not name:proficiency") % {"entry": entry})
            continue
        proficiency = _whole_number(level.strip(), *PROFICIENCY_RANGE)
        if proficiency is None:
            problem("skills", _("proficiency of %(skill)s must be a whole number from 0 to 4") % {"skill": key})
        elif key in skills:
            problem("skills", _("%(skill)s appears twice") % {"skill": key})
        elif len(key) > NAME_MAX_LENGTH:
            problem("skills", _("skill name longer than %(limit)d characters") % {"limit": NAME_MAX_LENGTH})
        else:
            skills[key] = proficiency
    return skills


def _parse_interests(text: str, problem: Callable[[str, str], None]) -> frozenset[str]:
    interests = {interest_key(entry) for entry in _split(text)}
    if any(len(name) > NAME_MAX_LENGTH for name in interests):
        problem("interests", _("interest longer than %(limit)d characters") % {"limit": NAME_MAX_LENGTH})
    return frozenset(interests)


def _split(text: str) -> Iterator[str]:
    return (part.strip() for part in text.split("|") if part.strip())


def _check_across(raw: list[tuple[int, str, str, str]], known: Known | None) -> list[Problem]:
    """Duplicates within the file, emails of other employees, unknown managers and management cycles."""
    problems: list[Problem] = []
    first_line_of_id: dict[str, int] = {}
    first_line_of_email: dict[str, int] = {}
    for line, employee_id, email, _manager in raw:
        if employee_id and first_line_of_id.setdefault(employee_id, line) != line:
            message = _("duplicate employee id (also on row %(row)d)") % {"row": first_line_of_id[employee_id]}
            problems.append(Problem(line, "employee_id", message))
        if email and first_line_of_email.setdefault(email, line) != line:
            message = _("duplicate email (also on row %(row)d)") % {"row": first_line_of_email[email]}
            problems.append(Problem(line, "email", message))
    if known is not None:
        problems += _check_emails_in_use(raw, known, first_line_of_id)
    problems += _check_managers(raw, known, first_line_of_id)
    return problems


def _check_emails_in_use(
    raw: list[tuple[int, str, str, str]], known: Known, in_file: Mapping[str, int]
) -> list[Problem]:
    """An email may move to another person only if its current holder is in the file with a new one."""
    problems = []
    for line, employee_id, email, _manager in raw:
        holder = known.emails.get(email)
        if holder is not None and holder != employee_id and holder not in in_file:
            message = _("email already belongs to employee %(holder)s") % {"holder": holder}
            problems.append(Problem(line, "email", message))
    return problems


def _check_managers(
    raw: list[tuple[int, str, str, str]], known: Known | None, in_file: Mapping[str, int]
) -> list[Problem]:
    problems = []
    managers: dict[str, str] = dict(known.managers) if known is not None else {}
    for line, employee_id, _email, manager_id in raw:
        if not employee_id or in_file[employee_id] != line:
            continue  # a duplicate id, reported already
        managers[employee_id] = "" if manager_id == employee_id else manager_id
        unknown = known is not None and manager_id not in in_file and manager_id not in known.managers
        if manager_id and manager_id != employee_id and unknown:
            problems.append(Problem(line, "manager_id", _("unknown manager %(id)s") % {"id": manager_id}))
    for cycle in find_cycles(managers):
        for index, employee_id in enumerate(cycle):
            if employee_id in in_file:
                path = " -> ".join([*cycle[index:], *cycle[:index], employee_id])
                message = _("management cycle: %(path)s") % {"path": path}
                problems.append(Problem(in_file[employee_id], "manager_id", message))
    return problems


def find_cycles(managers: Mapping[str, str]) -> list[list[str]]:
    """Every cycle in employee -> manager links, each listed from the member first reached."""
    state: dict[str, int] = {}  # 1: on the current walk, 2: done
    cycles = []
    for start in managers:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = managers.get(node) or None
        if node is not None and state[node] == 1:
            cycles.append(walk[walk.index(node) :])
        for item in walk:
            state[item] = 2
    return cycles
