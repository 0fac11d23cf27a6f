"""The demo's first cohort is evaluated with enough data for a meaningful dashboard, recommendation and report;
the demo mentor and mentee have their end follow-up still to answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from omkeer.accounts.models import User
from omkeer.demo.mentorships import COHORT_NAME
from omkeer.demo.people import HR_EMAIL, MENTEE_EMAIL, build_demo
from omkeer.evaluation import report, services
from omkeer.evaluation.models import Outcome
from omkeer.people.models import EmployeeHistory
from omkeer.programmes.models import Programme


@pytest.fixture
def cohort(db):
    build_demo()
    return Programme.objects.get(name=COHORT_NAME)


def test_the_first_cohort_has_figures_to_decide_on(cohort):
    built = report.build(cohort)
    e = built.evaluation
    paired = [f for f in e.kpis if f.paired is not None]
    assert paired and all(f.n >= 5 and f.conclusive and f.paired.mean_change > 0 for f in paired)
    assert all(f.n >= 5 and f.value is not None for f in e.effectiveness)
    assert all(f.trend for f in e.kpis if f.source.startswith("Entered"))
    assert e.juniors is not None and e.juniors.mentors.n >= 5 and e.juniors.comparison.n == e.juniors.mentors.n
    assert e.checkins["held"] > 0 and all(r.answered >= 5 for r in e.responses)
    assert built.recommendation.outcome == Outcome.EXTEND and built.recommendation.deciding
    assert EmployeeHistory.objects.values("as_of").distinct().count() >= 2  # an earlier import and later ones


def test_the_demo_mentee_has_a_follow_up_to_answer(cohort, client_for):
    mentee = User.objects.get(username=MENTEE_EMAIL)
    open_ones = services.open_followups(mentee.employee, cohort)
    assert open_ones and open_ones[0].submitted is None
    page = client_for(mentee).get(reverse("evaluation:followup", args=[cohort.pk]))
    assert page.status_code == 200 and "How did it go?" in page.text


def test_the_demo_dashboard_and_report_render(cohort, client_for):
    client = client_for(User.objects.get(username=HR_EMAIL))
    page = client.get(reverse("evaluation:dashboard", args=[cohort.pk]))
    assert page.status_code == 200 and "Extend the pilot" in page.text
    assert client.get(reverse("evaluation:report-file", args=[cohort.pk, "csv"])).status_code == 200
