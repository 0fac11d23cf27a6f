import datetime as dt

from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from omkeer.board import services
from omkeer.board.models import Meetup, Post
from omkeer.programmes.models import Programme

router = Router(tags=["board"])


class PostOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    author: str
    created: dt.datetime
    edited: dt.datetime | None
    hidden: bool
    comments: int


class MeetupOut(Schema):
    id: int
    starts_at: dt.datetime
    minutes: int
    place: str
    video_link: str
    agenda: str
    state: str
    sequence: int
    attended: int | None


class IdeaCountsOut(Schema):
    recorded: int
    published: int
    pairs: int


def _programme(request: HttpRequest, programme_id: int) -> Programme:
    return get_object_or_404(Programme.objects.visible_to(request.user), pk=programme_id)


@router.get("/programmes/{programme_id}/posts", response=list[PostOut])
def list_posts(request: HttpRequest, programme_id: int) -> list[dict[str, object]]:
    """The programme's board, newest first: what authors chose to publish. Hidden posts only for the programme's
    admins and their author."""
    programme = _programme(request, programme_id)
    posts = (
        Post.objects.visible_to(request.user)
        .filter(programme=programme)
        .select_related("author")
        .annotate(comment_count=Count("comments"))
        .order_by("-created", "-id")
    )
    return [
        {
            "id": post.pk,
            "kind": post.kind,
            "title": post.title,
            "body": post.body,
            "author": post.author.employee_id,
            "created": post.created,
            "edited": post.edited,
            "hidden": post.is_hidden,
            "comments": post.comment_count,  # type: ignore[attr-defined]
        }
        for post in posts
    ]


@router.get("/programmes/{programme_id}/meetups", response=list[MeetupOut])
def list_meetups(request: HttpRequest, programme_id: int) -> list[dict[str, object]]:
    """The mentor meet-ups of a programme, for its mentors, coaches and admins; attendance once recorded."""
    programme = _programme(request, programme_id)
    if not (services.coordinates(request.user, programme) or services.mentors_in(request.user, programme)):
        raise HttpError(403, "Meet-ups are for the programme's mentors, coaches and admins.")
    meetups = Meetup.objects.filter(programme=programme).annotate(attended=Count("attendance")).order_by("starts_at")
    return [
        {
            "id": meetup.pk,
            "starts_at": meetup.starts_at,
            "minutes": meetup.minutes,
            "place": meetup.place,
            "video_link": meetup.video_link,
            "agenda": meetup.agenda,
            "state": meetup.state,
            "sequence": meetup.sequence,
            "attended": meetup.attended if meetup.attendance_recorded else None,  # type: ignore[attr-defined]
        }
        for meetup in meetups
    ]


@router.get("/programmes/{programme_id}/idea-counts", response=IdeaCountsOut)
def idea_counts(request: HttpRequest, programme_id: int) -> dict[str, int]:
    """How many ideas the programme's pairs recorded and published (the innovation KPI): counts, never text."""
    programme = _programme(request, programme_id)
    if not services.coordinates(request.user, programme):
        raise HttpError(403, "Idea counts are for the programme admin and its coaches.")
    return services.idea_counts(programme)
