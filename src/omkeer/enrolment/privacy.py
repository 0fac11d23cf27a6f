"""What erasing a person does to enrolment, and what they may download of it (see `omkeer.lib.privacy`)."""

from __future__ import annotations

from typing import Any

from omkeer.enrolment.models import (
    InterestRegistration,
    Invitation,
    MenteeIntake,
    MentorApplication,
    Recommendation,
    Reminder,
    TrainingProgress,
)
from omkeer.lib.privacy import REDACTED, Delete, Keep, Strategy, Subject, Tombstone, rows

STRATEGIES: dict[type[Any], list[Strategy]] = {
    Invitation: [Keep("the funnel counts invitations; the employee is a tombstone, the inviter's login too")],
    # Applications and intakes stay for the funnel, the matching history and the before/after figures (the intake's
    # scores are the baseline); what the person wrote in their own words goes.
    MentorApplication: [Tombstone("employee", fields={"teaching": REDACTED, "decision_reason": REDACTED})],
    Recommendation: [
        Tombstone(
            "colleague",
            "application__employee",
            fields={"trustworthiness": REDACTED, "discretion": REDACTED, "explaining": REDACTED},
        )
    ],
    MenteeIntake: [
        Tombstone("employee", fields={"goals": REDACTED, "why_now": REDACTED, "what_will_change": REDACTED})
    ],
    InterestRegistration: [Delete("employee")],
    Reminder: [Delete("employee")],
}


def export(subject: Subject) -> dict[str, Any]:
    employee = subject.employee
    if employee is None:
        return {}
    applications = MentorApplication.objects.filter(employee=employee)
    return {
        "invitations": rows(Invitation.objects.filter(employee=employee), "programme__name", "role", "sent"),
        "mentor_applications": rows(
            applications,
            "programme__name",
            "status",
            "skills",
            "teaching",
            "wants",
            "capacity",
            "pledged",
            "submitted",
            "decided",
            "decision_reason",
            "trained",
        ),
        # Recommendations about the person are their colleagues' words (GDPR Art. 15(4)): who and when only.
        "recommendations_received": rows(
            Recommendation.objects.filter(application__employee=employee),
            "application__programme__name",
            "requested",
            "submitted",
        ),
        "recommendations_written": rows(
            Recommendation.objects.filter(colleague=employee),
            "application__programme__name",
            "submitted",
            "trustworthiness",
            "discretion",
            "explaining",
        ),
        "training": rows(
            TrainingProgress.objects.filter(application__employee=employee),
            "application__programme__name",
            "module__title_en",
            "passed",
        ),
        "mentee_intakes": rows(
            MenteeIntake.objects.filter(employee=employee),
            "programme__name",
            "goals",
            "wants",
            "skill_scores",
            "kpi_scores",
            "linkedin",
            "facebook",
            "blogs",
            "online_shopping",
            "familiarity",
            "why_now",
            "what_will_change",
            "hours_per_week",
            "submitted",
        ),
        "waiting_list": rows(
            InterestRegistration.objects.filter(employee=employee), "programme__name", "role", "created"
        ),
        "reminders": rows(Reminder.objects.filter(employee=employee), "programme__name", "kind", "sent"),
    }
