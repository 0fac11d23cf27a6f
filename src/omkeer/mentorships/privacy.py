"""What erasing a person does to mentorships, and what they may download of it (see `omkeer.lib.privacy`).

A note is its author's: the export holds only the notes the person wrote, erasure deletes them. The partner's
notes stay the partner's; only the erased person's name is taken out of them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from omkeer.lib.privacy import REDACTED, Delete, Keep, Scrub, Strategy, Subject, Tombstone, rows
from omkeer.mentorships.models import (
    AgreementVersion,
    Assignment,
    Commitment,
    FitAnswer,
    Flag,
    HealthCheck,
    MentoringSession,
    Mentorship,
    Note,
    Nudge,
    Reflection,
    SessionChange,
)

PAIR = ("mentorship__mentor", "mentorship__mentee")
SCORES_ONLY = "answers on a scale, counted by the programme's figures; no text, and the author is a tombstone"

STRATEGIES: dict[type[Any], list[Strategy]] = {
    # Pairs stay: the number of pairs, sessions held and every figure built on them count these rows.
    Mentorship: [
        Tombstone("mentor", "mentee", "coach", "delegate", fields={"end_reason": REDACTED, "kickoff_place": REDACTED})
    ],
    AgreementVersion: [
        Tombstone(*PAIR, fields={"place": REDACTED, "expectations": REDACTED, "learning_goals": REDACTED})
    ],
    MentoringSession: [Tombstone(*PAIR, fields={"place": REDACTED, "video_link": "", "agenda": REDACTED})],
    SessionChange: [
        Tombstone("by", "session__mentorship__mentor", "session__mentorship__mentee", fields={"reason": REDACTED})
    ],
    Note: [Delete("author"), Scrub("text", within=PAIR)],
    Reflection: [Keep(SCORES_ONLY)],
    FitAnswer: [Keep(SCORES_ONLY)],
    HealthCheck: [Keep(SCORES_ONLY)],
    Flag: [Keep("a kind and a date, never what was written; the resolver's login is a tombstone")],
    Nudge: [Keep("a date; the login of who nudged is a tombstone")],
    Commitment: [Tombstone("mentorship__mentee", fields={"text": REDACTED})],
    Assignment: [Tombstone(*PAIR, fields={"title": REDACTED, "text": REDACTED, "comment": REDACTED, "link": ""})],
}


def export(subject: Subject) -> dict[str, Any]:
    employee = subject.employee
    if employee is None:
        return {}
    mine = Q(mentor=employee) | Q(mentee=employee)
    pairs = Mentorship.objects.filter(mine)
    return {
        "mentorships": [
            {
                "id": pair.pk,
                "programme": pair.programme.name,
                "role": "mentor" if pair.mentor_id == employee.pk else "mentee",
                "status": pair.status,
                "started": pair.started,
                "ended": pair.ended,
            }
            for pair in pairs.select_related("programme")
        ],
        "sessions": rows(
            MentoringSession.objects.filter(mentorship__in=pairs), "mentorship_id", "starts_at", "minutes", "state"
        ),
        # Only the notes the person wrote: the partner's notes are the partner's.
        "notes": rows(Note.objects.filter(author=employee), "mentorship_id", "session__starts_at", "text", "created"),
        "reflections": rows(
            Reflection.objects.filter(author=employee),
            "session__mentorship_id",
            "session__starts_at",
            "mentor_led",
            "stayed_reverse",
            "usefulness",
            "created",
        ),
        "fit_answers": rows(FitAnswer.objects.filter(author=employee), "mentorship_id", "answer", "created"),
        "health_checks": rows(
            HealthCheck.objects.filter(author=employee),
            "mentorship_id",
            "due",
            "answered",
            "meeting_regularly",
            "learning",
            "safe",
        ),
        "commitments": rows(
            Commitment.objects.filter(mentorship__mentee=employee), "mentorship_id", "text", "due", "state"
        ),
        "agreements_proposed": rows(
            AgreementVersion.objects.filter(proposed_by=employee),
            "mentorship_id",
            "number",
            "place",
            "expectations",
            "learning_goals",
            "proposed",
        ),
    }
