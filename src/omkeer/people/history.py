"""Employees' dated history: level, department, team and active status, one `EmployeeHistory` row per change.

The HR import writes a row dated the day its file describes (its "as of" date) for everyone whose state differs
from their last row, and a first row for everyone who has none. An employee's state on a day is their latest row
on or before it; the rows after it are what changed. Each question is one query, however many employees it asks
about.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Max, OuterRef, QuerySet, Subquery

from omkeer.people.models import Employee, EmployeeHistory

# Asked about more employees than this, a question reads every employee's rows and keeps the ones asked for:
# one query still, and no list of ids longer than a database accepts as parameters.
IN_LIMIT = 10_000
_FIELDS = ("employee_id", "as_of", "level", "department_id", "team_id", "is_active")


@dataclass(frozen=True)
class State:
    """An employee's state from `as_of` on."""

    as_of: dt.date
    level: int
    department_id: int
    team_id: int | None
    is_active: bool

    def same_as(self, other: State | None) -> bool:
        """Equal level, department, team and status, whatever the dates."""
        return other is not None and (self.level, self.department_id, self.team_id, self.is_active) == (
            other.level,
            other.department_id,
            other.team_id,
            other.is_active,
        )


def state_on(employee_ids: Iterable[int], day: dt.date) -> dict[int, State]:
    """Each employee's state on `day`: their latest row on or before it. Employees without one are left out."""
    return _latest(set(employee_ids), day)


def latest_states() -> dict[int, State]:
    """Every employee's last recorded state, whatever its date (what the HR import compares with)."""
    return _latest(None, None)


def last_date() -> dt.date | None:
    """The newest date in the history (an import may not be dated before it); None while there is none."""
    newest: dt.date | None = EmployeeHistory.objects.aggregate(newest=Max("as_of"))["newest"]
    return newest


def changes(employee_ids: Iterable[int], after: dt.date, until: dt.date) -> dict[int, list[State]]:
    """Each employee's rows dated after `after` up to and including `until`, in date order.

    Employees without such a row are left out.
    """
    ids = set(employee_ids)
    if not ids:
        return {}
    rows = _for(EmployeeHistory.objects.filter(as_of__gt=after, as_of__lte=until), ids)
    found: defaultdict[int, list[State]] = defaultdict(list)
    for employee_id, *values in rows.order_by("employee_id", "as_of").values_list(*_FIELDS):
        if employee_id in ids:
            found[employee_id].append(State(*values))
    return dict(found)


def record(employees: Iterable[Employee], as_of: dt.date) -> int:
    """Write (or, for a row of the same day, overwrite) each employee's current state as of `as_of`.

    Writes whether or not the state changed; the HR import decides who needs a row and calls `save_states`.
    Returns the number of rows written.
    """
    return save_states(
        {
            employee.pk: State(as_of, employee.level, employee.department_id, employee.team_id, employee.is_active)
            for employee in employees
        }
    )


def save_states(states: Mapping[int, State]) -> int:
    """Write one row per employee pk -> state; a row of the same employee and day is updated, not duplicated.

    In bulk (an upsert per batch, no query per employee). Returns the number of rows written.
    """
    rows = [
        EmployeeHistory(
            employee_id=pk,
            as_of=state.as_of,
            level=state.level,
            department_id=state.department_id,
            team_id=state.team_id,
            is_active=state.is_active,
        )
        for pk, state in states.items()
    ]
    EmployeeHistory.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["employee", "as_of"],
        update_fields=["level", "department", "team", "is_active"],
    )
    return len(rows)


def _latest(ids: set[int] | None, day: dt.date | None) -> dict[int, State]:
    if ids is not None and not ids:
        return {}
    last = EmployeeHistory.objects.filter(employee_id=OuterRef("employee_id"))
    if day is not None:
        last = last.filter(as_of__lte=day)
    rows = EmployeeHistory.objects.filter(as_of=Subquery(last.order_by("-as_of").values("as_of")[:1]))
    if ids is not None:
        rows = _for(rows, ids)
    return {
        employee_id: State(*values)
        for employee_id, *values in rows.order_by().values_list(*_FIELDS)  # no join for Meta's ordering
        if ids is None or employee_id in ids
    }


def _for(rows: QuerySet[EmployeeHistory], ids: set[int]) -> QuerySet[EmployeeHistory]:
    """`rows` of these employees: in SQL when the list is short, else by the caller's filter on the results."""
    return rows.filter(employee_id__in=ids) if len(ids) <= IN_LIMIT else rows
