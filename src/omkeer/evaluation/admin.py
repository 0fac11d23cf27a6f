"""Read-only admin screens. Check-ins show that a conversation was planned and held, never its answers or notes;
follow-ups show who was invited and whether they answered, never the answers (staff are not the programme's admins)."""

from __future__ import annotations

from django.contrib import admin

from omkeer.evaluation.models import (
    CheckIn,
    CheckInPlan,
    Decision,
    DecisionRule,
    FollowUp,
    KpiSource,
    Measurement,
    Survey,
)
from omkeer.lib.admin import ReadOnlyAdmin


@admin.register(KpiSource)
class KpiSourceAdmin(ReadOnlyAdmin):
    list_display = ["kpi", "source", "skill"]


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyAdmin):
    list_display = ["kpi", "period", "value", "entered"]
    list_filter = ["kpi__goal__programme"]


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ["programme", "kind", "opens", "closes", "sent"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    """Who was asked and whether they answered: not what they answered."""

    private_fields = ("skill_scores", "kpi_scores", "familiarity", "growth", "effective_organisation", "effective_me")
    readonly_fields = ("survey", "employee", "role", "invited", "reminded", "submitted")
    fields = readonly_fields
    list_display = ["employee", "survey", "role", "submitted"]


@admin.register(CheckInPlan)
class CheckInPlanAdmin(ReadOnlyAdmin):
    list_display = ["programme", "every_weeks", "first"]


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    """That a check-in was planned and held: never its answers, concerns or notes."""

    private_fields = ("personal_growth", "knowledge", "relationship", "concerns", "notes")
    readonly_fields = ("programme", "employee", "role", "due", "held", "recorded_by")
    fields = readonly_fields
    list_display = ["employee", "programme", "role", "due", "held"]


@admin.register(DecisionRule)
class DecisionRuleAdmin(ReadOnlyAdmin):
    list_display = ["programme", "metric", "comparison", "threshold", "ci_clear", "essential"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["programme", "outcome", "recommended", "decided", "decided_by"]
