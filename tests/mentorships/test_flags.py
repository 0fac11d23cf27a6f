"""Reflections, cancellations and the fit check: gentle prompts to the pair, flags to the coach or admin."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse

from omkeer.mentorships import services
from omkeer.mentorships.models import Flag

LED_NO = {"mentor_led": False, "stayed_reverse": True, "usefulness": 3}
ALL_YES = {"mentor_led": True, "stayed_reverse": True, "usefulness": 4}


def after(clock, session):
    clock.move_to(session.starts_at + dt.timedelta(hours=2))


def test_two_reflections_in_a_row_with_a_no_raise_a_prompt_and_a_flag(
    planned, mentor, mentee, coach, clock, django_capture_on_commit_callbacks
):
    after(clock, planned[0])
    services.reflect(actor=mentee, session=planned[0], **LED_NO)
    assert not Flag.objects.exists()  # once is not a pattern
    after(clock, planned[1])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reflect(actor=mentor, session=planned[1], **{**ALL_YES, "stayed_reverse": False})
    flag = Flag.objects.get()
    assert flag.kind == Flag.Kind.REVERSAL and flag.mentorship == planned[0].mentorship
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([mentor.employee.email, mentee.employee.email, coach.employee.email])
    to_coach = next(m for m in mail.outbox if m.to == [coach.employee.email])
    assert "stays private" in to_coach.body
    # a third "no" does not open a second flag
    after(clock, planned[2])
    services.reflect(actor=mentee, session=planned[2], **LED_NO)
    assert Flag.objects.count() == 1


def test_a_yes_in_between_means_no_flag(planned, mentor, mentee, clock):
    after(clock, planned[0])
    services.reflect(actor=mentee, session=planned[0], **LED_NO)
    after(clock, planned[1])
    services.reflect(actor=mentee, session=planned[1], **ALL_YES)
    after(clock, planned[2])
    services.reflect(actor=mentee, session=planned[2], **LED_NO)
    assert not Flag.objects.exists()


def test_the_senior_cancelling_twice_in_a_row_prompts_them_and_flags_the_coach(
    planned, mentor, mentee, coach, django_capture_on_commit_callbacks
):
    services.cancel_session(actor=mentee, session=planned[0], reason="Board meeting")
    assert not Flag.objects.exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(actor=mentee, session=planned[1], reason="Travel")
    assert Flag.objects.get().kind == Flag.Kind.CANCELLATIONS
    prompts = [m for m in mail.outbox if "cancelled your last two" in m.body]
    assert [m.to for m in prompts] == [[mentee.employee.email]]
    assert any(m.to == [coach.employee.email] for m in mail.outbox)


def test_the_mentor_cancelling_does_not_count_against_the_senior(planned, mentor, mentee):
    services.cancel_session(actor=mentee, session=planned[0], reason="Board meeting")
    services.cancel_session(actor=mentor, session=planned[1], reason="Exam")
    services.cancel_session(actor=mentee, session=planned[2], reason="Travel")
    assert not Flag.objects.exists()


def test_not_a_fit_alerts_the_admin_without_showing_the_partner(
    planned, mentor, mentee, admin, clock, client_for, django_capture_on_commit_callbacks
):
    after(clock, planned[0])
    services.mark_held(actor=mentor, session=planned[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(mentee).post(reverse("mentorships:fit", args=[planned[0].mentorship_id]), {"answer": "not_a_fit"})
    assert Flag.objects.get().kind == Flag.Kind.NOT_A_FIT
    assert [m.to for m in mail.outbox] == [[admin.employee.email]]
    mentor_page = client_for(mentor).get(reverse("mentorships:detail", args=[planned[0].mentorship_id]))
    assert (
        mentor_page.context["fit_answer"] is None
        and "A partner says it is not a fit" not in mentor_page.content.decode()
    )
    admin_page = client_for(admin).get(reverse("mentorships:detail", args=[planned[0].mentorship_id])).content.decode()
    assert "A partner says it is not a fit" in admin_page and "End the mentorship" in admin_page


def test_the_fit_question_comes_after_the_first_session(planned, mentor, client_for):
    client = client_for(mentor)
    assert "fit_form" not in client.get(reverse("mentorships:detail", args=[planned[0].mentorship_id])).context
    client.post(reverse("mentorships:fit", args=[planned[0].mentorship_id]), {"answer": "good"})
    assert not planned[0].mentorship.fit_answers.exists()


def test_the_coach_resolves_a_flag(planned, coach, mentee, client_for):
    flag = Flag.objects.create(mentorship=planned[0].mentorship, kind=Flag.Kind.REVERSAL)
    assert client_for(mentee).post(reverse("mentorships:flag-resolve", args=[flag.pk])).status_code == 403
    client_for(coach).post(reverse("mentorships:flag-resolve", args=[flag.pk]))
    flag.refresh_from_db()
    assert flag.resolved is not None and flag.resolved_by == coach


def test_a_coach_of_another_pair_cannot_resolve(planned, programme, client_for):
    from omkeer.programmes.models import Role
    from tests.factories import make_participant

    other_coach = make_participant(programme, Role.COACH)
    flag = Flag.objects.create(mentorship=planned[0].mentorship, kind=Flag.Kind.REVERSAL)
    assert client_for(other_coach).post(reverse("mentorships:flag-resolve", args=[flag.pk])).status_code == 404
