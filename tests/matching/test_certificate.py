"""The certificate's machinery on instances big enough for several tiles, blocks and rounds, with its knobs
turned so that every path runs (refresh of the reference prices, rescored tiles, pruned flows, the dense
team rule), against SciPy's dense assignment (`ref_optimum`, which never calls the engine's scoring)."""

from __future__ import annotations

import pytest

from omkeer.matching import engine
from tests.matching.test_engine import _random_problem, assert_optimal, assert_scores, assert_valid


@pytest.mark.parametrize(
    ("seed", "n", "m", "candidates", "objective"),
    [
        (11, 150, 70, 2, "most_matched"),
        (12, 150, 70, 1, "best_score"),
        (13, 200, 100, 3, "most_matched"),
        (14, 120, 90, 50, "best_score"),
    ],
)
@pytest.mark.parametrize("knobs", ["small blocks", "always refresh", "never refresh", "no near pairs"])
def test_optimum_whatever_the_knobs(monkeypatch, seed, n, m, candidates, objective, knobs):
    monkeypatch.setattr(engine, "BLOCK_PAIRS", 700)  # blocks of 8 mentees: many blocks, every block path
    monkeypatch.setattr(engine, "CHUNK", 64)
    monkeypatch.setattr(engine, "TILE", 8)
    monkeypatch.setattr(engine, "GROUP_TILES", 2)
    if knobs == "always refresh":
        monkeypatch.setattr(engine, "REFRESH", 0.0)
    elif knobs == "never refresh":
        monkeypatch.setattr(engine, "REFRESH", 2.0)
        monkeypatch.setattr(engine, "PRUNE_AFTER", 2.0)
    elif knobs == "no near pairs":
        monkeypatch.setattr(engine, "NEAR_PER_ROW", 0)
        monkeypatch.setattr(engine, "ADD_PER_ROW", 1)
        monkeypatch.setattr(engine, "NEAR_SLACK", 0.0)
    problem = _random_problem(seed, n, m, candidates, objective)
    result = engine.match(problem)
    assert_valid(problem, result)
    assert_optimal(problem, result)
    assert_scores(problem, result)


def test_dense_team_rule_gives_the_same_result(monkeypatch):
    problem = _random_problem(21, 80, 30, 3)
    sparse = engine.match(problem)
    monkeypatch.setattr(engine, "TEAM_PAIRS_MAX", -1)
    p = engine.prepare(problem)
    assert p.team_dense
    dense = engine.match(problem)
    assert [(x.mentor, x.mentee) for x in dense.pairs] == [(x.mentor, x.mentee) for x in sparse.pairs]
    assert_optimal(problem, dense)


def test_certificate_reports_its_work():
    problem = _random_problem(22, 300, 60, 2)
    certificate = engine.match(problem).stats["certificate"]
    assert certificate["optimal"] is True
    assert certificate["full_passes"] >= 1
    assert certificate["tiles_scored"] >= 1
    assert certificate["rounds"] >= 1


def test_one_blas_thread_restores_the_setting():
    lib = engine._openblas()
    if lib is None:  # pragma: no cover - NumPy without its bundled OpenBLAS
        pytest.skip("no bundled OpenBLAS")
    before = lib.scipy_openblas_get_num_threads64_()
    with engine._one_blas_thread():
        assert lib.scipy_openblas_get_num_threads64_() == 1
    assert lib.scipy_openblas_get_num_threads64_() == before
