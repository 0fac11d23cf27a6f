"""The statistics, each against a small example worked out by hand here and against SciPy called directly."""

from __future__ import annotations

import itertools
import math
import statistics
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


# --- worked by hand, in more detail ------------------------------------------------------------------------------


def test_the_paired_t_interval_and_tests_by_hand():
    # differences after − before: 2, 1, 0, 1, 1, 2 → mean 7/6 = 1.1667
    # deviations .8333, −.1667, −1.1667, −.1667, −.1667, .8333 → squares .6944 + .0278 + 1.3611 + 3·.0278 + .6944
    #   = 2.8333 → variance 2.8333 / 5 = .5667, sd .7528 → d_z = 1.1667 / .7528 = 1.5498
    # se = .7528 / √6 = .3073; t = 1.1667 / .3073 = 3.796 on 5 df; t(.975, 5) = 2.5706 → 1.1667 ± .7900
    result = stats.paired(BEFORE, AFTER)
    sd = math.sqrt(17 / 6 / 5)  # 2.8333 = 17/6
    se = sd / math.sqrt(6)
    assert result.effect_size == pytest.approx((7 / 6) / sd) and round(result.effect_size, 4) == 1.5498
    half = scipy_stats.t.ppf(0.975, 5) * se
    assert (result.change_ci.low, result.change_ci.high) == (pytest.approx(7 / 6 - half), pytest.approx(7 / 6 + half))
    assert (round(result.change_ci.low, 4), round(result.change_ci.high, 4)) == (0.3767, 1.9567)
    assert result.t_p == pytest.approx(2 * scipy_stats.t.sf((7 / 6) / se, 5))
    # Wilcoxon drops the zero; the five others are all positive: of 2⁵ equally likely sign patterns only
    # "all +" and "all −" are this extreme → p = 2/32
    assert result.wilcoxon_p == pytest.approx(2 / 32)


def test_paired_against_scipy_with_losses_and_zeros():
    before = [3, 4, 2, 5, 3, 3, 4, 2, 1, 5, 4, 3]
    after = [4, 3, 2, 5, 5, 4, 2, 3, 3, 4, 5, 5]
    diff = [a - b for a, b in zip(after, before, strict=True)]
    result = stats.paired(before, after)
    t = scipy_stats.ttest_rel(after, before)
    ci = t.confidence_interval()
    assert result.n == 12 and result.conclusive
    assert result.mean_change == pytest.approx(sum(diff) / 12)
    assert result.wilcoxon_p == pytest.approx(scipy_stats.wilcoxon(after, before).pvalue)
    assert result.t_p == pytest.approx(t.pvalue)
    assert (result.change_ci.low, result.change_ci.high) == (pytest.approx(ci.low), pytest.approx(ci.high))
    assert result.effect_size == pytest.approx(sum(diff) / 12 / statistics.stdev(diff))


def _dz_by_hand(before, after, axis=-1):
    """d_z of each resample, as SciPy's bootstrap calls it (±inf without spread, 0 for 0 / 0)."""
    diff = np.asarray(after) - np.asarray(before)
    with np.errstate(divide="ignore", invalid="ignore"):
        dz = np.mean(diff, axis=axis) / np.std(diff, ddof=1, axis=axis)
    return np.where(np.isnan(dz), 0.0, dz)


def _scipy_bootstrap(before, after, **options):
    """SciPy's own paired bootstrap interval of d_z (the reference the engine's interval is checked against)."""
    return scipy_stats.bootstrap((before, after), _dz_by_hand, paired=True, vectorized=True, **options)


def test_the_bootstrap_is_scipys_bca_with_the_seed_and_resamples_given():
    before = [3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]
    after = [4.0, 3, 4, 4, 6, 9, 5, 7, 9, 3, 8, 9]
    result = stats.paired(before, after, seed=7, n_resamples=500)
    direct = _scipy_bootstrap(before, after, n_resamples=500, method="BCa", rng=np.random.default_rng(7))
    direct = direct.confidence_interval
    assert (result.effect_ci.low, result.effect_ci.high) == (pytest.approx(direct.low), pytest.approx(direct.high))
    assert result.effect_ci.low < result.effect_size < result.effect_ci.high
    assert stats.paired(before, after, seed=7, n_resamples=500) == result  # same seed, same everything
    assert stats.paired(before, after, seed=8, n_resamples=500).effect_ci != result.effect_ci


def test_the_bootstrap_falls_back_to_the_percentile_interval():
    # differences 0, −1, 2, 2, −1: resamples of one repeated difference have d_z = ±inf, and BCa's adjusted levels
    # reach them (an infinite bound), while the plain 2.5 % and 97.5 % percentiles stay finite
    before, after = [0.0] * 5, [0.0, -1, 2, 2, -1]
    with np.errstate(invalid="ignore"):  # SciPy's own arithmetic on the ±inf resamples
        bca = _scipy_bootstrap(before, after, n_resamples=2000, method="BCa", rng=np.random.default_rng(0))
        assert not np.isfinite(bca.confidence_interval.high)
        percentile = _scipy_bootstrap(before, after, n_resamples=0, method="percentile", bootstrap_result=bca)
        percentile = percentile.confidence_interval
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = stats.paired(before, after)
    assert (result.effect_ci.low, result.effect_ci.high) == (
        pytest.approx(percentile.low),
        pytest.approx(percentile.high),
    )
    assert result.effect_ci.low < result.effect_size < result.effect_ci.high


def test_an_unbounded_bootstrap_interval_is_none():
    # differences 1, 1, 1, 1, 2: a resample of only 1s (chance (4/5)⁵ = 33 %) has d_z = 1 / 0 = inf, so the upper
    # bound is infinite by either method
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = stats.paired([0] * 5, [1, 1, 1, 1, 2])
    assert result.effect_size == pytest.approx(1.2 / math.sqrt(0.2))  # sd of 1, 1, 1, 1, 2 = √(.8 / 4)
    assert result.effect_ci is None and result.change_ci is not None and result.conclusive


# --- too few, degenerate, invalid ---------------------------------------------------------------------------------


def test_under_five_people_nothing_is_concluded():
    assert stats.paired([], []) == stats.Paired(0, None, None, None, None, None, None, None, None, conclusive=False)
    few = stats.paired([1, 2, 3, 4], [2, 2, 3, 5])
    assert (few.before_mean, few.after_mean) == (2.5, 3.0) and few.effect_ci is None
    small = stats.mean([1.0, 2.0, 4.0])
    assert (small.n, small.mean, small.ci, small.conclusive) == (3, pytest.approx(7 / 3), None, False)
    assert stats.mean([]) == stats.Mean(0, None, None, conclusive=False)
    assert stats.share(0, 0) == stats.Share(0, 0, None, None, conclusive=False)
    assert stats.share(2, 4) == stats.Share(4, 2, 0.5, None, conclusive=False)
    two = stats.two_shares(3, 4, 1, 10)
    assert (two.difference, two.p, two.conclusive) == (pytest.approx(0.65), None, False)
    assert stats.two_shares(0, 0, 1, 10).difference is None
    curve = stats.survival([1, 2, 3], [True, False, False])
    assert curve.survival == [1.0, pytest.approx(2 / 3), pytest.approx(2 / 3)] and not curve.conclusive
    assert stats.logrank(([1, 2, 3, 4, 5], [True] * 5), ([1, 2, 3, 4], [True] * 4)) == stats.LogRank(None, None, False)


def test_degenerate_input_never_warns():
    floats = [0.1, 0.2, 0.7, 1.3, 2.9, 0.4]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        zero = stats.paired([3, 1, 4, 1, 5], [3, 1, 4, 1, 5])
        shifted = stats.paired([1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7])
        rounding = stats.paired(floats, [x + 0.1 for x in floats])  # differences .1 up to the last bit
        one = stats.paired([0] * 5, [0, 0, 0, 0, 1])
        flat = stats.mean([0.1 + 0.2, 0.3, 0.3, 0.1 * 3, 0.3])
        everyone_left = stats.survival([1, 2, 3, 4, 5], [True] * 5)
        nobody_left = stats.logrank(([1, 2, 3, 4, 5], [False] * 5), ([1, 2, 3, 4, 5], [False] * 5))
        no_variance = stats.logrank(([10] * 5, [True] * 5), ([1, 2, 3, 4, 5], [False] * 5))
        same_groups = stats.logrank(*[([1, 2, 3, 4, 5], [True, False, True, False, False])] * 2)
        nobody_promoted = stats.two_shares(0, 5, 0, 5)
    # every difference 0: no test, and d_z = 0 / 0 is None (not 0)
    assert (zero.mean_change, zero.wilcoxon_p, zero.t_p, zero.effect_size, zero.effect_ci) == (
        0,
        None,
        None,
        None,
        None,
    )
    assert zero.conclusive  # five people, nothing changed: that is a finding, not too few
    # the same non-zero difference for everyone: Wilcoxon holds (exact: 2/2⁶), the t-test and d_z = c / 0 do not
    assert shifted.wilcoxon_p == pytest.approx(2 / 64) and (shifted.t_p, shifted.change_ci, shifted.effect_size) == (
        None,
        None,
        None,
    )
    assert rounding.mean_change == pytest.approx(0.1) and rounding.t_p is None and rounding.effect_size is None
    assert one.wilcoxon_p == 1.0 and one.t_p == pytest.approx(scipy_stats.ttest_rel([0, 0, 0, 0, 1], [0] * 5).pvalue)
    assert flat.mean == pytest.approx(0.3) and flat.ci is None and flat.conclusive
    # S reaches 0 with the last leaver: SciPy's Greenwood band is NaN there (0 · inf); ours is 0 to 0
    assert everyone_left.survival[-1] == 0 and (everyone_left.low[-1], everyone_left.high[-1]) == (0.0, 0.0)
    assert nobody_left == stats.LogRank(None, None, False)
    assert no_variance == stats.LogRank(None, None, False)  # every event when only group a was at risk
    assert (same_groups.statistic, same_groups.p, same_groups.conclusive) == (0.0, 1.0, True)
    assert (nobody_promoted.p, nobody_promoted.difference) == (1.0, 0.0)


def test_invalid_input_is_an_error():
    for call in (
        lambda: stats.paired([1, 2, float("nan")], [1, 2, 3]),
        lambda: stats.mean([1.0, float("inf")]),
        lambda: stats.share(-1, 5),
        lambda: stats.two_shares(1, 5, 6, 5),
        lambda: stats.holm([0.5, 1.5]),
        lambda: stats.survival([1, 2], [True]),
        lambda: stats.survival([-1, 2], [True, False]),
        lambda: stats.logrank(([1, 2], [True]), ([1], [True])),
    ):
        with pytest.raises(ValueError):
            call()


# --- shares, Holm, Kaplan–Meier, log-rank ------------------------------------------------------------------------


def test_the_wilson_interval_at_the_edges():
    # 0 of 10: centre z²/2n / (1 + z²/n) equals the half-width, so the interval starts at exactly 0
    z, n = scipy_stats.norm.ppf(0.975), 10
    high = 2 * (z * z / (2 * n)) / (1 + z * z / n)
    none = stats.share(0, 10)
    assert (none.ci.low, none.ci.high) == (0.0, pytest.approx(high))
    everyone = stats.share(10, 10)
    assert (everyone.ci.low, everyone.ci.high) == (pytest.approx(1 - high), 1.0)


def test_holm_keeps_order_ties_and_monotony():
    # m = 4: sorted .01, .02, .02, .5 → .04, max(.04, .06) = .06, max(.06, .04) = .06, max(.06, .5) = .5
    assert stats.holm([0.5, 0.02, 0.01, 0.02]) == [pytest.approx(v) for v in (0.5, 0.06, 0.04, 0.06)]
    assert stats.holm([None, None]) == [None, None]
    assert stats.holm([0.03]) == [pytest.approx(0.03)]


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0, 1)), max_size=8))
def test_holm_is_monotone_capped_and_never_below_the_raw_p(pvalues):
    adjusted = stats.holm(pvalues)
    pairs = sorted((p, q) for p, q in zip(pvalues, adjusted, strict=True) if p is not None)
    assert all(q is None for p, q in zip(pvalues, adjusted, strict=True) if p is None)
    assert all(p <= q <= 1 for p, q in pairs)
    assert all(q1 <= q2 for (_p1, q1), (_p2, q2) in itertools.pairwise(pairs))
    m = len(pairs)
    assert all(q <= min(1.0, m * p) + 1e-12 for p, q in pairs)  # never worse than Bonferroni


def test_kaplan_meier_steps_and_band_by_hand():
    # 6 at risk at day 1, one leaves: S = 5/6; Greenwood var = S² · 1/(6·5) → se = (5/6)·√(1/30) = .1521
    # day 2 censored; 4 at risk at day 3, one leaves: S = 5/6 · 3/4 = .625; var = S² · (1/30 + 1/(4·3)) → se = .2135
    # then censored at 4, 5, 6: the curve stays at .625 until day 6, where follow-up ends
    curve = stats.survival([1, 2, 3, 4, 5, 6], [True, False, True, False, False, False])
    z = scipy_stats.norm.ppf(0.975)
    se1, se3 = (5 / 6) * math.sqrt(1 / 30), 0.625 * math.sqrt(1 / 30 + 1 / 12)
    assert curve.times == [0.0, 1.0, 3.0, 6.0]
    assert curve.survival == [1.0, pytest.approx(5 / 6), pytest.approx(0.625), pytest.approx(0.625)]
    assert curve.low == [
        1.0,
        pytest.approx(5 / 6 - z * se1),
        pytest.approx(0.625 - z * se3),
        pytest.approx(0.625 - z * se3),
    ]
    assert curve.high == [1.0, 1.0, 1.0, 1.0]  # 5/6 + z·se1 = 1.13 and .625 + z·se3 = 1.04, clipped to 1
    assert (round(curve.low[1], 4), round(curve.low[2], 4)) == (0.5351, 0.2066)
    assert stats.survival_at(curve, -1) == 1.0 and stats.survival_at(curve, 1) == pytest.approx(5 / 6)
    assert stats.survival_at(curve, 2.999) == pytest.approx(5 / 6) and stats.survival_at(curve, 3) == 0.625


def test_kaplan_meier_against_scipy():
    durations = [30.0, 60, 60, 90, 120, 180, 200, 365, 365, 365]
    left = [True, True, False, True, False, True, True, False, False, False]
    curve = stats.survival(durations, left)
    sf = scipy_stats.ecdf(
        scipy_stats.CensoredData(
            uncensored=[d for d, x in zip(durations, left, strict=True) if x],
            right=[d for d, x in zip(durations, left, strict=True) if not x],
        )
    ).sf
    band = sf.confidence_interval()
    for t in [0, 15, 30, 45, 60, 100, 180, 199, 200, 365, 400]:
        assert stats.survival_at(curve, t) == pytest.approx(float(sf.evaluate(t)))
    for t, low, high in zip(curve.times[1:], curve.low[1:], curve.high[1:], strict=True):
        assert (low, high) == (pytest.approx(band.low.evaluate(t)), pytest.approx(band.high.evaluate(t)))
    assert (curve.n, curve.events, curve.times[-1]) == (10, 5, 365.0)


def test_kaplan_meier_without_events_or_with_one_at_zero():
    assert stats.survival([], []) == stats.Curve(0, 0, [0.0], [1.0], [1.0], [1.0], conclusive=False)
    flat = stats.survival([5, 9, 9, 12, 3], [False] * 5)
    assert (flat.times, flat.survival, flat.low, flat.high) == ([0.0, 12.0], [1.0, 1.0], [1.0, 1.0], [1.0, 1.0])
    assert flat.conclusive
    # someone left on day 0: the curve starts at 1 and drops at once; at 0 it is already 4/5
    dropped = stats.survival([0, 4, 5, 6, 7], [True, False, False, False, False])
    assert dropped.times[:2] == [0.0, 0.0] and dropped.survival[:2] == [1.0, pytest.approx(0.8)]
    assert stats.survival_at(dropped, 0) == pytest.approx(0.8)


def test_logrank_is_scipys_and_antisymmetric():
    a = ([10.0, 20, 30, 40, 50, 60], [True, True, True, False, True, False])
    b = ([15.0, 70, 80, 90, 90, 90, 90], [True, False, True, False, False, False, False])
    result, swapped = stats.logrank(a, b), stats.logrank(b, a)
    expected = scipy_stats.logrank(
        scipy_stats.CensoredData(uncensored=[10, 20, 30, 50], right=[40, 60]),
        scipy_stats.CensoredData(uncensored=[15, 80], right=[70, 90, 90, 90, 90]),
    )
    assert (result.statistic, result.p) == (pytest.approx(expected.statistic), pytest.approx(expected.pvalue))
    assert result.statistic > 0  # group a leaves sooner
    assert swapped.statistic == pytest.approx(-result.statistic) and swapped.p == pytest.approx(result.p)


def test_two_shares_against_scipy():
    two = stats.two_shares(2, 7, 6, 8)
    assert two.p == pytest.approx(scipy_stats.fisher_exact([[2, 5], [6, 2]], alternative="two-sided").pvalue)
    assert two.difference == pytest.approx(2 / 7 - 6 / 8)
    assert (two.a, two.b) == (stats.share(2, 7), stats.share(6, 8)) and two.conclusive
