from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from omkeer.mentorships.models import Mentorship


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    """Read-only: mentorships are created by approving a matching run (which emails and audits)."""

    list_display = ["mentor", "mentee", "programme", "status", "started", "ended"]
    list_filter = ["programme", "status"]
    search_fields = ["mentor__employee_id", "mentor__last_name", "mentee__employee_id", "mentee__last_name"]
    raw_id_fields = ["mentor", "mentee", "created_by"]
    list_select_related = ["mentor", "mentee", "programme"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
