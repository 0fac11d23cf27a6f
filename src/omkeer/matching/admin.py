"""Matching in the Django admin: read-only. Settings, runs, pins and approvals change through the matching pages
(and their services, which validate and audit), never by hand."""

from __future__ import annotations

from django.contrib import admin

from omkeer.lib.admin import ReadOnlyAdmin
from omkeer.matching.models import MatchRun, MatchSettings, PairConstraint, Proposal


@admin.register(MatchSettings)
class MatchSettingsAdmin(ReadOnlyAdmin):
    list_display = ["programme", "objective", "min_level_gap", "forbid_same_team", "forbid_reporting_line"]
    search_fields = ["programme__name"]


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = ["programme", "created", "created_by", "state", "matched", "unmatched", "approved"]
    list_filter = ["programme", "state"]
    search_fields = ["programme__name"]
    exclude = ["problem"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["run", "mentor", "mentee", "score", "pinned"]
    list_filter = ["run__programme"]
    search_fields = ["mentor__employee_id", "mentor__last_name", "mentee__employee_id", "mentee__last_name"]
    list_select_related = ["run__programme", "mentor", "mentee"]


@admin.register(PairConstraint)
class PairConstraintAdmin(ReadOnlyAdmin):
    list_display = ["programme", "mentor", "mentee", "kind", "created_by", "created"]
    list_filter = ["programme", "kind"]
    search_fields = ["mentor__employee_id", "mentor__last_name", "mentee__employee_id", "mentee__last_name"]
    list_select_related = ["programme", "mentor", "mentee"]
