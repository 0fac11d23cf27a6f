"""Lists whose rows grow with the organisation run as many queries for 1,000 rows as for 10: each page is
rendered with 10 and again after 990 more are added, and the two counts must be equal. (The directory's own test
is in tests/people/test_directory.py.)"""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from omkeer.demo import scale
from omkeer.people.models import Employee
from omkeer.programmes.models import Participation, Role
from tests.factories import make_team

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _people(start: int, count: int, level: int) -> list[int]:
    team = make_team("Budget")
    before = Employee.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    Employee.objects.bulk_create(
        Employee(employee_id=f"B{n:06d}", first_name="B", last_name=f"Person {n:06d}", email=f"b{n}@example.com",
                 department=team.department, team=team, level=level)
        for n in range(start, start + count)
    )  # fmt: skip
    return list(Employee.objects.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True))


def _grow(programme, admin, start: int, count: int) -> None:
    """`count` more mentor applications, mentee intakes and pairs (with agreements and sessions) in
    `programme`, written as the scale demo writes them."""
    rng = random.Random(start)
    mentors, mentees = _people(start, count, 2), _people(start + 500_000, count, 8)
    Participation.objects.bulk_create(
        [Participation(programme=programme, employee_id=pk, role=Role.MENTOR) for pk in mentors]
        + [Participation(programme=programme, employee_id=pk, role=Role.MENTEE) for pk in mentees]
    )
    skills = ["social_media", "cloud", "ai_tools"]
    now = timezone.now()
    scale._applications(rng, programme, mentors, skills, admin, now)
    scale._intakes(rng, programme, mentees, skills)
    scale._pairs(rng, programme, list(zip(mentors, mentees, strict=True)), programme_coach(programme), admin, now)


def programme_coach(programme):
    return Participation.objects.filter(programme=programme, role=Role.ADMIN).first().employee


@pytest.mark.parametrize(
    "page",
    [
        lambda p: reverse("mentorships:list"),
        lambda p: reverse("mentorships:list") + "?stage=running",
        lambda p: reverse("enrolment:application-list", args=[p.pk]),
        lambda p: reverse("enrolment:intake-list", args=[p.pk]),
        lambda p: reverse("programmes:programme-detail", args=[p.pk]),
        lambda p: reverse("programmes:participant-list", args=[p.pk]),
        lambda p: reverse("enrolment:funnel", args=[p.pk]),
        lambda p: reverse("home"),
        lambda p: reverse("people:directory") + "?q=person",
        lambda p: "/api/people?limit=50",
        lambda p: "/api/mentorships",
    ],
    ids=[
        "pairs",
        "pairs at a stage",
        "applications",
        "intakes",
        "programme",
        "participants",
        "funnel",
        "dashboard",
        "directory search",
        "api people",
        "api mentorships",
    ],  # fmt: skip
)
def test_a_list_runs_as_many_queries_for_1000_rows_as_for_10(programme, admin, client_for, page):
    client = client_for(admin)
    _grow(programme, admin, 0, 10)
    url = page(programme)
    _queries(client, url)  # the first view fills the caches that every later view reads
    few = _queries(client, url)
    _grow(programme, admin, 10, 990)
    assert _queries(client, url) == few
