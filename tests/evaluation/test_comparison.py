"""The comparison group: exact on level and department, optimal on tenure, without replacement."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omkeer.evaluation.comparison import Comparison, Person, match


def test_only_the_same_level_and_department_match():
    treated = [Person(1, 2, 10, 100)]
    pool = [Person(2, 3, 10, 100), Person(3, 2, 11, 100), Person(4, 2, 10, 700)]
    assert match(treated, pool).pairs == [(1, 4)]
    assert match(treated, pool[:2]).unmatched == [1]


def test_the_optimal_assignment_beats_nearest_first():
    # nearest first: 1 (100) takes 5 (130), then 2 (140) gets 6 (0): 30 + 140 = 170; the optimum is 100 + 10 = 110
    result = match([Person(1, 2, 10, 100), Person(2, 2, 10, 140)], [Person(5, 2, 10, 130), Person(6, 2, 10, 0)])
    assert result.pairs == [(1, 6), (2, 5)]
    assert result.mean_tenure_gap_days == 55.0


def test_without_replacement_and_the_caliper():
    treated = [Person(1, 2, 10, 100), Person(2, 2, 10, 100)]
    result = match(treated, [Person(5, 2, 10, 100), Person(6, 2, 10, 5000)], caliper_days=730)
    assert result.pairs == [(1, 5)] and result.unmatched == [2]


def test_unknown_tenure_is_the_last_choice_and_participants_are_never_controls():
    treated = [Person(1, 2, 10, 100)]
    assert match(treated, [Person(5, 2, 10, None), Person(6, 2, 10, 300)]).pairs == [(1, 6)]
    assert match(treated, [Person(5, 2, 10, None)]).pairs == [(1, 5)]
    assert match(treated, [Person(1, 2, 10, 100)]).unmatched == [1]


people = st.lists(st.integers(0, 2000), min_size=1, max_size=4)


def _one_stratum(treated, pool):
    """Mentors and candidates of one level and department with these tenures (days; None unknown)."""
    return [Person(i, 1, 1, d) for i, d in enumerate(treated)], [Person(100 + i, 1, 1, d) for i, d in enumerate(pool)]


@settings(max_examples=200, derandomize=True, deadline=None)
@given(treated=people, pool=people)
def test_the_total_gap_is_the_smallest_possible(treated, pool):
    t, p = _one_stratum(treated, pool)
    result = match(t, p, caliper_days=10_000)
    gap = {(a.key, b.key): abs(a.tenure_days - b.tenure_days) for a in t for b in p}
    total = sum(gap[pair] for pair in result.pairs)
    k = min(len(t), len(p))
    best = min(
        sum(gap[a.key, b.key] for a, b in zip(ts, ps, strict=True))
        for ts in itertools.permutations(t, k)
        for ps in itertools.permutations(p, k)
    )
    assert len(result.pairs) == k and total == best
    assert len({b for _a, b in result.pairs}) == k


def _total(result, treated, pool):
    tenure = {p.key: p.tenure_days for p in [*treated, *pool]}
    return sum(abs(tenure[a] - tenure[b]) for a, b in result.pairs)


def test_the_optimum_beats_greedy_by_order_on_the_total_gap():
    # treated 100 and 160, pool 150 and 50. Greedy in key order: 100 → 150 (gap 50), then 160 → 50 (gap 110):
    # total 160. The optimum: 100 → 50 (gap 50) and 160 → 150 (gap 10): total 60
    treated = [Person(1, 3, 7, 100), Person(2, 3, 7, 160)]
    pool = [Person(11, 3, 7, 150), Person(12, 3, 7, 50)]
    result = match(treated, pool)
    assert result.pairs == [(1, 12), (2, 11)] and _total(result, treated, pool) == 60
    assert result.mean_tenure_gap_days == 30.0


def test_the_optimum_serves_more_people_within_the_caliper_than_greedy():
    # caliper 100; treated 100 and 200, pool 100 and 0. Greedy: 100 → 100 (0), then 200 → 0 (200 > caliper): one
    # match. The optimum: 100 → 0 (100, at the caliper, allowed) and 200 → 100 (100): both matched, total 200.
    # (A penalty of only caliper + 1 for a gap above the caliper would prefer the one match: 0 + 101 < 200.)
    treated = [Person(1, 3, 7, 100), Person(2, 3, 7, 200)]
    pool = [Person(11, 3, 7, 100), Person(12, 3, 7, 0)]
    result = match(treated, pool, caliper_days=100)
    assert result.pairs == [(1, 12), (2, 11)] and result.unmatched == []
    assert _total(result, treated, pool) == 200


def test_the_caliper_is_inclusive():
    treated = [Person(1, 3, 7, 1000)]
    assert match(treated, [Person(9, 3, 7, 1730)]).pairs == [(1, 9)]  # gap 730 = the default caliper
    assert match(treated, [Person(9, 3, 7, 1731)]).unmatched == [1]
    assert match(treated, [Person(9, 3, 7, 1000)], caliper_days=0).pairs == [(1, 9)]


def test_never_a_control_of_another_level_or_department():
    treated = [Person(1, 2, 10, 100), Person(2, 3, 10, 100), Person(3, 2, 11, 100)]
    pool = [Person(7, 2, 10, 5000), Person(8, 3, 11, 100), Person(9, 2, 11, 100)]
    result = match(treated, pool)
    assert result.pairs == [(3, 9)] and result.unmatched == [1, 2]  # 7's gap 4900 > caliper


def test_more_treated_than_controls_and_without_replacement():
    treated = [Person(k, 1, 1, t) for k, t in [(1, 10), (2, 20), (3, 30)]]
    result = match(treated, [Person(9, 1, 1, 21)])
    assert result.pairs == [(2, 9)] and result.unmatched == [1, 3]


def test_unknown_tenure_costs_the_caliper():
    # 2 has no tenure: any control costs 730; 1 (tenure 100) is closer to 6 (gap 200) than to 5 (unknown, 730),
    # so the optimum is 1 → 6, 2 → 5 (200 + 730), not 1 → 5, 2 → 6 (730 + 730)
    treated = [Person(1, 2, 10, 100), Person(2, 2, 10, None)]
    result = match(treated, [Person(5, 2, 10, None), Person(6, 2, 10, 300)])
    assert result.pairs == [(1, 6), (2, 5)]
    assert result.mean_tenure_gap_days == 200.0  # the unknown gap does not count in the mean
    assert match([Person(2, 2, 10, None)], [Person(5, 2, 10, None)]).mean_tenure_gap_days is None
    assert match([Person(1, 2, 10, None)], [Person(5, 2, 10, 4000)], caliper_days=0).pairs == [(1, 5)]


def test_the_order_of_the_input_does_not_matter():
    treated = [Person(k, k % 2, 1, 100 * k) for k in range(1, 9)]
    pool = [Person(100 + k, k % 2, 1, 90 * k) for k in range(1, 12)]
    result = match(treated, pool)
    assert match(treated[::-1], pool[::-1]) == result
    assert result.pairs == sorted(result.pairs) and [a for a, _b in result.pairs] == sorted(a for a, _b in result.pairs)


def test_empty_and_invalid_input():
    assert match([], []) == Comparison([], [], None)
    assert match([Person(1, 1, 1, 5)], []) == Comparison([], [1], None)
    with pytest.raises(ValueError):
        match([Person(1, 1, 1, 5), Person(1, 1, 1, 6)], [])
    with pytest.raises(ValueError):
        match([Person(1, 1, 1, 5)], [Person(2, 1, 1, 5)], caliper_days=-1)


def _best(treated, pool, caliper):
    """Brute force, stratum by stratum: the most pairs within the caliper, then the smallest total cost."""
    best_count, best_cost = 0, 0
    for stratum in {(p.level, p.department) for p in treated}:
        ts = [p for p in treated if (p.level, p.department) == stratum]
        cs = [p for p in pool if (p.level, p.department) == stratum]
        options = []
        for k in range(min(len(ts), len(cs)) + 1):
            for chosen in itertools.permutations(cs, k):
                for served in itertools.combinations(ts, k):
                    costs = [_cost(a, b, caliper) for a, b in zip(served, chosen, strict=True)]
                    if all(c <= caliper for c in costs):
                        options.append((-k, sum(costs)))
        count, cost = min(options)
        best_count, best_cost = best_count - count, best_cost + cost
    return best_count, best_cost


def _cost(a, b, caliper):
    return caliper if a.tenure_days is None or b.tenure_days is None else abs(a.tenure_days - b.tenure_days)


# few strata (department 0 mostly) and tenures on a grid of the calipers' scale, so that people compete for the
# same controls and gaps at, near and above the caliper are common
person = st.tuples(
    st.integers(0, 1),
    st.sampled_from([0, 0, 0, 1]),
    st.one_of(st.none(), st.sampled_from([0, 50, 100, 150, 200, 300, 1000]), st.integers(0, 400)),
)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    treated=st.lists(person, max_size=5),
    pool=st.lists(person, max_size=6),
    caliper=st.sampled_from([0, 50, 100, 150, 730]),
    overlap=st.integers(0, 2),
)
def test_as_many_pairs_and_as_small_a_total_as_brute_force(treated, pool, caliper, overlap):
    t = [Person(i, lv, dep, d) for i, (lv, dep, d) in enumerate(treated)]
    # the first `overlap` pool keys are treated keys: they must be ignored
    p = [Person(i if i < overlap else 100 + i, lv, dep, d) for i, (lv, dep, d) in enumerate(pool)]
    eligible = [c for c in p if c.key not in {x.key for x in t}]
    result = match(t, p, caliper_days=caliper)
    by_key = {x.key: x for x in [*t, *eligible]}
    assert all(b in {c.key for c in eligible} for _a, b in result.pairs)
    assert all(
        (by_key[a].level, by_key[a].department) == (by_key[b].level, by_key[b].department) for a, b in result.pairs
    )
    assert len({b for _a, b in result.pairs}) == len(result.pairs)  # without replacement
    assert sorted([*(a for a, _b in result.pairs), *result.unmatched]) == [x.key for x in t]
    costs = [_cost(by_key[a], by_key[b], caliper) for a, b in result.pairs]
    assert all(c <= caliper for c in costs)
    assert (len(result.pairs), sum(costs)) == _best(t, eligible, caliper)


crowded = st.lists(st.one_of(st.none(), st.sampled_from([0, 50, 100, 150, 200, 250])), min_size=2, max_size=3)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(treated=crowded, pool=crowded)
def test_in_one_crowded_stratum_as_many_pairs_within_the_caliper_as_possible(treated, pool):
    # one stratum, gaps of 0 to 250 days on a 50-day grid against a caliper of 100: serving one more person often
    # costs more in total, and the optimum must still serve them
    t, p = _one_stratum(treated, pool)
    result = match(t, p, caliper_days=100)
    by_key = {x.key: x for x in [*t, *p]}
    costs = [_cost(by_key[a], by_key[b], 100) for a, b in result.pairs]
    assert (len(result.pairs), sum(costs)) == _best(t, p, 100)
