"""The demo has a first cohort with mentorships at every stage; the demo logins each have a running pair."""

from __future__ import annotations

import pytest
from django.utils import timezone

from omkeer.demo.mentorships import COHORT_NAME
from omkeer.demo.people import MENTEE_EMAIL, MENTOR_EMAIL, build_demo
from omkeer.mentorships.models import Flag, Mentorship, Note, Stage


@pytest.fixture
def demo(db):
    return build_demo()


def stages():
    pairs = Mentorship.objects.filter(programme__name=COHORT_NAME).prefetch_related("sessions", "agreements")
    return {pair.pk: pair.stage(timezone.now()) for pair in pairs}


def test_the_demo_has_pairs_at_every_stage(demo):
    assert "11 mentorships at every stage" in demo.text()
    assert set(stages().values()) == set(Stage)


def test_running_pairs_have_held_sessions_notes_and_a_next_session(demo):
    running = [pk for pk, stage in stages().items() if stage == Stage.RUNNING]
    assert len(running) == 4
    for pair in Mentorship.objects.filter(pk__in=running):
        assert pair.sessions.filter(state="held").count() >= 3
        assert pair.sessions.filter(state="planned", starts_at__gt=timezone.now()).exists()
        assert Note.objects.filter(mentorship=pair).count() >= 3


def test_the_demo_logins_each_have_a_running_pair(demo):
    for email, side in ((MENTOR_EMAIL, "mentor"), (MENTEE_EMAIL, "mentee")):
        pair = Mentorship.objects.get(programme__name=COHORT_NAME, **{f"{side}__email": email})
        assert stages()[pair.pk] == Stage.RUNNING
        assert pair.mentor.department_id != pair.mentee.department_id


def test_a_stalling_pair_has_the_cancellation_flag(demo):
    stalling = [pk for pk, stage in stages().items() if stage == Stage.STALLING]
    assert Flag.objects.filter(mentorship__in=stalling, kind=Flag.Kind.CANCELLATIONS).exists()
