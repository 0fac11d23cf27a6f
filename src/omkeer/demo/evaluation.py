"""Evaluation in the demo: the first cohort measured. Goals and KPIs with their sources, quarterly business
figures, the mentees' intakes and two follow-ups (half-way, closed; the end, open, the demo logins' own still to
answer), check-ins every six weeks, decision rules, and HR history for a comparison group: an import dated a month
before the start and one yesterday, with hire dates, promotions and people who left.

Rows are written directly (no emails, no audit), as the services would have left them; days are relative to the
day the demo is built.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from omkeer.demo.mentorships import COHORT_NAME
from omkeer.enrolment.models import FAMILIARITY_AREAS, BlogUse, MenteeIntake, ShoppingUse, SocialUse
from omkeer.evaluation.models import (
    GROWTH_ITEMS,
    CheckIn,
    CheckInPlan,
    Comparison,
    DecisionRule,
    FollowUp,
    KpiSource,
    Measurement,
    Source,
    Survey,
    SurveyKind,
)
from omkeer.people.history import State, save_states
from omkeer.people.models import Employee, Skill
from omkeer.programmes.models import Goal, Kpi, Participation, Programme, Role

SKILL = "social_media"
TOPICS = ("social_media", "linkedin", "cloud", "mobile")
CHECKIN_WEEKS = 6
NOTES = (
    "Going well; the pair meets monthly and the mentee practises between sessions.",
    "Good rapport. The mentor would like more time for preparation in a busy month.",
    "Some doubt at the start about what to cover; the session plan helped.",
    "The mentee posted on LinkedIn for the first time and was pleased with the reactions.",
)


def build_evaluation_demo(*, admin: Employee, mentor: Employee, mentee: Employee, seed: int) -> None:
    """Fill the first cohort's evaluation; the demo `mentor` and `mentee` leave their end follow-up to answer."""
    rng = random.Random(seed * 17 + 3)
    today = timezone.localdate()
    cohort = Programme.objects.get(name=COHORT_NAME)
    if not cohort.topics.exists():
        cohort.topics.set(Skill.objects.filter(name__in=TOPICS))
    kpis = _kpis(cohort, today)
    mentees = _people(cohort, Role.MENTEE)
    mentors = _people(cohort, Role.MENTOR)
    _intakes(cohort, rng, mentees, kpis["self"])
    _followups(cohort, rng, today, mentees, mentors, kpis["self"], skip={mentor.pk, mentee.pk})
    _checkins(cohort, rng, today, [*mentors, *mentees], admin)
    _rules(cohort, kpis)
    _history(cohort, rng, today, mentors)


def _people(programme: Programme, role: str) -> list[Employee]:
    rows = Participation.objects.filter(programme=programme, role=role).select_related("employee")
    return [row.employee for row in rows.order_by("employee_id")]


def _kpis(programme: Programme, today: dt.date) -> dict[str, Kpi]:
    digital = Goal.objects.create(programme=programme, title="Senior leaders use social media with confidence")
    business = Goal.objects.create(programme=programme, title="Innovation and engagement improve")
    made = {
        "skill": Kpi.objects.create(
            goal=digital,
            name="Self-assessed social-media skill",
            unit="score 1–5",
            baseline=Decimal("2.0"),
            target=Decimal("3.0"),
        ),
        "self": Kpi.objects.create(
            goal=digital,
            name="Confidence posting about our work",
            unit="score 1–5",
            baseline=Decimal("2.0"),
            target=Decimal("3.5"),
        ),
        "sessions": Kpi.objects.create(
            goal=digital, name="Sessions held as planned", unit="%", baseline=Decimal("0"), target=Decimal("80")
        ),
        "ideas": Kpi.objects.create(
            goal=business,
            name="Innovation ideas implemented",
            unit="per quarter",
            baseline=Decimal("1"),
            target=Decimal("4"),
        ),
        "enps": Kpi.objects.create(
            goal=business, name="Employee satisfaction (eNPS)", unit="eNPS", baseline=Decimal("4"), target=Decimal("15")
        ),
        "effective": Kpi.objects.create(
            goal=business,
            name="Participants rating it effective",
            unit="%",
            baseline=Decimal("50"),
            target=Decimal("70"),
        ),
    }
    KpiSource.objects.bulk_create(
        [
            KpiSource(kpi=made["skill"], source=Source.SKILL, skill=SKILL),
            KpiSource(kpi=made["self"], source=Source.SELF_RATING),
            KpiSource(kpi=made["sessions"], source=Source.SESSIONS),
            KpiSource(kpi=made["effective"], source=Source.EFFECTIVE),
        ]
    )
    quarter = (today.month - 1) // 3
    periods = []
    for back in range(4, -1, -1):
        index = today.year * 4 + quarter - back
        year, q = divmod(index, 4)
        periods.append((f"{year}-Q{q + 1}", dt.date(year, 3 * q + 1, 1)))
    ideas, enps = ("1", "1", "2", "3", "4"), ("4", "5", "8", "11", "13")
    Measurement.objects.bulk_create(
        [
            Measurement(kpi=made["ideas"], period=p, starts=s, value=Decimal(v))
            for (p, s), v in zip(periods, ideas, strict=True)
        ]
        + [
            Measurement(kpi=made["enps"], period=p, starts=s, value=Decimal(v), note="quarterly engagement survey")
            for (p, s), v in zip(periods, enps, strict=True)
        ]
    )
    return made


def _intakes(programme: Programme, rng: random.Random, mentees: list[Employee], kpi: Kpi) -> None:
    """The cohort's mentees took the intake when they enrolled: their baseline."""
    have = set(MenteeIntake.objects.filter(programme=programme).values_list("employee_id", flat=True))
    MenteeIntake.objects.bulk_create(
        MenteeIntake(
            programme=programme,
            employee=person,
            goals="Use LinkedIn and our collaboration tools with confidence.",
            wants={SKILL: 3, "linkedin": 2},
            skill_scores={key: rng.choice([1, 2, 2, 2, 3]) for key in TOPICS},
            kpi_scores={str(kpi.pk): rng.choice([1, 2, 2, 3])},
            linkedin=rng.choice(SocialUse.values),
            facebook=rng.choice(SocialUse.values),
            blogs=rng.choice(BlogUse.values),
            online_shopping=rng.choice(ShoppingUse.values),
            familiarity={key: rng.randint(1, 3) for key in FAMILIARITY_AREAS},
            why_now="My team works online more than I do.",
            what_will_change="I will share our work online myself.",
            hours_per_week=Decimal("1.5"),
        )
        for person in mentees
        if person.pk not in have
    )


def _gain(rng: random.Random, was: int, share: float = 1.0) -> int:
    return min(5, was + round(share * rng.choices([0, 1, 2, 3], weights=[15, 45, 32, 8])[0]))


def _followups(
    programme: Programme,
    rng: random.Random,
    today: dt.date,
    mentees: list[Employee],
    mentors: list[Employee],
    kpi: Kpi,
    *,
    skip: set[int],
) -> None:
    start = programme.start_date
    mid = Survey.objects.create(
        programme=programme,
        kind=SurveyKind.MIDPOINT,
        opens=start + dt.timedelta(days=70),
        closes=start + dt.timedelta(days=84),
    )
    end = Survey.objects.create(
        programme=programme,
        kind=SurveyKind.END,
        opens=today - dt.timedelta(days=10),
        closes=today + dt.timedelta(days=4),
    )
    Survey.objects.filter(pk=mid.pk).update(sent=timezone.now() - dt.timedelta(days=(today - mid.opens).days))
    Survey.objects.filter(pk=end.pk).update(sent=timezone.now() - dt.timedelta(days=10))
    intakes = {i.employee_id: i for i in MenteeIntake.objects.filter(programme=programme)}
    now = timezone.now()
    rows = []
    for survey, share, answering in ((mid, 0.5, 0.9), (end, 1.0, 0.85)):
        for person in mentees:
            intake = intakes[person.pk]
            answered = person.pk not in skip and rng.random() < answering or survey is mid and person.pk in skip
            row = FollowUp(survey=survey, employee=person, role=Role.MENTEE)
            if answered:
                row.skill_scores = {k: _gain(rng, v, share) for k, v in intake.skill_scores.items()}
                row.kpi_scores = {k: _gain(rng, v, share * 0.8) for k, v in intake.kpi_scores.items()}
                row.familiarity = {k: _gain(rng, v, share * 0.7) for k, v in intake.familiarity.items()}
                row.submitted = now - dt.timedelta(days=(today - survey.opens).days - 2)
                _rate(rng, row, survey)
            rows.append(row)
        for person in mentors:
            answered = person.pk not in skip and rng.random() < answering or survey is mid and person.pk in skip
            row = FollowUp(survey=survey, employee=person, role=Role.MENTOR)
            if answered:
                row.growth = {k: rng.choice([3, 3, 4, 4, 4, 5]) for k in GROWTH_ITEMS}
                row.submitted = now - dt.timedelta(days=(today - survey.opens).days - 3)
                _rate(rng, row, survey)
            rows.append(row)
    FollowUp.objects.bulk_create(rows)


def _rate(rng: random.Random, row: FollowUp, survey: Survey) -> None:
    if survey.kind == SurveyKind.END:
        row.effective_organisation = rng.choice([3, 4, 4, 4, 5, 5])
        row.effective_me = rng.choice([3, 4, 4, 5, 5, 5])
        row.recommend = rng.random() < 0.85


def _checkins(
    programme: Programme, rng: random.Random, today: dt.date, people: list[Employee], admin: Employee
) -> None:
    first = programme.start_date + dt.timedelta(days=14)
    CheckInPlan.objects.create(programme=programme, every_weeks=CHECKIN_WEEKS, first=first)
    roles = dict(
        Participation.objects.filter(programme=programme, role__in=[Role.MENTOR, Role.MENTEE]).values_list(
            "employee_id", "role"
        )
    )
    user = getattr(admin, "user", None)
    rows = []
    due = first
    while due <= programme.end_date:
        for person in people:
            row = CheckIn(programme=programme, employee=person, role=roles[person.pk], due=due)
            if due < today - dt.timedelta(days=7) or (due < today and rng.random() < 0.6):
                row.held = due + dt.timedelta(days=rng.randint(0, 3))
                row.personal_growth, row.knowledge, row.relationship = (rng.choice([3, 4, 4, 5]) for _ in range(3))
                row.notes = rng.choice(NOTES)
                row.concerns = "" if rng.random() < 0.85 else "Finding time in a busy quarter."
                row.recorded_by = user
            rows.append(row)
        due += dt.timedelta(weeks=CHECKIN_WEEKS)
    CheckIn.objects.bulk_create(rows)


def _rules(programme: Programme, kpis: dict[str, Kpi]) -> None:
    DecisionRule.objects.bulk_create(
        [
            DecisionRule(
                programme=programme,
                metric=f"kpi:{kpis['skill'].pk}",
                comparison=Comparison.AT_LEAST,
                threshold=Decimal("1"),
                ci_clear=True,
                essential=True,
                position=0,
            ),
            DecisionRule(
                programme=programme,
                metric="effective-organisation",
                comparison=Comparison.AT_LEAST,
                threshold=Decimal("70"),
                position=1,
            ),
            DecisionRule(
                programme=programme,
                metric="sessions",
                comparison=Comparison.AT_LEAST,
                threshold=Decimal("80"),
                position=2,
            ),
        ]
    )


def _history(programme: Programme, rng: random.Random, today: dt.date, mentors: list[Employee]) -> None:
    """Hire dates for everyone; an import a month before the start and one yesterday. Between them some juniors
    were promoted (more of the mentors) and some left (fewer of the mentors)."""
    everyone = list(Employee.objects.order_by("pk"))
    for person in everyone:
        years = rng.uniform(0.4, 4.0) if person.level <= 3 else rng.uniform(3.0, 20.0)
        person.hire_date = today - dt.timedelta(days=round(365 * years) + 180)
    Employee.objects.bulk_update(everyone, ["hire_date"])
    before, after = programme.start_date - dt.timedelta(days=30), today - dt.timedelta(days=1)
    participants = set(
        Participation.objects.filter(role__in=[Role.MENTOR, Role.MENTEE]).values_list("employee_id", flat=True)
    )
    managers = set(Employee.objects.exclude(manager=None).values_list("manager_id", flat=True))
    mentor_ids = {m.pk for m in mentors}
    earlier: dict[int, State] = {}
    later: dict[int, State] = {}
    leavers: list[Employee] = []
    for person in everyone:
        state = State(before, person.level, person.department_id, person.team_id, person.is_active)
        junior = 2 <= person.level <= 3
        promoted_chance = 0.45 if person.pk in mentor_ids else 0.12 if junior and person.pk not in participants else 0
        if person.level >= 2 and rng.random() < promoted_chance:
            state = State(before, person.level - 1, person.department_id, person.team_id, True)
            moved = today - dt.timedelta(days=rng.randint(2, max(3, (today - programme.start_date).days - 5)))
            later[person.pk] = State(moved, person.level, person.department_id, person.team_id, True)
        leave_chance = 0.03 if person.pk in mentor_ids else 0.12
        if (
            person.level <= 3
            and person.pk not in managers
            and person.pk not in participants | mentor_ids
            and person.pk not in later
            and rng.random() < leave_chance
        ):
            person.is_active = False
            person.leave_date = programme.start_date + dt.timedelta(
                days=rng.randint(10, (today - programme.start_date).days - 2)
            )
            leavers.append(person)
            later[person.pk] = State(after, person.level, person.department_id, person.team_id, False)
        earlier[person.pk] = state
    save_states(earlier)
    save_states(later)
    Employee.objects.bulk_update(leavers, ["is_active", "leave_date"])
