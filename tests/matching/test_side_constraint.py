"""The side constraint `min_cross_department_share`: a Lagrangian price on cross-department pairs.

The references here never call the engine's scoring: brute force over every assignment of tiny instances,
with the share as a hard constraint, scored by the spec's formula in fractions.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest

from omkeer.matching import engine
from omkeer.matching.engine import Employee, MatchingError, Mentee, Mentor, Problem, Rules

SKILLS = ("social_media", "strategy", "data", "ai")
DEPARTMENTS = ("D1", "D2", "D3")
SCALE = 1_000_000


def random_problem(seed, n, m, share, objective="most_matched", pins=0):
    """Departments of unequal size, so that the best pairs are often in the same department."""
    rng = np.random.default_rng(seed)
    total = n + m
    ids = [f"E{i}" for i in range(total)]
    employees = [
        Employee(
            id=pid,
            department=str(rng.choice(DEPARTMENTS, p=[0.6, 0.3, 0.1])),
            level=int(rng.integers(5, 11)) if i < n else int(rng.integers(1, 4)),
            team=None,
            manager=None,
        )
        for i, pid in enumerate(ids)
    ]

    def levels(lo, hi):
        keys = rng.choice(SKILLS, size=int(rng.integers(1, 4)), replace=False)
        return {str(k): int(rng.integers(lo, hi)) for k in keys}

    mentees = [Mentee(id=ids[i], wants=levels(1, 4), skills=levels(0, 2)) for i in range(n)]
    mentors = [Mentor(id=ids[n + j], capacity=int(rng.integers(1, 3)), skills=levels(1, 5)) for j in range(m)]
    problem = Problem(
        employees=employees,
        mentors=mentors,
        mentees=mentees,
        rules=Rules(min_level_gap=1, forbid_same_team=False, objective=objective, min_cross_department_share=share),
    )
    if pins:
        p = engine.prepare(problem)
        allowed = [
            (mt.id, me.id) for mt in mentors for me in mentees if not engine.conflicts(p, mt.id, me.id)
        ]  # fmt: skip
        chosen, used_mentees, load = [], set(), {}
        for mentor, mentee in allowed:
            cap = next(x.capacity for x in mentors if x.id == mentor)
            if mentee not in used_mentees and load.get(mentor, 0) < cap and len(chosen) < pins:
                chosen.append((mentor, mentee))
                used_mentees.add(mentee)
                load[mentor] = load.get(mentor, 0) + 1
        problem = replace(problem, pinned=chosen)
    return problem


def department(problem, pid):
    return next(e.department for e in problem.employees if e.id == pid)


def gain(wants, teacher, learner):
    total = sum(wants.values())
    if not total:
        return Fraction(0)
    return Fraction(sum(w * max(0, teacher.get(k, 0) - learner.get(k, 0)) for k, w in wants.items()), 4 * total)


def weight(problem, mentor, mentee):
    """The pair's score in millionths, by the spec (no interests in these instances), or None if not allowed."""
    w = problem.weights
    s = gain(mentee.wants, mentor.skills, mentee.skills)
    if s <= problem.rules.min_skill_score:
        return None
    gap = next(e.level for e in problem.employees if e.id == mentee.id) - next(
        e.level for e in problem.employees if e.id == mentor.id
    )
    if gap < problem.rules.min_level_gap:
        return None
    d = department(problem, mentee.id) != department(problem, mentor.id)
    r = gain(mentor.wants, mentee.skills, mentor.skills)
    score = Fraction(w.skills) * s + Fraction(w.cross_department) * d + Fraction(w.reciprocal) * r
    return round(score * SCALE)


def brute(problem, share):
    """(matched, total in millionths, cross pairs) of the best assignment with the share as a hard constraint,
    most matched first; None when no assignment with the most pairs reaches the share."""
    pinned = {e: m for m, e in problem.pinned}
    free = [e for e in problem.mentees if e.id not in pinned]
    mentor_by = {m.id: m for m in problem.mentors}
    left = {m.id: m.capacity - sum(1 for x in pinned.values() if x == m.id) for m in problem.mentors}
    base_total = sum(
        weight(problem, mentor_by[m], next(x for x in problem.mentees if x.id == e)) for e, m in pinned.items()
    )
    base_cross = sum(department(problem, e) != department(problem, m) for e, m in pinned.items())
    choices = [[None] + [m.id for m in problem.mentors if weight(problem, m, e) is not None] for e in free]
    best_count, best = -1, None
    for pick in itertools.product(*choices):
        used = [m for m in pick if m is not None]
        if any(used.count(m) > left[m] for m in set(used)):
            continue
        count = len(used) + len(pinned)
        if count < best_count:
            continue
        if count > best_count:
            best_count, best = count, None
        cross = base_cross + sum(
            department(problem, e.id) != department(problem, m) for e, m in zip(free, pick, strict=True) if m
        )
        if cross < math.ceil(share * count - 1e-9):
            continue
        total = base_total + sum(weight(problem, mentor_by[m], e) for e, m in zip(free, pick, strict=True) if m)
        if best is None or total > best[1]:
            best = (count, total, cross)
    return best


def cross_share(problem, result):
    pairs = result.pairs
    cross = sum(department(problem, p.mentee) != department(problem, p.mentor) for p in pairs)
    return cross, len(pairs)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("share", [0.5, 0.8])
def test_share_is_honoured_and_close_to_the_constrained_optimum(seed, share):
    problem = random_problem(seed, 5, 3, share, pins=seed % 3)
    result = engine.match(problem)
    info = result.stats["side_constraints"]["min_cross_department_share"]
    cross, count = cross_share(problem, result)
    assert info["cross_department_pairs"] == cross and info["pairs"] == count
    assert result.stats["certificate"]["optimal"] is True
    reference = brute(problem, share)
    if reference is None:
        assert info["infeasible"] is True
        return
    assert info["infeasible"] is False
    assert cross >= math.ceil(share * count - 1e-9)
    assert count == reference[0]  # most matched comes first, whatever the price
    total = round(result.objective["total_score"] * SCALE)
    assert total <= reference[1] + count  # no better than the constrained optimum (rounding: 1 per pair)
    # the reported bound holds: the constrained optimum lies between the result and the bound
    assert reference[1] <= round(info["upper_bound"] * SCALE) + count
    assert info["duality_gap_bound"] >= 0
    assert abs(info["total_score"] - result.objective["total_score"]) <= 1e-6 * max(1, count)


@pytest.mark.parametrize("seed", range(4))
def test_share_is_honoured_on_larger_instances(seed):
    problem = random_problem(100 + seed, 60, 25, 0.75)
    result = engine.match(problem)
    info = result.stats["side_constraints"]["min_cross_department_share"]
    cross, count = cross_share(problem, result)
    if not info["infeasible"]:
        assert cross >= math.ceil(0.75 * count - 1e-9)
        assert info["achieved"] == pytest.approx(cross / count)
    unconstrained = engine.match(replace(problem, rules=replace(problem.rules, min_cross_department_share=None)))
    assert info["total_score_unconstrained"] == pytest.approx(unconstrained.objective["total_score"])
    assert info["cost_in_total_score"] == pytest.approx(
        unconstrained.objective["total_score"] - result.objective["total_score"], abs=1e-5
    )
    assert info["cost_in_total_score"] >= -1e-6
    assert unconstrained.objective["matched"] == result.objective["matched"]


def test_infeasible_share_is_reported_with_the_best_achievable():
    """Only one mentor is in another department: at most one pair of three can cross."""
    employees = [
        Employee("A", "D1", 8),
        Employee("B", "D1", 8),
        Employee("C", "D1", 8),
        Employee("X", "D1", 2),
        Employee("Y", "D2", 2),
    ]
    mentors = [Mentor("X", 2, skills={"ai": 4}), Mentor("Y", 1, skills={"ai": 3})]
    mentees = [Mentee(i, wants={"ai": 2}) for i in "ABC"]
    problem = Problem(employees, mentors, mentees, rules=Rules(min_cross_department_share=0.9))
    result = engine.match(problem)
    info = result.stats["side_constraints"]["min_cross_department_share"]
    assert info["infeasible"] is True
    assert result.objective["matched"] == 3
    assert info["cross_department_pairs"] == 1  # the best achievable: Y takes one of them
    assert info["achieved"] == pytest.approx(1 / 3)
    assert info["duality_gap_bound"] is None


def test_share_already_met_costs_nothing():
    problem = random_problem(3, 6, 3, 0.0)
    result = engine.match(problem)
    info = result.stats["side_constraints"]["min_cross_department_share"]
    assert info["price"] == 0 and info["cost_in_total_score"] == 0 and info["duality_gap_bound"] == 0


def test_pinned_pairs_count_toward_the_share():
    """A pinned same-department pair counts among the pairs: the free mentee must then cross."""
    employees = [
        Employee("A", "D1", 8),
        Employee("B", "D1", 8),
        Employee("X", "D1", 2),
        Employee("Y", "D2", 2),
    ]
    mentors = [Mentor("X", 2, skills={"ai": 4}), Mentor("Y", 1, skills={"ai": 2})]
    mentees = [Mentee("A", wants={"ai": 2}), Mentee("B", wants={"ai": 2})]
    problem = Problem(employees, mentors, mentees, pinned=[("X", "A")], rules=Rules(min_cross_department_share=0.5))
    free = engine.match(replace(problem, rules=Rules()))
    assert {(p.mentor, p.mentee) for p in free.pairs} == {("X", "A"), ("X", "B")}  # X is the better mentor
    result = engine.match(problem)
    assert {(p.mentor, p.mentee) for p in result.pairs} == {("X", "A"), ("Y", "B")}
    info = result.stats["side_constraints"]["min_cross_department_share"]
    assert info["pairs"] == 2 and info["cross_department_pairs"] == 1 and info["price"] > 0


def test_off_by_default_and_identical_to_before():
    problem = random_problem(7, 30, 12, None)
    assert Rules().min_cross_department_share is None
    plain = engine.match(problem)
    assert "side_constraints" not in plain.stats
    zero = engine.match(replace(problem, rules=replace(problem.rules, min_cross_department_share=0.0)))
    assert [(p.mentor, p.mentee, p.score) for p in zero.pairs] == [(p.mentor, p.mentee, p.score) for p in plain.pairs]
    assert zero.objective == plain.objective


@pytest.mark.parametrize("value", [1.01, -0.5, "0.5", True, float("inf")])
def test_share_must_be_a_number_from_0_to_1(value):
    problem = random_problem(1, 3, 2, value)
    with pytest.raises(MatchingError, match=r"rules\.min_cross_department_share: must be a number from 0 to 1"):
        engine.match(problem)


def test_best_score_objective_reports_the_share_without_a_bound():
    problem = random_problem(5, 8, 4, 0.8, objective="best_score")
    result = engine.match(problem)
    info = result.stats["side_constraints"]["min_cross_department_share"]
    cross, count = cross_share(problem, result)
    if not info["infeasible"]:
        assert cross >= math.ceil(0.8 * count - 1e-9)
    assert info["upper_bound"] is None
