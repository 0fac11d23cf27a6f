"""Ending a pair early frees the mentor's place and lets the admin re-match the mentee, with the rest kept."""

from __future__ import annotations

from django.urls import reverse

from omkeer.matching import services as matching
from omkeer.matching.models import MatchRun, PairConstraint
from omkeer.mentorships.models import Mentorship
from tests.matching.conftest import make_ready_mentor


def test_ending_early_rules_the_pair_out_and_a_rerun_finds_someone_else(
    programme, pool, admin, client_for, django_capture_on_commit_callbacks
):
    run = matching.run_matching(actor=admin, programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        matching.approve_run(actor=admin, run=run)
    ava_sara = Mentorship.objects.get(mentor=pool.ava, mentee=pool.sara)
    ben_tom = Mentorship.objects.get(mentor=pool.ben, mentee=pool.tom)
    make_ready_mentor(programme, first_name="Cas", last_name="Cloud", skills={"social_media": 4})
    client = client_for(admin)
    data = {"outcome": "ended_early", "reason": "Not a fit: different expectations"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentorships:end", args=[ava_sara.pk]), data)
    assert not PairConstraint.objects.exists()  # ending a pair writes nothing of matching's: matching reads it
    page = client.get(ava_sara.get_absolute_url()).content.decode()
    assert "Re-match: run matching" in page
    response = client.post(reverse("matching:run-create", args=[programme.pk]))
    rerun = MatchRun.objects.latest("pk")
    assert response["Location"] == reverse("matching:run-detail", args=[rerun.pk])
    proposals = {(p.mentor.first_name, p.mentee.first_name) for p in rerun.proposals.select_related("mentor", "mentee")}
    ended = {"mentor": pool.ava.employee_id, "mentee": pool.sara.employee_id}
    assert ended in rerun.problem["forbidden"]
    assert proposals == {("Cas", "Sara")}  # Tom keeps Ben: active pairs are kept out of the run
    ben_tom.refresh_from_db()
    assert ben_tom.is_active
