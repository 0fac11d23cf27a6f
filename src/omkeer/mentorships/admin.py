from __future__ import annotations

from django.contrib import admin

from omkeer.lib.admin import ReadOnlyAdmin
from omkeer.mentorships.models import Mentorship


@admin.register(Mentorship)
class MentorshipAdmin(ReadOnlyAdmin):
    """Read-only: mentorships are created by approving a matching run (which emails and audits)."""

    list_display = ["mentor", "mentee", "programme", "status", "started", "ended"]
    list_filter = ["programme", "status"]
    search_fields = ["mentor__employee_id", "mentor__last_name", "mentee__employee_id", "mentee__last_name"]
    raw_id_fields = ["mentor", "mentee", "created_by"]
    list_select_related = ["mentor", "mentee", "programme"]
