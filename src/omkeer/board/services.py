"""Verbs of the board, the ideas and the mentor meet-ups.

Who may act is decided here, not in the views: only a note's author publishes it (their partner cannot, however
they ask), only a post's author edits or withdraws it, only the programme's admins hide one, only the pair
records ideas and only an idea's author publishes it; the programme admin or a coach schedules meet-ups and
records who came. Each verb runs in one transaction and audits inside it (never with the text of a note or an
idea); emails are rendered inside and sent after commit, so a rolled-back change mails nobody.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.board.models import (
    BODY_LENGTH,
    COMMENT_LENGTH,
    IDEA_LENGTH,
    TITLE_LENGTH,
    Attendance,
    Comment,
    Idea,
    Meetup,
    Post,
    mentors_of,
)
from omkeer.lib import ics as lib_ics
from omkeer.lib.notices import Attachment, Compose, Notice, notify, time_zone_of, when
from omkeer.mentorships.events import CANCEL, MAX_SESSION_MINUTES, MIN_SESSION_MINUTES, REQUEST
from omkeer.mentorships.models import Mentorship, Note
from omkeer.people.models import Employee
from omkeer.programmes.models import Programme
from omkeer.programmes.services import require_admin

MEETUP_MINUTES = 90
MEETUP_HOUR = 16


# --- who is who ----------------------------------------------------------------------------------------------------


def _employee(actor: User) -> int:
    """The actor's employee id: writing on the board takes a person, not a bare login."""
    if not actor.is_authenticated or actor.employee_id is None:
        raise PermissionDenied
    return int(actor.employee_id)


def _coordinator(actor: User, programme: Programme) -> None:
    """Only the programme's admins and coaches schedule and change its meet-ups."""
    if not Programme.objects.coordinated_by(actor).filter(pk=programme.pk).exists():
        raise PermissionDenied


def _takes_part(actor: User, programme: Programme) -> int:
    """The actor's employee id, if they take part in the programme."""
    employee = _employee(actor)
    if not Programme.objects.visible_to(actor).filter(pk=programme.pk).exists():
        raise PermissionDenied
    return employee


# --- text ------------------------------------------------------------------------------------------------------------


def _clean(values: dict[str, tuple[str, int, str]]) -> dict[str, str]:
    """Strip each field; refuse empty or too long ones, naming every field at once. `values` maps a field to
    (text, longest allowed, message when empty)."""
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, (text, limit, empty) in values.items():
        value = text.strip()
        if not value:
            errors[name] = empty
        elif len(value) > limit:
            errors[name] = _("Keep it to %(limit)s characters; this is %(length)s.") % {
                "limit": limit,
                "length": len(value),
            }
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _post_text(title: str, body: str) -> dict[str, str]:
    return _clean(
        {
            "title": (title, TITLE_LENGTH, _("Give your post a title.")),
            "body": (body, BODY_LENGTH, _("Write what you want to share.")),
        }
    )


# --- email -----------------------------------------------------------------------------------------------------------


def meetup_summary(meetup: Meetup) -> str:
    return _("Mentor meet-up: %(programme)s") % {"programme": meetup.programme.name}


def _mail(people: Iterable[Employee], compose: Compose, *, ics: tuple[Meetup, str] | None = None) -> None:
    """Notices to `people`, with the meet-up as a calendar file in each one's zone when `ics` is given."""
    attach = None
    if ics is not None:
        meetup, method = ics

        def attach(person: Employee) -> Attachment:
            event = meetup.calendar_item(meetup_summary(meetup), attendee=person)
            return lib_ics.attachment("meetup.ics", [event], method=method, time_zone=time_zone_of(person))

    notify(people, compose, attach=attach)


# --- posts -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def publish_note(*, actor: User, note: Note, title: str, body: str) -> Post:
    """The author of a note shares it (or an edited version) with the programme: a new post, a copy. The note
    stays private and unchanged. Nobody else can publish it, their partner included."""
    if note.author_id != _employee(actor):
        raise PermissionDenied
    text = _post_text(title, body)
    if Post.objects.filter(source_note=note).exists():
        raise ValidationError(_("You have already published this note; edit that post instead."))
    post = Post.objects.create(
        programme=note.mentorship.programme, author=note.author, kind=Post.Kind.NOTE, source_note=note, **text
    )
    audit(actor=actor, action="board.post-publish", target=post, data={"kind": post.kind, "note": note.pk})
    return post


@transaction.atomic
def share_learning(*, actor: User, programme: Programme, title: str, body: str, meetup: Meetup | None = None) -> Post:
    """A mentor of the programme posts directly, e.g. what they learnt at a meet-up."""
    author = _employee(actor)
    if not mentors_of(programme).filter(pk=author).exists():
        raise PermissionDenied
    if meetup is not None and meetup.programme_id != programme.pk:
        raise ValidationError({"meetup": _("Choose a meet-up of this programme.")})
    text = _post_text(title, body)
    post = Post.objects.create(programme=programme, author_id=author, kind=Post.Kind.LEARNING, meetup=meetup, **text)
    audit(actor=actor, action="board.post-publish", target=post, data={"kind": post.kind})
    return post


def _author(actor: User, post: Post) -> None:
    if post.author_id != _employee(actor):
        raise PermissionDenied


@transaction.atomic
def edit_post(*, actor: User, post: Post, title: str, body: str) -> Post:
    """Only the author edits their post (a hidden post stays hidden)."""
    _author(actor, post)
    text = _post_text(title, body)
    post.title, post.body, post.edited = text["title"], text["body"], timezone.now()
    post.save(update_fields=["title", "body", "edited"])
    audit(actor=actor, action="board.post-edit", target=post)
    return post


@transaction.atomic
def withdraw_post(*, actor: User, post: Post) -> None:
    """The author takes their post off the board, with its comments. A published idea becomes the pair's again;
    a published note can be published anew."""
    _author(actor, post)
    audit(actor=actor, action="board.post-withdraw", target=post, data={"kind": post.kind})
    post.delete()


@transaction.atomic
def hide_post(*, actor: User, post: Post, reason: str) -> Post:
    """A programme admin hides a post from the board, saying why; the author hears it and still sees it."""
    require_admin(actor, post.programme)
    if post.is_hidden:
        raise ValidationError(_("This post is already hidden."))
    text = _clean({"reason": (reason, 300, _("Say why the post is hidden; its author reads it."))})
    post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), actor, text["reason"]
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit(actor=actor, action="board.post-hide", target=post, summary=text["reason"])

    def compose(person: Employee) -> Notice:
        return Notice(
            subject=_("Your board post was hidden"),
            paragraphs=[
                _("The programme admin hid your post “%(title)s” from the board of %(programme)s.")
                % {"title": post.title, "programme": post.programme.name},
                _("Reason: %(reason)s") % {"reason": text["reason"]},
                _("You can still read, edit or withdraw it."),
            ],
            link_text=_("Your post"),
            path=post.get_absolute_url(),
        )

    _mail([post.author], compose)
    return post


@transaction.atomic
def unhide_post(*, actor: User, post: Post) -> Post:
    """A programme admin puts a hidden post back on the board."""
    require_admin(actor, post.programme)
    if not post.is_hidden:
        raise ValidationError(_("This post is not hidden."))
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit(actor=actor, action="board.post-unhide", target=post)
    return post


@transaction.atomic
def comment(*, actor: User, post: Post, text: str) -> Comment:
    """Anyone taking part in the programme comments on a post that is on the board; its author hears of it."""
    author = _takes_part(actor, post.programme)
    if post.is_hidden:
        raise ValidationError({"text": _("This post is hidden from the board; it takes no comments.")})
    cleaned = _clean({"text": (text, COMMENT_LENGTH, _("Write a comment first."))})
    posted = Comment.objects.create(post=post, author_id=author, text=cleaned["text"])
    audit(actor=actor, action="board.comment", target=post, data={"comment": posted.pk})
    if post.author_id != author:
        name = posted.author.full_name

        def compose(person: Employee) -> Notice:
            return Notice(
                subject=_("%(name)s commented on your post") % {"name": name},
                paragraphs=[
                    _("%(name)s commented on “%(title)s” on the board of %(programme)s.")
                    % {"name": name, "title": post.title, "programme": post.programme.name}
                ],
                link_text=_("Read the comment"),
                path=post.get_absolute_url(),
            )

        _mail([post.author], compose)
    return posted


# --- ideas -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def record_idea(*, actor: User, mentorship: Mentorship, title: str, description: str) -> Idea:
    """Either partner notes an idea for the organisation that came up; the pair reads it, coordinators count it."""
    author = _employee(actor)
    if not mentorship.is_partner(author):
        raise PermissionDenied
    text = _clean(
        {
            "title": (title, TITLE_LENGTH, _("Name the idea in a few words.")),
            "description": (description, IDEA_LENGTH, _("Describe the idea in a sentence or two.")),
        }
    )
    idea = Idea.objects.create(mentorship=mentorship, author_id=author, **text)
    audit(actor=actor, action="board.idea-record", target=idea, data={"mentorship": mentorship.pk})
    return idea


@transaction.atomic
def publish_idea(*, actor: User, idea: Idea, title: str, body: str) -> Post:
    """The idea's author shares it on the programme's board (as a post of kind "idea")."""
    if idea.author_id != _employee(actor):
        raise PermissionDenied
    if idea.post_id is not None:
        raise ValidationError(_("This idea is already on the board."))
    text = _post_text(title, body)
    post = Post.objects.create(programme=idea.mentorship.programme, author=idea.author, kind=Post.Kind.IDEA, **text)
    idea.post = post
    idea.save(update_fields=["post"])
    audit(actor=actor, action="board.post-publish", target=post, data={"kind": post.kind, "idea": idea.pk})
    return post


def idea_counts(programme: Programme) -> dict[str, int]:
    """How many ideas the programme's pairs recorded and how many are on the board (the innovation KPI)."""
    ideas = Idea.objects.filter(mentorship__programme=programme)
    recorded = ideas.count()
    published = ideas.published().count()
    return {"recorded": recorded, "published": published, "pairs": ideas.values("mentorship").distinct().count()}


# --- meet-ups --------------------------------------------------------------------------------------------------------


def suggested_start(programme: Programme, now: dt.datetime, time_zone: str) -> dt.datetime:
    """Once a quarter: the first Thursday of the next quarter at 16:00 local time, after any meet-up already
    planned."""
    zone = zoneinfo.ZoneInfo(time_zone)
    planned = Meetup.objects.filter(programme=programme).upcoming(now).order_by("-starts_at")
    latest = planned.values_list("starts_at", flat=True).first()
    base = (latest or now).astimezone(zone).date()
    month = (base.month - 1) // 3 * 3 + 3  # months since January of the next quarter's first month
    first = dt.date(base.year + month // 12, month % 12 + 1, 1)
    thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    return dt.datetime.combine(thursday, dt.time(MEETUP_HOUR), tzinfo=zone)


def default_agenda() -> str:
    return "\n".join(
        [
            _("1. A round: what worked in your sessions since the last meet-up"),
            _("2. Where you got stuck, and how others handled it"),
            _("3. One learning each of us shares on the board"),
        ]
    )


def _meetup_values(starts_at: dt.datetime, minutes: int, place: str, video_link: str) -> None:
    errors: dict[str, str] = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = _("Choose a time in the future.")
    if not MIN_SESSION_MINUTES <= minutes <= MAX_SESSION_MINUTES:
        errors["minutes"] = _("A meet-up lasts between %(low)s and %(high)s minutes.") % {
            "low": MIN_SESSION_MINUTES,
            "high": MAX_SESSION_MINUTES,
        }
    if not place.strip() and not video_link.strip():
        errors["place"] = _("Give a place or a video link.")
    if errors:
        raise ValidationError(errors)


def _invite(meetup: Meetup, *, changed: bool) -> None:
    def compose(person: Employee) -> Notice:
        where = meetup.place or meetup.video_link
        paragraphs = [
            (
                _("The mentor meet-up of %(programme)s has changed. It is now on %(when)s.")
                if changed
                else _("You are invited to the mentor meet-up of %(programme)s on %(when)s.")
            )
            % {"programme": meetup.programme.name, "when": when(meetup.starts_at, person)},
            _("Where: %(place)s") % {"place": where},
            _("Mentors share what works in their sessions, and afterwards share their learnings on the board."),
        ]
        return Notice(
            subject=(_("Meet-up changed: %(when)s") if changed else _("Mentor meet-up: %(when)s"))
            % {"when": when(meetup.starts_at, person)},
            paragraphs=paragraphs,
            items=[line for line in meetup.agenda.splitlines() if line.strip()],
            link_text=_("The meet-up"),
            path=meetup.get_absolute_url(),
        )

    _mail(list(mentors_of(meetup.programme)), compose, ics=(meetup, REQUEST))


@transaction.atomic
def schedule_meetup(
    *,
    actor: User,
    programme: Programme,
    starts_at: dt.datetime,
    minutes: int,
    place: str = "",
    video_link: str = "",
    agenda: str = "",
) -> Meetup:
    """The programme admin or a coach invites every mentor of the programme (calendar file attached)."""
    _coordinator(actor, programme)
    _meetup_values(starts_at, minutes, place, video_link)
    meetup = Meetup(
        programme=programme,
        starts_at=starts_at,
        minutes=minutes,
        place=place.strip(),
        video_link=video_link.strip(),
        agenda=agenda.strip(),
        organiser_id=actor.employee_id,
        created_by=actor,
    )
    meetup.full_clean(exclude=["programme", "uid"])
    meetup.save()
    audit(actor=actor, action="board.meetup-schedule", target=meetup, data={"programme": programme.pk})
    _invite(meetup, changed=False)
    return meetup


def _planned(meetup: Meetup) -> None:
    if meetup.is_cancelled:
        raise ValidationError(_("This meet-up was cancelled."))


@transaction.atomic
def change_meetup(
    *,
    actor: User,
    meetup: Meetup,
    starts_at: dt.datetime,
    minutes: int,
    place: str = "",
    video_link: str = "",
    agenda: str = "",
) -> Meetup:
    """Change a planned meet-up; every mentor gets the update (same UID, higher SEQUENCE)."""
    _coordinator(actor, meetup.programme)
    _planned(meetup)
    if meetup.has_started(timezone.now()):
        raise ValidationError(_("This meet-up has already started; record who came instead."))
    _meetup_values(starts_at, minutes, place, video_link)
    meetup.starts_at, meetup.minutes = starts_at, minutes
    meetup.place, meetup.video_link, meetup.agenda = place.strip(), video_link.strip(), agenda.strip()
    meetup.sequence += 1
    meetup.full_clean(exclude=["programme", "uid"])
    meetup.save(update_fields=["starts_at", "minutes", "place", "video_link", "agenda", "sequence"])
    audit(actor=actor, action="board.meetup-change", target=meetup, data={"sequence": meetup.sequence})
    _invite(meetup, changed=True)
    return meetup


@transaction.atomic
def cancel_meetup(*, actor: User, meetup: Meetup) -> Meetup:
    """Call off a meet-up that has not started; every mentor's calendar drops it (METHOD:CANCEL)."""
    _coordinator(actor, meetup.programme)
    _planned(meetup)
    if meetup.has_started(timezone.now()):
        raise ValidationError(_("This meet-up has already started; it cannot be cancelled."))
    meetup.state, meetup.sequence = Meetup.State.CANCELLED, meetup.sequence + 1
    meetup.save(update_fields=["state", "sequence"])
    audit(actor=actor, action="board.meetup-cancel", target=meetup)

    def compose(person: Employee) -> Notice:
        return Notice(
            subject=_("Meet-up cancelled: %(when)s") % {"when": when(meetup.starts_at, person)},
            paragraphs=[
                _("The mentor meet-up of %(programme)s on %(when)s is cancelled.")
                % {"programme": meetup.programme.name, "when": when(meetup.starts_at, person)},
                _("The attached file removes it from your calendar."),
            ],
            link_text=_("The board"),
            path=reverse("board:board", args=[meetup.programme_id]),
        )

    _mail(list(mentors_of(meetup.programme)), compose, ics=(meetup, CANCEL))
    return meetup


@transaction.atomic
def record_attendance(*, actor: User, meetup: Meetup, attended: Iterable[Employee]) -> int:
    """After the meet-up took place, the admin or a coach ticks who came (replacing an earlier record). Only
    mentors of the programme can be ticked. Returns how many came."""
    _coordinator(actor, meetup.programme)
    _planned(meetup)
    if not meetup.has_started(timezone.now()):
        raise ValidationError(_("Record who came once the meet-up has taken place."))
    people = {person.pk: person for person in attended}
    mentors = set(mentors_of(meetup.programme).filter(pk__in=people).values_list("pk", flat=True))
    strangers = sorted(people[pk].full_name for pk in people.keys() - mentors)
    if strangers:
        raise ValidationError(
            {"attended": _("Not a mentor of this programme: %(names)s.") % {"names": ", ".join(strangers)}}
        )
    Attendance.objects.filter(meetup=meetup).delete()
    Attendance.objects.bulk_create([Attendance(meetup=meetup, mentor_id=pk) for pk in sorted(mentors)])
    meetup.attendance_recorded = timezone.now()
    meetup.save(update_fields=["attendance_recorded"])
    audit(actor=actor, action="board.meetup-attendance", target=meetup, data={"attended": len(mentors)})
    return len(mentors)
