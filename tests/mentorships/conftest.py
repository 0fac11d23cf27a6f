"""A pair of the personas: `mentor` mentors `mentee` in `programme`, coached by `coach`; time stands still at
NOW (a Monday in March, before the summer-time change) unless a test moves it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from omkeer.mentorships import services
from omkeer.mentorships.models import Mentorship

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
AGREEMENT = {
    "frequency": "monthly",
    "session_minutes": 60,
    "place": "Lunch room, 3rd floor",
    "expectations": "We prepare and we are on time.",
    "learning_goals": "Use LinkedIn to reach customers.",
    "confidentiality": True,
}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def pair(clock, programme, mentor, mentee, coach):
    return Mentorship.objects.create(
        programme=programme,
        mentor=mentor.employee,
        mentee=mentee.employee,
        coach=coach.employee,
        started=timezone.localdate(),
    )


@pytest.fixture
def agreed(pair, mentor, mentee, django_capture_on_commit_callbacks):
    """The pair met and agreed; no sessions yet."""
    with django_capture_on_commit_callbacks(execute=True):
        services.hold_kickoff(actor=mentor, mentorship=pair, on=timezone.localdate())
        version = services.propose_agreement(actor=mentor, mentorship=pair, values=dict(AGREEMENT))
        services.accept_agreement(actor=mentee, version=version)
    return Mentorship.objects.get(pk=pair.pk)


@pytest.fixture
def planned(agreed, mentor, django_capture_on_commit_callbacks):
    """Six monthly sessions from 10 March 2026, 12:00 Amsterdam time."""
    first = dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_sessions(actor=mentor, mentorship=agreed, first=first, count=6, minutes=60, place="Lunch room")
    return list(agreed.sessions.order_by("starts_at"))
