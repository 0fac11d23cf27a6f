from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from omkeer.people.models import (
    Department,
    Employee,
    EmployeeHistory,
    EmployeeSkill,
    ImportJob,
    Interest,
    Skill,
    SkillCategory,
    Team,
)

# The admin classes are generic only in django-stubs (django_stubs_ext is no run-time dependency), hence the
# `type: ignore[type-arg]` on each class line.


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "team_count", "employee_count"]
    search_fields = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Department]:
        departments: QuerySet[Department] = super().get_queryset(request)
        return departments.annotate(
            team_count=Count("teams", distinct=True), employee_count=Count("employees", distinct=True)
        )

    @admin.display(description=_("teams"), ordering="team_count")
    def team_count(self, obj: Department) -> int:
        count: int = obj.team_count  # type: ignore[attr-defined]  # annotated by get_queryset
        return count

    @admin.display(description=_("employees"), ordering="employee_count")
    def employee_count(self, obj: Department) -> int:
        count: int = obj.employee_count  # type: ignore[attr-defined]  # annotated by get_queryset
        return count


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "department"]
    list_filter = ["department"]
    search_fields = ["name", "department__name"]
    list_select_related = ["department"]


class EmployeeSkillInline(admin.TabularInline):  # type: ignore[type-arg]
    model = EmployeeSkill
    extra = 0
    autocomplete_fields = ["skill"]


_HISTORY_FIELDS = ("as_of", "level", "department", "team", "is_active", "created")


class EmployeeHistoryInline(admin.TabularInline):  # type: ignore[type-arg]
    """An employee's history, read-only: the HR import writes it."""

    model = EmployeeHistory
    extra = 0
    fields = _HISTORY_FIELDS
    readonly_fields = _HISTORY_FIELDS
    can_delete = False
    ordering = ["-as_of"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["employee_id", "first_name", "last_name", "email", "department", "team", "level", "is_active"]
    list_filter = ["is_active", "level", "department"]
    search_fields = ["employee_id", "first_name", "last_name", "email", "job_title"]
    list_select_related = ["department", "team"]
    raw_id_fields = ["manager", "team"]
    filter_horizontal = ["interests"]
    readonly_fields = ["reporting_path"]
    inlines = [EmployeeSkillInline, EmployeeHistoryInline]


@admin.register(EmployeeHistory)
class EmployeeHistoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the HR import writes the history. Rows go with their employee (deleting one is allowed)."""

    list_display = ["employee", "as_of", "level", "department", "team", "is_active"]
    list_filter = ["is_active", "level", "department"]
    date_hierarchy = "as_of"
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    list_select_related = ["employee", "department", "team"]
    ordering = ["-as_of", "employee__employee_id"]
    readonly_fields = ("employee", *_HISTORY_FIELDS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SkillCategory)
class SkillCategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "label", "label_nl", "category"]
    list_filter = ["category"]
    search_fields = ["name", "label", "label_nl"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(EmployeeSkill)
class EmployeeSkillAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["employee", "skill", "proficiency"]
    list_filter = ["skill", "proficiency"]
    search_fields = ["employee__employee_id", "employee__last_name", "skill__name"]
    raw_id_fields = ["employee"]
    list_select_related = ["employee", "skill"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["filename", "created_by", "created", "state"]
    list_filter = ["state"]
    search_fields = ["filename", "created_by__username"]
    readonly_fields = ["created_by", "filename", "as_of", "state", "progress_done", "progress_total", "report"]
    exclude = ["data"]
