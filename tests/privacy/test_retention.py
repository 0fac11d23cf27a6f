"""Retention: past each category's period the data goes, inside it the data stays; a second purge removes 0."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from omkeer.accounts.models import AuditEntry
from omkeer.evaluation.models import CheckIn
from omkeer.mentorships.models import Note
from omkeer.people.models import ImportJob
from omkeer.privacy.retention import months_before, purge
from omkeer.voice.models import Feedback

# The world is built on 1 June 2026; the programme ends on 31 December 2026.


def at(year, month, day):
    return time_machine.travel(dt.datetime(year, month, day, 12, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def upload(world, hr):
    return ImportJob.objects.create(created_by=hr, filename="people.csv", data=b"x", state=ImportJob.State.DONE)


def test_inside_every_period_nothing_goes(world, upload):
    with at(2027, 6, 1):  # five months after the end, and a year after the feedback, the upload
        removed = purge()
    assert {k: v for k, v in removed.items() if v} == {"imports": 1}  # 30 days after the upload
    assert Note.objects.count() == 2 and Feedback.objects.count() == 2


def test_past_the_periods_the_data_goes_and_a_second_purge_removes_nothing(world, upload):
    with at(2027, 6, 1):
        assert purge()["imports"] == 1  # 30 days after the upload
    with at(2028, 1, 1):  # twelve months and a day after the programme's end
        removed = purge()
        # the partner's application was never decided: it goes 6 months after the end
        expected = {"notes": 2, "checkin_notes": 1, "waiting_list": 1, "applications": 1}
        assert {k: v for k, v in removed.items() if v} == expected
        assert purge() == dict.fromkeys(removed, 0)
    assert not Note.objects.exists() and CheckIn.objects.get().concerns == ""
    assert CheckIn.objects.count() == 1  # the scores stay
    with at(2028, 7, 1):  # the feedback of June 2026 is 24 months old
        assert purge()["feedback"] == 2


def test_the_audit_log_goes_after_two_years(world):
    old = AuditEntry.objects.count()
    with at(2028, 6, 2):
        assert purge()["audit"] == old
        assert purge()["audit"] == 0


def test_a_dry_run_counts_and_changes_nothing(world, capsys):
    with at(2028, 1, 1):
        call_command("purge", "--dry-run")
    out = capsys.readouterr().out
    assert "notes: 2 would be removed" in out and "audit: 0 would be removed" in out
    assert Note.objects.count() == 2 and not AuditEntry.objects.filter(action="privacy.purge").exists()


def test_the_command_prints_what_it_removed_and_the_audit_holds_counts_only(world, capsys):
    with at(2028, 1, 1):
        call_command("purge")
    assert "notes: 2 removed" in capsys.readouterr().out
    entry = AuditEntry.objects.get(action="privacy.purge")
    assert entry.data["removed"]["notes"] == 2 and entry.summary == ""


@override_settings(
    RETENTION={
        "notes": 24,
        "checkin_notes": 24,
        "applications": 6,
        "waiting_list": 24,
        "reminders": 12,
        "imports": 30,
        "feedback": 48,
        "audit": 5,
        "idempotency_keys": 1,
    }
)
def test_the_periods_come_from_the_settings(world):
    with at(2028, 1, 1):
        assert purge()["notes"] == 0
    with at(2029, 1, 1):
        assert purge()["notes"] == 2


def test_months_before_keeps_the_day_or_the_last_of_the_month():
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)
