"""The statistics, each against a small example worked out by hand here and against SciPy called directly."""

from __future__ import annotations

import math
import warnings

import pytest
from scipy import stats as scipy_stats

from omkeer.evaluation import stats

BEFORE = [2, 3, 3, 4, 2, 3]
AFTER = [4, 4, 3, 5, 3, 5]


def test_paired_by_hand():
    # differences 2, 1, 0, 1, 1, 2: mean 7/6; squared deviations sum to 2.8333, so sd = sqrt(2.8333 / 5) = 0.7528
    result = stats.paired(BEFORE, AFTER)
    assert result.n == 6 and result.conclusive
    assert result.mean_change == pytest.approx(7 / 6)
    assert (result.before_mean, result.after_mean) == (pytest.approx(17 / 6), pytest.approx(4.0))
    assert result.effect_size == pytest.approx((7 / 6) / math.sqrt(2.8333333 / 5), rel=1e-5)


def test_paired_against_scipy():
    result = stats.paired(BEFORE, AFTER)
    assert result.wilcoxon_p == pytest.approx(scipy_stats.wilcoxon(AFTER, BEFORE).pvalue)
    t = scipy_stats.ttest_rel(AFTER, BEFORE)
    assert result.t_p == pytest.approx(t.pvalue)
    ci = t.confidence_interval()
    assert (result.change_ci.low, result.change_ci.high) == (pytest.approx(ci.low), pytest.approx(ci.high))


def test_the_bootstrap_interval_is_repeatable_and_holds_the_estimate():
    first, again = stats.paired(BEFORE, AFTER, seed=3), stats.paired(BEFORE, AFTER, seed=3)
    assert first.effect_ci == again.effect_ci
    assert first.effect_ci.low < first.effect_size < first.effect_ci.high


def test_too_few_people_give_figures_but_no_tests():
    result = stats.paired([1, 2, 3, 2], [2, 3, 4, 4])
    assert result.n == 4 and not result.conclusive
    assert result.mean_change == pytest.approx(1.25)
    assert (result.wilcoxon_p, result.t_p, result.change_ci, result.effect_size) == (None, None, None, None)


def test_degenerate_input_gives_none_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same = stats.paired([3] * 6, [3] * 6)
        shifted = stats.paired([2] * 6, [3] * 6)
        flat = stats.mean([4.0] * 7)
        nobody_left = stats.survival([10, 20, 30], [False, False, False])
        no_events = stats.logrank(([1.0] * 5, [False] * 5), ([2.0] * 5, [False] * 5))
    assert same.mean_change == 0 and same.wilcoxon_p is None and same.t_p is None
    assert shifted.mean_change == 1 and shifted.change_ci is None
    assert flat.mean == 4.0 and flat.ci is None
    assert nobody_left.survival == [1.0, 1.0] and nobody_left.events == 0
    assert no_events.p is None and not no_events.conclusive


def test_mismatched_lengths_are_an_error():
    with pytest.raises(ValueError, match="before has 2 values, after 3"):
        stats.paired([1, 2], [1, 2, 3])


def test_mean_against_scipy():
    values = [3.0, 4.0, 4.0, 5.0, 2.0, 4.0]
    result = stats.mean(values)
    low, high = scipy_stats.t.interval(0.95, len(values) - 1, loc=sum(values) / 6, scale=scipy_stats.sem(values))
    assert result.mean == pytest.approx(22 / 6)
    assert (result.ci.low, result.ci.high) == (pytest.approx(low), pytest.approx(high))


def test_the_wilson_interval_by_hand():
    # 7 of 10: centre (p + z²/2n) / (1 + z²/n), half-width z·sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n)
    z, n, p = scipy_stats.norm.ppf(0.975), 10, 0.7
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    result = stats.share(7, 10)
    assert result.share == 0.7
    assert (result.ci.low, result.ci.high) == (pytest.approx(centre - half), pytest.approx(centre + half))
    assert (round(result.ci.low, 4), round(result.ci.high, 4)) == (0.3968, 0.8922)
    assert stats.share(3, 4).ci is None and not stats.share(3, 4).conclusive
    with pytest.raises(ValueError):
        stats.share(5, 4)


def test_holm_by_hand():
    # m = 3 (None does not count): sorted .01, .03, .04 → 3·.01 = .03, 2·.03 = .06, max(.06, 1·.04) = .06
    assert stats.holm([0.01, 0.04, 0.03, None]) == [pytest.approx(0.03), pytest.approx(0.06), pytest.approx(0.06), None]
    assert stats.holm([0.5, 0.6]) == [pytest.approx(1.0), pytest.approx(1.0)]  # capped at 1
    assert stats.holm([]) == []


def test_kaplan_meier_by_hand():
    # six people; one leaves at day 1 (6 at risk: 5/6), one at day 3 (4 at risk: 5/6 · 3/4 = 0.625)
    curve = stats.survival([1, 2, 3, 4, 5, 6], [True, False, True, False, False, False])
    assert curve.n == 6 and curve.events == 2
    assert stats.survival_at(curve, 0.5) == 1.0
    assert stats.survival_at(curve, 2) == pytest.approx(5 / 6)
    assert stats.survival_at(curve, 10) == pytest.approx(0.625)
    assert all(low <= s <= high for s, low, high in zip(curve.survival, curve.low, curve.high, strict=True))


def test_logrank_and_fisher_against_scipy():
    a = ([30.0, 60, 90, 120, 180, 365, 365], [True, True, False, True, False, False, False])
    b = ([365.0, 365, 200, 365, 365, 365], [False, False, True, False, False, False])
    result = stats.logrank(a, b)
    expected = scipy_stats.logrank(
        scipy_stats.CensoredData(uncensored=[30, 60, 120], right=[90, 180, 365, 365]),
        scipy_stats.CensoredData(uncensored=[200], right=[365, 365, 365, 365, 365]),
    )
    assert result.p == pytest.approx(expected.pvalue) and result.statistic == pytest.approx(expected.statistic)
    two = stats.two_shares(9, 12, 3, 12)
    assert two.p == pytest.approx(scipy_stats.fisher_exact([[9, 3], [3, 9]]).pvalue)
    assert two.difference == pytest.approx(0.5)
    assert stats.logrank(([1.0] * 4, [True] * 4), b).p is None  # a group under 5
