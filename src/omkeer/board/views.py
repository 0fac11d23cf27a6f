"""The board's pages. A programme's board is read by everyone taking part in it (404 for anyone else); its
meet-ups by its mentors, coaches and admins. Notes and ideas reach the board only through their author's own
action (the other partner gets 403). Views decode, authorise, call one service and render or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.board import calendar, services
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
from omkeer.board.models import Idea, Meetup, Post, mentors_of
from omkeer.lib.forms import apply, submit
from omkeer.mentorships.models import Mentorship, Note
from omkeer.programmes.models import Programme

POSTS_PER_PAGE = 10
MEETUP_FIELDS = ("starts_at", "minutes", "place", "video_link", "agenda")


# --- objects the user may see (404) and act on (403) ------------------------------------------------------------


def _programme(request: HttpRequest, pk: int) -> Programme:
    return get_object_or_404(Programme.objects.visible_to(request.user), pk=pk)


def _post(request: HttpRequest, pk: int) -> Post:
    posts = Post.objects.visible_to(request.user).select_related("programme", "author", "meetup")
    return get_object_or_404(posts, pk=pk)


def _own_post(request: HttpRequest, pk: int) -> Post:
    post = _post(request, pk)
    if request.user.employee_id is None or post.author_id != request.user.employee_id:
        raise PermissionDenied
    return post


def _own_note(request: HttpRequest, pk: int) -> Note:
    """A note of the user's pair (404 otherwise) that they wrote themselves (403 for their partner's)."""
    notes = Note.objects.readable_by(request.user).select_related("mentorship__programme", "session")
    note = get_object_or_404(notes, pk=pk)
    if note.author_id != request.user.employee_id:
        raise PermissionDenied
    return note


def _own_pair(request: HttpRequest, pk: int) -> Mentorship:
    mentorship = get_object_or_404(Mentorship.objects.visible_to(request.user).select_related("programme"), pk=pk)
    if not mentorship.is_partner(request.user.employee_id):
        raise PermissionDenied
    return mentorship


def _own_idea(request: HttpRequest, pk: int) -> Idea:
    ideas = Idea.objects.visible_to(request.user).select_related("mentorship__programme")
    idea = get_object_or_404(ideas, pk=pk)
    if idea.author_id != request.user.employee_id:
        raise PermissionDenied
    return idea


def _meetup(request: HttpRequest, pk: int) -> Meetup:
    meetups = Meetup.objects.visible_to(request.user).select_related("programme", "organiser")
    return get_object_or_404(meetups, pk=pk)


def _coordinated_meetup(request: HttpRequest, pk: int) -> Meetup:
    meetup = _meetup(request, pk)
    if not services.coordinates(request.user, meetup.programme):
        raise PermissionDenied
    return meetup


def _sees_meetups(request: HttpRequest, programme: Programme) -> bool:
    return services.coordinates(request.user, programme) or services.mentors_in(request.user, programme)


# --- boards ---------------------------------------------------------------------------------------------------------


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The boards of the user's programmes, and the meet-ups coming up for them."""
    posts = Post.objects.visible_to(request.user)
    programmes = Programme.objects.visible_to(request.user).order_by("-start_date", "name")
    counts = {row["programme"]: row for row in posts.values("programme").annotate(n=Count("id"), last=Max("created"))}
    boards = [(programme, counts.get(programme.pk, {})) for programme in programmes]
    upcoming = Meetup.objects.visible_to(request.user).upcoming(timezone.now()).select_related("programme")
    return render(request, "board/index.html", {"boards": boards, "upcoming": upcoming})


@require_GET
@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme's posts, newest first; idea counts for its coordinators; its next meet-ups for mentors."""
    programme = _programme(request, pk)
    posts = (
        Post.objects.visible_to(request.user)
        .filter(programme=programme)
        .select_related("author")
        .annotate(comment_count=Count("comments"))
        .order_by("-created", "-id")
    )
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    coordinates = services.coordinates(request.user, programme)
    sees_meetups = _sees_meetups(request, programme)
    context: dict[str, Any] = {
        "programme": programme,
        "page": page,
        "can_post": services.mentors_in(request.user, programme),
        "coordinates": coordinates,
        "manages": services.manages(request.user, programme),
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
def post_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A mentor shares a learning directly (no note), e.g. after a meet-up."""
    programme = _programme(request, pk)
    if not services.mentors_in(request.user, programme):
        raise PermissionDenied
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
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    return _render_post(request, post, CommentForm())


def _render_post(request: HttpRequest, post: Post, comment_form: CommentForm) -> HttpResponse:
    manages = services.manages(request.user, post.programme)
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
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _own_post(request, pk)
    form = PostForm(request.POST or None, initial={"title": post.title, "body": post.body})
    if request.method == "POST" and apply(
        form, lambda: services.edit_post(actor=request.user, post=post, **form.cleaned_data)
    ):
        messages.success(request, _("Your post is updated."))
        return redirect(post)
    return render(request, "board/post_form.html", {"form": form, "programme": post.programme, "post": post})


@require_POST
@login_required
def post_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    post = _own_post(request, pk)
    programme_id = post.programme_id
    services.withdraw_post(actor=request.user, post=post)
    messages.success(request, _("Your post is withdrawn from the board."))
    return redirect("board:board", pk=programme_id)


@require_POST
@login_required
def post_hide(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not services.manages(request.user, post.programme):
        raise PermissionDenied
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
def post_unhide(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not services.manages(request.user, post.programme):
        raise PermissionDenied
    try:
        services.unhide_post(actor=request.user, post=post)
        messages.success(request, _("The post is back on the board."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(post)


@require_POST
@login_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if request.user.employee_id is None:
        raise PermissionDenied
    form = CommentForm(request.POST)
    if apply(form, lambda: services.comment(actor=request.user, post=post, **form.cleaned_data)):
        messages.success(request, _("Your comment is posted."))
        return redirect(f"{post.get_absolute_url()}#comments")
    return _render_post(request, post, form)


# --- from the pair: notes and ideas -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def note_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The note's author publishes a copy (edited as they like); their partner gets 403."""
    note = _own_note(request, pk)
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
def idea_create(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _own_pair(request, pk)
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and apply(
        form, lambda: services.record_idea(actor=request.user, mentorship=mentorship, **form.cleaned_data)
    ):
        messages.success(request, _("Idea recorded. Only the two of you read it until you publish it."))
        return redirect(f"{mentorship.get_absolute_url()}#ideas")
    return render(request, "board/idea_form.html", {"form": form, "mentorship": mentorship})


@require_http_methods(["GET", "POST"])
@login_required
def idea_publish(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _own_idea(request, pk)
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
def meetup_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    if not _sees_meetups(request, programme):
        raise PermissionDenied
    now = timezone.now()
    meetups = programme.meetups.annotate(attended=Count("attendance")).order_by("starts_at")
    context = {
        "programme": programme,
        "upcoming": [m for m in meetups if m.starts_at > now and not m.is_cancelled],
        "past": [m for m in reversed(meetups) if m.starts_at <= now or m.is_cancelled],
        "coordinates": services.coordinates(request.user, programme),
        "mentors": mentors_of(programme).count(),
    }
    return render(request, "board/meetup_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meetup_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    if not services.coordinates(request.user, programme):
        raise PermissionDenied
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
def meetup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meetup = _meetup(request, pk)
    return _render_meetup(request, meetup, None)


def _render_meetup(request: HttpRequest, meetup: Meetup, form: AttendanceForm | None) -> HttpResponse:
    now = timezone.now()
    coordinates = services.coordinates(request.user, meetup.programme)
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
        "is_mentor": services.mentors_in(request.user, meetup.programme),
    }
    return render(request, "board/meetup_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meetup_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meetup = _coordinated_meetup(request, pk)
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
def meetup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meetup = _coordinated_meetup(request, pk)
    try:
        services.cancel_meetup(actor=request.user, meetup=meetup)
        messages.success(request, _("Meet-up cancelled. Every mentor's calendar drops it."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(meetup)


@require_POST
@login_required
def meetup_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meetup = _coordinated_meetup(request, pk)
    form = AttendanceForm(request.POST, mentors=mentors_of(meetup.programme))
    if apply(form, lambda: services.record_attendance(actor=request.user, meetup=meetup, **form.cleaned_data)):
        messages.success(request, _("Attendance saved."))
        return redirect(meetup)
    return _render_meetup(request, meetup, form)


@require_GET
@login_required
def meetup_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meetup = _meetup(request, pk)
    method = calendar.CANCEL if meetup.is_cancelled else calendar.REQUEST
    data = calendar.meetup_calendar(
        meetup,
        method=method,
        time_zone=request.user.time_zone,
        summary=services.meetup_summary(meetup),
        attendee=request.user.employee,
    )
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meetup-{meetup.starts_at:%Y-%m-%d}.ics"'
    return response
