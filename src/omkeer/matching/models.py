"""Matching in the database: a programme's settings, its runs with their proposals, and the admin's pins and forbids.

The engine (the `engine` package) knows nothing of these: `services.py` turns them into its plain dataclasses and back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from omkeer.matching import engine
from omkeer.people.models import Employee
from omkeer.programmes.models import Programme

if TYPE_CHECKING:
    from omkeer.accounts.models import User

RULES, WEIGHTS = engine.Rules(), engine.Weights()
WEIGHT_MAX = 10
RULE_FIELDS = (
    "min_level_gap",
    "forbid_same_team",
    "forbid_reporting_line",
    "reporting_line_depth",
    "forbid_same_department",
    "min_skill_score",
    "require_training",
    "objective",
    "min_cross_department_share",
)
WEIGHT_FIELDS = ("skills", "interests", "cross_department", "reciprocal")


class Objective(models.TextChoices):
    MOST_MATCHED = "most_matched", _("Most people matched, then the best total score")
    BEST_SCORE = "best_score", _("Best total score only")


class MatchSettings(models.Model):
    """A programme's hard rules and score weights for matching; the defaults are the engine's."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="match_settings"
    )
    min_level_gap = models.PositiveSmallIntegerField(
        _("minimum level gap"),
        default=RULES.min_level_gap,
        validators=[MaxValueValidator(9)],
        help_text=_("The mentee must be at least this many levels above the mentor."),
    )
    forbid_same_team = models.BooleanField(_("never in the same team"), default=RULES.forbid_same_team)
    forbid_reporting_line = models.BooleanField(
        _("never in each other's reporting line"), default=RULES.forbid_reporting_line
    )
    reporting_line_depth = models.PositiveSmallIntegerField(
        _("reporting line depth"),
        null=True,
        blank=True,
        default=RULES.reporting_line_depth,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("How many managers up count as the reporting line (2: manager and their manager). Empty: all."),
    )
    forbid_same_department = models.BooleanField(
        _("never in the same department"), default=RULES.forbid_same_department
    )
    min_skill_score = models.FloatField(
        _("minimum skill score"),
        default=RULES.min_skill_score,
        validators=[MinValueValidator(0.0), MaxValueValidator(0.99)],
        help_text=_("From 0 to 0.99; at 0 the mentor must be stronger in at least one skill the mentee wants."),
    )
    require_training = models.BooleanField(_("mentors must be trained"), default=RULES.require_training)
    objective = models.CharField(_("objective"), max_length=16, choices=Objective.choices, default=RULES.objective)
    min_cross_department_share = models.FloatField(
        _("at least this share of pairs across departments"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_(
            "A programme target, e.g. 0.7 for 70 %. The run finds the best pairs that meet it and shows what it "
            "costs in total score; empty: no target."
        ),
    )
    weight_skills = models.FloatField(
        _("weight of skills"),
        default=WEIGHTS.skills,
        validators=[MinValueValidator(0.0), MaxValueValidator(WEIGHT_MAX)],
    )
    weight_interests = models.FloatField(
        _("weight of shared interests"),
        default=WEIGHTS.interests,
        validators=[MinValueValidator(0.0), MaxValueValidator(WEIGHT_MAX)],
    )
    weight_cross_department = models.FloatField(
        _("weight of different departments"),
        default=WEIGHTS.cross_department,
        validators=[MinValueValidator(0.0), MaxValueValidator(WEIGHT_MAX)],
    )
    weight_reciprocal = models.FloatField(
        _("weight of learning in return"),
        default=WEIGHTS.reciprocal,
        validators=[MinValueValidator(0.0), MaxValueValidator(WEIGHT_MAX)],
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_skill_score__gte=0, min_skill_score__lt=1), name="match_settings_skill_range"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    weight_skills__gte=0,
                    weight_interests__gte=0,
                    weight_cross_department__gte=0,
                    weight_reciprocal__gte=0,
                ),
                name="match_settings_weights_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.programme)

    @classmethod
    def for_programme(cls, programme: Programme) -> MatchSettings:
        """The programme's settings, or unsaved defaults when the admin never changed them."""
        return cls.objects.filter(programme=programme).first() or cls(programme=programme)

    def rules(self) -> engine.Rules:
        return engine.Rules(**{name: getattr(self, name) for name in RULE_FIELDS})

    def weights(self) -> engine.Weights:
        return engine.Weights(**{name: getattr(self, f"weight_{name}") for name in WEIGHT_FIELDS})

    def as_dict(self) -> dict[str, Any]:
        """Rules and weights as the engine's file interface writes them."""
        return {
            "rules": {name: getattr(self, name) for name in RULE_FIELDS},
            "weights": {name: getattr(self, f"weight_{name}") for name in WEIGHT_FIELDS},
        }

    def clean(self) -> None:
        super().clean()
        if self.min_skill_score is not None and not 0 <= self.min_skill_score < 1:
            raise ValidationError({"min_skill_score": _("Give a number from 0 up to (not including) 1.")})


class MatchRunQuerySet(models.QuerySet["MatchRun"]):
    def visible_to(self, user: User) -> MatchRunQuerySet:
        """Runs of the programmes the user administers."""
        return self.filter(programme__in=Programme.objects.managed_by(user).values("pk"))


class MatchRun(models.Model):
    """One run of the engine over a programme's ready pool: the proposals, the figures, and the input it saw."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Matching")
        DONE = "done", _("Ready for review")
        FAILED = "failed", _("Failed")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="match_runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("run"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    error = models.TextField(_("error"), blank=True)
    rules = models.JSONField(_("rules and weights"), default=dict, blank=True, help_text=_("As the run used them."))
    objective = models.JSONField(_("objective"), default=dict, blank=True)
    stats = models.JSONField(_("statistics"), default=dict, blank=True)
    mentees = models.PositiveIntegerField(_("mentees in the pool"), default=0)
    mentors = models.PositiveIntegerField(_("mentors in the pool"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    unmatched = models.PositiveIntegerField(_("unmatched"), default=0)
    mentors_used = models.PositiveIntegerField(_("mentors used"), default=0)
    cross_department = models.PositiveIntegerField(_("pairs across departments"), default=0)
    level_gap = models.FloatField(_("average level gap"), null=True, blank=True)
    total_score = models.FloatField(_("total score"), default=0)
    kept = models.PositiveIntegerField(_("active mentorships kept"), default=0)
    unmatched_reasons = models.JSONField(
        _("unmatched mentees"), default=list, blank=True, help_text=_("[{mentee, code, params}] by employee id.")
    )
    pool = models.JSONField(_("pool"), default=dict, blank=True, help_text=_("Employee ids of mentors and mentees."))
    problem = models.JSONField(_("input"), default=dict, blank=True, help_text=_("The engine's input, as a file."))
    approved = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MatchRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.programme} #{self.pk}"

    @property
    def is_running(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.RUNNING}

    @property
    def can_approve(self) -> bool:
        return self.state == self.State.DONE and self.approved is None and self.matched > 0

    @property
    def cross_department_share(self) -> float | None:
        return self.cross_department / self.matched if self.matched else None

    @property
    def optimal(self) -> bool | None:
        certificate = self.stats.get("certificate") or {}
        return certificate.get("optimal")


class Proposal(models.Model):
    """A pair the engine proposes in a run, with its score, the score's parts and the reasons (codes)."""

    run = models.ForeignKey(MatchRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="proposals")
    mentor = models.ForeignKey(Employee, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Employee, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    parts = models.JSONField(_("parts"), default=dict)
    reasons = models.JSONField(_("reasons"), default=list, help_text=_("[{code, params}]"))
    pinned = models.BooleanField(_("pinned"), default=False)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["run", "mentee__last_name", "mentee__first_name", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "mentee"], name="proposal_one_per_mentee")]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee} ({self.score:.3f})"

    def reason_objects(self) -> list[engine.Reason]:
        return [engine.Reason(r["code"], r.get("params", {})) for r in self.reasons]


class PairConstraint(models.Model):
    """An admin's decision about a pair in a programme: always pair them (pinned) or never (forbidden)."""

    class Kind(models.TextChoices):
        PINNED = "pinned", _("Pinned")
        FORBIDDEN = "forbidden", _("Forbidden")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="pair_constraints"
    )
    mentor = models.ForeignKey(Employee, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Employee, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pinned or forbidden pair")
        verbose_name_plural = _("pinned and forbidden pairs")
        ordering = ["programme", "kind", "mentee__last_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "mentor", "mentee"], name="pair_constraint_unique_pair"),
            models.UniqueConstraint(
                fields=["programme", "mentee"], condition=models.Q(kind="pinned"), name="pair_constraint_one_pin"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentor} → {self.mentee}"
