"""Every board page renders with exactly one <h1>, in English and Dutch, for who may open it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from omkeer.board.models import Attendance, Meetup, Post
from tests.test_access_matrix import build_world


@pytest.fixture
def world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff):
    users, kwargs = build_world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff)
    past = Meetup.objects.create(
        programme=programme, starts_at=timezone.now() - dt.timedelta(days=30), minutes=90, place="Auditorium"
    )
    Attendance.objects.create(meetup=past, mentor=mentor.employee)
    hidden = Post.objects.create(
        programme=programme, author=mentor.employee, kind="note", title="Hidden", body="…", hidden_at=timezone.now()
    )
    kwargs |= {"past_meetup": {"pk": past.pk}, "hidden_post": {"pk": hidden.pk}}
    return users, kwargs


PAGES = [
    ("mentor", "board:index", None),
    ("mentor", "board:board", "programme"),
    ("admin", "board:board", "programme"),
    ("mentor", "board:post-create", "programme"),
    ("mentee", "board:post-detail", "post"),
    ("admin", "board:post-detail", "post"),
    ("mentor", "board:post-detail", "hidden_post"),
    ("mentor", "board:post-edit", "post"),
    ("mentor", "board:note-publish", "pair_note"),
    ("mentee", "board:idea-create", "pair"),
    ("mentee", "board:idea-publish", "idea"),
    ("mentor", "board:meetup-list", "programme"),
    ("coach", "board:meetup-list", "programme"),
    ("coach", "board:meetup-create", "programme"),
    ("mentor", "board:meetup-detail", "meetup"),
    ("coach", "board:meetup-detail", "past_meetup"),
    ("coach", "board:meetup-edit", "meetup"),
    ("mentor", "mentorships:detail", "pair"),  # with the ideas card
    ("coach", "mentorships:detail", "pair"),
]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_board_page_has_one_h1(language, world, client_for):
    users, kwargs = world
    for persona, name, builder in PAGES:
        client = client_for(users[persona])
        client.post(reverse("set_language"), {"language": language})
        response = client.get(reverse(name, kwargs=kwargs[builder] if builder else None))
        assert response.status_code == 200, (persona, name)
        html = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, (persona, name)
        assert f'<html lang="{language}">' in html
        assert "style=" not in html.split("<main", 1)[1], (persona, name)  # strict CSP: no inline styles


def test_the_dutch_board_speaks_dutch(world, client_for):
    users, kwargs = world
    client = client_for(users["admin"])
    client.post(reverse("set_language"), {"language": "nl"})
    html = client.get(reverse("board:board", kwargs=kwargs["programme"])).content.decode()
    assert "Prikbord van" in html and "ideeën vastgelegd" in html and "Board of" not in html
