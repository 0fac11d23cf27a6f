"""The demo's first cohort has a board: a post its author published from a note (in new words), a learning from
the last meet-up, comments, two ideas (one published), one past meet-up with attendance and one coming up."""

from __future__ import annotations

import pytest
from django.utils import timezone

from omkeer.board.models import Comment, Idea, Meetup, Post
from omkeer.demo.mentorships import COHORT_NAME
from omkeer.demo.people import MENTEE_EMAIL, MENTOR_EMAIL, build_demo


@pytest.fixture
def demo(db):
    return build_demo()


def test_the_demo_board(demo):
    posts = Post.objects.filter(programme__name=COHORT_NAME)
    assert set(posts.values_list("kind", flat=True)) == {"note", "idea", "learning"}
    from_note = posts.get(kind="note")
    assert from_note.author.email == MENTOR_EMAIL and from_note.source_note.author == from_note.author
    assert from_note.body != from_note.source_note.text  # rewritten by its author for the programme
    assert Comment.objects.filter(post__in=posts).count() >= 4
    assert posts.get(kind="learning").meetup is not None


def test_the_demo_ideas(demo):
    ideas = Idea.objects.filter(mentorship__programme__name=COHORT_NAME)
    assert ideas.count() == 2
    published = ideas.get(post__isnull=False)
    assert published.author.email == MENTEE_EMAIL and published.post.kind == "idea"
    assert ideas.get(post__isnull=True).author.email == MENTOR_EMAIL


def test_the_demo_meetups(demo):
    now = timezone.now()
    meetups = Meetup.objects.filter(programme__name=COHORT_NAME)
    past = meetups.get(starts_at__lt=now)
    assert past.attendance_recorded and past.attendees.count() >= 3
    assert meetups.filter(starts_at__gt=now, state="planned").count() == 1
