"""The demo's voice: the first cohort has released feedback (two releases, themes, three replies) and two pulse
waves with results to show; the pilot's feedback waits, sealed, below the threshold."""

from __future__ import annotations

import pytest

from omkeer.demo.mentorships import COHORT_NAME
from omkeer.demo.people import PILOT_NAME, build_demo
from omkeer.programmes.models import Participation, Programme, Role
from omkeer.voice import reports, services
from omkeer.voice.models import Feedback, PulseInvitation, PulseResponse, PulseWave, Release, Reply, Speaker, Theme


@pytest.fixture
def demo(db):
    return build_demo()


def _cohort():
    return Programme.objects.get(name=COHORT_NAME)


def test_the_first_cohort_has_released_feedback(demo):
    cohort = _cohort()
    releases = Release.objects.filter(programme=cohort)
    assert sorted(releases.values_list("number", flat=True)) == [1, 2]
    assert all(release.contributors >= 5 for release in releases)
    items = Feedback.objects.filter(programme=cohort)
    assert items.count() >= 12 and not items.sealed().exists()
    assert len(set(items.values_list("topic", flat=True))) == 4
    assert len(set(items.values_list("period", flat=True))) >= 2
    assert Theme.objects.filter(programme=cohort).count() >= 3
    assert items.filter(themes__isnull=False).distinct().count() >= 8
    speakers = Speaker.objects.filter(programme=cohort)
    assert speakers.count() >= 6 and not speakers.filter(pending=True).exists()
    replies = Reply.objects.filter(programme=cohort)
    assert sorted(replies.values_list("status", flat=True)) == ["acting", "done", "heard"]
    assert all(reply.theme is not None for reply in replies)
    assert services.progress(cohort)["released"] is True


def test_the_first_cohort_has_two_pulse_waves_with_results(demo):
    cohort = _cohort()
    waves = PulseWave.objects.filter(programme=cohort, invited=True)
    assert waves.count() == 2
    invited = Participation.objects.filter(programme=cohort, role__in=[Role.MENTOR, Role.MENTEE])
    for wave in waves:
        invitations = PulseInvitation.objects.filter(wave=wave)
        assert invitations.count() == invited.values("employee").distinct().count()
        answered = invitations.filter(answered=True).count()
        assert 0.7 <= answered / invitations.count() <= 0.85
        assert PulseResponse.objects.filter(wave=wave).count() == answered
    for role in ("mentor", "mentee"):
        report = reports.pulse_report(cohort, filters={"role": role})
        assert report.selected is not None and report.selected.shown and report.selected.n >= 5
        assert len(report.trend) == 2 and all(cell.shown for _wave, cell in report.trend)
    first, latest = (cell.mean for _wave, cell in reports.pulse_report(cohort).trend)
    assert first is not None and latest is not None and latest > first


def test_the_pilot_waits_below_the_threshold(demo):
    pilot = Programme.objects.get(name=PILOT_NAME)
    assert services.progress(pilot) == {**services.progress(pilot), "contributors": 3, "needed": 5, "released": False}
    assert Feedback.objects.filter(programme=pilot).count() == 3
    assert not Feedback.objects.filter(programme=pilot).released().exists()
    assert not Release.objects.filter(programme=pilot).exists()
