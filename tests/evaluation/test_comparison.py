"""The comparison group: exact on level and department, optimal on tenure, without replacement."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from omkeer.evaluation.comparison import Person, match


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


@settings(max_examples=200, derandomize=True, deadline=None)
@given(treated=people, pool=people)
def test_the_total_gap_is_the_smallest_possible(treated, pool):
    t = [Person(i, 1, 1, d) for i, d in enumerate(treated)]
    p = [Person(100 + i, 1, 1, d) for i, d in enumerate(pool)]
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
