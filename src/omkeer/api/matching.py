import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from omkeer.matching import services
from omkeer.matching.engine import Reason
from omkeer.matching.models import MatchRun
from omkeer.matching.reasons import Labels, describe
from omkeer.programmes.models import Programme

router = Router(tags=["matching"])


def _reason(data: dict[str, Any], labels: Labels) -> dict[str, Any]:
    params = data.get("params", {})
    return {"code": data["code"], "params": params, "text": describe(Reason(data["code"], params), labels)}


class RunOut(Schema):
    id: int
    programme_id: int
    created: dt.datetime
    created_by: str | None
    state: str
    error: str
    mentees: int
    mentors: int
    matched: int
    unmatched: int
    mentors_used: int
    cross_department: int
    level_gap: float | None
    total_score: float
    kept: int
    optimal: bool | None
    approved: dt.datetime | None

    @staticmethod
    def resolve_created_by(obj: MatchRun) -> str | None:
        return obj.created_by.username if obj.created_by else None


class ReasonOut(Schema):
    code: str
    params: dict[str, Any]
    text: str


class ProposalOut(Schema):
    mentor: str
    mentor_name: str
    mentee: str
    mentee_name: str
    score: float
    parts: dict[str, float]
    pinned: bool
    reasons: list[ReasonOut]


class UnmatchedOut(Schema):
    mentee: str
    reason: ReasonOut


class RunDetailOut(RunOut):
    objective: dict[str, Any]
    stats: dict[str, Any]
    rules: dict[str, Any]
    proposals: list[ProposalOut]
    unmatched_mentees: list[UnmatchedOut]

    @staticmethod
    def resolve_proposals(obj: MatchRun) -> list[dict[str, Any]]:
        labels = services.labels_for()
        return [
            {
                "mentor": p.mentor.employee_id,
                "mentor_name": p.mentor.full_name,
                "mentee": p.mentee.employee_id,
                "mentee_name": p.mentee.full_name,
                "score": p.score,
                "parts": p.parts,
                "pinned": p.pinned,
                "reasons": [_reason(r, labels) for r in p.reasons],
            }
            for p in obj.proposals.select_related("mentor", "mentee")
        ]

    @staticmethod
    def resolve_unmatched_mentees(obj: MatchRun) -> list[dict[str, Any]]:
        labels = services.labels_for()
        return [{"mentee": u["mentee"], "reason": _reason(u, labels)} for u in obj.unmatched_reasons]


class ApproveOut(Schema):
    mentorships: int


def _managed_programme(request: HttpRequest, programme_id: int) -> Programme:
    return get_object_or_404(Programme.objects.managed_by(request.user), pk=programme_id)


def _managed_run(request: HttpRequest, run_id: int) -> MatchRun:
    runs = MatchRun.objects.visible_to(request.user).select_related("created_by").defer("problem")
    return get_object_or_404(runs, pk=run_id)


@router.get("/programmes/{programme_id}/match-runs", response=list[RunOut], operation_id="match_runs_list")
def match_runs_list(request: HttpRequest, programme_id: int) -> object:
    programme = _managed_programme(request, programme_id)
    return programme.match_runs.select_related("created_by").defer("problem", "pool", "unmatched_reasons")


@router.post("/programmes/{programme_id}/match-runs", response={201: RunOut}, operation_id="match_runs_create")
def match_runs_create(request: HttpRequest, programme_id: int) -> Status[MatchRun]:
    programme = _managed_programme(request, programme_id)
    try:
        run = services.run_matching(actor=request.user, programme=programme)
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error
    return Status(201, run)


@router.get("/match-runs/{run_id}", response=RunDetailOut, operation_id="match_runs_detail")
def match_runs_detail(request: HttpRequest, run_id: int) -> MatchRun:
    return _managed_run(request, run_id)


@router.post("/match-runs/{run_id}/approve", response=ApproveOut, operation_id="match_runs_approve")
def match_runs_approve(request: HttpRequest, run_id: int) -> dict[str, int]:
    run = _managed_run(request, run_id)
    try:
        created = services.approve_run(actor=request.user, run=run)
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error
    return {"mentorships": len(created)}
