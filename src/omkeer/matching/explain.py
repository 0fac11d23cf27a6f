"""Reasons in words. Pure: turns the engine's `Reason` codes into English sentences.

The web layer translates the same codes itself; this module serves the command line and the JSON files.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from omkeer.matching.engine import Mentee, Mentor, Parts, Reason

if TYPE_CHECKING:
    from omkeer.matching.engine import IntArray, _Prepared

MAX_SKILL_REASONS = 2


def label(key: str) -> str:
    return key.replace("_", " ")


def pair_reasons(mentor: Mentor, mentee: Mentee, parts: Parts, *, different: bool) -> list[Reason]:
    """Why this pair: the mentor's strongest gains where the mentee wants to learn, shared interests,
    different departments, and what the mentee can teach back."""
    reasons = _skill_reasons(mentor.skills, mentee.wants, mentee.skills)
    shared = sorted(mentor.interests & mentee.interests)
    if shared:
        reasons.append(Reason("shared_interests", {"interests": shared}))
    if different:
        reasons.append(Reason("cross_department"))
    teach = [
        (mentee.skills.get(k, 0) - mentor.skills.get(k, 0), importance, k)
        for k, importance in mentor.wants.items()
        if mentee.skills.get(k, 0) > mentor.skills.get(k, 0)
    ]
    if teach and parts.reciprocal > 0:
        levels, _importance, skill = max(teach, key=lambda t: (t[1] * t[0], t[0], t[2]))
        reasons.append(Reason("mentee_teaches", {"skill": skill, "levels": levels}))
    return reasons


def _skill_reasons(strengths: Mapping[str, int], wants: Mapping[str, int], own: Mapping[str, int]) -> list[Reason]:
    top = max(wants.values(), default=0)
    gains = sorted(
        ((importance * (strengths.get(k, 0) - own.get(k, 0)), strengths.get(k, 0) - own.get(k, 0), importance, k)
         for k, importance in wants.items() if strengths.get(k, 0) > own.get(k, 0)),
        key=lambda g: (-g[0], -g[1], g[3]),
    )  # fmt: skip
    return [
        Reason("stronger_skill", {"skill": k, "levels": gap, "importance": imp, "most_important": imp == top})
        for _value, gap, imp, k in gains[:MAX_SKILL_REASONS]
    ]


def pair_reasons_many(p: _Prepared, mentee: IntArray, mentor: IntArray) -> list[tuple[Reason, ...]]:
    """`pair_reasons` for many pairs at once (the same reasons, in the same order), from the engine's arrays."""
    if not len(mentee):
        return []
    k = len(p.skills)
    want, own, theirs = p.mentee_want[mentee], p.mentee_skill[mentee], p.mentor_skill[mentor]
    gap = theirs - own
    value = want * gap
    # stronger skills: by weighted gain, then gap, then name (skills are sorted by name)
    key = np.where((want > 0) & (gap > 0), (value * 5 + gap) * (k + 1) + (k - np.arange(k)), -1)
    first = np.argsort(-key, axis=1, kind="stable")[:, :MAX_SKILL_REASONS]
    first_ok = np.take_along_axis(key, first, axis=1) >= 0
    top = want.max(axis=1, initial=0)
    # what the mentee can teach: by importance x levels, then levels, then the name that sorts last
    mwant = p.mentor_want[mentor]
    back = np.where((mwant > 0) & (gap < 0), (mwant * -gap * 5 - gap) * (k + 1) + np.arange(k), -1)
    teach = back.argmax(axis=1)
    teach_ok = back.max(axis=1, initial=-1) >= 0
    shared = p.mentee_interests[mentee] * p.mentor_interests[mentor]
    names = _interest_names(p)
    cross = p.dept[p.mentee_org[mentee]] != p.dept[p.mentor_org[mentor]]
    out = []
    for i in range(len(mentee)):
        reasons = [
            Reason(
                "stronger_skill",
                {
                    "skill": p.skills[j],
                    "levels": int(gap[i, j]),
                    "importance": int(want[i, j]),
                    "most_important": bool(want[i, j] == top[i]),
                },
            )
            for j, ok in zip(first[i].tolist(), first_ok[i].tolist(), strict=True)
            if ok
        ]
        together = np.flatnonzero(shared[i])
        if len(together):
            reasons.append(Reason("shared_interests", {"interests": [names[j] for j in together.tolist()]}))
        if cross[i]:
            reasons.append(Reason("cross_department"))
        if teach_ok[i]:
            j = int(teach[i])
            reasons.append(Reason("mentee_teaches", {"skill": p.skills[j], "levels": int(-gap[i, j])}))
        out.append(tuple(reasons))
    return out


def _interest_names(p: _Prepared) -> list[str]:
    pr = p.problem
    return sorted({i for m in pr.mentors for i in m.interests} | {i for e in pr.mentees for i in e.interests})


def unmatched_reason(eligible: int) -> Reason:
    """Why a mentee stayed without a mentor."""
    if eligible == 0:
        return Reason("no_eligible_mentor")
    return Reason("mentors_taken", {"eligible": eligible})


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
