"""Side constraint `min_cross_department_share`: at least a share of the pairs across departments, by a
Lagrangian price on such pairs; each price is solved exactly (`flow._solve`, with its certificate), and the
smallest price that reaches the share is kept (`_solve_with_share`)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from omkeer.matching.engine import tuning
from omkeer.matching.engine.flow import _pairs_of, _Prices, _solve, _Solved
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
    with λ. With g = D − share·N (N pairs, D of them cross-department) each solve x_λ gives the line
    f(x_λ) + λ·g(x_λ), and the dual function (the upper envelope of those lines) is least at the price sought.
    λ = 0 first; then the highest possible score, multiplied by 4 until the share holds, up to PRICE_CAP x (the
    highest possible score + 1), where a cross-department pair outweighs the score of 16 pairs: if even that
    price misses the share, its matching is returned as the most the share can practically reach, marked
    infeasible. Between a price that misses and one that holds, the next price is where their two lines cross
    (one solve per piece of the envelope, not a bisection to a tolerance), until a solve adds no new line, a
    price meets the share exactly with "most matched" (then the gap below is 0: the result is the constrained
    optimum itself), or MAX_SHARE_SOLVES is spent. The result is optimal for the priced problem. With "most
    matched" N is the same for every λ, so with K = ceil(share·N), every λ gives the bound
    L(λ) = f(x_λ) + λ·(D(x_λ) − K) >= the best total score f of any matching with at least K cross-department
    pairs (weak duality); the smallest L seen less f of the returned matching is the reported gap (0: proven
    optimal under the constraint too).
    """
    most = p.problem.rules.objective == "most_matched"
    solves: list[dict[str, Any]] = []
    warm: _Prices | None = None  # each solve starts from the last one's auction prices

    def attempt(price: float) -> tuple[_Solved, int, int, int, float]:
        nonlocal warm
        solved = _solve(_priced(p, price) if price else p, started, warm)
        warm = solved.prices
        n, d, f = _measure(p, solved)
        solves.append({"price": price, "pairs": n, "cross_department": d, "total_score": f / SCALE})
        return solved, n, d, f, price

    def holds(got: tuple[_Solved, int, int, int, float]) -> bool:
        return got[2] >= math.ceil(share * got[1] - 1e-9)

    def line(got: tuple[_Solved, int, int, int, float]) -> tuple[float, float]:
        return got[3] / SCALE, got[2] - share * got[1]  # f and g

    base = attempt(0.0)
    f0 = base[3]
    best, infeasible = base, False
    price_found: float | None = 0.0
    if not holds(base):
        low, high, got = base, None, base
        trial, cap = max(_max_score(p), 1e-3), tuning.PRICE_CAP * (_max_score(p) + 1.0)
        while high is None and len(solves) < tuning.MAX_SHARE_SOLVES:
            got = attempt(min(trial, cap))
            if holds(got):
                high = got
            elif trial >= cap:
                break
            else:
                low, trial = got, trial * 4
        if high is None:  # even the highest price misses it: the most it reached, marked infeasible
            best, price_found, infeasible = got, None, True
        else:
            while len(solves) < tuning.MAX_SHARE_SOLVES and not (most and high[2] == math.ceil(share * high[1] - 1e-9)):
                (f_low, g_low), (f_high, g_high) = line(low), line(high)
                middle = (f_low - f_high) / (g_high - g_low) if g_high > g_low else high[4]
                if not low[4] < middle < high[4]:
                    break
                got = attempt(middle)
                if (got[2], got[3]) in {(low[2], low[3]), (high[2], high[3])}:
                    if holds(got):
                        high = got
                    break  # no new line: the envelope's least point is found
                if holds(got):
                    high = got
                else:
                    low = got
            best, price_found = high, high[4]
    price = price_found if price_found is not None else (solves[-1]["price"] or 0.0)
    solved, n, d, f, _price = best
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
