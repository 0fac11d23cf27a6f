"""Coverage figures of a matching result, for the admin's review. Pure: no Django."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from omkeer.matching.engine import Pair, Problem, Result

MAX_BINS = 20
BIN_WIDTH = 0.1


def coverage(problem: Problem, result: Result) -> dict[str, Any]:
    """Pairs across departments, the average level gap (mentee minus mentor), the score histogram, and the
    average weighted part of each score term."""
    level = {e.id: e.level for e in problem.employees}
    pairs = result.pairs
    gaps = [level[p.mentee] - level[p.mentor] for p in pairs]
    w = asdict(problem.weights)
    return {
        "cross_department": sum(1 for p in pairs if p.parts.cross_department),
        "level_gap": round(sum(gaps) / len(gaps), 3) if gaps else None,
        "histogram": histogram([p.score for p in pairs], top=sum(w.values())),
        "parts_mean": parts_mean(pairs, w),
    }


def histogram(scores: Sequence[float], *, top: float) -> dict[str, Any]:
    """Counts of scores in equal bins from 0 to `top` (the highest possible score), at most MAX_BINS of them."""
    width = BIN_WIDTH if top <= BIN_WIDTH * MAX_BINS else top / MAX_BINS
    bins = max(1, math.ceil(round(top / width, 9)))
    counts = [0] * bins
    for score in scores:
        counts[min(bins - 1, max(0, int(score / width)))] += 1
    return {"width": width, "counts": counts}


def parts_mean(pairs: Sequence[Pair], weights: dict[str, float]) -> dict[str, float]:
    """Per score term, its average weighted contribution over the pairs (0 without pairs)."""
    if not pairs:
        return dict.fromkeys(weights, 0.0)
    return {
        name: round(sum(weight * getattr(p.parts, name) for p in pairs) / len(pairs), 6)
        for name, weight in weights.items()
    }
