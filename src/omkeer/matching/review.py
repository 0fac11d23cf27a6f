"""What the review page draws: the score histogram and the parts of the score as chart geometry, and the
unmatched mentees with their reason in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from omkeer.matching.engine import Reason
from omkeer.matching.models import MatchRun
from omkeer.matching.reasons import Labels, describe
from omkeer.people.models import Employee

UNMATCHED_SHOWN = 200
CHART_HEIGHT = 150  # SVG user units, about pixels on a wide screen
BIN = 30  # width of a histogram bin
PART_LABELS: dict[str, Promise] = {
    "skills": _("Skills the mentee wants"),
    "interests": _("Shared interests"),
    "cross_department": _("Different departments"),
    "reciprocal": _("Learning in return"),
}


@dataclass(frozen=True)
class Bin:
    x: int
    y: float
    height: float
    count: int
    low: str
    high: str


def histogram_bars(histogram: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Rectangles for the score histogram (attributes only: the CSP forbids inline styles)."""
    if not histogram or not any(histogram["counts"]):
        return None
    counts, width = histogram["counts"], histogram["width"]
    top = max(counts)
    decimals = 1 if round(width * 10, 9) == int(round(width * 10, 9)) else 2
    bins = []
    for i, count in enumerate(counts):
        height = round(CHART_HEIGHT * count / top, 2)
        low, high = (
            formats.number_format(round(v, decimals), decimal_pos=decimals) for v in (i * width, (i + 1) * width)
        )
        bins.append(Bin(x=i * BIN, y=CHART_HEIGHT - height, height=height, count=count, low=low, high=high))
    return {"bins": bins, "width": len(counts) * BIN, "height": CHART_HEIGHT, "bin": BIN, "top": top}


def chart_bars(parts_mean: Mapping[str, float]) -> list[dict[str, Any]]:
    """The average weighted part of each score term, as bars sharing the average score between them."""
    total = sum(parts_mean.values())
    return [
        {
            "label": label,
            "value": formats.number_format(round(parts_mean.get(key, 0.0), 3), decimal_pos=3),
            "share": parts_mean.get(key, 0.0) / total if total else 0.0,
        }
        for key, label in PART_LABELS.items()
    ]


def unmatched_rows(run: MatchRun, labels: Labels) -> list[tuple[Employee | None, str, str]]:
    """The first unmatched mentees of a run: (employee, employee id, reason in words)."""
    shown = run.unmatched_reasons[:UNMATCHED_SHOWN]
    people = Employee.objects.select_related("department").in_bulk(
        [row["mentee"] for row in shown], field_name="employee_id"
    )
    return [
        (people.get(row["mentee"]), row["mentee"], describe(Reason(row["code"], row.get("params", {})), labels))
        for row in shown
    ]


def side_constraint(stats: Mapping[str, Any]) -> dict[str, Any] | None:
    """The programme's cross-department target as the run met it: target and achieved share in per cent, the
    pairs, what it cost in total score, and whether it could not be reached."""
    found = (stats.get("side_constraints") or {}).get("min_cross_department_share")
    if not found:
        return None
    achieved = found.get("achieved")
    return {
        "target": round(100 * found["target"]),
        "achieved": None if achieved is None else round(100 * achieved),
        "cross": found["cross_department_pairs"],
        "pairs": found["pairs"],
        "cost": found["cost_in_total_score"],
        "unconstrained": found["total_score_unconstrained"],
        "total": found["total_score"],
        "infeasible": found["infeasible"],
    }
