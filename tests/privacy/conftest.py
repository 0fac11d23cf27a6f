"""A programme with one pair whose every corner holds the erased person's canary name, and one anonymous text."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from omkeer.accounts.services import audit
from omkeer.board.models import Idea, Post
from omkeer.enrolment.models import InterestRegistration, MenteeIntake, MentorApplication, Recommendation
from omkeer.evaluation.models import CheckIn, FollowUp, Survey
from omkeer.mentorships.models import (
    FitAnswer,
    HealthCheck,
    MentoringSession,
    Mentorship,
    Note,
    Reflection,
    SessionState,
)
from omkeer.programmes.models import Role
from omkeer.voice.models import PulseInvitation, PulseWave, VoiceSettings
from omkeer.voice.services import send_feedback
from tests.factories import make_participant, make_skill

NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)
MINE = "My own note: Zebulonia learned to post on LinkedIn"
PARTNERS = "The partner's note: Quixhaven Zebulonia asked good questions"
ANONYMOUS = "Anonymous canary: the tooling budget is too small"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def person(programme):
    """The mentee to export or erase, with a canary name."""
    return make_participant(
        programme, Role.MENTEE, level=8, first_name="Zebulonia", last_name="Quixhaven", employee_id="ZQ-4711"
    )


@pytest.fixture
def partner(programme):
    return make_participant(programme, Role.MENTOR, level=2, first_name="Pim", last_name="Partner")


@pytest.fixture
def world(clock, programme, person, partner, admin):
    """Everything a mentee leaves behind: pair, session, notes (theirs and the partner's), reflection, fit, health
    check, intake, an application with a recommendation, a post and an idea, a follow-up, a check-in, a pulse
    invitation, feedback participation, audit rows naming them. The partner sends anonymous feedback."""
    now = timezone.now()
    employee, other = person.employee, partner.employee
    make_skill("social_media", 2, employee)
    pair = Mentorship.objects.create(
        programme=programme, mentor=other, mentee=employee, started=now.date(), kickoff_place="Zebulonia's desk"
    )
    session = MentoringSession.objects.create(
        mentorship=pair, starts_at=now, minutes=60, state=SessionState.HELD, agenda="Quixhaven's LinkedIn profile"
    )
    Note.objects.create(mentorship=pair, session=session, author=employee, text=MINE)
    Note.objects.create(mentorship=pair, session=session, author=other, text=PARTNERS)
    Reflection.objects.create(session=session, author=employee, mentor_led=True, stayed_reverse=True, usefulness=4)
    FitAnswer.objects.create(mentorship=pair, author=employee, answer="good")
    HealthCheck.objects.create(
        mentorship=pair, author=employee, due=now.date(), answered=now, meeting_regularly=4, learning=5, safe=4
    )
    MenteeIntake.objects.create(
        programme=programme,
        employee=employee,
        goals="Zebulonia wants to blog",
        skill_scores={"social_media": 2},
        wants={"social_media": 3},
        linkedin="none",
        facebook="none",
        blogs="none",
        online_shopping="never",
        why_now="Because",
        what_will_change="Everything for Quixhaven",
        hours_per_week=2,
    )
    application = MentorApplication.objects.create(
        programme=programme, employee=other, teaching="Cloud", capacity=1, pledged=now
    )
    Recommendation.objects.create(
        application=application,
        colleague=employee,
        requested=now,
        expires=now + dt.timedelta(days=14),
        submitted=now,
        trustworthiness="Pim is discreet, says Zebulonia Quixhaven",
    )
    InterestRegistration.objects.create(programme=programme, employee=employee, role="mentee")
    post = Post.objects.create(programme=programme, author=employee, kind="learning", title="Hi", body="By Zebulonia")
    Idea.objects.create(mentorship=pair, author=employee, title="Idea", description="Quixhaven's idea", post=post)
    survey = Survey.objects.create(programme=programme, kind="end", opens=now.date(), closes=now.date())
    FollowUp.objects.create(
        survey=survey,
        employee=employee,
        role=Role.MENTEE,
        skill_scores={"social_media": 4},
        effective_me=5,
        submitted=now,
    )
    CheckIn.objects.create(
        programme=programme, employee=employee, role=Role.MENTEE, due=now.date(), concerns="Zebulonia is tired"
    )
    wave = PulseWave.objects.create(programme=programme, name="Q2", opens_on=now.date(), closes_on=now.date())
    PulseInvitation.objects.create(wave=wave, employee=employee, role=Role.MENTEE, token="t" * 64, answered=True)
    audit(actor=admin, action="test.named", target=employee, summary=f"{employee.employee_id} Zebulonia Quixhaven")
    audit(actor=admin, action="test.named", data={"who": employee.email, "list": ["Zebulonia Quixhaven"]})
    audit(actor=person, action="test.own", summary="unrelated")
    VoiceSettings.objects.create(programme=programme, mentees_speak=True)
    send_feedback(actor=partner, programme=programme, topic="organisation", text=ANONYMOUS, safety=None)
    send_feedback(actor=person, programme=programme, topic="organisation", text=ANONYMOUS + " (2)", safety=None)
    return pair
