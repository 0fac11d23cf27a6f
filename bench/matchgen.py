"""Deterministic synthetic organisations for the matching benchmark, in the engine's file format (issue 3).

`python bench/matchgen.py --mentees 10000 --mentors 5000 --seed 1 -o instance.json`

The organisation is one manager tree, filled breadth first: a CEO (level 10) with one head per department
(8-20 departments, more for larger organisations), then 6-10 reports per manager. Levels fall with depth:
the upper part of the tree is senior (levels 10 down to 6), the lower part junior (1-4). A team is a group of
people with the same manager (about 8). Mentees are drawn from the seniors and mentors from the juniors; 10 %
more seniors and juniors than that do not take part but stay in `employees`, since the tree needs them. Juniors
fill the bottom of the tree, so a mentor's manager and grand-manager are usually seniors, often mentees.

Mentees want 2-4 digital skills (importance 1-3), are weak in those and strong in strategy, leadership and
client relations; mentors are the reverse, and about 60 % of them want to learn 1-2 of those business skills.
Mentors take 1-3 mentees; `--capacity-ratio R` spreads R places per mentee over them instead (R = 0.9: a tenth
of the mentees must stay unmatched), keeping the same people and skills.

Shapes (`--shape`), for organisations unlike the default one:
- `conflict`: 2-4 reports per manager (deep chains), three teams per department, the reporting-line rule over
  the whole chain, and the CEO among the mentees;
- `sparse`: 30 % of the mentees want only skills that 1 % of the mentors have, so most of them nobody can take;
- `affinity`: each department has three home skills that its mentees want and its mentors master, so
  same-department pairs score higher (no cross-department bonus): a cross-department target costs score.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

DIGITAL = (
    "social_media", "linkedin", "cloud", "mobile", "ai_tools", "data_analysis",
    "online_collaboration", "cyber_security", "video_content",
)  # fmt: skip
BUSINESS = ("strategy", "leadership", "client_relations")
SKILLS = DIGITAL + BUSINESS
INTERESTS = (
    "cycling", "running", "football", "tennis", "swimming", "yoga", "hiking", "sailing", "chess", "cooking",
    "baking", "gardening", "photography", "painting", "music", "guitar", "piano", "choir", "theatre", "film",
    "reading", "podcasts", "travel", "languages", "volunteering", "gaming", "board_games", "history",
    "architecture", "sustainability",
)  # fmt: skip
DEFAULT_RULES: dict[str, Any] = {
    "min_level_gap": 2, "forbid_same_team": True, "forbid_reporting_line": True, "reporting_line_depth": 2,
    "forbid_same_department": False, "min_skill_score": 0.0, "objective": "most_matched",
}  # fmt: skip
DEFAULT_WEIGHTS = {"skills": 1.0, "interests": 0.3, "cross_department": 0.2, "reciprocal": 0.2}
NON_PARTICIPANTS = 0.1  # share of seniors and of juniors who are in the tree but not in the programme
UNTRAINED = 0.05
SHAPES = ("standard", "conflict", "sparse", "affinity")
RARE = DIGITAL[6:]  # `sparse`: the skills few mentors have
RARE_WANTED, RARE_TAUGHT = 0.3, 0.01
HOME_SKILLS, HOME_WANTED = 3, 0.8  # `affinity`: home skills per department, share of wants among them


def generate(mentees: int, mentors: int, seed: int = 1, **options: Any) -> dict[str, Any]:
    """An instance with `mentees` senior mentees and `mentors` junior mentors; the same seed gives the same data.

    Options: `untrained=True` marks about 5 % of mentors untrained; `rules={...}` and `weights={...}` override
    the defaults; `non_participants=0.1` is the share of seniors and juniors who do not take part;
    `capacity_ratio=R` gives the mentors R places per mentee in all; `shape=` one of SHAPES (module docstring).
    """
    shape = options.pop("shape", "standard")
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}")
    rules = {**DEFAULT_RULES, **SHAPE_RULES.get(shape, {}), **options.pop("rules", {})}
    weights = {**DEFAULT_WEIGHTS, **SHAPE_WEIGHTS.get(shape, {}), **options.pop("weights", {})}
    untrained = bool(options.pop("untrained", False))
    extra = float(options.pop("non_participants", NON_PARTICIPANTS))
    ratio = options.pop("capacity_ratio", None)
    if options:
        raise TypeError(f"unknown options: {', '.join(sorted(options))}")
    rng = np.random.default_rng(seed)
    seniors = max(1, mentees + round(extra * mentees))
    org = _organisation(seniors, mentors + round(extra * mentors), rng, shape == "conflict")
    mentee_nodes = rng.permutation(seniors)[:mentees]
    if shape == "conflict" and mentees and 0 not in mentee_nodes:
        mentee_nodes[0] = 0  # the CEO takes part
    mentor_nodes = seniors + rng.permutation(len(org["level"]) - seniors)[:mentors]
    people = _mentors(org, mentor_nodes, rng, untrained, shape), _mentees(org, mentee_nodes, rng, shape)
    if ratio is not None:
        _spread(people[0], round(ratio * mentees), np.random.default_rng([seed, 1]))
    return {
        "rules": rules,
        "weights": weights,
        "employees": _employees(org),
        "mentors": people[0],
        "mentees": people[1],
        "pinned": [],
        "forbidden": [],
    }


SHAPE_RULES: dict[str, dict[str, Any]] = {"conflict": {"reporting_line_depth": None}}
SHAPE_WEIGHTS: dict[str, dict[str, float]] = {"affinity": {"cross_department": 0.0}}


def _spread(mentors: list[dict[str, Any]], places: int, rng: np.random.Generator) -> None:
    """Capacities that add up to `places`: one each and the rest in proportion to the drawn 1-3 (or one each for
    `places` of the mentors when there are fewer places than mentors, none for the others)."""
    drawn = np.array([m["capacity"] for m in mentors], dtype=np.float64)
    if places >= len(mentors):
        capacity = 1 + rng.multinomial(places - len(mentors), drawn / drawn.sum())
    else:
        capacity = np.zeros(len(mentors), dtype=np.int64)
        capacity[rng.choice(len(mentors), places, replace=False)] = 1
    for mentor, places_of in zip(mentors, capacity.tolist(), strict=True):
        mentor["capacity"] = places_of


def write(path: str | Path, data: dict[str, Any]) -> None:
    """Write an instance as compact JSON."""
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))


def department_count(people: int) -> int:
    """8 departments up to 1,000 people, then 4 more per tenfold, at most 20."""
    return int(min(20, max(8, round(8 + 4 * math.log10(max(people, 1000) / 1000)))))


def _organisation(seniors: int, juniors: int, rng: np.random.Generator, deep: bool = False) -> dict[str, Any]:
    total = seniors + juniors
    heads = min(department_count(total), total - 1)
    parent = _bfs_parents(total, heads, rng, (2, 5) if deep else (6, 11))
    depth = np.zeros(total, dtype=np.int64)
    dept = np.zeros(total, dtype=np.int64)
    dept[1 : heads + 1] = np.arange(1, heads + 1)
    for _ in range(total):  # parents precede children, so each pass settles at least one more layer
        new_depth = np.where(parent >= 0, depth[parent] + 1, 0)
        new_dept = np.where(np.arange(total) > heads, dept[parent], dept)
        if np.array_equal(new_depth, depth) and np.array_equal(new_dept, dept):
            break
        depth, dept = new_depth, new_dept
    level = _levels(parent, depth, seniors, rng)
    width = max(6, len(str(total - 1)))
    ids = [f"E{n:0{width}d}" for n in range(total)]
    teams = np.array([f"T{d}-{n % 3}" for n, d in enumerate(dept.tolist())]) if deep else None
    return {"ids": ids, "parent": parent, "level": level, "dept": dept, "heads": heads, "teams": teams}


def _bfs_parents(total: int, heads: int, rng: np.random.Generator, fan: tuple[int, int]) -> np.ndarray:
    """Node 0 is the CEO, nodes 1..heads report to it, then every node in turn gets fan[0] to fan[1] - 1 reports."""
    parent = np.full(total, -1, dtype=np.int64)
    parent[1 : heads + 1] = 0
    fan_out = rng.integers(*fan, size=total)
    first_child = heads + 1 + np.concatenate(([0], np.cumsum(fan_out)))  # children of node u start here (u >= 1)
    rest = np.arange(heads + 1, total)
    parent[rest] = np.searchsorted(first_child, rest, side="right")  # index u+1 -> manager u
    return parent


def _levels(parent: np.ndarray, depth: np.ndarray, seniors: int, rng: np.random.Generator) -> np.ndarray:
    """Seniors 10 down to 6 with depth, juniors 1-4; nobody outranks their manager."""
    deepest = max(1, int(depth[:seniors].max()))
    senior = 10 - np.rint(4 * depth[:seniors] / deepest).astype(np.int64) - (rng.random(seniors) < 0.25)
    junior = rng.choice(np.arange(1, 5), size=len(parent) - seniors, p=[0.2, 0.3, 0.3, 0.2])
    level = np.concatenate((np.clip(senior, 6, 10), junior))
    level[0] = 10
    out, up = level.tolist(), parent.tolist()
    for node in range(1, len(out)):
        out[node] = min(out[node], out[up[node]])
    return np.array(out, dtype=np.int64)


def _employees(org: dict[str, Any]) -> list[dict[str, Any]]:
    ids, parent, level, heads = org["ids"], org["parent"].tolist(), org["level"].tolist(), org["heads"]
    names = [f"D{d:02d}" for d in org["dept"].tolist()]
    rows = []
    for node, (up, lvl) in enumerate(zip(parent, level, strict=True)):
        team = f"T{up}" if node > heads else ""  # the board (CEO and department heads) is no team
        team = str(org["teams"][node]) if org["teams"] is not None and node > heads else team
        manager = ids[up] if up >= 0 else None
        rows.append({"id": ids[node], "department": names[node], "team": team, "level": lvl, "manager": manager})
    return rows


def _pick(rng: np.random.Generator, rows: int, pool: int, counts: np.ndarray) -> list[list[int]]:
    """For each row a random subset of range(pool) of size counts[row]."""
    order = np.argsort(rng.random((rows, pool)), axis=1)
    return [order[r, :c].tolist() for r, c in enumerate(counts.tolist())]


def _interests(rng: np.random.Generator, rows: int) -> list[list[str]]:
    chosen = _pick(rng, rows, len(INTERESTS), rng.integers(0, 5, size=rows))
    return [[INTERESTS[i] for i in sorted(row)] for row in chosen]


def _home(dept: int) -> list[int]:
    """`affinity`: the department's home skills (positions in DIGITAL)."""
    return [(HOME_SKILLS * dept + k) % len(DIGITAL) for k in range(HOME_SKILLS)]


def _mentees(org: dict[str, Any], nodes: np.ndarray, rng: np.random.Generator, shape: str) -> list[dict[str, Any]]:
    ids, dept, n = org["ids"], org["dept"], len(nodes)
    wanted = _pick(rng, n, len(DIGITAL), rng.integers(2, 5, size=n))
    importance = rng.integers(1, 4, size=(n, 4)).tolist()
    digital = rng.choice(3, size=(n, len(DIGITAL)), p=[0.5, 0.35, 0.15]).tolist()
    business = rng.choice(np.arange(2, 5), size=(n, len(BUSINESS)), p=[0.2, 0.4, 0.4]).tolist()
    interests = _interests(rng, n)
    if shape == "sparse":
        rare = [DIGITAL.index(k) for k in RARE]
        for i in np.flatnonzero(rng.random(n) < RARE_WANTED).tolist():
            wanted[i] = rng.permutation(rare)[: rng.integers(1, 3)].tolist()
    elif shape == "affinity":
        for i in np.flatnonzero(rng.random(n) < HOME_WANTED).tolist():
            wanted[i] = rng.permutation(_home(int(dept[nodes[i]])))[: rng.integers(2, HOME_SKILLS + 1)].tolist()
    rows = []
    for i, node in enumerate(nodes.tolist()):
        want = set(wanted[i])
        skills = {DIGITAL[k]: p for k, p in enumerate(digital[i]) if p or k in want}
        skills.update(zip(BUSINESS, business[i], strict=True))
        wants = {DIGITAL[k]: importance[i][j] for j, k in enumerate(wanted[i])}
        rows.append({"id": ids[node], "wants": wants, "skills": skills, "interests": interests[i]})
    return rows


def _mentors(
    org: dict[str, Any], nodes: np.ndarray, rng: np.random.Generator, untrained: bool, shape: str
) -> list[dict[str, Any]]:
    ids, dept, n = org["ids"], org["dept"], len(nodes)
    strong = _pick(rng, n, len(DIGITAL), rng.integers(3, 7, size=n))
    level = rng.choice(np.arange(2, 5), size=(n, len(DIGITAL)), p=[0.3, 0.4, 0.3]).tolist()
    business = (rng.random((n, len(BUSINESS))) < 0.3).astype(int).tolist()
    wants_count = np.where(rng.random(n) < 0.6, rng.integers(1, 3, size=n), 0)
    wanted = _pick(rng, n, len(BUSINESS), wants_count)
    importance = rng.integers(1, 4, size=(n, 2)).tolist()
    capacity = rng.integers(1, 4, size=n).tolist()
    trained = (rng.random(n) >= (UNTRAINED if untrained else 0.0)).tolist()
    interests = _interests(rng, n)
    if shape == "sparse":
        rare = [DIGITAL.index(k) for k in RARE]
        teaches = rng.random(n) < RARE_TAUGHT
        strong = [row + rare if teaches[i] else [k for k in row if k not in rare] or [0]
                  for i, row in enumerate(strong)]  # fmt: skip
    elif shape == "affinity":
        for i, node in enumerate(nodes.tolist()):
            home = _home(int(dept[node]))
            strong[i] = sorted(set(strong[i]) | set(home))
            for k in home:
                level[i][k] = 4
    rows = []
    for i, node in enumerate(nodes.tolist()):
        skills = {DIGITAL[k]: level[i][k] for k in sorted(strong[i])}
        skills.update((name, p) for name, p in zip(BUSINESS, business[i], strict=True) if p)
        wants = {BUSINESS[k]: importance[i][j] for j, k in enumerate(wanted[i])}
        rows.append({"id": ids[node], "capacity": capacity[i], "skills": skills, "interests": interests[i],
                     "wants": wants, "trained": trained[i]})  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, required=True)
    parser.add_argument("--mentors", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--untrained", action="store_true", help="about 5 %% of mentors untrained")
    parser.add_argument("--capacity-ratio", type=float, help="mentor places per mentee in all (default: 1-3 each)")
    parser.add_argument("--shape", choices=SHAPES, default="standard")
    parser.add_argument("--objective", choices=("most_matched", "best_score"), default="most_matched")
    parser.add_argument("--cross-share", type=float, help="rules.min_cross_department_share")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rules: dict[str, Any] = {"objective": args.objective}
    if args.cross_share is not None:
        rules["min_cross_department_share"] = args.cross_share
    data = generate(args.mentees, args.mentors, args.seed, untrained=args.untrained, rules=rules,
                    capacity_ratio=args.capacity_ratio, shape=args.shape)  # fmt: skip
    write(args.output, data)
    print(f"{len(data['employees']):,} employees written to {args.output} in {time.perf_counter() - start:.1f} s",
          file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    main()
