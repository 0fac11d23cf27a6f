"""The board: who reads a programme's board, writes on it, moderates it, and who sees and schedules meet-ups.

A programme's board and its posts are read by everyone taking part in the programme (404 for anyone else; a
hidden post only by its author and the programme's admins). Of those, only a mentor of the programme shares a
learning, only a post's author edits or withdraws it, only the programme's admins hide it and only a person (not
a bare login) comments. Notes and ideas are the pair's: only their author publishes them (403 for the partner).
Meet-ups are for the programme's mentors, coaches and admins; only an admin or a coach schedules and changes them.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.mentorships import notes_readable_by
from omkeer.access.programmes import coordinates, get_programme_for_user, manages
from omkeer.accounts.models import User
from omkeer.board.models import Idea, IdeaQuerySet, Meetup, MeetupQuerySet, Post, PostQuerySet, mentors_of
from omkeer.mentorships.models import Note
from omkeer.programmes.models import Programme

BoardAccess = Literal["see", "post", "meet", "coordinate"]
PostAccess = Literal["see", "act", "comment", "manage"]
IdeaAccess = Literal["see", "act"]
MeetupAccess = Literal["see", "coordinate"]


def mentors_in(user: User, programme: Programme | int) -> bool:
    """Whether the user mentors in the programme (by participation, or in an active pair): they share learnings."""
    return user.employee_id is not None and mentors_of(programme).filter(pk=user.employee_id).exists()


def sees_meetups(user: User, programme: Programme | int) -> bool:
    """The programme's mentors, coaches and admins see its meet-ups."""
    return coordinates(user, programme) or mentors_in(user, programme)


def posts_visible_to(user: User) -> PostQuerySet:
    """The posts the user reads: of the programmes they take part in, hidden ones only for author and admins."""
    return Post.objects.visible_to(user)


def ideas_visible_to(user: User) -> IdeaQuerySet:
    """The ideas whose text the user reads: those of the pairs they are a partner of."""
    return Idea.objects.visible_to(user)


def meetups_visible_to(user: User) -> MeetupQuerySet:
    """The meet-ups of the programmes where the user mentors, coaches or administers."""
    return Meetup.objects.visible_to(user)


def _is_author(user: User, author_id: int | None) -> bool:
    return user.employee_id is not None and author_id == user.employee_id


def get_board_for_user(
    request: AuthenticatedHttpRequest, pk: int, *, to: BoardAccess = "see", message: str | None = None
) -> Programme:
    """The programme whose board the user reads: one they take part in (404 otherwise); 403 (with `message`, if
    given) when they may not do what `to` asks: post (a mentor of the programme), meet (see its meet-ups: its
    mentors, coaches and admins) or coordinate (its admin or a coach: schedule meet-ups, see idea counts)."""
    programme = get_programme_for_user(request, pk)
    user = request.user
    if to == "post":
        allowed = mentors_in(user, programme)
    elif to == "meet":
        allowed = sees_meetups(user, programme)
    elif to == "coordinate":
        allowed = coordinates(user, programme)
    else:
        allowed = True
    if not allowed:
        raise PermissionDenied(message) if message else PermissionDenied
    return programme


def get_post_for_user(request: AuthenticatedHttpRequest, pk: int, *, to: PostAccess = "see") -> Post:
    """A post the user reads (404 otherwise), with its programme, author and meet-up; 403 when they may not do
    what `to` asks: act (its author: edit, withdraw), comment (a person, not a bare login) or manage (an admin
    of its programme: hide, unhide)."""
    posts = posts_visible_to(request.user).select_related("programme", "author", "meetup")
    post = get_object_or_404(posts, pk=pk)
    user = request.user
    if to == "act":
        allowed = _is_author(user, post.author_id)
    elif to == "comment":
        allowed = user.employee_id is not None
    elif to == "manage":
        allowed = manages(user, post.programme_id)
    else:
        allowed = True
    if not allowed:
        raise PermissionDenied
    return post


def get_note_to_publish_for_user(request: AuthenticatedHttpRequest, pk: int) -> Note:
    """A note of the user's pair (404 otherwise, also for coaches and admins) that they wrote themselves (403
    for their partner's), with its pair's programme and its session."""
    notes = notes_readable_by(request.user).select_related("mentorship__programme", "session")
    note = get_object_or_404(notes, pk=pk)
    if not _is_author(request.user, note.author_id):
        raise PermissionDenied
    return note


def get_idea_for_user(request: AuthenticatedHttpRequest, pk: int, *, to: IdeaAccess = "see") -> Idea:
    """An idea of the user's pair (404 otherwise), with its pair's programme; with `to="act"` (publish it) one
    they recorded themselves (403 for their partner's)."""
    ideas = ideas_visible_to(request.user).select_related("mentorship__programme")
    idea = get_object_or_404(ideas, pk=pk)
    if to == "act" and not _is_author(request.user, idea.author_id):
        raise PermissionDenied
    return idea


def get_meetup_for_user(request: AuthenticatedHttpRequest, pk: int, *, to: MeetupAccess = "see") -> Meetup:
    """A meet-up of a programme where the user mentors, coaches or administers (404 otherwise), with its
    programme and organiser; with `to="coordinate"` (change, cancel, record who came) one of a programme they
    administer or coach (403 for its mentors)."""
    meetups = meetups_visible_to(request.user).select_related("programme", "organiser")
    meetup = get_object_or_404(meetups, pk=pk)
    if to == "coordinate" and not coordinates(request.user, meetup.programme_id):
        raise PermissionDenied
    return meetup
