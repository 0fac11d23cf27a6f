"""The matching engine: optimal, conflict-free mentor–mentee pairs with reasons. No Django here.

Input: an organisation (employees with department, team, level, manager), mentors (capacity, skills,
interests, what they want to learn), mentees (what they want to learn with importance, their own skills,
interests), hard rules, weights, pinned and forbidden pairs. Output: pairs with score and reasons, the
unmatched mentees with the reason nobody fit, and a certificate that the result is the exact optimum.

How: every mentee is scored against every mentor in blocks (mentors x mentees, float32), each term of the
score one matrix product (`_Features`), the sparse rules (reporting line, team, forbidden) as lists of pairs.
The best mentors of each mentee (by tile maxima) and the best mentees of each mentor go into a min-cost flow
(OR-Tools). Its optimum on that pruned graph is then proved optimal for the whole graph with LP dual prices
(`_Certificate`): one more pass over all pairs with the mentors sorted by price keeps, per mentee and tile
of 32 mentors, a bound on what any pair outside the flow could gain; pairs that could improve the result are
added and the flow solved again, and then only tiles whose bound the new prices break are scored again, until
no pair can improve it. Every float is used with a margin; what the margin cannot prove, exact integer
weights decide.

Side constraint `min_cross_department_share`: a Lagrangian price on cross-department pairs, each price solved
exactly as above, the smallest price that reaches the share (see `_solve_with_share`).
"""

from __future__ import annotations

import ctypes
import math
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

LEVELS = range(1, 11)
PROFICIENCY = range(0, 5)
IMPORTANCE = range(1, 4)
OBJECTIVES = ("most_matched", "best_score")
SCALE = 1_000_000  # scores are compared as integers in millionths
ADD_PER_ROW = 20  # most-violated pairs added per mentee and round of the certificate
COLUMN_CANDIDATES = 30  # best mentees per mentor handed to the first flow
RANDOM_ARCS = 4  # random eligible mentees per mentor (and mentors per mentee) handed to the first flow
NEAR_PER_ROW = 16  # after the first flow: best pairs per mentee by score less price added before the next one
NEAR_SLACK = 0.01  # score units: pairs this close to breaking the dual constraint are added with the violators
FLOW_SLACK = 0.05  # score units: after a round that added few arcs the flow gets the arcs this close to tight
PRUNE_AFTER = 0.05  # "few": less than this share of the candidate arcs
REFRESH = 0.05  # share of tiles failing their bound above which the certificate takes new reference prices
WORKERS = 2  # threads scoring blocks ahead of the one being used
GROUP_TILES = 32  # tiles scored again together (their mentees' union) by one call
TEAM_PAIRS_MAX = 20_000_000  # same-team pairs listed up to this many; beyond, the rule is tested in each block
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
    candidates: int = 50  # best mentors per mentee handed to the flow before the optimality check


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
    ancestors: IntArray  # employees x depth, -1 beyond the top
    capacity: IntArray
    trained: BoolArray
    mentee_want: FloatArray  # n x K importance
    mentee_skill: IntArray  # n x K proficiency
    mentor_skill: IntArray  # m x K
    mentor_want: FloatArray  # m x K
    mentee_interests: FloatArray  # n x I (0/1)
    mentor_interests: FloatArray  # m x I
    excluded: IntArray  # sorted keys mentee * m + mentor of pairs ruled out by reporting line, team or forbidden
    team_dense: bool = False  # the same-team rule is tested in the scoring blocks (huge teams) instead of `excluded`
    _features: _Features | None = field(init=False, default=None)
    _compact: _Compact | None = field(init=False, default=None)

    @property
    def compact(self) -> _Compact:
        if self._compact is None:
            self._compact = _build_compact(self)
        return self._compact

    @property
    def features(self) -> _Features:
        if self._features is None:
            self._features = _build_features(self)
        return self._features

    @property
    def departments(self) -> int:
        return int(self.dept.max()) + 1 if len(self.dept) else 0

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
        ancestors=ancestors,
        capacity=np.array([m.capacity for m in problem.mentors], dtype=I64),
        trained=np.array([m.trained for m in problem.mentors], dtype=bool),
        mentee_want=_matrix((e.wants for e in problem.mentees), skills, np.float64),
        mentee_skill=_matrix((e.skills for e in problem.mentees), skills, I64),
        mentor_skill=_matrix((m.skills for m in problem.mentors), skills, I64),
        mentor_want=_matrix((m.wants for m in problem.mentors), skills, np.float64),
        mentee_interests=_sets((e.interests for e in problem.mentees), interests),
        mentor_interests=_sets((m.interests for m in problem.mentors), interests),
        excluded=np.zeros(0, dtype=I64),
    )
    prepared.excluded = _excluded_pairs(prepared, problem.forbidden)
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


def _excluded_pairs(p: _Prepared, forbidden: Sequence[tuple[str, str]]) -> IntArray:
    """Pair keys (mentee * m + mentor) that the reporting line, the same team or a forbidden pair rules out.

    The reporting line: the mentee's first `depth` managers that are mentors, and the mentees among the
    mentor's — one column of `ancestors` at a time, never a walk per pair.
    """
    mentor_of = np.full(len(p.level), -1, dtype=I64)
    mentor_of[p.mentor_org] = np.arange(p.m)
    mentee_of = np.full(len(p.level), -1, dtype=I64)
    mentee_of[p.mentee_org] = np.arange(p.n)
    keys = [np.zeros(0, dtype=I64)]
    for t in range(p.ancestors.shape[1]):
        above_mentee = p.ancestors[p.mentee_org, t]
        mentors = np.where(above_mentee >= 0, mentor_of[np.maximum(above_mentee, 0)], -1)
        keys.append(np.flatnonzero(mentors >= 0) * p.m + mentors[mentors >= 0])
        above_mentor = p.ancestors[p.mentor_org, t]
        mentees = np.where(above_mentor >= 0, mentee_of[np.maximum(above_mentor, 0)], -1)
        keys.append(mentees[mentees >= 0] * p.m + np.flatnonzero(mentees >= 0))
    for mentor_id, mentee_id in forbidden:
        mentor, mentee = _pair_indices(p, mentor_id, mentee_id, "forbidden")
        keys.append(np.array([mentee * p.m + mentor], dtype=I64))
    if p.problem.rules.forbid_same_team:
        team = _team_pairs(p)
        if team is None:
            p.team_dense = True
        else:
            keys.append(team)
    return np.unique(np.concatenate(keys))


def _team_pairs(p: _Prepared) -> IntArray | None:
    """Keys of the pairs in the same team (None when there are more than TEAM_PAIRS_MAX)."""
    team_e, team_m = p.team[p.mentee_org], p.team[p.mentor_org]
    order = np.argsort(team_m, kind="stable")
    sorted_m = team_m[order]
    left = np.searchsorted(sorted_m, team_e, side="left")
    lengths = np.where(team_e >= 0, np.searchsorted(sorted_m, team_e, side="right") - left, 0)
    if lengths.sum() > TEAM_PAIRS_MAX:
        return None
    rows = np.repeat(np.arange(p.n), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    keys: IntArray = rows * p.m + order[np.repeat(left, lengths) + offsets]
    return keys


def _pair_indices(p: _Prepared, mentor_id: str, mentee_id: str, kind: str) -> tuple[int, int]:
    if mentor_id not in p.mentor_index:
        raise MatchingError(f"{kind} pair {mentor_id}–{mentee_id}: unknown mentor {mentor_id}")
    if mentee_id not in p.mentee_index:
        raise MatchingError(f"{kind} pair {mentor_id}–{mentee_id}: unknown mentee {mentee_id}")
    return p.mentor_index[mentor_id], p.mentee_index[mentee_id]


# ---------------------------------------------------------------------------------------------------------
# Scoring: blocks of mentors x mentees in float32, each term one matrix product


PENALTY = 1e4  # inside the matrix product, for pairs the level or department rule rules out
TILE = 32  # mentors per tile: the certificate keeps one bound per mentee and tile
CHUNK = 2048  # mentors per step inside a block, so that the element-wise passes stay in cache
BLOCK_PAIRS = 1 << 22  # pairs per block (its mentees x all mentors): 16 MB of float32
ELIGIBLE = 0.5  # a block value at or above this is an eligible pair (eligible values are at least 1)


@dataclass
class _Features:
    """The score as matrix products, per side (float32, columns aligned). For a mentee i and mentor j:

    Σ_k want_ik·max(0, mentor_jk − own_ik) = gain_e[i]·gain_m[j] (max(0, a − b) = Σ_t [b < t][a ≥ t], t = 1..4);
    rest_e[i]·rest_m[j] = w_r·R + w_d·D − PENALTY·(level or department rule broken); inter_e[i]·inter_m[j] is
    the number of shared interests, union_e[i] + union_m[j] − shared the size of their union (made 1 when
    both are empty, where the Jaccard is 0).
    """

    gain_e: Any
    gain_m: Any
    rest_e: Any
    rest_m: Any  # the last column holds the cross-department weight; a scorer adds its mentor offsets there
    inter_e: Any
    inter_m: Any
    union_e: Any
    union_m: Any
    skill_scale: Any  # per mentee: w_skills / (4 Σ want)
    gain_min: Any  # per mentee: the least whole Σ want·gain that passes the skill rule
    excluded_ptr: IntArray  # per mentee, its range in `_Prepared.excluded`
    interests: float  # the weight of interests, 0 when there is no interest term


def _build_features(p: _Prepared) -> _Features:
    w, r = p.problem.weights, p.problem.rules
    steps = np.arange(1, 5)
    width = 4 * len(p.skills)
    own, theirs = p.mentee_skill[:, :, None], p.mentor_skill[:, :, None]
    gain_e = (p.mentee_want[:, :, None] * (own < steps)).reshape(p.n, width)
    gain_m = (theirs >= steps).reshape(p.m, width).astype(np.float64)
    keep = gain_e.any(axis=0) & gain_m.any(axis=0)
    mnorm = 4 * p.mentor_want.sum(axis=1)
    mscale = np.divide(w.reciprocal, mnorm, out=np.zeros_like(mnorm), where=mnorm > 0)
    teach_e = (own >= steps).reshape(p.n, width).astype(np.float64)
    teach_m = (p.mentor_want[:, :, None] * (theirs < steps)).reshape(p.m, width) * mscale[:, None]
    teach = teach_e.any(axis=0) & teach_m.any(axis=0)
    d = p.departments
    same = w.cross_department + (PENALTY if r.forbid_same_department else 0.0)
    levels = np.arange(1, 11)[None, :] - p.level[p.mentor_org][:, None]  # mentee level - mentor level
    rest_e = np.hstack(
        [
            teach_e[:, teach],
            _one_hot(p.dept[p.mentee_org], d),
            _one_hot(p.level[p.mentee_org] - 1, 10),
            np.ones((p.n, 1)),
        ]
    )
    rest_m = np.hstack(
        [
            teach_m[:, teach],
            -same * _one_hot(p.dept[p.mentor_org], d),
            np.where(levels >= r.min_level_gap, 0.0, -PENALTY),
            np.full((p.m, 1), w.cross_department),
        ]
    )
    wanted = p.mentee_want.sum(axis=1)
    need = r.min_skill_score * 4 * wanted
    interests = float(w.interests) if p.mentee_interests.shape[1] else 0.0
    count_e, count_m = p.mentee_interests.sum(axis=1), p.mentor_interests.sum(axis=1)
    return _Features(
        gain_e=_f32(gain_e[:, keep]),
        gain_m=_f32(gain_m[:, keep]),
        rest_e=_f32(rest_e),
        rest_m=rest_m,
        inter_e=_f32(p.mentee_interests),
        inter_m=_f32(p.mentor_interests),
        union_e=_f32(count_e + (count_e == 0)),
        union_m=_f32(count_m),
        skill_scale=_f32(np.divide(w.skills, 4 * wanted, out=np.zeros_like(wanted), where=wanted > 0)),
        gain_min=_f32(np.floor(need + SKILL_EPSILON) + 1),
        excluded_ptr=np.searchsorted(p.excluded, np.arange(p.n + 1) * max(p.m, 1)),
        interests=interests,
    )


def _f32(a: Any) -> Any:
    return np.ascontiguousarray(a, dtype=F32)


def _one_hot(codes: IntArray, width: int) -> FloatArray:
    out = np.zeros((len(codes), width))
    out[np.arange(len(codes)), codes] = 1.0
    return out


@dataclass
class _Pack:
    """A block's mentees, their side of the products transposed (features x mentees)."""

    rows: IntArray
    gain: Any
    rest: Any
    inter: Any
    union: Any
    scale: Any
    gain_min: Any
    team: IntArray
    ex_row: IntArray  # excluded pairs among these mentees: position in `rows`, position of the mentor
    ex_col: IntArray


class _Scorer:
    """Scores (mentors in a given order) x (mentees) in float32, one row per mentor.

    A value is `score + offset[mentor]` for an eligible pair (offsets are at least 1, so eligible values are
    too), and below ELIGIBLE (0 or about -PENALTY) for a pair a hard rule rules out. The mentors are padded
    to whole tiles with mentors nobody can have.
    """

    def __init__(self, p: _Prepared, mentors: IntArray, offset: FloatArray) -> None:
        f = p.features
        self.p, self.f, self.mentors = p, f, mentors
        self.width = len(mentors) + (-len(mentors)) % TILE
        pad = self.width - len(mentors)
        rest = f.rest_m[mentors]
        rest[:, -1] += offset
        self.gain = _padded(f.gain_m[mentors], pad)
        self.rest = _padded(rest, pad)
        self.inter = _padded(f.inter_m[mentors], pad)
        self.union = np.concatenate([f.union_m[mentors], np.ones(pad, dtype=F32)])[:, None]
        self.position = np.full(p.m, -1, dtype=I64)
        self.position[mentors] = np.arange(len(mentors))
        team = p.team[p.mentor_org[mentors]]
        self.team = np.concatenate([team, np.full(pad, -1, dtype=I64)])[:, None]

    @property
    def tiles(self) -> int:
        return self.width // TILE

    def pack(self, rows: IntArray) -> _Pack:
        """Rows must be sorted."""
        f, p = self.f, self.p
        ptr = f.excluded_ptr
        starts, lengths = ptr[rows], ptr[rows + 1] - ptr[rows]
        index = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        mentor = p.excluded[index] % max(p.m, 1)
        row = np.repeat(np.arange(len(rows)), lengths)
        col = self.position[mentor]
        return _Pack(
            rows=rows,
            gain=np.ascontiguousarray(f.gain_e[rows].T),
            rest=np.ascontiguousarray(f.rest_e[rows].T),
            inter=np.ascontiguousarray(f.inter_e[rows].T),
            union=f.union_e[rows][None, :],
            scale=f.skill_scale[rows][None, :],
            gain_min=f.gain_min[rows][None, :],
            team=p.team[p.mentee_org[rows]][None, :],
            ex_row=row[col >= 0],
            ex_col=col[col >= 0],
        )

    def block(self, pk: _Pack, lo: int, hi: int, out: Any) -> Any:
        """Values of mentors lo:hi (in this scorer's order) x the pack's mentees, written to `out`."""
        gain = np.matmul(self.gain[lo:hi], pk.gain)
        np.matmul(self.rest[lo:hi], pk.rest, out=out)
        ok = np.greater_equal(gain, pk.gain_min)  # Σ want·gain is whole and exact in float32: the rule is exact
        np.multiply(gain, pk.scale, out=gain)
        np.add(out, gain, out=out)
        if self.f.interests:
            shared = np.matmul(self.inter[lo:hi], pk.inter)
            np.add(self.union[lo:hi], pk.union, out=gain)
            np.subtract(gain, shared, out=gain)
            np.divide(shared, gain, out=shared)
            np.multiply(shared, F32(self.f.interests), out=shared)
            np.add(out, shared, out=out)
        if self.p.team_dense:
            ok &= (self.team[lo:hi] != pk.team) | (pk.team < 0)
        np.multiply(out, ok, out=out)
        if len(pk.ex_col):
            inside = (pk.ex_col >= lo) & (pk.ex_col < hi)
            out[pk.ex_col[inside] - lo, pk.ex_row[inside]] = 0.0
        return out

    def full(self, pk: _Pack) -> Any:
        """All mentors x the pack's mentees."""
        out = np.empty((self.width, len(pk.rows)), dtype=F32)
        for lo in range(0, self.width, CHUNK):
            hi = min(self.width, lo + CHUNK)
            self.block(pk, lo, hi, out[lo:hi])
        return out

    def blocks(self, rows: IntArray) -> Iterator[tuple[int, IntArray, Any]]:
        """(start, rows, all mentors x those rows) block by block; the next blocks are scored on worker threads
        meanwhile (NumPy and BLAS release the GIL), which uses the machine's second core when it is free."""
        step = self.block_rows()
        starts = list(range(0, len(rows), step))
        if len(starts) < 2:
            for start in starts:
                yield start, rows[start : start + step], self.full(self.pack(rows[start : start + step]))
            return
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            ahead = deque(pool.submit(self._score, rows[a : a + step]) for a in starts[:WORKERS])
            for k, start in enumerate(starts):
                values = ahead.popleft().result()
                if k + WORKERS < len(starts):
                    a = starts[k + WORKERS]
                    ahead.append(pool.submit(self._score, rows[a : a + step]))
                yield start, rows[start : start + step], values

    def _score(self, rows: IntArray) -> Any:
        return self.full(self.pack(rows))

    def block_rows(self) -> int:
        return int(max(8, min(4096, BLOCK_PAIRS // max(self.width, 1))))


def _tile_max(cube: Any) -> Any:
    """cube (tiles x TILE x mentees) -> its maximum over each tile: TILE element-wise maxima, several times
    faster than `cube.max(axis=1)` when there are few mentees."""
    out = cube[:, 0, :].copy()
    for k in range(1, cube.shape[1]):
        np.maximum(out, cube[:, k, :], out=out)
    return out


def _padded(a: Any, pad: int) -> Any:
    """Rows of zeros below: a padding mentor has no skill gain, so nobody is eligible for them."""
    out = np.zeros((a.shape[0] + pad, a.shape[1]), dtype=F32)
    out[: a.shape[0]] = a
    return out


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


def _candidates(p: _Prepared, sc: _Scorer, rows: IntArray, limit: int) -> _Candidates:
    """The best eligible mentors of each mentee and the best eligible mentees of each mentor (float32 scores).

    Per mentee: the tiles with the highest maxima, and in them every mentor at or above the k-th highest
    tile maximum (at least k mentors). Per mentor: a running threshold, its `limit`-th best value so far;
    a block adds only the values above it. Both sides matter: when every mentee prefers the same few mentors,
    mentee-side lists alone leave most mentors without arcs and the flow cannot match everyone. None of this
    decides optimality (the certificate does), only how close the first flow comes.
    """
    tiles = sc.tiles
    k = min(tiles, max(1, (limit + 1) // 2))
    found_e, found_m = [np.zeros(0, dtype=I64)], [np.zeros(0, dtype=I64)]
    columns = _ColumnBest(sc, max(1, min(COLUMN_CANDIDATES, limit)))
    rng = np.random.default_rng(0)
    for _start, block_rows, values in sc.blocks(rows):
        b = len(block_rows)
        cube = values.reshape(tiles, TILE, b)
        tile_max = _tile_max(cube).T  # b x tiles
        if k < tiles:
            top = np.argpartition(-tile_max, k - 1, axis=1)[:, :k]
            theta = np.take_along_axis(tile_max, top, axis=1).min(axis=1)
        else:  # few mentors: every tile, and exactly the `limit` best of each row
            top = np.broadcast_to(np.arange(tiles), (b, tiles))
            theta = np.zeros(b, dtype=F32)
            if limit < sc.width:
                theta = -np.partition(-values, limit - 1, axis=0)[limit - 1]
        chosen = cube[top, :, np.arange(b)[:, None]].reshape(b, -1)  # b x k*TILE
        if limit < chosen.shape[1]:  # the `limit` best of the chosen tiles (the k best of the row among them)
            pick = np.argpartition(-chosen, limit - 1, axis=1)[:, :limit]
        else:
            pick = np.broadcast_to(np.arange(chosen.shape[1]), chosen.shape)
        value = np.take_along_axis(chosen, pick, axis=1)
        r, j = np.nonzero(value >= np.maximum(theta, ELIGIBLE)[:, None])
        found_e.append(block_rows[r])
        found_m.append(sc.mentors[top[r, pick[r, j] // TILE] * TILE + pick[r, j] % TILE])
        columns.add(values, block_rows)
        extra_e, extra_m = _random_arcs(sc, values, block_rows, b / len(rows), min(RANDOM_ARCS, limit), rng)
        found_e.append(extra_e)
        found_m.append(extra_m)
    e, j = columns.pairs()
    return _arcs(p, np.concatenate([*found_e, e]), np.concatenate([*found_m, j]))


class _ColumnBest:
    """The `keep` best mentees of every mentor, one per block at most: per mentor a threshold (its keep-th
    best so far); a block's best contributes only above it, and the lists are cut back to `keep` now and then."""

    def __init__(self, sc: _Scorer, keep: int) -> None:
        self.sc, self.keep = sc, keep
        self.threshold = np.full(sc.width, -np.inf, dtype=F32)
        self.parts: list[tuple[IntArray, Any, IntArray]] = []
        self.size = 0

    def add(self, values: Any, block_rows: IntArray) -> None:
        """Each mentor's best mentee of the block, if it beats the mentor's threshold (one per block: an argmax
        is several times cheaper than listing every value above a threshold)."""
        column = values.argmax(axis=1)
        best = values[np.arange(len(column)), column]
        mentor = np.flatnonzero(best >= np.maximum(self.threshold, ELIGIBLE))
        self.parts.append((mentor, best[mentor], block_rows[column[mentor]]))
        self.size += len(mentor)
        if self.size > 4 * self.keep * self.sc.width:
            self._cut()

    def _cut(self) -> None:
        if not self.parts:
            self.parts = [(np.zeros(0, dtype=I64), np.zeros(0, dtype=F32), np.zeros(0, dtype=I64))]
        mentor = np.concatenate([m for m, _, _ in self.parts])
        value = np.concatenate([v for _, v, _ in self.parts])
        row = np.concatenate([r for _, _, r in self.parts])
        span = float(value.max(initial=0.0)) + 1.0
        order = np.argsort(mentor * span - value)  # by mentor, best first
        mentor, value, row = mentor[order], value[order], row[order]
        rank = np.arange(len(mentor)) - np.searchsorted(mentor, mentor, side="left")
        kept = rank < self.keep
        full = rank == self.keep - 1
        self.threshold[mentor[full]] = value[full]
        self.parts = [(mentor[kept], value[kept], row[kept])]
        self.size = int(kept.sum())

    def pairs(self) -> tuple[IntArray, IntArray]:
        self._cut()
        mentor, _, row = self.parts[0]
        return row, self.sc.mentors[mentor]


def _random_arcs(
    sc: _Scorer, values: Any, block_rows: IntArray, share: float, count: int, rng: np.random.Generator
) -> tuple[IntArray, IntArray]:
    """Random eligible pairs of a block: `count` per mentee, and per mentor `count` over all blocks (`share`
    of them in this one). With "most matched" and preferences that all point the same way, best-first lists
    alone can leave the first flow far from matching everyone (and its prices meaningless); a sprinkling
    of random arcs makes the candidate graph expand."""
    b = values.shape[1]
    m = len(sc.mentors)
    if not m or not b:
        return np.zeros(0, dtype=I64), np.zeros(0, dtype=I64)
    draws = rng.binomial(count * m, share) if share < 1 else count * m
    mentor = np.concatenate([rng.integers(0, m, size=draws), rng.integers(0, m, size=count * b)])
    row = np.concatenate([rng.integers(0, b, size=draws), np.repeat(np.arange(b), count)])
    ok = values[mentor, row] >= ELIGIBLE
    return block_rows[row[ok]], sc.mentors[mentor[ok]]


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
    previous: tuple[IntArray, IntArray] | None,
) -> tuple[IntArray, IntArray, IntArray, int]:
    """The optimum over all candidate arcs, and its dual prices; (assigned, u, v, flows solved).

    After the first round the flow gets only the arcs within FLOW_SLACK of tight under the previous prices
    (the old optimum among them, and every new arc, which broke or nearly broke them): far smaller and
    faster. Every other candidate arc is then checked exactly against the new prices, and any that breaks
    them joins the flow, which is solved again, until none does: the result is optimal over all of them.
    """
    big = _big(p)
    keep = np.ones(len(c.mentee), dtype=bool)
    if previous is not None:
        keep = previous[0][c.mentee] + previous[1][c.mentor] - big - c.weight <= FLOW_SLACK * SCALE
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
        keep[out[slack < NEAR_SLACK * SCALE]] = True


def _solve_flow(p: _Prepared, c: _Candidates, capacity: IntArray, active: BoolArray) -> IntArray:
    """Min-cost flow over the candidate arcs. Returns the mentor index per mentee (-1 unmatched).

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


# ---------------------------------------------------------------------------------------------------------
# The optimality certificate: LP dual prices, proved for every eligible pair


def _duals(p: _Prepared, c: _Candidates, assigned: IntArray, capacity: IntArray) -> tuple[IntArray, IntArray] | None:
    """Mentee values u and mentor prices v with u_i + v_j >= a_ij on every candidate arc and complementary slackness.

    a_ij = BIG + score. v is the least solution of difference constraints, found by Bellman–Ford rounds done
    as vector operations over the arcs out of the mentors whose price changed; None if the rounds do not
    settle (then the flow was not optimal).
    """
    if p.m == 0:
        return np.zeros(p.n, dtype=I64), np.zeros(0, dtype=I64)
    big = _big(p)
    a = big + c.weight
    own = np.zeros(p.n, dtype=I64)
    on = assigned[c.mentee] == c.mentor
    own[c.mentee[on]] = a[on]
    matched = assigned[c.mentee] >= 0
    v = np.zeros(p.m, dtype=I64)
    free = ~matched
    np.maximum.at(v, c.mentor[free], a[free])
    others = matched & ~on
    tail = assigned[c.mentee[others]]  # v[head] >= v[tail] + gain: the mentee would move from tail to head
    head, gain = c.mentor[others], a[others] - own[c.mentee[others]]
    order = np.argsort(tail, kind="stable")
    tail, head, gain = tail[order], head[order], gain[order]
    ptr = np.searchsorted(tail, np.arange(p.m + 1))
    changed = np.unique(tail)
    for _ in range(p.m + 2):  # only the arcs out of mentors whose price rose in the last round
        if not len(changed):
            break
        starts, lengths = ptr[changed], ptr[changed + 1] - ptr[changed]
        index = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        value = v[tail[index]] + gain[index]
        rise = value > v[head[index]]
        if not rise.any():
            break
        target = head[index[rise]]
        np.maximum.at(v, target, value[rise])
        changed = np.unique(target)
    else:
        return None
    u = np.where(assigned >= 0, own - v[np.maximum(assigned, 0)], 0)
    load = np.bincount(assigned[assigned >= 0], minlength=p.m)
    if (u < 0).any() or (v[load < capacity] != 0).any():
        return None
    return u, v


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
    """Proves u_i + v_j >= BIG + score_ij for every eligible pair outside the flow, or finds the pairs that break it.

    The first check scores every pair once, with the mentors sorted by their price q1 (so that a tile of
    TILE neighbours has nearly one price), and keeps per mentee and tile an upper bound on
    max(score - q1) over the pairs outside the flow (float16, rounded up). A later check with prices q
    bounds a tile by that plus the most any of its mentors got cheaper, max(q1 - q); only the tiles
    where this bound fails are scored again. Every float bound carries a margin far above float32
    rounding, and every pair the floats cannot prove is decided by its exact integer weight.
    """

    def __init__(self, p: _Prepared, mentors: IntArray, rows: IntArray, u: IntArray, v: IntArray) -> None:
        self.p, self.rows = p, rows
        t, q = _offsets(p, u, v)
        reach = _max_score(p) + 1
        limit = 8 * reach
        order = mentors[np.argsort(q[mentors], kind="stable")]
        self.q1 = np.clip(q[order], -limit, reach)  # the reference prices, per position
        self.t1 = np.clip(t[rows], -limit, reach)
        self.shift = reach + 1  # eligible values score - q1 + shift are at least 1
        self.sc = _Scorer(p, order, self.shift - self.q1)
        top = _max_score(p) + self.shift + limit
        self.margin = 1e-5 * (top + 1) + 2 / SCALE  # 4x the float32 rounding of ~40-term sums up to `top`
        self.bound = np.zeros((self.sc.tiles, len(rows)), dtype=np.float16)
        # a bound scored again later is kept against that round's prices: reference `era` of each bound
        self.era = np.zeros((self.sc.tiles, len(rows)), dtype=np.uint8)
        self.ref_t: list[FloatArray] = [self.t1]
        self.ref_q: list[FloatArray] = [self.q1]
        self._arc_keys: IntArray | None = None
        self._arc_ptr = np.zeros(0, dtype=I64)

    def first(self, c: _Candidates, near: int, breaking_only: bool = False) -> tuple[IntArray, IntArray]:
        """Score every pair once against the reference prices: keep the tile bounds, and return per mentee the
        `near` best pairs outside the flow by score - q1 (the most violated ones among them, if any; with
        `breaking_only`, only those that break or nearly break the reference's dual constraint), so that the
        next flow starts from nearly the right prices. Decides nothing: `again` does."""
        sc = self.sc
        found_e, found_m = [np.zeros(0, dtype=I64)], [np.zeros(0, dtype=I64)]
        tiles = sc.tiles
        for start, block_rows, values in sc.blocks(self.rows):
            b = len(block_rows)
            arc_row, arc_col = self._arcs_in(c, block_rows)
            values[arc_col, arc_row] = 0.0
            cube = values.reshape(tiles, TILE, b)
            if near:
                k = min(tiles, near)
                tile_max = _tile_max(cube).T
                top = (
                    np.argpartition(-tile_max, k - 1, axis=1)[:, :k]
                    if k < tiles
                    else np.broadcast_to(np.arange(tiles), (b, tiles))
                )
                chosen = cube[top, :, np.arange(b)[:, None]].reshape(b, -1)  # b x k*TILE
                pick = np.argpartition(-chosen, near - 1, axis=1)[:, :near] if near < chosen.shape[1] else None
                if pick is None:
                    pick = np.broadcast_to(np.arange(chosen.shape[1]), (b, chosen.shape[1]))
                value = np.take_along_axis(chosen, pick, axis=1)
                keep = value >= ELIGIBLE
                if breaking_only:  # only pairs the reference prices do not (nearly) cover
                    excess = value.astype(np.float64) - self.shift - self.t1[start : start + b, None]
                    keep &= excess > -self.margin - NEAR_SLACK
                r, j = np.nonzero(keep)
                position = top[r, pick[r, j] // TILE] * TILE + pick[r, j] % TILE
                values[position, r] = 0.0
                found_e.append(block_rows[r])
                found_m.append(sc.mentors[position])
            self._store(_tile_max(cube), slice(start, start + b))
        return np.concatenate(found_e), np.concatenate(found_m)

    def again(
        self, c: _Candidates, u: IntArray, v: IntArray, force: bool = False
    ) -> tuple[IntArray, IntArray, int] | None:
        """Check with prices (u, v): only tiles whose stored bound fails are scored again, and their bounds are
        then kept against these prices. None when so many fail that a new pass is cheaper."""
        sc = self.sc
        t, q = self._current(u, v)
        shift_t = np.stack([ref - t for ref in self.ref_t]).astype(F32)  # eras x mentees
        drift = np.stack([self._drift(ref, q) for ref in self.ref_q]).astype(F32)  # eras x tiles
        tiles, cols = [], []
        step = max(1, (1 << 24) // max(len(self.rows), 1))
        everyone = np.arange(len(self.rows))
        count, limit = 0, REFRESH * sc.tiles * len(self.rows)
        if not force and len(self.ref_q) >= 250:
            return None
        for lo in range(0, sc.tiles, step):
            hi = min(sc.tiles, lo + step)
            era = self.era[lo:hi]
            bound = self.bound[lo:hi].astype(F32)
            bound += shift_t[era, everyone[None, :]]
            bound += drift[era, np.arange(lo, hi)[:, None]]
            failing = bound > -self.margin
            count += int(np.count_nonzero(failing))
            if not force and count > limit:  # before the pairs take memory
                return None
            tile, col = np.nonzero(failing)
            tiles.append((tile + lo).astype(np.int32))
            cols.append(col.astype(np.int32))
        tile, col = np.concatenate(tiles).astype(I64), np.concatenate(cols).astype(I64)
        self.ref_t.append(t)
        self.ref_q.append(q)
        era_now = len(self.ref_q) - 1
        dq = np.zeros(sc.width, dtype=F32)
        dq[: len(q)] = self.q1 - q
        found = []
        group = tile // GROUP_TILES
        order = np.lexsort((col, group))
        tile, col, group = tile[order], col[order], group[order]
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(tile) else np.zeros(0, dtype=I64)
        ends = np.r_[starts[1:], len(tile)] if len(tile) else starts
        for a, z in zip(starts, ends, strict=True):
            first_tile = int(group[a]) * GROUP_TILES
            lo, hi = first_tile * TILE, min(sc.width, (first_tile + GROUP_TILES) * TILE)
            local, at = np.unique(col[a:z], return_inverse=True)
            block_rows = self.rows[local]
            values = sc.block(sc.pack(block_rows), lo, hi, np.empty((hi - lo, len(local)), dtype=F32))
            arc_row, arc_col = self._arcs_in(c, block_rows, lo, hi)
            values[arc_col - lo, arc_row] = 0.0
            cube = values.reshape(-1, TILE, len(local))
            found.append(self._suspects(cube[tile[a:z] - first_tile, :, at], col[a:z], tile[a:z], t, q))
            moved = np.where(values >= ELIGIBLE, values + dq[lo:hi, None], -np.inf)
            here = slice(first_tile, first_tile + cube.shape[0])
            self._store(_tile_max(moved.reshape(cube.shape)), local, here, t)
            self.era[here, local] = era_now
        return (*self._violators(found, u, v), len(tile))

    def _current(self, u: IntArray, v: IntArray) -> tuple[FloatArray, FloatArray]:
        t, q = _offsets(self.p, u, v)
        return t[self.rows], q[self.sc.mentors]

    def _drift(self, reference: FloatArray, q: FloatArray) -> FloatArray:
        """Per tile, the most any of its mentors got cheaper than in `reference`."""
        dq = np.full(self.sc.width, -np.inf)
        dq[: len(q)] = reference - q
        drift: FloatArray = dq.reshape(self.sc.tiles, TILE).max(axis=1)
        return drift

    def _store(self, tile_max: Any, cols: Any, tiles: slice = slice(None), t: FloatArray | None = None) -> None:
        """Keep max(score - reference q) - reference t per tile and mentee (outside the flow), float16 rounded
        up. `tile_max` is of block values (score - q1 + shift; below ELIGIBLE: nothing eligible), or with `t`
        of values moved to this round's prices q (score - q + shift), t being this round's."""
        ref_t = (self.t1 if t is None else t)[cols]
        z = np.where(tile_max >= ELIGIBLE, tile_max.astype(np.float64) - self.shift - ref_t, -np.inf)
        z16 = z.astype(np.float16)
        low = z16.astype(np.float64) < z
        z16[low] = np.nextafter(z16[low], np.float16(np.inf))
        self.bound[tiles, cols] = z16

    def _suspects(
        self, values: Any, local: IntArray, tile: IntArray, t: FloatArray, q: FloatArray
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """Pairs in these (mentee, tile) rows that the floats cannot prove, or that are within NEAR_SLACK of
        breaking the constraint: (mentee, mentor, excess of score - q over t)."""
        position = tile[:, None] * TILE + np.arange(TILE)[None, :]
        inside = position < len(q)
        position = np.minimum(position, len(q) - 1)
        reduced = values.astype(np.float64) - self.shift + (self.q1[position] - q[position])
        excess = reduced - t[local][:, None]
        r, k = np.nonzero((excess > -self.margin - NEAR_SLACK) & (values >= ELIGIBLE) & inside)
        return self.rows[local[r]], self.sc.mentors[position[r, k]], excess[r, k]

    def _violators(
        self, found: list[tuple[IntArray, IntArray, FloatArray]], u: IntArray, v: IntArray
    ) -> tuple[IntArray, IntArray]:
        """The pairs to add: none if no suspect breaks the constraint by its exact weight; else per mentee the
        ADD_PER_ROW worst suspects that break it or come within NEAR_SLACK (they would after a small change
        of prices, and adding them now saves rounds).

        Each mentee's suspects are decided worst first; a mentee whose first ones all hold has the rest of
        those the floats cannot prove decided too, so that no violator is left unseen when none is returned.
        """
        if not found:
            return np.zeros(0, dtype=I64), np.zeros(0, dtype=I64)
        mentee = np.concatenate([f[0] for f in found])
        mentor = np.concatenate([f[1] for f in found])
        excess = np.concatenate([f[2] for f in found])
        order = np.lexsort((-excess, mentee))
        mentee, mentor, excess = mentee[order], mentor[order], excess[order]
        rank = np.arange(len(mentee)) - np.searchsorted(mentee, mentee, side="left")
        first = rank < ADD_PER_ROW
        slack = np.full(len(mentee), np.iinfo(I64).max)
        slack[first] = self._slack(mentee[first], mentor[first], u, v)
        settled = np.zeros(self.p.n, dtype=bool)
        settled[mentee[slack < 0]] = True
        rest = ~first & ~settled[mentee] & (excess > -self.margin)
        slack[rest] = self._slack(mentee[rest], mentor[rest], u, v)
        if not (slack < 0).any():
            return np.zeros(0, dtype=I64), np.zeros(0, dtype=I64)
        keep = slack < NEAR_SLACK * SCALE
        mentee, mentor = mentee[keep], mentor[keep]
        rank = np.arange(len(mentee)) - np.searchsorted(mentee, mentee, side="left")
        return mentee[rank < ADD_PER_ROW], mentor[rank < ADD_PER_ROW]

    def _slack(self, mentee: IntArray, mentor: IntArray, u: IntArray, v: IntArray) -> IntArray:
        """u_i + v_j - a_ij by exact weights (negative: the pair breaks the constraint)."""
        slack: IntArray = u[mentee] + v[mentor] - _big(self.p) - _exact_weights(self.p, mentee, mentor)
        return slack

    def _arcs_in(self, c: _Candidates, block_rows: IntArray, lo: int = 0, hi: int | None = None) -> tuple[Any, Any]:
        """Flow arcs of these (sorted) mentees to mentor positions lo:hi: (position in rows, mentor position)."""
        if self._arc_keys is not c.keys:
            self._arc_keys = c.keys
            self._arc_ptr = np.searchsorted(c.keys, np.arange(self.p.n + 1) * max(self.p.m, 1))
        ptr = self._arc_ptr
        starts, lengths = ptr[block_rows], ptr[block_rows + 1] - ptr[block_rows]
        index = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        at = np.repeat(np.arange(len(block_rows)), lengths)
        col = self.sc.position[c.mentor[index]]
        keep = (col >= lo) & (col < (self.sc.width if hi is None else hi))
        return at[keep], col[keep]


# ---------------------------------------------------------------------------------------------------------
# The solve


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """Run NumPy's BLAS on one thread inside: the blocks' matrix products are small and many, and on a busy
    machine a product split over threads waits for the slowest (measured here: 10-20x slower). No-op when
    NumPy's OpenBLAS cannot be found."""
    lib = _openblas()
    if lib is None:
        yield
        return
    before = lib.scipy_openblas_get_num_threads64_()
    lib.scipy_openblas_set_num_threads64_(1)
    try:
        yield
    finally:
        lib.scipy_openblas_set_num_threads64_(before)


_OPENBLAS: list[Any] = []


def _openblas() -> Any:
    if not _OPENBLAS:
        lib = None
        folder = Path(np.__file__).resolve().parent.parent / "numpy.libs"
        for path in sorted(folder.glob("libscipy_openblas*.so*")):
            try:
                candidate = ctypes.CDLL(str(path))
                candidate.scipy_openblas_get_num_threads64_()
                lib = candidate
                break
            except (OSError, AttributeError):  # pragma: no cover
                continue
        _OPENBLAS.append(lib)
    return _OPENBLAS[0]


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
    with _one_blas_thread():
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
    c = _candidates(p, _Scorer(p, mentors, np.ones(len(mentors))), rows, max(1, p.problem.candidates))
    first_arcs = len(c.mentee)
    scored_at = time.perf_counter()
    rounds, tiles, added, passes = 0, 0, 0, 0
    certificate: _Certificate | None = None
    flow_seconds = 0.0
    duals: tuple[IntArray, IntArray] | None = None
    last_added = 0
    while True:
        flow_started = time.perf_counter()
        few = duals is not None and last_added < PRUNE_AFTER * len(c.mentee)
        assigned, u, v, solves = _flow_and_duals(p, c, capacity, active, duals if few else None)
        duals = u, v
        rounds += solves
        flow_seconds += time.perf_counter() - flow_started
        if not len(rows) or not len(mentors):
            break
        checked = certificate.again(c, u, v) if certificate is not None else None
        if checked is None:  # a pass over every pair with these prices as the reference
            certificate = _Certificate(p, mentors, rows, u, v)
            passes += 1
            extra_e, extra_m = certificate.first(c, NEAR_PER_ROW, breaking_only=passes > 1)
            tiles += certificate.sc.tiles * len(rows)
            if not len(extra_e):
                checked = certificate.again(c, u, v, force=True)
        if checked is not None:
            extra_e, extra_m, count = checked
            tiles += count
        if not len(extra_e):
            break
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
            "method": "LP dual prices: u_i + v_j >= a_ij for every eligible pair (by tile bounds or exact "
            "weights); primal = dual",
            "rounds": rounds,
            "first_candidate_pairs": first_arcs,
            "full_passes": passes,
            "tiles_scored": tiles,
            "pairs_added": added,
            "primal": primal,
            "dual": dual,
            "optimal": primal == dual,
        },
        "seconds": {
            "prepare": round(prepared_at - started, 3),
            "score": round(scored_at - prepared_at, 3),
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


def _eligible_counts(p: _Prepared, rows: IntArray) -> IntArray:
    """How many mentors each of these mentees could have by the hard rules (capacity as offered)."""
    counts = np.zeros(len(rows), dtype=I64)
    mentors = np.flatnonzero(p.usable)
    if not len(rows) or not len(mentors):
        return counts
    sc = _Scorer(p, mentors, np.ones(len(mentors)))
    step = sc.block_rows()
    for start in range(0, len(rows), step):
        values = sc.full(sc.pack(rows[start : start + step]))
        counts[start : start + step] = (values >= ELIGIBLE).sum(axis=0)
    return counts


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
