"""Our instance run through `mentor-match` (PyPI 7.0.1), the UK Civil Service's mentoring matcher.

How the library works (matching/process.py): one Hungarian assignment (munkres) per round, on a mentors x mentees
matrix of `Match` objects; each round every mentor gets at most one new mentee. A `Match` starts with two built-in
disqualifications (same person, already matched) and sums the integer scores of the round's rules; a
`Disqualify` rule makes the pair worth nothing. The Civil Service runs three rounds, so a mentor has at most
three mentees and a mentee up to three mentors.

Our conversion, as close to its own model as it goes:
- its `grade` is our level, its `organisation` our department, its `email` our id (the library compares people by
  email); it has no teams, managers, skills, capacity or training, so those ride on subclasses of its
  `Mentor`/`Mentee` and are enforced with its own `Disqualify(callable)` rules;
- one round per unit of the largest capacity; `Disqualify` rules stop a mentor past their capacity and a mentee
  who already has a mentor (our rule: at most one);
- the score is our formula, as one rule that returns it in millionths (the library's scores are integers).
  Scores come from the benchmark's vectorised scorer, so the time measured is the library's, not our scoring.
The benchmark then checks its pairs against our hard rules and scores them with our formula.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from bench_matching import Instance, PairList, block_parts, managers
from matching import process
from matching.mentee import Mentee
from matching.mentor import Mentor
from matching.rules import rule as rl

SCALE = 1_000_000


class Junior(Mentor):
    def __init__(self, *, index: int, capacity: int, trained: bool, team: Any, line: set[str], **kwargs: Any):
        super().__init__(**kwargs)
        self.index, self.capacity, self.trained, self.team, self.line = index, capacity, trained, team, line


class Senior(Mentee):
    def __init__(self, *, index: int, team: Any, line: set[str], **kwargs: Any):
        super().__init__(**kwargs)
        self.index, self.team, self.line = index, team, line


class OurScore(rl.Rule):
    """Our pair score, in millionths."""

    def __init__(self, scores: np.ndarray):
        super().__init__()
        self.scores = scores

    def apply(self, match_object: Any) -> int:
        return int(self.scores[match_object.mentee.index, match_object.mentor.index])

    def evaluate(self, match_object: Any) -> bool:
        return True


def _person_fields(inst: Instance, person: dict[str, Any]) -> dict[str, Any]:
    employee = inst.employees[person["id"]]
    depth = inst.rules["reporting_line_depth"] if inst.rules["forbid_reporting_line"] else 0
    team = (employee["department"], employee["team"]) if employee.get("team") else None
    return {"grade": employee["level"], "organisation": employee["department"], "email": person["id"],
            "team": team, "line": managers(inst, person["id"], depth)}  # fmt: skip


def convert(inst: Instance) -> tuple[list[Junior], list[Senior]]:
    """Our mentors and mentees as the library's participants."""
    mentors = [
        Junior(index=i, capacity=m["capacity"], trained=m.get("trained", True) is not False, **_person_fields(inst, m))
        for i, m in enumerate(inst.mentors)
    ]
    mentees = [Senior(index=i, **_person_fields(inst, m)) for i, m in enumerate(inst.mentees)]
    return mentors, mentees


def rules(inst: Instance, skill: np.ndarray, scores: np.ndarray) -> list[Any]:
    """One round's rules. The library pops rules from the end, so disqualifications run before the score."""
    r = inst.rules
    gap, floor, forbidden = r["min_level_gap"], r["min_skill_score"], inst.forbidden
    chosen: list[Any] = [
        OurScore(scores),
        rl.Disqualify(lambda m: skill[m.mentee.index, m.mentor.index] <= floor),
        rl.Disqualify(lambda m: (m.mentor.email, m.mentee.email) in forbidden),
        rl.Disqualify(lambda m: m.mentee.grade - m.mentor.grade < gap),
        rl.Disqualify(lambda m: not m.mentor.trained),
        rl.Disqualify(lambda m: len(m.mentor.mentees) >= m.mentor.capacity),
        rl.Disqualify(lambda m: len(m.mentee.mentors) > 0),
    ]
    if r["forbid_same_team"]:
        chosen.append(rl.Disqualify(lambda m: m.mentor.team is not None and m.mentor.team == m.mentee.team))
    if r["forbid_same_department"]:
        chosen.append(rl.Disqualify(lambda m: m.mentor.organisation == m.mentee.organisation))
    if r["forbid_reporting_line"]:
        chosen.append(rl.Disqualify(lambda m: m.mentee.email in m.mentor.line or m.mentor.email in m.mentee.line))
    return chosen


def solve(inst: Instance) -> PairList:
    """Run the library's `process_data` on our instance; returns (mentee index, mentor index) pairs."""
    if not inst.mentors or not inst.mentees:
        return []
    skill, score, _ = block_parts(inst, 0, len(inst.mentees), np.arange(len(inst.mentors)))
    scores = np.rint(score * SCALE).astype(np.int64)
    mentors, mentees = convert(inst)
    rounds = int(inst.capacity.max())
    process.process_data(mentors, mentees, [rules(inst, skill, scores) for _ in range(rounds)])
    return [(mentee.index, mentor.index) for mentor in mentors for mentee in mentor.mentees]
