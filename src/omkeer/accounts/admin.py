from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from omkeer.accounts.models import ApiToken, AuditEntry, User
from omkeer.lib.admin import ReadOnlyAdmin

# The admin classes are generic only in django-stubs (django_stubs_ext is no run-time dependency), hence the
# `type: ignore[type-arg]` on their class lines.


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "email", "first_name", "last_name", "employee", "is_hr", "is_staff", "is_active"]
    list_filter = ["is_hr", "is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["username", "email", "first_name", "last_name", "employee__employee_id"]
    raw_id_fields = ["employee"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Omkeer"), {"fields": ["employee", "is_hr", "language"]}),
    )


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_id", "summary"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "summary", "actor__username", "target_id"]
    date_hierarchy = "at"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "user", "prefix", "created", "last_used"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["prefix", "created", "last_used"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are issued from the user's own account page, which shows the raw value once
