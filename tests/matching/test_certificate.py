"""The certificate's machinery on instances big enough for several blocks and rounds, with its knobs turned so
that every path runs (lists kept between rounds or full passes, repairs of the last optimum or fresh flows,
pruned flows, no near pairs), against SciPy's dense assignment (`ref_optimum`, which never calls the engine's
scoring); and the compiled pass's hard rules against `conflicts`, pair by pair."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from omkeer.matching import engine, kernels
from omkeer.matching.engine import flow, preparation, scoring, tuning
from tests.matching.test_engine import (
    FAST,
    _random_problem,
    assert_optimal,
    assert_scores,
    assert_valid,
    problems,
    ref_conflicts,
)

KNOBS = {
    "defaults": {},
    "full passes": {"REPASS": 0.0},  # every round scores every pair again
    "lists only": {"REPASS": 2.0, "DRIFT": 0.0},  # every round keeps the lists, however prices moved
    "always repair": {"REPAIR": 2.0},
    "never repair": {"REPAIR": -1.0},
    "always prune": {"PRUNE_AFTER": 2.0},
    "no near pairs": {"ADD_PER_ROW": 1, "NEAR_SLACK": 0.0, "RANDOM_ARCS": 0, "COLUMN_CANDIDATES": 1},
    "auction on a sample first": {"AUCTION_SAMPLE_FROM": 1, "AUCTION_COPIES": 3},
    "auction to the last bidder": {"AUCTION_TAIL": 0.0},
    "rough auction, short lists": {"AUCTION_EPS": 0.5, "AUCTION_LIST": 2},
}


@pytest.mark.parametrize(
    ("seed", "n", "m", "candidates", "objective"),
    [
        (11, 150, 70, 2, "most_matched"),
        (12, 150, 70, 1, "best_score"),
        (13, 300, 100, 3, "most_matched"),  # more than one block of 128 mentees
        (14, 120, 90, 50, "best_score"),
    ],
)
@pytest.mark.parametrize("knobs", list(KNOBS))
def test_optimum_whatever_the_knobs(monkeypatch, seed, n, m, candidates, objective, knobs):
    for name, value in KNOBS[knobs].items():
        monkeypatch.setattr(tuning, name, value)
    problem = _random_problem(seed, n, m, candidates, objective)
    result = engine.match(problem)
    assert_valid(problem, result)
    assert_optimal(problem, result)
    assert_scores(problem, result)


@pytest.mark.parametrize("objective", ["most_matched", "best_score"])
@pytest.mark.parametrize(("n", "m", "side"), [(100, 100, "mentees"), (300, 100, "places")])
def test_the_auction_places_mentees_on_allowed_pairs_within_capacity(monkeypatch, objective, n, m, side):
    monkeypatch.setattr(tuning, "AUCTION_SAMPLE_FROM", 1)  # the run on a sample, then the whole pool
    monkeypatch.setattr(tuning, "AUCTION_TAIL", 0.0)
    problem = _random_problem(31, n, m, 5, objective)
    p = engine.prepare(problem)
    capacity, active, _pins = preparation._apply_pins(p)
    rows, mentors = np.flatnonzero(active), np.flatnonzero(p.usable & (capacity > 0))
    assert (capacity[mentors].sum() < len(rows)) == (side == "places")  # which side bids
    prices = flow._auction_prices(p, rows, mentors, capacity)
    price, held, lists = prices.mentor, prices.held, prices.lists
    if side == "mentees":
        assert (price >= 0).all() and price.max() > 0
        assert lists >= len(rows) + len(rows) // engine.AUCTION_COPIES
    else:
        assert lists >= len(mentors)
    placed = np.flatnonzero(held >= 0)
    assert len(placed) >= 0.5 * len(engine.match(problem).pairs)  # the auction stops before the last fights
    assert (np.bincount(held[placed], minlength=len(mentors)) <= capacity[mentors]).all()
    for r in placed:
        pair = (problem.mentors[mentors[held[r]]].id, problem.mentees[rows[r]].id)
        assert not ref_conflicts(problem, *pair), pair


@pytest.mark.parametrize(("n", "m", "bidders"), [(200, 80, "mentor places"), (80, 200, "mentees")])
def test_the_auction_is_reported_and_handles_empty_pools(n, m, bidders):
    problem = _random_problem(32, n, m, 5)
    certificate = engine.match(problem).stats["certificate"]
    assert certificate["auction"]["bidders"] == bidders
    p = engine.prepare(problem)
    assert certificate["auction"]["lists"] >= (n if bidders == "mentees" else int(p.usable.sum()))  # one pass each
    assert certificate["optimal"] is True
    prices = flow._auction_prices(p, np.zeros(0, dtype=np.int64), np.arange(3), p.capacity)
    assert (len(prices.held), prices.lists, list(prices.mentor)) == (0, 0, [0.0, 0.0, 0.0])


def test_repairs_are_used_and_reported(monkeypatch):
    monkeypatch.setattr(tuning, "REPAIR", 2.0)
    problem = _random_problem(22, 300, 60, 1)
    result = engine.match(problem)
    certificate = result.stats["certificate"]
    assert certificate["repairs"] >= 1
    assert certificate["optimal"] is True
    assert_optimal(problem, result)


def test_certificate_reports_its_work():
    problem = _random_problem(22, 300, 60, 2)
    certificate = engine.match(problem).stats["certificate"]
    assert certificate["optimal"] is True
    assert certificate["full_passes"] >= 1
    assert certificate["rounds"] + certificate["repairs"] >= 1
    assert certificate["first_candidate_pairs"] >= 1


@FAST
@given(problems(pins=False))
def test_the_compiled_pass_allows_exactly_the_pairs_the_rules_allow(problem):
    p = engine.prepare(problem)
    rows, mentors = np.arange(p.n), np.flatnonzero(p.usable)
    nothing = np.full(p.n, engine.NONE)
    found = scoring._scan(p, rows, mentors, np.zeros(len(mentors)), nothing, nothing, max(len(mentors), 1))
    for i, mentee in enumerate(problem.mentees):
        listed = {problem.mentors[mentors[k]].id for k in found.best[i] if k >= 0}
        allowed = {
            m.id
            for m in problem.mentors
            if not ref_conflicts(problem, m.id, mentee.id) or ref_conflicts(problem, m.id, mentee.id) == {"forbidden"}
        }
        assert listed == allowed, mentee.id
        assert found.above[i] == len(allowed)
    mentee, mentor = np.divmod(np.arange(p.n * p.m), max(p.m, 1))
    by_rules = scoring._eligible(p, mentee, mentor) & p.usable[mentor]
    expected = [
        not ref_conflicts(problem, problem.mentors[j].id, problem.mentees[e].id) - {"forbidden"}
        for e, j in zip(mentee.tolist(), mentor.tolist(), strict=True)
    ]
    assert by_rules.tolist() == expected


def test_the_compiled_pass_scores_as_the_formula_says():
    problem = _random_problem(31, 60, 40, 50)
    p = engine.prepare(problem)
    rows, mentors = np.arange(p.n), np.flatnonzero(p.usable)
    nothing = np.full(p.n, engine.NONE)
    found = scoring._scan(p, rows, mentors, np.zeros(len(mentors)), nothing, nothing, len(mentors))
    r, k = np.nonzero(found.best >= 0)
    exact = scoring._exact_weights(p, rows[r], mentors[found.best[r, k]]) / engine.SCALE
    assert np.abs(found.value[r, k] - exact).max() < 1e-5


def test_euler_intervals_tell_who_manages_whom():
    manager = np.array([-1, 0, 0, 1, 3, -1, 5], dtype=np.int64)  # two trees: 0 > 1 > 3 > 4, 0 > 2; 5 > 6
    tin, tout, depth = kernels.euler(manager)
    assert depth.tolist() == [0, 1, 1, 2, 3, 0, 1]
    for u in range(7):
        above, node = set(), manager[u]
        while node >= 0:
            above.add(int(node))
            node = manager[node]
        for a in range(7):
            assert (tin[a] <= tin[u] < tout[a] and a != u) == (a in above), (a, u)
