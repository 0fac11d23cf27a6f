import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.matching import get_pair_constraint_for_user, get_run_for_user
from omkeer.access.programmes import get_programme_for_user
from omkeer.api.bodies import BodyIn, Text
from omkeer.api.errors import answers
from omkeer.matching import services
from omkeer.matching.engine import Reason
from omkeer.matching.forms import MatchSettingsForm
from omkeer.matching.models import MatchRun, MatchSettings, PairConstraint
from omkeer.matching.reasons import Labels, describe
from omkeer.people.models import Employee

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


@router.get(
    "/programmes/{programme_id}/match-runs",
    response=answers({200: list[RunOut]}, 404, 422),
    operation_id="match_runs_list",
)
def match_runs_list(request: AuthenticatedHttpRequest, programme_id: int) -> object:
    programme = get_programme_for_user(request, programme_id, to="manage", hide=True)
    return programme.match_runs.select_related("created_by").defer("problem", "pool", "unmatched_reasons")


@router.post(
    "/programmes/{programme_id}/match-runs",
    response=answers({201: RunOut}, 400, 404, 422),
    operation_id="match_runs_create",
)
def match_runs_create(request: AuthenticatedHttpRequest, programme_id: int) -> Status[MatchRun]:
    programme = get_programme_for_user(request, programme_id, to="manage", hide=True)
    try:
        run = services.run_matching(actor=request.user, programme=programme)
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error
    return Status(201, run)


@router.get("/match-runs/{run_id}", response=answers({200: RunDetailOut}, 404, 422), operation_id="match_runs_detail")
def match_runs_detail(request: AuthenticatedHttpRequest, run_id: int) -> MatchRun:
    return get_run_for_user(request, run_id)


@router.post(
    "/match-runs/{run_id}/approve",
    response=answers({200: ApproveOut}, 400, 404, 422),
    operation_id="match_runs_approve",
)
def match_runs_approve(request: AuthenticatedHttpRequest, run_id: int) -> dict[str, int]:
    run = get_run_for_user(request, run_id)
    try:
        created = services.approve_run(actor=request.user, run=run)
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error
    return {"mentorships": len(created)}


# --- settings, pins and forbids, why not ---------------------------------------------------------------------------

SETTING_FIELDS = MatchSettingsForm.Meta.fields


class SettingsOut(Schema):
    objective: str
    min_level_gap: int
    forbid_same_team: bool
    forbid_reporting_line: bool
    reporting_line_depth: int | None
    forbid_same_department: bool
    require_training: bool
    min_skill_score: float
    min_cross_department_share: float | None
    weight_skills: float
    weight_interests: float
    weight_cross_department: float
    weight_reciprocal: float


class SettingsPatch(BodyIn):
    """Only the fields given change; the rest keep their values."""

    objective: Text | None = None
    min_level_gap: int | None = None
    forbid_same_team: bool | None = None
    forbid_reporting_line: bool | None = None
    reporting_line_depth: int | None = None
    forbid_same_department: bool | None = None
    require_training: bool | None = None
    min_skill_score: float | None = None
    min_cross_department_share: float | None = None
    weight_skills: float | None = None
    weight_interests: float | None = None
    weight_cross_department: float | None = None
    weight_reciprocal: float | None = None


class ConstraintIn(BodyIn):
    mentor: Text
    mentee: Text
    kind: Text


class ConstraintOut(Schema):
    id: int
    mentor: str
    mentee: str
    kind: str
    created: dt.datetime

    @staticmethod
    def resolve_mentor(obj: PairConstraint) -> str:
        return obj.mentor.employee_id

    @staticmethod
    def resolve_mentee(obj: PairConstraint) -> str:
        return obj.mentee.employee_id


class WhyNotOut(Schema):
    mentor: str
    mentee: str
    allowed: bool
    reasons: list[ReasonOut]


def _field_errors(errors: ErrorDict) -> str:
    return "; ".join(f"{name}: {' '.join(str(message) for message in messages)}" for name, messages in errors.items())


@router.get(
    "/programmes/{programme_id}/match-settings",
    response=answers({200: SettingsOut}, 404, 422),
    operation_id="match_settings_read",
)
def match_settings_read(request: AuthenticatedHttpRequest, programme_id: int) -> MatchSettings:
    return MatchSettings.for_programme(get_programme_for_user(request, programme_id, to="manage", hide=True))


@router.patch(
    "/programmes/{programme_id}/match-settings",
    response=answers({200: SettingsOut}, 400, 404, 422),
    operation_id="match_settings_update",
)
def match_settings_update(
    request: AuthenticatedHttpRequest, programme_id: int, payload: SettingsPatch
) -> MatchSettings:
    """Change rules and weights; a bad value is refused naming the field, and nothing changes."""
    instance = MatchSettings.for_programme(get_programme_for_user(request, programme_id, to="manage", hide=True))
    given = payload.dict(exclude_unset=True)
    data = {name: getattr(instance, name) for name in SETTING_FIELDS} | given
    data = {name: ("" if value is None else value) for name, value in data.items()}
    form = MatchSettingsForm(data, instance=instance)
    if not form.is_valid():
        raise HttpError(400, _field_errors(form.errors))
    try:
        return services.save_settings(actor=request.user, match_settings=form.save(commit=False), changed=sorted(given))
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error


@router.get(
    "/programmes/{programme_id}/pair-constraints",
    response=answers({200: list[ConstraintOut]}, 404, 422),
    operation_id="pair_constraints_list",
)
def pair_constraints_list(request: AuthenticatedHttpRequest, programme_id: int) -> object:
    programme = get_programme_for_user(request, programme_id, to="manage", hide=True)
    return programme.pair_constraints.select_related("mentor", "mentee")


@router.post(
    "/programmes/{programme_id}/pair-constraints",
    response=answers({201: ConstraintOut}, 400, 404, 422),
    operation_id="pair_constraints_create",
)
def pair_constraints_create(
    request: AuthenticatedHttpRequest, programme_id: int, payload: ConstraintIn
) -> Status[PairConstraint]:
    """Pin (`kind: pinned`) or forbid (`kind: forbidden`) a pair of this programme's mentor and mentee, by
    employee id. A pin that breaks a hard rule is refused with the rule."""
    programme = get_programme_for_user(request, programme_id, to="manage", hide=True)
    if payload.kind not in PairConstraint.Kind.values:
        raise HttpError(400, f"kind: choose one of {', '.join(PairConstraint.Kind.values)}")
    people = {}
    for role in ("mentor", "mentee"):
        employee_id = getattr(payload, role)
        found = Employee.objects.filter(
            employee_id=employee_id, participations__programme=programme, participations__role=role
        ).first()
        if found is None:
            raise HttpError(400, f"{role}: {employee_id} is not a {role} of this programme")
        people[role] = found
    verb = services.pin_pair if payload.kind == PairConstraint.Kind.PINNED else services.forbid_pair
    try:
        return Status(201, verb(actor=request.user, programme=programme, **people))
    except ValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error


@router.delete(
    "/programmes/{programme_id}/pair-constraints/{constraint_id}",
    response=answers({204: None}, 404, 422),
    operation_id="pair_constraints_delete",
)
def pair_constraints_delete(request: AuthenticatedHttpRequest, programme_id: int, constraint_id: int) -> Status[None]:
    constraint = get_pair_constraint_for_user(request, programme_id, constraint_id, hide=True)
    services.remove_constraint(actor=request.user, constraint=constraint)
    return Status(204, None)


@router.get(
    "/match-runs/{run_id}/why-not", response=answers({200: WhyNotOut}, 400, 404, 422), operation_id="match_runs_why_not"
)
def match_runs_why_not(request: AuthenticatedHttpRequest, run_id: int, mentor: Text, mentee: Text) -> dict[str, Any]:
    """Why a mentor and a mentee of the run are not paired: the hard rule, or what forcing the pair costs."""
    run = get_run_for_user(request, run_id)
    if run.state != MatchRun.State.DONE:
        raise HttpError(400, "Ask about a finished run.")
    found = Employee.objects.in_bulk([mentor, mentee], field_name="employee_id")
    for role, employee_id in (("mentor", mentor), ("mentee", mentee)):
        if employee_id not in found:
            raise HttpError(400, f"{role}: no employee has the id {employee_id}")
    reasons = services.why_not(programme=run.programme, run=run, mentor=found[mentor], mentee=found[mentee])
    labels = services.reason_labels(reasons)
    return {
        "mentor": mentor,
        "mentee": mentee,
        "allowed": not reasons or reasons[0].code == "better_use",
        "reasons": [{"code": r.code, "params": r.params, "text": describe(r, labels)} for r in reasons],
    }
