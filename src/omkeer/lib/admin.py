"""Admin building blocks shared by the apps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.http import HttpRequest


def _field_name(entry: Any) -> Any:
    """The model field an entry of list_display, search_fields or list_filter reads: "^text__x" -> "text"."""
    if isinstance(entry, str):
        return entry.lstrip("^=@").split("__", 1)[0]
    if isinstance(entry, tuple | list) and entry and isinstance(entry[0], str):
        return entry[0].split("__", 1)[0]  # a list_filter of (field, FilterClass)
    return entry


class HidesContent:
    """Mixin for admin screens and inlines: the model fields in `private_fields` never render — not as fields,
    read-only values, list columns, searches nor filters. For what only the people it belongs to may read
    (a pair's agreement and notes, a colleague's recommendation, anonymous feedback): staff and superusers see
    that it exists and when, never what it says."""

    private_fields: Sequence[str] = ()

    def _public(self, entries: Any) -> list[Any]:
        return [entry for entry in entries or () if _field_name(entry) not in self.private_fields]

    def _public_fields(self, fields: Any) -> list[Any]:
        kept: list[Any] = []
        for entry in fields or ():
            if isinstance(entry, tuple | list):  # fields shown on one line
                line = tuple(name for name in entry if name not in self.private_fields)
                kept += [line] if line else []
            elif entry not in self.private_fields:
                kept.append(entry)
        return kept

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*(super().get_exclude(request, obj) or ()), *self.private_fields]  # type: ignore[misc]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return self._public_fields(super().get_fields(request, obj))  # type: ignore[misc]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fieldsets = super().get_fieldsets(request, obj)  # type: ignore[misc]
        return [(name, {**options, "fields": self._public_fields(options["fields"])}) for name, options in fieldsets]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return self._public_fields(super().get_readonly_fields(request, obj))  # type: ignore[misc]

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        return self._public(super().get_list_display(request))  # type: ignore[misc]

    def get_list_display_links(self, request: HttpRequest, list_display: Any) -> Any:
        return super().get_list_display_links(request, self._public(list_display))  # type: ignore[misc]

    def get_search_fields(self, request: HttpRequest) -> list[Any]:
        return self._public(super().get_search_fields(request))  # type: ignore[misc]

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        return self._public(super().get_list_filter(request))  # type: ignore[misc]


class ContentSafeAdmin(HidesContent, admin.ModelAdmin):  # type: ignore[type-arg]
    """An editable admin screen with `private_fields` that never render (see `HidesContent`)."""


class ReadOnlyAdmin(ContentSafeAdmin):
    """Rows that only services may write (audit, runs, mentorships): staff can look, not change."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
