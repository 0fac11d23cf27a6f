"""Verbs on organisation data: reporting lines and the HR export (the HR import is `hrimport`)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from django.db import connection, models, transaction

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.lib.spreadsheet import safe_row
from omkeer.people.hrfile import ALL_COLUMNS
from omkeer.people.models import Employee, EmployeeSkill

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

CHUNK = 1000  # rows per prepared UPDATE batch


def compute_paths(managers: dict[int, int | None]) -> dict[int, str]:
    """Materialised reporting paths for every employee pk, given pk -> manager pk. Cycles must be excluded first."""
    paths: dict[int, str] = {}

    def path_of(pk: int) -> str:
        stack = []
        node: int | None = pk
        while node is not None and node not in paths:
            stack.append(node)
            node = managers.get(node)
        prefix = paths[node] if node is not None else "/"
        for item in reversed(stack):
            prefix = f"{prefix}{item}/"
            paths[item] = prefix
        return paths[pk]

    for pk in managers:
        path_of(pk)
    return paths


@transaction.atomic
def rebuild_reporting_paths() -> int:
    """Recompute every stored reporting path; returns how many changed."""
    rows = list(Employee.objects.values_list("pk", "manager_id", "reporting_path"))
    paths = compute_paths({pk: manager for pk, manager, _ in rows})
    changed = [(paths[pk], pk) for pk, _, old in rows if paths[pk] != old]
    update_many(Employee, ["reporting_path"], changed)
    return len(changed)


def update_many(model: type[models.Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """One prepared `UPDATE … WHERE pk = %s` run for each row of (*field values, pk).

    Django's bulk_update() builds a CASE WHEN per field and row: minutes for 100,000 rows on SQLite.
    Values must be what the database stores (primary keys for foreign keys).
    """
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(cast('models.Field[Any, Any]', meta.get_field(name)).column)} = %s" for name in fields)
    # names come from the model's own metadata, quoted; every value is a parameter
    sql = f"UPDATE {quote(meta.db_table)} SET {columns} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def people_rows(*, include_inactive: bool = False) -> Iterator[list[object]]:
    """The HR file's rows (the header first, every column the import reads), sorted by employee id, each cell
    through `safe_cell` so that no name or title runs as a spreadsheet formula. Only active employees unless
    `include_inactive`."""
    people = Employee.objects.all() if include_inactive else Employee.objects.filter(is_active=True)
    skills: dict[int, list[str]] = defaultdict(list)
    for pk, name, proficiency in EmployeeSkill.objects.values_list(
        "employee_id", "skill__name", "proficiency"
    ).order_by("skill__name"):
        skills[pk].append(f"{name}:{proficiency}")
    interests: dict[int, list[str]] = defaultdict(list)
    for pk, name in Employee.interests.through.objects.values_list("employee_id", "interest__name").order_by(
        "interest__name"
    ):
        interests[pk].append(name)
    yield list(ALL_COLUMNS)
    for pk, *values, birth_year, hire_date, leave_date in people.order_by("employee_id").values_list(
        "pk", "employee_id", "first_name", "last_name", "email", "department__name", "team__name",
        "manager__employee_id", "level", "job_title", "birth_year", "hire_date", "leave_date",
    ):  # fmt: skip
        texts = ["" if value is None else str(value) for value in values]
        dates = ["" if day is None else day.isoformat() for day in (hire_date, leave_date)]
        row: list[str | int] = [*texts, birth_year or "", "|".join(skills[pk]), "|".join(interests[pk]), *dates]
        yield safe_row(row)


def export_people(stream: SupportsWrite[str], *, include_inactive: bool = False) -> int:
    """Write employees as an HR file (UTF-8 CSV with `,`, every column the import reads), sorted by employee id.

    Returns the number of people written. Only active employees unless `include_inactive`.
    """
    writer = csv.writer(stream, lineterminator="\n")
    count = -1  # the header is no person
    for row in people_rows(include_inactive=include_inactive):
        writer.writerow(row)
        count += 1
    return count


def export_people_xlsx(*, include_inactive: bool = False) -> tuple[bytes, int]:
    """The same HR file as an .xlsx workbook (one sheet, text cells as in the CSV): its bytes and the number of
    people in it. The HR import reads it back unchanged."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("people")
    count = -1
    for row in people_rows(include_inactive=include_inactive):
        sheet.append(row)
        count += 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), count


def record_profile_view(*, actor: User, employee: Employee) -> None:
    """Audit that someone opened another person's profile (HR, a programme admin, a superuser: only they see
    others). Opening one's own profile is not audited."""
    if actor.employee_id != employee.pk:
        audit(actor=actor, action="people.view", target=employee, summary=employee.employee_id)
