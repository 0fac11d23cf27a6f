"""The standard file interface: a JSON document in, a JSON document out (`omkeer match-file`). Pure.

`rules` takes every field of `engine.Rules`, among them the optional side constraint
`"min_cross_department_share": 0.7` (a number from 0 to 1, or null: off, the default); with it, the output's
`stats.side_constraints.min_cross_department_share` gives the target, the share reached, the price, the total
score with and without the constraint (its cost), whether it was infeasible, and the duality gap bound.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any, TextIO

from omkeer.matching.engine import (
    Employee,
    MatchingError,
    Mentee,
    Mentor,
    Problem,
    Result,
    Rules,
    Weights,
    match,
)
from omkeer.matching.explain import describe

TOP_LEVEL = {"rules", "weights", "employees", "mentors", "mentees", "pinned", "forbidden", "candidates"}


def run(input: str | Path, output: str | Path | None, stdout: TextIO, stderr: TextIO) -> None:
    """`omkeer match-file INPUT [-o OUTPUT]`: read the problem (`-` for standard input), solve it, write the
    result (to standard output without OUTPUT) and a one-line summary. Raises MatchingError naming the record at
    fault, the file or the JSON position; then nothing is written."""
    try:
        text = sys.stdin.read() if str(input) == "-" else Path(input).read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as error:
        raise MatchingError(f"cannot read {input}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise MatchingError(
            f"{input}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    result = solve_data(data)
    document = _dumps(result)
    if output is None:
        stdout.write(document + "\n")
        return
    Path(output).write_text(document + "\n", encoding="utf-8")
    objective = result["objective"]
    stderr.write(
        f"{objective['matched']} matched, {objective['unmatched']} unmatched, total score "
        f"{objective['total_score']:.3f}; optimal: {result['stats']['certificate']['optimal']}; written to {output}\n"
    )


def _dumps(document: Mapping[str, Any]) -> str:
    """The output as JSON with one line per pair and per unmatched mentee: easy to read and to grep, and written
    by the C encoder (`indent` would make Python write 100,000 pairs character by character)."""
    members = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            lines = ",\n  ".join(json.dumps(item, ensure_ascii=False) for item in value)
            members.append(f"{json.dumps(key)}: [\n  {lines}\n ]")
        else:
            members.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n " + ",\n ".join(members) + "\n}"


def main(argv: list[str]) -> int:
    """The console script's `match-file`, without starting Django (exit code 1 and the message on bad input)."""
    import argparse

    parser = argparse.ArgumentParser(prog="omkeer match-file", description=__doc__.splitlines()[0])
    parser.add_argument("input", help="the problem, or - for standard input")
    parser.add_argument("-o", "--output", help="where to write the result (default: standard output)")
    args = parser.parse_args(argv)
    try:
        run(args.input, args.output, sys.stdout, sys.stderr)
    except MatchingError as error:
        sys.stderr.write(f"CommandError: {error}\n")
        return 1
    return 0


def solve_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Solve a problem given as the file's JSON document; returns the output document."""
    return result_data(match(problem_from_data(data)))


def problem_from_data(data: Mapping[str, Any]) -> Problem:
    """Build a Problem from the JSON document; MatchingError names the record at fault."""
    if not isinstance(data, Mapping):
        raise MatchingError("the document must be a JSON object")
    unknown = set(data) - TOP_LEVEL
    if unknown:
        raise MatchingError(f"unknown key {sorted(unknown)[0]!r} at the top level")
    return Problem(
        rules=_options(Rules, data.get("rules", {}), "rules"),
        weights=_options(Weights, data.get("weights", {}), "weights"),
        employees=_records(data, "employees", _employee),
        mentors=_records(data, "mentors", _mentor),
        mentees=_records(data, "mentees", _mentee),
        pinned=_pairs(data, "pinned"),
        forbidden=_pairs(data, "forbidden"),
        candidates=_int(data.get("candidates", Problem.candidates), "candidates"),
    )


def _options(kind: type[Any], given: Any, name: str) -> Any:
    if not isinstance(given, Mapping):
        raise MatchingError(f"{name}: must be an object")
    allowed = {f.name for f in fields(kind)}
    for key in given:
        if key not in allowed:
            raise MatchingError(f"{name}.{key}: unknown setting")
    return kind(**given)


def _records(data: Mapping[str, Any], key: str, build: Callable[[Mapping[str, Any]], Any]) -> list[Any]:
    items = data.get(key, [])
    if not isinstance(items, list):
        raise MatchingError(f"{key}: must be a list")
    out = []
    for position, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise MatchingError(f"{key}[{position}]: must be an object")
        try:
            out.append(build(item))
        except (KeyError, TypeError, ValueError) as error:
            label = item.get("id", "?")
            detail = f"missing {error}" if isinstance(error, KeyError) else str(error)
            raise MatchingError(f"{key}[{position}] ({label}): {detail}") from error
    return out


def _keys(item: Mapping[str, Any], allowed: set[str]) -> None:
    if item.keys() <= allowed:
        return
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}")


def _employee(item: Mapping[str, Any]) -> Employee:
    _keys(item, {"id", "department", "level", "team", "manager"})
    return Employee(
        id=item["id"],
        department=item["department"],
        level=item["level"],
        team=item.get("team") or None,
        manager=item.get("manager") or None,
    )


def _mentor(item: Mapping[str, Any]) -> Mentor:
    _keys(item, {"id", "capacity", "skills", "interests", "wants", "trained"})
    trained = item.get("trained", True)
    if not isinstance(trained, bool):
        raise ValueError("trained must be true or false")
    return Mentor(
        id=item["id"],
        capacity=item.get("capacity", 1),
        skills=_levels(item.get("skills", {}), "skills"),
        interests=_names(item.get("interests", []), "interests"),
        wants=_levels(item.get("wants", {}), "wants"),
        trained=trained,
    )


def _mentee(item: Mapping[str, Any]) -> Mentee:
    _keys(item, {"id", "wants", "skills", "interests"})
    return Mentee(
        id=item["id"],
        wants=_levels(item.get("wants", {}), "wants"),
        skills=_levels(item.get("skills", {}), "skills"),
        interests=_names(item.get("interests", []), "interests"),
    )


def _levels(value: Any, name: str) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be an object of name: number")
    return dict(value)


def _names(value: Any, name: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be a list of names")
    return frozenset(value)


def _pairs(data: Mapping[str, Any], key: str) -> list[tuple[str, str]]:
    items = data.get(key, [])
    if not isinstance(items, list):
        raise MatchingError(f"{key}: must be a list")
    out = []
    for position, item in enumerate(items):
        if not isinstance(item, Mapping) or not {"mentor", "mentee"} <= set(item):
            raise MatchingError(f"{key}[{position}]: must be an object with mentor and mentee")
        out.append((str(item["mentor"]), str(item["mentee"])))
    return out


def _int(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise MatchingError(f"{name}: must be a whole number of at least 1")
    return value


def result_data(result: Result) -> dict[str, Any]:
    """The output document: pairs with score, parts and reasons in words; unmatched with a reason."""
    return {
        "pairs": [
            {
                "mentor": pair.mentor,
                "mentee": pair.mentee,
                "score": pair.score,
                "parts": {
                    "skills": round(pair.parts.skills, 6),
                    "interests": round(pair.parts.interests, 6),
                    "cross_department": round(pair.parts.cross_department, 6),
                    "reciprocal": round(pair.parts.reciprocal, 6),
                },
                "pinned": pair.pinned,
                "reasons": [describe(reason) for reason in pair.reasons],
            }
            for pair in result.pairs
        ],
        "unmatched": [{"mentee": u.mentee, "reason": describe(u.reason)} for u in result.unmatched],
        "objective": result.objective,
        "stats": result.stats,
    }
