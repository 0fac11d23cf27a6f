"""Audit entries and log lines name what was done, never what a note, agreement, reason, check-in, idea,
anonymous feedback or password says: content written through the services leaves no trace of its text."""

from __future__ import annotations

import datetime as dt
import logging

from django.urls import reverse
from django.utils import timezone

from omkeer.accounts.models import AuditEntry
from omkeer.board.services import record_idea
from omkeer.evaluation.models import CheckIn
from omkeer.evaluation.services import record_checkin
from omkeer.mentorships import between
from omkeer.mentorships import services as pairs
from omkeer.mentorships.models import MentoringSession
from omkeer.voice.models import Feedback
from omkeer.voice.services import send_feedback
from tests.test_access_matrix import mentorship_world

MARK = "zq-secret-"


def test_no_audit_entry_or_log_line_holds_content(programme, admin, coach, mentor, mentee, client_for, caplog):
    caplog.set_level(logging.DEBUG)
    pair, _version, held, _note, _flag = mentorship_world(programme, mentor, mentee, coach)
    values = {**pairs.agreement_defaults(pair), "confidentiality": True}
    values.update(place=f"{MARK}place", expectations=f"{MARK}expectations", learning_goals=f"{MARK}goals")
    pairs.propose_agreement(actor=mentor, mentorship=pair, values=values)
    pairs.write_note(actor=mentor, session=held, text=f"{MARK}note")
    soon = timezone.now() + dt.timedelta(days=7)
    planned = MentoringSession.objects.create(mentorship=pair, starts_at=soon, minutes=60)
    pairs.reschedule_session(
        actor=mentor,
        session=planned,
        starts_at=soon + dt.timedelta(days=1),
        minutes=60,
        place=f"{MARK}session-place",
        video_link="",
        agenda=f"{MARK}agenda",
        reason=f"{MARK}move-reason",
    )
    pairs.cancel_session(actor=mentee, session=planned, reason=f"{MARK}cancel-reason")
    between.add_commitment(actor=mentee, mentorship=pair, text=f"{MARK}commitment", due=timezone.localdate())
    assignment = between.send_assignment(actor=mentor, mentorship=pair, title=f"{MARK}title", text=f"{MARK}text")
    between.complete_assignment(actor=mentee, assignment=assignment, comment=f"{MARK}comment")
    record_idea(actor=mentee, mentorship=pair, title=f"{MARK}idea", description=f"{MARK}idea-text")
    checkin = CheckIn.objects.create(
        programme=programme, employee=mentor.employee, role="mentor", due=timezone.localdate()
    )
    record_checkin(
        actor=admin,
        checkin=checkin,
        held=timezone.localdate(),
        personal_growth=4,
        knowledge=4,
        relationship=4,
        concerns=f"{MARK}concerns",
        notes=f"{MARK}checkin-notes",
    )
    send_feedback(actor=mentor, programme=programme, topic="organisation", text=f"{MARK}feedback", safety=4)
    pairs.end_mentorship(actor=admin, mentorship=pair, outcome="ended_early", reason=f"{MARK}end-reason")
    mentor.set_password("an-old-pass-9876")
    mentor.save(update_fields=["password"])
    response = client_for(mentor).post(
        reverse("accounts:password-change"),
        {
            "old_password": "an-old-pass-9876",
            "new_password1": f"{MARK}Pw-1234567",
            "new_password2": f"{MARK}Pw-1234567",
        },
    )
    assert response.status_code == 302

    assert any(MARK in item.text for item in Feedback.objects.all())  # the content was stored...
    entries = list(AuditEntry.objects.values_list("action", "summary", "data"))
    assert len(entries) >= 10
    for action, summary, data in entries:  # ... and none of it audited
        assert MARK not in summary and MARK not in str(data), action
    assert MARK not in caplog.text
