from __future__ import annotations

from django.contrib import admin

from omkeer.enrolment.models import (
    Enrolment,
    FaqEntry,
    InterestRegistration,
    Invitation,
    MenteeIntake,
    MentorApplication,
    ProgrammePage,
    Recommendation,
    Reminder,
    TrainingModule,
    TrainingProgress,
    TrainingQuestion,
)
from omkeer.lib.admin import ContentSafeAdmin, HidesContent, ReadOnlyAdmin

# The admin classes are generic only in django-stubs (django_stubs_ext is no run-time dependency), hence the
# `type: ignore[type-arg]` on each class line. What applicants, their colleagues and mentees wrote stays out of the
# admin (`private_fields`): the programme's admins read it on the enrolment pages.

RECOMMENDATION_TEXT = ("trustworthiness", "discretion", "explaining")


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["programme", "is_open", "mentor_deadline", "mentee_deadline", "created"]
    list_filter = ["is_open"]
    search_fields = ["programme__name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["employee", "programme", "role", "sent"]
    list_filter = ["programme", "role"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    raw_id_fields = ["employee", "invited_by"]
    list_select_related = ["employee", "programme"]


class RecommendationInline(HidesContent, admin.TabularInline):  # type: ignore[type-arg]
    model = Recommendation
    private_fields = RECOMMENDATION_TEXT
    extra = 0
    raw_id_fields = ["colleague"]
    readonly_fields = ["token", "requested", "expires", "submitted"]


@admin.register(MentorApplication)
class MentorApplicationAdmin(ContentSafeAdmin):
    private_fields = ("teaching", "decision_reason")
    list_display = ["employee", "programme", "status", "capacity", "submitted", "trained"]
    list_filter = ["programme", "status"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    raw_id_fields = ["employee", "decided_by"]
    filter_horizontal = ["interests"]
    list_select_related = ["employee", "programme"]
    inlines = [RecommendationInline]


@admin.register(Recommendation)
class RecommendationAdmin(ContentSafeAdmin):
    private_fields = RECOMMENDATION_TEXT
    list_display = ["colleague", "application", "requested", "expires", "submitted"]
    search_fields = ["colleague__employee_id", "colleague__last_name", "application__employee__last_name"]
    raw_id_fields = ["application", "colleague"]
    readonly_fields = ["token"]
    list_select_related = ["colleague", "application__employee", "application__programme"]


@admin.register(MenteeIntake)
class MenteeIntakeAdmin(ContentSafeAdmin):
    private_fields = ("goals", "skill_scores", "kpi_scores", "familiarity", "why_now", "what_will_change")
    list_display = ["employee", "programme", "hours_per_week", "submitted"]
    list_filter = ["programme"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    raw_id_fields = ["employee"]
    list_select_related = ["employee", "programme"]


@admin.register(InterestRegistration)
class InterestRegistrationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["employee", "programme", "role", "created"]
    list_filter = ["programme", "role"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    raw_id_fields = ["employee"]
    list_select_related = ["employee", "programme"]


@admin.register(ProgrammePage)
class ProgrammePageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["programme", "updated"]
    search_fields = ["programme__name"]


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["question_en", "programme", "position"]
    list_filter = ["programme"]
    search_fields = ["question_en", "question_nl"]


class TrainingQuestionInline(admin.StackedInline):  # type: ignore[type-arg]
    model = TrainingQuestion
    extra = 0


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title_en", "programme", "position", "updated"]
    list_filter = ["programme"]
    search_fields = ["title_en", "title_nl"]
    inlines = [TrainingQuestionInline]


@admin.register(TrainingQuestion)
class TrainingQuestionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["text_en", "module", "position"]
    list_filter = ["module__programme"]
    search_fields = ["text_en", "text_nl"]
    list_select_related = ["module"]


@admin.register(TrainingProgress)
class TrainingProgressAdmin(ReadOnlyAdmin):
    """Passing a module (and completing the training) goes through the training's services, with audit."""

    list_display = ["application", "module", "passed"]
    list_filter = ["module__programme"]
    search_fields = ["application__employee__employee_id", "application__employee__last_name"]
    list_select_related = ["application__employee", "application__programme", "module"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["employee", "programme", "kind", "sent", "sent_by"]
    list_filter = ["programme", "kind"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    list_select_related = ["employee", "programme", "sent_by"]
