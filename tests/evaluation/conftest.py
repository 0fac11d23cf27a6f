"""A running cohort to evaluate: six pairs of the personas' programme (the personas first), each mentee with an
intake; time stands still on 15 June 2026, half-way through the programme (1 January to 31 December 2026)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from omkeer.enrolment.models import FAMILIARITY_AREAS, MenteeIntake
from omkeer.mentorships.models import Mentorship
from omkeer.programmes.models import Goal, Kpi, Role
from tests.factories import make_participant, make_skill

NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
BEFORE = [2, 2, 3, 1, 2, 3]  # the six mentees' intake scores for social media


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def kpi(programme):
    goal = Goal.objects.create(programme=programme, title="Seniors use social media")
    return Kpi.objects.create(goal=goal, name="Social-media confidence", unit="score 1–5", baseline=2, target=3)


@pytest.fixture
def cohort(clock, programme, admin, coach, mentor, other_mentor, mentee, kpi):
    """Six mentors and six mentees in six pairs, each mentee with an intake (social media = BEFORE[i])."""
    programme.topics.set([make_skill("social_media")])
    mentors = [mentor, other_mentor] + [
        make_participant(programme, Role.MENTOR, level=2, first_name=f"Junior{i}") for i in range(4)
    ]
    mentees = [mentee] + [make_participant(programme, Role.MENTEE, level=8, first_name=f"Senior{i}") for i in range(5)]
    for i, (junior, senior) in enumerate(zip(mentors, mentees, strict=True)):
        Mentorship.objects.create(
            programme=programme,
            mentor=junior.employee,
            mentee=senior.employee,
            coach=coach.employee,
            started=timezone.localdate() - dt.timedelta(days=150),
        )
        MenteeIntake.objects.create(
            programme=programme,
            employee=senior.employee,
            goals="LinkedIn",
            wants={"social_media": 3},
            skill_scores={"social_media": BEFORE[i]},
            kpi_scores={str(kpi.pk): BEFORE[i]},
            linkedin="never",
            facebook="never",
            blogs="never",
            online_shopping="never",
            familiarity=dict.fromkeys(FAMILIARITY_AREAS, 2),
            why_now="now",
            what_will_change="all",
            hours_per_week=2,
        )
    return {"mentors": mentors, "mentees": mentees}
