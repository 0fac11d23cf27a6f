"""Preparation: the input validated, ids turned into indices, and the arrays the solver works on (the feature
matrices, the compiled pass's inputs, the compact form for exact scores); the hard rules of one pair
(`conflicts`) and the pinned pairs checked against them."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from omkeer.matching import kernels
from omkeer.matching.engine.problem import (
    F32,
    I64,
    IMPORTANCE,
    LEVELS,
    OBJECTIVES,
    PROFICIENCY,
    SKILL_EPSILON,
    BoolArray,
    Employee,
    FloatArray,
    IntArray,
    MatchingError,
    Mentee,
    Mentor,
    Problem,
    Reason,
    Rules,
    Weights,
)


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
# The inputs of the compiled pass, and the compact form for exact scores


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


_Columns = tuple[Any, Any, Any, Any, Any, Any]


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


# ---------------------------------------------------------------------------------------------------------
# The hard rules of one pair, and the pins


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
