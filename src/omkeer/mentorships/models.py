"""Mentorships: a mentor and a mentee of a programme, from approval until the pair ends.

A pair moves through kick-off (a get-to-know meeting), an agreement (versioned ground rules both accept),
planned sessions (with ICS invitations and reminders), notes and reflections after each session, and a
"good fit?" check after the first one. Notes and fit answers belong to the pair: no admin, coach or staff
page, export, API endpoint or admin screen shows their text. Coaches and admins see dates, counts and flags.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from omkeer.lib.fields import EncryptedTextField
from omkeer.mentorships.events import MAX_SESSION_MINUTES, MIN_SESSION_MINUTES, CalendarEvent
from omkeer.people.models import Employee
from omkeer.programmes.models import CADENCE_DAYS, Cadence, Programme

_Rows = TypeVar("_Rows", bound="models.QuerySet[Any]")

if TYPE_CHECKING:
    from datetime import datetime

    from omkeer.accounts.models import User

STALLING_FACTOR = 1.5  # a pair with no session in 1.5 × its cadence is stalling
OVERDUE_AFTER = timedelta(days=2)  # ... and so is one with a session this long past, neither held nor cancelled


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


class Stage(models.TextChoices):
    """Where a pair is; computed, never stored (see `Mentorship.stage`)."""

    KICKOFF = "kickoff", _("Kick-off pending")
    AGREEMENT = "agreement", _("Agreement pending")
    RUNNING = "running", _("Meeting")
    STALLING = "stalling", _("Stalling")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


class MentorshipQuerySet(models.QuerySet["Mentorship"]):
    def visible_to(self, user: User) -> MentorshipQuerySet:
        """The user's own pairs (as mentor or mentee), the pairs they coach, and every pair of the programmes
        they administer. What of a pair each of them may see is decided per page (`access_of`)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        scope = models.Q(programme__in=Programme.objects.managed_by(user).values("pk"))
        if user.employee_id:
            scope |= (
                models.Q(mentor_id=user.employee_id)
                | models.Q(mentee_id=user.employee_id)
                | models.Q(coach_id=user.employee_id)
            )
        return self.filter(scope)

    def active(self) -> MentorshipQuerySet:
        return self.filter(status=Status.ACTIVE)

    def with_stage(self, now: datetime, stage: str = "") -> MentorshipQuerySet:
        """Each pair with `stage_value`, the value of `Mentorship.stage(now)` computed by the database from the
        pair's columns and its stored summary; only the pairs at `stage` when it is a stage."""
        frequency = Coalesce(NullIf("agreed_frequency", Value("")), "programme__cadence")
        last_day = Coalesce(TruncDate("last_held_at", tzinfo=UTC), "kickoff_held", "started")
        rows = self.alias(frequency=frequency, last_day=last_day)
        # Nothing held for more than 1.5 × the cadence c: (today - last day) > 1.5 c ⇔ last day < today - ⌊1.5 c⌋.
        quiet = Q()
        for cadence, days in CADENCE_DAYS.items():
            quiet |= Q(frequency=cadence, last_day__lt=now.date() - timedelta(days=int(STALLING_FACTOR * days)))
        stage_of = Case(
            When(status=Status.COMPLETED, then=Value(Stage.COMPLETED.value)),
            When(status=Status.ENDED_EARLY, then=Value(Stage.ENDED_EARLY.value)),
            When(quiet | Q(overdue_from__lt=now - OVERDUE_AFTER), then=Value(Stage.STALLING.value)),
            When(kickoff_held__isnull=True, then=Value(Stage.KICKOFF.value)),
            When(agreed_frequency="", then=Value(Stage.AGREEMENT.value)),
            default=Value(Stage.RUNNING.value),
            output_field=models.CharField(),
        )
        staged = rows.annotate(stage_value=stage_of)
        return staged.filter(stage_value=stage) if stage in Stage.values else staged

    def refresh_summaries(self) -> int:
        """Recompute the stored summary of these pairs from their sessions and agreement versions (one UPDATE)."""
        sessions = MentoringSession.objects.filter(mentorship=OuterRef("pk")).order_by()
        accepted = AgreementVersion.objects.filter(mentorship=OuterRef("pk"), accepted__isnull=False)
        return self.update(
            agreed_frequency=Coalesce(Subquery(accepted.order_by("-number").values("frequency")[:1]), Value("")),
            last_held_at=Subquery(
                sessions.filter(state=SessionState.HELD).order_by("-starts_at").values("starts_at")[:1]
            ),
            overdue_from=Subquery(
                sessions.filter(state=SessionState.PLANNED).order_by("starts_at").values("starts_at")[:1]
            ),
        )

    def stage_counts(self, now: datetime) -> dict[str, int]:
        """How many of the pairs are at each stage (every stage, 0 for none), in one query."""
        rows = self.with_stage(now).order_by().values("stage_value")  # type: ignore[misc]  # an annotation of with_stage
        found = dict(rows.annotate(n=Count("pk")).values_list("stage_value", "n"))
        return {value: found.get(value, 0) for value in Stage.values}


class Mentorship(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="mentorships"
    )
    mentor = models.ForeignKey(
        Employee, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentorships_as_mentor"
    )
    mentee = models.ForeignKey(
        Employee, verbose_name=_("mentee"), on_delete=models.PROTECT, related_name="mentorships_as_mentee"
    )
    coach = models.ForeignKey(
        Employee,
        verbose_name=_("coach"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentorships_as_coach",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    started = models.DateField(_("started"))
    kickoff_at = models.DateTimeField(_("kick-off planned for"), null=True, blank=True)
    kickoff_place = models.CharField(_("kick-off place"), max_length=200, blank=True)
    kickoff_held = models.DateField(_("kick-off held on"), null=True, blank=True)
    ended = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    delegate = models.ForeignKey(
        Employee,
        verbose_name=_("assistant of the mentee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentorships_as_delegate",
        help_text=_("May see and move the session times; never notes, homework or anything else."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # What the stage depends on besides the pair's own columns, kept by `refresh_summaries` whenever a session or
    # an agreement version is saved or deleted (the receivers at the end of this module): lists filter, count
    # and page pairs by stage in SQL (`with_stage`) without reading their sessions.
    agreed_frequency = models.CharField(max_length=16, blank=True, default="", editable=False)
    last_held_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_from = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["programme", "-started", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee"],
                condition=models.Q(status="active"),
                name="mentorship_one_active_per_mentee",
            ),
            models.CheckConstraint(condition=~models.Q(mentor=models.F("mentee")), name="mentorship_two_people"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee} ({self.programme})"

    def get_absolute_url(self) -> str:
        return reverse("mentorships:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    def partner_of(self, employee_id: int | None) -> Employee | None:
        if employee_id == self.mentor_id:
            return self.mentee
        if employee_id == self.mentee_id:
            return self.mentor
        return None

    def is_partner(self, employee_id: int | None) -> bool:
        return employee_id is not None and employee_id in (self.mentor_id, self.mentee_id)

    def _versions(self) -> list[AgreementVersion]:
        """Newest first; from the prefetch cache when the caller prefetched `agreements`."""
        return sorted(self.agreements.all(), key=lambda version: version.number, reverse=True)

    def agreement(self) -> AgreementVersion | None:
        """The agreement in force: the latest accepted version."""
        return next((version for version in self._versions() if version.accepted is not None), None)

    def pending_agreement(self) -> AgreementVersion | None:
        """A proposed version the other partner has not accepted yet (newer than the one in force)."""
        versions = self._versions()
        return versions[0] if versions and versions[0].accepted is None else None

    def cadence_days(self) -> int:
        agreement = self.agreement()
        return CADENCE_DAYS[Cadence(agreement.frequency if agreement else self.programme.cadence)]

    def stage(self, now: datetime) -> Stage:
        """Kick-off pending → agreement pending → meeting; stalling when nothing was held for 1.5 × cadence,
        or a planned session is more than two days past, neither held nor cancelled. Uses prefetched `sessions`
        and `agreements`; `with_stage` is the same rule in SQL."""
        if self.status == Status.COMPLETED:
            return Stage.COMPLETED
        if self.status == Status.ENDED_EARLY:
            return Stage.ENDED_EARLY
        if self.is_stalling(now):
            return Stage.STALLING
        if self.kickoff_held is None:
            return Stage.KICKOFF
        if self.agreement() is None:
            return Stage.AGREEMENT
        return Stage.RUNNING

    def is_stalling(self, now: datetime) -> bool:
        sessions = list(self.sessions.all())
        held = [s.starts_at for s in sessions if s.state == SessionState.HELD]
        last_day = max(held).date() if held else (self.kickoff_held or self.started)
        if (now.date() - last_day).days > STALLING_FACTOR * self.cadence_days():
            return True
        return any(s.state == SessionState.PLANNED and s.starts_at < now - OVERDUE_AFTER for s in sessions)


class AgreementVersion(models.Model):
    """One version of a pair's ground rules. One partner proposes (and so accepts), the other accepts."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="agreements"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    frequency = models.CharField(_("meeting frequency"), max_length=16, choices=Cadence.choices)
    session_minutes = models.PositiveSmallIntegerField(
        _("session length (minutes)"),
        validators=[MinValueValidator(MIN_SESSION_MINUTES), MaxValueValidator(MAX_SESSION_MINUTES)],
    )
    place = models.CharField(
        _("place or channel"), max_length=200, help_text=_("e.g. the mentor's floor, lunch, Teams")
    )
    expectations = models.TextField(
        _("what we expect of each other"), help_text=_("e.g. we prepare, we are on time, we say it if it stops working")
    )
    learning_goals = models.TextField(_("the mentee's learning goals"))
    confidentiality = models.BooleanField(
        _("what is said in our sessions stays between us"),
        help_text=_("Notes stay with the two of you unless their author publishes them."),
    )
    proposed_by = models.ForeignKey(Employee, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+")
    proposed = models.DateTimeField(_("proposed"), auto_now_add=True)
    accepted_by = models.ForeignKey(
        Employee, verbose_name=_("accepted by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["mentorship", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "number"], name="agreement_version_unique"),
            models.CheckConstraint(
                condition=models.Q(session_minutes__gte=MIN_SESSION_MINUTES, session_minutes__lte=MAX_SESSION_MINUTES),
                name="agreement_session_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship} v{self.number}"


class SessionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MentoringSession(CalendarEvent):
    """A planned meeting of the pair. `uid` and `sequence` identify it in calendars: every change sends the
    same UID with a higher sequence, a cancellation too. The mentor organises, the mentee attends."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="sessions"
    )
    state = models.CharField(_("state"), max_length=16, choices=SessionState.choices, default=SessionState.PLANNED)
    reminded = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["mentorship", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=MIN_SESSION_MINUTES, minutes__lte=MAX_SESSION_MINUTES),
                name="session_minutes_range",
            ),
        ]
        indexes = [models.Index(fields=["state", "starts_at"], name="session_state_start")]

    def __str__(self) -> str:
        return f"{self.mentorship} @ {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def calendar_organizer(self) -> Employee:
        return self.mentorship.mentor

    @property
    def calendar_attendee(self) -> Employee:
        return self.mentorship.mentee


class SessionChange(models.Model):
    """Who moved or cancelled a session, when, and why."""

    class Kind(models.TextChoices):
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(
        MentoringSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("change"), max_length=16, choices=Kind.choices)
    by = models.ForeignKey(Employee, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    old_start = models.DateTimeField(_("was at"))
    new_start = models.DateTimeField(_("moved to"), null=True, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("session change")
        verbose_name_plural = _("session changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.session}"


def of_their_pairs(queryset: _Rows, user: User) -> _Rows:
    """Rows of a pair's private content (`mentorship` field) that `user` may read: only as one of the two
    partners — no admin, coach, staff or superuser exception."""
    if not user.is_authenticated or not user.employee_id:
        return queryset.none()
    employee = user.employee_id
    return queryset.filter(models.Q(mentorship__mentor_id=employee) | models.Q(mentorship__mentee_id=employee))


class NoteQuerySet(models.QuerySet["Note"]):
    def readable_by(self, user: User) -> NoteQuerySet:
        return of_their_pairs(self, user)


class Note(models.Model):
    """What a partner noted after a session. Private to the pair; only its author edits it."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="notes"
    )
    session = models.ForeignKey(
        MentoringSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(Employee, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField(_("findings"))
    created = models.DateTimeField(_("written"), auto_now_add=True)
    updated = models.DateTimeField(_("last edited"), auto_now=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["session__starts_at", "created"]
        constraints = [models.UniqueConstraint(fields=["session", "author"], name="note_one_per_author_session")]

    def __str__(self) -> str:  # never the text: this string may end up in logs or admin pages
        return f"note #{self.pk}"


class Reflection(models.Model):
    """Three questions after a session: did the mentor lead, did it stay reverse, how useful (1–5)."""

    session = models.ForeignKey(
        MentoringSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="reflections"
    )
    author = models.ForeignKey(Employee, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    mentor_led = models.BooleanField(_("did the mentor lead the session?"))
    stayed_reverse = models.BooleanField(
        _("did it stay a reverse mentorship?"), help_text=_("No career advice from the senior to the junior.")
    )
    usefulness = models.PositiveSmallIntegerField(
        _("how useful was it?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["session__starts_at", "created"]
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="reflection_one_per_author_session"),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5), name="reflection_usefulness_range"
            ),
        ]

    def __str__(self) -> str:
        return f"reflection #{self.pk}"


class Fit(models.TextChoices):
    GOOD = "good", _("A good fit")
    NOT_SURE = "not_sure", _("Not sure yet")
    NOT_A_FIT = "not_a_fit", _("Not a fit")


class FitAnswer(models.Model):
    """A partner's private answer to "is this a good fit?" after the first session. The other partner never
    sees it; "not a fit" alerts the programme admin."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="fit_answers"
    )
    author = models.ForeignKey(Employee, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("is this a good fit?"), max_length=16, choices=Fit.choices)
    created = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        verbose_name = _("fit answer")
        verbose_name_plural = _("fit answers")
        constraints = [models.UniqueConstraint(fields=["mentorship", "author"], name="fit_one_per_author")]

    def __str__(self) -> str:
        return f"fit answer #{self.pk}"


class Flag(models.Model):
    """Something the coach or admin should look at. Says what kind and when, never what was written."""

    class Kind(models.TextChoices):
        REVERSAL = "reversal", _("Reflections say the roles are slipping (mentor not leading or career advice)")
        CANCELLATIONS = "cancellations", _("The mentee cancelled twice in a row")
        NOT_A_FIT = "not_a_fit", _("A partner says it is not a fit")
        HEALTH = "health", _("A health check scored low (1 or 2)")

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="flags"
    )
    kind = models.CharField(_("flag"), max_length=16, choices=Kind.choices)
    raised = models.DateTimeField(_("raised"), auto_now_add=True)
    resolved = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-raised", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "kind"], condition=models.Q(resolved__isnull=True), name="flag_one_open_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.mentorship})"


class Commitment(models.Model):
    """A concrete change the mentee commits to ("no email from Friday 19:00 to Monday 07:00")."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.CharField(_("commitment"), max_length=300)
    due = models.DateField(_("due"))
    state = models.CharField(_("status"), max_length=16, choices=State.choices, default=State.OPEN)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["mentorship", "due", "id"]

    def __str__(self) -> str:
        return f"commitment #{self.pk}"


class Assignment(models.Model):
    """Reading or a suggestion the mentor sends between sessions; the mentee marks it done and may comment."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="assignments"
    )
    title = models.CharField(_("title"), max_length=200)
    link = models.URLField(_("link"), blank=True)
    text = models.TextField(_("what to do"), blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    done = models.DateTimeField(_("done"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["mentorship", "done", "due", "id"]

    def __str__(self) -> str:
        return f"assignment #{self.pk}"


class CoachRequest(models.Model):
    """The mentee asks their coach for a conversation; the coach records that it happened (not what was said)."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="coach_requests"
    )
    requested = models.DateTimeField(_("asked"), auto_now_add=True)
    held = models.DateField(_("conversation held on"), null=True, blank=True)

    class Meta:
        verbose_name = _("coach request")
        verbose_name_plural = _("coach requests")
        ordering = ["-requested"]

    def __str__(self) -> str:
        return f"coach request #{self.pk}"


HEALTH_FIRST_DAYS = 30  # after the kick-off
HEALTH_EVERY_DAYS = 60
HEALTH_LOW = 2  # a score of 1 or 2 raises a flag


class HealthCheck(models.Model):
    """Three questions for each partner, 30 days after the kick-off and every 60 days after: do we meet
    regularly, am I learning, is it safe to be honest (1–5). The answers are the author's; a low one flags."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="health_checks"
    )
    author = models.ForeignKey(Employee, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+")
    due = models.DateField(_("due"))
    asked = models.DateTimeField(_("asked"), auto_now_add=True)
    answered = models.DateTimeField(_("answered"), null=True, blank=True)
    meeting_regularly = models.PositiveSmallIntegerField(_("we meet regularly"), null=True, blank=True)
    learning = models.PositiveSmallIntegerField(_("I am learning"), null=True, blank=True)
    safe = models.PositiveSmallIntegerField(_("it is safe to be honest"), null=True, blank=True)

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["mentorship", "-due"]
        constraints = [
            models.UniqueConstraint(fields=["mentorship", "author", "due"], name="health_check_once_per_due"),
        ]

    def __str__(self) -> str:
        return f"health check #{self.pk}"

    @property
    def is_low(self) -> bool:
        scores = (self.meeting_regularly, self.learning, self.safe)
        return any(score is not None and score <= HEALTH_LOW for score in scores)


class Nudge(models.Model):
    """An admin or coach reminded a stalling pair of its next step."""

    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="nudges"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("nudge")
        verbose_name_plural = _("nudges")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"nudge #{self.pk}"


class Track(models.Model):
    """A session-by-session plan a mentor can start from (e.g. six digital sessions), in English and Dutch."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="tracks"
    )
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)

    class Meta:
        verbose_name = _("session plan")
        verbose_name_plural = _("session plans")
        ordering = ["programme", "name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_nl if _dutch() and self.name_nl else self.name_en

    @property
    def description(self) -> str:
        return self.description_nl if _dutch() and self.description_nl else self.description_en


class TrackSession(models.Model):
    track = models.ForeignKey(Track, verbose_name=_("session plan"), on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(_("order"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    agenda_en = models.TextField(_("agenda (English)"))
    agenda_nl = models.TextField(_("agenda (Dutch)"))
    homework_en = models.TextField(_("homework (English)"), blank=True)
    homework_nl = models.TextField(_("homework (Dutch)"), blank=True)

    class Meta:
        verbose_name = _("planned session")
        verbose_name_plural = _("planned sessions")
        ordering = ["track", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title_en}"

    def text(self, dutch: bool) -> tuple[str, str, str]:
        """(title, agenda, homework) in the language asked for, English where the Dutch is missing."""
        if dutch:
            return (
                self.title_nl or self.title_en,
                self.agenda_nl or self.agenda_en,
                self.homework_nl or self.homework_en,
            )
        return self.title_en, self.agenda_en, self.homework_en


def _dutch() -> bool:
    return (get_language() or "en").startswith("nl")


# --- the stored summary of a pair (see Mentorship.agreed_frequency) ----------------------------------------------


@receiver([post_save, post_delete], sender=MentoringSession)
@receiver([post_save, post_delete], sender=AgreementVersion)
def _refresh_summary(sender: type[models.Model], instance: MentoringSession | AgreementVersion, **kwargs: Any) -> None:
    """A session or an agreement version changed: its pair's stored summary follows (bulk inserts call
    `refresh_summaries` themselves)."""
    Mentorship.objects.filter(pk=instance.mentorship_id).refresh_summaries()
