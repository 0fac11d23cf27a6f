"""The certificate: LP dual prices that prove the flow's optimum optimal over every pair, not only over the
flow's arcs, or the pairs that break them (which the flow then gets)."""

from __future__ import annotations

from typing import Any

import numpy as np

from omkeer.matching.engine import tuning
from omkeer.matching.engine.preparation import _Prepared
from omkeer.matching.engine.problem import F32, I64, SCALE, FloatArray, IntArray
from omkeer.matching.engine.scoring import NONE, _big, _exact_weights, _max_score, _not_forbidden, _Scan, _scan


def _offsets(p: _Prepared, u: IntArray, v: IntArray) -> tuple[FloatArray, FloatArray]:
    """Per mentee t and per mentor q, in score units, with t_i + q_j <= (u_i + v_j - BIG) / SCALE for every pair
    whose sum is within reach of a score, so that s_ij - q_j <= t_i proves the pair's dual constraint.

    With "most matched", u and v carry BIG on one side or the other (mentors in demand are priced about BIG,
    mentees matched to them have small values). Dividing by SCALE would leave float32 no digits, so both
    are split into a class (about 0 or about BIG) and a low part; the class contributes +-h with h far
    above any score but at most BIG / SCALE. A pair of two low classes gets a sum below -max score: it is
    never proved, as it must not be (its true sum is about -BIG).
    """
    reach = _max_score(p) + 1
    big = _big(p)
    if not big:
        return np.minimum(u / SCALE, reach), np.minimum(v / SCALE, reach)
    h = min(big / SCALE, 3 * reach)
    cu, cv = u >= big // 2, v >= big // 2
    t = np.minimum((u - big * cu) / SCALE, reach) + h * cu
    q = np.minimum((v - big * cv) / SCALE, reach) - h * ~cv
    return t, q


class _Certificate:
    """Proves u_i + v_j >= BIG + score_ij for every eligible pair, or finds the pairs that break it.

    In float32 a pair is suspect when score - q_j > t_i - margin (`_offsets`, clipped; the margin is far above
    the rounding of scores and prices), so every pair that breaks the constraint is a suspect; suspects are
    decided by their exact integer weights. A pass over all pairs is not needed every round: each mentee keeps
    a list of its best pairs from its last pass and a bound `theta` on score - q_ref over all its other pairs
    (q_ref: the prices of the previous round). With new prices q, a pair outside the list gains at most
    q_ref_j - q_j; mentors whose price fell by more than the typical change (`DRIFT` above the median) are
    scored again against every mentee, and for the others the bound moves up by that much. A mentee whose bound
    then stays below its t_i - margin needs only its list decided exactly; the others are scored again in full.
    """

    def __init__(self, p: _Prepared, rows: IntArray, mentors: IntArray, found: _Scan, price: FloatArray) -> None:
        self.p, self.rows, self.mentors = p, rows, mentors
        self.limit = 8 * (_max_score(p) + 1)
        self.margin = 1e-5 * (3 * self.limit + 1) + 2 / SCALE
        self.q_ref: Any = price.astype(F32)  # the prices of the pass that made `found`
        self.lists = np.full((len(rows), max(found.best.shape[1], tuning.ADD_PER_ROW)), -1, dtype=np.int32)
        self.values = np.full(self.lists.shape, NONE, dtype=F32)
        self.theta = np.full(len(rows), NONE)
        self._keep(np.arange(len(rows)), found)
        self.full_passes = 1
        self.rescored_rows = 0

    def _keep(self, at: IntArray, found: _Scan) -> None:
        """Lists and bounds of these rows from a pass at the prices q_ref: a full list bounds the rest by its
        least value; a list with room holds every eligible pair."""
        width = found.best.shape[1]
        self.lists[at] = -1
        self.values[at] = NONE
        self.lists[at, :width] = found.best
        self.values[at, :width] = found.value
        full = (found.best >= 0).all(axis=1) if width else np.ones(len(at), dtype=bool)
        self.theta[at] = np.where(full, found.value.min(axis=1, initial=np.inf), NONE) if width else NONE

    def check(self, u: IntArray, v: IntArray) -> tuple[IntArray, IntArray]:
        """The pairs to add to the flow: per mentee up to ADD_PER_ROW of those that break the constraint or come
        within NEAR_SLACK of it; none when no pair breaks it (then the prices prove the optimum)."""
        p = self.p
        t, q = _offsets(p, u, v)
        t = np.clip(t[self.rows], -self.limit, self.limit)
        q = np.clip(q[self.mentors], -self.limit, self.limit).astype(F32)
        floor = t - self.margin
        gained = self.q_ref.astype(np.float64) - q  # how much any pair with this mentor gained since q_ref
        typical = float(np.median(gained)) if len(gained) else 0.0
        drifted = np.flatnonzero(gained > typical + tuning.DRIFT)
        theta = self.theta + typical + tuning.DRIFT
        found = [self._listed(q, floor)]
        if len(drifted) and len(drifted) < tuning.REPASS * len(self.mentors):
            d = _scan(p, self.rows, self.mentors[drifted], q[drifted], floor, np.full(len(self.rows), NONE), 1)
            theta = np.maximum(theta, d.value[:, 0])
        else:
            theta = np.full(len(self.rows), np.inf) if len(drifted) else theta
        again = np.flatnonzero(theta > floor)
        if len(again) > tuning.REPASS * len(self.rows):
            again = np.arange(len(self.rows))
            self.full_passes += 1
        self.rescored_rows += len(again)
        crowded = np.zeros(0, dtype=I64)
        if len(again):
            rescored = _scan(
                p, self.rows[again], self.mentors, q, floor[again], np.full(len(again), NONE), tuning.ADD_PER_ROW
            )
            self._keep(again, rescored)
            r, k = np.nonzero((rescored.best >= 0) & (rescored.value > floor[again][:, None]))
            found.append(self._pairs(again[r], rescored.best[r, k]))
            crowded = again[rescored.above > tuning.ADD_PER_ROW]
        settled = np.ones(len(self.rows), dtype=bool)
        settled[again] = False
        self.theta = np.where(settled, np.nextafter(theta, np.inf), self.theta)
        self.values[settled] += gained[np.maximum(self.lists[settled], 0)].astype(F32)
        self.q_ref = q
        mentee, mentor, slack = self._slacks(found, u, v)
        if not (slack < 0).any():  # decide every suspect of the rows with more than their lists hold
            mentee, mentor, slack = self._slacks([(mentee, mentor), self._crowded(crowded, q, floor)], u, v)
            if not (slack < 0).any():
                return np.zeros(0, dtype=I64), np.zeros(0, dtype=I64)
        near = slack < tuning.NEAR_SLACK * SCALE
        mentee, mentor, slack = mentee[near], mentor[near], slack[near]
        order = np.lexsort((slack, mentee))
        mentee, mentor = mentee[order], mentor[order]
        rank = np.arange(len(mentee)) - np.searchsorted(mentee, mentee, side="left")
        return mentee[rank < tuning.ADD_PER_ROW], mentor[rank < tuning.ADD_PER_ROW]

    def _slacks(self, found: list[tuple[IntArray, IntArray]], u: IntArray, v: IntArray) -> tuple[IntArray, ...]:
        """The distinct pairs found and u_i + v_j - BIG - weight_ij of each, exactly."""
        m = max(self.p.m, 1)
        keys = np.unique(np.concatenate([e * m + j for e, j in found]))
        mentee, mentor = np.divmod(keys, m)
        slack = u[mentee] + v[mentor] - _big(self.p) - _exact_weights(self.p, mentee, mentor)
        return mentee, mentor, slack

    def _listed(self, q: Any, floor: FloatArray) -> tuple[IntArray, IntArray]:
        """Listed pairs that may break the constraint at prices q (their values moved from q_ref to q)."""
        r, k = np.nonzero(self.lists >= 0)
        j = self.lists[r, k]
        value = self.values[r, k].astype(np.float64) + (self.q_ref[j].astype(np.float64) - q[j])
        suspect = value > floor[r]
        return self._pairs(r[suspect], j[suspect])

    def _crowded(self, at: IntArray, q: Any, floor: FloatArray) -> tuple[IntArray, IntArray]:
        """Every suspect of these rows (scored once more, keeping them all)."""
        pairs = [(np.zeros(0, dtype=I64), np.zeros(0, dtype=I64))]
        if not len(at):
            return pairs[0]
        counts = _scan(self.p, self.rows[at], self.mentors, q, floor[at], floor[at], 0).above
        step = max(1, (1 << 22) // max(int(counts.max()), 1))
        for start in range(0, len(at), step):
            part = at[start : start + step]
            keep = int(counts[start : start + step].max())
            more = _scan(self.p, self.rows[part], self.mentors, q, floor[part], floor[part], keep)
            r, k = np.nonzero(more.best >= 0)
            pairs.append(self._pairs(part[r], more.best[r, k]))
        return np.concatenate([x[0] for x in pairs]), np.concatenate([x[1] for x in pairs])

    def _pairs(self, r: IntArray, j: Any) -> tuple[IntArray, IntArray]:
        mentee, mentor = self.rows[r], self.mentors[j]
        allowed = _not_forbidden(self.p, mentee, mentor)
        return mentee[allowed], mentor[allowed]
