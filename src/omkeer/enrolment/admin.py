from __future__ import annotations

from django.contrib import admin

from omkeer.enrolment.models import (
    Enrolment,
    InterestRegistration,
    Invitation,
    MenteeIntake,
    MentorApplication,
    Recommendation,
)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["programme", "is_open", "mentor_deadline", "mentee_deadline", "created"]
    list_filter = ["is_open"]
    search_fields = ["programme__name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["employee", "programme", "role", "sent"]
    list_filter = ["programme", "role"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    raw_id_fields = ["employee", "invited_by"]
    list_select_related = ["employee", "programme"]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    raw_id_fields = ["colleague"]
    readonly_fields = ["token", "requested", "expires", "submitted"]


@admin.register(MentorApplication)
class MentorApplicationAdmin(admin.ModelAdmin):
    list_display = ["employee", "programme", "status", "capacity", "submitted", "trained"]
    list_filter = ["programme", "status"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    raw_id_fields = ["employee", "decided_by"]
    filter_horizontal = ["interests"]
    list_select_related = ["employee", "programme"]
    inlines = [RecommendationInline]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["colleague", "application", "requested", "expires", "submitted"]
    search_fields = ["colleague__employee_id", "colleague__last_name", "application__employee__last_name"]
    raw_id_fields = ["application", "colleague"]
    readonly_fields = ["token"]
    list_select_related = ["colleague", "application__employee", "application__programme"]


@admin.register(MenteeIntake)
class MenteeIntakeAdmin(admin.ModelAdmin):
    list_display = ["employee", "programme", "hours_per_week", "submitted"]
    list_filter = ["programme"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    raw_id_fields = ["employee"]
    list_select_related = ["employee", "programme"]


@admin.register(InterestRegistration)
class InterestRegistrationAdmin(admin.ModelAdmin):
    list_display = ["employee", "programme", "role", "created"]
    list_filter = ["programme", "role"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name"]
    raw_id_fields = ["employee"]
    list_select_related = ["employee", "programme"]
