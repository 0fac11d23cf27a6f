"""The board through the real views: publishing one's own note (never the partner's), sharing learnings,
comments, editing and withdrawing, hiding by the programme admin; bad input changes nothing."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.board.models import Comment, Post
from omkeer.programmes.models import Role
from tests.board.conftest import MENTEE_NOTE, MENTOR_NOTE
from tests.factories import make_participant

EDITED = "We set up a LinkedIn search for customers in logistics. Tip: start from one real customer."


def publish(client, note, **data):
    return client.post(reverse("board:note-publish", args=[note.pk]), {"title": "LinkedIn search", **data})


def board_html(client, programme):
    response = client.get(reverse("board:board", args=[programme.pk]))
    assert response.status_code == 200
    return response.content.decode()


def errors_of(response, form="form"):
    return {name: list(errors) for name, errors in response.context[form].errors.items()}


# --- publishing a note -------------------------------------------------------------------------------------------


def test_the_author_publishes_an_edited_copy_of_their_note(
    mentor_note, programme, mentor, mentee, coach, admin, other_mentor, client_for
):
    page = client_for(mentor).get(reverse("board:note-publish", args=[mentor_note.pk]))
    assert page.status_code == 200 and MENTOR_NOTE in page.content.decode()  # the form starts from the note

    response = publish(client_for(mentor), mentor_note, body=EDITED)
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert (post.kind, post.author, post.title, post.body) == ("note", mentor.employee, "LinkedIn search", EDITED)
    assert post.source_note == mentor_note and post.programme == programme
    mentor_note.refresh_from_db()
    assert mentor_note.text == MENTOR_NOTE  # the private note is unchanged
    entry = AuditEntry.objects.get(action="board.post-publish")
    assert entry.actor == mentor and entry.target_id == str(post.pk)
    assert "LinkedIn" not in str(entry.data) + entry.summary  # no text in the audit log
    for reader in (mentee, coach, admin, other_mentor):
        html = board_html(client_for(reader), programme)
        assert "LinkedIn search" in html and "start from one real customer" in html
        assert "he struggles with his board" not in html  # the part the author left out stays private


def test_the_mentee_publishes_their_own_note(mentee_note, mentee, client_for):
    publish(client_for(mentee), mentee_note, body=MENTEE_NOTE)
    assert Post.objects.get().author == mentee.employee


def test_publishing_the_partners_note_is_impossible(mentor_note, mentee, client_for):
    client = client_for(mentee)
    assert client.get(reverse("board:note-publish", args=[mentor_note.pk])).status_code == 403
    assert publish(client, mentor_note, body=MENTOR_NOTE).status_code == 403
    assert not Post.objects.exists() and not AuditEntry.objects.filter(action__startswith="board.").exists()


def test_coordinators_cannot_reach_a_note_to_publish_it(mentor_note, coach, admin, staff, client_for):
    for user in (coach, admin):  # no pair role: refused by the access table
        assert publish(client_for(user), mentor_note, body="x").status_code == 403
    assert publish(client_for(staff), mentor_note, body="x").status_code == 404  # the note does not exist for them
    assert not Post.objects.exists()


def test_nothing_is_published_without_the_authors_action(mentor_note, mentee_note, programme, client_for, admin):
    assert not Post.objects.exists()
    html = board_html(client_for(admin), programme)
    assert MENTOR_NOTE not in html and MENTEE_NOTE not in html
    assert "Nothing on the board yet" in html


def test_an_empty_title_or_text_is_refused(mentor_note, mentor, client_for):
    response = client_for(mentor).post(
        reverse("board:note-publish", args=[mentor_note.pk]), {"title": "  ", "body": ""}
    )
    assert response.status_code == 200
    assert set(errors_of(response)) == {"title", "body"}
    assert not Post.objects.exists()


def test_a_note_is_published_once(mentor_note, mentor, client_for):
    publish(client_for(mentor), mentor_note, body=EDITED)
    again = publish(client_for(mentor), mentor_note, body=EDITED)
    assert "already published this note" in str(again.context["form"].non_field_errors())
    assert Post.objects.count() == 1
    page = client_for(mentor).get(reverse("board:note-publish", args=[mentor_note.pk]))
    assert page.status_code == 302 and page["Location"] == Post.objects.get().get_absolute_url()


def test_the_session_page_offers_to_publish_only_ones_own_note(mentor_note, mentee_note, mentor, mentee, client_for):
    url = reverse("mentorships:session-detail", args=[mentor_note.session_id])
    mentor_page = client_for(mentor).get(url).content.decode()
    assert reverse("board:note-publish", args=[mentor_note.pk]) in mentor_page
    assert reverse("board:note-publish", args=[mentee_note.pk]) not in mentor_page


# --- learnings, editing, withdrawing ---------------------------------------------------------------------------------


def test_a_mentor_shares_a_learning_directly(programme, mentor, mentee, client_for):
    url = reverse("board:post-create", args=[programme.pk])
    response = client_for(mentor).post(url, {"title": "Homework works", "body": "End every session with one task."})
    post = Post.objects.get()
    assert response.status_code == 302 and (post.kind, post.author) == ("learning", mentor.employee)
    assert client_for(mentee).get(url).status_code == 403  # mentees publish from their notes and ideas


def test_a_coach_cannot_post_directly(programme, coach, client_for):
    assert client_for(coach).get(reverse("board:post-create", args=[programme.pk])).status_code == 403


def test_the_author_edits_and_withdraws_their_post(programme, mentor, mentee, client_for):
    post = Post.objects.create(programme=programme, author=mentor.employee, kind="learning", title="A", body="B")
    edit = reverse("board:post-edit", args=[post.pk])
    assert client_for(mentee).post(edit, {"title": "Hijacked", "body": "x"}).status_code == 403
    assert client_for(mentor).post(edit, {"title": "Better title", "body": "B"}).status_code == 302
    post.refresh_from_db()
    assert post.title == "Better title" and post.edited is not None
    Comment.objects.create(post=post, author=mentee.employee, text="Nice")
    assert client_for(mentee).post(reverse("board:post-withdraw", args=[post.pk])).status_code == 403
    assert client_for(mentor).post(reverse("board:post-withdraw", args=[post.pk])).status_code == 302
    assert not Post.objects.exists() and not Comment.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "board.post-edit",
        "board.post-withdraw",
    ]


def test_withdraw_rejects_get(programme, mentor, client_for):
    assert client_for(mentor).get(reverse("board:post-withdraw", args=[1])).status_code == 405


# --- comments ------------------------------------------------------------------------------------------------------


def test_others_comment_and_the_author_hears_of_it(
    programme, mentor, coach, client_for, django_capture_on_commit_callbacks
):
    post = Post.objects.create(programme=programme, author=mentor.employee, kind="learning", title="A", body="B")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coach).post(reverse("board:comment-create", args=[post.pk]), {"text": "Thank you!"})
    assert response.status_code == 302
    assert Comment.objects.get().author == coach.employee
    [message] = mail.outbox
    assert message.to == [mentor.employee.email] and "Cas Coach commented on your post" in message.subject
    assert post.get_absolute_url() in message.body and post.get_absolute_url() in message.alternatives[0][0]
    page = client_for(mentor).get(post.get_absolute_url()).content.decode()
    assert "Thank you!" in page


def test_an_empty_comment_is_refused(programme, mentor, mentee, client_for):
    post = Post.objects.create(programme=programme, author=mentor.employee, kind="learning", title="A", body="B")
    response = client_for(mentee).post(reverse("board:comment-create", args=[post.pk]), {"text": " "})
    assert response.status_code == 200 and "text" in errors_of(response, "comment_form")
    assert not Comment.objects.exists()


# --- hiding ---------------------------------------------------------------------------------------------------------


def test_the_admin_hides_a_post_with_a_reason(
    programme, admin, mentor, mentee, coach, client_for, django_capture_on_commit_callbacks
):
    post = Post.objects.create(programme=programme, author=mentor.employee, kind="learning", title="Rant", body="…")
    hide = reverse("board:post-hide", args=[post.pk])
    assert client_for(coach).post(hide, {"reason": "x"}).status_code == 403  # admins moderate
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(admin).post(hide, {"reason": "Names a customer"}).status_code == 302
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_by == admin and post.hidden_reason == "Names a customer"
    entry = AuditEntry.objects.get(action="board.post-hide")
    assert entry.actor == admin and entry.summary == "Names a customer"
    [message] = mail.outbox
    assert message.to == [mentor.employee.email] and "Names a customer" in message.body
    # gone for readers; still there, marked, for its author and the admin
    assert client_for(mentee).get(post.get_absolute_url()).status_code == 404
    assert "Rant" not in board_html(client_for(mentee), programme)
    for user in (mentor, admin):
        assert "Hidden from the board" in client_for(user).get(post.get_absolute_url()).content.decode()
    assert client_for(admin).post(reverse("board:post-unhide", args=[post.pk])).status_code == 302
    assert client_for(mentee).get(post.get_absolute_url()).status_code == 200


def test_hiding_needs_a_reason(programme, admin, mentor, client_for):
    post = Post.objects.create(programme=programme, author=mentor.employee, kind="learning", title="A", body="B")
    client_for(admin).post(reverse("board:post-hide", args=[post.pk]), {"reason": ""})
    post.refresh_from_db()
    assert not post.is_hidden and not AuditEntry.objects.exists()


def test_commenting_on_a_hidden_post_is_refused(programme, admin, mentor, client_for):
    post = Post.objects.create(programme=programme, author=mentor.employee, kind="learning", title="A", body="B")
    client_for(admin).post(reverse("board:post-hide", args=[post.pk]), {"reason": "Off topic"})
    for user in (mentor, admin):  # the two who still see it
        response = client_for(user).post(reverse("board:comment-create", args=[post.pk]), {"text": "But…"})
        assert response.status_code == 200
        assert errors_of(response, "comment_form") == {
            "text": ["This post is hidden from the board; it takes no comments."]
        }
    assert not Comment.objects.exists()


# --- scope ------------------------------------------------------------------------------------------------------------


def test_a_mentor_of_another_programme_cannot_see_the_board(programme, mentor, other_programme, client_for):
    post = Post.objects.create(programme=programme, author=mentor.employee, kind="learning", title="A", body="B")
    stranger = make_participant(other_programme, Role.MENTOR)
    client = client_for(stranger)
    assert client.get(reverse("board:board", args=[programme.pk])).status_code == 404
    assert client.get(post.get_absolute_url()).status_code == 404
    assert client.post(reverse("board:comment-create", args=[post.pk]), {"text": "Hi"}).status_code == 404
    assert client.get(reverse("board:post-create", args=[programme.pk])).status_code == 404
    assert programme.name not in client.get(reverse("board:index")).content.decode()


def test_the_board_shows_the_newest_posts_first_ten_per_page(programme, mentor, client_for):
    for number in range(12):
        Post.objects.create(
            programme=programme, author=mentor.employee, kind="learning", title=f"Post {number:02d}", body="…"
        )
    first = board_html(client_for(mentor), programme)
    titles = re.findall(r">(Post \d\d)</a>", first)
    assert titles == [f"Post {n:02d}" for n in range(11, 1, -1)]
    second = client_for(mentor).get(reverse("board:board", args=[programme.pk]), {"page": 2}).content.decode()
    assert re.findall(r">(Post \d\d)</a>", second) == ["Post 01", "Post 00"]


def test_the_board_lists_the_programmes_of_the_user(programme, mentee, client_for):
    html = client_for(mentee).get(reverse("board:index")).content.decode()
    assert programme.name in html and reverse("board:board", args=[programme.pk]) in html
