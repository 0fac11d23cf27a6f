"""Evaluation: is the programme working? KPIs measured, before and after, check-ins, the pilot decision.

- A KPI (programmes) gets a **source** (`KpiSource`): computed by Omkeer from the programme's own data, or
  entered per period by the admin (`Measurement`, by hand or by CSV).
- A **follow-up** (`FollowUp`, one per survey and participant) repeats the mentee's intake self-assessment half-way
  or at the end, asks mentors about their own growth and everyone about the programme's effectiveness.
- **Check-ins** (`CheckIn`) are the admin's planned conversations with each mentor and mentee: structured answers
  and free notes that only the programme's admins and coaches read.
- **Decision rules** (`DecisionRule`) turn figures into a recommendation; the admin records the **decision**.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from omkeer.lib.fields import EncryptedTextField
from omkeer.people.models import Employee
from omkeer.programmes.models import Kpi, Programme, Role

if TYPE_CHECKING:
    pass

SCORE_MIN, SCORE_MAX = 1, 5
NOTE_LENGTH = 3000
_score_range = [MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]


def _score(label: str | object) -> models.PositiveSmallIntegerField[int | None, int | None]:
    return models.PositiveSmallIntegerField(label, null=True, blank=True, validators=_score_range)  # type: ignore[arg-type]


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered per period by the admin")
    SELF_RATING = "self-rating", _("Mentees' self-rating of this KPI, after vs before")
    SKILL = "skill", _("Mentees' self-assessed skill, after vs before")
    SESSIONS = "sessions", _("Sessions held as a share of those planned")
    IDEAS = "ideas", _("Ideas recorded by the pairs")
    COMMITMENTS = "commitments", _("Mentees' commitments done, as a share of those made")
    EFFECTIVE = "effective", _("Share of participants rating the programme effective (4–5)")
    SAFETY = "safety", _("Psychological-safety score of the latest pulse (1–7)")


COMPUTED = frozenset(Source) - {Source.MANUAL}
PAIRED_SOURCES = frozenset({Source.SELF_RATING, Source.SKILL})


class KpiSource(models.Model):
    """Where a KPI's figure comes from. A KPI without one is entered by hand."""

    kpi = models.OneToOneField(Kpi, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="source")
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    skill = models.CharField(_("skill"), max_length=80, blank=True, help_text=_("For a self-assessed skill."))

    class Meta:
        verbose_name = _("KPI source")
        verbose_name_plural = _("KPI sources")

    def __str__(self) -> str:
        return f"{self.kpi}: {self.get_source_display()}"


class Measurement(models.Model):
    """A KPI's value for one period (a month, a quarter or a year), entered by the admin."""

    kpi = models.ForeignKey(Kpi, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="measurements")
    period = models.CharField(_("period"), max_length=8, help_text=_("2026-03, 2026-Q1 or 2026"))
    starts = models.DateField(_("period starts"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered = models.DateTimeField(_("entered"), auto_now=True)

    class Meta:
        verbose_name = _("KPI measurement")
        verbose_name_plural = _("KPI measurements")
        ordering = ["kpi", "starts", "period"]
        constraints = [models.UniqueConstraint(fields=["kpi", "period"], name="evaluation_measurement_period")]

    def __str__(self) -> str:
        return f"{self.kpi} {self.period}: {self.value}"


class SurveyKind(models.TextChoices):
    MIDPOINT = "midpoint", _("Half-way")
    END = "end", _("At the end")


class Survey(models.Model):
    """A round of follow-ups: every mentor and mentee of the programme is asked once, with reminders."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("when"), max_length=16, choices=SurveyKind.choices)
    opens = models.DateField(_("opens"))
    closes = models.DateField(_("closes"))
    sent = models.DateTimeField(_("invitations sent"), null=True, blank=True)
    reminded = models.DateTimeField(_("reminders sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up survey")
        verbose_name_plural = _("follow-up surveys")
        ordering = ["programme", "opens"]
        constraints = [models.UniqueConstraint(fields=["programme", "kind"], name="evaluation_survey_kind")]

    def __str__(self) -> str:
        return f"{self.programme} — {self.get_kind_display()}"


GROWTH_ITEMS = {
    "network": _("My network in the organisation"),
    "engagement": _("My engagement with the organisation"),
    "leadership": _("My understanding of leadership and strategy"),
    "speaking_up": _("My confidence to speak up"),
}


class FollowUp(models.Model):
    """One participant's answers to one survey. Mentees repeat their intake's self-assessment (paired with it by
    the intake); mentors rate their own growth; at the end everyone rates the programme."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="followups")
    employee = models.ForeignKey(Employee, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    skill_scores = models.JSONField(_("self-assessed skills"), default=dict, blank=True)
    kpi_scores = models.JSONField(_("self-rated KPIs"), default=dict, blank=True)
    familiarity = models.JSONField(_("digital familiarity"), default=dict, blank=True)
    growth = models.JSONField(_("own growth"), default=dict, blank=True)
    effective_organisation = _score(_("effective for the organisation"))
    effective_me = _score(_("effective for me"))
    recommend = models.BooleanField(_("would recommend it"), null=True, blank=True)
    invited = models.DateTimeField(_("invited"), auto_now_add=True)
    reminded = models.DateTimeField(_("reminded"), null=True, blank=True)
    submitted = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["survey", "role", "employee"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "employee", "role"], name="evaluation_followup_person"),
            models.CheckConstraint(
                condition=models.Q(effective_organisation__isnull=True)
                | models.Q(effective_organisation__gte=SCORE_MIN, effective_organisation__lte=SCORE_MAX),
                name="evaluation_effective_organisation_range",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_me__isnull=True)
                | models.Q(effective_me__gte=SCORE_MIN, effective_me__lte=SCORE_MAX),
                name="evaluation_effective_me_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.employee}"


class CheckInPlan(models.Model):
    """How often the admin talks with each mentor and mentee."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="checkin_plan"
    )
    every_weeks = models.PositiveSmallIntegerField(
        _("every (weeks)"), validators=[MinValueValidator(1), MaxValueValidator(26)]
    )
    first = models.DateField(_("first check-ins"))

    class Meta:
        verbose_name = _("check-in plan")
        verbose_name_plural = _("check-in plans")

    def __str__(self) -> str:
        return str(self.programme)


class CheckIn(models.Model):
    """A check-in conversation of the admin with one participant: planned, then recorded. Only the programme's
    admins and coaches read it; never the partner."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey(Employee, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    due = models.DateField(_("planned for"))
    held = models.DateField(_("held on"), null=True, blank=True)
    personal_growth = _score(_("personal growth"))
    knowledge = _score(_("knowledge gained"))
    relationship = _score(_("working relationship"))
    concerns = EncryptedTextField(_("concerns"), max_length=NOTE_LENGTH, blank=True)
    notes = EncryptedTextField(_("notes"), max_length=NOTE_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["programme", "due", "role", "employee"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "employee", "role", "due"], name="evaluation_checkin_once")
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.due}"


class Comparison(models.TextChoices):
    AT_LEAST = "at-least", _("at least")
    AT_MOST = "at-most", _("at most")


class DecisionRule(models.Model):
    """A rule the admin sets before the results are in: "self-rated social media +1 or more, CI above 0"."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="decision_rules"
    )
    metric = models.CharField(_("figure"), max_length=40)
    comparison = models.CharField(_("must be"), max_length=16, choices=Comparison.choices, default=Comparison.AT_LEAST)
    threshold = models.DecimalField(_("threshold"), max_digits=12, decimal_places=2)
    ci_clear = models.BooleanField(
        _("and its 95 % confidence interval clear of 0"),
        default=False,
        help_text=_("The change is only counted when the whole confidence interval is on the right side of 0."),
    )
    essential = models.BooleanField(
        _("essential"), default=False, help_text=_("If an essential rule fails, the recommendation is to stop.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("decision rule")
        verbose_name_plural = _("decision rules")
        ordering = ["programme", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.metric} {self.get_comparison_display()} {self.threshold}"


class Outcome(models.TextChoices):
    PERMANENT = "permanent", _("Make it permanent")
    EXTEND = "extend", _("Extend the pilot")
    STOP = "stop", _("Stop")


class Decision(models.Model):
    """The admin's decision on the pilot, with the recommendation and the rules as they stood."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+")
    recommended = models.CharField(_("Omkeer recommended"), max_length=16, choices=Outcome.choices)
    outcome = models.CharField(_("decision"), max_length=16, choices=Outcome.choices)
    rationale = models.TextField(_("rationale"), max_length=NOTE_LENGTH)
    rules = models.JSONField(_("rules as they stood"), default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("pilot decision")
        verbose_name_plural = _("pilot decisions")
        ordering = ["programme", "-decided"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_outcome_display()}"


def period_bounds(text: str) -> tuple[dt.date, str] | None:
    """The first day and canonical form of a period written as 2026-03, 2026-Q1 or 2026; None if it does not parse."""
    text = text.strip().upper()
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(match[1]), int(match[2])
        return (dt.date(year, month, 1), f"{year}-{month:02d}") if 1 <= month <= 12 and year >= 1900 else None
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        year, quarter = int(match[1]), int(match[2])
        return (dt.date(year, 3 * quarter - 2, 1), f"{year}-Q{quarter}") if year >= 1900 else None
    if match := re.fullmatch(r"(\d{4})", text):
        return (dt.date(int(match[1]), 1, 1), match[1]) if int(match[1]) >= 1900 else None
    return None
