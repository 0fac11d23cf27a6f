"""The impact of a programme: every figure of the dashboard and the report, with its uncertainty and its inputs.

`evaluate(programme, full=...)` reads the programme's data once and returns plain dataclasses; pages, the PDF,
the CSV and the JSON all render the same `Evaluation`. With `full=False` (anyone but the programme's admins)
ratings and self-assessments of fewer than `MIN_GROUP` people are hidden.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from omkeer.board.models import Idea
from omkeer.enrolment.models import FAMILIARITY_AREAS, MenteeIntake
from omkeer.evaluation import comparison, stats
from omkeer.evaluation.models import (
    GROWTH_ITEMS,
    PAIRED_SOURCES,
    CheckIn,
    FollowUp,
    KpiSource,
    Measurement,
    Source,
    Survey,
    SurveyKind,
)
from omkeer.mentorships.models import Commitment, MentoringSession, Mentorship, SessionState
from omkeer.people.history import changes, state_on
from omkeer.people.models import Employee
from omkeer.programmes.models import Kpi, Participation, Programme, Role
from omkeer.voice.reports import pulse_report

MIN_GROUP = 5  # ratings and self-assessments of fewer people are not shown outside the programme's admins
HORIZON_DAYS = 365  # outcomes of the junior mentors: the 12 months from the programme's start
EFFECTIVE = 4  # a rating of 4 or 5 counts as (very) effective


def too_few(n: int) -> str:
    return _("n = %(n)d: too few to conclude") % {"n": n}


@dataclass
class Figure:
    """One figure: its value with a 95 % confidence interval and n, how it is computed, and what its charts need."""

    key: str
    label: str
    unit: str
    value: float | None
    n: int
    how: str
    ci: stats.Interval | None = None
    conclusive: bool = True
    source: str = ""
    baseline: float | None = None
    target: float | None = None
    paired: stats.Paired | None = None
    before: list[float] = field(default_factory=list)
    after: list[float] = field(default_factory=list)
    trend: list[tuple[str, float]] = field(default_factory=list)
    p_adjusted: float | None = None
    hidden: bool = False
    scale: tuple[int, int] | None = None  # the answer scale of a rating, for distribution charts

    @property
    def progress(self) -> float | None:
        """How far the figure has come from the baseline to the target (0 = baseline, 1 = target reached)."""
        if self.value is None or self.baseline is None or self.target is None or self.target == self.baseline:
            return None
        return (self.value - self.baseline) / (self.target - self.baseline)

    @property
    def verdict(self) -> str:
        """Small n in words rather than a p-value."""
        return too_few(self.n) if not self.conclusive else ""

    def distribution(self, values: Sequence[float]) -> list[tuple[int, int]]:
        if self.scale is None:
            return []
        counts = Counter(round(v) for v in values)
        return [(point, counts.get(point, 0)) for point in range(self.scale[0], self.scale[1] + 1)]

    @property
    def before_counts(self) -> list[tuple[int, int]]:
        return self.distribution(self.before)

    @property
    def after_counts(self) -> list[tuple[int, int]]:
        return self.distribution(self.after)


@dataclass
class Group:
    label: str
    n: int
    promoted: stats.Share
    left: int
    curve: stats.Curve | None
    durations: list[float] = field(default_factory=list)  # days from the start to leaving or to the end of follow-up
    events: list[bool] = field(default_factory=list)  # True: left at that day


@dataclass
class Juniors:
    """Retention and promotion of the junior mentors against matched non-participants."""

    start: dt.date
    followed_days: int
    mentors: Group
    comparison: Group
    unmatched: int
    tenure_gap_days: float | None
    logrank: stats.LogRank
    promotion: stats.TwoShares

    @property
    def followed_months(self) -> int:
        return round(self.followed_days / 30.4)


@dataclass
class Seniors:
    commitments: int
    done: int
    overdue: int
    ideas: int

    @property
    def done_share(self) -> stats.Share:
        return stats.share(self.done, self.commitments)


@dataclass
class Responses:
    survey: Survey
    invited: int
    answered: int


@dataclass
class Evaluation:
    programme: Programme
    full: bool
    generated: dt.datetime
    kpis: list[Figure]
    effectiveness: list[Figure]
    growth: list[Figure]
    familiarity: list[Figure]
    activity: list[Figure]
    seniors: Seniors
    juniors: Juniors | None
    responses: list[Responses]
    checkins: dict[str, int]

    def figures(self) -> list[Figure]:
        return [*self.kpis, *self.effectiveness, *self.growth, *self.familiarity, *self.activity, *self.outcomes]

    @property
    def outcomes(self) -> list[Figure]:
        """The junior mentors' promotion and retention as figures that decision rules can name."""
        if self.juniors is None:
            return []
        mentors, months = self.juniors.mentors, self.juniors.followed_months
        kept = mentors.n - mentors.left
        how = _(
            "Junior mentors matched to a comparison group, followed for %(months)d months from the start; "
            "Wilson 95 %% interval."
        ) % {"months": months}
        return [
            _share_figure("promotion", _("Junior mentors promoted"), mentors.promoted.k, mentors.n, how, scale=False),
            _share_figure("retention", _("Junior mentors still employed"), kept, mentors.n, how, scale=False),
        ]

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures() if f.key == key), None)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class _Data:
    """The programme's data, read once."""

    def __init__(self, programme: Programme) -> None:
        self.programme = programme
        self.today = timezone.localdate()
        self.intakes = {i.employee_id: i for i in MenteeIntake.objects.filter(programme=programme)}
        self.sources = {s.kpi_id: s for s in KpiSource.objects.filter(kpi__goal__programme=programme)}
        surveys = list(Survey.objects.filter(programme=programme))
        self.surveys = {s.kind: s for s in surveys}
        self.followups = list(FollowUp.objects.filter(survey__in=surveys).select_related("survey"))
        answered = [f for f in self.followups if f.submitted is not None]
        self.mid = {
            f.employee_id: f for f in answered if f.survey.kind == SurveyKind.MIDPOINT and f.role == Role.MENTEE
        }
        self.end = {f.employee_id: f for f in answered if f.survey.kind == SurveyKind.END and f.role == Role.MENTEE}
        self.end_all = [f for f in answered if f.survey.kind == SurveyKind.END]
        self.mentors_latest = _latest(f for f in answered if f.role == Role.MENTOR)
        self.mentees_latest = {**self.mid, **self.end}

    def pairs(self, pick: str, key: str) -> tuple[list[float], list[float], list[float], list[float]]:
        """(before, after) of every mentee with both an intake score and a follow-up score; plus the mid and end
        scores of those people for the trend."""
        before, after, mid, end = [], [], [], []
        for employee_id, followup in sorted(self.mentees_latest.items()):
            intake = self.intakes.get(employee_id)
            was = getattr(intake, pick, {}).get(key) if intake else None
            now = getattr(followup, pick).get(key)
            if was is None or now is None:
                continue
            before.append(float(was))
            after.append(float(now))
            if employee_id in self.mid and (m := getattr(self.mid[employee_id], pick).get(key)) is not None:
                mid.append(float(m))
            if employee_id in self.end and (e := getattr(self.end[employee_id], pick).get(key)) is not None:
                end.append(float(e))
        return before, after, mid, end


def _latest(followups: Iterable[FollowUp]) -> dict[int, FollowUp]:
    latest: dict[int, FollowUp] = {}
    for followup in sorted(followups, key=lambda f: f.survey.opens):
        latest[followup.employee_id] = followup
    return latest


def evaluate(programme: Programme, *, full: bool) -> Evaluation:
    data = _Data(programme)
    kpis = [_kpi_figure(data, kpi) for kpi in Kpi.objects.filter(goal__programme=programme).order_by("goal_id", "pk")]
    familiarity = [
        _paired_figure(data, f"familiarity:{key}", str(label), "familiarity", key)
        for key, label in FAMILIARITY_AREAS.items()
    ]
    _holm([f for f in [*kpis, *familiarity] if f.paired is not None])
    evaluation = Evaluation(
        programme=programme,
        full=full,
        generated=timezone.now(),
        kpis=kpis,
        effectiveness=_effectiveness(data),
        growth=_growth(data),
        familiarity=familiarity,
        activity=[_sessions(programme), _commitments(programme), _ideas(programme)],
        seniors=_seniors(programme, data.today),
        juniors=_juniors(programme, data.today),
        responses=_responses(data),
        checkins=_checkins(programme, data.today),
    )
    if not full:
        for figure in evaluation.figures():
            if figure.scale is not None and figure.n < MIN_GROUP:
                _hide(figure)
    return evaluation


def _hide(figure: Figure) -> None:
    figure.hidden = True
    figure.value = figure.ci = figure.paired = None
    figure.before, figure.after, figure.trend = [], [], []


def _holm(figures: list[Figure]) -> None:
    """Holm's correction across every before/after comparison of the evaluation (Wilcoxon p-values)."""
    adjusted = stats.holm([f.paired.wilcoxon_p if f.paired else None for f in figures])
    for figure, p in zip(figures, adjusted, strict=True):
        figure.p_adjusted = p


def _kpi_figure(data: _Data, kpi: Kpi) -> Figure:
    source = data.sources.get(kpi.pk)
    kind = Source(source.source) if source else Source.MANUAL
    if kind in PAIRED_SOURCES:
        pick, key = ("kpi_scores", str(kpi.pk)) if kind == Source.SELF_RATING else ("skill_scores", source.skill)  # type: ignore[union-attr]
        figure = _paired_figure(data, f"kpi:{kpi.pk}", kpi.name, pick, key)
    elif kind == Source.MANUAL:
        figure = _manual(kpi)
    else:
        figure = _computed(data, kind)
        figure.key, figure.label = f"kpi:{kpi.pk}", kpi.name
    figure.unit = kpi.unit
    figure.source = str(kind.label)
    figure.baseline, figure.target = _float(kpi.baseline), _float(kpi.target)
    return figure


def _manual(kpi: Kpi) -> Figure:
    rows = list(Measurement.objects.filter(kpi=kpi).order_by("starts"))
    latest = rows[-1] if rows else None
    return Figure(
        key=f"kpi:{kpi.pk}",
        label=kpi.name,
        unit=kpi.unit,
        value=_float(latest.value) if latest else None,
        n=len(rows),
        how=_(
            "The latest of %(n)d values the admin entered per period (by hand or CSV); baseline and target as "
            "set on the KPI."
        )
        % {"n": len(rows)},
        trend=[(row.period, float(row.value)) for row in rows],
    )


def _paired_figure(data: _Data, key: str, label: str, pick: str, item: str) -> Figure:
    before, after, mid, end = data.pairs(pick, item)
    result = stats.paired(before, after)
    trend: list[tuple[str, float | None]] = [(_("intake"), result.before_mean)]
    trend += [(str(SurveyKind.MIDPOINT.label), stats.mean(mid).mean if mid else None)]
    trend += [(str(SurveyKind.END.label), stats.mean(end).mean if end else None)]
    return Figure(
        key=key,
        label=label,
        unit=_("score 1–5"),
        value=result.after_mean,
        n=result.n,
        how=_(
            "Each mentee's score in the latest follow-up paired with the same question in their intake "
            "(%(n)d pairs); Wilcoxon signed-rank and paired t-test, Cohen's d_z with a bootstrap CI, Holm's "
            "correction across all before/after comparisons."
        )
        % {"n": result.n},
        ci=result.change_ci,
        conclusive=result.conclusive,
        paired=result,
        before=before,
        after=after,
        trend=[(name, value) for name, value in trend if value is not None],
        scale=(1, 5),
    )


def _share_figure(key: str, label: str, k: int, n: int, how: str, *, scale: bool = True) -> Figure:
    result = stats.share(k, n)
    return Figure(
        key=key,
        label=label,
        unit="%",
        value=None if result.share is None else 100 * result.share,
        n=n,
        how=how,
        ci=None if result.ci is None else stats.Interval(100 * result.ci.low, 100 * result.ci.high),
        conclusive=result.conclusive,
        scale=(1, 5) if scale else None,
    )


def _effectiveness(data: _Data) -> list[Figure]:
    answers = data.end_all
    org = [f.effective_organisation for f in answers if f.effective_organisation is not None]
    me = [f.effective_me for f in answers if f.effective_me is not None]
    recommend = [f.recommend for f in answers if f.recommend is not None]
    how = _(
        "Share of the end-of-programme answers (mentors and mentees) rating %(what)s 4 or 5 on a scale of 1–5; "
        "Wilson 95 %% interval."
    )
    figures = [
        _share_figure(
            "effective-organisation",
            _("Effective for the organisation"),
            sum(v >= EFFECTIVE for v in org),
            len(org),
            how % {"what": _("effectiveness for the organisation")},
        ),
        _share_figure(
            "effective-me",
            _("Effective for me"),
            sum(v >= EFFECTIVE for v in me),
            len(me),
            how % {"what": _("effectiveness for themselves")},
        ),
        _share_figure(
            "recommend",
            _("Would recommend it"),
            sum(recommend),
            len(recommend),
            _("Share of the end-of-programme answers that would recommend the programme; Wilson 95 % interval."),
        ),
    ]
    figures[0].after, figures[1].after = [float(v) for v in org], [float(v) for v in me]
    figures[2].scale = (0, 1)
    return figures


def _growth(data: _Data) -> list[Figure]:
    figures = []
    for key, label in GROWTH_ITEMS.items():
        values = [float(f.growth[key]) for f in data.mentors_latest.values() if f.growth.get(key) is not None]
        result = stats.mean(values)
        figures.append(
            Figure(
                key=f"growth:{key}",
                label=str(label),
                unit=_("score 1–5"),
                value=result.mean,
                n=result.n,
                how=_(
                    "Mean of the mentors' own rating in their latest follow-up (1 = no growth, 5 = a lot); "
                    "t-based 95 % interval."
                ),
                ci=result.ci,
                conclusive=result.conclusive,
                after=values,
                scale=(1, 5),
            )
        )
    return figures


def _computed(data: _Data, kind: Source) -> Figure:
    if kind == Source.SESSIONS:
        return _sessions(data.programme)
    if kind == Source.COMMITMENTS:
        return _commitments(data.programme)
    if kind == Source.IDEAS:
        return _ideas(data.programme)
    if kind == Source.EFFECTIVE:
        return _effectiveness(data)[0]
    return _safety(data.programme)


def _sessions(programme: Programme) -> Figure:
    due = MentoringSession.objects.filter(mentorship__programme=programme, starts_at__lte=timezone.now())
    rows = [(timezone.localtime(at).strftime("%Y-%m"), state) for at, state in due.values_list("starts_at", "state")]
    planned, held = len(rows), sum(state == SessionState.HELD for _month, state in rows)
    figure = _share_figure(
        "sessions",
        _("Sessions held"),
        held,
        planned,
        _("Sessions marked held, of all %(n)d sessions planned up to today (cancelled ones included).")
        % {"n": planned},
        scale=False,
    )
    figure.conclusive = planned > 0
    months: dict[str, list[bool]] = {}
    for month, state in sorted(rows):
        months.setdefault(month, []).append(state == SessionState.HELD)
    figure.trend = [(month, 100 * sum(flags) / len(flags)) for month, flags in months.items()]
    return figure


def _commitments(programme: Programme) -> Figure:
    rows = Commitment.objects.filter(mentorship__programme=programme).exclude(state=Commitment.State.DROPPED)
    made, done = rows.count(), rows.filter(state=Commitment.State.DONE).count()
    figure = _share_figure(
        "commitments",
        _("Commitments done"),
        done,
        made,
        _("Commitments the mentees marked done, of the %(n)d they made (dropped ones left out).") % {"n": made},
        scale=False,
    )
    figure.conclusive = made > 0
    return figure


def _ideas(programme: Programme) -> Figure:
    days = sorted(Idea.objects.filter(mentorship__programme=programme).values_list("created", flat=True))
    by_month = Counter(timezone.localtime(day).strftime("%Y-%m") for day in days)
    running, trend = 0, []
    for month in sorted(by_month):
        running += by_month[month]
        trend.append((month, float(running)))
    return Figure(
        key="ideas",
        label=_("Ideas recorded"),
        unit=_("ideas"),
        value=float(len(days)),
        n=len(days),
        how=_("Ideas the pairs recorded on the programme board, counted up month by month."),
        trend=trend,
    )


def _safety(programme: Programme) -> Figure:
    report = pulse_report(programme)
    cell = report.selected
    shown = cell is not None and cell.shown
    return Figure(
        key="safety",
        label=_("Psychological safety"),
        unit=_("score 1–7"),
        value=cell.mean if shown and cell else None,
        n=(cell.n or 0) if cell else 0,
        how=_(
            "The scale mean (Edmondson's seven items, 1–7, reverse items turned) of the latest pulse, shown only "
            "when at least the programme's threshold answered."
        ),
        conclusive=shown,
        trend=[(str(wave.opens_on), c.mean) for wave, c in report.trend if c.mean is not None],
    )


def _seniors(programme: Programme, today: dt.date) -> Seniors:
    rows = Commitment.objects.filter(mentorship__programme=programme)
    return Seniors(
        commitments=rows.exclude(state=Commitment.State.DROPPED).count(),
        done=rows.filter(state=Commitment.State.DONE).count(),
        overdue=rows.filter(state=Commitment.State.OPEN, due__lt=today).count(),
        ideas=Idea.objects.filter(mentorship__programme=programme).count(),
    )


def responses(programme: Programme) -> list[Responses]:
    """How many were invited to and answered each follow-up of the programme."""
    return _responses(_Data(programme))


def _responses(data: _Data) -> list[Responses]:
    result = []
    for survey in sorted(data.surveys.values(), key=lambda s: s.opens):
        rows = [f for f in data.followups if f.survey_id == survey.pk]
        result.append(Responses(survey, len(rows), sum(f.submitted is not None for f in rows)))
    return result


def _checkins(programme: Programme, today: dt.date) -> dict[str, int]:
    rows = CheckIn.objects.filter(programme=programme)
    return {
        "planned": rows.count(),
        "due": rows.filter(due__lte=today).count(),
        "held": rows.filter(held__isnull=False).count(),
        "overdue": rows.filter(held__isnull=True, due__lt=today).count(),
    }


# --- the junior mentors against a comparison group --------------------------------------------------------------


def _juniors(programme: Programme, today: dt.date) -> Juniors | None:
    start = programme.start_date
    followed = min(HORIZON_DAYS, (today - start).days)
    if followed <= 0:
        return None
    mentor_ids = sorted(set(Mentorship.objects.filter(programme=programme).values_list("mentor_id", flat=True)))
    if not mentor_ids:
        return None
    participants = Participation.objects.filter(role__in=[Role.MENTOR, Role.MENTEE]).values("employee_id")
    at_start_mentors = state_on(mentor_ids, start)
    levels = {s.level for s in at_start_mentors.values()}
    pool_ids = list(
        Employee.objects.filter(Q(hire_date__isnull=True) | Q(hire_date__lte=start))
        .exclude(pk__in=participants)
        .filter(history__as_of__lte=start, history__level__in=levels)
        .values_list("pk", flat=True)
        .distinct()
    )
    at_start_pool = {k: s for k, s in state_on(pool_ids, start).items() if s.is_active and s.level in levels}
    hired = dict(Employee.objects.filter(pk__in=[*mentor_ids, *at_start_pool]).values_list("pk", "hire_date"))

    def person(key: int, state: object) -> comparison.Person:
        hire = hired.get(key)
        return comparison.Person(key, state.level, state.department_id, None if hire is None else (start - hire).days)  # type: ignore[attr-defined]

    treated = [person(k, s) for k, s in sorted(at_start_mentors.items())]
    matched = comparison.match(treated, [person(k, s) for k, s in sorted(at_start_pool.items())])
    mentor_keys = [a for a, _b in matched.pairs]
    control_keys = [b for _a, b in matched.pairs]
    until = start + dt.timedelta(days=followed)
    everyone = [*mentor_keys, *control_keys]
    moves = changes(everyone, start, until)
    leaving = dict(Employee.objects.filter(pk__in=everyone).values_list("pk", "leave_date"))
    levels_at = {k: s.level for k, s in {**at_start_mentors, **at_start_pool}.items()}

    def group(label: str, keys: list[int]) -> Group:
        durations, left, promoted = [], [], 0
        for key in keys:
            rows = moves.get(key, [])
            promoted += any(r.level > levels_at[key] for r in rows if r.is_active)
            gone = [r.as_of for r in rows if not r.is_active]
            if (day := leaving.get(key)) is not None and start < day <= until:
                gone.append(day)
            first = min(gone) if gone else None
            durations.append(float((first - start).days if first else followed))
            left.append(first is not None)
        curve = stats.survival(durations, left) if keys else None
        return Group(label, len(keys), stats.share(promoted, len(keys)), sum(left), curve, durations, left)

    mentors, controls = group(_("Junior mentors"), mentor_keys), group(_("Comparison group"), control_keys)
    return Juniors(
        start=start,
        followed_days=followed,
        mentors=mentors,
        comparison=controls,
        unmatched=len(matched.unmatched) + len(mentor_ids) - len(at_start_mentors),
        tenure_gap_days=matched.mean_tenure_gap_days,
        logrank=stats.logrank((mentors.durations, mentors.events), (controls.durations, controls.events)),
        promotion=stats.two_shares(mentors.promoted.k, mentors.n, controls.promoted.k, controls.n),
    )
