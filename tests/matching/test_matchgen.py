"""The benchmark's instance generator and its greedy baseline (bench/): deterministic, well formed, valid."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import bench_matching  # noqa: E402
import matchgen  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return matchgen.generate(200, 100, seed=7, untrained=True)


def test_same_seed_gives_same_instance(data):
    assert matchgen.generate(200, 100, seed=7, untrained=True) == data
    assert matchgen.generate(200, 100, seed=8, untrained=True) != data


def test_ids_are_unique_and_participants_are_employees(data):
    ids = [e["id"] for e in data["employees"]]
    assert len(ids) == len(set(ids))
    for group in ("mentors", "mentees"):
        people = [p["id"] for p in data[group]]
        assert len(people) == len(set(people)) and set(people) <= set(ids)
    assert (len(data["mentees"]), len(data["mentors"])) == (200, 100)


def test_manager_tree_has_one_root_and_no_cycles(data):
    manager = {e["id"]: e["manager"] for e in data["employees"]}
    assert [e for e, boss in manager.items() if boss is None] == ["E000000"]
    assert set(manager.values()) - {None} <= set(manager)
    for person in manager:
        seen = set()
        while person is not None:
            assert person not in seen
            seen.add(person)
            person = manager[person]


def test_nobody_outranks_their_manager(data):
    level = {e["id"]: e["level"] for e in data["employees"]}
    assert all(level[e["id"]] <= level[e["manager"]] for e in data["employees"] if e["manager"])


def test_levels_capacities_and_skills_are_in_range(data):
    level = {e["id"]: e["level"] for e in data["employees"]}
    assert {level[m["id"]] for m in data["mentors"]} <= {1, 2, 3, 4}
    assert {level[m["id"]] for m in data["mentees"]} <= {6, 7, 8, 9, 10}
    assert {m["capacity"] for m in data["mentors"]} == {1, 2, 3}
    assert all(2 <= len(m["wants"]) <= 4 and set(m["wants"]) <= set(matchgen.DIGITAL) for m in data["mentees"])
    assert all(len(p["interests"]) <= 4 for p in data["mentors"] + data["mentees"])
    assert Counter(m["trained"] for m in data["mentors"])[False] < 20


def test_departments_grow_with_the_organisation():
    assert matchgen.department_count(500) == 8
    assert matchgen.department_count(165_000) == 17
    assert matchgen.department_count(10**7) == 20


def test_vectorised_scores_and_rules_agree_with_the_definitions(data):
    inst = bench_matching.load(data)
    skill, score, eligible = bench_matching.block_parts(inst, 0, 50, np.arange(len(inst.mentors)))
    for i, mentee in enumerate(inst.mentees[:50]):
        for r, mentor in enumerate(inst.mentors):
            s, total = bench_matching.pair_score(inst, mentee, mentor)
            assert skill[i, r] == pytest.approx(s, abs=1e-12) and score[i, r] == pytest.approx(total, abs=1e-12)
            assert eligible[i, r] == (not bench_matching.conflicts(inst, mentee, mentor))
    assert 0 < eligible.mean() < 1


def test_any_depth_blocks_the_whole_management_chain(data):
    deep = bench_matching.load({**data, "rules": {**data["rules"], "reporting_line_depth": None}})
    chain = bench_matching.managers(deep, data["mentors"][0]["id"], None)
    assert chain and "E000000" in chain
    assert len(chain) > len(bench_matching.managers(deep, data["mentors"][0]["id"], 2))


def test_greedy_pairs_are_valid_and_respect_capacity(data):
    inst = bench_matching.load(data)
    pairs = bench_matching.greedy(inst)
    check = bench_matching.check(inst, bench_matching.to_output(inst, pairs, 0.0, "greedy"))
    assert not check.invalid and check.matched == len(pairs) > 150
    load = Counter(r for _, r in pairs)
    assert all(load[r] <= inst.mentors[r]["capacity"] for r in load)
    assert len({i for i, _ in pairs}) == len(pairs)


def test_exact_reference_is_at_least_as_good_as_greedy(data):
    inst = bench_matching.load(data)
    best = bench_matching.check(inst, bench_matching.to_output(inst, bench_matching.scipy_exact(inst), 0.0, "scipy"))
    first = bench_matching.check(inst, bench_matching.to_output(inst, bench_matching.greedy(inst), 0.0, "greedy"))
    assert not best.invalid
    assert (best.matched, best.total) >= (first.matched, first.total)
