import datetime as dt

from django.db.models import Count
from ninja import Router, Schema

from omkeer.access.board import get_board_for_user, posts_visible_to
from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.api.errors import answers
from omkeer.board import services
from omkeer.board.models import Meetup

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


@router.get("/programmes/{programme_id}/posts", response=answers({200: list[PostOut]}, 404, 422))
def list_posts(request: AuthenticatedHttpRequest, programme_id: int) -> list[dict[str, object]]:
    """The programme's board, newest first: what authors chose to publish. Hidden posts only for the programme's
    admins and their author."""
    programme = get_board_for_user(request, programme_id)
    posts = (
        posts_visible_to(request.user)
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


@router.get("/programmes/{programme_id}/meetups", response=answers({200: list[MeetupOut]}, 404, 422))
def list_meetups(request: AuthenticatedHttpRequest, programme_id: int) -> list[dict[str, object]]:
    """The mentor meet-ups of a programme, for its mentors, coaches and admins; attendance once recorded."""
    message = "Meet-ups are for the programme's mentors, coaches and admins."
    programme = get_board_for_user(request, programme_id, to="meet", message=message)
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


@router.get("/programmes/{programme_id}/idea-counts", response=answers({200: IdeaCountsOut}, 404, 422))
def idea_counts(request: AuthenticatedHttpRequest, programme_id: int) -> dict[str, int]:
    """How many ideas the programme's pairs recorded and published (the innovation KPI): counts, never text."""
    message = "Idea counts are for the programme admin and its coaches."
    programme = get_board_for_user(request, programme_id, to="coordinate", message=message)
    return services.idea_counts(programme)
