"""The matching engine: optimal, conflict-free mentor–mentee pairs with reasons. No Django here.

Input: an organisation (employees with department, team, level, manager), mentors (capacity, skills,
interests, what they want to learn), mentees (what they want to learn with importance, their own skills,
interests), hard rules, weights, pinned and forbidden pairs. Output: pairs with score and reasons, the
unmatched mentees with the reason nobody fit, and a certificate that the result is the exact optimum.

How: an auction over all pairs finds prices close to the final ones (`_auction_prices`: each mentee bids from a
list of its best mentors, made again by a compiled pass, `kernels.scan`, when the prices outrun it); one pass
at those prices keeps the best mentors of each mentee, the best mentees of each mentor, the auction's pairs and
a few random allowed pairs; they are the arcs of a min-cost flow (OR-Tools). Its optimum over those arcs is then
proved optimal for all pairs with LP dual prices (`_Certificate`): every pair whose score, less its mentor's
price, could exceed its mentee's value is found (floats with a margin; exact integer weights decide), by a pass
or by each mentee's list and bound kept since its last pass; the pairs that break or nearly break the prices are added
and the flow solved again, or its last optimum repaired by shortest augmenting paths (`kernels.repair`) when
few mentees are affected, until no pair breaks them.

Side constraint `min_cross_department_share`: a Lagrangian price on cross-department pairs, each price solved
exactly as above, the smallest price that reaches the share (see `_solve_with_share`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from omkeer.matching import kernels

LEVELS = range(1, 11)
PROFICIENCY = range(0, 5)
IMPORTANCE = range(1, 4)
OBJECTIVES = ("most_matched", "best_score")
SCALE = 1_000_000  # scores are compared as integers in millionths
ADD_PER_ROW = 20  # pairs per mentee and round of the certificate: the most violated, then the best at the prices
DRIFT = 0.005  # score units: mentors whose price fell this much more than the median are scored again in full
REPASS = 0.3  # share of mentors (or mentees) to score again above which a round scores all pairs
COLUMN_CANDIDATES = 10  # best mentees per mentor handed to the first flow
RANDOM_ARCS = 3  # random mentors per mentee handed to the first flow: its prices then reflect the whole market
NEAR_SLACK = 0.01  # score units: pairs this close to breaking the dual constraint are added with the violators
FLOW_SLACK = 0.05  # score units: after a round that added few arcs the flow gets the arcs this close to tight
PRUNE_AFTER = 0.05  # "few": less than this share of the candidate arcs
AUCTION_EPS = 0.003  # score units: the least step of a bid in the auction that finds the first prices
AUCTION_LIST = 50  # pairs per mentee the auction keeps between passes
AUCTION_COPIES = 5  # places each sampled mentee bids for, in the auction on a sample of a large pool
AUCTION_SAMPLE_FROM = 50_000  # mentees from which the auction first runs on a sample
AUCTION_TAIL = 0.03  # share of bidders still waiting for a pass at which the auction stops
REPAIR = 0.02  # share of mentees whose pairs broke the prices up to which the last optimum is repaired
F32 = np.float32
SKILL_EPSILON = 1e-6  # Σ want·gain is whole; the rule "S > minimum" compares it to minimum·4·Σ want
I64 = np.int64

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


class MatchingError(ValueError):
    """Bad input; the message names the record at fault."""


@dataclass(frozen=True)
class Employee:
    id: str
    department: str
    level: int
    team: str | None = None
    manager: str | None = None


@dataclass(frozen=True)
class Mentor:
    id: str
    capacity: int
    skills: Mapping[str, int] = field(default_factory=dict)
    interests: frozenset[str] = frozenset()
    wants: Mapping[str, int] = field(default_factory=dict)
    trained: bool = True


@dataclass(frozen=True)
class Mentee:
    id: str
    wants: Mapping[str, int] = field(default_factory=dict)
    skills: Mapping[str, int] = field(default_factory=dict)
    interests: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rules:
    min_level_gap: int = 2
    forbid_same_team: bool = True
    forbid_reporting_line: bool = True
    reporting_line_depth: int | None = 2
    forbid_same_department: bool = False
    min_skill_score: float = 0.0
    require_training: bool = True
    objective: str = "most_matched"
    min_cross_department_share: float | None = None  # side constraint: at least this share of pairs cross-department


@dataclass(frozen=True)
class Weights:
    skills: float = 1.0
    interests: float = 0.3
    cross_department: float = 0.2
    reciprocal: float = 0.2


@dataclass(frozen=True)
class Problem:
    employees: Sequence[Employee]
    mentors: Sequence[Mentor]
    mentees: Sequence[Mentee]
    rules: Rules = Rules()
    weights: Weights = Weights()
    pinned: Sequence[tuple[str, str]] = ()  # (mentor id, mentee id)
    forbidden: Sequence[tuple[str, str]] = ()
    candidates: int = 15  # best mentors per mentee handed to the first flow before the optimality check


@dataclass(frozen=True)
class Reason:
    """A machine-readable reason; `explain.describe()` turns it into a sentence."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Parts:
    skills: float
    interests: float
    cross_department: float
    reciprocal: float


@dataclass(frozen=True)
class Pair:
    mentor: str
    mentee: str
    score: float
    parts: Parts
    reasons: tuple[Reason, ...]
    pinned: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee: str
    reason: Reason


@dataclass
class Result:
    pairs: list[Pair]
    unmatched: list[Unmatched]
    objective: dict[str, Any]
    stats: dict[str, Any]


# ---------------------------------------------------------------------------------------------------------
# Preparation: ids to indices, validation, feature matrices


@dataclass
class _Prepared:
    problem: Problem
    mentor_index: dict[str, int]
    mentee_index: dict[str, int]
    skills: list[str]
    mentor_org: IntArray
    mentee_org: IntArray
    dept: IntArray  # per employee
    team: IntArray  # per employee, -1 for none
    level: IntArray  # per employee
    manager: IntArray  # per employee, -1 at the top
    ancestors: IntArray  # employees x depth, -1 beyond the top
    capacity: IntArray
    trained: BoolArray
    mentee_want: FloatArray  # n x K importance
    mentee_skill: IntArray  # n x K proficiency
    mentor_skill: IntArray  # m x K
    mentor_want: FloatArray  # m x K
    mentee_interests: FloatArray  # n x I (0/1)
    mentor_interests: FloatArray  # m x I
    forbidden_keys: IntArray  # sorted keys mentee * m + mentor of the forbidden pairs
    _arrays: _Arrays | None = field(init=False, default=None)
    _compact: _Compact | None = field(init=False, default=None)
    _columns: tuple[IntArray, _Columns] | None = field(init=False, default=None)

    @property
    def compact(self) -> _Compact:
        if self._compact is None:
            self._compact = _build_compact(self)
        return self._compact

    @property
    def arrays(self) -> _Arrays:
        if self._arrays is None:
            self._arrays = _build_arrays(self)
        return self._arrays

    @property
    def usable(self) -> BoolArray:
        """Mentors that can take anyone at all: capacity, and training when the programme requires it."""
        usable: BoolArray = self.capacity > 0
        if self.problem.rules.require_training:
            usable &= self.trained
        return usable

    @property
    def n(self) -> int:
        return len(self.mentee_org)

    @property
    def m(self) -> int:
        return len(self.mentor_org)


def prepare(problem: Problem) -> _Prepared:
    """Validate the input and build the arrays the solver works on. Raises MatchingError naming the record."""
    rules, weights = problem.rules, problem.weights
    _check_rules(rules, weights)
    emp_index = _unique_index((e.id for e in problem.employees), "employee")
    mentor_index = _unique_index((m.id for m in problem.mentors), "mentor")
    mentee_index = _unique_index((m.id for m in problem.mentees), "mentee")
    for role, index in (("mentor", mentor_index), ("mentee", mentee_index)):
        for pid in index:
            if pid not in emp_index:
                raise MatchingError(f"{role} {pid}: not among the employees")
    both = set(mentor_index) & set(mentee_index)
    if both:
        raise MatchingError(f"mentor {min(both)}: is also a mentee; one person cannot be both")
    managers = _check_employees(problem.employees, emp_index)
    for mentor in problem.mentors:
        _check_mentor(mentor)
    for mentee in problem.mentees:
        _check_mentee(mentee)
    skills = sorted(
        {s for m in problem.mentors for s in (*m.skills, *m.wants)}
        | {s for e in problem.mentees for s in (*e.wants, *e.skills)}
    )
    interests = sorted(
        {i for m in problem.mentors for i in m.interests} | {i for e in problem.mentees for i in e.interests}
    )
    depth = rules.reporting_line_depth if rules.forbid_reporting_line else 0
    ancestors = _ancestors(managers, depth)
    depts = _codes(e.department for e in problem.employees)
    teams = _codes((f"{e.department}\x00{e.team}" if e.team else None) for e in problem.employees)
    prepared = _Prepared(
        problem=problem,
        mentor_index=mentor_index,
        mentee_index=mentee_index,
        skills=skills,
        mentor_org=np.array([emp_index[m.id] for m in problem.mentors], dtype=I64),
        mentee_org=np.array([emp_index[m.id] for m in problem.mentees], dtype=I64),
        dept=depts,
        team=teams,
        level=np.array([e.level for e in problem.employees], dtype=I64),
        manager=managers,
        ancestors=ancestors,
        capacity=np.array([m.capacity for m in problem.mentors], dtype=I64),
        trained=np.array([m.trained for m in problem.mentors], dtype=bool),
        mentee_want=_matrix((e.wants for e in problem.mentees), skills, np.float64),
        mentee_skill=_matrix((e.skills for e in problem.mentees), skills, I64),
        mentor_skill=_matrix((m.skills for m in problem.mentors), skills, I64),
        mentor_want=_matrix((m.wants for m in problem.mentors), skills, np.float64),
        mentee_interests=_sets((e.interests for e in problem.mentees), interests),
        mentor_interests=_sets((m.interests for m in problem.mentors), interests),
        forbidden_keys=np.zeros(0, dtype=I64),
    )
    keys = [
        mentee * max(prepared.m, 1) + mentor for mentor, mentee in _indices(prepared, problem.forbidden, "forbidden")
    ]
    prepared.forbidden_keys = np.unique(np.array(keys, dtype=I64))
    return prepared


def _check_rules(rules: Rules, weights: Weights) -> None:
    if rules.objective not in OBJECTIVES:
        raise MatchingError(f"rules.objective: must be one of {', '.join(OBJECTIVES)}")
    if not isinstance(rules.min_level_gap, int) or isinstance(rules.min_level_gap, bool):
        raise MatchingError("rules.min_level_gap: must be a whole number")
    minimum = rules.min_skill_score
    if not isinstance(minimum, int | float) or isinstance(minimum, bool) or not 0 <= minimum < 1:
        raise MatchingError("rules.min_skill_score: must be a number from 0 up to (not including) 1")
    for name in ("forbid_same_team", "forbid_reporting_line", "forbid_same_department", "require_training"):
        if not isinstance(getattr(rules, name), bool):
            raise MatchingError(f"rules.{name}: must be true or false")
    share = rules.min_cross_department_share
    if share is not None and (
        not isinstance(share, int | float) or isinstance(share, bool) or not math.isfinite(share) or not 0 <= share <= 1
    ):
        raise MatchingError("rules.min_cross_department_share: must be a number from 0 to 1, or null")
    depth = rules.reporting_line_depth
    if depth is not None and (not isinstance(depth, int) or isinstance(depth, bool) or depth < 1):
        raise MatchingError("rules.reporting_line_depth: must be a whole number of at least 1, or null")
    for name in ("skills", "interests", "cross_department", "reciprocal"):
        value = getattr(weights, name)
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value) or value < 0:
            raise MatchingError(f"weights.{name}: must be a number of at least 0")


def _unique_index(ids: Iterable[str], role: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, pid in enumerate(ids):
        if not isinstance(pid, str) or not pid:
            raise MatchingError(f"{role} #{position + 1}: id must be a non-empty string")
        if pid in index:
            raise MatchingError(f"{role} {pid}: duplicate id")
        index[pid] = position
    return index


def _check_employees(employees: Sequence[Employee], index: Mapping[str, int]) -> IntArray:
    managers = np.full(len(employees), -1, dtype=I64)
    for position, e in enumerate(employees):
        if not isinstance(e.level, int) or isinstance(e.level, bool) or e.level not in LEVELS:
            raise MatchingError(f"employee {e.id}: level must be a whole number from 1 to 10")
        if not e.department:
            raise MatchingError(f"employee {e.id}: department is required")
        if e.manager:
            if e.manager not in index:
                raise MatchingError(f"employee {e.id}: unknown manager {e.manager}")
            if e.manager == e.id:
                raise MatchingError(f"employee {e.id}: is their own manager")
            managers[position] = index[e.manager]
    _check_cycles(managers, employees)
    return managers


def _check_cycles(managers: IntArray, employees: Sequence[Employee]) -> None:
    state = np.zeros(len(managers), dtype=np.int8)  # 0 new, 1 on the current walk, 2 known to reach the top
    for start in range(len(managers)):
        walk = []
        node = start
        while node >= 0 and state[node] == 0:
            state[node] = 1
            walk.append(node)
            node = int(managers[node])
        if node >= 0 and state[node] == 1:
            cycle = walk[walk.index(node) :]
            names = " -> ".join(employees[i].id for i in [*cycle, node])
            raise MatchingError(f"employee {employees[node].id}: management cycle {names}")
        state[walk] = 2


def _check_levels(kind: str, pid: str, values: Mapping[str, int], allowed: range, what: str) -> None:
    for name, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool) or value not in allowed:
            raise MatchingError(
                f"{kind} {pid}: {what} of {name} must be a whole number from {allowed[0]} to {allowed[-1]}"
            )


def _check_mentor(mentor: Mentor) -> None:
    if not isinstance(mentor.capacity, int) or isinstance(mentor.capacity, bool) or mentor.capacity < 0:
        raise MatchingError(f"mentor {mentor.id}: capacity must be a whole number of at least 0")
    _check_levels("mentor", mentor.id, mentor.skills, PROFICIENCY, "proficiency")
    _check_levels("mentor", mentor.id, mentor.wants, IMPORTANCE, "importance")


def _check_mentee(mentee: Mentee) -> None:
    _check_levels("mentee", mentee.id, mentee.wants, IMPORTANCE, "importance")
    _check_levels("mentee", mentee.id, mentee.skills, PROFICIENCY, "proficiency")


def _ancestors(managers: IntArray, depth: int | None) -> IntArray:
    """Row e: e's manager, their manager, … up to `depth` levels (None: to the top), -1 beyond the top."""
    columns: list[IntArray] = []
    current = managers
    while (depth is None or len(columns) < depth) and (current >= 0).any():
        columns.append(current)
        current = np.where(current >= 0, managers[np.maximum(current, 0)], -1)
    if not columns:
        return np.full((len(managers), 0), -1, dtype=I64)
    return np.stack(columns, axis=1)


def _codes(values: Iterable[str | None]) -> IntArray:
    codes: dict[str, int] = {}
    return np.array([-1 if v is None else codes.setdefault(v, len(codes)) for v in values], dtype=I64)


def _matrix(rows: Iterable[Mapping[str, int]], columns: list[str], dtype: Any) -> Any:
    position = {name: i for i, name in enumerate(columns)}
    values = list(rows)
    out = np.zeros((len(values), len(columns)), dtype=dtype)
    at = [r for r, row in enumerate(values) for _ in row]
    if at:
        out[at, [position[name] for row in values for name in row]] = [v for row in values for v in row.values()]
    return out


def _sets(rows: Iterable[frozenset[str]], columns: list[str]) -> FloatArray:
    return _matrix((dict.fromkeys(row, 1) for row in rows), columns, np.float64)  # type: ignore[no-any-return]


def _pair_indices(p: _Prepared, mentor_id: str, mentee_id: str, kind: str) -> tuple[int, int]:
    if mentor_id not in p.mentor_index:
        raise MatchingError(f"{kind} pair {mentor_id}–{mentee_id}: unknown mentor {mentor_id}")
    if mentee_id not in p.mentee_index:
        raise MatchingError(f"{kind} pair {mentor_id}–{mentee_id}: unknown mentee {mentee_id}")
    return p.mentor_index[mentor_id], p.mentee_index[mentee_id]


def _indices(p: _Prepared, pairs: Iterable[tuple[str, str]], kind: str) -> list[tuple[int, int]]:
    return [_pair_indices(p, mentor_id, mentee_id, kind) for mentor_id, mentee_id in pairs]


# ---------------------------------------------------------------------------------------------------------
# The compiled pass over all pairs (kernels.scan): its arrays, and what the engine asks of it


NONE = float(kernels.NONE)  # the value of a pair that breaks a hard rule
ANY_DEPTH = 1 << 30


@dataclass
class _Arrays:
    """The inputs of `kernels.scan`: the mentors' side per column, the mentees' side as lists (see kernels)."""

    prof: Any
    rwant: Any
    rprof: Any
    inter: Any
    m_int: Any
    m_count: Any
    want_ptr: IntArray
    want_skill: IntArray
    want_value: Any
    want_own: Any
    like_ptr: IntArray
    like: IntArray
    e_count: Any
    e_rown: Any
    e_scale: Any
    e_gain_min: Any
    e_int: Any
    rules: IntArray
    w_interests: float
    w_cross: float


def _build_arrays(p: _Prepared) -> _Arrays:
    w, r = p.problem.weights, p.problem.rules
    mnorm = 4 * p.mentor_want.sum(axis=1)
    rscale = np.divide(w.reciprocal, mnorm, out=np.zeros_like(mnorm), where=mnorm > 0)
    recip = np.flatnonzero((p.mentor_want > 0).any(axis=0)) if w.reciprocal else np.zeros(0, dtype=I64)
    wanted = p.mentee_want.sum(axis=1)
    tin, tout, depth = kernels.euler(p.manager)
    if not r.forbid_reporting_line:
        reach = -1
    else:
        reach = ANY_DEPTH if r.reporting_line_depth is None else r.reporting_line_depth

    def ints(org: IntArray) -> Any:
        return np.ascontiguousarray(
            np.stack([p.dept[org], p.team[org], p.level[org], tin[org], tout[org], depth[org]]).astype(np.int32)
        )

    e, k = np.nonzero(p.mentee_want)
    e_like, like = np.nonzero(p.mentee_interests)
    return _Arrays(
        prof=_f32(p.mentor_skill.T),
        rwant=_f32((p.mentor_want[:, recip] * rscale[:, None]).T),
        rprof=_f32(p.mentor_skill[:, recip].T),
        inter=_f32(p.mentor_interests.T),
        m_int=ints(p.mentor_org),
        m_count=_f32(p.mentor_interests.sum(axis=1)),
        want_ptr=np.searchsorted(e, np.arange(p.n + 1)),
        want_skill=k,
        want_value=_f32(p.mentee_want[e, k]),
        want_own=_f32(p.mentee_skill[e, k]),
        like_ptr=np.searchsorted(e_like, np.arange(p.n + 1)),
        like=like,
        e_count=_f32(p.mentee_interests.sum(axis=1)),
        e_rown=_f32(p.mentee_skill[:, recip]),
        e_scale=_f32(np.divide(w.skills, 4 * wanted, out=np.zeros_like(wanted), where=wanted > 0)),
        e_gain_min=_f32(np.floor(r.min_skill_score * 4 * wanted + SKILL_EPSILON) + 1),
        e_int=ints(p.mentee_org),
        rules=np.array([r.min_level_gap, r.forbid_same_team, r.forbid_same_department, reach], dtype=I64),
        w_interests=float(w.interests) if p.mentee_interests.shape[1] else 0.0,
        w_cross=float(w.cross_department),
    )


def _f32(a: Any) -> Any:
    return np.ascontiguousarray(a, dtype=F32)


@dataclass
class _Scan:
    """What one pass kept: per mentee (row) its best mentors (positions in the pass's mentors, -1 none) and their
    values, how many values were above the row's floor, and per mentor its best mentees (row positions)."""

    best: Any
    value: Any
    above: IntArray
    column_rows: IntArray
    column_mentors: IntArray


def _scan(
    p: _Prepared, rows: IntArray, mentors: IntArray, price: Any, floor: Any, entry: Any, keep: int, columns: int = 0
) -> _Scan:
    """Values `score - price[mentor]` of every eligible pair of these mentees and mentors (see kernels.scan)."""
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
                a.e_scale, a.e_gain_min, a.e_int, a.rules, a.w_interests, a.w_cross, _f32(price), _f32(floor),
                _f32(entry), best, value, above, col_j, col_v, col_count, col_floor,
            )  # fmt: skip
    else:
        best[:] = -1
    taken = np.arange(columns)[None, None, :] < col_count[:, :, None]
    _thread, column, slot = np.nonzero(taken)
    return _Scan(best, value, above, col_j[_thread, column, slot].astype(I64), column)


_Columns = tuple[Any, Any, Any, Any, Any, Any]


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


@dataclass
class _Compact:
    """Skills as int16 and interests as bits, for scoring many single pairs exactly."""

    want: Any
    own: Any
    theirs: Any
    mwant: Any
    norm: IntArray
    mnorm: IntArray
    likes_e: Any
    likes_m: Any


def _build_compact(p: _Prepared) -> _Compact:
    def bits(sets: FloatArray) -> Any:
        words = max(1, -(-sets.shape[1] // 64))
        padded = np.zeros((sets.shape[0], words * 64), dtype=np.uint8)
        padded[:, : sets.shape[1]] = sets > 0
        return np.packbits(padded, axis=1, bitorder="little").view(np.uint64)

    return _Compact(
        want=p.mentee_want.astype(np.int16),
        own=p.mentee_skill.astype(np.int16),
        theirs=p.mentor_skill.astype(np.int16),
        mwant=p.mentor_want.astype(np.int16),
        norm=p.mentee_want.sum(axis=1).astype(I64),
        mnorm=p.mentor_want.sum(axis=1).astype(I64),
        likes_e=bits(p.mentee_interests),
        likes_m=bits(p.mentor_interests),
    )


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


# ---------------------------------------------------------------------------------------------------------
# Candidates: the best mentors of each mentee, the best mentees of each mentor


@dataclass
class _Candidates:
    mentee: IntArray
    mentor: IntArray
    weight: IntArray  # score in millionths
    keys: IntArray = field(default_factory=lambda: np.zeros(0, dtype=I64))  # sorted mentee * m + mentor


def _arcs(p: _Prepared, mentee: IntArray, mentor: IntArray) -> _Candidates:
    keys = np.sort(mentee * max(p.m, 1) + mentor)
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys
    mentee, mentor = np.divmod(keys, max(p.m, 1))
    return _Candidates(mentee, mentor, _exact_weights(p, mentee, mentor), keys)


def _extend(p: _Prepared, c: _Candidates, mentee: IntArray, mentor: IntArray) -> _Candidates:
    keys = np.concatenate([c.keys, mentee * max(p.m, 1) + mentor])
    order = np.argsort(keys, kind="stable")
    weight = np.concatenate([c.weight, _exact_weights(p, mentee, mentor)])
    keys, first = np.unique(keys[order], return_index=True)
    mentee, mentor = np.divmod(keys, max(p.m, 1))
    return _Candidates(mentee, mentor, weight[order][first], keys)


# ---------------------------------------------------------------------------------------------------------
# The flow


def _big(p: _Prepared) -> int:
    """A match bonus larger than any total score, so that "most matched" comes first."""
    if p.problem.rules.objective != "most_matched":
        return 0
    return (p.n + 1) * (math.ceil(_max_score(p) * SCALE) + 1)


def _max_score(p: _Prepared) -> float:
    w = p.problem.weights
    return float(w.skills + w.interests + w.cross_department + w.reciprocal)


def _flow_and_duals(
    p: _Prepared,
    c: _Candidates,
    capacity: IntArray,
    active: BoolArray,
    previous: tuple[IntArray, IntArray, IntArray] | None,
    prune: bool,
) -> tuple[IntArray, IntArray, IntArray, int]:
    """The optimum over all candidate arcs, and its dual prices; (assigned, u, v, flows solved).

    When only a few mentees have new arcs that break the previous prices, the previous optimum is repaired
    (`_repair`). Otherwise the flow is solved afresh; with `prune` it gets only the arcs within FLOW_SLACK of
    tight under the previous prices (the old optimum among them, and every new arc, which broke or nearly broke
    them): far smaller and faster. Every other candidate arc is then checked exactly against the new prices, and
    any that breaks them joins the flow, which is solved again, until none does: the result is optimal over all
    of them.
    """
    big = _big(p)
    keep = np.ones(len(c.mentee), dtype=bool)
    if previous is not None:
        slack = previous[1][c.mentee] + previous[2][c.mentor] - big - c.weight
        broken = np.unique(c.mentee[slack < 0])
        if len(broken) <= REPAIR * p.n:
            repaired = _repair(p, c, capacity, previous, broken)
            if repaired is not None:
                return (*repaired, 0)
        if prune:
            keep = slack <= FLOW_SLACK * SCALE
    solves = 0
    while True:
        solves += 1
        part = _Candidates(c.mentee[keep], c.mentor[keep], c.weight[keep], c.keys[keep])
        assigned = _solve_flow(p, part, capacity, active)
        duals = _duals(p, part, assigned, capacity)
        if duals is None:
            raise MatchingError("internal error: no optimality certificate for the flow")  # pragma: no cover
        u, v = duals
        out = np.flatnonzero(~keep)
        slack = u[c.mentee[out]] + v[c.mentor[out]] - big - c.weight[out]
        if not (slack < 0).any():
            return assigned, u, v, solves
        broken = np.unique(c.mentee[out[slack < 0]])
        if len(broken) <= REPAIR * p.n:
            repaired = _repair(p, c, capacity, (assigned, u, v), broken)
            if repaired is not None:
                return (*repaired, solves)
        keep[out[slack < NEAR_SLACK * SCALE]] = True


def _repair(
    p: _Prepared, c: _Candidates, capacity: IntArray, previous: tuple[IntArray, IntArray, IntArray], broken: IntArray
) -> tuple[IntArray, IntArray, IntArray] | None:
    """The previous optimum made optimal over the grown arcs: the mentees with an arc that breaks the prices get
    the value of their best arc and leave their mentor, then re-enter by shortest augmenting paths
    (kernels.repair). None if that fails or the result is not proved optimal."""
    assigned, u, v = (x.copy() for x in previous)
    value = _big(p) + c.weight
    best = np.zeros(p.n, dtype=I64)
    np.maximum.at(best, c.mentee, value - v[c.mentor])
    u[broken] = best[broken]
    left = np.full(p.n, -1, dtype=I64)
    left[broken] = assigned[broken]
    assigned[broken] = -2
    ptr = np.searchsorted(c.mentee, np.arange(p.n + 1))
    if not kernels.repair(ptr, c.mentor, value, capacity, assigned, left, u, v):
        return None  # pragma: no cover - a path always exists: back to the mentor it left
    duals = _duals(p, c, assigned, capacity)
    return None if duals is None else (assigned, *duals)


def _solve_flow(p: _Prepared, c: _Candidates, capacity: IntArray, active: BoolArray) -> IntArray:
    """Min-cost flow over the candidate arcs (OR-Tools). Returns the mentor index per mentee (-1 unmatched).

    "Most matched" is a maximum flow of minimum cost (no large match bonus in the costs: the solver's cost
    scaling stays short); "best score" lets every mentee bypass to the sink at no cost.
    """
    n, m = p.n, p.m
    source, sink = n + m, n + m + 1
    mentees = np.flatnonzero(active)
    most = p.problem.rules.objective == "most_matched"
    bypass = np.zeros(0, dtype=I64) if most else mentees
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.full(len(mentees), source), bypass, c.mentee, n + np.arange(m)])
    heads = np.concatenate([mentees, np.full(len(bypass), sink), n + c.mentor, np.full(m, sink)])
    caps = np.concatenate([np.ones(len(mentees) + len(bypass) + len(c.mentee), dtype=I64), capacity])
    costs = np.concatenate([np.zeros(len(mentees) + len(bypass), dtype=I64), -c.weight, np.zeros(m, dtype=I64)])
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(n + m + 2, dtype=I64)
    supplies[source], supplies[sink] = len(mentees), -len(mentees)
    flow.set_nodes_supplies(np.arange(n + m + 2), supplies)
    status = flow.solve_max_flow_with_min_cost() if most else flow.solve()
    if status != flow.OPTIMAL:
        raise MatchingError(f"the solver failed (status {status})")  # pragma: no cover
    first = len(mentees) + len(bypass)
    used = flow.flows(np.arange(first, first + len(c.mentee))) > 0
    assigned = np.full(n, -1, dtype=I64)
    assigned[c.mentee[used]] = c.mentor[used]
    return assigned


def _duals(p: _Prepared, c: _Candidates, assigned: IntArray, capacity: IntArray) -> tuple[IntArray, IntArray] | None:
    """Mentee values u and mentor prices v with u_i + v_j >= BIG + score on every candidate arc and complementary
    slackness (kernels.duals); None if there are none (then the flow was not optimal)."""
    if p.m == 0:
        return np.zeros(p.n, dtype=I64), np.zeros(0, dtype=I64)
    u, v, ok = kernels.duals(p.n, p.m, c.mentee, c.mentor, _big(p) + c.weight, assigned, capacity)
    return (u, v) if ok else None


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


def _auction_prices(
    p: _Prepared, rows: IntArray, mentors: IntArray, capacity: IntArray
) -> tuple[FloatArray, IntArray, int]:
    """Mentor prices close to the final ones (score units) before the first flow, from an auction over every pair;
    returns them, the mentor position each mentee row holds (-1 none) and how many rows were scored.

    The flow's prices decide which pairs the optimum needs; candidates picked by score alone miss most of them and
    cost several solves from scratch. A large pool first runs the auction on a sample of the mentees, each bidding
    for AUCTION_COPIES places, so that the prices rise where the whole pool's demand would push them at a fraction
    of the scoring; the whole pool then bids on from those prices. The last few bidders (AUCTION_TAIL) are left
    out: they fight over the last places in steps of AUCTION_EPS, which the exact flow settles far faster."""
    slot_ptr = np.r_[0, np.cumsum(capacity[mentors])]
    slot_price = np.zeros(slot_ptr[-1])
    price = np.zeros(len(mentors))
    if not len(rows) or not len(mentors):
        return price, np.full(len(rows), -1, dtype=I64), 0
    scored = 0
    if len(rows) >= AUCTION_SAMPLE_FROM:
        sample = np.sort(np.random.default_rng(1).choice(len(rows), len(rows) // AUCTION_COPIES, replace=False))
        copies = np.repeat(np.arange(len(sample)), AUCTION_COPIES)
        scored += _auction(p, rows[sample], copies, mentors, slot_ptr, slot_price, price)[1]
    holder, count = _auction(p, rows, np.arange(len(rows)), mentors, slot_ptr, slot_price, price)
    held = np.flatnonzero(holder >= 0)
    mentor_of = np.full(len(rows), -1, dtype=I64)
    mentor_of[holder[held]] = np.searchsorted(slot_ptr, held, side="right") - 1
    return price, mentor_of, scored + count


def _auction(
    p: _Prepared,
    rows: IntArray,
    owner: IntArray,
    mentors: IntArray,
    slot_ptr: IntArray,
    slot_price: FloatArray,
    price: FloatArray,
) -> tuple[IntArray, int]:
    """One auction (kernels.auction): bidders are copies of these rows (`owner`), each row's list made again by a
    pass whenever it no longer proves the row's best. Prices change in place; returns the bidder per place and how
    many rows were scored."""
    slot_holder = np.full(slot_ptr[-1], -1, dtype=I64)
    list_j = np.full((len(rows), AUCTION_LIST), -1, dtype=np.int32)
    list_s = np.zeros((len(rows), AUCTION_LIST))
    theta = np.zeros(len(rows))
    rescan = np.empty(len(owner), dtype=I64)
    outside = -(_max_score(p) + 1.0) if p.problem.rules.objective == "most_matched" else 0.0
    bidders, scored = np.arange(len(owner)), 0
    while len(bidders) > (AUCTION_TAIL * len(owner) if scored else 0):
        todo = np.unique(owner[bidders])
        scored += len(todo)
        nothing = np.full(len(todo), NONE)
        found = _scan(p, rows[todo], mentors, price, nothing, nothing, AUCTION_LIST)
        list_j[todo] = found.best
        list_s[todo] = found.value + price[np.maximum(found.best, 0)]
        theta[todo] = np.where((found.best >= 0).all(axis=1), found.value.min(axis=1), -np.inf)
        count = kernels.auction(bidders.copy(), len(bidders), owner, list_j, list_s, theta, slot_ptr, slot_price,
                                slot_holder, price, outside, AUCTION_EPS, rescan)  # fmt: skip
        bidders = rescan[:count].copy()
    return slot_holder, scored


def _candidates(
    p: _Prepared, rows: IntArray, mentors: IntArray, limit: int, price: FloatArray, held: IntArray
) -> tuple[_Candidates, _Scan]:
    """The `limit` best eligible mentors of each mentee by score less the mentor's price, the best eligible mentees
    of each mentor, and the pairs the auction made (`held`: a mentor position per row, -1 none).

    Both sides matter: when every mentee prefers the same few mentors, mentee-side lists alone leave most mentors
    without arcs and the first flow cannot match everyone. None of this decides optimality (the certificate
    does), only how close the first flow comes. The pass itself is returned too: it starts the certificate."""
    nothing = np.full(len(rows), NONE)
    found = _scan(p, rows, mentors, price, nothing, nothing, limit, min(COLUMN_CANDIDATES, limit))
    r, k = np.nonzero(found.best >= 0)
    rng = np.random.default_rng(0)
    rand_e = np.repeat(rows, RANDOM_ARCS) if len(mentors) else np.zeros(0, dtype=I64)
    rand_m = mentors[rng.integers(0, len(mentors), size=len(rand_e))] if len(mentors) else rand_e
    eligible = _eligible(p, rand_e, rand_m)
    has = held >= 0
    mentee = np.concatenate([rows[r], rows[found.column_rows], rand_e[eligible], rows[has]])
    mentor = np.concatenate(
        [mentors[found.best[r, k]], mentors[found.column_mentors], rand_m[eligible], mentors[held[has]]]
    )
    allowed = _not_forbidden(p, mentee, mentor)
    return _arcs(p, mentee[allowed], mentor[allowed]), found


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
        self.lists = np.full((len(rows), max(found.best.shape[1], ADD_PER_ROW)), -1, dtype=np.int32)
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
        drifted = np.flatnonzero(gained > typical + DRIFT)
        theta = self.theta + typical + DRIFT
        found = [self._listed(q, floor)]
        if len(drifted) and len(drifted) < REPASS * len(self.mentors):
            d = _scan(p, self.rows, self.mentors[drifted], q[drifted], floor, np.full(len(self.rows), NONE), 1)
            theta = np.maximum(theta, d.value[:, 0])
        else:
            theta = np.full(len(self.rows), np.inf) if len(drifted) else theta
        again = np.flatnonzero(theta > floor)
        if len(again) > REPASS * len(self.rows):
            again = np.arange(len(self.rows))
            self.full_passes += 1
        self.rescored_rows += len(again)
        crowded = np.zeros(0, dtype=I64)
        if len(again):
            rescored = _scan(p, self.rows[again], self.mentors, q, floor[again], np.full(len(again), NONE), ADD_PER_ROW)
            self._keep(again, rescored)
            r, k = np.nonzero((rescored.best >= 0) & (rescored.value > floor[again][:, None]))
            found.append(self._pairs(again[r], rescored.best[r, k]))
            crowded = again[rescored.above > ADD_PER_ROW]
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
        near = slack < NEAR_SLACK * SCALE
        mentee, mentor, slack = mentee[near], mentor[near], slack[near]
        order = np.lexsort((slack, mentee))
        mentee, mentor = mentee[order], mentor[order]
        rank = np.arange(len(mentee)) - np.searchsorted(mentee, mentee, side="left")
        return mentee[rank < ADD_PER_ROW], mentor[rank < ADD_PER_ROW]

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


# ---------------------------------------------------------------------------------------------------------
# The solve


@dataclass
class _Solved:
    assigned: IntArray  # mentor per mentee from the flow (-1: none; pinned mentees are not in the flow)
    pinned: list[tuple[int, int]]
    stats: dict[str, Any]


def match(problem: Problem) -> Result:
    """Solve a matching problem exactly. Raises MatchingError for bad input (naming the record)."""
    started = time.perf_counter()
    p = prepare(problem)
    share = problem.rules.min_cross_department_share
    solved = _solve(p, started) if share is None else _solve_with_share(p, share, started)
    explained = time.perf_counter()
    result = _result(p, solved)
    result.stats.update(solved.stats)
    result.stats["seconds"]["explain"] = round(time.perf_counter() - explained, 3)
    return result


def _solve(p: _Prepared, started: float) -> _Solved:
    capacity, active, pinned_pairs = _apply_pins(p)
    prepared_at = time.perf_counter()
    rows = np.flatnonzero(active)
    mentors = np.flatnonzero(p.usable & (capacity > 0))
    price, held, auction_rows = _auction_prices(p, rows, mentors, capacity)
    priced_at = time.perf_counter()
    c, found = _candidates(p, rows, mentors, max(1, p.problem.candidates), price, held)
    certificate = _Certificate(p, rows, mentors, found, price)
    first_arcs = len(c.mentee)
    scored_at = time.perf_counter()
    rounds, added, repairs = 0, 0, 0
    flow_seconds = 0.0
    state: tuple[IntArray, IntArray, IntArray] | None = None
    last_added = 0
    while True:
        flow_started = time.perf_counter()
        few = last_added < PRUNE_AFTER * len(c.mentee)
        assigned, u, v, solves = _flow_and_duals(p, c, capacity, active, state, few)
        state = assigned, u, v
        rounds += solves
        repairs += solves == 0
        flow_seconds += time.perf_counter() - flow_started
        if not len(rows) or not len(mentors):
            break
        extra_e, extra_m = certificate.check(u, v)
        if not len(extra_e):
            break
        keys = extra_e * max(p.m, 1) + extra_m
        at = np.minimum(np.searchsorted(c.keys, keys), max(len(c.keys) - 1, 0))
        fresh = c.keys[at] != keys if len(c.keys) else np.ones(len(keys), dtype=bool)
        extra_e, extra_m = extra_e[fresh], extra_m[fresh]
        added += len(extra_e)
        last_added = len(extra_e)
        c = _extend(p, c, extra_e, extra_m)
    solved_at = time.perf_counter()
    on = assigned[c.mentee] == c.mentor
    primal = int((_big(p) + c.weight[on]).sum())
    dual = int(u.sum() + (v * capacity).sum())
    stats = {
        "mentees": p.n,
        "mentors": p.m,
        "candidate_pairs": int(len(c.mentee)),
        "pruned_pairs": int(len(rows) * len(mentors) - len(c.mentee)),
        "certificate": {
            "method": "LP dual prices: u_i + v_j >= a_ij for every eligible pair (each mentee's pairs scored in a pass "
            "or bounded since its last one, exact integer weights deciding); primal = dual",
            "rounds": rounds,
            "repairs": repairs,
            "first_candidate_pairs": first_arcs,
            "auction_rows_scored": auction_rows,
            "full_passes": certificate.full_passes,
            "rows_rescored": certificate.rescored_rows,
            "pairs_added": added,
            "primal": primal,
            "dual": dual,
            "optimal": primal == dual,
        },
        "seconds": {
            "prepare": round(prepared_at - started, 3),
            "prices": round(priced_at - prepared_at, 3),
            "score": round(scored_at - priced_at, 3),
            "flow": round(flow_seconds, 3),
            "certify": round(solved_at - scored_at - flow_seconds, 3),
        },
    }
    return _Solved(assigned, pinned_pairs, stats)


# ---------------------------------------------------------------------------------------------------------
# Side constraint: a least share of cross-department pairs, by a Lagrangian price


MAX_SHARE_SOLVES = 24  # exact solves spent on the price of the cross-department share
PRICE_CAP = 16  # highest price tried, in units of (highest possible score + 1)


def _priced(p: _Prepared, price: float) -> _Prepared:
    """The same prepared problem with `price` added to the score of every cross-department pair."""
    w = p.problem.weights
    problem = replace(p.problem, weights=replace(w, cross_department=w.cross_department + price))
    return replace(p, problem=problem)


def _pairs_of(solved: _Solved) -> tuple[IntArray, IntArray]:
    flow = np.flatnonzero(solved.assigned >= 0)
    pinned = np.array(solved.pinned, dtype=I64).reshape(-1, 2)
    return np.concatenate([flow, pinned[:, 0]]), np.concatenate([solved.assigned[flow], pinned[:, 1]])


def _measure(p: _Prepared, solved: _Solved) -> tuple[int, int, int]:
    """(pairs, cross-department pairs, total score in millionths under the programme's own weights)."""
    mentee, mentor = _pairs_of(solved)
    cross = p.dept[p.mentee_org[mentee]] != p.dept[p.mentor_org[mentor]]
    return len(mentee), int(cross.sum()), int(_exact_weights(p, mentee, mentor).sum())


def _solve_with_share(p: _Prepared, share: float, started: float) -> _Solved:
    """At least `share` of the pairs (pinned ones included) cross-department, by a price λ on such pairs.

    For a price λ the problem "score + λ·D" is solved exactly (with its own certificate); the share grows
    with λ. λ = 0 first; then λ doubles from a small value until the share holds, up to PRICE_CAP x (the
    highest possible score + 1), where a cross-department pair outweighs the score of 16 pairs: if even that
    price misses the share, its matching is returned as the most the share can practically reach, marked
    infeasible (a degenerate "cross-department only" objective would be exact but ties everything, which the
    certificate's bounds cannot prune). Otherwise λ is bisected towards the smallest λ
    (to 1e-4 relative, at most MAX_SHARE_SOLVES solves), stopping early once a price meets the share exactly
    with "most matched" (then the gap below is 0: the result is the constrained optimum itself).
    The result is optimal for the priced problem. With "most matched" the number of pairs N is the same for
    every λ, so with K = ceil(share·N), every λ gives the bound L(λ) = f(x_λ) + λ·(D(x_λ) − K) >= the best
    total score f of any matching with at least K cross-department pairs (weak duality); the smallest L seen
    less f of the returned matching is the reported gap (0: proven optimal under the constraint too).
    """
    most = p.problem.rules.objective == "most_matched"
    solves: list[dict[str, Any]] = []

    def attempt(price: float) -> tuple[_Solved, int, int, int]:
        solved = _solve(_priced(p, price) if price else p, started)
        n, d, f = _measure(p, solved)
        solves.append({"price": price, "pairs": n, "cross_department": d, "total_score": f / SCALE})
        return solved, n, d, f

    def holds(n: int, d: int) -> bool:
        return d >= math.ceil(share * n - 1e-9)

    base, n0, d0, f0 = attempt(0.0)
    best, infeasible = (base, n0, d0, f0), False
    price_found: float | None = 0.0
    if not holds(n0, d0):
        low, high, found = 0.0, math.inf, best
        trial, cap = max(_max_score(p), 1e-3) / 64, PRICE_CAP * (_max_score(p) + 1.0)
        while len(solves) < MAX_SHARE_SOLVES:
            got = attempt(min(trial, cap))
            if holds(got[1], got[2]):
                high, found = min(trial, cap), got
                break
            found = got
            if trial >= cap:
                break
            low, trial = trial, trial * 2
        if not math.isfinite(high):  # even the highest price misses it: the most it reached, marked infeasible
            best, price_found, infeasible = found, None, True
        else:
            while (
                high - low > 1e-4 * max(high, 1e-3)
                and len(solves) < MAX_SHARE_SOLVES
                and not (most and found[2] == math.ceil(share * found[1] - 1e-9))  # exactly met: gap 0, optimal
            ):
                middle = (low + high) / 2
                got = attempt(middle)
                if holds(got[1], got[2]):
                    high, found = middle, got
                else:
                    low = middle
            best, price_found = found, high
    price = price_found if price_found is not None else (solves[-1]["price"] or 0.0)
    solved, n, d, f = best
    target = math.ceil(share * n - 1e-9)
    bound = gap = None
    if most and not infeasible and price_found is not None:
        bound = min(
            s["total_score"] + s["price"] * (s["cross_department"] - target) for s in solves if s["price"] is not None
        )
        gap = round(max(0.0, bound - f / SCALE), 6)
        bound = round(bound, 6)
    solved.stats["side_constraints"] = {
        "min_cross_department_share": {
            "target": share,
            "required_pairs": target,
            "achieved": round(d / n, 6) if n else None,
            "cross_department_pairs": d,
            "pairs": n,
            "price": round(price, 9),
            "infeasible": infeasible,
            "total_score": round(f / SCALE, 6),
            "total_score_unconstrained": round(f0 / SCALE, 6),
            "cost_in_total_score": round((f0 - f) / SCALE, 6),
            "upper_bound": bound,
            "duality_gap_bound": gap,
            "method": "Lagrangian price on cross-department pairs, each price solved exactly (min-cost flow "
            "with its certificate); optimal for the priced problem; upper_bound = min over prices of "
            "f + price·(D − required) (most matched only)",
            "solves": solves,
        }
    }
    return solved


def _apply_pins(p: _Prepared) -> tuple[IntArray, BoolArray, list[tuple[int, int]]]:
    """Pinned pairs are kept as given: checked against the hard rules, taken out of the flow."""
    capacity = p.capacity.copy()
    active = np.ones(p.n, dtype=bool)
    pairs = []
    for mentor_id, mentee_id in p.problem.pinned:
        mentor, mentee = _pair_indices(p, mentor_id, mentee_id, "pinned")
        blocked = conflicts(p, mentor_id, mentee_id)
        if blocked:
            names = ", ".join(r.code for r in blocked)
            raise MatchingError(f"pinned pair {mentor_id}–{mentee_id}: breaks a hard rule ({names})")
        if not active[mentee]:
            raise MatchingError(f"pinned pair {mentor_id}–{mentee_id}: mentee {mentee_id} is pinned twice")
        if capacity[mentor] < 1:
            raise MatchingError(f"pinned pair {mentor_id}–{mentee_id}: mentor {mentor_id} has no capacity left")
        capacity[mentor] -= 1
        active[mentee] = False
        pairs.append((mentee, mentor))
    return capacity, active, pairs


def conflicts(p: _Prepared, mentor_id: str, mentee_id: str) -> list[Reason]:
    """Every hard rule the pair breaks (empty: the pair is allowed). Used by the engine and by "why not?"."""
    mentor, mentee = _pair_indices(p, mentor_id, mentee_id, "asked")
    r = p.problem.rules
    e_org, m_org = int(p.mentee_org[mentee]), int(p.mentor_org[mentor])
    found = []
    if r.forbid_same_team and p.team[e_org] >= 0 and p.team[e_org] == p.team[m_org]:
        found.append(Reason("same_team"))
    if r.forbid_same_department and p.dept[e_org] == p.dept[m_org]:
        found.append(Reason("same_department"))
    found += _reporting_line(p, e_org, m_org)
    gap = int(p.level[e_org] - p.level[m_org])
    if gap < r.min_level_gap:
        found.append(Reason("level_gap", {"gap": gap, "required": r.min_level_gap}))
    if r.require_training and not p.trained[mentor]:
        found.append(Reason("untrained"))
    if p.capacity[mentor] < 1:
        found.append(Reason("no_capacity"))
    want = p.mentee_want[mentee]
    gain = float((want * np.maximum(0, p.mentor_skill[mentor] - p.mentee_skill[mentee])).sum())
    if gain <= r.min_skill_score * 4 * want.sum() + SKILL_EPSILON:
        found.append(Reason("no_skill_gain", {"minimum": r.min_skill_score}))
    if (mentor_id, mentee_id) in set(p.problem.forbidden):
        found.append(Reason("forbidden"))
    return found


def _reporting_line(p: _Prepared, e_org: int, m_org: int) -> list[Reason]:
    above_mentee = p.ancestors[e_org].tolist()
    above_mentor = p.ancestors[m_org].tolist()
    if m_org in above_mentee:
        return [Reason("reporting_line", {"manager": "mentor", "levels": above_mentee.index(m_org) + 1})]
    if e_org in above_mentor:
        return [Reason("reporting_line", {"manager": "mentee", "levels": above_mentor.index(e_org) + 1})]
    return []


# ---------------------------------------------------------------------------------------------------------
# The result, with reasons


def _result(p: _Prepared, solved: _Solved) -> Result:
    from omkeer.matching.explain import pair_reasons_many, unmatched_reason

    pr = p.problem
    mentee, mentor = _pairs_of(solved)
    flagged = np.zeros(len(mentee), dtype=bool)
    flagged[len(mentee) - len(solved.pinned) :] = True
    skills, interests, cross, reciprocal = (part.tolist() for part in _exact_parts(p, mentee, mentor))
    reasons = pair_reasons_many(p, mentee, mentor)
    pairs = []
    w = pr.weights
    for k, (e, j) in enumerate(zip(mentee.tolist(), mentor.tolist(), strict=True)):
        parts = Parts(skills=skills[k], interests=interests[k], cross_department=cross[k], reciprocal=reciprocal[k])
        pairs.append(
            Pair(
                mentor=pr.mentors[j].id,
                mentee=pr.mentees[e].id,
                score=round(total(parts, w), 6),
                parts=parts,
                reasons=reasons[k],
                pinned=bool(flagged[k]),
            )
        )
    pairs.sort(key=lambda pair: (pair.mentee, pair.mentor))
    taken = np.zeros(p.n, dtype=bool)
    taken[mentee] = True
    left = np.flatnonzero(~taken)
    eligible = _eligible_counts(p, left)
    unmatched = sorted(
        (
            Unmatched(mentee=pr.mentees[i].id, reason=unmatched_reason(int(k)))
            for i, k in zip(left.tolist(), eligible.tolist(), strict=True)
        ),
        key=lambda u: p.mentee_index[u.mentee],
    )
    objective = {
        "name": pr.rules.objective,
        "matched": len(pairs),
        "unmatched": len(unmatched),
        "total_score": round(sum(pair.score for pair in pairs), 6),
    }
    load = np.bincount(mentor, minlength=p.m)
    stats = {"mentors_used": int((load > 0).sum()), "capacity": int(p.capacity.sum())}
    return Result(pairs=pairs, unmatched=unmatched, objective=objective, stats=stats)


def why_not(problem: Problem, result: Result, mentor_id: str, mentee_id: str) -> list[Reason]:
    """Why this mentor and mentee are not a pair: the hard rules that block it, or what forcing it would cost.

    The cost is exact: the problem is solved again with the pair pinned and the objectives compared.
    """
    p = prepare(problem)
    blocked = conflicts(p, mentor_id, mentee_id)
    if blocked:
        return blocked
    current = {pair.mentee: pair for pair in result.pairs}
    if mentee_id in current and current[mentee_id].mentor == mentor_id:
        return [Reason("matched")]
    pinned_to = {e: m for m, e in problem.pinned}
    if mentee_id in pinned_to:
        return [Reason("pinned_elsewhere", {"mentor": pinned_to[mentee_id]})]
    mentor_pins = sum(1 for m, _ in problem.pinned if m == mentor_id)
    if mentor_pins >= problem.mentors[p.mentor_index[mentor_id]].capacity:
        return [Reason("no_capacity")]
    forced = match(replace(problem, pinned=(*problem.pinned, (mentor_id, mentee_id))))
    return [
        Reason(
            "better_use",
            {
                "matched_delta": result.objective["matched"] - forced.objective["matched"],
                "score_delta": round(result.objective["total_score"] - forced.objective["total_score"], 6),
                "mentor_now": sorted(pair.mentee for pair in result.pairs if pair.mentor == mentor_id),
                "mentee_now": current[mentee_id].mentor if mentee_id in current else None,
            },
        )
    ]
