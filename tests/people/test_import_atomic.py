"""Nothing lost: an HR import that fails at row k leaves every table of the database exactly as it was.

A populated database (a programme with its participants, 1,500 imported people with managers, skills,
interests and a dated history) is snapshotted table by table, every row of every table. Then a file that changes
a lot (900 people moved, re-levelled, re-skilled; 1,400 new people; 600 leavers) is imported and made to fail at
row k: with invalid data at row k, with an exception while writing row k (an internal write helper raises on its
k-th chunk), and — on PostgreSQL — with the import's database connection killed from another connection. After
each failure every table is unchanged. The same holds for an import run as an `ImportJob` by its Celery task,
which ends failed with a clear message.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import InterfaceError, OperationalError, connection

from omkeer.people import history, hrimport, jobs
from omkeer.people.hrfile import ALL_COLUMNS
from omkeer.people.models import Employee, ImportJob
from omkeer.programmes.models import Participation

BASE_PEOPLE = 1500  # in the database before the import
KEPT = 900  # of them, in the new file (changed); the other 600 are leavers
NEW_PEOPLE = 1400  # new in the file
ROWS = KEPT + NEW_PEOPLE  # 2,300 rows: three write chunks of hrimport.CHUNK (1,000)
PERSONAS = 6  # admin, coach, mentor, mentee, other_mentor (the programme's five) and hr
BASE_AS_OF = dt.date(2026, 1, 1)
NEW_AS_OF = dt.date(2026, 3, 1)
DEPARTMENTS = ("Finance", "IT", "Sales", "Operations", "Legal")
SKILLS = ("cloud", "ai_tools", "social_media", "strategy", "data")

Snapshot = dict[str, tuple[int, str]]  # table -> (row count, hash of all rows)


def _person(n: int, *, version: int) -> dict[str, str]:
    """Employee P<n> as file `version` (0: the database's, 1: the failing import's) describes them."""
    department = DEPARTMENTS[(n + version) % len(DEPARTMENTS)]  # version 1 moves everyone kept
    manager = "" if n == 0 else f"P{(n - 1) // 10:05d}"
    if version and n >= 10:
        manager = f"P{(n - 1) // 7:05d}"  # new reporting lines
    skills = [f"{SKILLS[(n + version) % len(SKILLS)]}:{(n + version) % 5}"]
    if version:
        skills.append(f"new_skill_{n % 7}:3")
    return {
        "employee_id": f"P{n:05d}",
        "first_name": f"First{n}",
        "last_name": f"Last{n}" + ("-Moved" if version else ""),
        "email": f"p{n}@example.com",
        "department": department,
        "team": f"Team {(n + version) % 4}",
        "manager_id": manager,
        "level": str(1 + (n + 3 * version) % 10),
        "job_title": "Consultant" if not version else "Senior consultant",
        "birth_year": str(1960 + n % 40),
        "skills": "|".join(skills),
        "interests": "chess" if not version else "chess|sailing",
        "hire_date": "2020-01-01",
        "leave_date": "",
    }


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ALL_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


BASE_FILE = _csv([_person(n, version=0) for n in range(BASE_PEOPLE)])


def new_rows() -> list[dict[str, str]]:
    """The failing import's file: the first 900 people changed, 1,400 new people (the last 600 are leavers)."""
    kept = [_person(n, version=1) for n in range(KEPT)]
    new = [_person(n, version=1) for n in range(BASE_PEOPLE, BASE_PEOPLE + NEW_PEOPLE)]
    return kept + new


def new_file(**changes: Any) -> bytes:
    """The failing import's file; `changes` maps a file row (2: the first person) to the cells it changes."""
    rows = new_rows()
    for file_row, cells in changes.items():
        rows[int(file_row) - 2].update(cells)
    return _csv(rows)


def snapshot() -> Snapshot:
    """Every table of the database (not only the models'): its row count and a hash of all its rows, sorted."""
    tables: Snapshot = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from the database's own catalogue
            rows = sorted(repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)) for row in cursor)
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            tables[table] = (len(rows), digest)
    return tables


def changed_tables(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))


def import_new(data: bytes | None = None, **kwargs: Any) -> hrimport.ImportReport:
    return hrimport.import_people(
        data=new_file() if data is None else data,
        filename="people.csv",
        deactivate_missing=True,
        as_of=NEW_AS_OF,
        **kwargs,
    )


@pytest.fixture
def populated(admin, coach, mentor, mentee, other_mentor, hr):
    """A programme with its participants, and 1,500 people imported with their history."""
    report = hrimport.import_people(data=BASE_FILE, filename="people.csv", actor=hr, as_of=BASE_AS_OF)
    assert report.ok, report.problems[:3]
    assert report.created == BASE_PEOPLE
    assert Participation.objects.count() == 5
    return hr


def test_the_file_changes_a_lot_when_it_succeeds(populated):
    """The control: without a failure, the same import changes the people, the taxonomy and the history."""
    before = snapshot()
    report = import_new(actor=populated)
    assert report.ok
    assert (report.created, report.updated) == (NEW_PEOPLE, KEPT)
    assert report.deactivated == BASE_PEOPLE - KEPT + PERSONAS  # the leavers, and the personas not in the file
    assert report.history > 0
    assert {"people_employee", "people_employeeskill", "people_skill", "accounts_auditentry"} <= set(
        changed_tables(before, snapshot())
    )


# (a) invalid data at row k -------------------------------------------------------------------------------------

INVALID: dict[str, Callable[[int], dict[int, dict[str, str]]]] = {
    "bad level": lambda k: {k: {"level": "eleven"}},
    "bad email": lambda k: {k: {"email": "not-an-email"}},
    "email of a person not in the file": lambda k: {k: {"email": "p1200@example.com"}},  # a leaver's
    "email taken by an earlier row": lambda k: {k: {"email": "p0@example.com"}},
    "duplicate employee id": lambda k: {k: {"employee_id": "P00004"}},
    "unknown manager": lambda k: {k: {"manager_id": "NOBODY"}},
    "manager cycle": lambda k: {
        k: {"employee_id": "X1", "manager_id": "X2"},
        k - 1: {"employee_id": "X2", "manager_id": "X1"},
    },
    "leave before hire": lambda k: {k: {"leave_date": "2019-01-01"}},
    "skill out of range": lambda k: {k: {"skills": "cloud:9"}},
    "no department": lambda k: {k: {"department": ""}},
}


@pytest.mark.parametrize("k", [3, 1200, ROWS + 1])  # file rows: 2 is the first person, ROWS + 1 the last
@pytest.mark.parametrize("changes", INVALID.values(), ids=INVALID.keys())
def test_invalid_data_at_row_k_changes_nothing(populated, k, changes):
    before = snapshot()
    report = import_new(new_file(**{str(row): cells for row, cells in changes(k).items()}), actor=populated)
    assert not report.ok
    assert any(problem.row == k for problem in report.problems), report.problems
    assert changed_tables(before, snapshot()) == []


# (b) an exception while writing row k --------------------------------------------------------------------------


class Boom(RuntimeError):
    pass


def fail_on_call(monkeypatch: pytest.MonkeyPatch, target: Any, name: str, call: int, *, after: bool = True) -> None:
    """Make `target.name` raise on its `call`-th call: after doing its work (`after`), or instead of it."""
    original: Callable[..., Any] = getattr(target, name)
    calls = iter(range(1, 10**9))

    def failing(*args: Any, **kwargs: Any) -> Any:
        if next(calls) == call:
            if after:
                original(*args, **kwargs)
            raise Boom(f"{name} failed on call {call}")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)


def deactivation_chunks(monkeypatch: pytest.MonkeyPatch, call: int) -> None:
    """`_chunks` (500 leavers at a time) yields its first chunks, then raises: the deactivation stops midway."""
    original = hrimport._chunks

    def failing(items: list[int], size: int = 500) -> Iterator[list[int]]:
        for number, part in enumerate(original(items, size), start=1):
            if number == call:
                raise Boom(f"deactivation failed on chunk {call}")
            yield part

    monkeypatch.setattr(hrimport, "_chunks", failing)


WRITE_FAILURES: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "taxonomy written": lambda mp: fail_on_call(mp, hrimport, "_add_taxonomy", 1),
    "emails freed": lambda mp: fail_on_call(mp, hrimport, "_free_moving_emails", 1),
    "chunk 1 of people": lambda mp: fail_on_call(mp, hrimport, "_write_people", 1, after=False),
    "chunk 2 of people (rows 1,002-2,001)": lambda mp: fail_on_call(mp, hrimport, "_write_people", 2),
    "chunk 3 of people (the last row)": lambda mp: fail_on_call(mp, hrimport, "_write_people", 3),
    "skills of chunk 2": lambda mp: fail_on_call(mp, hrimport, "_replace_skills_and_interests", 2),
    "bulk update of chunk 3": lambda mp: fail_on_call(mp, hrimport, "update_many", 4),
    "managers and paths": lambda mp: fail_on_call(mp, hrimport, "_write_managers_and_paths", 1),
    "deactivation chunk 2": lambda mp: deactivation_chunks(mp, 2),
    "reporting paths rebuilt": lambda mp: fail_on_call(mp, hrimport, "rebuild_reporting_paths", 1),
    "history": lambda mp: fail_on_call(mp, history, "save_states", 1),
    "audit entry (the last write)": lambda mp: fail_on_call(mp, hrimport, "audit", 1),
}


@pytest.mark.parametrize("fail", WRITE_FAILURES.values(), ids=WRITE_FAILURES.keys())
def test_an_exception_while_writing_row_k_changes_nothing(populated, monkeypatch, fail):
    before = snapshot()
    progress: list[tuple[int, int]] = []
    fail(monkeypatch)
    with pytest.raises(Boom):
        import_new(actor=populated, progress=lambda done, total: progress.append((done, total)))
    assert changed_tables(before, snapshot()) == []
    assert Employee.objects.count() == BASE_PEOPLE + PERSONAS


def test_a_failure_on_the_last_chunk_comes_after_earlier_chunks_were_written(populated, monkeypatch):
    """The chunked write really got far: two chunks of people were in the transaction when the third failed."""
    seen: list[int] = []
    original = hrimport._write_people

    def counting(snapshot_: Any, chunk: list[Any], wanted: Any) -> None:
        original(snapshot_, chunk, wanted)
        seen.append(Employee.objects.count())
        if len(seen) == 3:
            raise Boom("last chunk")

    monkeypatch.setattr(hrimport, "_write_people", counting)
    before = snapshot()
    with pytest.raises(Boom):
        import_new(actor=populated)
    assert seen[0] < seen[1] < seen[2] == BASE_PEOPLE + PERSONAS + NEW_PEOPLE  # inside the transaction
    assert changed_tables(before, snapshot()) == []


# the same through an ImportJob and its Celery task -------------------------------------------------------------


def _committed_job(hr: Any, django_capture_on_commit_callbacks: Any) -> ImportJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.upload_import(
            actor=hr, filename="people.csv", data=new_file(), deactivate_missing=True, as_of=NEW_AS_OF
        )
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY, job.report
    with pytest.MonkeyPatch.context() as mp:  # the test runs the task itself (without a transaction around the
        mp.setattr(jobs.run_import_task, "delay", lambda *args: None)  # test, on_commit would run it right away)
        jobs.commit_import(actor=hr, job=job)
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTING
    return job


def _without_jobs(tables: Snapshot) -> Snapshot:
    return {table: value for table, value in tables.items() if table != ImportJob._meta.db_table}


def test_a_failed_import_job_ends_failed_with_a_message_and_changes_nothing(
    populated, monkeypatch, django_capture_on_commit_callbacks
):
    job = _committed_job(populated, django_capture_on_commit_callbacks)
    before = snapshot()
    fail_on_call(monkeypatch, hrimport, "_write_people", 2)
    jobs.run_import_task(job.pk, populated.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert job.report["error"] == "Nothing was imported: _write_people failed on call 2"
    assert changed_tables(_without_jobs(before), _without_jobs(snapshot())) == []


def test_an_import_job_that_fails_after_the_import_keeps_nothing_of_it(
    populated, monkeypatch, django_capture_on_commit_callbacks
):
    """Marking the job done is part of the import's transaction: the job is never failed with its people written."""
    job = _committed_job(populated, django_capture_on_commit_callbacks)
    before = snapshot()
    fail_on_call(monkeypatch, ImportJob, "save", 1)  # the import is written, then saving the job's result fails
    jobs.run_import_task(job.pk, populated.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert job.report["error"] == "Nothing was imported: save failed on call 1"
    assert changed_tables(_without_jobs(before), _without_jobs(snapshot())) == []


def test_a_failed_import_job_reports_in_the_uploaders_language(
    populated, monkeypatch, django_capture_on_commit_callbacks
):
    job = _committed_job(populated, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(language="nl")
    fail_on_call(monkeypatch, hrimport, "audit", 1)
    jobs.run_import_task(job.pk, populated.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert job.report["error"] == "Er is niets geïmporteerd: audit failed on call 1"


# (c) PostgreSQL: the import's connection killed at row k -------------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: killing the import's connection from another one (pg_terminate_backend)",
)


def terminate_this_connection() -> None:
    """Kill the Django connection's backend from a second, separate connection, and wait until it is gone."""
    import psycopg  # only installed where PostgreSQL is used

    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as other:
        assert other.execute("SELECT pg_terminate_backend(%s, 10000)", [pid]).fetchone() == (True,)


def kill_on_call(monkeypatch: pytest.MonkeyPatch, target: Any, name: str, call: int) -> None:
    original: Callable[..., Any] = getattr(target, name)
    calls = iter(range(1, 10**9))

    def killing(*args: Any, **kwargs: Any) -> Any:
        if next(calls) == call:
            terminate_this_connection()
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, killing)


KILLS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "before chunk 2 of people": lambda mp: kill_on_call(mp, hrimport, "_write_people", 2),
    "before chunk 3 of people": lambda mp: kill_on_call(mp, hrimport, "_write_people", 3),
    "before the deactivation": lambda mp: kill_on_call(mp, hrimport, "_chunks", 1),
    "before the audit entry (just before commit)": lambda mp: kill_on_call(mp, hrimport, "audit", 1),
}


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kill", KILLS.values(), ids=KILLS.keys())
def test_a_connection_killed_at_row_k_changes_nothing(populated, monkeypatch, kill):
    before = snapshot()
    kill(monkeypatch)
    with pytest.raises((OperationalError, InterfaceError)):
        import_new(actor=populated)
    connection.close()  # whatever Django kept of it: the next query opens a fresh connection
    assert changed_tables(before, snapshot()) == []


@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("target", "name", "call"),
    [(hrimport, "_write_people", 2), (ImportJob, "save", 1)],
    ids=["while writing chunk 2", "after the import, while saving the job's result"],
)
def test_an_import_job_whose_connection_is_killed_ends_failed_and_changes_nothing(
    populated, monkeypatch, django_capture_on_commit_callbacks, target, name, call
):
    job = _committed_job(populated, django_capture_on_commit_callbacks)
    before = snapshot()
    kill_on_call(monkeypatch, target, name, call)
    jobs.run_import_task(job.pk, populated.pk)  # the task marks the job failed on a fresh connection
    connection.close()
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert job.report["error"] == "Nothing was imported: the connection to the database was lost; try again"
    assert changed_tables(_without_jobs(before), _without_jobs(snapshot())) == []
