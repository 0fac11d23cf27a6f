"""Read-only admin screens. Pair content never appears, to staff and superusers alike: note text, reflection and
fit answers, the agreement's expectations and learning goals, a session's agenda, place and link, the reason a
session moved or a pair ended, commitments, assignments and health-check scores are not fields of these screens,
not searchable and not in the lists (tests/accounts/test_admin_privacy.py crawls every page to prove it)."""

from __future__ import annotations

from django.contrib import admin

from omkeer.lib.admin import ReadOnlyAdmin
from omkeer.mentorships.models import (
    AgreementVersion,
    Assignment,
    CoachRequest,
    Commitment,
    FitAnswer,
    Flag,
    HealthCheck,
    MentoringSession,
    Mentorship,
    Note,
    Nudge,
    Reflection,
    SessionChange,
    Track,
    TrackSession,
)


@admin.register(Mentorship)
class MentorshipAdmin(ReadOnlyAdmin):
    """Mentorships are created by approving a matching run and changed through the pair's pages (audited)."""

    private_fields = ("kickoff_place", "end_reason")
    list_display = ["mentor", "mentee", "programme", "coach", "status", "started", "ended"]
    list_filter = ["programme", "status"]
    search_fields = ["mentor__employee_id", "mentor__last_name", "mentee__employee_id", "mentee__last_name"]
    raw_id_fields = ["mentor", "mentee", "coach", "created_by"]
    list_select_related = ["mentor", "mentee", "programme", "coach"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(ReadOnlyAdmin):
    """That a version was proposed and accepted, how often and how long they meet: not what they agreed."""

    private_fields = ("place", "expectations", "learning_goals")
    list_display = ["mentorship", "number", "frequency", "session_minutes", "proposed", "accepted"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "mentorship__programme"]
    search_fields = ["mentorship__mentor__last_name", "mentorship__mentee__last_name"]


@admin.register(MentoringSession)
class MentoringSessionAdmin(ReadOnlyAdmin):
    private_fields = ("place", "video_link", "agenda")
    list_display = ["mentorship", "starts_at", "minutes", "state", "sequence", "reminded"]
    list_filter = ["state"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "mentorship__programme"]
    search_fields = ["mentorship__mentor__last_name", "mentorship__mentee__last_name"]


@admin.register(SessionChange)
class SessionChangeAdmin(ReadOnlyAdmin):
    private_fields = ("reason",)
    list_display = ["session", "kind", "by", "old_start", "new_start", "at"]
    list_filter = ["kind"]
    list_select_related = ["session__mentorship__mentor", "session__mentorship__mentee", "by"]
    search_fields = ["by__last_name"]


class PrivateAdmin(ReadOnlyAdmin):
    """That a note, reflection or answer exists, when and by whom: never what it says."""

    private_fields = ("text", "answer", "mentor_led", "stayed_reverse", "usefulness")
    fields = readonly_fields = ("mentorship_or_session", "author", "created")
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


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    """The mentee's commitments: state and dates here; the wording stays with the pair."""

    private_fields = ("text",)
    fields = list_display = ("mentorship", "due", "state", "created", "updated")
    list_filter = ["state"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "mentorship__programme"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    private_fields = ("title", "link", "text", "comment")
    fields = list_display = ("mentorship", "created", "due", "done")
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "mentorship__programme"]


@admin.register(CoachRequest)
class CoachRequestAdmin(ReadOnlyAdmin):
    fields = list_display = ("mentorship", "requested", "held")  # never what the pair asked the coach
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "mentorship__programme"]


@admin.register(HealthCheck)
class HealthCheckAdmin(ReadOnlyAdmin):
    """That a check was asked and answered; the scores are the partner's (a low one raises a flag)."""

    private_fields = ("meeting_regularly", "learning", "safe")
    fields = list_display = ("mentorship", "author", "due", "asked", "answered")
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "mentorship__programme", "author"]


@admin.register(Nudge)
class NudgeAdmin(ReadOnlyAdmin):
    list_display = ["mentorship", "by", "at"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "mentorship__programme", "by"]


class TrackSessionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TrackSession
    extra = 0


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Session plans are programme content, not personal data: staff may edit them here too."""

    list_display = ["name_en", "name_nl", "programme"]
    list_filter = ["programme"]
    search_fields = ["name_en", "name_nl"]
    inlines = [TrackSessionInline]


@admin.register(TrackSession)
class TrackSessionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["track", "order", "title_en", "title_nl"]
    list_select_related = ["track"]
    search_fields = ["title_en", "title_nl"]
