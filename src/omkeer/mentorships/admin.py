"""Read-only admin screens. Private content never appears: note text, reflection and fit answers are not
fields of these screens, not searchable and not in the lists (a test proves it)."""

from __future__ import annotations

from django.contrib import admin

from omkeer.lib.admin import ReadOnlyAdmin
from omkeer.mentorships.models import (
    AgreementVersion,
    FitAnswer,
    Flag,
    MentoringSession,
    Mentorship,
    Note,
    Reflection,
    SessionChange,
)


@admin.register(Mentorship)
class MentorshipAdmin(ReadOnlyAdmin):
    """Mentorships are created by approving a matching run and changed through the pair's pages (audited)."""

    list_display = ["mentor", "mentee", "programme", "coach", "status", "started", "ended"]
    list_filter = ["programme", "status"]
    search_fields = ["mentor__employee_id", "mentor__last_name", "mentee__employee_id", "mentee__last_name"]
    raw_id_fields = ["mentor", "mentee", "coach", "created_by"]
    list_select_related = ["mentor", "mentee", "programme", "coach"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    list_display = ["mentorship", "number", "frequency", "session_minutes", "proposed", "accepted"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "mentorship__programme"]
    search_fields = ["mentorship__mentor__last_name", "mentorship__mentee__last_name"]


@admin.register(MentoringSession)
class MentoringSessionAdmin(ReadOnlyAdmin):
    list_display = ["mentorship", "starts_at", "minutes", "state", "sequence", "reminded"]
    list_filter = ["state"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "mentorship__programme"]
    search_fields = ["mentorship__mentor__last_name", "mentorship__mentee__last_name"]


@admin.register(SessionChange)
class SessionChangeAdmin(ReadOnlyAdmin):
    list_display = ["session", "kind", "by", "old_start", "new_start", "at"]
    list_filter = ["kind"]
    list_select_related = ["session__mentorship__mentor", "session__mentorship__mentee", "by"]
    search_fields = ["by__last_name"]


class PrivateAdmin(ReadOnlyAdmin):
    """That a note, reflection or answer exists, when and by whom: never what it says."""

    fields = ["mentorship_or_session", "author", "created"]
    readonly_fields = fields
    list_display = ["pk", "author", "created"]
    list_select_related = ["author"]
    search_fields = ["author__last_name"]

    @admin.display(description="mentorship / session")
    def mentorship_or_session(self, obj: Note | Reflection | FitAnswer) -> str:
        return str(getattr(obj, "session", None) or getattr(obj, "mentorship", ""))


admin.site.register(Note, PrivateAdmin)
admin.site.register(Reflection, PrivateAdmin)
admin.site.register(FitAnswer, PrivateAdmin)


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["mentorship", "kind", "raised", "resolved"]
    list_filter = ["kind"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "mentorship__programme"]
