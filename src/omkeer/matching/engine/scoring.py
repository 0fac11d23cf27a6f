"""Scores: what the engine asks of the compiled pass over all pairs (`kernels.scan`), the hard rules for many
pairs at once, and the exact score of a pair (its four parts in float64, the flow's integer weights in
millionths, the bounds that put "most matched" first)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from omkeer.matching import kernels
from omkeer.matching.engine.preparation import _Columns, _f32, _Prepared
from omkeer.matching.engine.problem import F32, I64, SCALE, BoolArray, FloatArray, IntArray, Parts, Weights

NONE = float(kernels.NONE)  # the value of a pair that breaks a hard rule


@dataclass
class _Scan:
    """What one pass kept: per mentee (row) its best mentors (positions in the pass's mentors, -1 none) and their
    values, how many values were above the row's floor, and per mentor its best mentees (row positions)."""

    best: Any
    value: Any
    above: IntArray
    column_rows: IntArray
    column_mentors: IntArray
    column_values: Any


def _scan(
    p: _Prepared,
    rows: IntArray,
    mentors: IntArray,
    price: Any,
    floor: Any,
    entry: Any,
    keep: int,
    columns: int = 0,
    row_price: Any = None,
) -> _Scan:
    """Values `score - price[mentor] - row_price[row]` of every eligible pair of these mentees and mentors (see
    kernels.scan); without `row_price` none."""
    a = p.arrays
    best = np.empty((len(rows), keep), dtype=np.int32)
    value = np.empty((len(rows), keep), dtype=F32)
    above = np.zeros(len(rows), dtype=I64)
    shape = (kernels.threads(), len(mentors) if columns else 0, columns)
    col_j = np.empty(shape, dtype=np.int32)
    col_v = np.empty(shape, dtype=F32)
    col_count = np.zeros(shape[:2], dtype=I64)
    col_floor = np.full(shape[:2], NONE, dtype=F32)
    if len(rows) and len(mentors):
        with kernels.LOCK:
            kernels.scan(
                rows, *_columns(p, mentors),
                a.want_ptr, a.want_skill, a.want_value, a.want_own, a.like_ptr, a.like, a.e_count, a.e_rown,
                a.e_scale, a.e_gain_min, a.e_int, a.rules, a.w_interests, a.w_cross, _f32(price),
                _f32(np.zeros(len(rows)) if row_price is None else row_price), _f32(floor), _f32(entry),
                best, value, above, col_j, col_v, col_count, col_floor,
            )  # fmt: skip
    else:
        best[:] = -1
    taken = np.arange(columns)[None, None, :] < col_count[:, :, None]
    _thread, column, slot = np.nonzero(taken)
    return _Scan(best, value, above, col_j[_thread, column, slot].astype(I64), column, col_v[_thread, column, slot])


def _columns(p: _Prepared, mentors: IntArray) -> _Columns:
    """The mentor side of a pass over these mentors, kept for the next pass over the same ones."""
    if p._columns is None or not np.array_equal(p._columns[0], mentors):
        a = p.arrays
        cols = (_f32(a.prof[:, mentors]), _f32(a.rwant[:, mentors]), _f32(a.rprof[:, mentors]),
                _f32(a.inter[:, mentors]), np.ascontiguousarray(a.m_int[:, mentors]), a.m_count[mentors])  # fmt: skip
        p._columns = (mentors.copy(), cols)
    return p._columns[1]


def _not_forbidden(p: _Prepared, mentee: IntArray, mentor: IntArray) -> BoolArray:
    if not len(p.forbidden_keys):
        return np.ones(len(mentee), dtype=bool)
    keys = mentee * max(p.m, 1) + mentor
    at = np.minimum(np.searchsorted(p.forbidden_keys, keys), len(p.forbidden_keys) - 1)
    allowed: BoolArray = p.forbidden_keys[at] != keys
    return allowed


def _eligible_counts(p: _Prepared, rows: IntArray) -> IntArray:
    """How many mentors each of these (sorted) mentees could have by the hard rules (capacity as offered)."""
    mentors = np.flatnonzero(p.usable)
    nothing = np.full(len(rows), NONE)
    found = _scan(p, rows, mentors, np.zeros(len(mentors)), nothing, nothing, 0).above
    mentee, mentor = np.divmod(p.forbidden_keys, max(p.m, 1))
    inside = np.isin(mentee, rows) & p.usable[mentor]
    inside[inside] = _eligible(p, mentee[inside], mentor[inside])
    np.subtract.at(found, np.searchsorted(rows, mentee[inside]), 1)
    return found


def pair_parts(p: _Prepared, mentee: int, mentor: int) -> Parts:
    """The four terms of one pair's score (for explanations)."""
    s, i, d, r = _exact_parts(p, np.array([mentee]), np.array([mentor]))
    return Parts(skills=float(s[0]), interests=float(i[0]), cross_department=float(d[0]), reciprocal=float(r[0]))


def total(parts: Parts, weights: Weights) -> float:
    return (
        weights.skills * parts.skills
        + weights.interests * parts.interests
        + weights.cross_department * parts.cross_department
        + weights.reciprocal * parts.reciprocal
    )


def _exact_parts(p: _Prepared, mentee: IntArray, mentor: IntArray) -> tuple[FloatArray, ...]:
    """S, I, D, R of pairs in float64 (the reported parts and, rounded to millionths, the flow's weights)."""
    k = p.compact
    want, own, theirs, mwant = k.want[mentee], k.own[mentee], k.theirs[mentor], k.mwant[mentor]
    gap = theirs - own  # small whole numbers: exact in int16
    gain = (want * np.maximum(gap, 0)).sum(axis=1, dtype=I64)
    teach = (mwant * np.maximum(-gap, 0)).sum(axis=1, dtype=I64)
    norm, mnorm = k.norm[mentee], k.mnorm[mentor]
    skills = np.divide(gain, 4 * norm, out=np.zeros(len(mentee)), where=norm > 0)
    reciprocal = np.divide(teach, 4 * mnorm, out=np.zeros(len(mentee)), where=mnorm > 0)
    a, b = k.likes_e[mentee], k.likes_m[mentor]
    inter = np.bitwise_count(a & b).sum(axis=1, dtype=I64)
    union = np.bitwise_count(a | b).sum(axis=1, dtype=I64)
    interests = np.divide(inter, union, out=np.zeros(len(mentee)), where=union > 0)
    different = (p.dept[p.mentee_org[mentee]] != p.dept[p.mentor_org[mentor]]).astype(np.float64)
    return skills, interests, different, reciprocal


def _exact_weights(p: _Prepared, mentee: IntArray, mentor: IntArray) -> IntArray:
    """Pair scores in float64, as integers in millionths (the flow's costs and the reported scores)."""
    if not len(mentee):
        return np.zeros(0, dtype=I64)
    step = 1 << 18  # pairs at a time: bounds the memory of the gathered rows
    w = p.problem.weights
    out = []
    for i in range(0, len(mentee), step):
        s, inter, d, r = _exact_parts(p, mentee[i : i + step], mentor[i : i + step])
        score = w.skills * s + w.interests * inter + w.cross_department * d + w.reciprocal * r
        out.append(np.rint(score * SCALE).astype(I64))
    return np.concatenate(out)


def _big(p: _Prepared) -> int:
    """A match bonus larger than any total score, so that "most matched" comes first."""
    if p.problem.rules.objective != "most_matched":
        return 0
    return (p.n + 1) * (math.ceil(_max_score(p) * SCALE) + 1)


def _max_score(p: _Prepared) -> float:
    w = p.problem.weights
    return float(w.skills + w.interests + w.cross_department + w.reciprocal)


def _eligible(p: _Prepared, mentee: IntArray, mentor: IntArray) -> BoolArray:
    """Whether these pairs are allowed by the hard rules (forbidden pairs and capacity aside), vectorised."""
    r, a, k = p.problem.rules, p.arrays, p.compact
    e, j = a.e_int[:, mentee], a.m_int[:, mentor]
    ok = j[2] <= e[2] - r.min_level_gap
    if r.forbid_same_team:
        ok &= (e[1] != j[1]) | (e[1] < 0)
    if r.forbid_same_department:
        ok &= e[0] != j[0]
    reach = int(a.rules[3])
    if reach >= 0:
        above = (j[3] <= e[3]) & (e[3] < j[4]) & (e[5] - j[5] <= reach)
        below = (e[3] <= j[3]) & (j[3] < e[4]) & (j[5] - e[5] <= reach)
        ok &= ~(above | below)
    gain = (k.want[mentee] * np.maximum(k.theirs[mentor] - k.own[mentee], 0)).sum(axis=1, dtype=I64)
    ok &= gain >= a.e_gain_min[mentee]
    if r.require_training:
        ok &= p.trained[mentor]
    eligible: BoolArray = ok
    return eligible
