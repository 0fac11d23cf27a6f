"""Ideas: either partner records one; the pair reads it, coordinators count it; only its author publishes it."""

from __future__ import annotations

import re

from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.board.models import Idea, Post

IDEA = {"title": "Director update as a video", "description": "Two minutes on a phone instead of a long email."}


def record(client, pair, **data):
    return client.post(reverse("board:idea-create", args=[pair.pk]), {**IDEA, **data})


def stat(html, label):
    """The number in the stat box with this label."""
    match = re.search(rf'stat__value">(\d+)</span><span class="stat__label">{label}<', html)
    assert match, label
    return int(match.group(1))


def test_a_partner_records_an_idea_the_pair_reads(pair, mentor, mentee, client_for):
    response = record(client_for(mentee), pair)
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(pair.get_absolute_url())
    assert (idea.author, idea.mentorship, idea.post) == (mentee.employee, pair, None)
    assert AuditEntry.objects.get(action="board.idea-record").actor == mentee
    for partner in (mentor, mentee):
        html = client_for(partner).get(pair.get_absolute_url()).content.decode()
        assert IDEA["title"] in html and IDEA["description"] in html


def test_coordinators_see_counts_never_the_idea(pair, mentee, coach, admin, staff, client_for):
    record(client_for(mentee), pair)
    for user in (coach, admin, staff):
        html = client_for(user).get(pair.get_absolute_url()).content.decode()
        assert "1 idea recorded, 0 published to the board." in html
        assert IDEA["title"] not in html and IDEA["description"] not in html
        board = client_for(user).get(reverse("board:board", args=[pair.programme_id])).content.decode()
        assert IDEA["title"] not in board


def test_coordinators_cannot_record_ideas(pair, coach, admin, client_for):
    for user in (coach, admin):
        assert record(client_for(user), pair).status_code == 403
    assert not Idea.objects.exists()


def test_an_idea_needs_a_title_and_a_description(pair, mentor, client_for):
    response = record(client_for(mentor), pair, title="", description="  ")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "description"}
    assert not Idea.objects.exists()


def test_the_author_publishes_the_idea_the_partner_cannot(pair, mentor, mentee, client_for):
    record(client_for(mentee), pair)
    idea = Idea.objects.get()
    url = reverse("board:idea-publish", args=[idea.pk])
    assert client_for(mentor).get(url).status_code == 403
    assert client_for(mentor).post(url, {"title": "Mine now", "body": "x"}).status_code == 403
    assert not Post.objects.exists()

    page = client_for(mentee).get(url).content.decode()
    assert IDEA["description"] in page  # the form starts from the idea
    response = client_for(mentee).post(url, {"title": IDEA["title"], "body": IDEA["description"] + " Let's try."})
    post = Post.objects.get()
    assert response.status_code == 302 and (post.kind, post.author) == ("idea", mentee.employee)
    idea.refresh_from_db()
    assert idea.post == post
    again = client_for(mentee).post(url, {"title": "Again", "body": "x"})
    assert "already on the board" in str(again.context["form"].non_field_errors())
    assert Post.objects.count() == 1


def test_the_admin_counts_ideas_and_published_ideas_on_the_board(pair, mentor, mentee, admin, coach, client_for):
    record(client_for(mentee), pair)
    record(client_for(mentor), pair, title="Teams channel")
    idea = Idea.objects.get(title=IDEA["title"])
    client_for(mentee).post(reverse("board:idea-publish", args=[idea.pk]), {"title": "Video", "body": "Short."})
    board = reverse("board:board", args=[pair.programme_id])
    for user in (admin, coach):
        html = client_for(user).get(board).content.decode()
        assert stat(html, "ideas recorded") == 2 and stat(html, "ideas published") == 1
        assert stat(html, "pairs with ideas") == 1
        assert '<rect width="1" height="1"/>' in html  # the published bar, one of two
    assert "ideas recorded" not in client_for(mentor).get(board).content.decode()


def test_withdrawing_a_published_idea_gives_it_back_to_the_pair(pair, mentee, client_for):
    record(client_for(mentee), pair)
    idea = Idea.objects.get()
    client_for(mentee).post(reverse("board:idea-publish", args=[idea.pk]), {"title": "Video", "body": "Short."})
    client_for(mentee).post(reverse("board:post-withdraw", args=[Post.objects.get().pk]))
    idea.refresh_from_db()
    assert idea.post is None and not Post.objects.exists()


def test_an_outsider_pair_page_is_not_found(pair, other_mentor, client_for):
    assert client_for(other_mentor).get(reverse("board:idea-create", args=[pair.pk])).status_code == 404
