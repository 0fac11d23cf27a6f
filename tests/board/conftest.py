"""A pair of the personas with one held session and a note by each partner; time stands still at NOW (a Monday
in March, Amsterdam winter time) unless a test moves it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from omkeer.mentorships.models import MentoringSession, Mentorship, Note, SessionState

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
MENTOR_NOTE = "We set up a LinkedIn search for customers in logistics. Private: he struggles with his board."
MENTEE_NOTE = "I will post our quarterly results myself this time."


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
        started=timezone.localdate() - dt.timedelta(days=40),
        kickoff_held=timezone.localdate() - dt.timedelta(days=30),
    )


@pytest.fixture
def session(pair):
    return MentoringSession.objects.create(
        mentorship=pair, starts_at=NOW - dt.timedelta(days=3), minutes=60, state=SessionState.HELD
    )


@pytest.fixture
def mentor_note(session, mentor):
    return Note.objects.create(mentorship=session.mentorship, session=session, author=mentor.employee, text=MENTOR_NOTE)


@pytest.fixture
def mentee_note(session, mentee):
    return Note.objects.create(mentorship=session.mentorship, session=session, author=mentee.employee, text=MENTEE_NOTE)
