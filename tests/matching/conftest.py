"""Matching fixtures: a small ready pool around the `programme`, and builders for ready mentors and mentees.

The pool: Sara (Sales) and Tom (Tech) are seniors who report to Bea; Ava (Tech) and Ben (Sales) are trained
juniors. Ben shares Sara's team, so the best pairs are Ava–Sara and Ben–Tom (1.2 each).
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from omkeer.enrolment.models import ApplicationStatus, MenteeIntake, MentorApplication
from omkeer.people.models import Interest
from omkeer.programmes.models import Participation, Role
from tests.factories import make_department, make_employee, make_skill, make_team, make_user


def _interests(names):
    return [Interest.objects.get_or_create(name=name)[0] for name in names]


def make_ready_mentor(programme, *, capacity=1, skills=None, wants=None, trained=True, interests=(), **kw):
    """An accepted (and by default trained) mentor of `programme`."""
    kw.setdefault("level", 2)
    employee = make_employee(**kw)
    Participation.objects.create(programme=programme, employee=employee, role=Role.MENTOR)
    application = MentorApplication.objects.create(
        programme=programme,
        employee=employee,
        status=ApplicationStatus.ACCEPTED,
        skills=skills or {"social_media": 4},
        wants=wants or {},
        teaching="Social media",
        capacity=capacity,
        pledged=timezone.now(),
        trained=timezone.now() if trained else None,
    )
    application.interests.set(_interests(interests))
    return employee


def make_ready_mentee(programme, *, wants=None, scores=None, interests=(), **kw):
    """A mentee of `programme` who completed the intake (self-assessment `scores` 1–5)."""
    kw.setdefault("level", 8)
    employee = make_employee(**kw)
    employee.interests.set(_interests(interests))
    Participation.objects.create(programme=programme, employee=employee, role=Role.MENTEE)
    MenteeIntake.objects.create(
        programme=programme,
        employee=employee,
        goals="Post on LinkedIn with confidence.",
        wants=wants or {"social_media": 3},
        skill_scores=scores or {"social_media": 1},
        linkedin="none",
        facebook="none",
        blogs="reads",
        online_shopping="never",
        familiarity={},
        why_now="Our clients expect it.",
        what_will_change="I will post every month.",
        hours_per_week=Decimal("1.5"),
    )
    return employee


@pytest.fixture
def pool(programme):
    programme.topics.set([make_skill("social_media"), make_skill("cloud")])
    tech, sales = make_department("Tech"), make_department("Sales")
    t1, t2, s1 = make_team("T1", tech), make_team("T2", tech), make_team("S1", sales)
    bea = make_employee(first_name="Bea", last_name="Boss", level=10, team=t1)
    sara = make_ready_mentee(
        programme, first_name="Sara", last_name="Senior", team=s1, manager=bea, scores={"social_media": 1}
    )
    tom = make_ready_mentee(
        programme, first_name="Tom", last_name="Top", team=t1, manager=bea, wants={"cloud": 2}, scores={"cloud": 1}
    )
    ava = make_ready_mentor(
        programme, first_name="Ava", last_name="Analyst", team=t2, skills={"social_media": 4, "cloud": 2}
    )
    ben = make_ready_mentor(
        programme, first_name="Ben", last_name="Builder", team=s1, skills={"social_media": 3, "cloud": 4}
    )
    for person in (sara, tom, ava, ben):
        make_user(person, language="nl" if person is sara else "en")
    return SimpleNamespace(bea=bea, sara=sara, tom=tom, ava=ava, ben=ben, tech=tech, sales=sales, t1=t1, s1=s1)


def pairs(run):
    """{(mentor first name, mentee first name)} of a run's proposals."""
    return {(p.mentor.first_name, p.mentee.first_name) for p in run.proposals.select_related("mentor", "mentee")}
