"""Evaluation over JSON: the programme admin reads the whole evaluation (the same aggregates as the report)."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user
from omkeer.api.errors import answers
from omkeer.evaluation import report

router = Router(tags=["evaluation"])


class FigureOut(Schema):
    section: str
    key: str
    figure: str
    unit: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    conclusive: bool
    baseline: float | None
    target: float | None
    mean_change: float | None
    wilcoxon_p: float | None
    t_test_p: float | None
    holm_p: float | None
    effect_size_dz: float | None
    effect_ci_low: float | None
    effect_ci_high: float | None
    how: str


class RuleOut(Schema):
    figure: str
    held: bool | None
    why: str
    deciding: bool
    essential: bool


class RecommendationOut(Schema):
    outcome: str
    rules: list[RuleOut]


class EvaluationOut(Schema):
    programme: dict[str, Any]
    generated: str
    figures: list[FigureOut]
    seniors: dict[str, int]
    juniors: dict[str, Any] | None
    checkins: dict[str, int]
    responses: list[dict[str, Any]]
    recommendation: RecommendationOut
    decision: dict[str, Any] | None


@router.get(
    "/programmes/{programme_id}/evaluation",
    response=answers({200: EvaluationOut}, 404, 422),
    operation_id="evaluation_get",
)
def evaluation_get(request: AuthenticatedHttpRequest, programme_id: int) -> dict[str, Any]:
    """The programme's evaluation: every figure with its 95 % interval, n and tests; outcomes; the recommendation."""
    programme = get_programme_for_user(request, programme_id, to="manage")
    return report.as_json(report.build(programme))
