"""The matching engine against an independent reference: hard rules, capacities, pins, the exact optimum.

The reference below recomputes the score and the hard rules from the spec (issue 3, section 1) in plain
Python — it never calls the engine's scoring code — and solves with SciPy's dense assignment.
"""

from __future__ import annotations

import ast
import itertools
import subprocess
import sys
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from omkeer.matching import engine
from omkeer.matching.engine import Employee, MatchingError, Mentee, Mentor, Problem, Reason, Rules, Weights

SKILLS = ("social_media", "strategy", "data", "ai")
INTERESTS = ("cycling", "chess", "music")
DEPARTMENTS = ("D1", "D2", "D3")
TEAMS = (None, "T1", "T2")  # team names repeat across departments: a team is (department, name)
SCALE = 1_000_000

FAST = settings(max_examples=150, deadline=None, derandomize=True)


# ---------------------------------------------------------------------------------------------------------
# Random small instances


@st.composite
def problems(draw, max_mentees=6, max_mentors=4, pins=True):
    """A random organisation (managers only point to earlier employees), mentors, mentees, rules, pins."""
    n_mentees = draw(st.integers(1, max_mentees))
    n_mentors = draw(st.integers(1, max_mentors))
    n_others = draw(st.integers(0, 3))
    total = n_mentees + n_mentors + n_others
    ids = [f"E{i}" for i in range(total)]
    roles = draw(st.permutations(["mentee"] * n_mentees + ["mentor"] * n_mentors + ["other"] * n_others))
    employees = []
    # Mentors tend to be junior and mentees senior (reverse mentoring), so that most instances have pairs.
    level_range = {"mentor": (1, 7), "mentee": (3, 10), "other": (1, 10)}
    for i, (pid, role) in enumerate(zip(ids, roles, strict=True)):
        manager = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        employees.append(
            Employee(
                id=pid,
                department=draw(st.sampled_from(DEPARTMENTS)),
                level=draw(st.integers(*level_range[role])),
                team=draw(st.sampled_from(TEAMS)),
                manager=None if manager is None else ids[manager],
            )
        )
    levels = st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 4), max_size=3)
    strong = st.one_of(st.integers(2, 4), st.integers(0, 4))
    strengths = st.dictionaries(st.sampled_from(SKILLS), strong, min_size=1, max_size=4)
    wants = st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 3), min_size=1, max_size=3)
    own = st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 2), max_size=2)
    interests = st.frozensets(st.sampled_from(INTERESTS), max_size=2)
    mentors = [
        Mentor(
            id=pid,
            capacity=draw(st.sampled_from([1, 2, 3, 1, 2, 0])),
            skills=draw(strengths),
            interests=draw(interests),
            wants=draw(st.one_of(st.just({}), wants)),
            trained=draw(st.sampled_from([True, True, True, False])),
        )
        for pid, role in zip(ids, roles, strict=True)
        if role == "mentor"
    ]
    mentees = [
        Mentee(
            id=pid,
            wants=draw(wants) if draw(st.sampled_from([True] * 7 + [False])) else {},  # wanting nothing: nobody fits
            skills=draw(st.one_of(own, levels)),
            interests=draw(interests),
        )
        for pid, role in zip(ids, roles, strict=True)
        if role == "mentee"
    ]
    rules = Rules(
        min_level_gap=draw(st.integers(0, 3)),
        forbid_same_team=draw(st.booleans()),
        forbid_reporting_line=draw(st.booleans()),
        reporting_line_depth=draw(st.sampled_from([1, 2, None])),
        forbid_same_department=draw(st.sampled_from([False, False, False, True])),
        min_skill_score=draw(st.sampled_from([0.0, 0.0, 0.1])),
        require_training=draw(st.booleans()),
        objective=draw(st.sampled_from(["most_matched", "best_score"])),
    )
    weight = st.sampled_from([0.0, 0.2, 0.3, 0.5, 1.0])
    weights = draw(
        st.one_of(
            st.just(Weights()),
            st.builds(Weights, skills=weight, interests=weight, cross_department=weight, reciprocal=weight),
        )
    )
    problem = Problem(
        employees=employees,
        mentors=mentors,
        mentees=mentees,
        rules=rules,
        weights=weights,
        candidates=draw(st.sampled_from([1, 2, 50])),
    )
    all_pairs = [(m.id, e.id) for m in mentors for e in mentees]
    forbidden = draw(st.lists(st.sampled_from(all_pairs), max_size=2, unique=True))
    problem = replace(problem, forbidden=forbidden)
    if pins:
        allowed = [(m, e) for m, e in all_pairs if not ref_conflicts(problem, m, e)]
        wished = draw(st.lists(st.sampled_from(allowed), max_size=2, unique=True)) if allowed else []
        left = {m.id: m.capacity for m in mentors}
        pinned, seen = [], set()
        for m, e in wished:
            if e not in seen and left[m] > 0:
                pinned.append((m, e))
                seen.add(e)
                left[m] -= 1
        problem = replace(problem, pinned=pinned)
    return problem


# ---------------------------------------------------------------------------------------------------------
# The independent reference


def _by_id(problem):
    return (
        {e.id: e for e in problem.employees},
        {m.id: m for m in problem.mentors},
        {e.id: e for e in problem.mentees},
    )


def ref_chain(problem, pid, depth):
    """pid's managers, nearest first, up to `depth` levels (None: to the top)."""
    employees = {e.id: e for e in problem.employees}
    chain, node = [], employees[pid].manager
    while node is not None and (depth is None or len(chain) < depth):
        chain.append(node)
        node = employees[node].manager
    return chain


def _gain(teacher, learner_wants, learner_skills):
    """The S formula as an exact fraction: learner's wants against teacher's skills."""
    total_want = sum(learner_wants.values())
    if not total_want:
        return Fraction(0)
    gained = sum(w * max(0, teacher.get(k, 0) - learner_skills.get(k, 0)) for k, w in learner_wants.items())
    return Fraction(gained, 4 * total_want)


def ref_parts(problem, mentor_id, mentee_id):
    """(S, I, D, R) straight from the spec."""
    employees, mentors, mentees = _by_id(problem)
    mentor, mentee = mentors[mentor_id], mentees[mentee_id]
    s = _gain(mentor.skills, mentee.wants, mentee.skills)
    r = _gain(mentee.skills, mentor.wants, mentor.skills)
    union = mentor.interests | mentee.interests
    i = Fraction(len(mentor.interests & mentee.interests), len(union)) if union else Fraction(0)
    d = 1 if employees[mentor_id].department != employees[mentee_id].department else 0
    return s, i, d, r


def ref_score(problem, mentor_id, mentee_id):
    s, i, d, r = ref_parts(problem, mentor_id, mentee_id)
    w = problem.weights
    return w.skills * float(s) + w.interests * float(i) + w.cross_department * d + w.reciprocal * float(r)


def ref_conflicts(problem, mentor_id, mentee_id):
    """The set of hard-rule codes a pair breaks, from the spec."""
    employees, mentors, mentees = _by_id(problem)
    rules = problem.rules
    a, b = employees[mentor_id], employees[mentee_id]
    found = set()
    if rules.forbid_same_team and a.team and (a.department, a.team) == (b.department, b.team):
        found.add("same_team")
    if rules.forbid_same_department and a.department == b.department:
        found.add("same_department")
    if rules.forbid_reporting_line:
        depth = rules.reporting_line_depth
        if mentor_id in ref_chain(problem, mentee_id, depth) or mentee_id in ref_chain(problem, mentor_id, depth):
            found.add("reporting_line")
    if b.level - a.level < rules.min_level_gap:
        found.add("level_gap")
    if rules.require_training and not mentors[mentor_id].trained:
        found.add("untrained")
    if mentors[mentor_id].capacity < 1:
        found.add("no_capacity")
    if ref_parts(problem, mentor_id, mentee_id)[0] <= Fraction(str(rules.min_skill_score)):
        found.add("no_skill_gain")
    if (mentor_id, mentee_id) in set(problem.forbidden):
        found.add("forbidden")
    return found


def _free_problem(problem):
    """Weights in millionths of every allowed pair outside the pins, and the capacity the pins leave."""
    pinned_mentees = {e for _, e in problem.pinned}
    left = {m.id: m.capacity for m in problem.mentors}
    for m, _ in problem.pinned:
        left[m] -= 1
    mentees = [e.id for e in problem.mentees if e.id not in pinned_mentees]
    weight = {
        (m.id, e): round(ref_score(problem, m.id, e) * SCALE)
        for m in problem.mentors
        for e in mentees
        if not ref_conflicts(problem, m.id, e)
    }
    return mentees, left, weight


def _pinned_total(problem):
    return sum(round(ref_score(problem, m, e) * SCALE) for m, e in problem.pinned)


def ref_optimum(problem):
    """(matched, total in millionths) of the exact optimum, by SciPy's dense assignment over capacity slots."""
    mentees, left, weight = _free_problem(problem)
    slots = [m for m, cap in left.items() for _ in range(cap)]
    matched, total = len(problem.pinned), _pinned_total(problem)
    if not mentees or not slots or not weight:
        return matched, total
    big = (len(mentees) + 1) * (max(weight.values()) + 1) if problem.rules.objective == "most_matched" else 0
    value = np.full((len(mentees), len(slots)), -1.0)  # -1: not allowed
    for i, e in enumerate(mentees):
        for j, m in enumerate(slots):
            if (m, e) in weight:
                value[i, j] = big + weight[m, e]
    rows, cols = linear_sum_assignment(np.where(value < 0, 0, value), maximize=True)
    for i, j in zip(rows, cols, strict=True):
        if value[i, j] >= 0:
            matched += 1
            total += weight[slots[j], mentees[i]]
    return matched, total


def brute_optimum(problem):
    """(matched, total in millionths) by trying every assignment; lexicographic for most_matched."""
    mentees, left, weight = _free_problem(problem)
    best = None
    choices = [[None] + [m for m in left if (m, e) in weight] for e in mentees]
    for pick in itertools.product(*choices):
        used = [m for m in pick if m is not None]
        if any(used.count(m) > left[m] for m in set(used)):
            continue
        total = sum(weight[m, e] for m, e in zip(pick, mentees, strict=True) if m is not None)
        key = (len(used), total) if problem.rules.objective == "most_matched" else (total, 0)
        if best is None or key > best[0]:
            best = (key, len(used), total)
    return len(problem.pinned) + best[1], _pinned_total(problem) + best[2]


def assert_optimal(problem, result):
    matched, total = ref_optimum(problem)
    if problem.rules.objective == "most_matched":
        assert result.objective["matched"] == matched
    assert abs(result.objective["total_score"] - total / SCALE) <= 1e-6 * max(1, len(result.pairs))
    certificate = result.stats["certificate"]
    assert certificate["optimal"] is True
    assert certificate["primal"] == certificate["dual"]


def assert_valid(problem, result):
    """No hard rule broken, capacities held, each mentee once, pins kept, scores as the spec says."""
    p = engine.prepare(problem)
    for pair in result.pairs:
        assert engine.conflicts(p, pair.mentor, pair.mentee) == [], pair
        assert not ref_conflicts(problem, pair.mentor, pair.mentee), pair
    mentees = [pair.mentee for pair in result.pairs]
    assert len(mentees) == len(set(mentees))
    load = {}
    for pair in result.pairs:
        load[pair.mentor] = load.get(pair.mentor, 0) + 1
    for mentor in problem.mentors:
        assert load.get(mentor.id, 0) <= mentor.capacity
    got = {(pair.mentor, pair.mentee) for pair in result.pairs}
    assert set(problem.pinned) <= got
    assert {(pair.mentor, pair.mentee) for pair in result.pairs if pair.pinned} == set(problem.pinned)
    assert not got & set(problem.forbidden)
    assert {u.mentee for u in result.unmatched} == {e.id for e in problem.mentees} - set(mentees)


def assert_scores(problem, result):
    w = problem.weights
    for pair in result.pairs:
        s, i, d, r = ref_parts(problem, pair.mentor, pair.mentee)
        parts = pair.parts
        assert abs(parts.skills - float(s)) <= 1e-9
        assert abs(parts.interests - float(i)) <= 1e-9
        assert parts.cross_department == d
        assert abs(parts.reciprocal - float(r)) <= 1e-9
        expected = w.skills * float(s) + w.interests * float(i) + w.cross_department * d + w.reciprocal * float(r)
        assert abs(pair.score - round(expected, 6)) <= 1e-9


# ---------------------------------------------------------------------------------------------------------
# Properties


@FAST
@given(problems())
def test_no_proposed_pair_breaks_a_hard_rule_and_capacities_hold(problem):
    result = engine.match(problem)
    assert_valid(problem, result)


@FAST
@given(problems())
def test_result_is_the_exact_optimum_with_a_certificate(problem):
    result = engine.match(problem)
    assert_optimal(problem, result)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(problems(max_mentees=5, max_mentors=3))
def test_tiny_instances_match_brute_force(problem):
    result = engine.match(problem)
    matched, total = brute_optimum(problem)
    assert (matched, total) == ref_optimum(problem)  # the reference agrees with itself
    if problem.rules.objective == "most_matched":
        assert result.objective["matched"] == matched
    assert abs(result.objective["total_score"] - total / SCALE) <= 1e-6 * max(1, len(result.pairs))


@FAST
@given(problems())
def test_pair_scores_follow_the_formula(problem):
    result = engine.match(problem)
    assert_scores(problem, result)


@FAST
@given(problems(pins=False))
def test_conflicts_agree_with_the_spec_for_every_pair(problem):
    p = engine.prepare(problem)
    for mentor in problem.mentors:
        for mentee in problem.mentees:
            codes = {r.code for r in engine.conflicts(p, mentor.id, mentee.id)}
            assert codes == ref_conflicts(problem, mentor.id, mentee.id), (mentor.id, mentee.id)


@FAST
@given(problems())
def test_unmatched_reason_says_whether_anyone_was_eligible(problem):
    result = engine.match(problem)
    for unmatched in result.unmatched:
        eligible = [m.id for m in problem.mentors if not ref_conflicts(problem, m.id, unmatched.mentee)]
        if eligible:
            assert unmatched.reason == Reason("mentors_taken", {"eligible": len(eligible)})
        else:
            assert unmatched.reason == Reason("no_eligible_mentor")


def _random_problem(seed, n, m, candidates, objective="most_matched"):
    """A larger random instance: a manager tree, several departments and teams, default weights."""
    rng = np.random.default_rng(seed)
    total = n + m + 5
    ids = [f"E{i}" for i in range(total)]
    employees = [
        Employee(
            id=pid,
            department=f"D{rng.integers(4)}",
            level=int(rng.integers(1, 11)),
            team=f"T{rng.integers(6)}" if rng.random() < 0.8 else None,
            manager=ids[int(rng.integers(i))] if i else None,
        )
        for i, pid in enumerate(ids)
    ]

    def levels(lo):
        keys = rng.choice(SKILLS, size=int(rng.integers(0, 4)), replace=False)
        return {str(k): int(rng.integers(lo, 5 if lo == 0 else 4)) for k in keys}

    order = rng.permutation(total)
    mentors = [
        Mentor(
            id=ids[i],
            capacity=int(rng.integers(0, 4)),
            skills=levels(0),
            interests=frozenset(rng.choice(INTERESTS, size=int(rng.integers(0, 3)), replace=False).tolist()),
            wants=levels(1) if rng.random() < 0.5 else {},
        )
        for i in order[:m]
    ]
    mentees = [
        Mentee(
            id=ids[i],
            wants=levels(1),
            skills=levels(0),
            interests=frozenset(rng.choice(INTERESTS, size=int(rng.integers(0, 3)), replace=False).tolist()),
        )
        for i in order[m : m + n]
    ]
    return Problem(
        employees=employees,
        mentors=mentors,
        mentees=mentees,
        rules=Rules(min_level_gap=1, objective=objective),
        candidates=candidates,
    )


@pytest.mark.parametrize(
    ("seed", "n", "m", "candidates", "objective"),
    [
        (1, 40, 12, 1, "most_matched"),
        (2, 40, 12, 2, "best_score"),
        (3, 60, 20, 1, "best_score"),
        (4, 300, 40, 3, "most_matched"),  # more than one scoring block (256 rows)
    ],
)
def test_larger_random_instances_reach_the_optimum(seed, n, m, candidates, objective):
    problem = _random_problem(seed, n, m, candidates, objective)
    result = engine.match(problem)
    assert_valid(problem, result)
    assert_optimal(problem, result)
    assert_scores(problem, result)


def test_certificate_repairs_a_pruned_candidate_list():
    """With one candidate per mentee the pruned flow is not optimal; the dual check adds pairs until it is."""
    added = []
    for seed in range(5):
        problem = _random_problem(seed, 40, 12, candidates=1)
        result = engine.match(problem)
        assert_optimal(problem, result)
        added.append(result.stats["certificate"]["pairs_added"])
    assert max(added) > 0


# ---------------------------------------------------------------------------------------------------------
# Hand-built cases: the hard rules one by one, "why not?", pins and forbids


def org(*rows):
    """Employees from (id, department, team, level, manager) tuples."""
    return [Employee(id=i, department=d, team=t, level=lv, manager=mg) for i, d, t, lv, mg in rows]


def simple(employees, mentors, mentees, **kw):
    rules = kw.pop("rules", Rules())
    return Problem(employees=employees, mentors=mentors, mentees=mentees, rules=rules, **kw)


def teacher(pid, capacity=1, **kw):
    return Mentor(id=pid, capacity=capacity, skills=kw.pop("skills", {"social_media": 4}), **kw)


def learner(pid, **kw):
    return Mentee(id=pid, wants=kw.pop("wants", {"social_media": 3}), skills=kw.pop("skills", {}), **kw)


def codes(problem, mentor, mentee):
    return [r.code for r in engine.why_not(problem, engine.match(problem), mentor, mentee)]


def test_same_team_blocks_the_pair():
    problem = simple(org(("A", "D1", "T1", 2, None), ("B", "D1", "T1", 6, None)), [teacher("A")], [learner("B")])
    assert codes(problem, "A", "B") == ["same_team"]
    assert codes(replace(problem, rules=Rules(forbid_same_team=False)), "A", "B") == ["matched"]


def test_team_names_are_scoped_to_their_department():
    problem = simple(org(("A", "D1", "T1", 2, None), ("B", "D2", "T1", 6, None)), [teacher("A")], [learner("B")])
    assert codes(problem, "A", "B") == ["matched"]


def test_people_without_a_team_are_not_in_the_same_team():
    problem = simple(org(("A", "D1", None, 2, None), ("B", "D1", None, 6, None)), [teacher("A")], [learner("B")])
    assert codes(problem, "A", "B") == ["matched"]


def test_same_department_blocks_only_when_the_programme_forbids_it():
    problem = simple(org(("A", "D1", "T1", 2, None), ("B", "D1", "T2", 6, None)), [teacher("A")], [learner("B")])
    assert codes(problem, "A", "B") == ["matched"]
    assert codes(replace(problem, rules=Rules(forbid_same_department=True)), "A", "B") == ["same_department"]


CHAIN = org(
    ("C0", "D1", "T0", 10, None),
    ("C1", "D1", "T1", 9, "C0"),
    ("C2", "D2", "T2", 8, "C1"),
    ("C3", "D3", "T3", 7, "C2"),
    ("C4", "D4", "T4", 6, "C3"),
)


@pytest.mark.parametrize(
    ("depth", "mentor", "blocked", "levels"),
    [
        (1, "C3", True, 1),  # the mentee's manager
        (1, "C2", False, None),
        (2, "C3", True, 1),
        (2, "C2", True, 2),  # the grand-manager
        (2, "C1", False, None),  # the great-grand-manager
        (None, "C1", True, 3),
        (None, "C0", True, 4),
    ],
)
def test_reporting_line_blocks_the_mentees_managers_within_depth(depth, mentor, blocked, levels):
    """Upward: the mentor manages the mentee (unusual in reverse mentoring, but blocked all the same)."""
    problem = simple(
        CHAIN,
        [teacher(mentor)],
        [learner("C4")],
        rules=Rules(min_level_gap=-10, reporting_line_depth=depth),
    )
    p = engine.prepare(problem)
    expected = [Reason("reporting_line", {"manager": "mentor", "levels": levels})] if blocked else []
    assert engine.conflicts(p, mentor, "C4") == expected
    assert codes(problem, mentor, "C4") == (["reporting_line"] if blocked else ["matched"])


@pytest.mark.parametrize(
    ("depth", "mentee", "blocked", "levels"),
    [
        (1, "C3", True, 1),  # the mentor's manager
        (1, "C2", False, None),
        (2, "C2", True, 2),
        (2, "C1", False, None),
        (None, "C1", True, 3),
        (None, "C0", True, 4),
    ],
)
def test_reporting_line_blocks_the_mentors_managers_within_depth(depth, mentee, blocked, levels):
    """Reverse mentoring's usual case: a junior mentor and a senior mentee up the mentor's chain."""
    rules = Rules(min_level_gap=1, reporting_line_depth=depth)
    problem = simple(CHAIN, [teacher("C4")], [learner(mentee)], rules=rules)
    p = engine.prepare(problem)
    expected = [Reason("reporting_line", {"manager": "mentee", "levels": levels})] if blocked else []
    assert engine.conflicts(p, "C4", mentee) == expected
    assert codes(problem, "C4", mentee) == (["reporting_line"] if blocked else ["matched"])


def test_reporting_line_rule_can_be_switched_off():
    problem = simple(CHAIN, [teacher("C4")], [learner("C3")], rules=Rules(min_level_gap=1, forbid_reporting_line=False))
    assert codes(problem, "C4", "C3") == ["matched"]


def test_level_gap_blocks_a_mentee_not_senior_enough():
    people = org(("A", "D1", "T1", 4, None), ("B", "D2", "T2", 5, None), ("C", "D2", "T3", 6, None))
    problem = simple(people, [teacher("A", 2)], [learner("B"), learner("C")])
    p = engine.prepare(problem)
    assert engine.conflicts(p, "A", "B") == [Reason("level_gap", {"gap": 1, "required": 2})]
    assert engine.conflicts(p, "A", "C") == []
    assert codes(replace(problem, rules=Rules(min_level_gap=1)), "A", "B") == ["matched"]


def test_untrained_mentor_is_blocked_when_training_is_required():
    people = org(("A", "D1", "T1", 2, None), ("B", "D2", "T2", 6, None))
    problem = simple(people, [teacher("A", trained=False)], [learner("B")])
    assert codes(problem, "A", "B") == ["untrained"]
    assert codes(replace(problem, rules=Rules(require_training=False)), "A", "B") == ["matched"]


def test_no_skill_gain_blocks_a_mentor_no_stronger_in_what_the_mentee_wants():
    people = org(("A", "D1", "T1", 2, None), ("B", "D2", "T2", 6, None))
    problem = simple(people, [teacher("A", skills={"social_media": 2, "strategy": 4})], [learner("B", skills={})])
    assert codes(problem, "A", "B") == ["matched"]
    equal = replace(problem, mentees=[learner("B", skills={"social_media": 2})])
    assert codes(equal, "A", "B") == ["no_skill_gain"]


def test_min_skill_score_must_be_exceeded_not_met():
    """S = 1·2 / (4·(1+3+1)) = 0.1 exactly: with min_skill_score 0.1 the pair is blocked."""
    people = org(("A", "D1", "T1", 2, None), ("B", "D2", "T2", 6, None))
    mentor = teacher("A", skills={"social_media": 2})
    mentee = learner("B", wants={"social_media": 1, "strategy": 3, "data": 1}, skills={"social_media": 0})
    problem = simple(people, [mentor], [mentee], rules=Rules(min_skill_score=0.1))
    assert ref_parts(problem, "A", "B")[0] == Fraction(1, 10)
    assert codes(problem, "A", "B") == ["no_skill_gain"]
    result = engine.match(problem)
    assert result.pairs == []
    assert result.unmatched[0].reason == Reason("no_eligible_mentor")


def _equal_to_the_minimum():
    """S(A, B) = 3·3 / (4·(3+2)) = 9/20 = 0.45 exactly; the spec says S must exceed the minimum."""
    people = org(("A", "D1", "T1", 2, None), ("B", "D2", "T2", 6, None), ("C", "D3", "T3", 6, None))
    mentor = teacher("A", skills={"social_media": 3})
    mentee = learner("B", wants={"social_media": 3, "strategy": 2})
    problem = simple(people, [mentor], [mentee], rules=Rules(min_skill_score=0.45))
    assert ref_parts(problem, "A", "B")[0] == Fraction(9, 20)
    assert codes(problem, "A", "B")[0] == "no_skill_gain"
    return problem


def test_skill_score_equal_to_the_minimum_is_blocked_by_conflicts():
    _equal_to_the_minimum()


def test_skill_score_equal_to_the_minimum_is_never_proposed():
    problem = _equal_to_the_minimum()
    assert engine.match(problem).pairs == []


def test_skill_score_equal_to_the_minimum_does_not_count_as_eligible():
    problem = _equal_to_the_minimum()
    problem = replace(problem, mentees=[*problem.mentees, learner("C")])  # C takes A (S = 1)
    result = engine.match(problem)
    assert [(pair.mentor, pair.mentee) for pair in result.pairs] == [("A", "C")]
    assert result.unmatched[0].reason == Reason("no_eligible_mentor")


def test_forbidden_pair_is_blocked_and_never_proposed():
    people = org(("A", "D1", "T1", 2, None), ("B", "D2", "T2", 6, None))
    problem = simple(people, [teacher("A")], [learner("B")], forbidden=[("A", "B")])
    assert codes(problem, "A", "B") == ["forbidden"]
    assert engine.match(problem).pairs == []


def test_mentor_without_capacity_is_blocked():
    people = org(("A", "D1", "T1", 2, None), ("B", "D2", "T2", 6, None))
    problem = simple(people, [teacher("A", 0)], [learner("B")])
    assert codes(problem, "A", "B") == ["no_capacity"]
    assert engine.match(problem).unmatched[0].reason == Reason("no_eligible_mentor")


def test_several_rules_are_all_reported():
    people = org(("A", "D1", "T1", 5, None), ("B", "D1", "T1", 6, "A"))
    problem = simple(people, [teacher("A", trained=False)], [learner("B")], forbidden=[("A", "B")])
    assert codes(problem, "A", "B") == ["same_team", "reporting_line", "level_gap", "untrained", "forbidden"]


def _two_mentees_one_mentor():
    """A can take one of B (strong gain) and C (weaker gain)."""
    people = org(("A", "D1", "T1", 2, None), ("B", "D2", "T2", 6, None), ("C", "D3", "T3", 6, None))
    return simple(people, [teacher("A")], [learner("B"), learner("C", skills={"social_media": 2})])


def test_why_not_an_allowed_unmatched_pair_is_the_better_use_with_its_exact_loss():
    problem = _two_mentees_one_mentor()
    result = engine.match(problem)
    assert [(pair.mentor, pair.mentee) for pair in result.pairs] == [("A", "B")]
    [reason] = engine.why_not(problem, result, "A", "C")
    forced = replace(problem, pinned=[("A", "C")])
    matched, total = ref_optimum(forced)
    assert reason.code == "better_use"
    assert reason.params["matched_delta"] == result.objective["matched"] - matched == 0
    expected = ref_score(problem, "A", "B") - ref_score(problem, "A", "C")
    assert reason.params["score_delta"] == pytest.approx(result.objective["total_score"] - total / SCALE, abs=1e-6)
    assert reason.params["score_delta"] == pytest.approx(expected, abs=1e-6)
    assert reason.params["mentor_now"] == ["B"]
    assert reason.params["mentee_now"] is None
    assert engine.why_not(problem, result, "A", "B") == [Reason("matched")]


def test_why_not_counts_fewer_matches_when_forcing_a_pair_costs_one():
    """B can only go to A; C can go to A or X. Forcing A–C leaves B unmatched."""
    people = org(
        ("A", "D1", "T1", 2, None),
        ("X", "D1", "T4", 2, None),
        ("B", "D2", "T2", 6, None),
        ("C", "D3", "T3", 6, None),
    )
    problem = simple(people, [teacher("A"), teacher("X")], [learner("B"), learner("C")], forbidden=[("X", "B")])
    result = engine.match(problem)
    assert result.objective["matched"] == 2
    [reason] = engine.why_not(problem, result, "A", "C")
    matched, total = ref_optimum(replace(problem, pinned=[("A", "C")]))
    assert (reason.code, reason.params["matched_delta"]) == ("better_use", 1)
    assert matched == 1
    assert reason.params["score_delta"] == pytest.approx(result.objective["total_score"] - total / SCALE, abs=1e-6)
    assert reason.params["mentee_now"] == "X"


@settings(max_examples=60, deadline=None, derandomize=True)
@given(problems(max_mentees=4, max_mentors=3), st.data())
def test_why_not_is_exact_for_random_pairs(problem, data):
    result = engine.match(problem)
    mentor = data.draw(st.sampled_from([m.id for m in problem.mentors]))
    mentee = data.draw(st.sampled_from([e.id for e in problem.mentees]))
    reasons = engine.why_not(problem, result, mentor, mentee)
    blocked = ref_conflicts(problem, mentor, mentee)
    paired = {(pair.mentor, pair.mentee) for pair in result.pairs}
    pinned_to = {e: m for m, e in problem.pinned}
    if blocked:
        assert {r.code for r in reasons} == blocked
    elif (mentor, mentee) in paired:
        assert reasons == [Reason("matched")]
    elif mentee in pinned_to:
        assert reasons == [Reason("pinned_elsewhere", {"mentor": pinned_to[mentee]})]
    elif sum(1 for m, _ in problem.pinned if m == mentor) >= next(
        m.capacity for m in problem.mentors if m.id == mentor
    ):
        assert reasons == [Reason("no_capacity")]
    else:
        [reason] = reasons
        matched, total = ref_optimum(replace(problem, pinned=[*problem.pinned, (mentor, mentee)]))
        assert reason.code == "better_use"
        assert reason.params["matched_delta"] == result.objective["matched"] - matched
        assert reason.params["score_delta"] == pytest.approx(
            result.objective["total_score"] - total / SCALE, abs=1e-6 * (len(problem.mentees) + 1)
        )


def test_why_not_for_a_mentee_pinned_elsewhere():
    problem = replace(_two_mentees_one_mentor(), mentors=[teacher("A", 2)], pinned=[("A", "C")])
    people = [*problem.employees, Employee(id="Z", department="D9", level=1)]
    problem = replace(problem, employees=people, mentors=[*problem.mentors, teacher("Z")])
    result = engine.match(problem)
    assert engine.why_not(problem, result, "Z", "C") == [Reason("pinned_elsewhere", {"mentor": "A"})]
    assert engine.why_not(problem, result, "A", "C") == [Reason("matched")]


def test_why_not_when_the_mentors_pins_fill_their_capacity():
    problem = replace(_two_mentees_one_mentor(), pinned=[("A", "C")])
    assert engine.why_not(problem, engine.match(problem), "A", "B") == [Reason("no_capacity")]


def test_why_not_about_unknown_people_is_refused():
    problem = _two_mentees_one_mentor()
    result = engine.match(problem)
    with pytest.raises(MatchingError, match="asked pair Q–B: unknown mentor Q"):
        engine.why_not(problem, result, "Q", "B")
    with pytest.raises(MatchingError, match="asked pair A–Q: unknown mentee Q"):
        engine.why_not(problem, result, "A", "Q")


def test_pinned_pair_that_is_also_forbidden_is_refused():
    problem = replace(_two_mentees_one_mentor(), pinned=[("A", "B")], forbidden=[("A", "B")])
    with pytest.raises(MatchingError, match=r"pinned pair A–B: breaks a hard rule \(forbidden\)"):
        engine.match(problem)


def test_pinned_pair_that_breaks_a_hard_rule_is_refused_naming_the_pair():
    people = org(("A", "D1", "T1", 2, None), ("B", "D1", "T1", 6, None))
    problem = simple(people, [teacher("A")], [learner("B")], pinned=[("A", "B")])
    with pytest.raises(MatchingError, match=r"pinned pair A–B: breaks a hard rule \(same_team\)"):
        engine.match(problem)


def test_pinned_pair_is_kept_even_when_it_costs_score():
    problem = replace(_two_mentees_one_mentor(), pinned=[("A", "C")])
    result = engine.match(problem)
    assert [(pair.mentor, pair.mentee, pair.pinned) for pair in result.pairs] == [("A", "C", True)]
    assert result.unmatched[0].mentee == "B"
    assert result.unmatched[0].reason.code == "mentors_taken"


def test_mentee_pinned_twice_is_refused():
    problem = replace(_two_mentees_one_mentor(), mentors=[teacher("A", 2)], pinned=[("A", "B"), ("A", "B")])
    with pytest.raises(MatchingError, match="pinned pair A–B: mentee B is pinned twice"):
        engine.match(problem)


def test_pins_beyond_capacity_are_refused():
    problem = replace(_two_mentees_one_mentor(), pinned=[("A", "B"), ("A", "C")])
    with pytest.raises(MatchingError, match="pinned pair A–C: mentor A has no capacity left"):
        engine.match(problem)


@pytest.mark.parametrize(
    ("pair", "message"),
    [(("Q", "B"), "pinned pair Q–B: unknown mentor Q"), (("A", "Q"), "pinned pair A–Q: unknown mentee Q")],
)
def test_pins_and_forbids_of_unknown_people_are_refused(pair, message):
    problem = _two_mentees_one_mentor()
    with pytest.raises(MatchingError, match=message):
        engine.match(replace(problem, pinned=[pair]))
    with pytest.raises(MatchingError, match=message.replace("pinned", "forbidden")):
        engine.match(replace(problem, forbidden=[pair]))


def test_capacity_runs_out_the_rest_are_told_mentors_were_taken():
    people = org(
        ("A", "D1", "T1", 2, None),
        ("B", "D2", "T2", 6, None),
        ("C", "D3", "T3", 6, None),
        ("E", "D3", "T3", 6, None),
        ("L", "D2", "T2", 1, None),  # would need a mentor even more junior: nobody
    )
    mentees = [learner("B"), learner("C"), learner("E"), learner("L")]
    problem = simple(people, [teacher("A", 2)], mentees)
    result = engine.match(problem)
    assert len(result.pairs) == 2
    reasons = {u.mentee: u.reason for u in result.unmatched}
    assert reasons["L"] == Reason("no_eligible_mentor")
    [taken] = [mentee for mentee in reasons if mentee != "L"]
    assert reasons[taken] == Reason("mentors_taken", {"eligible": 1})


def test_most_matched_beats_a_higher_score_with_fewer_pairs():
    """A is great for B and fair for C; X is only fine for B. Best score pairs A–B; most matched pairs all."""
    people = org(
        ("A", "D1", "T1", 2, None),
        ("X", "D1", "T4", 2, None),
        ("B", "D2", "T2", 6, None),
        ("C", "D3", "T3", 6, None),
    )
    mentors = [teacher("A", skills={"social_media": 4, "data": 1}), teacher("X", skills={"social_media": 1})]
    mentees = [learner("B", wants={"social_media": 3}), learner("C", wants={"data": 1})]
    problem = simple(people, mentors, mentees, weights=Weights(cross_department=0.0, interests=0.0))
    most = engine.match(problem)
    assert (most.objective["matched"], most.objective["total_score"]) == (2, 0.5)
    best = engine.match(replace(problem, rules=Rules(objective="best_score")))
    assert (best.objective["matched"], best.objective["total_score"]) == (1, 1.0)
    assert [(pair.mentor, pair.mentee) for pair in best.pairs] == [("A", "B")]


def test_empty_problem_matches_nobody():
    result = engine.match(Problem(employees=[], mentors=[], mentees=[]))
    assert (result.pairs, result.unmatched, result.objective["matched"]) == ([], [], 0)


def test_mentees_without_mentors_are_unmatched():
    people = org(("B", "D2", "T2", 6, None))
    result = engine.match(simple(people, [], [learner("B")]))
    assert result.unmatched[0].reason == Reason("no_eligible_mentor")


def test_matching_modules_have_no_django_import_statements():
    """The matching modules' own imports: stdlib, numpy, ortools and each other only."""
    folder = Path(engine.__file__).parent.parent  # the engine is a package in matching/
    for name in [*sorted(f"engine/{path.name}" for path in (folder / "engine").glob("*.py")), "explain.py", "files.py"]:
        tree = ast.parse((folder / name).read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not [m for m in imported if m.split(".")[0] in {"django", "celery"}], (name, imported)


def test_engine_imports_no_django():
    code = (
        "import omkeer.matching.engine, omkeer.matching.explain, omkeer.matching.files, sys; "
        "assert not [m for m in sys.modules if m.startswith('django')]"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
