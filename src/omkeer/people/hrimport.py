"""The HR import: an HR file is checked row by row, then written all at once or not at all.

`hrfile` reads and checks the rows; this module compares them with the database, reports what would change
(dry run) and writes it in one transaction, with its audit entry and the employees' dated history
(`omkeer.people.history`): a row dated the import's "as of" day for everyone whose level, department, team or
active status differs from their last row, and for everyone who has no row yet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omkeer.accounts.services import audit
from omkeer.people import figures, history
from omkeer.people.history import State
from omkeer.people.hrfile import FILE, Known, PersonRow, Problem, read_rows
from omkeer.people.models import Department, Employee, EmployeeSkill, Interest, Skill, Team
from omkeer.people.services import compute_paths, rebuild_reporting_paths, update_many

if TYPE_CHECKING:
    from omkeer.accounts.models import User

CHUNK = 1000  # rows per bulk statement group, and per progress call while writing
_EMPLOYEE_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "department",
    "team",
    "level",
    "job_title",
    "birth_year",
    "is_active",
    "hire_date",
    "leave_date",
]
_SHOW_NAMES = 10


@dataclass
class ImportReport:
    """What an HR import did, or would do (dry run), or why it did nothing (problems)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)
    deactivated: int = 0
    new_skills: list[str] = field(default_factory=list)
    new_interests: list[str] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)
    new_teams: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    as_of: dt.date | None = None  # the day the file describes: the date of its history rows
    history: int = 0  # history rows written (dry run: that would be written)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line for a command's output, a flash message or the audit log."""
        if not self.ok:
            count = len(self.problems)
            text = ngettext(
                "%(count)d problem; nothing was imported", "%(count)d problems; nothing was imported", count
            ) % {"count": count}
        else:
            text = self._counts()
        return _("dry run: %(summary)s") % {"summary": text} if self.dry_run else text

    def _counts(self) -> str:
        parts = [
            ngettext(
                "%(rows)d row: %(created)d created, %(updated)d updated, %(unchanged)d unchanged",
                "%(rows)d rows: %(created)d created, %(updated)d updated, %(unchanged)d unchanged",
                self.rows,
            )
            % {
                "rows": self.rows,
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
            }
        ]
        for label, names in (
            (_("new departments"), self.new_departments),
            (_("new teams"), self.new_teams),
            (_("new skills"), self.new_skills),
            (_("new interests"), self.new_interests),
        ):
            if names:
                parts.append(f"{label}: {_some_names(names)}")
        count = len(self.missing)
        if count and self.deactivated:
            parts.append(
                ngettext(
                    "%(count)d person not in the file deactivated",
                    "%(count)d people not in the file deactivated",
                    count,
                )
                % {"count": count}
            )
        elif count:
            parts.append(
                ngettext(
                    "%(count)d person not in the file (kept active)",
                    "%(count)d people not in the file (kept active)",
                    count,
                )
                % {"count": count}
            )
        if self.history and self.as_of is not None:
            parts.append(
                ngettext(
                    "%(count)d history entry dated %(date)s",
                    "%(count)d history entries dated %(date)s",
                    self.history,
                )
                % {"count": self.history, "date": self.as_of.isoformat()}
            )
        return "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable, for the API."""
        data = asdict(self)
        data["problems"] = [asdict(problem) for problem in self.problems]
        data["as_of"] = self.as_of.isoformat() if self.as_of is not None else None
        data["ok"] = self.ok
        data["summary"] = self.summary()
        return data


def _some_names(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOW_NAMES])
    if len(names) > _SHOW_NAMES:
        shown += " " + _("and %(count)d more") % {"count": len(names) - _SHOW_NAMES}
    return shown


@dataclass(frozen=True)
class _Person:
    """An employee's importable state, in the terms of the file; equal means "unchanged"."""

    first_name: str
    last_name: str
    email: str
    department: str  # casefolded name
    team: tuple[str, str] | None  # casefolded (department, team)
    manager_id: str
    level: int
    job_title: str
    birth_year: int | None
    skills: tuple[tuple[str, int], ...]
    interests: frozenset[str]
    is_active: bool
    hire_date: dt.date | None
    leave_date: dt.date | None

    @classmethod
    def from_row(cls, row: PersonRow, current: _Person | None) -> _Person:
        """The state the row asks for; a date whose column the file does not have stays as it is."""
        department = row.department.casefold()
        hire_date, leave_date = (current.hire_date, current.leave_date) if current is not None else (None, None)
        if "hire_date" in row.optional_columns:
            hire_date = row.hire_date
        if "leave_date" in row.optional_columns:
            leave_date = row.leave_date
        return cls(
            first_name=row.first_name,
            last_name=row.last_name,
            email=row.email,
            department=department,
            team=(department, row.team.casefold()) if row.team else None,
            manager_id=row.manager_id,
            level=row.level,
            job_title=row.job_title,
            birth_year=row.birth_year,
            skills=tuple(sorted(row.skills.items())),
            interests=row.interests,
            is_active=True,
            hire_date=hire_date,
            leave_date=leave_date,
        )


@dataclass
class _Snapshot:
    """The database's people data, loaded in a handful of queries."""

    pk_of: dict[str, int]  # employee id -> pk
    people: dict[str, _Person]  # employee id -> state
    managers: dict[int, int | None]  # pk -> manager pk
    departments: dict[str, int]  # casefolded name -> pk
    teams: dict[tuple[str, str], int]  # casefolded (department, team) -> pk
    skills: dict[str, int]
    interests: dict[str, int]
    standing: dict[int, tuple[int, int, int | None, bool]]  # pk -> level, department pk, team pk, active
    recorded: dict[int, State]  # pk -> the last history row

    @classmethod
    def load(cls) -> _Snapshot:
        department_names = dict(Department.objects.values_list("pk", "name"))
        departments = {name.casefold(): pk for pk, name in department_names.items()}
        team_keys = {
            pk: (department_names[department_id].casefold(), name.casefold())
            for pk, department_id, name in Team.objects.values_list("pk", "department_id", "name")
        }
        skill_names = dict(Skill.objects.values_list("pk", "name"))
        interest_names = dict(Interest.objects.values_list("pk", "name"))
        skills_of: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for employee, skill, proficiency in EmployeeSkill.objects.values_list("employee_id", "skill_id", "proficiency"):
            skills_of[employee].append((skill_names[skill], proficiency))
        interests_of: dict[int, set[str]] = defaultdict(set)
        for employee, interest in Employee.interests.through.objects.values_list("employee_id", "interest_id"):
            interests_of[employee].add(interest_names[interest])
        rows = list(
            Employee.objects.values_list(
                "pk",
                "employee_id",
                "first_name",
                "last_name",
                "email",
                "department_id",
                "team_id",
                "manager_id",
                "level",
                "job_title",
                "birth_year",
                "is_active",
                "hire_date",
                "leave_date",
            )  # fmt: skip
        )
        id_of = {row[0]: row[1] for row in rows}
        people = {
            employee_id: _Person(
                first_name=first_name,
                last_name=last_name,
                email=email.lower(),
                department=department_names[department_id].casefold(),
                team=team_keys[team_id] if team_id else None,
                manager_id=id_of[manager_pk] if manager_pk else "",
                level=level,
                job_title=job_title,
                birth_year=birth_year,
                skills=tuple(sorted(skills_of[pk])),
                interests=frozenset(interests_of[pk]),
                is_active=is_active,
                hire_date=hire_date,
                leave_date=leave_date,
            )
            for (
                pk,
                employee_id,
                first_name,
                last_name,
                email,
                department_id,
                team_id,
                manager_pk,
                level,
                job_title,
                birth_year,
                is_active,
                hire_date,
                leave_date,
            ) in rows  # fmt: skip
        }
        return cls(
            pk_of={employee_id: pk for pk, employee_id in id_of.items()},
            people=people,
            managers={row[0]: row[7] for row in rows},
            departments=departments,
            teams={key: pk for pk, key in team_keys.items()},
            skills={name.lower(): pk for pk, name in skill_names.items()},
            interests={name.lower(): pk for pk, name in interest_names.items()},
            standing={row[0]: (row[8], row[5], row[6], row[11]) for row in rows},
            recorded=history.latest_states(),
        )

    def known(self) -> Known:
        return Known(
            managers={employee_id: person.manager_id for employee_id, person in self.people.items()},
            emails={person.email: employee_id for employee_id, person in self.people.items()},
        )


def import_people(
    *,
    data: bytes,
    filename: str,
    actor: User | None = None,
    dry_run: bool = False,
    deactivate_missing: bool = False,
    progress: Callable[[int, int], None] | None = None,
    as_of: dt.date | None = None,
) -> ImportReport:
    """Create, update (by employee id) and optionally deactivate employees from an HR file.

    Everything is checked before anything is written; with any problem nothing is written. `progress(done,
    total)` counts rows: checking is the first half of `total`, writing the second (dry run: checking only).
    `as_of` (default today) is the day the file describes, the date of the history rows the import writes; it
    may not be before the newest date already in the history.
    """
    as_of = as_of or timezone.localdate()
    snapshot = _Snapshot.load()
    phases = 1 if dry_run else 2

    def checking(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total * phases)

    rows, problems = read_rows(data, filename, known=snapshot.known(), progress=checking)
    newest = max((state.as_of for state in snapshot.recorded.values()), default=None)
    if newest is not None and as_of < newest:
        message = _("as of %(date)s is before the last import (%(last)s)") % {
            "date": as_of.isoformat(),
            "last": newest.isoformat(),
        }
        problems.insert(0, Problem(1, str(FILE), message))
    report = ImportReport(rows=len(rows), problems=problems, dry_run=dry_run, as_of=as_of)
    if problems:
        return report
    wanted = {row.employee_id: _Person.from_row(row, snapshot.people.get(row.employee_id)) for row in rows}
    _plan(report, snapshot, rows, wanted)
    in_file = set(wanted)
    report.missing = sorted(
        employee_id
        for employee_id, person in snapshot.people.items()
        if person.is_active and employee_id not in in_file
    )
    report.deactivated = len(report.missing) if deactivate_missing else 0
    if dry_run:
        report.history = len(_history(snapshot, rows, report, as_of))
    else:
        with transaction.atomic():
            _write(snapshot, rows, wanted, report, progress)
            states = _history(snapshot, rows, report, as_of)
            report.history = history.save_states({snapshot.pk_of[key]: state for key, state in states.items()})
            audit(actor=actor, action="people.import", summary=report.summary(), data=_audit_data(report))
            figures.forget()
    return report


def _plan(report: ImportReport, snapshot: _Snapshot, rows: list[PersonRow], wanted: dict[str, _Person]) -> None:
    """Fill in the counts and the new names of `report`."""
    for employee_id, person in wanted.items():
        current = snapshot.people.get(employee_id)
        if current is None:
            report.created += 1
        elif current != person:
            report.updated += 1
        else:
            report.unchanged += 1
    report.new_departments = _new_names(
        ((row.department.casefold(), row.department) for row in rows), snapshot.departments
    )
    report.new_teams = _new_names(
        (
            ((row.department.casefold(), row.team.casefold()), f"{row.team} ({row.department})")
            for row in rows
            if row.team
        ),
        snapshot.teams,
    )
    report.new_skills = sorted({skill for row in rows for skill in row.skills} - set(snapshot.skills))
    report.new_interests = sorted({name for row in rows for name in row.interests} - set(snapshot.interests))


def _history(snapshot: _Snapshot, rows: list[PersonRow], report: ImportReport, as_of: dt.date) -> dict[str, State]:
    """Employee id -> the state to record as of `as_of`, for everyone whose state differs from their last row.

    Everyone in the database counts, in the file or not: a first import after the history began records
    everybody. Before the write (dry run), a department or team that does not exist yet has pk 0: a change.
    """
    after: dict[str, State] = {}
    deactivated = set(report.missing) if report.deactivated else set()
    for employee_id in snapshot.people:
        level, department, team, active = snapshot.standing[snapshot.pk_of[employee_id]]
        after[employee_id] = State(as_of, level, department, team, active and employee_id not in deactivated)
    for row in rows:
        key = row.department.casefold()
        team = snapshot.teams.get((key, row.team.casefold()), 0) if row.team else None
        after[row.employee_id] = State(as_of, row.level, snapshot.departments.get(key, 0), team, True)
    return {
        employee_id: state
        for employee_id, state in after.items()
        if not state.same_as(snapshot.recorded.get(snapshot.pk_of.get(employee_id, 0)))
    }


def _new_names(keyed: Iterable[tuple[Any, str]], existing: Mapping[Any, int]) -> list[str]:
    """Names (as first spelled in the file) whose key is not in `existing`, sorted."""
    first: dict[Any, str] = {}
    for key, name in keyed:
        if key not in existing:
            first.setdefault(key, name)
    return sorted(first.values())


def _write(
    snapshot: _Snapshot,
    rows: list[PersonRow],
    wanted: dict[str, _Person],
    report: ImportReport,
    progress: Callable[[int, int], None] | None,
) -> None:
    total = 2 * len(rows)
    _add_taxonomy(snapshot, rows)
    _free_moving_emails(snapshot, wanted)
    for start in range(0, len(rows), CHUNK):
        chunk = [
            row
            for row in rows[start : start + CHUNK]
            if snapshot.people.get(row.employee_id) != wanted[row.employee_id]
        ]
        _write_people(snapshot, chunk, wanted)
        if progress is not None:
            progress(len(rows) + min(start + CHUNK, len(rows)), total)
    _write_managers_and_paths(snapshot, rows)
    if report.deactivated:
        missing_pks = [snapshot.pk_of[employee_id] for employee_id in report.missing]
        for part in _chunks(missing_pks):
            Employee.objects.filter(pk__in=part).update(is_active=False)
            # a leaver's login stops too: their sessions end at the next request, their API tokens stop working
            get_user_model().objects.filter(employee_id__in=part, is_active=True).update(is_active=False)
    rebuild_reporting_paths()
    if progress is not None:
        progress(total, total)


def _add_taxonomy(snapshot: _Snapshot, rows: list[PersonRow]) -> None:
    """Create the departments, teams, skills and interests the file names that do not exist yet."""
    departments = {row.department.casefold(): row.department for row in reversed(rows)}
    _create_missing(Department, snapshot.departments, departments, str.casefold)
    teams = {(row.department.casefold(), row.team.casefold()): row.team for row in reversed(rows) if row.team}
    new_teams = [
        Team(department_id=snapshot.departments[key[0]], name=name)
        for key, name in teams.items()
        if key not in snapshot.teams
    ]
    Team.objects.bulk_create(new_teams, batch_size=CHUNK)
    for pk, department, name in Team.objects.values_list("pk", "department__name", "name"):
        snapshot.teams[(department.casefold(), name.casefold())] = pk
    skills = {skill: skill for row in rows for skill in row.skills}
    _create_missing(Skill, snapshot.skills, skills, str.lower)
    interests = {name: name for row in rows for name in row.interests}
    _create_missing(Interest, snapshot.interests, interests, str.lower)


def _create_missing(
    model: type[Department] | type[Skill] | type[Interest],
    existing: dict[str, int],
    names: dict[str, str],
    key: Callable[[str], str],
) -> None:
    """Create the `names` (key -> spelling) whose key is not in `existing`, then refresh `existing`."""
    new = [model(name=name) for name_key, name in names.items() if name_key not in existing]
    model.objects.bulk_create(new, batch_size=CHUNK)  # type: ignore[arg-type]
    existing.update((key(name), pk) for pk, name in model.objects.values_list("pk", "name"))


def _free_moving_emails(snapshot: _Snapshot, wanted: dict[str, _Person]) -> None:
    """Give a placeholder to people whose old email someone else in the file takes, so no update clashes."""
    new_emails = {person.email for person in wanted.values()}
    moving = [
        (f"moving-{pk}@invalid.invalid", pk)
        for employee_id, person in wanted.items()
        if (current := snapshot.people.get(employee_id)) is not None
        and current.email != person.email
        and current.email in new_emails
        and (pk := snapshot.pk_of[employee_id])
    ]
    update_many(Employee, ["email"], moving)


def _write_people(snapshot: _Snapshot, chunk: list[PersonRow], wanted: dict[str, _Person]) -> None:
    """Update or create the employees of `chunk` (managers come later); replace their skills and interests."""
    updates: list[tuple[Any, ...]] = []
    creates: list[Employee] = []
    for row in chunk:
        person = wanted[row.employee_id]
        values: dict[str, Any] = {
            "first_name": row.first_name,
            "last_name": row.last_name,
            "email": row.email,
            "department": snapshot.departments[row.department.casefold()],
            "team": snapshot.teams[(row.department.casefold(), row.team.casefold())] if row.team else None,
            "level": row.level,
            "job_title": row.job_title,
            "birth_year": row.birth_year,
            "is_active": True,
            "hire_date": person.hire_date,
            "leave_date": person.leave_date,
        }
        if row.employee_id in snapshot.pk_of:
            stored = {name: connection.ops.adapt_datefield_value(values[name]) for name in ("hire_date", "leave_date")}
            values.update(stored)  # update_many writes what the database stores
            updates.append((*[values[name] for name in _EMPLOYEE_FIELDS], snapshot.pk_of[row.employee_id]))
        else:
            values["department_id"] = values.pop("department")
            values["team_id"] = values.pop("team")
            creates.append(Employee(employee_id=row.employee_id, **values))
    update_many(Employee, _EMPLOYEE_FIELDS, updates)
    Employee.objects.bulk_create(creates)
    if any(employee.pk is None for employee in creates):  # a database that does not return new keys
        pks = dict(
            Employee.objects.filter(employee_id__in=[e.employee_id for e in creates]).values_list("employee_id", "pk")
        )
        for employee in creates:
            employee.pk = pks[employee.employee_id]
    snapshot.pk_of.update((employee.employee_id, employee.pk) for employee in creates)
    _replace_skills_and_interests(snapshot, chunk, wanted)


def _replace_skills_and_interests(snapshot: _Snapshot, chunk: list[PersonRow], wanted: dict[str, _Person]) -> None:
    skills_changed: list[PersonRow] = []
    interests_changed: list[PersonRow] = []
    for row in chunk:
        current = snapshot.people.get(row.employee_id)
        if current is None or current.skills != wanted[row.employee_id].skills:
            skills_changed.append(row)
        if current is None or current.interests != row.interests:
            interests_changed.append(row)
    EmployeeSkill.objects.filter(
        employee_id__in=[
            snapshot.pk_of[row.employee_id] for row in skills_changed if row.employee_id in snapshot.people
        ]
    ).delete()
    EmployeeSkill.objects.bulk_create(
        EmployeeSkill(employee_id=snapshot.pk_of[row.employee_id], skill_id=snapshot.skills[name], proficiency=level)
        for row in skills_changed
        for name, level in row.skills.items()
    )
    through = Employee.interests.through
    through.objects.filter(
        employee_id__in=[
            snapshot.pk_of[row.employee_id] for row in interests_changed if row.employee_id in snapshot.people
        ]
    ).delete()
    through.objects.bulk_create(
        through(employee_id=snapshot.pk_of[row.employee_id], interest_id=snapshot.interests[name])
        for row in interests_changed
        for name in row.interests
    )


def _write_managers_and_paths(snapshot: _Snapshot, rows: list[PersonRow]) -> None:
    """Set every manager, and the reporting paths that follow from them, in one pass."""
    managers = dict(snapshot.managers)
    for row in rows:
        managers[snapshot.pk_of[row.employee_id]] = snapshot.pk_of[row.manager_id] if row.manager_id else None
    old_paths = dict(Employee.objects.values_list("pk", "reporting_path"))
    paths = compute_paths(managers)
    changed = [
        (manager, paths[pk], pk)
        for pk, manager in managers.items()
        if manager != snapshot.managers.get(pk) or paths[pk] != old_paths[pk]
    ]
    update_many(Employee, ["manager", "reporting_path"], changed)


def _chunks(items: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _audit_data(report: ImportReport) -> dict[str, Any]:
    data = report.as_dict()
    data["missing"] = len(report.missing)
    del data["problems"], data["summary"]
    return data
