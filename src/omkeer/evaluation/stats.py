"""The statistics of the impact dashboard, from SciPy, with no Django in it.

Below `MIN_N` people a result is "too few to conclude": n and the descriptive figures are still given, but no
p-value, interval or effect size, and `conclusive` is False. Degenerate input (every difference zero, constant
values, no one left) gives None where a test is undefined, never an exception or a warning.
Holm's step-down correction is the one formula written here: SciPy has no Holm.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

MIN_N = 5
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class Paired:
    """Before and after of the same people."""

    n: int
    before_mean: float | None
    after_mean: float | None
    mean_change: float | None
    change_ci: Interval | None  # 95 % interval of the mean change (paired t)
    wilcoxon_p: float | None
    t_p: float | None
    effect_size: float | None  # Cohen's d_z: mean(diff) / sd(diff)
    effect_ci: Interval | None  # bootstrap interval of d_z
    conclusive: bool


@dataclass(frozen=True)
class Mean:
    n: int
    mean: float | None
    ci: Interval | None
    conclusive: bool


@dataclass(frozen=True)
class Share:
    n: int
    k: int
    share: float | None
    ci: Interval | None  # Wilson
    conclusive: bool


@dataclass(frozen=True)
class Curve:
    """The Kaplan–Meier step function of the share still there, with its 95 % pointwise interval."""

    n: int
    events: int
    times: list[float]
    survival: list[float]
    low: list[float]
    high: list[float]


@dataclass(frozen=True)
class LogRank:
    statistic: float | None
    p: float | None
    conclusive: bool


@dataclass(frozen=True)
class TwoShares:
    a: Share
    b: Share
    difference: float | None
    p: float | None  # Fisher's exact test, two-sided
    conclusive: bool


def _finite(value: float) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


def _interval(low: float, high: float) -> Interval | None:
    low_f, high_f = _finite(low), _finite(high)
    return None if low_f is None or high_f is None else Interval(low_f, high_f)


def _dz(differences: np.ndarray) -> float:
    sd = float(np.std(differences, ddof=1))
    return float(np.mean(differences)) / sd if sd > 0 else float("nan")


def paired(before: Sequence[float], after: Sequence[float], *, seed: int = 0, n_resamples: int = 2000) -> Paired:
    """Wilcoxon signed-rank and paired t-test of after vs before, the mean change with its t interval and
    Cohen's d_z with a bootstrap interval. When every difference is the same (zero spread) the tests, the
    interval and d_z are undefined: None, and the change is still given."""
    if len(before) != len(after):
        raise ValueError(f"before has {len(before)} values, after {len(after)}")
    n = len(before)
    if n == 0:
        return Paired(0, None, None, None, None, None, None, None, None, False)
    b, a = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    diff = a - b
    described = (float(b.mean()), float(a.mean()), float(diff.mean()))
    if n < MIN_N:
        return Paired(n, *described, None, None, None, None, None, False)
    if float(np.ptp(diff)) == 0.0:
        return Paired(n, *described, None, None, None, None, None, True)
    t = stats.ttest_rel(a, b)
    ci = t.confidence_interval(confidence_level=CONFIDENCE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # exact Wilcoxon switches method with zero differences
        wilcoxon_p = _finite(stats.wilcoxon(a, b).pvalue) if np.any(diff != 0) else None
    effect = _dz(diff)
    return Paired(
        n,
        *described,
        change_ci=_interval(ci.low, ci.high),
        wilcoxon_p=wilcoxon_p,
        t_p=_finite(t.pvalue),
        effect_size=_finite(effect),
        effect_ci=_bootstrap_dz(diff, seed=seed, n_resamples=n_resamples),
        conclusive=True,
    )


def _bootstrap_dz(diff: np.ndarray, *, seed: int, n_resamples: int) -> Interval | None:
    def statistic(sample: np.ndarray, axis: int = -1) -> np.ndarray:
        sd = np.std(sample, ddof=1, axis=axis)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(np.mean(sample, axis=axis) / sd)

    for method in ("BCa", "percentile"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # resamples with zero spread give inf/nan; BCa warns, then we fall back
            result = stats.bootstrap(
                (diff,),
                statistic,
                n_resamples=n_resamples,
                confidence_level=CONFIDENCE,
                method=method,
                rng=np.random.default_rng(seed),
            )
        interval = _interval(result.confidence_interval.low, result.confidence_interval.high)
        if interval is not None:
            return interval
    return None


def mean(values: Sequence[float]) -> Mean:
    """The mean with its t-based 95 % interval (None when all values are equal or n < MIN_N)."""
    n = len(values)
    if n == 0:
        return Mean(0, None, None, False)
    data = np.asarray(values, dtype=float)
    average = float(data.mean())
    if n < MIN_N:
        return Mean(n, average, None, False)
    if float(np.ptp(data)) == 0.0:
        return Mean(n, average, None, True)
    ci = stats.ttest_1samp(data, popmean=average).confidence_interval(confidence_level=CONFIDENCE)
    return Mean(n, average, _interval(ci.low, ci.high), True)


def share(k: int, n: int) -> Share:
    """k of n, with the Wilson 95 % interval."""
    if not 0 <= k <= n:
        raise ValueError(f"{k} of {n}")
    if n == 0:
        return Share(0, 0, None, None, False)
    if n < MIN_N:
        return Share(n, k, k / n, None, False)
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=CONFIDENCE, method="wilson")
    return Share(n, k, k / n, _interval(ci.low, ci.high), True)


def holm(pvalues: Sequence[float | None]) -> list[float | None]:
    """Holm–Bonferroni adjusted p-values; None passes through and does not count among the m tests."""
    present = sorted((p, i) for i, p in enumerate(pvalues) if p is not None)
    m = len(present)
    adjusted: list[float | None] = [None] * len(pvalues)
    running = 0.0
    for rank, (p, i) in enumerate(present):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = running
    return adjusted


def _censored(durations: Sequence[float], left: Sequence[bool]) -> stats.CensoredData:
    if len(durations) != len(left):
        raise ValueError(f"{len(durations)} durations, {len(left)} flags")
    d = np.asarray(durations, dtype=float)
    events = np.asarray(left, dtype=bool)
    return stats.CensoredData(uncensored=d[events], right=d[~events])


def survival(durations: Sequence[float], left: Sequence[bool]) -> Curve:
    """Kaplan–Meier: `left[i]` True means the person left at `durations[i]`; False, still there then (censored).
    The curve starts at time 0 with 1.0; with no one left it stays at 1.0."""
    n, events = len(durations), int(sum(bool(x) for x in left))
    if n == 0 or events == 0:
        end = float(max(durations, default=0.0))
        return Curve(
            n,
            0,
            [0.0, end] if end > 0 else [0.0],
            [1.0] * (2 if end > 0 else 1),
            [1.0] * (2 if end > 0 else 1),
            [1.0] * (2 if end > 0 else 1),
        )
    sf = stats.ecdf(_censored(durations, left)).sf
    times = [float(t) for t in sf.quantiles]
    values = [float(v) for v in sf.probabilities]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the interval is undefined where the curve reaches 0
        band = sf.confidence_interval(confidence_level=CONFIDENCE)
    low = [_finite(v) for v in band.low.probabilities]
    high = [_finite(v) for v in band.high.probabilities]
    return Curve(
        n,
        events,
        [0.0, *times],
        [1.0, *values],
        [1.0, *[v if v is not None else 0.0 for v in low]],
        [1.0, *[v if v is not None else 1.0 for v in high]],
    )


def survival_at(curve: Curve, t: float) -> float:
    """The step function's value at `t`."""
    value = 1.0
    for time, s in zip(curve.times, curve.survival, strict=True):
        if time <= t:
            value = s
    return value


def logrank(a: tuple[Sequence[float], Sequence[bool]], b: tuple[Sequence[float], Sequence[bool]]) -> LogRank:
    """The log-rank test of two retention curves; None when a group is under MIN_N or no one left at all."""
    if len(a[0]) < MIN_N or len(b[0]) < MIN_N or not (any(a[1]) or any(b[1])):
        return LogRank(None, None, False)
    result = stats.logrank(_censored(*a), _censored(*b))
    return LogRank(_finite(result.statistic), _finite(result.pvalue), True)


def two_shares(k_a: int, n_a: int, k_b: int, n_b: int) -> TwoShares:
    """Two groups' shares, their difference and Fisher's exact test."""
    first, second = share(k_a, n_a), share(k_b, n_b)
    if n_a == 0 or n_b == 0:
        return TwoShares(first, second, None, None, False)
    difference = k_a / n_a - k_b / n_b
    if n_a < MIN_N or n_b < MIN_N:
        return TwoShares(first, second, difference, None, False)
    p = stats.fisher_exact([[k_a, n_a - k_a], [k_b, n_b - k_b]]).pvalue
    return TwoShares(first, second, difference, _finite(p), True)
