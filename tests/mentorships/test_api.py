"""The notes API behind the access table: the view's own answers, with the table's middleware out of the way
(the table already refuses anyone without a partner role; these are the pair-level rules beneath it)."""

from __future__ import annotations

import pytest

from tests.test_access_matrix import api_url, build_world

NOTES = "GET /api/mentorships/{mentorship_id}/notes"


@pytest.fixture
def world(settings, programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "omkeer.access.middleware.AccessMiddleware"]
    return build_world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff)


@pytest.mark.parametrize("persona", ["admin", "coach"])
def test_a_coordinator_reading_the_notes_is_told_why(persona, world, client_for):
    users, kwargs = world
    response = client_for(users[persona]).get(api_url(NOTES, kwargs["pair_id"]))
    assert response.status_code == 403
    assert response.json() == {"detail": "Notes belong to the pair: only the mentor and the mentee read them."}


def test_an_outsider_does_not_learn_the_pair_exists(world, client_for):
    users, kwargs = world
    assert client_for(users["outsider"]).get(api_url(NOTES, kwargs["pair_id"])).status_code == 404
