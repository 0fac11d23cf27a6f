"""A pair from approval to completion, through the real views, with the emails and calendar files they send."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.core import mail
from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.enrolment.models import MentorApplication
from omkeer.matching.models import MatchRun, Proposal
from omkeer.mentorships.models import FitAnswer, MentoringSession, Mentorship, Note, Reflection, SessionState
from tests.mentorships.conftest import AGREEMENT, NOW


def ics_of(message):
    [(name, content, mimetype)] = message.attachments
    assert name == "session.ics" and mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def events(calendar):
    return list(calendar.walk("VEVENT"))


def post(client, name, pk, data=None, **kw):
    return client.post(reverse(name, args=[pk]), data or {}, **kw)


def test_a_pair_from_approval_to_completion(
    clock, programme, admin, coach, mentor, mentee, client_for, django_capture_on_commit_callbacks
):
    # approval creates the pair, coached by the programme's only coach, and links both people to its page
    run = MatchRun.objects.create(programme=programme, state=MatchRun.State.DONE, pool={"mentors": [], "mentees": []})
    Proposal.objects.create(run=run, mentor=mentor.employee, mentee=mentee.employee, score=1, parts={}, reasons=[])
    MentorApplication.objects.create(
        programme=programme,
        employee=mentor.employee,
        teaching="LinkedIn",
        capacity=1,
        status="accepted",
        pledged=NOW,
    )
    as_admin, as_mentor, as_mentee = client_for(admin), client_for(mentor), client_for(mentee)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(as_admin, "matching:run-approve", run.pk).status_code == 302
    pair = Mentorship.objects.get()
    assert pair.coach == coach.employee
    assert all(pair.get_absolute_url() in m.body for m in mail.outbox)
    mail.outbox.clear()
    page = as_mentor.get(pair.get_absolute_url())
    assert "Plan the kick-off" in page.content.decode()

    # kick-off: planned by the mentor (the mentee hears), held, which unlocks the agreement
    with django_capture_on_commit_callbacks(execute=True):
        post(as_mentor, "mentorships:kickoff-plan", pair.pk, {"at": "2026-03-04T12:30", "place": "Café Noord"})
    [invite] = mail.outbox
    assert invite.to == [mentee.employee.email] and "Café Noord" in invite.body and "12:30" in invite.body
    post(as_mentee, "mentorships:kickoff-held", pair.pk, {"on": "2026-03-02"})
    pair.refresh_from_db()
    assert pair.kickoff_held == dt.date(2026, 3, 2)

    # agreement: the mentor proposes (pre-filled with the mentee's goals where there is an intake), the mentee accepts
    form = as_mentor.get(reverse("mentorships:agreement-propose", args=[pair.pk]))
    assert form.status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(as_mentor, "mentorships:agreement-propose", pair.pk, AGREEMENT)
    assert response.status_code == 302
    version = pair.agreements.get()
    assert version.accepted is None and mail.outbox[0].to == [mentee.employee.email]
    # the proposer cannot accept their own proposal
    response = as_mentor.post(reverse("mentorships:agreement-accept", args=[pair.pk, version.pk]))
    version.refresh_from_db()
    assert version.accepted is None
    as_mentee.post(reverse("mentorships:agreement-accept", args=[pair.pk, version.pk]))
    version.refresh_from_db()
    assert version.accepted is not None and version.accepted_by == mentee.employee

    # sessions: the mentor plans six monthly sessions; both get one invitation with six events
    assert as_mentee.get(reverse("mentorships:session-plan", args=[pair.pk])).status_code == 403
    assert as_mentor.get(reverse("mentorships:session-plan", args=[pair.pk])).status_code == 200
    mail.outbox.clear()
    plan = {"first": "2026-03-10T12:00", "count": 6, "minutes": 60, "place": "Lunch room", "agenda": "LinkedIn"}
    with django_capture_on_commit_callbacks(execute=True):
        assert post(as_mentor, "mentorships:session-plan", pair.pk, plan).status_code == 302
    sessions = list(pair.sessions.order_by("starts_at"))
    assert len(sessions) == 6 and {m.to[0] for m in mail.outbox} == {mentor.employee.email, mentee.employee.email}
    assert len(events(ics_of(mail.outbox[0]))) == 6

    # the first session happens: notes and reflections by both, then the private fit question
    clock.move_to(dt.datetime(2026, 3, 10, 12, 30, tzinfo=dt.UTC))
    as_admin, as_mentor, as_mentee = client_for(admin), client_for(mentor), client_for(mentee)  # a week later
    first = sessions[0]
    post(as_mentor, "mentorships:note-write", first.pk, {"text": "Showed LinkedIn search; homework: update profile."})
    post(as_mentee, "mentorships:note-write", first.pk, {"text": "I learnt how to find customers."})
    first.refresh_from_db()
    assert first.state == SessionState.HELD and Note.objects.count() == 2
    page = as_mentee.get(reverse("mentorships:session-detail", args=[first.pk])).content.decode()
    assert "Showed LinkedIn search" in page  # the partner reads the mentor's notes
    answers = {"mentor_led": "yes", "stayed_reverse": "yes", "usefulness": 5}
    post(as_mentor, "mentorships:reflect", first.pk, answers)
    post(as_mentee, "mentorships:reflect", first.pk, answers | {"usefulness": 4})
    assert Reflection.objects.count() == 2
    post(as_mentor, "mentorships:fit", pair.pk, {"answer": "good"})
    post(as_mentee, "mentorships:fit", pair.pk, {"answer": "not_sure"})
    assert set(FitAnswer.objects.values_list("answer", flat=True)) == {"good", "not_sure"}
    assert as_mentor.get(pair.get_absolute_url()).context["fit_form"].initial == {"answer": "good"}  # their own

    # the mentee moves the second session: both get the update with the same UID and a higher sequence
    second = sessions[1]
    mail.outbox.clear()
    move = {"starts_at": "2026-04-14T15:00", "minutes": 45, "place": "Teams", "agenda": "", "reason": "Board meeting"}
    with django_capture_on_commit_callbacks(execute=True):
        assert post(as_mentee, "mentorships:session-edit", second.pk, move).status_code == 302
    [event] = events(ics_of(mail.outbox[0]))
    assert str(event["UID"]) == f"{second.uid}@omkeer" and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == dt.datetime(2026, 4, 14, 13, 0, tzinfo=dt.UTC)
    assert "Board meeting" in mail.outbox[0].body

    # the mentor cancels the third, saying why
    third = sessions[2]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(as_mentor, "mentorships:session-cancel", third.pk, {"reason": "Ill"})
    assert ics_of(mail.outbox[0])["METHOD"] == "CANCEL"
    third.refresh_from_db()
    assert third.state == SessionState.CANCELLED

    # the timeline tells the story; the admin sees it without the notes
    timeline = as_mentor.get(pair.get_absolute_url()).content.decode()
    assert (
        "Kick-off held" in timeline and "notes by Maarten &amp; Mila" in timeline and "cancelled a session" in timeline
    )
    admin_view = as_admin.get(pair.get_absolute_url()).content.decode()
    assert "Kick-off held" in admin_view and "notes by" not in admin_view

    # the admin closes the pair as completed: upcoming sessions are cancelled in both calendars
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(as_admin, "mentorships:end", pair.pk, {"outcome": "completed", "reason": ""})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == "completed" and pair.ended == dt.date(2026, 3, 10)
    assert not MentoringSession.objects.filter(mentorship=pair, state=SessionState.PLANNED).exists()
    cancelled = events(ics_of(mail.outbox[0]))
    assert len(cancelled) == 4 and all(e["STATUS"] == "CANCELLED" for e in cancelled)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"mentorship.kickoff-held", "mentorship.agreement-accept", "mentorship.sessions-plan"} <= actions
    assert {"mentorship.session-cancel", "mentorship.end"} <= actions
