"""The engine is exact on every shape of pool the benchmark measures (issue 18): mentor places from half to
twice the mentees, both objectives, conflict-heavy and sparse organisations, and a binding cross-department
target where same-department pairs score higher; against SciPy on capacity slots and brute force."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from omkeer.matching import engine
from omkeer.matching.files import problem_from_data
from tests.matching.test_engine import assert_optimal, assert_scores, assert_valid, brute_optimum

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import matchgen  # noqa: E402

RATIOS = (0.5, 0.7, 0.9, 1.0, 1.2, 2.0)
OBJECTIVES = ("most_matched", "best_score")


def _problem(mentees, mentors, seed, ratio, shape, objective, **rules):
    data = matchgen.generate(mentees, mentors, seed, capacity_ratio=ratio, shape=shape,
                             rules={"objective": objective, **rules})  # fmt: skip
    return problem_from_data(data)


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("ratio", RATIOS)
@pytest.mark.parametrize("shape", matchgen.SHAPES)
def test_the_optimum_on_every_shape_against_scipy(shape, ratio, objective):
    problem = _problem(120, 60, 3, ratio, shape, objective)
    assert sum(m.capacity for m in problem.mentors) == round(ratio * 120)
    result = engine.match(problem)
    assert_valid(problem, result)
    assert_optimal(problem, result)
    assert_scores(problem, result)
    bidders = "mentees" if ratio >= 1 else "mentor places"
    assert result.stats["certificate"]["auction"]["bidders"] == bidders


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("ratio", RATIOS)
@pytest.mark.parametrize("shape", matchgen.SHAPES)
def test_tiny_pools_of_every_shape_against_brute_force(shape, ratio, objective):
    for seed in range(3):
        problem = _problem(6, 3, seed, ratio, shape, objective)
        result = engine.match(problem)
        matched, total = brute_optimum(problem)
        assert len(result.pairs) == matched or objective == "best_score"
        assert result.objective["total_score"] == pytest.approx(total / engine.SCALE, abs=1e-6)


def test_the_shapes_are_what_they_say():
    conflict = matchgen.generate(400, 200, 1, shape="conflict")
    ceo = next(e["id"] for e in conflict["employees"] if e["manager"] is None)
    assert ceo in {m["id"] for m in conflict["mentees"]}
    assert conflict["rules"]["reporting_line_depth"] is None
    teams = {(e["department"], e["team"]) for e in conflict["employees"] if e["team"]}
    assert len(teams) <= 3 * len({e["department"] for e in conflict["employees"]})
    sparse = matchgen.generate(2000, 1000, 1, shape="sparse")
    rare = set(matchgen.RARE)
    only_rare = sum(set(m["wants"]) <= rare for m in sparse["mentees"])
    teachers = sum(bool(rare & set(m["skills"])) for m in sparse["mentors"])
    assert 0.25 * 2000 < only_rare < 0.4 * 2000 and teachers < 0.03 * 1000
    affinity = matchgen.generate(400, 200, 1, shape="affinity")
    assert affinity["weights"]["cross_department"] == 0.0


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("ratio", (0.7, 1.0, 2.0))
def test_a_binding_cross_department_target_on_the_affinity_shape(ratio, objective):
    free = engine.match(_problem(160, 80, 5, ratio, "affinity", objective))
    pairs = free.pairs
    share = sum(p.parts.cross_department > 0 for p in pairs) / len(pairs)
    target = min(1.0, share + 0.15)
    result = engine.match(_problem(160, 80, 5, ratio, "affinity", objective, min_cross_department_share=target))
    side = result.stats["side_constraints"]["min_cross_department_share"]
    assert side["achieved"] >= target - 1e-9 or side["infeasible"]
    assert side["cost_in_total_score"] > 0  # the target binds: same-department pairs scored higher
    if objective == "most_matched" and not side["infeasible"]:
        assert side["duality_gap_bound"] is not None and side["duality_gap_bound"] >= 0
