"""The comparison group: each junior mentor matched to one non-participant of the same level and department with
the nearest tenure, pure (no Django).

One control per treated person, without replacement. Within each (level, department) stratum the assignment that
minimises the total tenure gap is found by `scipy.optimize.linear_sum_assignment` on the rectangular cost matrix.
A gap above the caliper is no match: such cells cost more than every allowed assignment of the stratum together,
so the solver first serves as many treated people within the caliper as it can, then minimises their total gap;
whatever it still had to put above the caliper is dropped. Unknown tenure on either side costs the caliper:
matchable, but the last choice. Everything is sorted by key first, so equal inputs give equal outputs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

Stratum = tuple[int, int]  # (level, department)


@dataclass(frozen=True)
class Person:
    """Someone to match, as they were at the programme's start."""

    key: int
    level: int
    department: int
    tenure_days: int | None  # days since hire at the start; None when the hire date is unknown


@dataclass(frozen=True)
class Comparison:
    pairs: list[tuple[int, int]]  # (treated key, control key), by treated key
    unmatched: list[int]  # treated keys with no control, ascending
    mean_tenure_gap_days: float | None  # over the pairs where both tenures are known; None if there are none


def match(treated: Sequence[Person], pool: Sequence[Person], *, caliper_days: int = 730) -> Comparison:
    """One control from `pool` per treated person: exact on level and department, optimal on tenure within
    `caliper_days`. Pool members who are also treated are ignored: no one is their own control."""
    if caliper_days < 0:
        raise ValueError(f"caliper_days must not be negative, not {caliper_days}")
    _unique(treated, "treated")
    _unique(pool, "pool")
    treated_keys = {person.key for person in treated}
    controls = _strata(person for person in pool if person.key not in treated_keys)
    pairs: list[tuple[int, int]] = []
    gaps: list[int] = []
    for stratum, people in sorted(_strata(treated).items()):
        candidates = controls.get(stratum, [])
        if not candidates:
            continue
        cost = np.array([[_cost(a, b, caliper_days) for b in candidates] for a in people], dtype=float)
        allowed = cost <= caliper_days
        too_far = float(caliper_days) * min(len(people), len(candidates)) + 1  # > any allowed assignment's total
        rows, cols = linear_sum_assignment(np.where(allowed, cost, too_far))
        for row, col in zip(rows, cols, strict=True):
            if allowed[row, col]:
                a, b = people[row], candidates[col]
                pairs.append((a.key, b.key))
                if a.tenure_days is not None and b.tenure_days is not None:
                    gaps.append(abs(a.tenure_days - b.tenure_days))
    pairs.sort()
    matched = {a for a, _b in pairs}
    unmatched = sorted(person.key for person in treated if person.key not in matched)
    return Comparison(pairs, unmatched, float(np.mean(gaps)) if gaps else None)


def _cost(a: Person, b: Person, caliper_days: int) -> int:
    """The tenure gap in days; the caliper itself when either tenure is unknown."""
    if a.tenure_days is None or b.tenure_days is None:
        return caliper_days
    return abs(a.tenure_days - b.tenure_days)


def _strata(people: Iterable[Person]) -> dict[Stratum, list[Person]]:
    """People by (level, department), each stratum sorted by key."""
    found: defaultdict[Stratum, list[Person]] = defaultdict(list)
    for person in sorted(people, key=lambda p: p.key):
        found[person.level, person.department].append(person)
    return dict(found)


def _unique(people: Sequence[Person], name: str) -> None:
    keys = [person.key for person in people]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{name} has a key twice")
