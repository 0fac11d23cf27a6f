"""Reminders before each session (once, 24 hours ahead) and the stage every pair is in."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse

from omkeer.mentorships import services, tasks
from omkeer.mentorships.models import MentoringSession, Stage
from tests.mentorships.conftest import NOW


def test_both_partners_are_reminded_once_a_day_ahead(
    planned, mentor, mentee, clock, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    clock.move_to(planned[0].starts_at - dt.timedelta(hours=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_session_reminders.delay().get() == 0  # eager without a broker
    clock.move_to(planned[0].starts_at - dt.timedelta(hours=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_session_reminders.delay().get() == 1
        assert services.send_reminders() == 0  # never twice
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.employee.email, mentee.employee.email])
    to_mentor = next(m for m in mail.outbox if m.to == [mentor.employee.email])
    assert "Tuesday 10 March 2026, 12:00" in to_mentor.subject and "You lead" in to_mentor.body
    assert reverse("mentorships:session-detail", args=[planned[0].pk]) in to_mentor.body


def test_a_moved_session_is_reminded_again_and_a_cancelled_one_not(planned, mentor, clock):
    clock.move_to(planned[0].starts_at - dt.timedelta(hours=20))
    services.send_reminders()
    services.reschedule_session(
        actor=mentor,
        session=planned[0],
        starts_at=planned[0].starts_at + dt.timedelta(hours=2),
        minutes=60,
        place="",
        video_link="",
        agenda="",
        reason="Clash",
    )
    services.cancel_session(actor=mentor, session=planned[1], reason="Holiday")
    assert MentoringSession.objects.get(pk=planned[0].pk).reminded is None
    assert services.send_reminders() == 1


def stage(pair, now):
    pair = type(pair).objects.prefetch_related("sessions", "agreements").get(pk=pair.pk)
    return pair.stage(now)


def test_the_stages_of_a_pair(pair, mentor, mentee, clock):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    assert stage(pair, start) == Stage.KICKOFF
    services.hold_kickoff(actor=mentee, mentorship=pair, on=pair.started)
    assert stage(pair, start) == Stage.AGREEMENT
    from tests.mentorships.conftest import AGREEMENT

    version = services.propose_agreement(actor=mentor, mentorship=pair, values=dict(AGREEMENT))
    services.accept_agreement(actor=mentee, version=version)
    assert stage(pair, start) == Stage.RUNNING
    # monthly cadence: nothing held for more than 45 days is stalling
    assert stage(pair, start + dt.timedelta(days=45)) == Stage.RUNNING
    assert stage(pair, start + dt.timedelta(days=46)) == Stage.STALLING


def test_a_planned_session_left_unconfirmed_makes_a_pair_stall(planned, mentor, clock):
    pair = planned[0].mentorship
    two_days_after = planned[0].starts_at + dt.timedelta(days=2, hours=1)
    assert stage(pair, planned[0].starts_at + dt.timedelta(hours=2)) == Stage.RUNNING
    assert stage(pair, two_days_after) == Stage.STALLING
    clock.move_to(two_days_after)
    services.mark_held(actor=mentor, session=planned[0])
    assert stage(pair, two_days_after) == Stage.RUNNING


def test_the_list_counts_pairs_per_stage_with_few_queries(planned, admin, client_for, django_assert_max_num_queries):
    client = client_for(admin)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("mentorships:list"))
    assert [(value, count) for value, _label, count in page.context["stages"] if count] == [("running", 1)]
    assert client.get(reverse("mentorships:list"), {"stage": "stalling"}).context["rows"] == []


def test_the_reminders_command_does_what_beat_does(planned, clock, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    clock.move_to(planned[0].starts_at - dt.timedelta(hours=3))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reminders", stdout=out)
    assert out.getvalue().strip() == "1 sessions reminded, 0 health checks opened"
    assert len(mail.outbox) >= 2


def test_the_list_pages_through_many_pairs_with_a_fixed_number_of_queries(
    clock, programme, admin, client_for, django_assert_max_num_queries
):
    from omkeer.mentorships import views
    from omkeer.mentorships.models import Mentorship
    from tests.factories import make_employee

    Mentorship.objects.bulk_create(
        Mentorship(
            programme=programme, mentor=make_employee(level=2), mentee=make_employee(level=8), started=NOW.date()
        )
        for _ in range(views.PAGE_SIZE + 5)
    )
    client = client_for(admin)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("mentorships:list"))
    assert len(first.context["rows"]) == views.PAGE_SIZE and first.context["total"] == views.PAGE_SIZE + 5
    second = client.get(reverse("mentorships:list"), {"page": 2, "stage": "kickoff"})
    assert len(second.context["rows"]) == 5 and 'href="?stage=kickoff&amp;page=1"' in second.content.decode()
