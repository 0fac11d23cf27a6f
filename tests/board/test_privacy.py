"""The board never exposes what a pair did not choose to publish: a note stays private unless its author
publishes it, an idea's text stays with the pair unless its author publishes it (coordinators get counts), and a
withdrawn post is gone for everyone."""

from __future__ import annotations

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from omkeer.board.models import Idea, Post
from tests.test_access_matrix import API_MATRIX, MATRIX, NOTE_TEXT, api_url, build_world

IDEA_TEXT = "An idea only the pair may read: i9-secret"


@pytest.fixture
def world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff):
    users, kwargs = build_world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff)
    Idea.objects.filter(pk=kwargs["idea"]["pk"]).update(description=IDEA_TEXT)
    return users, kwargs


BOARD_PAGES = sorted(name for name, (method, *_rest) in MATRIX.items() if method == "get")
BOARD_API = sorted(key for key in API_MATRIX if key.startswith("GET "))


@pytest.mark.parametrize("persona", ["admin", "coach", "hr", "staff", "other_mentor"])
def test_no_page_or_api_shows_an_unpublished_note_or_idea_outside_the_pair(persona, world, client_for, request):
    users, kwargs = world
    user = users.get(persona) or request.getfixturevalue(persona)
    client = client_for(user)
    for name in BOARD_PAGES:
        builder = MATRIX[name][1]
        html = client.get(reverse(name, kwargs=kwargs[builder] if builder else None)).content.decode(errors="replace")
        assert NOTE_TEXT not in html and IDEA_TEXT not in html, (name, persona)
    for key in BOARD_API:
        builder = API_MATRIX[key][0]
        body = client.get(api_url(key, kwargs[builder] if builder else None)).content.decode()
        assert NOTE_TEXT not in body and IDEA_TEXT not in body, (key, persona)


def test_the_django_admin_never_shows_an_ideas_text(world, client_for):
    users, kwargs = world
    client = client_for(users["staff"])
    for model in django_admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        page = client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "i9-secret"}).content.decode()
        assert IDEA_TEXT not in page, model
    page = client.get(reverse("admin:board_idea_change", args=[kwargs["idea"]["pk"]]))
    assert page.status_code == 200 and IDEA_TEXT not in page.content.decode()


def test_the_partners_read_the_idea(world, client_for):
    users, kwargs = world
    for persona in ("mentor", "mentee"):
        page = client_for(users[persona]).get(reverse("mentorships:detail", kwargs=kwargs["pair"]))
        assert IDEA_TEXT in page.content.decode()


def test_a_published_note_shows_only_what_its_author_published(world, client_for, programme):
    users, kwargs = world
    client_for(users["mentor"]).post(
        reverse("board:note-publish", kwargs=kwargs["pair_note"]), {"title": "Shared", "body": "A cleaned-up version."}
    )
    post = Post.objects.get(kind="note")
    for persona in ("admin", "coach", "staff"):
        client = client_for(users[persona])
        html = (
            client.get(post.get_absolute_url()).content.decode()
            + client.get(reverse("board:board", args=[programme.pk])).content.decode()
        )
        assert "A cleaned-up version." in html and NOTE_TEXT not in html


def test_a_withdrawn_post_is_gone_for_everyone(world, client_for):
    users, kwargs = world
    url = reverse("board:post-detail", kwargs=kwargs["post"])
    client_for(users["mentor"]).post(reverse("board:post-withdraw", kwargs=kwargs["post"]))
    for persona in ("mentor", "mentee", "admin", "coach", "staff"):
        assert client_for(users[persona]).get(url).status_code == 404
