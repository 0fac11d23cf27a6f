"""The database's stage of a pair (`with_stage`, which the pairs list filters, counts and pages on) is the
stage `Mentorship.stage(now)` gives, for pairs of every shape and at every moment around the boundaries."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from omkeer.mentorships.models import (
    AgreementVersion,
    MentoringSession,
    Mentorship,
    SessionState,
    Stage,
    Status,
)
from omkeer.programmes.models import Cadence
from tests.factories import make_employee

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)


def _random_pairs(programme, count: int, seed: int) -> list[Mentorship]:
    """Pairs with random kick-offs, agreement versions (accepted or not, any cadence) and sessions."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        pair = Mentorship.objects.create(
            programme=programme,
            mentor=make_employee(level=2),
            mentee=make_employee(level=8),
            status=rng.choice([Status.ACTIVE] * 6 + [Status.COMPLETED, Status.ENDED_EARLY]),
            started=(START + dt.timedelta(days=rng.randint(0, 40))).date(),
            kickoff_held=(START + dt.timedelta(days=rng.randint(0, 60))).date() if rng.random() < 0.8 else None,
        )
        for number in range(1, rng.randint(0, 3) + 1):
            AgreementVersion.objects.create(
                mentorship=pair,
                number=number,
                frequency=rng.choice(Cadence.values),
                session_minutes=60,
                place="Teams",
                expectations="-",
                learning_goals="-",
                confidentiality=True,
                proposed_by=pair.mentor,
                accepted=START + dt.timedelta(days=number) if rng.random() < 0.6 else None,
            )
        for _ in range(rng.randint(0, 5)):
            MentoringSession.objects.create(
                mentorship=pair,
                starts_at=START + dt.timedelta(days=rng.randint(0, 150), hours=rng.randint(0, 23)),
                minutes=60,
                state=rng.choice(SessionState.values),
            )
        pairs.append(pair)
    return pairs


def test_the_sql_stage_is_the_python_stage_for_random_pairs_at_many_moments(programme):
    _random_pairs(programme, 60, seed=11)
    seen = set()
    moments = [START + dt.timedelta(days=day, hours=hour) for day in range(0, 220, 3) for hour in (0, 13)]
    for now in moments:
        python = {
            pair.pk: pair.stage(now)
            for pair in Mentorship.objects.filter(programme=programme).prefetch_related("sessions", "agreements")
        }
        sql = dict(Mentorship.objects.filter(programme=programme).with_stage(now).values_list("pk", "stage_value"))
        assert sql == {pk: stage.value for pk, stage in python.items()}, now
        seen |= set(sql.values())
    assert seen == set(Stage.values)  # every stage came up


def test_counts_and_the_stage_filter_agree(programme):
    pairs = _random_pairs(programme, 30, seed=5)
    now = START + dt.timedelta(days=90)
    rows = Mentorship.objects.filter(programme=programme)
    counts = rows.stage_counts(now)
    assert set(counts) == set(Stage.values) and sum(counts.values()) == len(pairs)
    for stage in Stage.values:
        assert rows.with_stage(now, stage).count() == counts[stage]
    assert rows.with_stage(now, "no such stage").count() == len(pairs)  # not a stage: no filter


SUMMARY = ("agreed_frequency", "last_held_at", "overdue_from")


def _summaries(programme) -> list[tuple[object, ...]]:
    return list(Mentorship.objects.filter(programme=programme).order_by("pk").values_list("pk", *SUMMARY))


def test_the_stored_summary_follows_every_save_and_delete(programme):
    _random_pairs(programme, 20, seed=3)
    kept = _summaries(programme)
    Mentorship.objects.filter(programme=programme).refresh_summaries()
    assert _summaries(programme) == kept  # the receivers kept it as a recompute makes it
    pair = Mentorship.objects.filter(programme=programme, sessions__state=SessionState.PLANNED).first()
    first = pair.sessions.filter(state=SessionState.PLANNED).order_by("starts_at").first()
    pair.refresh_from_db()
    assert pair.overdue_from == first.starts_at
    first.state = SessionState.HELD
    first.save()
    pair.refresh_from_db()
    assert pair.last_held_at == max(s.starts_at for s in pair.sessions.filter(state=SessionState.HELD))
    MentoringSession.objects.filter(mentorship=pair).delete()  # a queryset delete sends a signal per row too
    pair.refresh_from_db()
    assert (pair.last_held_at, pair.overdue_from) == (None, None)
    AgreementVersion.objects.filter(mentorship=pair).delete()
    pair.refresh_from_db()
    assert pair.agreed_frequency == ""
