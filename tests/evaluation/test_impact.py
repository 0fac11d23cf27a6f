"""The impact figures: before/after paired with the intake, effectiveness shares, small groups hidden from
coaches, and the junior mentors against a comparison group built from the HR history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from scipy import stats as scipy_stats

from omkeer.evaluation.impact import evaluate
from omkeer.evaluation.models import FollowUp, KpiSource, Source, Survey, SurveyKind
from omkeer.mentorships.models import MentoringSession, Mentorship
from omkeer.people.history import State, save_states
from omkeer.programmes.models import Role
from tests.evaluation.conftest import BEFORE
from tests.factories import make_employee, make_participant

AFTER = [4, 3, 3, 3, 4, 4]


@pytest.fixture
def answered(cohort, programme, kpi):
    """Everyone answered the end survey: mentees social media AFTER[i]; ratings 5,4,4,3,5,4 (org) for mentees."""
    survey = Survey.objects.create(
        programme=programme,
        kind=SurveyKind.END,
        opens=dt.date(2026, 6, 1),
        closes=dt.date(2026, 6, 30),
        sent=timezone.now(),
    )
    ratings = [5, 4, 4, 3, 5, 4]
    for i, user in enumerate(cohort["mentees"]):
        FollowUp.objects.create(
            survey=survey,
            employee=user.employee,
            role=Role.MENTEE,
            skill_scores={"social_media": AFTER[i]},
            kpi_scores={str(kpi.pk): AFTER[i]},
            familiarity={},
            effective_organisation=ratings[i],
            effective_me=4,
            recommend=i != 3,
            submitted=timezone.now(),
        )
    for user in cohort["mentors"]:
        FollowUp.objects.create(
            survey=survey,
            employee=user.employee,
            role=Role.MENTOR,
            growth={"network": 4, "engagement": 4, "leadership": 3, "speaking_up": 5},
            effective_organisation=4,
            effective_me=5,
            recommend=True,
            submitted=timezone.now(),
        )
    KpiSource.objects.create(kpi=kpi, source=Source.SKILL, skill="social_media")
    return survey


def test_the_self_assessed_skill_is_paired_with_the_intake(answered, programme, kpi):
    figure = evaluate(programme, full=True).figure(f"kpi:{kpi.pk}")
    assert figure.before == BEFORE and figure.after == AFTER
    assert figure.n == 6 and figure.conclusive
    assert figure.paired.mean_change == pytest.approx(sum(AFTER) / 6 - sum(BEFORE) / 6)
    assert figure.paired.wilcoxon_p == pytest.approx(scipy_stats.wilcoxon(AFTER, BEFORE).pvalue)
    assert figure.paired.t_p == pytest.approx(scipy_stats.ttest_rel(AFTER, BEFORE).pvalue)
    ci = scipy_stats.ttest_rel(AFTER, BEFORE).confidence_interval()
    assert (figure.ci.low, figure.ci.high) == (pytest.approx(ci.low), pytest.approx(ci.high))
    assert figure.before_counts == [(1, 1), (2, 3), (3, 2), (4, 0), (5, 0)]
    assert figure.trend[0] == ("intake", pytest.approx(sum(BEFORE) / 6))


def test_effectiveness_is_the_share_rating_4_or_5(answered, programme):
    e = evaluate(programme, full=True)
    organisation = e.figure("effective-organisation")
    # mentees 5,4,4,3,5,4 and six mentors 4: 11 of 12
    assert (organisation.n, organisation.value) == (12, pytest.approx(100 * 11 / 12))
    expected = scipy_stats.binomtest(11, 12).proportion_ci(method="wilson")
    assert organisation.ci.low == pytest.approx(100 * expected.low)
    assert e.figure("recommend").value == pytest.approx(100 * 11 / 12)
    assert e.figure("growth:speaking_up").value == 5.0


def test_holm_is_applied_across_the_before_after_figures(answered, programme, kpi):
    e = evaluate(programme, full=True)
    paired = [f for f in e.figures() if f.paired is not None and f.paired.wilcoxon_p is not None]
    assert paired and all(f.p_adjusted >= f.paired.wilcoxon_p for f in paired)


def test_coaches_see_groups_under_5_hidden_and_admins_see_them(answered, programme, admin, coach, client_for):
    FollowUp.objects.filter(role=Role.MENTEE).exclude(
        employee__first_name__in=["Senior0", "Senior1", "Senior2"]
    ).update(submitted=None)
    # 3 mentees answered: too few outside the programme's admins
    full, limited = evaluate(programme, full=True), evaluate(programme, full=False)
    skill_full = next(f for f in full.kpis)
    skill_limited = next(f for f in limited.kpis)
    assert skill_full.n == 3 and not skill_full.hidden and skill_full.verdict == "n = 3: too few to conclude"
    assert skill_limited.hidden and skill_limited.value is None and skill_limited.before == []
    assert client_for(coach).get(reverse("evaluation:dashboard", args=[programme.pk])).status_code == 200


def test_the_dashboard_shows_the_figures_with_their_notes(answered, programme, admin, client_for):
    page = client_for(admin).get(reverse("evaluation:dashboard", args=[programme.pk]))
    assert page.status_code == 200
    assert "How is this computed?" in page.text
    assert "<svg" in page.text and "style=" not in page.text.split("<main", 1)[-1]


def test_the_junior_mentors_are_compared_with_matched_non_participants(cohort, programme):
    start = programme.start_date
    mentors = [user.employee for user in cohort["mentors"]]
    pool = [make_employee(level=2, department=m.department, hire_date=dt.date(2024, 1, 1)) for m in mentors]
    pool += [make_employee(level=5, department=mentors[0].department)]  # another level: never a control
    earlier = start - dt.timedelta(days=30)
    for person in [*mentors, *pool]:
        person.hire_date = person.hire_date or dt.date(2024, 2, 1)
        person.save()
    save_states(
        {
            p.pk: State(earlier, 2 if p.level == 2 else p.level, p.department_id, p.team_id, True)
            for p in [*mentors, *pool]
        }
    )
    # three mentors promoted, one control promoted, two controls left
    promoted = {m.pk: State(start + dt.timedelta(days=60), 3, m.department_id, m.team_id, True) for m in mentors[:3]}
    promoted[pool[0].pk] = State(start + dt.timedelta(days=90), 3, pool[0].department_id, pool[0].team_id, True)
    left = {
        p.pk: State(start + dt.timedelta(days=d), 2, p.department_id, p.team_id, False)
        for p, d in ((pool[1], 40), (pool[2], 120))
    }
    save_states(promoted | left)
    juniors = evaluate(programme, full=True).juniors
    assert (juniors.mentors.n, juniors.comparison.n, juniors.unmatched) == (6, 6, 0)
    assert (juniors.mentors.promoted.k, juniors.comparison.promoted.k) == (3, 1)
    assert (juniors.mentors.left, juniors.comparison.left) == (0, 2)
    assert juniors.comparison.durations[1:3] == [40.0, 120.0] or sorted(juniors.comparison.durations)[:2] == [
        40.0,
        120.0,
    ]
    assert juniors.followed_days == (dt.date(2026, 6, 15) - start).days
    fisher = scipy_stats.fisher_exact([[3, 3], [1, 5]]).pvalue
    assert juniors.promotion.p == pytest.approx(fisher)


def test_a_participant_of_any_programme_is_never_a_control(cohort, programme, other_programme):
    start = programme.start_date
    mentor = cohort["mentors"][0].employee
    busy = make_participant(other_programme, Role.MENTEE, level=2, department=mentor.department).employee
    save_states(
        {p.pk: State(start - dt.timedelta(days=5), 2, p.department_id, p.team_id, True) for p in (mentor, busy)}
    )
    juniors = evaluate(programme, full=True).juniors
    assert juniors.comparison.n == 0 and juniors.unmatched == 6


def test_the_pages_and_the_report_speak_dutch(answered, programme, admin, coach, client_for):
    pages = [
        (admin, "evaluation:dashboard", "Werkt het?"),
        (admin, "evaluation:kpis", "waar elk cijfer vandaan komt"),
        (admin, "evaluation:surveys", "Plan een follow-up"),
        (coach, "evaluation:checkins", "Nog geen check-ins gepland."),
        (admin, "evaluation:decision", "Het pilotbesluit"),
        (admin, "evaluation:report", "Evaluatierapport"),
    ]
    for user, name, text in pages:
        client = client_for(user)
        client.post(reverse("set_language"), {"language": "nl"})
        assert text in client.get(reverse(name, args=[programme.pk])).text, name
    page = client_for(admin)
    page.post(reverse("set_language"), {"language": "nl"})
    text = page.get(reverse("evaluation:dashboard", args=[programme.pk])).text
    assert "Hoe wordt dit berekend?" in text and "How is this computed?" not in text


def test_sessions_held_month_by_month(cohort, programme):
    pair = Mentorship.objects.filter(programme=programme).first()
    plan = [
        ("2026-04-06", "held"),
        ("2026-04-13", "held"),
        ("2026-04-20", "cancelled"),
        ("2026-05-04", "held"),
        ("2026-05-11", "planned"),
        ("2026-07-06", "planned"),
    ]  # the last is after today: not due yet
    for day, state in plan:
        starts = dt.datetime.fromisoformat(f"{day}T10:00:00+00:00")
        MentoringSession.objects.create(mentorship=pair, starts_at=starts, minutes=60, state=state)
    figure = evaluate(programme, full=True).figure("sessions")
    assert (figure.n, figure.value) == (5, pytest.approx(60.0))
    assert figure.trend == [("2026-04", pytest.approx(200 / 3)), ("2026-05", pytest.approx(50.0))]
