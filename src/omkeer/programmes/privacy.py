"""What erasing a person does to programmes, and what they may download of it (see `omkeer.lib.privacy`)."""

from __future__ import annotations

from typing import Any

from omkeer.lib.privacy import Keep, Strategy, Subject, rows
from omkeer.programmes.models import Participation

STRATEGIES: dict[type[Any], list[Strategy]] = {
    Participation: [Keep("a role in a programme, counted by its figures; the employee is a tombstone")],
}


def export(subject: Subject) -> dict[str, Any]:
    if subject.employee is None:
        return {}
    participations = Participation.objects.filter(employee=subject.employee)
    return {"participations": rows(participations, "programme__name", "role", "joined")}
