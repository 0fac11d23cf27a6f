"""What erasing a person does to the board, and what they may download of it (see `omkeer.lib.privacy`)."""

from __future__ import annotations

from typing import Any

from omkeer.board.models import Attendance, Comment, Idea, Meetup, Post
from omkeer.lib.privacy import REDACTED, Keep, Strategy, Subject, Tombstone, rows

STRATEGIES: dict[type[Any], list[Strategy]] = {
    # Posts and ideas stay as tombstones: others' comments hang on them, and the ideas KPI counts ideas.
    Post: [Tombstone("author", fields={"title": REDACTED, "body": REDACTED, "hidden_reason": REDACTED})],
    Comment: [Tombstone("author", fields={"text": REDACTED})],
    Idea: [Tombstone("author", fields={"title": REDACTED, "description": REDACTED})],
    Meetup: [Keep("a programme's meeting; its organiser and scheduler are tombstones")],
    Attendance: [Keep("who attended a meet-up, counted; the mentor is a tombstone")],
}


def export(subject: Subject) -> dict[str, Any]:
    employee = subject.employee
    if employee is None:
        return {}
    return {
        "posts": rows(Post.objects.filter(author=employee), "programme__name", "kind", "title", "body", "created"),
        "comments": rows(Comment.objects.filter(author=employee), "post_id", "text", "created"),
        "ideas": rows(Idea.objects.filter(author=employee), "mentorship_id", "title", "description", "created"),
        "meetups_attended": rows(
            Attendance.objects.filter(mentor=employee), "meetup__programme__name", "meetup__starts_at"
        ),
    }
