from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from omkeer.people.models import Employee, Skill

if TYPE_CHECKING:
    from omkeer.accounts.models import User


class Status(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    RUNNING = "running", _("Running")
    PERMANENT = "permanent", _("Permanent")
    STOPPED = "stopped", _("Stopped")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    BIMONTHLY = "bimonthly", _("Every two months")


CADENCE_DAYS = {Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14, Cadence.MONTHLY: 30, Cadence.BIMONTHLY: 61}


class Role(models.TextChoices):
    ADMIN = "admin", _("Programme admin")
    COACH = "coach", _("Coach")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def visible_to(self, user: User) -> ProgrammeQuerySet:
        """Programmes the user takes part in, in any role; superusers see all."""
        return self._taking_part(user)

    def managed_by(self, user: User) -> ProgrammeQuerySet:
        """Programmes the user may change: those where they are programme admin."""
        return self._taking_part(user, roles=[Role.ADMIN])

    def coordinated_by(self, user: User) -> ProgrammeQuerySet:
        """Programmes the user coordinates: as programme admin or coach."""
        return self._taking_part(user, roles=[Role.ADMIN, Role.COACH])

    def _taking_part(self, user: User, roles: list[str] | None = None) -> ProgrammeQuerySet:
        if user.is_authenticated and user.is_superuser:
            return self
        if not user.is_authenticated or not user.employee_id:
            return self.none()
        taking_part = Participation.objects.filter(employee_id=user.employee_id)
        if roles:
            taking_part = taking_part.filter(role__in=roles)
        return self.filter(pk__in=taking_part.values("programme_id"))


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(
        Skill,
        verbose_name=_("topics"),
        blank=True,
        related_name="programmes",
        help_text=_("The skills mentors teach in this programme, e.g. social media, cloud, AI tools."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PILOT)
    cadence = models.CharField(_("meeting cadence"), max_length=16, choices=Cadence.choices, default=Cadence.MONTHLY)
    session_minutes = models.PositiveSmallIntegerField(
        _("session length (minutes)"),
        default=60,
        validators=[MinValueValidator(30), MaxValueValidator(60)],
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    min_mentee_hours_per_week = models.DecimalField(
        _("minimum mentee hours per week"),
        max_digits=4,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(session_minutes__gte=30, session_minutes__lte=60),
                name="programme_session_minutes_range",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="programme_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must be on or after the start date.")})

    @property
    def cadence_days(self) -> int:
        return CADENCE_DAYS[Cadence(self.cadence)]

    def role_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Role.values, 0)
        for row in self.participations.order_by().values("role").annotate(n=models.Count("id")):
            counts[row["role"]] = row["n"]
        return counts


class Goal(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("goal"), max_length=200)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Kpi(models.Model):
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("KPI"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. %, posts per month, score 1–5"))
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.baseline} → {self.target} {self.unit})"


class Participation(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="participations"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    joined = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["programme", "role", "employee__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "employee", "role"], name="participation_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.get_role_display()} — {self.programme}"
