"""The statistics of the impact dashboard: thin, total wrappers around SciPy, pure (no Django).

Every figure comes from SciPy except Holm's step-down correction, which SciPy does not have. Below `MIN_N` people
a result is "too few to conclude": n and the descriptive figures (means, shares, the survival curve) are still
returned, but p-values, confidence intervals and effect sizes are None and `conclusive` is False.

Degenerate data never raises and never warns: where a statistic is undefined (no spread, no events) it is None,
as each function's docstring says. SciPy's warnings are silenced only around those documented cases. Input is
assumed NaN-free; lengths, ranges and finiteness are checked (ValueError).
"""

from __future__ import annotations

import warnings
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import stats

MIN_N = 5  # fewer people: too few to conclude
CONFIDENCE = 0.95
_FLAT = 100 * np.finfo(float).eps  # relative spread below which values count as constant (SciPy warns at 10 eps)

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Interval:
    """A confidence interval, in the unit of its estimate."""

    low: float
    high: float


@dataclass(frozen=True)
class Paired:
    """Before/after of the same people: the change, two tests of it and its standardised size."""

    n: int
    before_mean: float | None
    after_mean: float | None
    mean_change: float | None  # mean of after - before
    change_ci: Interval | None  # 95 % t interval of the mean change (ttest_rel)
    wilcoxon_p: float | None  # Wilcoxon signed-rank, two-sided, zero differences dropped
    t_p: float | None  # paired t-test, two-sided
    effect_size: float | None  # Cohen's d_z = mean(diff) / sd(diff, ddof=1)
    effect_ci: Interval | None  # 95 % bootstrap interval of d_z (BCa, else percentile)
    conclusive: bool


@dataclass(frozen=True)
class Mean:
    """The mean of one group's values with its t-based 95 % interval."""

    n: int
    mean: float | None
    ci: Interval | None
    conclusive: bool


@dataclass(frozen=True)
class Share:
    """k of n, with Wilson's 95 % interval."""

    n: int
    k: int
    share: float | None
    ci: Interval | None
    conclusive: bool


@dataclass(frozen=True)
class Curve:
    """The Kaplan–Meier step function: survival[i] holds from times[i] until the next time, with a 95 % pointwise
    (Greenwood) band. times[0] is 0 with survival 1; then each distinct event time, ascending; last the end of
    follow-up (the largest duration), if that is not an event time already."""

    n: int
    events: int
    times: list[float]
    survival: list[float]
    low: list[float]
    high: list[float]
    conclusive: bool = False  # n >= MIN_N; the band is given at any n (it is wide when n is small)


@dataclass(frozen=True)
class LogRank:
    """The log-rank test of two survival curves."""

    statistic: float | None  # z; positive when group a leaves more than expected under equal curves
    p: float | None  # two-sided
    conclusive: bool


@dataclass(frozen=True)
class TwoShares:
    """Two groups' shares and Fisher's exact test of their difference."""

    a: Share
    b: Share
    difference: float | None  # a.share - b.share
    p: float | None  # two-sided
    conclusive: bool


def paired(before: Sequence[float], after: Sequence[float], *, seed: int = 0, n_resamples: int = 2000) -> Paired:
    """The change from `before[i]` to `after[i]` of the same person i.

    Degenerate cases: when every difference is 0, the Wilcoxon and t-test are undefined (p None) and so is d_z
    (0 / 0: effect_size None, not 0), as is the change's interval. When every difference is the same non-zero
    value, Wilcoxon is defined, but the t-test, its interval and d_z (c / 0) are not: None. The bootstrap interval
    of d_z is None when it is unbounded: resamples without spread have d_z = ±inf, and when those reach the
    2.5 % tails (small n, many ties) neither BCa nor percentile gives a finite interval.
    """
    b, a = _array(before, "before"), _array(after, "after")
    if len(b) != len(a):
        raise ValueError(f"before has {len(b)} values, after {len(a)}")
    n = len(b)
    if n == 0:
        return Paired(0, None, None, None, None, None, None, None, None, conclusive=False)
    diff = a - b
    before_mean, after_mean, change = float(np.mean(b)), float(np.mean(a)), float(np.mean(diff))
    if n < MIN_N:
        return Paired(n, before_mean, after_mean, change, None, None, None, None, None, conclusive=False)
    wilcoxon_p = None if not np.any(diff) else float(stats.wilcoxon(diff).pvalue)
    if _flat(diff):
        return Paired(n, before_mean, after_mean, change, None, wilcoxon_p, None, None, None, conclusive=True)
    test = stats.ttest_rel(a, b)
    return Paired(
        n=n,
        before_mean=before_mean,
        after_mean=after_mean,
        mean_change=change,
        change_ci=_interval(test.confidence_interval(CONFIDENCE)),
        wilcoxon_p=wilcoxon_p,
        t_p=float(test.pvalue),
        effect_size=float(change / np.std(diff, ddof=1)),
        effect_ci=_bootstrap_dz(b, a, seed=seed, n_resamples=n_resamples),
        conclusive=True,
    )


def mean(values: Sequence[float]) -> Mean:
    """The mean and its t-based 95 % interval (ttest_1samp). With no spread (all values equal) the interval would
    have width 0, a certainty the data cannot give, so it is None."""
    x = _array(values, "values")
    n = len(x)
    if n == 0:
        return Mean(0, None, None, conclusive=False)
    average = float(np.mean(x))
    if n < MIN_N:
        return Mean(n, average, None, conclusive=False)
    ci = None if _flat(x) else _interval(stats.ttest_1samp(x, 0.0).confidence_interval(CONFIDENCE))
    return Mean(n, average, ci, conclusive=True)


def share(k: int, n: int) -> Share:
    """k of n, with Wilson's 95 % interval (binomtest(k, n).proportion_ci); share None when n is 0."""
    _count(k, n)
    if n == 0:
        return Share(0, 0, None, None, conclusive=False)
    if n < MIN_N:
        return Share(n, k, k / n, None, conclusive=False)
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=CONFIDENCE, method="wilson")
    return Share(n, k, k / n, _interval(ci), conclusive=True)


def holm(pvalues: Sequence[float | None]) -> list[float | None]:
    """Holm–Bonferroni adjusted p-values, in the input's order. None (no test) passes through and does not count
    in m. The i-th smallest of m p-values becomes max over j <= i of (m - j + 1) * p_(j), capped at 1."""
    for p in pvalues:
        if p is not None and not 0 <= p <= 1:
            raise ValueError(f"a p-value must lie in [0, 1], not {p}")
    ranked = sorted((p, at) for at, p in enumerate(pvalues) if p is not None)
    adjusted: list[float | None] = [None] * len(pvalues)
    running = 0.0
    for rank, (p, at) in enumerate(ranked):
        running = max(running, min(1.0, (len(ranked) - rank) * p))
        adjusted[at] = running
    return adjusted


def survival(durations: Sequence[float], left: Sequence[bool]) -> Curve:
    """The Kaplan–Meier estimate (ecdf on CensoredData, its sf). left[i] True: person i left at durations[i];
    False: still there then (right-censored). With no events the curve is flat at 1.

    Where the estimate reaches 0 (the last person at risk leaves) Greenwood's variance is 0 · inf and SciPy
    returns NaN bounds with a warning; the band is 0 to 0 there.
    """
    d, gone = _censored(durations, left)
    events, n = int(gone.sum()), len(d)
    end = float(d.max()) if n else 0.0
    if events == 0:
        times = [0.0, end] if end > 0 else [0.0]
        return Curve(n, 0, times, [1.0] * len(times), [1.0] * len(times), [1.0] * len(times), conclusive=n >= MIN_N)
    sf = stats.ecdf(stats.CensoredData(uncensored=d[gone], right=d[~gone])).sf
    quantiles, probabilities = np.asarray(sf.quantiles, dtype=float), np.asarray(sf.probabilities, dtype=float)
    with warnings.catch_warnings():
        if probabilities.min() == 0:
            warnings.filterwarnings("ignore", "The confidence interval is undefined", RuntimeWarning)
        band = sf.confidence_interval(CONFIDENCE)
    low, high = np.asarray(band.low.probabilities, dtype=float), np.asarray(band.high.probabilities, dtype=float)
    undefined = np.isnan(low) | np.isnan(high)
    low, high = np.where(undefined, probabilities, low), np.where(undefined, probabilities, high)
    keep = np.isin(quantiles, d[gone]) | (quantiles == end)  # the steps, and where follow-up ends
    return Curve(
        n=n,
        events=events,
        times=[0.0, *(float(t) for t in quantiles[keep])],
        survival=[1.0, *(float(v) for v in probabilities[keep])],
        low=[1.0, *(float(v) for v in low[keep])],
        high=[1.0, *(float(v) for v in high[keep])],
        conclusive=n >= MIN_N,
    )


def survival_at(curve: Curve, t: float) -> float:
    """The curve's value at time t: the last step at or before t (1 before time 0). An event at time 0 makes two
    entries at 0; the later one, after the drop, counts."""
    at = bisect_right(curve.times, t) - 1
    return 1.0 if at < 0 else curve.survival[at]


def logrank(a: tuple[Sequence[float], Sequence[bool]], b: tuple[Sequence[float], Sequence[bool]]) -> LogRank:
    """The log-rank test (scipy.stats.logrank) of group a's (durations, left) against group b's. None when either
    group has fewer than MIN_N people, when no one left in either, or when the test's variance is 0 (every event
    at a time when only one group, or only the leavers, were still at risk)."""
    (d_a, gone_a), (d_b, gone_b) = _censored(*a), _censored(*b)
    if len(d_a) < MIN_N or len(d_b) < MIN_N or not (gone_a.any() or gone_b.any()):
        return LogRank(None, None, conclusive=False)
    with np.errstate(divide="ignore", invalid="ignore"):  # variance 0: SciPy divides 0 by 0, checked below
        result = stats.logrank(
            stats.CensoredData(uncensored=d_a[gone_a], right=d_a[~gone_a]),
            stats.CensoredData(uncensored=d_b[gone_b], right=d_b[~gone_b]),
        )
    statistic, p = float(result.statistic), float(result.pvalue)
    if not (np.isfinite(statistic) and np.isfinite(p)):
        return LogRank(None, None, conclusive=False)
    return LogRank(statistic, p, conclusive=True)


def two_shares(k_a: int, n_a: int, k_b: int, n_b: int) -> TwoShares:
    """Group a's k_a of n_a against group b's k_b of n_b: Fisher's exact test, two-sided. Identical groups and
    groups where no one (or everyone) counts give p 1."""
    a, b = share(k_a, n_a), share(k_b, n_b)
    difference = None if a.share is None or b.share is None else a.share - b.share
    if n_a < MIN_N or n_b < MIN_N:
        return TwoShares(a, b, difference, None, conclusive=False)
    result = stats.fisher_exact([[k_a, n_a - k_a], [k_b, n_b - k_b]], alternative="two-sided")
    return TwoShares(a, b, difference, float(result.pvalue), conclusive=True)


def _array(values: Sequence[float], name: str) -> Array:
    x = np.asarray(values, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"{name} must be a flat sequence of numbers")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} must be finite numbers")
    return x


def _count(k: int, n: int) -> None:
    if not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n, not k = {k}, n = {n}")


def _censored(durations: Sequence[float], left: Sequence[bool]) -> tuple[Array, npt.NDArray[np.bool_]]:
    d = _array(durations, "durations")
    gone = np.asarray(left, dtype=bool)
    if gone.shape != d.shape:
        raise ValueError(f"durations and left must pair up: {len(d)} against {len(gone)} values")
    if np.any(d < 0):
        raise ValueError("durations must not be negative")
    return d, gone


def _flat(x: Array) -> bool:
    """Whether the values are constant, up to rounding: then the t-test and d_z are undefined."""
    centre = float(np.mean(x))
    return bool(float(np.max(np.abs(x - centre))) <= _FLAT * abs(centre))


def _interval(ci: Any) -> Interval | None:
    low, high = float(ci.low), float(ci.high)
    return Interval(low, high) if np.isfinite(low) and np.isfinite(high) else None


def _dz(before: Array, after: Array, axis: int = -1) -> Array:
    """d_z of each resample. One without spread has d_z ±inf, or 0 when it has no change either."""
    diff = after - before
    centre, spread = np.mean(diff, axis=axis), np.std(diff, ddof=1, axis=axis)
    with np.errstate(divide="ignore", invalid="ignore"):
        dz = np.asarray(centre / spread, dtype=float)
    return np.where(np.isnan(dz), 0.0, dz)


def _bootstrap_dz(before: Array, after: Array, *, seed: int, n_resamples: int) -> Interval | None:
    """The 95 % bootstrap interval of d_z over resampled people: BCa, or the percentile interval of the same
    resamples when BCa is NaN (SciPy warns DegenerateDataWarning then); None when neither is finite."""
    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():  # ±inf resamples, see _dz
        warnings.simplefilter("ignore", stats.DegenerateDataWarning)
        result = stats.bootstrap(
            (before, after),
            _dz,
            n_resamples=n_resamples,
            paired=True,
            vectorized=True,
            confidence_level=CONFIDENCE,
            method="BCa",
            rng=np.random.default_rng(seed),
        )
        found = _interval(result.confidence_interval)
        if found is None:
            result = stats.bootstrap(
                (before, after),
                _dz,
                n_resamples=0,
                paired=True,
                vectorized=True,
                confidence_level=CONFIDENCE,
                method="percentile",
                bootstrap_result=result,
            )
            found = _interval(result.confidence_interval)
    return found
