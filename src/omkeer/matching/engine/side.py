"""Side constraint `min_cross_department_share`: at least a share of the pairs across departments, by a
Lagrangian price on such pairs; each price is solved exactly (`flow._solve`, with its certificate), and the
smallest price that reaches the share is kept (`_solve_with_share`)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from omkeer.matching.engine import tuning
from omkeer.matching.engine.flow import _pairs_of, _solve, _Solved
from omkeer.matching.engine.preparation import _Prepared
from omkeer.matching.engine.problem import SCALE
from omkeer.matching.engine.scoring import _exact_weights, _max_score


def _priced(p: _Prepared, price: float) -> _Prepared:
    """The same prepared problem with `price` added to the score of every cross-department pair."""
    w = p.problem.weights
    problem = replace(p.problem, weights=replace(w, cross_department=w.cross_department + price))
    return replace(p, problem=problem)


def _measure(p: _Prepared, solved: _Solved) -> tuple[int, int, int]:
    """(pairs, cross-department pairs, total score in millionths under the programme's own weights)."""
    mentee, mentor = _pairs_of(solved)
    cross = p.dept[p.mentee_org[mentee]] != p.dept[p.mentor_org[mentor]]
    return len(mentee), int(cross.sum()), int(_exact_weights(p, mentee, mentor).sum())


def _solve_with_share(p: _Prepared, share: float, started: float) -> _Solved:
    """At least `share` of the pairs (pinned ones included) cross-department, by a price λ on such pairs.

    For a price λ the problem "score + λ·D" is solved exactly (with its own certificate); the share grows
    with λ. λ = 0 first; then λ doubles from a small value until the share holds, up to PRICE_CAP x (the
    highest possible score + 1), where a cross-department pair outweighs the score of 16 pairs: if even that
    price misses the share, its matching is returned as the most the share can practically reach, marked
    infeasible (a degenerate "cross-department only" objective would be exact but ties everything, which the
    certificate's bounds cannot prune). Otherwise λ is bisected towards the smallest λ
    (to 1e-4 relative, at most MAX_SHARE_SOLVES solves), stopping early once a price meets the share exactly
    with "most matched" (then the gap below is 0: the result is the constrained optimum itself).
    The result is optimal for the priced problem. With "most matched" the number of pairs N is the same for
    every λ, so with K = ceil(share·N), every λ gives the bound L(λ) = f(x_λ) + λ·(D(x_λ) − K) >= the best
    total score f of any matching with at least K cross-department pairs (weak duality); the smallest L seen
    less f of the returned matching is the reported gap (0: proven optimal under the constraint too).
    """
    most = p.problem.rules.objective == "most_matched"
    solves: list[dict[str, Any]] = []

    def attempt(price: float) -> tuple[_Solved, int, int, int]:
        solved = _solve(_priced(p, price) if price else p, started)
        n, d, f = _measure(p, solved)
        solves.append({"price": price, "pairs": n, "cross_department": d, "total_score": f / SCALE})
        return solved, n, d, f

    def holds(n: int, d: int) -> bool:
        return d >= math.ceil(share * n - 1e-9)

    base, n0, d0, f0 = attempt(0.0)
    best, infeasible = (base, n0, d0, f0), False
    price_found: float | None = 0.0
    if not holds(n0, d0):
        low, high, found = 0.0, math.inf, best
        trial, cap = max(_max_score(p), 1e-3) / 64, tuning.PRICE_CAP * (_max_score(p) + 1.0)
        while len(solves) < tuning.MAX_SHARE_SOLVES:
            got = attempt(min(trial, cap))
            if holds(got[1], got[2]):
                high, found = min(trial, cap), got
                break
            found = got
            if trial >= cap:
                break
            low, trial = trial, trial * 2
        if not math.isfinite(high):  # even the highest price misses it: the most it reached, marked infeasible
            best, price_found, infeasible = found, None, True
        else:
            while (
                high - low > 1e-4 * max(high, 1e-3)
                and len(solves) < tuning.MAX_SHARE_SOLVES
                and not (most and found[2] == math.ceil(share * found[1] - 1e-9))  # exactly met: gap 0, optimal
            ):
                middle = (low + high) / 2
                got = attempt(middle)
                if holds(got[1], got[2]):
                    high, found = middle, got
                else:
                    low = middle
            best, price_found = found, high
    price = price_found if price_found is not None else (solves[-1]["price"] or 0.0)
    solved, n, d, f = best
    target = math.ceil(share * n - 1e-9)
    bound = gap = None
    if most and not infeasible and price_found is not None:
        bound = min(
            s["total_score"] + s["price"] * (s["cross_department"] - target) for s in solves if s["price"] is not None
        )
        gap = round(max(0.0, bound - f / SCALE), 6)
        bound = round(bound, 6)
    solved.stats["side_constraints"] = {
        "min_cross_department_share": {
            "target": share,
            "required_pairs": target,
            "achieved": round(d / n, 6) if n else None,
            "cross_department_pairs": d,
            "pairs": n,
            "price": round(price, 9),
            "infeasible": infeasible,
            "total_score": round(f / SCALE, 6),
            "total_score_unconstrained": round(f0 / SCALE, 6),
            "cost_in_total_score": round((f0 - f) / SCALE, 6),
            "upper_bound": bound,
            "duality_gap_bound": gap,
            "method": "Lagrangian price on cross-department pairs, each price solved exactly (min-cost flow "
            "with its certificate); optimal for the priced problem; upper_bound = min over prices of "
            "f + price·(D − required) (most matched only)",
            "solves": solves,
        }
    }
    return solved
