"""Every mentorship page renders with exactly one <h1>, in English and Dutch, for who may open it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.test_access_matrix import build_world


@pytest.fixture
def world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff):
    return build_world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff)


PAGES = [
    ("mentor", "mentorships:list", None),
    ("mentor", "mentorships:detail", "pair"),
    ("mentee", "mentorships:detail", "pair"),
    ("mentor", "mentorships:agreement-propose", "pair"),
    ("mentor", "mentorships:session-plan", "pair"),
    ("mentee", "mentorships:session-detail", "pair_session"),
    ("mentor", "mentorships:session-edit", "pair_session"),
    ("admin", "mentorships:list", None),
    ("admin", "mentorships:detail", "pair"),
    ("coach", "mentorships:detail", "pair"),
    ("admin", "mentorships:end", "pair"),
    ("admin", "mentorships:track-list", "programme"),
    ("admin", "mentorships:track-edit", "track"),
    ("outsider", "mentorships:delegate-sessions", None),
]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_mentorship_page_has_one_h1(language, world, client_for):
    users, kwargs = world
    for persona, name, builder in PAGES:
        client = client_for(users[persona])
        client.post(reverse("set_language"), {"language": language})
        response = client.get(reverse(name, kwargs=kwargs[builder] if builder else None))
        assert response.status_code == 200, (persona, name)
        html = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, (persona, name)
        assert f'<html lang="{language}">' in html


def test_the_dutch_pair_page_speaks_dutch(world, client_for):
    users, kwargs = world
    client = client_for(users["mentor"])
    client.post(reverse("set_language"), {"language": "nl"})
    html = client.get(reverse("mentorships:detail", kwargs=kwargs["pair"])).content.decode()
    assert "Tijdlijn" in html and "Volgende stap" in html and "Timeline" not in html
