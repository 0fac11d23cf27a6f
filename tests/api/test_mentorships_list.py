"""GET /api/mentorships pages the pairs the caller may see (limit/offset, with their count); never notes."""

from __future__ import annotations

import datetime as dt

import pytest

from omkeer.accounts.models import User
from omkeer.mentorships.models import Mentorship
from omkeer.programmes.models import Participation, Role
from tests.factories import make_employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs(programme):
    return [
        Mentorship.objects.create(
            programme=programme,
            mentor=make_employee(level=2),
            mentee=make_employee(level=8),
            started=dt.date(2026, 1, 5),
        )
        for _ in range(5)
    ]


def test_the_admin_pages_through_the_programmes_pairs(pairs, admin, client_for):
    client = client_for(admin)
    first = client.get("/api/mentorships", {"limit": 2}).json()
    assert first["count"] == 5 and [row["id"] for row in first["items"]] == [pairs[0].pk, pairs[1].pk]
    rest = client.get("/api/mentorships", {"limit": 10, "offset": 2}).json()
    assert [row["id"] for row in rest["items"]] == [pair.pk for pair in pairs[2:]]
    assert {"stage", "sessions", "mentor", "mentee"} <= set(first["items"][0]) and "notes" not in first["items"][0]


def test_a_partner_sees_only_their_own_pair(pairs, programme, client_for):
    Participation.objects.create(programme=programme, employee=pairs[3].mentor, role=Role.MENTOR)
    mentor = User.objects.create_user(username="m@example.com", email="m@example.com", employee=pairs[3].mentor)
    answer = client_for(mentor).get("/api/mentorships").json()
    assert answer["count"] == 1 and [row["id"] for row in answer["items"]] == [pairs[3].pk]


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": "x"}, {"offset": -1}, {"offset": 2**64}])
def test_a_bad_window_is_a_422_that_names_it(pairs, admin, client_for, query):
    answer = client_for(admin).get("/api/mentorships", query)
    assert answer.status_code == 422
    assert next(iter(query)) in answer.content.decode()
