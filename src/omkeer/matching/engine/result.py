"""`match()` and what it returns: the pairs with their score, parts and reasons (codes with parameters, which
`omkeer.matching.explain` puts in words), the unmatched mentees with the reason nobody fit; and `why_not()`
for a pair that is not in the result."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from omkeer.matching.engine.flow import _pairs_of, _solve, _Solved
from omkeer.matching.engine.preparation import _Prepared, conflicts, prepare
from omkeer.matching.engine.problem import (
    IntArray,
    Mentee,
    Mentor,
    Pair,
    Parts,
    Problem,
    Reason,
    Result,
    Unmatched,
)
from omkeer.matching.engine.scoring import _eligible_counts, _exact_parts, total
from omkeer.matching.engine.side import _solve_with_share

MAX_SKILL_REASONS = 2


def match(problem: Problem) -> Result:
    """Solve a matching problem exactly. Raises MatchingError for bad input (naming the record)."""
    started = time.perf_counter()
    p = prepare(problem)
    share = problem.rules.min_cross_department_share
    solved = _solve(p, started) if share is None else _solve_with_share(p, share, started)
    explained = time.perf_counter()
    result = _result(p, solved)
    result.stats.update(solved.stats)
    result.stats["seconds"]["explain"] = round(time.perf_counter() - explained, 3)
    return result


# ---------------------------------------------------------------------------------------------------------
# The result, with reasons


def _result(p: _Prepared, solved: _Solved) -> Result:
    pr = p.problem
    mentee, mentor = _pairs_of(solved)
    flagged = np.zeros(len(mentee), dtype=bool)
    flagged[len(mentee) - len(solved.pinned) :] = True
    skills, interests, cross, reciprocal = (part.tolist() for part in _exact_parts(p, mentee, mentor))
    reasons = pair_reasons_many(p, mentee, mentor)
    pairs = []
    w = pr.weights
    for k, (e, j) in enumerate(zip(mentee.tolist(), mentor.tolist(), strict=True)):
        parts = Parts(skills=skills[k], interests=interests[k], cross_department=cross[k], reciprocal=reciprocal[k])
        pairs.append(
            Pair(
                mentor=pr.mentors[j].id,
                mentee=pr.mentees[e].id,
                score=round(total(parts, w), 6),
                parts=parts,
                reasons=reasons[k],
                pinned=bool(flagged[k]),
            )
        )
    pairs.sort(key=lambda pair: (pair.mentee, pair.mentor))
    taken = np.zeros(p.n, dtype=bool)
    taken[mentee] = True
    left = np.flatnonzero(~taken)
    eligible = _eligible_counts(p, left)
    unmatched = sorted(
        (
            Unmatched(mentee=pr.mentees[i].id, reason=unmatched_reason(int(k)))
            for i, k in zip(left.tolist(), eligible.tolist(), strict=True)
        ),
        key=lambda u: p.mentee_index[u.mentee],
    )
    objective = {
        "name": pr.rules.objective,
        "matched": len(pairs),
        "unmatched": len(unmatched),
        "total_score": round(sum(pair.score for pair in pairs), 6),
    }
    load = np.bincount(mentor, minlength=p.m)
    stats = {"mentors_used": int((load > 0).sum()), "capacity": int(p.capacity.sum())}
    return Result(pairs=pairs, unmatched=unmatched, objective=objective, stats=stats)


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


def why_not(problem: Problem, result: Result, mentor_id: str, mentee_id: str) -> list[Reason]:
    """Why this mentor and mentee are not a pair: the hard rules that block it, or what forcing it would cost.

    The cost is exact: the problem is solved again with the pair pinned and the objectives compared.
    """
    p = prepare(problem)
    blocked = conflicts(p, mentor_id, mentee_id)
    if blocked:
        return blocked
    current = {pair.mentee: pair for pair in result.pairs}
    if mentee_id in current and current[mentee_id].mentor == mentor_id:
        return [Reason("matched")]
    pinned_to = {e: m for m, e in problem.pinned}
    if mentee_id in pinned_to:
        return [Reason("pinned_elsewhere", {"mentor": pinned_to[mentee_id]})]
    mentor_pins = sum(1 for m, _ in problem.pinned if m == mentor_id)
    if mentor_pins >= problem.mentors[p.mentor_index[mentor_id]].capacity:
        return [Reason("no_capacity")]
    forced = match(replace(problem, pinned=(*problem.pinned, (mentor_id, mentee_id))))
    return [
        Reason(
            "better_use",
            {
                "matched_delta": result.objective["matched"] - forced.objective["matched"],
                "score_delta": round(result.objective["total_score"] - forced.objective["total_score"], 6),
                "mentor_now": sorted(pair.mentee for pair in result.pairs if pair.mentor == mentor_id),
                "mentee_now": current[mentee_id].mentor if mentee_id in current else None,
            },
        )
    ]
