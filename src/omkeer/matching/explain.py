"""Reasons in words. Pure: turns the engine's `Reason` codes into English sentences.

The web layer translates the same codes itself; this module serves the command line and the JSON files.
The reasons themselves (which codes a pair or an unmatched mentee gets) are the engine's; `pair_reasons`,
`pair_reasons_many` and `unmatched_reason` are re-exported from `omkeer.matching.engine.result`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from omkeer.matching.engine.problem import Reason
from omkeer.matching.engine.result import MAX_SKILL_REASONS, pair_reasons, pair_reasons_many, unmatched_reason

__all__ = ["MAX_SKILL_REASONS", "describe", "label", "pair_reasons", "pair_reasons_many", "unmatched_reason"]


def label(key: str) -> str:
    return key.replace("_", " ")


def _levels(n: int) -> str:
    return f"{n} level{'s' if n != 1 else ''}"


def describe(reason: Reason) -> str:
    """One reason as an English phrase."""
    p = reason.params
    match reason.code:
        case "stronger_skill":
            extra = ", which the mentee rated most important" if p.get("most_important") else ""
            return f"the mentor is {_levels(p['levels'])} stronger in {label(p['skill'])}{extra}"
        case "shared_interests":
            return "both like " + ", ".join(label(i) for i in p["interests"])
        case "cross_department":
            return "different departments"
        case "mentee_teaches":
            return f"the mentee can teach {label(p['skill'])} in return ({_levels(p['levels'])} stronger)"
        case "no_eligible_mentor":
            return "no mentor passes the hard rules for this mentee"
        case "mentors_taken":
            return f"all {p['eligible']} eligible mentors are needed for pairs that count for more overall"
    return _describe_block(reason)


def _describe_block(reason: Reason) -> str:
    p = reason.params
    match reason.code:
        case "same_team":
            return "they are in the same team"
        case "same_department":
            return "they are in the same department, and this programme matches across departments only"
        case "reporting_line":
            boss, other = ("mentor", "mentee") if p["manager"] == "mentor" else ("mentee", "mentor")
            return f"the {boss} is in the {other}'s management chain ({_levels(p['levels'])} up)"
        case "level_gap":
            return f"{_relative_level(int(p['gap']))}; at least {p['required']} is required"
        case "untrained":
            return "the mentor has not completed the mentor training"
        case "no_capacity":
            return "the mentor has no capacity"
        case "no_skill_gain":
            return "the mentor is not stronger in anything the mentee wants to learn"
        case "forbidden":
            return "an admin ruled this pair out"
        case "matched":
            return "they are already matched"
        case "pinned_elsewhere":
            return f"the mentee is pinned to {p['mentor']}"
        case "better_use":
            return _describe_better_use(p)
    return reason.code.replace("_", " ")


def _relative_level(gap: int) -> str:
    if gap > 0:
        return f"the mentee is {_levels(gap)} above the mentor"
    if gap < 0:
        return f"the mentee is {_levels(-gap)} below the mentor"
    return "they are at the same level"


def _describe_better_use(p: Mapping[str, Any]) -> str:
    parts = []
    matched = int(p.get("matched_delta") or 0)
    if matched:
        fewer = "fewer" if matched > 0 else "more"
        parts.append(f"{abs(matched)} {fewer} mentee{'s' if abs(matched) != 1 else ''} would be matched")
    score = float(p["score_delta"])
    direction = "drop" if score >= 0 else "rise"
    parts.append(f"the total score would {direction} by {abs(score):.3f}")
    return "pairing them is allowed, but " + " and ".join(parts)
