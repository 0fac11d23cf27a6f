"""Voice over JSON: a participant sends anonymous feedback; the programme admin reads released feedback and the
pulse, with the same thresholds and suppression as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user
from omkeer.api.bodies import BodyIn, Text
from omkeer.api.errors import answers
from omkeer.voice import reports, services
from omkeer.voice.models import Feedback, may_speak

router = Router(tags=["voice"])


class FeedbackIn(BodyIn):
    topic: Text
    text: Text
    safety: int | None = None


class SentOut(Schema):
    detail: str


class FeedbackItemOut(Schema):
    topic: str
    text: str
    safety: int | None
    period: str
    month: str
    themes: list[str]


class FeedbackOut(Schema):
    released: bool
    contributors: int
    needed: int
    items: list[FeedbackItemOut]


class ItemOut(Schema):
    field: str
    text: str
    reverse: bool
    mean: float
    counts: list[int]


class CellOut(Schema):
    group: dict[str, str]
    label: str
    shown: bool
    respondents: int | None
    scale_mean: float | None
    hidden_because: str
    items: list[ItemOut]


class WaveOut(Schema):
    id: int
    name: str
    opens_on: str
    closes_on: str
    everyone: CellOut
    groups: dict[str, list[CellOut]]


class PulseOut(Schema):
    k: int
    waves: list[WaveOut]


@router.post(
    "/programmes/{programme_id}/voice/feedback",
    response=answers({201: SentOut}, 400, 404, 422),
    operation_id="voice_feedback_send",
)
def feedback_send(request: AuthenticatedHttpRequest, programme_id: int, payload: FeedbackIn) -> Status[dict[str, str]]:
    """Send anonymous feedback (mentors; mentees where the programme allows it). The answer holds nothing that
    identifies the stored item."""
    programme = get_programme_for_user(request, programme_id)
    if not may_speak(request.user, programme):
        raise PermissionDenied("Only the programme's mentors (and mentees, where allowed) send feedback.")
    try:
        services.send_feedback(actor=request.user, programme=programme, **payload.dict())
    except ValidationError as error:
        raise HttpError(400, "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from error
    return Status(201, {"detail": "Stored without your name."})


@router.get(
    "/programmes/{programme_id}/voice/feedback",
    response=answers({200: FeedbackOut}, 404, 422),
    operation_id="voice_feedback_list",
)
def feedback_list(request: AuthenticatedHttpRequest, programme_id: int) -> dict[str, object]:
    """Released feedback, in random order; `items` is empty until at least `needed` people have contributed."""
    programme = get_programme_for_user(request, programme_id, to="manage")
    progress = services.progress(programme)
    items = Feedback.objects.filter(programme=programme).released().prefetch_related("themes")
    return {
        "released": progress["released"],
        "contributors": progress["contributors"],
        "needed": progress["needed"],
        "items": [
            {
                "topic": item.topic,
                "text": item.text,
                "safety": item.safety,
                "period": item.period,
                "month": item.month,
                "themes": [theme.name for theme in item.themes.all()],
            }
            for item in items
        ],
    }


def _cell(cell: reports.Cell) -> dict[str, object]:
    return {
        "group": dict(cell.combo),
        "label": cell.label,
        "shown": cell.shown,
        "respondents": cell.n,
        "scale_mean": None if cell.mean is None else round(cell.mean, 2),
        "hidden_because": cell.reason,
        "items": [
            {"field": i.field, "text": i.text, "reverse": i.reverse, "mean": round(i.mean, 2), "counts": i.counts}
            for i in cell.items
        ],
    }


@router.get(
    "/programmes/{programme_id}/voice/pulse", response=answers({200: PulseOut}, 404, 422), operation_id="voice_pulse"
)
def pulse(request: AuthenticatedHttpRequest, programme_id: int) -> dict[str, object]:
    """Every wave that went out: everyone, and each role, department and level band, with cells under the
    threshold (or that would reveal one by subtraction) hidden and the reason given."""
    programme = get_programme_for_user(request, programme_id, to="manage")
    waves = []
    k = services.settings_of(programme).k_numbers
    for wave in reports.pulse_report(programme).waves:
        groups = {}
        everyone: dict[str, object] = {}
        for dimension in reports.DIMENSIONS:
            report = reports.pulse_report(programme, wave_id=wave.pk, breakdown=dimension)
            everyone = _cell(report.selected) if report.selected else {}
            groups[dimension] = [_cell(cell) for cell in report.groups]
        waves.append(
            {
                "id": wave.pk,
                "name": wave.name,
                "opens_on": wave.opens_on.isoformat(),
                "closes_on": wave.closes_on.isoformat(),
                "everyone": everyone,
                "groups": groups,
            }
        )
    return {"k": k, "waves": waves}
