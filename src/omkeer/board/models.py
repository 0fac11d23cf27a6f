"""A programme's discussion board, the ideas pairs record, and the mentors' meet-ups.

The board is new content: a post published from a note is a copy its author chose to make (and may have edited);
the note itself stays private to the pair and unchanged. Ideas belong to the pair until their author publishes
one; coordinators see how many there are, never what they say. Meet-ups bring a programme's mentors together,
with calendar invitations that keep one UID for life and a rising SEQUENCE, like mentoring sessions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from omkeer.mentorships.events import MAX_SESSION_MINUTES, MIN_SESSION_MINUTES, CalendarEvent
from omkeer.mentorships.models import (
    Mentorship,
    Note,
    Status,
    of_their_pairs,
)
from omkeer.people.models import Employee
from omkeer.programmes.models import Participation, Programme, Role

if TYPE_CHECKING:
    from datetime import datetime

    from omkeer.accounts.models import User

TITLE_LENGTH = 150
BODY_LENGTH = 5000
COMMENT_LENGTH = 2000
IDEA_LENGTH = 2000


def mentors_of(programme: Programme | int) -> models.QuerySet[Employee]:
    """Everyone who mentors in the programme: by participation as mentor, or in an active pair."""
    taking_part = Participation.objects.filter(programme=programme, role=Role.MENTOR).values("employee_id")
    pairing = Mentorship.objects.filter(programme=programme, status=Status.ACTIVE).values("mentor_id")
    return Employee.objects.filter(models.Q(pk__in=taking_part) | models.Q(pk__in=pairing), is_active=True).order_by(
        "last_name", "first_name", "pk"
    )


class PostQuerySet(models.QuerySet["Post"]):
    def visible_to(self, user: User) -> PostQuerySet:
        """Posts of the programmes the user takes part in. A hidden post stays visible to its author and to the
        programme's admins only."""
        if not user.is_authenticated:
            return self.none()
        posts = self.filter(programme__in=Programme.objects.visible_to(user).values("pk"))
        if user.is_superuser:
            return posts
        shown = models.Q(hidden_at__isnull=True) | models.Q(
            programme__in=Programme.objects.managed_by(user).values("pk")
        )
        if user.employee_id:
            shown |= models.Q(author_id=user.employee_id)
        return posts.filter(shown)


class Post(models.Model):
    """Something shared with the whole programme: a note its author published, an idea, or a mentor's learning."""

    class Kind(models.TextChoices):
        NOTE = "note", _("From a session")
        IDEA = "idea", _("Idea")
        LEARNING = "learning", _("Learning")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(Employee, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_LENGTH)
    body = models.TextField(_("text"), max_length=BODY_LENGTH)
    source_note = models.ForeignKey(
        Note,
        verbose_name=_("published from note"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Which note the author started from; the note itself is never shown."),
    )
    meetup = models.ForeignKey(
        "Meetup",
        verbose_name=_("after the meet-up"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learnings",
    )
    created = models.DateTimeField(_("published"), auto_now_add=True)
    edited = models.DateTimeField(_("last edited"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.CharField(_("why it is hidden"), max_length=300, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("board post")
        verbose_name_plural = _("board posts")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["programme", "-created"], name="post_programme_created")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("board:post-detail", args=[self.pk])

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Comment(models.Model):
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Employee, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), max_length=COMMENT_LENGTH)
    created = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"comment #{self.pk}"


class IdeaQuerySet(models.QuerySet["Idea"]):
    def visible_to(self, user: User) -> IdeaQuerySet:
        """An idea's text is the pair's: only its two partners read it (coordinators get counts elsewhere)."""
        return of_their_pairs(self, user)

    def published(self) -> IdeaQuerySet:
        return self.filter(post__isnull=False)


class Idea(models.Model):
    """An idea for the organisation that came up in a mentorship. Its author may publish it to the board."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="ideas"
    )
    author = models.ForeignKey(Employee, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("idea"), max_length=TITLE_LENGTH)
    description = models.TextField(_("description"), max_length=IDEA_LENGTH)
    post = models.OneToOneField(
        Post, verbose_name=_("board post"), null=True, blank=True, on_delete=models.SET_NULL, related_name="idea"
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:  # never the text: ideas are the pair's until published
        return f"idea #{self.pk}"


class MeetupQuerySet(models.QuerySet["Meetup"]):
    def visible_to(self, user: User) -> MeetupQuerySet:
        """Meet-ups of the programmes where the user mentors, coaches or administers."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if not user.employee_id:
            return self.none()
        roles = Participation.objects.filter(
            employee_id=user.employee_id, role__in=[Role.ADMIN, Role.COACH, Role.MENTOR]
        ).values("programme_id")
        pairs = Mentorship.objects.filter(mentor_id=user.employee_id, status=Status.ACTIVE).values("programme_id")
        return self.filter(models.Q(programme__in=roles) | models.Q(programme__in=pairs))

    def upcoming(self, now: datetime) -> MeetupQuerySet:
        return self.filter(state=Meetup.State.PLANNED, starts_at__gt=now).order_by("starts_at")


class Meetup(CalendarEvent):
    """A meeting of all mentors of a programme, scheduled by its admin or a coach (suggested once a quarter)."""

    uid_prefix = "meetup-"

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="meetups"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PLANNED)
    organiser = models.ForeignKey(
        Employee, verbose_name=_("organiser"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("scheduled"), auto_now_add=True)
    attendance_recorded = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    attendees: models.ManyToManyField[Employee, Attendance] = models.ManyToManyField(
        Employee, verbose_name=_("attended"), through="Attendance", related_name="meetups_attended", blank=True
    )

    objects = MeetupQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor meet-up")
        verbose_name_plural = _("mentor meet-ups")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=MIN_SESSION_MINUTES, minutes__lte=MAX_SESSION_MINUTES),
                name="meetup_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} @ {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("board:meetup-detail", args=[self.pk])

    @property
    def calendar_organizer(self) -> Employee | None:
        return self.organiser

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    def has_started(self, now: datetime) -> bool:
        return self.starts_at <= now


class Attendance(models.Model):
    meetup = models.ForeignKey(Meetup, verbose_name=_("meet-up"), on_delete=models.CASCADE, related_name="attendance")
    mentor = models.ForeignKey(Employee, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meetup", "mentor__last_name"]
        constraints = [models.UniqueConstraint(fields=["meetup", "mentor"], name="attendance_once_per_mentor")]

    def __str__(self) -> str:
        return f"{self.mentor} @ {self.meetup}"
