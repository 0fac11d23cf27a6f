"""The matching engine: optimal, conflict-free mentor–mentee pairs with reasons. No Django here.

Input: an organisation (employees with department, team, level, manager), mentors (capacity, skills,
interests, what they want to learn), mentees (what they want to learn with importance, their own skills,
interests), hard rules, weights, pinned and forbidden pairs. Output: pairs with score and reasons, the
unmatched mentees with the reason nobody fit, and a certificate that the result is the exact optimum.

How: every mentee is scored against every mentor block-wise with NumPy (matrix products for the skill
terms); the best `candidates` eligible mentors per mentee go into a min-cost flow (OR-Tools). The flow's
optimum on that pruned graph is then proved optimal for the whole graph with LP dual prices: every pruned
pair is checked against them (by a bound, or by re-scoring the mentee's whole row), any pair that could
improve the result is added, and the flow is solved again until none can.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

LEVELS = range(1, 11)
PROFICIENCY = range(0, 5)
IMPORTANCE = range(1, 4)
OBJECTIVES = ("most_matched", "best_score")
SCALE = 1_000_000  # scores are compared as integers in millionths
BLOCK = 256  # mentee rows scored at once
FLOAT32_MARGIN = 50  # millionths: far above float32 rounding of a score below 10
CACHE_ENTRIES = 6 * 10**7  # up to this many pairs (240 MB) the scores are kept for the certificate's rounds
ADD_PER_ROW = 10  # most-violated pairs added per mentee and round of the certificate
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
    excluded: IntArray  # sorted keys mentee * m + mentor of pairs ruled out by reporting line or forbidden
    skill_table: FloatArray = field(init=False)  # (5K) x m: max(0, mentor_k - p) for p = 0..4
    reciprocal_table: FloatArray = field(init=False)  # (5K) x m: mentor want_k * max(0, p - mentor_k) / (4 sum)
    _cast: dict[Any, tuple[Any, Any, Any]] = field(init=False, default_factory=dict)
    cache: Any = field(init=False, default=None)  # the float32 score matrix, kept when small enough

    def __post_init__(self) -> None:
        k = len(self.skills)
        p = np.arange(5)
        gain = np.maximum(0, self.mentor_skill.T[:, None, :] - p[None, :, None])  # K x 5 x m
        self.skill_table = gain.reshape(5 * k, self.m).astype(np.float64)
        norm = 4 * self.mentor_want.sum(axis=1)
        scale = np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)
        teach = np.maximum(0, p[None, :, None] - self.mentor_skill.T[:, None, :])  # K x 5 x m
        self.reciprocal_table = (teach * self.mentor_want.T[:, None, :] * scale[None, None, :]).reshape(5 * k, self.m)

    def tables(self, dtype: Any) -> tuple[Any, Any, Any]:
        """The mentor side of the score's matrix product, the skill table and the mentors' interests."""
        if dtype not in self._cast:
            self._cast[dtype] = (
                self._mentor_side().astype(dtype),
                self.skill_table.astype(dtype),
                self.mentor_interests.astype(dtype),
            )
        return self._cast[dtype]

    @property
    def departments(self) -> int:
        return int(self.dept.max()) + 1 if len(self.dept) else 0

    def _mentor_side(self) -> FloatArray:
        """Rows matching `_mentee_features`: skills, reciprocal, department, level rule, mentor-only terms."""
        w, r = self.problem.weights, self.problem.rules
        same_dept = np.zeros((self.departments, self.m))
        same_dept[self.dept[self.mentor_org], np.arange(self.m)] = 1.0
        levels = np.arange(1, 11)[:, None] - self.level[self.mentor_org][None, :]  # mentee level - mentor level
        mentor_only = np.full(self.m, w.cross_department)
        mentor_only[self.capacity <= 0] -= PENALTY
        if r.require_training:
            mentor_only[~self.trained] -= PENALTY
        return np.vstack(
            [
                w.skills * self.skill_table,
                w.reciprocal * self.reciprocal_table,
                -(w.cross_department + (PENALTY if r.forbid_same_department else 0.0)) * same_dept,
                np.where(levels >= r.min_level_gap, 0.0, -PENALTY),
                mentor_only[None, :],
            ]
        )

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
    for r, row in enumerate(values):
        for name, value in row.items():
            out[r, position[name]] = value
    return out


def _sets(rows: Iterable[frozenset[str]], columns: list[str]) -> FloatArray:
    return _matrix((dict.fromkeys(row, 1) for row in rows), columns, np.float64)  # type: ignore[no-any-return]


def _excluded_pairs(p: _Prepared, forbidden: Sequence[tuple[str, str]]) -> IntArray:
    """Pair keys (mentee * m + mentor) that the reporting line or a forbidden pair rules out."""
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
    return np.unique(np.concatenate(keys))


def _pair_indices(p: _Prepared, mentor_id: str, mentee_id: str, kind: str) -> tuple[int, int]:
    if mentor_id not in p.mentor_index:
        raise MatchingError(f"{kind} pair {mentor_id}–{mentee_id}: unknown mentor {mentor_id}")
    if mentee_id not in p.mentee_index:
        raise MatchingError(f"{kind} pair {mentor_id}–{mentee_id}: unknown mentee {mentee_id}")
    return p.mentor_index[mentor_id], p.mentee_index[mentee_id]


# ---------------------------------------------------------------------------------------------------------
# Scoring


PENALTY = 1e4  # added to pairs a hard rule rules out, inside the matrix product; anything below -PENALTY/2 is out


def score_rows(p: _Prepared, rows: IntArray, dtype: Any = np.float64, cols: IntArray | None = None) -> Any:
    """Score the given mentees against all mentors (or the mentors `cols`), hard rules applied (-inf).

    One matrix product carries the skill, reciprocal and department terms and the level, training and
    department rules; interests (Jaccard), the team rule and the sparse exclusions are applied after it.
    """
    cols = np.arange(p.m) if cols is None else cols
    mentor_side, skill_table, mentor_interests = p.tables(dtype)
    if len(cols) < p.m:
        mentor_side, skill_table, mentor_interests = mentor_side[:, cols], skill_table[:, cols], mentor_interests[cols]
    features, wants = _mentee_features(p, rows, dtype)
    score = features @ mentor_side
    # Σ want·gain is a small whole number, exact in float32 too: the skill rule is decided exactly.
    gain = wants @ skill_table
    need = p.problem.rules.min_skill_score * 4 * p.mentee_want[rows].sum(axis=1)
    w = p.problem.weights
    if w.interests and mentor_interests.shape[1]:
        score += _jaccard(p.mentee_interests[rows].astype(dtype), mentor_interests) * dtype(w.interests)
    out = (score < -PENALTY / 2) | (gain <= (need + SKILL_EPSILON)[:, None])
    if p.problem.rules.forbid_same_team:
        e_team, m_team = p.team[p.mentee_org[rows]], p.team[p.mentor_org[cols]]
        out |= (e_team[:, None] == m_team[None, :]) & (e_team >= 0)[:, None]
    score[out] = -np.inf
    _exclude(p, rows, cols, score)
    return score


def _mentee_features(p: _Prepared, rows: IntArray, dtype: Any) -> tuple[Any, Any]:
    """Mentee rows for the matrix products: weighted skill levels, skill levels, department, level and a 1;
    and the plain importance per skill level (for the exact skill rule)."""
    k, d = len(p.skills), p.departments
    want = p.mentee_want[rows]
    norm = 4 * want.sum(axis=1)
    scale = np.divide(1.0, norm, out=np.zeros_like(norm), where=norm > 0)
    at = np.arange(k) * 5 + p.mentee_skill[rows]  # rows x K: the column of each skill's level
    features = np.zeros((len(rows), 10 * k + d + 11), dtype=dtype)
    np.put_along_axis(features, at, (want * scale[:, None]).astype(dtype), axis=1)
    wants = np.zeros((len(rows), 5 * k), dtype=dtype)
    np.put_along_axis(wants, at, want.astype(dtype), axis=1)
    np.put_along_axis(features, 5 * k + at, 1.0, axis=1)
    e_org = p.mentee_org[rows]
    features[np.arange(len(rows)), 10 * k + p.dept[e_org]] = 1.0
    features[np.arange(len(rows)), 10 * k + d + p.level[e_org] - 1] = 1.0
    features[:, -1] = 1.0
    return features, wants


def _jaccard(a: FloatArray, b: FloatArray) -> FloatArray:
    inter = a @ b.T
    union = a.sum(axis=1)[:, None] + b.sum(axis=1)[None, :] - inter
    np.maximum(union, 1, out=union)  # both sets empty: inter is 0 too
    result: FloatArray = np.divide(inter, union, out=inter)
    return result


def _exclude(p: _Prepared, rows: IntArray, cols: IntArray, score: FloatArray) -> None:
    """Blank out excluded pairs (reporting line, forbidden) for a sorted block of rows and the mentors `cols`."""
    if not len(p.excluded):
        return
    lo = np.searchsorted(p.excluded, rows.min() * p.m)
    hi = np.searchsorted(p.excluded, (rows.max() + 1) * p.m)
    keys = p.excluded[lo:hi]
    mentee, mentor = np.divmod(keys, p.m)
    position = np.searchsorted(rows, mentee)
    column = np.full(p.m, -1, dtype=I64)
    column[cols] = np.arange(len(cols))
    hit = (position < len(rows)) & (rows[np.minimum(position, len(rows) - 1)] == mentee) & (column[mentor] >= 0)
    score[position[hit], column[mentor[hit]]] = -np.inf


def pair_parts(p: _Prepared, mentee: int, mentor: int) -> Parts:
    """The four terms of one pair's score (for explanations)."""
    want, own = p.mentee_want[mentee], p.mentee_skill[mentee]
    gain = np.maximum(0, p.mentor_skill[mentor] - own)
    skills = float((want * gain).sum() / (4 * want.sum())) if want.sum() else 0.0
    mwant = p.mentor_want[mentor]
    teach = np.maximum(0, own - p.mentor_skill[mentor])
    reciprocal = float((mwant * teach).sum() / (4 * mwant.sum())) if mwant.sum() else 0.0
    a, b = p.mentee_interests[mentee], p.mentor_interests[mentor]
    union = float(np.maximum(a, b).sum())
    interests = float((a * b).sum() / union) if union else 0.0
    different = float(p.dept[p.mentee_org[mentee]] != p.dept[p.mentor_org[mentor]])
    return Parts(skills=skills, interests=interests, cross_department=different, reciprocal=reciprocal)


def total(parts: Parts, weights: Weights) -> float:
    return (
        weights.skills * parts.skills
        + weights.interests * parts.interests
        + weights.cross_department * parts.cross_department
        + weights.reciprocal * parts.reciprocal
    )


# ---------------------------------------------------------------------------------------------------------
# Candidates and the flow


@dataclass
class _Candidates:
    mentee: IntArray
    mentor: IntArray
    weight: IntArray  # score in millionths
    threshold: FloatArray  # per mentee: no pruned eligible mentor scores above this
    eligible_count: IntArray  # per mentee, eligible mentors seen while scoring
    column_threshold: FloatArray  # per mentor: no pruned eligible mentee scores above this


def _blocks(rows: IntArray) -> Iterator[IntArray]:
    for start in range(0, len(rows), BLOCK):
        yield rows[start : start + BLOCK]


def _candidates(p: _Prepared, rows: IntArray, limit: int) -> _Candidates:
    """The best eligible mentors of each mentee and the best eligible mentees of each mentor.

    Both sides matter: when every mentee prefers the same few mentors, mentee-side lists alone leave most
    mentors without arcs and the flow cannot match everyone. Scores are float32 here; the arcs' weights
    are recomputed exactly. `threshold[i]` bounds the score of every mentor left out for mentee i.
    """
    mentees, mentors = [np.zeros(0, dtype=I64)], [np.zeros(0, dtype=I64)]
    threshold = np.full(p.n, -np.inf)
    eligible_count = np.zeros(p.n, dtype=I64)
    take = min(limit, p.m)
    columns = _ColumnTop(limit, p.m)
    for block_rows in _blocks(rows):
        score = score_rows(p, block_rows, dtype=F32)
        if p.cache is not None:
            p.cache[block_rows] = score
        finite = np.isfinite(score)
        eligible_count[block_rows] = finite.sum(axis=1)
        if take < p.m:
            order = np.argpartition(-score, take, axis=1)
            part = order[:, :take]
            threshold[block_rows] = score[np.arange(len(block_rows)), order[:, take]].astype(np.float64) + 1e-5
        else:
            part = np.broadcast_to(np.arange(p.m), (len(block_rows), p.m))
        keep = np.take_along_axis(finite, part, axis=1)
        mentees.append(np.repeat(block_rows, keep.sum(axis=1)))
        mentors.append(part[keep].astype(I64))
        columns.add(block_rows, score)
    extra_e, extra_m = columns.pairs()
    keys = np.unique(np.concatenate([*mentees, extra_e]) * max(p.m, 1) + np.concatenate([*mentors, extra_m]))
    mentee, mentor = np.divmod(keys, max(p.m, 1))
    weight = _exact_weights(p, mentee, mentor)
    return _Candidates(mentee, mentor, weight, threshold, eligible_count, columns.threshold())


class _ColumnTop:
    """The running `limit` best mentees of every mentor, merged block by block."""

    def __init__(self, limit: int, m: int) -> None:
        self.limit = limit
        self.value = np.full((0, m), -np.inf, dtype=F32)
        self.row = np.zeros((0, m), dtype=I64)

    def add(self, rows: IntArray, score: Any) -> None:
        value = np.concatenate([self.value, score])
        row = np.concatenate([self.row, np.broadcast_to(rows[:, None], score.shape)])
        if len(value) > self.limit:
            keep = np.argpartition(-value, self.limit - 1, axis=0)[: self.limit]
            value = np.take_along_axis(value, keep, axis=0)
            row = np.take_along_axis(row, keep, axis=0)
        self.value, self.row = value, row

    def pairs(self) -> tuple[IntArray, IntArray]:
        r, k = np.nonzero(np.isfinite(self.value))
        return self.row[r, k], k.astype(I64)

    def threshold(self) -> FloatArray:
        """Per mentor, a bound on every mentee left out of its list: its worst kept score, or -inf when the
        list holds all its eligible mentees."""
        full = np.isfinite(self.value).sum(axis=0) >= self.limit
        worst = self.value.min(axis=0, initial=np.inf).astype(np.float64) + 1e-5
        return np.where(full, worst, -np.inf)


def _exact_weights(p: _Prepared, mentee: IntArray, mentor: IntArray) -> IntArray:
    """Pair scores in float64, as integers in millionths (the flow's costs and the reported scores)."""
    if not len(mentee):
        return np.zeros(0, dtype=I64)
    step = 1 << 18  # pairs at a time: bounds the memory of the gathered rows
    return np.concatenate(
        [_exact_chunk(p, mentee[i : i + step], mentor[i : i + step]) for i in range(0, len(mentee), step)]
    )


def _exact_chunk(p: _Prepared, mentee: IntArray, mentor: IntArray) -> IntArray:
    w = p.problem.weights
    want, own = p.mentee_want[mentee], p.mentee_skill[mentee]
    theirs = p.mentor_skill[mentor]
    norm = want.sum(axis=1)
    skills = np.divide(
        (want * np.maximum(0, theirs - own)).sum(axis=1), 4 * norm, out=np.zeros(len(mentee)), where=norm > 0
    )
    mwant = p.mentor_want[mentor]
    mnorm = mwant.sum(axis=1)
    teach = (mwant * np.maximum(0, own - theirs)).sum(axis=1)
    reciprocal = np.divide(teach, 4 * mnorm, out=np.zeros(len(mentee)), where=mnorm > 0)
    a, b = p.mentee_interests[mentee], p.mentor_interests[mentor]
    inter = (a * b).sum(axis=1)
    union = a.sum(axis=1) + b.sum(axis=1) - inter
    interests = np.divide(inter, union, out=np.zeros(len(mentee)), where=union > 0)
    different = p.dept[p.mentee_org[mentee]] != p.dept[p.mentor_org[mentor]]
    score = w.skills * skills + w.interests * interests + w.cross_department * different + w.reciprocal * reciprocal
    weight: IntArray = np.rint(score * SCALE).astype(I64)
    return weight


def _big(p: _Prepared) -> int:
    """A match bonus larger than any total score, so that "most matched" comes first."""
    if p.problem.rules.objective != "most_matched":
        return 0
    w = p.problem.weights
    best = math.ceil((w.skills + w.interests + w.cross_department + w.reciprocal) * SCALE) + 1
    return (p.n + 1) * best


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
# The optimality certificate: LP dual prices


def _duals(p: _Prepared, c: _Candidates, assigned: IntArray, capacity: IntArray) -> tuple[IntArray, IntArray] | None:
    """Mentee values u and mentor prices v with u_i + v_j >= a_ij on every candidate arc and complementary slackness.

    a_ij = BIG + score. v is the least solution of difference constraints, found by Bellman–Ford rounds done
    as vector operations; None if the rounds do not settle (then the flow was not optimal).
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
    mentee, mentor, gain = c.mentee[others], c.mentor[others], a[others] - own[c.mentee[others]]
    order = np.argsort(mentor, kind="stable")
    mentee, mentor, gain = mentee[order], mentor[order], gain[order]
    starts = np.flatnonzero(np.r_[True, mentor[1:] != mentor[:-1]]) if len(mentor) else np.zeros(0, dtype=I64)
    for _ in range(p.m + 2):
        if not len(mentor):
            break
        best = np.maximum.reduceat(v[assigned[mentee]] + gain, starts)
        target = mentor[starts]
        if (best <= v[target]).all():
            break
        v[target] = np.maximum(v[target], best)
    else:
        return None
    u = np.where(assigned >= 0, own - v[np.maximum(assigned, 0)], 0)
    load = np.bincount(assigned[assigned >= 0], minlength=p.m)
    if (u < 0).any() or (v[load < capacity] != 0).any():
        return None
    return u, v


def _violations(
    p: _Prepared, c: _Candidates, u: IntArray, v: IntArray, rows: IntArray
) -> tuple[IntArray, IntArray, int]:
    """Pairs outside the flow that the dual prices do not cover, and how many rows had to be re-scored.

    A pair left out for mentee i scores at most threshold_i, so only mentors priced below
    tau_i = BIG + threshold_i - u_i can break u_i + v_k >= a_ik. Those mentors are re-scored exactly,
    cheapest first, for the mentees whose tau is above the lowest price.
    """
    big = _big(p)
    tau = big + np.ceil(c.threshold * SCALE) - u
    by_price = np.argsort(v, kind="stable")
    prices = v[by_price]
    suspects = rows[np.isfinite(c.threshold[rows]) & (tau[rows] > (prices[0] if len(prices) else 0))]
    suspects = suspects[np.argsort(tau[suspects], kind="stable")]
    found_e, found_m = [np.zeros(0, dtype=I64)], [np.zeros(0, dtype=I64)]
    # A mentor whose own bound covers every left-out mentee (v_k >= BIG + column threshold - u_i) needs no check.
    reach = big + np.ceil(c.column_threshold * SCALE) - v
    for block_rows in _blocks(suspects):
        cheap = by_price[: np.searchsorted(prices, tau[block_rows].max(), side="left")]
        cols = np.sort(cheap[reach[cheap] > u[block_rows].min()])
        if not len(cols):
            continue
        block_rows = np.sort(block_rows)
        score = p.cache[np.ix_(block_rows, cols)] if p.cache is not None else score_rows(p, block_rows, F32, cols)
        # float32 finds the suspects (with a margin far above its rounding); exact weights decide below.
        slack = (u[block_rows][:, None] - big) + v[cols][None, :] - np.rint(score.astype(np.float64) * SCALE)
        slack[~(slack < FLOAT32_MARGIN)] = np.inf
        worst = np.argpartition(slack, min(ADD_PER_ROW, len(cols)) - 1, axis=1)[:, :ADD_PER_ROW]
        r, k = np.nonzero(np.isfinite(np.take_along_axis(slack, worst, axis=1)))
        # Arcs already in the flow are covered by construction; the exact weights decide (float order).
        mentee, mentor = block_rows[r], cols[worst[r, k]].astype(I64)
        short = u[mentee] + v[mentor] < big + _exact_weights(p, mentee, mentor)
        found_e.append(mentee[short])
        found_m.append(mentor[short])
    return np.concatenate(found_e), np.concatenate(found_m), len(suspects)


# ---------------------------------------------------------------------------------------------------------
# The solve


def match(problem: Problem) -> Result:
    """Solve a matching problem exactly. Raises MatchingError for bad input (naming the record)."""
    started = time.perf_counter()
    p = prepare(problem)
    capacity, active, pinned_pairs = _apply_pins(p)
    prepared_at = time.perf_counter()
    rows = np.flatnonzero(active)
    if p.n * p.m <= CACHE_ENTRIES:
        p.cache = np.full((p.n, p.m), -np.inf, dtype=F32)
    c = _candidates(p, rows, max(1, problem.candidates))
    scored_at = time.perf_counter()
    rounds, rescored, added = 0, 0, 0
    while True:
        rounds += 1
        assigned = _solve_flow(p, c, capacity, active)
        duals = _duals(p, c, assigned, capacity)
        if duals is None:
            raise MatchingError("internal error: no optimality certificate for the flow")  # pragma: no cover
        u, v = duals
        extra_e, extra_m, checked = _violations(p, c, u, v, rows)
        rescored += checked
        if not len(extra_e):
            break
        added += len(extra_e)
        c = _extend(p, c, extra_e, extra_m)
    solved_at = time.perf_counter()
    on = assigned[c.mentee] == c.mentor
    primal = int((_big(p) + c.weight[on]).sum())
    dual = int(u.sum() + (v * capacity).sum())
    result = _result(p, c, assigned, pinned_pairs)
    result.stats.update(
        {
            "mentees": p.n,
            "mentors": p.m,
            "candidate_pairs": int(len(c.mentee)),
            "pruned_pairs": int(len(rows) * p.m - len(c.mentee)),
            "certificate": {
                "method": "LP dual prices: u_i + v_j >= a_ij for every eligible pair; primal = dual",
                "rounds": rounds,
                "rows_rescored": rescored,
                "pairs_added": added,
                "primal": primal,
                "dual": dual,
                "optimal": primal == dual,
            },
            "seconds": {
                "prepare": round(prepared_at - started, 3),
                "score": round(scored_at - prepared_at, 3),
                "solve_and_certify": round(solved_at - scored_at, 3),
                "explain": round(time.perf_counter() - solved_at, 3),
            },
        }
    )
    return result


def _extend(p: _Prepared, c: _Candidates, mentee: IntArray, mentor: IntArray) -> _Candidates:
    return replace(
        c,
        mentee=np.concatenate([c.mentee, mentee]),
        mentor=np.concatenate([c.mentor, mentor]),
        weight=np.concatenate([c.weight, _exact_weights(p, mentee, mentor)]),
    )


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


def _result(p: _Prepared, c: _Candidates, assigned: IntArray, pinned: list[tuple[int, int]]) -> Result:
    from omkeer.matching.explain import pair_reasons, unmatched_reason

    pr = p.problem
    pairs = []
    flow_pairs = [(int(e), int(assigned[e])) for e in np.flatnonzero(assigned >= 0)]
    for mentee, mentor, is_pinned in [(e, m, False) for e, m in flow_pairs] + [(e, m, True) for e, m in pinned]:
        parts = pair_parts(p, mentee, mentor)
        mentor_obj, mentee_obj = pr.mentors[mentor], pr.mentees[mentee]
        pairs.append(
            Pair(
                mentor=mentor_obj.id,
                mentee=mentee_obj.id,
                score=round(total(parts, pr.weights), 6),
                parts=parts,
                reasons=tuple(pair_reasons(mentor_obj, mentee_obj, parts, different=bool(parts.cross_department))),
                pinned=is_pinned,
            )
        )
    pairs.sort(key=lambda pair: (pair.mentee, pair.mentor))
    matched = {pair.mentee for pair in pairs}
    unmatched = [
        Unmatched(mentee=e.id, reason=unmatched_reason(int(c.eligible_count[i])))
        for i, e in enumerate(pr.mentees)
        if e.id not in matched
    ]
    objective = {
        "name": pr.rules.objective,
        "matched": len(pairs),
        "unmatched": len(unmatched),
        "total_score": round(sum(pair.score for pair in pairs), 6),
    }
    load = np.bincount([m for _, m in flow_pairs] + [m for _, m in pinned], minlength=p.m) if p.m else np.zeros(0)
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
