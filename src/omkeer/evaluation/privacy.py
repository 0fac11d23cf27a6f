"""What erasing a person does to evaluation, and what they may download of it (see `omkeer.lib.privacy`)."""

from __future__ import annotations

from typing import Any

from omkeer.evaluation.models import CheckIn, Decision, FollowUp, Measurement, Survey
from omkeer.lib.privacy import REDACTED, Keep, Strategy, Subject, Tombstone, rows

STRATEGIES: dict[type[Any], list[Strategy]] = {
    FollowUp: [Keep("scores paired with the intake for the before/after figures; the participant is a tombstone")],
    # The check-in's scores stay for the figures; the admin's free text about the person goes.
    CheckIn: [Tombstone("employee", fields={"concerns": REDACTED, "notes": REDACTED})],
    Measurement: [Keep("a KPI value of the programme; only the login that entered it, a tombstone after erasure")],
    Survey: [Keep("a survey round of the programme; only the login that planned it")],
    Decision: [Keep("the programme's pilot decision; only the login that decided it")],
}


def export(subject: Subject) -> dict[str, Any]:
    employee = subject.employee
    if employee is None:
        return {}
    return {
        "follow_ups": rows(
            FollowUp.objects.filter(employee=employee),
            "survey__programme__name",
            "survey__kind",
            "role",
            "skill_scores",
            "kpi_scores",
            "familiarity",
            "growth",
            "effective_organisation",
            "effective_me",
            "recommend",
            "submitted",
        ),
        # The admin's conversation notes are theirs to keep confidential; the person sees when and how it went.
        "check_ins": rows(
            CheckIn.objects.filter(employee=employee),
            "programme__name",
            "role",
            "due",
            "held",
            "personal_growth",
            "knowledge",
            "relationship",
        ),
    }
