"""The board's pages. A programme's board is read by everyone taking part in it (404 for anyone else); its
meet-ups by its mentors, coaches and admins. Notes and ideas reach the board only through their author's own
action (the other partner gets 403). Views decode, authorise, call one service and render or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.access import board as access
from omkeer.access import programmes
from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.mentorships import get_mentorship_for_user
from omkeer.access.programmes import programmes_visible_to
from omkeer.board import services
from omkeer.board.forms import (
    AttendanceForm,
    CommentForm,
    HideForm,
    IdeaForm,
    LearningForm,
    MeetupForm,
    NotePublishForm,
    PostForm,
)
from omkeer.board.models import Meetup, Post, mentors_of
from omkeer.lib.forms import apply, submit
from omkeer.mentorships.events import CANCEL, REQUEST, calendar_file
from omkeer.mentorships.models import Mentorship
from omkeer.programmes.models import Programme

POSTS_PER_PAGE = 10
MEETUP_FIELDS = ("starts_at", "minutes", "place", "video_link", "agenda")


# --- boards ---------------------------------------------------------------------------------------------------------


@require_GET
@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The boards of the user's programmes, and the meet-ups coming up for them."""
    posts = access.posts_visible_to(request.user)
    programmes = programmes_visible_to(request.user).order_by("-start_date", "name")
    counts = {row["programme"]: row for row in posts.values("programme").annotate(n=Count("id"), last=Max("created"))}
    boards = [(programme, counts.get(programme.pk, {})) for programme in programmes]
    upcoming = access.meetups_visible_to(request.user).upcoming(timezone.now()).select_related("programme")
    return render(request, "board/index.html", {"boards": boards, "upcoming": upcoming})


@require_GET
@login_required
def board(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A programme's posts, newest first; idea counts for its coordinators; its next meet-ups for mentors."""
    programme = access.get_board_for_user(request, pk)
    posts = (
        access.posts_visible_to(request.user)
        .filter(programme=programme)
        .select_related("author")
        .annotate(comment_count=Count("comments"))
        .order_by("-created", "-id")
    )
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    coordinates = programmes.coordinates(request.user, programme)
    sees_meetups = access.sees_meetups(request.user, programme)
    context: dict[str, Any] = {
        "programme": programme,
        "page": page,
        "can_post": access.mentors_in(request.user, programme),
        "coordinates": coordinates,
        "manages": programmes.manages(request.user, programme),
        "sees_meetups": sees_meetups,
        "upcoming": programme.meetups.upcoming(timezone.now())[:3] if sees_meetups else [],
    }
    if coordinates:
        context["ideas"] = services.idea_counts(programme)
        context["meetups_held"] = programme.meetups.filter(
            state=Meetup.State.PLANNED, starts_at__lte=timezone.now()
        ).count()
    return render(request, "board/board.html", context)


# --- posts ----------------------------------------------------------------------------------------------------------


def _past_meetups(programme: Programme) -> QuerySet[Meetup]:
    return programme.meetups.filter(state=Meetup.State.PLANNED, starts_at__lte=timezone.now()).order_by("-starts_at")


@require_http_methods(["GET", "POST"])
@login_required
def post_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A mentor shares a learning directly (no note), e.g. after a meet-up."""
    programme = access.get_board_for_user(request, pk, to="post")
    meetups = _past_meetups(programme)
    form = LearningForm(request.POST or None, meetups=meetups, initial={"meetup": request.GET.get("meetup")})
    result: dict[str, Post] = {}

    def action() -> None:
        result["post"] = services.share_learning(actor=request.user, programme=programme, **form.cleaned_data)

    if request.method == "POST" and apply(form, action):
        messages.success(request, _("Shared on the board."))
        return redirect(result["post"])
    return render(request, "board/post_form.html", {"form": form, "programme": programme, "mode": "learning"})


@require_GET
@login_required
def post_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = access.get_post_for_user(request, pk)
    return _render_post(request, post, CommentForm())


def _render_post(request: AuthenticatedHttpRequest, post: Post, comment_form: CommentForm) -> HttpResponse:
    manages = programmes.manages(request.user, post.programme)
    context = {
        "post": post,
        "programme": post.programme,
        "comments": post.comments.select_related("author"),
        "comment_form": comment_form if request.user.employee_id else None,
        "is_author": post.author_id == request.user.employee_id,
        "manages": manages,
        "hide_form": HideForm() if manages and not post.is_hidden else None,
    }
    return render(request, "board/post_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def post_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = access.get_post_for_user(request, pk, to="act")
    form = PostForm(request.POST or None, initial={"title": post.title, "body": post.body})
    if request.method == "POST" and apply(
        form, lambda: services.edit_post(actor=request.user, post=post, **form.cleaned_data)
    ):
        messages.success(request, _("Your post is updated."))
        return redirect(post)
    return render(request, "board/post_form.html", {"form": form, "programme": post.programme, "post": post})


@require_POST
@login_required
def post_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = access.get_post_for_user(request, pk, to="act")
    programme_id = post.programme_id
    services.withdraw_post(actor=request.user, post=post)
    messages.success(request, _("Your post is withdrawn from the board."))
    return redirect("board:board", pk=programme_id)


@require_POST
@login_required
def post_hide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = access.get_post_for_user(request, pk, to="manage")
    form = HideForm(request.POST)
    submit(
        request,
        form,
        lambda: services.hide_post(actor=request.user, post=post, **form.cleaned_data),
        _("The post is hidden from the board. Its author has been told why."),
    )
    return redirect(post)


@require_POST
@login_required
def post_unhide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = access.get_post_for_user(request, pk, to="manage")
    try:
        services.unhide_post(actor=request.user, post=post)
        messages.success(request, _("The post is back on the board."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(post)


@require_POST
@login_required
def comment_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = access.get_post_for_user(request, pk, to="comment")
    form = CommentForm(request.POST)
    if apply(form, lambda: services.comment(actor=request.user, post=post, **form.cleaned_data)):
        messages.success(request, _("Your comment is posted."))
        return redirect(f"{post.get_absolute_url()}#comments")
    return _render_post(request, post, form)


# --- from the pair: notes and ideas -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def note_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The note's author publishes a copy (edited as they like); their partner gets 403."""
    note = access.get_note_to_publish_for_user(request, pk)
    published = Post.objects.filter(source_note=note).first()
    if published is not None and request.method == "GET":
        messages.info(request, _("You published this note before; here is the post. Edit it, or withdraw it."))
        return redirect(published)
    form = NotePublishForm(request.POST or None, initial={"body": note.text})
    result: dict[str, Post] = {}

    def action() -> None:
        result["post"] = services.publish_note(actor=request.user, note=note, **form.cleaned_data)

    if request.method == "POST" and apply(form, action):
        messages.success(request, _("Published on the board. Your note itself stays private."))
        return redirect(result["post"])
    context = {"form": form, "programme": note.mentorship.programme, "note": note, "mode": "note"}
    return render(request, "board/post_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def idea_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = get_mentorship_for_user(request, pk, to="act", queryset=Mentorship.objects.select_related("programme"))
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and apply(
        form, lambda: services.record_idea(actor=request.user, mentorship=mentorship, **form.cleaned_data)
    ):
        messages.success(request, _("Idea recorded. Only the two of you read it until you publish it."))
        return redirect(f"{mentorship.get_absolute_url()}#ideas")
    return render(request, "board/idea_form.html", {"form": form, "mentorship": mentorship})


@require_http_methods(["GET", "POST"])
@login_required
def idea_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    idea = access.get_idea_for_user(request, pk, to="act")
    form = PostForm(request.POST or None, initial={"title": idea.title, "body": idea.description})
    result: dict[str, Post] = {}

    def action() -> None:
        result["post"] = services.publish_idea(actor=request.user, idea=idea, **form.cleaned_data)

    if request.method == "POST" and apply(form, action):
        messages.success(request, _("Your idea is on the board."))
        return redirect(result["post"])
    context = {"form": form, "programme": idea.mentorship.programme, "idea": idea, "mode": "idea"}
    return render(request, "board/post_form.html", context)


# --- meet-ups -------------------------------------------------------------------------------------------------------


@require_GET
@login_required
def meetup_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = access.get_board_for_user(request, pk, to="meet")
    now = timezone.now()
    meetups = programme.meetups.annotate(attended=Count("attendance")).order_by("starts_at")
    context = {
        "programme": programme,
        "upcoming": [m for m in meetups if m.starts_at > now and not m.is_cancelled],
        "past": [m for m in reversed(meetups) if m.starts_at <= now or m.is_cancelled],
        "coordinates": programmes.coordinates(request.user, programme),
        "mentors": mentors_of(programme).count(),
    }
    return render(request, "board/meetup_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meetup_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = access.get_board_for_user(request, pk, to="coordinate")
    initial = {
        "starts_at": services.suggested_start(programme, timezone.now(), request.user.time_zone),
        "minutes": services.MEETUP_MINUTES,
        "agenda": services.default_agenda(),
    }
    form = MeetupForm(request.POST or None, initial=initial)
    result: dict[str, Meetup] = {}

    def action() -> None:
        result["meetup"] = services.schedule_meetup(actor=request.user, programme=programme, **form.cleaned_data)

    if request.method == "POST" and apply(form, action):
        messages.success(request, _("Meet-up scheduled. Every mentor of the programme received an invitation."))
        return redirect(result["meetup"])
    context = {"form": form, "programme": programme, "mentors": mentors_of(programme).count()}
    return render(request, "board/meetup_form.html", context)


@require_GET
@login_required
def meetup_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meetup = access.get_meetup_for_user(request, pk)
    return _render_meetup(request, meetup, None)


def _render_meetup(request: AuthenticatedHttpRequest, meetup: Meetup, form: AttendanceForm | None) -> HttpResponse:
    now = timezone.now()
    coordinates = programmes.coordinates(request.user, meetup.programme)
    mentors = mentors_of(meetup.programme)
    attended = list(meetup.attendees.order_by("last_name", "first_name"))
    if form is None and coordinates and meetup.has_started(now) and not meetup.is_cancelled:
        form = AttendanceForm(mentors=mentors, initial={"attended": [person.pk for person in attended]})
    context = {
        "meetup": meetup,
        "programme": meetup.programme,
        "coordinates": coordinates,
        "started": meetup.has_started(now),
        "attended": attended,
        "invited": mentors.count(),
        "attendance_form": form,
        "learnings": meetup.learnings.visible_to(request.user).select_related("author"),
        "is_mentor": access.mentors_in(request.user, meetup.programme),
    }
    return render(request, "board/meetup_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meetup_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meetup = access.get_meetup_for_user(request, pk, to="coordinate")
    form = MeetupForm(request.POST or None, initial={name: getattr(meetup, name) for name in MEETUP_FIELDS})
    if request.method == "POST" and apply(
        form, lambda: services.change_meetup(actor=request.user, meetup=meetup, **form.cleaned_data)
    ):
        messages.success(request, _("Meet-up changed. Every mentor received the updated invitation."))
        return redirect(meetup)
    context = {"form": form, "programme": meetup.programme, "meetup": meetup}
    return render(request, "board/meetup_form.html", context)


@require_POST
@login_required
def meetup_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meetup = access.get_meetup_for_user(request, pk, to="coordinate")
    try:
        services.cancel_meetup(actor=request.user, meetup=meetup)
        messages.success(request, _("Meet-up cancelled. Every mentor's calendar drops it."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(meetup)


@require_POST
@login_required
def meetup_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meetup = access.get_meetup_for_user(request, pk, to="coordinate")
    form = AttendanceForm(request.POST, mentors=mentors_of(meetup.programme))
    if apply(form, lambda: services.record_attendance(actor=request.user, meetup=meetup, **form.cleaned_data)):
        messages.success(request, _("Attendance saved."))
        return redirect(meetup)
    return _render_meetup(request, meetup, form)


@require_GET
@login_required
def meetup_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meetup = access.get_meetup_for_user(request, pk)
    method = CANCEL if meetup.is_cancelled else REQUEST
    data = calendar_file(
        [meetup],
        method=method,
        time_zone=request.user.time_zone,
        summary=services.meetup_summary(meetup),
        attendee=request.user.employee,
    )
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meetup-{meetup.starts_at:%Y-%m-%d}.ics"'
    return response
