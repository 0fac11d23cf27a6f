"""Pulse results, as the page and the API show them: only cells that `suppression.visible` allows.

Who answered which wave, and under which group, comes from the invitations (participation); the numbers come
from the responses. Both carry the same group, set once at invitation, so the counts agree. A cell that may not
be shown has no number at all, only the reason it is hidden.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from omkeer.programmes.models import Programme
from omkeer.voice.models import AGREEMENT, PULSE_ITEMS, SCALE_POINTS, Band, PulseInvitation, PulseResponse, PulseWave
from omkeer.voice.services import settings_of
from omkeer.voice.suppression import Combo, Respondent, refusal, visible

DIMENSIONS = ("role", "department", "band")


@dataclass(frozen=True)
class ItemResult:
    field: str
    text: str
    reverse: bool
    mean: float
    counts: list[int]  # answers 1…7
    shares: list[float]

    @property
    def segments(self) -> list[tuple[int, float, float]]:
        """(answer, x, width) of each answer's part of a 0…1 stacked bar, for the distribution chart."""
        x, parts = 0.0, []
        for point, share in enumerate(self.shares, start=1):
            parts.append((point, x, share))
            x += share
        return parts


@dataclass
class Cell:
    combo: Combo
    label: str
    n: int | None = None  # None when hidden
    reason: str = ""  # why it is hidden, in words
    mean: float | None = None  # the scale mean, 1…7 (reverse items turned)
    items: list[ItemResult] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.n is not None

    @property
    def share(self) -> float:
        """The scale mean as a share of the bar from 1 to 7, for charts."""
        return 0.0 if self.mean is None else (self.mean - 1) / (SCALE_POINTS - 1)


@dataclass
class Report:
    waves: list[PulseWave]
    wave: PulseWave | None
    k: int
    filters: dict[str, str]
    breakdown: str
    selected: Cell | None = None
    groups: list[Cell] = field(default_factory=list)
    trend: list[tuple[PulseWave, Cell]] = field(default_factory=list)
    options: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def reason_text(code: str, k: int) -> str:
    return {
        "too-few": _("Fewer than %(k)d people answered in this group, so nothing is shown."),
        "difference": _("This group differs from a larger one by fewer than %(k)d people; it could reveal them."),
        "complement": _("Hidden so that a smaller group cannot be worked out by subtraction."),
        "wave-difference": _("Compared with another wave this group differs by fewer than %(k)d people."),
    }.get(code, _("Not shown.")) % {"k": k}


def dimension_label(dimension: str) -> str:
    return {"role": _("Role"), "department": _("Department"), "band": _("Level")}[dimension]


def value_label(dimension: str, value: str) -> str:
    if dimension == "role":
        return {"mentor": _("Mentors"), "mentee": _("Mentees")}.get(value, value)
    if dimension == "band":
        return str(Band(value).label) if value in Band.values else value
    return value or _("Other departments")


def combo_label(combo: Combo) -> str:
    return " · ".join(value_label(dimension, value) for dimension, value in combo) or _("Everyone")


def _respondents(waves: Sequence[PulseWave]) -> list[Respondent]:
    answered = PulseInvitation.objects.filter(wave__in=waves, answered=True).values_list(
        "employee_id", "wave_id", "role", "department", "band"
    )
    return [
        Respondent(key=str(employee), wave=str(wave), attrs={"role": role, "department": department, "band": band})
        for employee, wave, role, department, band in answered
    ]


def _matches(response: PulseResponse, combo: Combo) -> bool:
    return all(getattr(response, dimension) == value for dimension, value in combo)


def _cell(combo: Combo, responses: Sequence[PulseResponse], shown: bool, code: str | None, k: int) -> Cell:
    cell = Cell(combo=combo, label=combo_label(combo))
    if not shown:
        cell.reason = reason_text(code or "too-few", k)
        return cell
    rows = [response for response in responses if _matches(response, combo)]
    cell.n = len(rows)
    cell.mean = sum(row.scale_mean for row in rows) / len(rows)
    for item in PULSE_ITEMS:
        answers = [getattr(row, item.field) for row in rows]
        counts = [answers.count(point) for point in range(1, SCALE_POINTS + 1)]
        cell.items.append(
            ItemResult(
                field=item.field,
                text=str(item.text),
                reverse=item.reverse,
                mean=sum(answers) / len(answers),
                counts=counts,
                shares=[count / len(answers) for count in counts],
            )
        )
    return cell


def combo_of(filters: Mapping[str, str]) -> Combo:
    return tuple(sorted((dimension, value) for dimension, value in filters.items() if dimension in DIMENSIONS))


def pulse_report(
    programme: Programme, *, wave_id: int | None = None, filters: Mapping[str, str] | None = None, breakdown: str = ""
) -> Report:
    """The results of one wave (the latest that went out, by default) for one group, broken down by one
    dimension, with the group's trend across waves. `filters` maps dimensions to a value (absent: everyone)."""
    waves = list(PulseWave.objects.filter(programme=programme, invited=True).order_by("opens_on"))
    k = settings_of(programme).k_numbers
    chosen = {d: v for d, v in (filters or {}).items() if d in DIMENSIONS and v is not None}
    breakdown = breakdown if breakdown in DIMENSIONS and breakdown not in chosen else ""
    wave = next((w for w in waves if w.pk == wave_id), waves[-1] if waves else None)
    report = Report(waves=waves, wave=wave, k=k, filters=chosen, breakdown=breakdown)
    if wave is None:
        return report
    respondents = _respondents(waves)
    shown = visible(respondents, DIMENSIONS, k)
    responses: dict[int, list[PulseResponse]] = defaultdict(list)
    for response in PulseResponse.objects.filter(wave__in=waves):
        responses[response.wave_id].append(response)

    def cell(at: PulseWave, combo: Combo) -> Cell:
        ok = combo in shown.get(str(at.pk), set())
        code = None if ok else refusal(respondents, DIMENSIONS, k, str(at.pk), combo)
        return _cell(combo, responses[at.pk], ok, code, k)

    combo = combo_of(chosen)
    report.selected = cell(wave, combo)
    report.trend = [(at, cell(at, combo)) for at in waves]
    in_wave = [r for r in respondents if r.wave == str(wave.pk)]
    report.options = {
        dimension: [(value, value_label(dimension, value)) for value in sorted({r.attrs[dimension] for r in in_wave})]
        for dimension in DIMENSIONS
    }
    if breakdown:
        report.groups = [
            cell(wave, combo_of({**chosen, breakdown: value})) for value, _label in report.options[breakdown]
        ]
    return report


def agreement_labels() -> list[str]:
    return [str(label) for _point, label in AGREEMENT]
