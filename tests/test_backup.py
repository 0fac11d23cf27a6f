"""`omkeer backup` and `omkeer restore`: a round trip gives back every table with the same rows (pg_dump and
pg_restore on PostgreSQL, SQLite's backup API on SQLite); bad input changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from omkeer.accounts.models import AuditEntry
from omkeer.lib.backup import row_counts
from omkeer.mentorships.models import MentoringSession, Mentorship, Note
from omkeer.people.models import Employee
from tests.factories import make_employee, make_participant, make_programme

AUDIT = AuditEntry._meta.db_table


@pytest.fixture
def organisation(transactional_db):
    programme = make_programme(name="Digital leadership")
    for role in ("mentor", "mentee", "coach"):
        make_participant(programme, role)
    for _ in range(5):
        make_employee()
    return programme


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_round_trip_gives_back_every_row(organisation, tmp_path):
    path = tmp_path / "omkeer.backup"
    printed = run("backup", str(path))
    before = row_counts()
    assert "Backed up" in printed and path.stat().st_size > 0
    assert AuditEntry.objects.filter(action="backup.create").count() == 1

    Employee.objects.filter(pk__in=Employee.objects.values("pk")[:3]).update(first_name="Changed")
    make_employee(first_name="Added")
    make_programme(name="Another")

    printed = run("restore", str(path), "--yes")
    after = row_counts()
    assert after.pop(AUDIT) == before.pop(AUDIT) + 1  # and the restore itself
    assert after == before
    assert sum(after.values()) > 20
    assert not Employee.objects.filter(first_name__in=["Changed", "Added"]).exists()
    assert AuditEntry.objects.filter(action="backup.restore").count() == 1
    assert f"from {path}" in printed


def test_encrypted_notes_stay_encrypted_and_readable_after_a_round_trip(organisation, tmp_path):
    mentor = organisation.participations.get(role="mentor").employee
    mentee = organisation.participations.get(role="mentee").employee
    pair = Mentorship.objects.create(programme=organisation, mentor=mentor, mentee=mentee, started="2026-03-01")
    session = MentoringSession.objects.create(mentorship=pair, starts_at="2026-03-10T11:00:00Z", minutes=60)
    Note.objects.create(mentorship=pair, session=session, author=mentor, text="kept secret 5a1e")
    path = tmp_path / "omkeer.backup"
    run("backup", str(path))
    Note.objects.all().delete()
    run("restore", str(path), "--yes")
    assert Note.objects.get().text == "kept secret 5a1e"
    assert b"kept secret 5a1e" not in path.read_bytes()


def test_restore_without_yes_changes_nothing(organisation, tmp_path):
    path = tmp_path / "omkeer.backup"
    run("backup", str(path))
    make_employee(first_name="Kept")
    with pytest.raises(CommandError, match="add --yes"):
        run("restore", str(path))
    assert Employee.objects.filter(first_name="Kept").exists()


@pytest.mark.parametrize("content", [None, b"", b"first_name,last_name\nAnna,Jansen\n"])
def test_restoring_what_is_not_a_backup_is_refused_and_changes_nothing(content, organisation, tmp_path):
    path = tmp_path / "not-a.backup"
    if content is not None:
        path.write_bytes(content)
    before = row_counts()
    with pytest.raises(CommandError, match="no such file|not an? (SQLite|PostgreSQL) backup"):
        run("restore", str(path), "--yes")
    assert row_counts() == before
