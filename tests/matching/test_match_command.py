"""`omkeer match --programme ID [--dry-run]`: the one-line summary, and a dry run stores nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from omkeer.enrolment.models import MentorApplication
from omkeer.matching.models import MatchRun


def match(*args):
    out = StringIO()
    call_command("match", *args, stdout=out)
    return out.getvalue().strip()


def test_match_stores_a_run_and_prints_the_summary(programme, pool):
    summary = match("--programme", str(programme.pk))
    run = MatchRun.objects.get()
    assert summary == (
        "Digital leadership: 2 of 2 mentees matched, 2 of 2 mentors used, total score 2.400, across departments "
        f"100 %, average level gap 6.0; optimal: yes; run {run.pk} stored for review"
    )
    assert run.created_by is None and run.proposals.count() == 2


def test_dry_run_stores_nothing(programme, pool):
    summary = match("--programme", str(programme.pk), "--dry-run")
    assert summary.startswith("Digital leadership: 2 of 2 mentees matched") and summary.endswith("nothing stored")
    assert not MatchRun.objects.exists()


def test_bad_input_and_unknown_programmes_are_errors(programme, pool):
    MentorApplication.objects.filter(employee=pool.ava).update(capacity=1, skills={"cloud": -1})
    with pytest.raises(CommandError, match=f"mentor {pool.ava.employee_id}: proficiency of cloud"):
        match("--programme", str(programme.pk), "--dry-run")
    with pytest.raises(CommandError, match="no programme with id 999"):
        match("--programme", "999")
    assert not MatchRun.objects.exists()
