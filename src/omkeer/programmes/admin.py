from __future__ import annotations

from django.contrib import admin

from omkeer.accounts.admin import AuditedAdmin
from omkeer.programmes.models import Goal, Kpi, Participation, Programme

# The admin classes are generic only in django-stubs (django_stubs_ext is no run-time dependency), hence the
# `type: ignore[type-arg]` on each class line.


class GoalInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Goal
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "status", "cadence", "session_minutes", "start_date", "end_date"]
    list_filter = ["status", "cadence"]
    search_fields = ["name", "description"]
    filter_horizontal = ["topics"]
    date_hierarchy = "start_date"
    inlines = [GoalInline]


class KpiInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Kpi
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "programme"]
    list_filter = ["programme"]
    search_fields = ["title"]
    inlines = [KpiInline]


@admin.register(Kpi)
class KpiAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "goal", "unit", "baseline", "target"]
    list_filter = ["goal__programme"]
    search_fields = ["name", "goal__title"]


@admin.register(Participation)
class ParticipationAdmin(AuditedAdmin):
    """Roles given, changed or taken away here are audited (`admin.participation-change`, …)."""

    list_display = ["employee", "programme", "role", "joined"]
    list_filter = ["programme", "role"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    raw_id_fields = ["employee"]
    list_select_related = ["employee", "programme"]
