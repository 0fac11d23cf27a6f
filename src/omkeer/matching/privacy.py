"""What erasing a person does to matching (see `omkeer.lib.privacy`). Runs and proposals are the programme admin's
working data, not the person's: nothing of them is in the person's download."""

from __future__ import annotations

from typing import Any

from omkeer.lib.privacy import Delete, Keep, Scrub, Strategy, Subject
from omkeer.matching.models import MatchRun, PairConstraint, Proposal

STRATEGIES: dict[type[Any], list[Strategy]] = {
    MatchRun: [Scrub("problem", "pool", "unmatched_reasons", "stats", "error")],
    Proposal: [Keep("a score between two employees of a past run; both are ids, the person's row a tombstone")],
    PairConstraint: [Delete("mentor", "mentee")],
}


def export(subject: Subject) -> dict[str, Any]:
    return {}
