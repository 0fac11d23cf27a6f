"""Read-only admin screens. Posts and comments are on the board for the programme to read anyway; ideas are the
pair's until published, so their screen shows that an idea exists, never its text (not searchable either)."""

from __future__ import annotations

from django.contrib import admin

from omkeer.board.models import Attendance, Comment, Idea, Meetup, Post
from omkeer.lib.admin import ReadOnlyAdmin


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    """Posts are published, edited, withdrawn and hidden through the board's pages (audited)."""

    list_display = ["title", "programme", "author", "kind", "created", "hidden_at"]
    list_filter = ["programme", "kind"]
    search_fields = ["title", "author__last_name"]
    exclude = ["source_note"]
    list_select_related = ["programme", "author"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "post", "author", "created"]
    search_fields = ["author__last_name"]
    list_select_related = ["post", "author"]


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    """That an idea exists, for which pair, by whom and whether it is on the board: never what it says."""

    readonly_fields = ("mentorship", "author", "created", "post")
    fields = readonly_fields
    list_display = ["pk", "author", "created", "post"]
    search_fields = ["author__last_name"]
    list_select_related = ["author", "post"]


class AttendanceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Attendance
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Meetup)
class MeetupAdmin(ReadOnlyAdmin):
    list_display = ["programme", "starts_at", "minutes", "state", "sequence", "attendance_recorded"]
    list_filter = ["programme", "state"]
    search_fields = ["programme__name", "place"]
    list_select_related = ["programme"]
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["meetup", "mentor"]
    search_fields = ["mentor__last_name"]
    list_select_related = ["meetup__programme", "mentor"]
