"""Evaluation's verbs: KPI sources and measurements (by hand and by CSV), follow-up surveys, check-ins, the
decision rules and the pilot decision. Each runs in one transaction, audits what the admin did, and refuses
bad input with a ValidationError that names the field or row and writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from celery import shared_task
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.enrolment.models import FAMILIARITY_AREAS, MenteeIntake
from omkeer.evaluation.models import (
    GROWTH_ITEMS,
    NOTE_LENGTH,
    SCORE_MAX,
    SCORE_MIN,
    CheckIn,
    CheckInPlan,
    Comparison,
    Decision,
    DecisionRule,
    FollowUp,
    KpiSource,
    Measurement,
    Outcome,
    Source,
    Survey,
    SurveyKind,
    period_bounds,
)
from omkeer.lib.notices import Notice, notify
from omkeer.people.models import Employee, Skill
from omkeer.programmes.models import Kpi, Participation, Programme, Role, Status
from omkeer.programmes.services import require_admin

REMIND_DAYS_BEFORE_CLOSE = 3
CHECKIN_NOTICE_DAYS = 3
CSV_COLUMNS = ("kpi", "period", "value", "note")
MAX_CSV_ROWS = 5000


# --- KPIs ----------------------------------------------------------------------------------------------------------


def set_source(*, actor: User, kpi: Kpi, source: str, skill: str = "") -> KpiSource:
    programme = kpi.goal.programme
    require_admin(actor, programme)
    if source not in Source.values:
        raise ValidationError({"source": _("Choose one of the sources.")})
    if source == Source.SKILL:
        if not programme.topics.filter(name=skill).exists():
            raise ValidationError({"skill": _("Choose one of the programme's skills.")})
    else:
        skill = ""
    with transaction.atomic():
        row, _created = KpiSource.objects.update_or_create(kpi=kpi, defaults={"source": source, "skill": skill})
        audit(actor=actor, action="evaluation.kpi-source", target=kpi, summary=f"{kpi.name}: {source} {skill}".strip())
    return row


def _check_value(value: Any, field_name: str = "value") -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field_name: _("“%(value)s” is not a number.") % {"value": value}}) from None
    if not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise ValidationError({field_name: _("“%(value)s” is not a number.") % {"value": value}})
    return number.quantize(Decimal("0.01"))


def _check_period(text: str, field_name: str = "period") -> tuple[dt.date, str]:
    bounds = period_bounds(text)
    if bounds is None:
        raise ValidationError(
            {field_name: _("“%(value)s” is not a period: use 2026-03, 2026-Q1 or 2026.") % {"value": text}}
        )
    return bounds


def record_measurement(*, actor: User, kpi: Kpi, period: str, value: Any, note: str = "") -> Measurement:
    """Enter (or correct) a KPI's value for one period."""
    require_admin(actor, kpi.goal.programme)
    starts, canonical = _check_period(period)
    number = _check_value(value)
    if len(note) > 300:
        raise ValidationError({"note": _("At most 300 characters.")})
    with transaction.atomic():
        row, _created = Measurement.objects.update_or_create(
            kpi=kpi, period=canonical, defaults={"starts": starts, "value": number, "note": note, "entered_by": actor}
        )
        audit(actor=actor, action="evaluation.measure", target=kpi, summary=f"{kpi.name} {canonical}: {number}")
    return row


def delete_measurement(*, actor: User, measurement: Measurement) -> None:
    kpi = measurement.kpi
    require_admin(actor, kpi.goal.programme)
    with transaction.atomic():
        audit(actor=actor, action="evaluation.measure-delete", target=kpi, summary=f"{kpi.name} {measurement.period}")
        measurement.delete()


@dataclass
class CsvResult:
    rows: int = 0
    written: int = 0
    problems: list[str] = field(default_factory=list)


def import_measurements(*, actor: User, programme: Programme, data: bytes) -> CsvResult:
    """A CSV of `kpi,period,value,note` (kpi by id or by name): every row is checked first; with any problem
    nothing is written and each problem names its row and column."""
    require_admin(actor, programme)
    result = CsvResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.problems.append(_("The file is not UTF-8 text."))
        return result
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if text.split("\n", 1)[0].count(";") else ",")
    try:
        rows = list(reader)
    except csv.Error as error:  # a field past the csv module's size limit
        result.problems.append(_("Row %(row)d: cannot read CSV: %(error)s") % {"row": reader.line_num, "error": error})
        return result
    header = [name.strip().lower() for name in rows[0]] if rows else []
    missing = [name for name in CSV_COLUMNS[:3] if name not in header]
    if missing:
        result.problems.append(
            _("Row 1: missing column %(names)s (expected kpi,period,value,note).") % {"names": ", ".join(missing)}
        )
        return result
    if len(rows) - 1 > MAX_CSV_ROWS:
        result.problems.append(_("At most %(n)d rows per file.") % {"n": MAX_CSV_ROWS})
        return result
    kpis = list(Kpi.objects.filter(goal__programme=programme))
    by_key = {str(k.pk): k for k in kpis} | {k.name.strip().lower(): k for k in kpis}
    planned: dict[tuple[int, str], tuple[int, dt.date, Decimal, str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
        result.rows += 1

        def problem(column: str, message: str, line: int = number) -> None:
            result.problems.append(
                _("Row %(row)d, %(column)s: %(message)s") % {"row": line, "column": column, "message": message}
            )

        kpi = by_key.get(cells.get("kpi", "").lower())
        if kpi is None:
            problem("kpi", _("no KPI “%(value)s” in this programme.") % {"value": cells.get("kpi", "")})
        try:
            starts, period = _check_period(cells.get("period", ""))
        except ValidationError as error:
            problem("period", error.message_dict["period"][0])
            period, starts = "", dt.date.min
        try:
            value = _check_value(cells.get("value", ""))
        except ValidationError as error:
            problem("value", error.message_dict["value"][0])
            value = Decimal(0)
        note = cells.get("note", "")
        if len(note) > 300:
            problem("note", _("at most 300 characters."))
        if kpi is not None and period:
            if (kpi.pk, period) in planned:
                problem(
                    "period",
                    _("%(period)s of this KPI is also in row %(other)d.")
                    % {"period": period, "other": planned[kpi.pk, period][0]},
                )
            planned[kpi.pk, period] = (number, starts, value, note)
    if result.problems:
        return result
    chosen = {k.pk: k for k in kpis}
    with transaction.atomic():
        for (kpi_id, period), (_row, starts, value, note) in planned.items():
            Measurement.objects.update_or_create(
                kpi=chosen[kpi_id],
                period=period,
                defaults={"starts": starts, "value": value, "note": note, "entered_by": actor},
            )
        result.written = len(planned)
        audit(
            actor=actor,
            action="evaluation.measure-import",
            target=programme,
            summary=_("%(n)d KPI values imported") % {"n": result.written},
        )
    return result


# --- follow-up surveys ------------------------------------------------------------------------------------------------


def plan_survey(*, actor: User, programme: Programme, kind: str, opens: dt.date, closes: dt.date) -> Survey:
    """Plan the half-way or end follow-up; invitations go out when it opens (the hourly task)."""
    require_admin(actor, programme)
    if kind not in SurveyKind.values:
        raise ValidationError({"kind": _("Choose half-way or at the end.")})
    if closes < opens:
        raise ValidationError({"closes": _("The survey must close after it opens.")})
    if closes < timezone.localdate():
        raise ValidationError({"closes": _("That date has passed.")})
    with transaction.atomic():
        existing = Survey.objects.select_for_update().filter(programme=programme, kind=kind).first()
        if existing is not None and existing.sent is not None:
            raise ValidationError({"kind": _("This survey has already been sent.")})
        survey, _created = Survey.objects.update_or_create(
            programme=programme, kind=kind, defaults={"opens": opens, "closes": closes, "created_by": actor}
        )
        audit(
            actor=actor,
            action="evaluation.survey-plan",
            target=programme,
            summary=f"{kind} {opens:%Y-%m-%d}–{closes:%Y-%m-%d}",
        )
    if opens <= timezone.localdate():
        send_survey(survey)
        survey.refresh_from_db()
    return survey


def delete_survey(*, actor: User, survey: Survey) -> None:
    require_admin(actor, survey.programme)
    if survey.sent is not None:
        raise ValidationError(_("This survey has already been sent; its answers are kept."))
    with transaction.atomic():
        audit(actor=actor, action="evaluation.survey-delete", target=survey.programme, summary=survey.kind)
        survey.delete()


def send_survey(survey: Survey) -> int:
    """Invite every mentor and mentee of the programme (once); returns how many were invited."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("programme").get(pk=survey.pk)
        if survey.sent is not None:
            return 0
        rows = (
            Participation.objects.filter(programme=survey.programme, role__in=[Role.MENTOR, Role.MENTEE])
            .select_related("employee__user")
            .order_by("employee_id", "role")
        )
        people = [(row.employee, row.role) for row in rows if row.employee.is_active]
        FollowUp.objects.bulk_create(
            [FollowUp(survey=survey, employee=employee, role=role) for employee, role in people],
            ignore_conflicts=True,
        )
        survey.sent = timezone.now()
        survey.save(update_fields=["sent"])
        path = reverse("evaluation:followup", args=[survey.programme_id])

        def compose(person: Employee) -> Notice:
            return Notice(
                subject=_("How did it go? %(programme)s") % {"programme": survey.programme.name},
                paragraphs=[
                    _(
                        "A few questions, about five minutes: we ask you again what we asked at the start, so that "
                        "we can see what changed. Your answers are only shown in groups of at least 5 people."
                    ),
                    _("Please answer by %(date)s.") % {"date": survey.closes.isoformat()},
                ],
                link_text=_("Answer the follow-up"),
                path=path,
            )

        notify(list({employee.pk: employee for employee, _role in people}.values()), compose)
    return len(people)


def remind_survey(survey: Survey, today: dt.date) -> int:
    if survey.sent is None or not survey.opens <= today <= survey.closes:
        return 0
    if (survey.closes - today).days > REMIND_DAYS_BEFORE_CLOSE:
        return 0
    with transaction.atomic():
        waiting = list(
            FollowUp.objects.select_for_update(of=("self",))  # the login is an outer join: lock the rows only
            .filter(survey=survey, submitted__isnull=True, reminded__isnull=True)
            .select_related("employee__user")
        )
        FollowUp.objects.filter(pk__in=[f.pk for f in waiting]).update(reminded=timezone.now())

        def compose(person: Employee) -> Notice:
            return Notice(
                subject=_("The follow-up closes on %(date)s") % {"date": survey.closes.isoformat()},
                paragraphs=[_("Your answers show what the programme changed. It takes about five minutes.")],
                link_text=_("Answer the follow-up"),
                path=reverse("evaluation:followup", args=[survey.programme_id]),
            )

        notify(list({f.employee_id: f.employee for f in waiting}.values()), compose)
    return len(waiting)


def open_followups(employee: Employee, programme: Programme, today: dt.date | None = None) -> list[FollowUp]:
    today = today or timezone.localdate()
    return list(
        FollowUp.objects.filter(
            survey__programme=programme, employee=employee, survey__opens__lte=today, survey__closes__gte=today
        )
        .select_related("survey")
        .order_by("role")
    )


def _scores(answers: Mapping[str, Any], keys: list[str], field_name: str, *, required: bool) -> dict[str, int]:
    scores: dict[str, int] = {}
    for key in keys:
        value = answers.get(key)
        if value in (None, ""):
            if required:
                raise ValidationError({f"{field_name}_{key}": _("Choose a score from 1 to 5.")})
            continue
        if not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
            raise ValidationError(
                {f"{field_name}_{key}": _("A score from 1 to 5, not “%(value)s”.") % {"value": value}}
            )
        scores[key] = value
    return scores


def questions(followup: FollowUp) -> dict[str, list[tuple[str, str]]]:
    """What this follow-up asks: for a mentee the intake's skills, KPIs and familiarity areas; for a mentor the
    growth items; at the end the effectiveness questions for both."""
    asked: dict[str, list[tuple[str, str]]] = {}
    if followup.role == Role.MENTEE:
        intake = MenteeIntake.objects.filter(
            programme_id=followup.survey.programme_id, employee=followup.employee
        ).first()
        topics = list(followup.survey.programme.topics.order_by("name"))
        skill_keys = sorted(intake.skill_scores) if intake else [s.name for s in topics]
        labels = {s.name: s.display_label for s in Skill.objects.filter(name__in=skill_keys)}
        asked["skill"] = [(key, str(labels.get(key, key))) for key in skill_keys]
        kpis = Kpi.objects.filter(goal__programme_id=followup.survey.programme_id).order_by("goal_id", "pk")
        if intake is not None:  # the KPIs the mentee rated at the intake, to pair with
            kpis = kpis.filter(pk__in=[int(key) for key in intake.kpi_scores if key.isdigit()])
        else:
            kpis = kpis.filter(source__source=Source.SELF_RATING)
        asked["kpi"] = [(str(k.pk), k.name) for k in kpis]
        asked["familiarity"] = [(key, str(label)) for key, label in FAMILIARITY_AREAS.items()]
    else:
        asked["growth"] = [(key, str(label)) for key, label in GROWTH_ITEMS.items()]
    return asked


def answer_followup(*, actor: User, followup: FollowUp, answers: Mapping[str, Any]) -> FollowUp:
    """Store a participant's own answers (once; correcting them is allowed while the survey is open)."""
    if actor.employee_id != followup.employee_id:
        raise PermissionDenied
    today = timezone.localdate()
    if not followup.survey.opens <= today <= followup.survey.closes or followup.survey.sent is None:
        raise ValidationError(_("This survey is closed."))
    asked = questions(followup)
    if followup.role == Role.MENTEE:
        followup.skill_scores = _scores(
            answers.get("skill", {}), [k for k, _l in asked["skill"]], "skill", required=True
        )
        followup.kpi_scores = _scores(answers.get("kpi", {}), [k for k, _l in asked["kpi"]], "kpi", required=False)
        followup.familiarity = _scores(
            answers.get("familiarity", {}), [k for k, _l in asked["familiarity"]], "familiarity", required=True
        )
    else:
        followup.growth = _scores(answers.get("growth", {}), [k for k, _l in asked["growth"]], "growth", required=True)
    if followup.survey.kind == SurveyKind.END:
        rated = _scores(answers, ["effective_organisation", "effective_me"], "rating", required=True)
        followup.effective_organisation = rated["effective_organisation"]
        followup.effective_me = rated["effective_me"]
        if answers.get("recommend") not in (True, False):
            raise ValidationError({"recommend": _("Say whether you would recommend the programme.")})
        followup.recommend = bool(answers["recommend"])
    followup.submitted = timezone.now()
    followup.save()
    return followup


# --- check-ins ------------------------------------------------------------------------------------------------------


def plan_checkins(*, actor: User, programme: Programme, every_weeks: int, first: dt.date) -> int:
    """Plan a check-in with every mentor and mentee every N weeks from `first` to the programme's end. Planning
    again replaces the check-ins not yet held; those held are kept. Returns how many are planned."""
    require_admin(actor, programme)
    if not 1 <= every_weeks <= 26:
        raise ValidationError({"every_weeks": _("Every 1 to 26 weeks.")})
    if first > programme.end_date:
        raise ValidationError({"first": _("The programme ends on %(date)s.") % {"date": programme.end_date}})
    days = []
    day = first
    while day <= programme.end_date:
        days.append(day)
        day += dt.timedelta(weeks=every_weeks)
    people = list(
        Participation.objects.filter(programme=programme, role__in=[Role.MENTOR, Role.MENTEE], employee__is_active=True)
        .values_list("employee_id", "role")
        .order_by("employee_id", "role")
    )
    with transaction.atomic():
        CheckInPlan.objects.update_or_create(programme=programme, defaults={"every_weeks": every_weeks, "first": first})
        CheckIn.objects.filter(programme=programme, held__isnull=True).delete()
        held = set(CheckIn.objects.filter(programme=programme).values_list("employee_id", "role", "due"))
        new = [
            CheckIn(programme=programme, employee_id=employee, role=role, due=due)
            for employee, role in people
            for due in days
            if (employee, role, due) not in held
        ]
        CheckIn.objects.bulk_create(new)
        audit(
            actor=actor,
            action="evaluation.checkin-plan",
            target=programme,
            summary=f"every {every_weeks} weeks from {first:%Y-%m-%d}: {len(new)}",
        )
    return len(new)


def record_checkin(
    *,
    actor: User,
    checkin: CheckIn,
    held: dt.date,
    personal_growth: int | None,
    knowledge: int | None,
    relationship: int | None,
    concerns: str = "",
    notes: str = "",
) -> CheckIn:
    require_admin(actor, checkin.programme)
    if held > timezone.localdate():
        raise ValidationError({"held": _("A check-in is recorded once it has been held.")})
    for name, value in (("personal_growth", personal_growth), ("knowledge", knowledge), ("relationship", relationship)):
        if value is not None and not SCORE_MIN <= value <= SCORE_MAX:
            raise ValidationError({name: _("A score from 1 to 5, not “%(value)s”.") % {"value": value}})
    for name, text in (("concerns", concerns), ("notes", notes)):
        if len(text) > NOTE_LENGTH:
            raise ValidationError({name: _("At most %(n)d characters.") % {"n": NOTE_LENGTH}})
    with transaction.atomic():
        checkin.held, checkin.recorded_by = held, actor
        checkin.personal_growth, checkin.knowledge, checkin.relationship = personal_growth, knowledge, relationship
        checkin.concerns, checkin.notes = concerns, notes
        checkin.save()
        audit(actor=actor, action="evaluation.checkin", target=checkin.programme, summary=f"check-in {checkin.pk}")
    return checkin


def remind_checkins(today: dt.date) -> int:
    """One email to each admin of a programme listing the check-ins due in the next days (each reminded once)."""
    due = list(
        CheckIn.objects.select_for_update(of=("self",))
        .filter(
            held__isnull=True,
            reminded__isnull=True,
            due__lte=today + dt.timedelta(days=CHECKIN_NOTICE_DAYS),
            due__gte=today,
        )
        .select_related("employee", "programme")
        .order_by("programme_id", "due", "employee__last_name")
    )
    if not due:
        return 0
    by_programme: dict[int, list[CheckIn]] = {}
    for checkin in due:
        by_programme.setdefault(checkin.programme_id, []).append(checkin)
    CheckIn.objects.filter(pk__in=[c.pk for c in due]).update(reminded=timezone.now())
    for programme_id, rows in by_programme.items():
        admins = [
            p.employee
            for p in Participation.objects.filter(programme_id=programme_id, role=Role.ADMIN).select_related(
                "employee__user"
            )
        ]

        def compose(person: Employee, rows: list[CheckIn] = rows, programme_id: int = programme_id) -> Notice:
            return Notice(
                subject=_("Check-ins coming up: %(programme)s") % {"programme": rows[0].programme.name},
                paragraphs=[_("These check-in conversations are planned for the next few days.")],
                items=[f"{c.due:%Y-%m-%d} — {c.employee} ({c.get_role_display()})" for c in rows],
                link_text=_("Open the check-ins"),
                path=reverse("evaluation:checkins", args=[programme_id]),
            )

        notify(admins, compose)
    return len(due)


@shared_task
def send_evaluation_reminders() -> int:
    """Open the follow-ups due today, remind those about to close and the admins of check-ins (beat, hourly)."""
    today = timezone.localdate()
    sent = 0
    for survey in Survey.objects.filter(sent__isnull=True, opens__lte=today, closes__gte=today):
        sent += send_survey(survey)
    for survey in Survey.objects.filter(sent__isnull=False, opens__lte=today, closes__gte=today):
        sent += remind_survey(survey, today)
    with transaction.atomic():
        sent += remind_checkins(today)
    return sent


# --- the decision -----------------------------------------------------------------------------------------------------


def add_rule(
    *,
    actor: User,
    programme: Programme,
    metric: str,
    comparison: str,
    threshold: Any,
    ci_clear: bool,
    essential: bool,
    metrics: Mapping[str, str],
) -> DecisionRule:
    require_admin(actor, programme)
    if metric not in metrics:
        raise ValidationError({"metric": _("Choose one of the figures.")})
    if comparison not in Comparison.values:
        raise ValidationError({"comparison": _("Choose at least or at most.")})
    number = _check_value(threshold, "threshold")
    with transaction.atomic():
        position = DecisionRule.objects.filter(programme=programme).count()
        rule = DecisionRule.objects.create(
            programme=programme,
            metric=metric,
            comparison=comparison,
            threshold=number,
            ci_clear=ci_clear,
            essential=essential,
            position=position,
        )
        audit(
            actor=actor,
            action="evaluation.rule-add",
            target=programme,
            summary=f"{metrics[metric]} {comparison} {number}",
        )
    return rule


def delete_rule(*, actor: User, rule: DecisionRule) -> None:
    require_admin(actor, rule.programme)
    with transaction.atomic():
        audit(actor=actor, action="evaluation.rule-delete", target=rule.programme, summary=str(rule))
        rule.delete()


STATUS_OF = {Outcome.PERMANENT: Status.PERMANENT, Outcome.EXTEND: Status.PILOT, Outcome.STOP: Status.STOPPED}


def decide(
    *, actor: User, programme: Programme, outcome: str, rationale: str, recommended: str, rules: list[dict[str, Any]]
) -> Decision:
    """Record the admin's decision with its rationale and the rules as they stood; it sets the programme's status."""
    require_admin(actor, programme)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose make permanent, extend the pilot or stop.")})
    rationale = rationale.strip()
    if not rationale:
        raise ValidationError({"rationale": _("Say why: the board reads this.")})
    if len(rationale) > NOTE_LENGTH:
        raise ValidationError({"rationale": _("At most %(n)d characters.") % {"n": NOTE_LENGTH}})
    with transaction.atomic():
        decision = Decision.objects.create(
            programme=programme,
            recommended=recommended,
            outcome=outcome,
            rationale=rationale,
            rules=rules,
            decided_by=actor,
        )
        programme.status = STATUS_OF[Outcome(outcome)]
        programme.save(update_fields=["status"])
        audit(
            actor=actor,
            action="evaluation.decide",
            target=programme,
            summary=f"{outcome} (recommended {recommended})",
            data={"rationale": rationale},
        )
    return decision
