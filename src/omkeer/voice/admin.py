"""Read-only admin screens that never show what was said: feedback appears as its topic, quarter and release
(not its text, not searchable), pulse responses as their wave, speakers as a count per programme."""

from __future__ import annotations

from django.contrib import admin

from omkeer.lib.admin import ReadOnlyAdmin
from omkeer.voice.models import (
    Feedback,
    PulseInvitation,
    PulseResponse,
    PulseWave,
    Release,
    Reply,
    Speaker,
    Theme,
    VoiceSettings,
)


@admin.register(VoiceSettings)
class VoiceSettingsAdmin(ReadOnlyAdmin):
    list_display = ["programme", "k_numbers", "k_text", "mentees_speak"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    """That feedback exists, about what and when it was released: never its text or how safe it felt."""

    private_fields = ("text", "safety")
    readonly_fields = ("programme", "period", "topic", "release")
    fields = readonly_fields
    list_display = ["topic", "programme", "period", "release"]
    list_filter = ["programme", "topic"]
    search_fields = ["programme__name"]


@admin.register(Theme)
class ThemeAdmin(ReadOnlyAdmin):
    list_display = ["name", "programme"]
    search_fields = ["name"]


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    list_display = ["programme", "number", "month", "contributors"]


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ["said", "programme", "status", "month"]
    search_fields = ["said"]


@admin.register(Speaker)
class SpeakerAdmin(ReadOnlyAdmin):
    readonly_fields = ("programme", "period")
    fields = readonly_fields
    list_display = ["programme", "period"]
    search_fields = ["programme__name"]


@admin.register(PulseWave)
class PulseWaveAdmin(ReadOnlyAdmin):
    list_display = ["name", "programme", "opens_on", "closes_on", "invited"]
    search_fields = ["name"]


@admin.register(PulseInvitation)
class PulseInvitationAdmin(ReadOnlyAdmin):
    readonly_fields = ("wave", "employee", "role", "answered", "reminded")
    fields = readonly_fields
    list_display = ["wave", "employee", "role", "answered"]
    search_fields = ["employee__last_name"]
    list_select_related = ["wave", "employee"]


@admin.register(PulseResponse)
class PulseResponseAdmin(ReadOnlyAdmin):
    private_fields = ("role", "department", "band", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "honest", "speak")
    readonly_fields = ("wave",)
    fields = readonly_fields
    list_display = ["wave"]
    search_fields = ["wave__name"]
