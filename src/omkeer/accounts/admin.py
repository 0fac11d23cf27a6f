from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from omkeer.accounts.models import ApiToken, AuditEntry, IdempotencyKey, User
from omkeer.accounts.services import audit
from omkeer.lib.admin import ReadOnlyAdmin

# The admin classes are generic only in django-stubs (django_stubs_ext is no run-time dependency), hence the
# `type: ignore[type-arg]` on their class lines.


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An admin screen whose changes are audited: which fields changed (their names, never their values)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = f"admin.{obj._meta.model_name}-{'change' if change else 'add'}"
        audit(actor=_actor(request), action=action, target=obj, data={"fields": sorted(form.changed_data)})

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit(actor=_actor(request), action=f"admin.{obj._meta.model_name}-delete", target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit(actor=_actor(request), action=f"admin.{obj._meta.model_name}-delete", target=obj)
        super().delete_queryset(request, queryset)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):  # type: ignore[type-arg]
    """Who is HR, staff, superuser or active, and their groups, changes here: audited as `admin.user-change`."""

    list_display = ["username", "email", "first_name", "last_name", "employee", "is_hr", "is_staff", "is_active"]
    list_filter = ["is_hr", "is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["username", "email", "first_name", "last_name", "employee__employee_id"]
    raw_id_fields = ["employee"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Omkeer"), {"fields": ["employee", "is_hr", "language"]}),
    )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # the form was valid and saved
            audit(actor=_actor(request), action="admin.user-password", target=User.objects.get(pk=id))
        return response


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Append-only: no add, change or delete (the model and, on PostgreSQL, a trigger refuse them too)."""

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


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(ReadOnlyAdmin):
    """Which writes were kept for a replay, and when; never the kept answer itself."""

    list_display = ["key", "user", "status", "created"]
    fields = ["key", "user", "status", "created"]
    search_fields = ["key", "user__username"]
