"""What goes in and what comes out: the input records and rules, the result's pairs and reasons, the error
for bad input, and the units the solver counts in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

LEVELS = range(1, 11)
PROFICIENCY = range(0, 5)
IMPORTANCE = range(1, 4)
OBJECTIVES = ("most_matched", "best_score")
SCALE = 1_000_000  # scores are compared as integers in millionths
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
