"""The comparison group: each junior mentor matched to one non-participant of the same level and department with
the nearest tenure. No Django in it.

One control per treated person, without replacement. Within each (level, department) stratum the assignment that
minimises the total tenure gap is found by `scipy.optimize.linear_sum_assignment` on the rectangular cost matrix;
a gap above the caliper is no match. Unknown tenure on either side costs the caliper: matchable, but last choice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass(frozen=True)
class Person:
    key: int
    level: int
    department: int
    tenure_days: int | None


@dataclass(frozen=True)
class Comparison:
    pairs: list[tuple[int, int]]  # (treated key, control key), by treated key
    unmatched: list[int]  # treated keys with no control
    mean_tenure_gap_days: float | None


def _gap(a: Person, b: Person, caliper: int) -> float:
    if a.tenure_days is None or b.tenure_days is None:
        return float(caliper)
    return float(abs(a.tenure_days - b.tenure_days))


def match(treated: Sequence[Person], pool: Sequence[Person], *, caliper_days: int = 730) -> Comparison:
    treated_keys = {p.key for p in treated}
    strata: defaultdict[tuple[int, int], list[Person]] = defaultdict(list)
    for person in sorted(pool, key=lambda p: p.key):
        if person.key not in treated_keys:
            strata[person.level, person.department].append(person)
    groups: defaultdict[tuple[int, int], list[Person]] = defaultdict(list)
    for person in sorted(treated, key=lambda p: p.key):
        groups[person.level, person.department].append(person)
    pairs: list[tuple[int, int]] = []
    gaps: list[float] = []
    too_far = float(caliper_days) * 1000 + 1  # worse than any allowed assignment, so it is taken only if forced
    for stratum, people in groups.items():
        candidates = strata.get(stratum, [])
        if not candidates:
            continue
        cost = np.array([[_gap(a, b, caliper_days) for b in candidates] for a in people])
        allowed = cost <= caliper_days
        rows, cols = linear_sum_assignment(np.where(allowed, cost, too_far))
        for row, col in zip(rows, cols, strict=True):
            if allowed[row, col]:
                pairs.append((people[row].key, candidates[col].key))
                gaps.append(float(cost[row, col]))
    pairs.sort()
    matched = {a for a, _b in pairs}
    unmatched = sorted(p.key for p in treated if p.key not in matched)
    return Comparison(pairs, unmatched, float(np.mean(gaps)) if gaps else None)
