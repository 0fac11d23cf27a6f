"""Voice: anonymous feedback to a programme and the quarterly psychological-safety pulse.

Two kinds of table, kept apart on purpose:

- **Answers** (`Feedback`, `PulseResponse`) hold what was said, and nothing of who said it: no relation to a
  user or an employee, no time finer than the month, random UUID keys (so no order reveals who wrote first).
- **Participation** (`Speaker`, `PulseInvitation`) says who took part, for counting contributors, the daily limit,
  reminders and the one-use link, and holds nothing of the answer. A speaker is a keyed hash of the person and
  the programme (`VOICE_KEY`, held outside the database), so a database dump cannot name them.

`tests/voice/test_schema.py` fails when an answer table gains a relation to a person or a time of day.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from omkeer.lib.fields import EncryptedTextField
from omkeer.people.models import Employee
from omkeer.programmes.models import Participation, Programme, Role

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from omkeer.accounts.models import User

K_FLOOR = 5  # the smallest group whose answers are shown; programme admins may raise it, never lower it
K_TEXT_LARGE = 10  # suggested for text in programmes over LARGE_PROGRAMME people
LARGE_PROGRAMME = 100
TEXT_LENGTH = 3000
DAILY_LIMIT = 3  # feedback items one person may send per programme and day
SCALE_POINTS = 7


class Topic(models.TextChoices):
    ORGANISATION = "organisation", _("The organisation")
    WAY_OF_WORKING = "way-of-working", _("The way we work")
    LEADERSHIP = "leadership", _("Leadership")
    PROGRAMME = "programme", _("This programme")


class VoiceSettings(models.Model):
    """A programme's thresholds and whether its mentees may send feedback too (mentors always may)."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="voice_settings"
    )
    k_numbers = models.PositiveSmallIntegerField(
        _("smallest group for numbers"), default=K_FLOOR, validators=[MinValueValidator(K_FLOOR)]
    )
    k_text = models.PositiveSmallIntegerField(
        _("smallest group for feedback text"), default=K_FLOOR, validators=[MinValueValidator(K_FLOOR)]
    )
    mentees_speak = models.BooleanField(_("mentees may send feedback too"), default=False)

    class Meta:
        verbose_name = _("voice settings")
        verbose_name_plural = _("voice settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(k_numbers__gte=K_FLOOR), name="voice_k_numbers_floor"),
            models.CheckConstraint(condition=models.Q(k_text__gte=K_FLOOR), name="voice_k_text_floor"),
        ]

    def __str__(self) -> str:
        return str(self.programme)


class Theme(models.Model):
    """A theme the programme admin tags feedback with ("workload", "tools", …)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("theme"), max_length=80)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="voice_theme_unique")]

    def __str__(self) -> str:
        return self.name


class Release(models.Model):
    """Feedback released to the admin together: at least `k_text` different people's items at once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("release"))
    month = models.CharField(_("month"), max_length=7)
    contributors = models.PositiveIntegerField(_("contributors"))

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["programme", "-number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="voice_release_number")]

    def __str__(self) -> str:
        return f"{self.programme} #{self.number}"


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def released(self) -> FeedbackQuerySet:
        return self.filter(release__isnull=False)

    def sealed(self) -> FeedbackQuerySet:
        return self.filter(release__isnull=True)


class Feedback(models.Model):
    """One piece of anonymous feedback. Nothing here names or dates its author finer than the month."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="feedback"
    )
    period = models.CharField(_("quarter"), max_length=7)
    month = models.CharField(_("month"), max_length=7)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    text = EncryptedTextField(_("feedback"), max_length=TEXT_LENGTH)
    safety = models.PositiveSmallIntegerField(
        _("how safe it felt to say this"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    release = models.ForeignKey(
        Release, verbose_name=_("release"), null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="feedback")

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["id"]  # random: the order of the UUIDs says nothing of who wrote first
        constraints = [
            models.CheckConstraint(
                condition=models.Q(safety__isnull=True) | models.Q(safety__gte=1, safety__lte=5), name="voice_safety"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} ({self.period})"


class Reply(models.Model):
    """ "You said — we did": the admin's public answer to a theme, read by everyone in the programme."""

    class Status(models.TextChoices):
        HEARD = "heard", _("Heard")
        ACTING = "acting", _("Acting on it")
        DONE = "done", _("Done")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL)
    said = models.CharField(_("you said"), max_length=300)
    did = models.TextField(_("we did"), max_length=TEXT_LENGTH)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.HEARD)
    month = models.CharField(_("month"), max_length=7)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["-month", "said"]

    def __str__(self) -> str:
        return self.said


class Speaker(models.Model):
    """Participation in feedback: one keyed hash per person and programme, with the quarter they last sent in.
    It counts contributors and enforces the daily limit; it holds nothing of what they said."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("quarter"), max_length=7)
    key = models.CharField(max_length=64)
    day = models.DateField(_("last day sent"))
    sent = models.PositiveSmallIntegerField(_("sent that day"), default=0)
    pending = models.BooleanField(_("counts toward the next release"), default=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="voice_speaker_unique")]

    def __str__(self) -> str:
        return f"{self.programme} {self.period}"


# --- the pulse -------------------------------------------------------------------------------------------------------


class PulseItem:
    """One statement of the pulse, answered on a 7-point agreement scale."""

    def __init__(self, field: str, text: StrOrPromise, *, reverse: bool = False, scale: bool = True) -> None:
        self.field = field
        self.text = text
        self.reverse = reverse
        self.scale = scale  # one of Edmondson's seven, counted in the scale mean


# Edmondson (1999), team psychological safety, adapted to the organisation; items 1, 3 and 5 reverse-scored.
PULSE_ITEMS = [
    PulseItem("q1", _("If you make a mistake in this organisation, it is often held against you."), reverse=True),
    PulseItem("q2", _("People in this organisation are able to bring up problems and tough issues.")),
    PulseItem("q3", _("People in this organisation sometimes reject others for being different."), reverse=True),
    PulseItem("q4", _("It is safe to take a risk in this organisation.")),
    PulseItem("q5", _("It is difficult to ask others in this organisation for help."), reverse=True),
    PulseItem("q6", _("No one in this organisation would deliberately act in a way that undermines my efforts.")),
    PulseItem("q7", _("Working with people in this organisation, my unique skills and talents are valued and used.")),
    PulseItem("honest", _("I can be honest with my mentor / mentee."), scale=False),
    PulseItem("speak", _("I feel safe giving feedback about how we work here."), scale=False),
]
AGREEMENT = [
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Somewhat disagree")),
    (4, _("Neither agree nor disagree")),
    (5, _("Somewhat agree")),
    (6, _("Agree")),
    (7, _("Strongly agree")),
]


class Band(models.TextChoices):
    JUNIOR = "junior", _("Levels 1–3")
    MIDDLE = "middle", _("Levels 4–6")
    SENIOR = "senior", _("Levels 7–10")
    OTHER = "", _("Other")


def band_of(level: int) -> str:
    return Band.JUNIOR if level <= 3 else Band.MIDDLE if level <= 6 else Band.SENIOR


class PulseWave(models.Model):
    """One round of the pulse: the admin sets the dates; invitations go out on `opens_on` (Celery beat)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="pulse_waves"
    )
    name = models.CharField(_("name"), max_length=80)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    invited = models.BooleanField(_("invitations sent"), default=False)

    class Meta:
        verbose_name = _("pulse wave")
        verbose_name_plural = _("pulse waves")
        ordering = ["programme", "opens_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="pulse_wave_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("voice:pulse", args=[self.programme_id])

    def is_open(self, today: dt.date) -> bool:
        return self.invited and self.opens_on <= today <= self.closes_on


class PulseInvitation(models.Model):
    """Participation in a wave: who was asked (for the link and reminders) and whether they answered. The
    group they report under is set when they are invited; nothing here says what they answered."""

    wave = models.ForeignKey(PulseWave, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="invitations")
    employee = models.ForeignKey(Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=[(Role.MENTOR, _("Mentor")), (Role.MENTEE, _("Mentee"))])
    department = models.CharField(_("department"), max_length=150, blank=True)
    band = models.CharField(_("level band"), max_length=10, blank=True, choices=Band.choices)
    token = models.CharField(max_length=64, unique=True)  # SHA-256 of the one-use link's secret
    answered = models.BooleanField(_("answered"), default=False)
    reminded = models.BooleanField(_("reminded"), default=False)

    class Meta:
        verbose_name = _("pulse invitation")
        verbose_name_plural = _("pulse invitations")
        constraints = [models.UniqueConstraint(fields=["wave", "employee"], name="pulse_invitation_unique")]

    def __str__(self) -> str:
        return f"{self.wave} → {self.employee}"


class PulseResponse(models.Model):
    """One person's answers to a wave, under the group they were invited in; nothing names them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(PulseWave, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="responses")
    role = models.CharField(_("role"), max_length=16)
    department = models.CharField(_("department"), max_length=150, blank=True)
    band = models.CharField(_("level band"), max_length=10, blank=True)
    q1 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(SCALE_POINTS)])
    q2 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(SCALE_POINTS)])
    q3 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(SCALE_POINTS)])
    q4 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(SCALE_POINTS)])
    q5 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(SCALE_POINTS)])
    q6 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(SCALE_POINTS)])
    q7 = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(SCALE_POINTS)])
    honest = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(SCALE_POINTS)])
    speak = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(SCALE_POINTS)])

    class Meta:
        verbose_name = _("pulse response")
        verbose_name_plural = _("pulse responses")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.wave)

    @property
    def scale_mean(self) -> float:
        """The mean of Edmondson's seven items, reverse items turned (8 − answer)."""
        values: list[int] = [
            SCALE_POINTS + 1 - getattr(self, item.field) if item.reverse else getattr(self, item.field)
            for item in PULSE_ITEMS
            if item.scale
        ]
        return sum(values) / len(values)


def speakers_of(programme: Programme) -> models.QuerySet[Participation]:
    """Who may send feedback in the programme: its mentors, and its mentees when the admin allows it."""
    roles = [Role.MENTOR]
    settings = VoiceSettings.objects.filter(programme=programme).first()
    if settings is not None and settings.mentees_speak:
        roles.append(Role.MENTEE)
    return Participation.objects.filter(programme=programme, role__in=roles)


def may_speak(user: User, programme: Programme) -> bool:
    employee = user.employee_id
    return employee is not None and speakers_of(programme).filter(employee_id=employee).exists()
