"""Forms meet services: a service's ValidationError becomes the form's errors, by field where it names one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BIGGEST_KEY = 2**63 - 1  # a 64-bit signed integer, the widest key column of every database we run on


def apply(form: BaseForm, action: Callable[[], Any]) -> bool:
    """Run `action` (a service call) for a valid form; False, with the errors on the form, when it refuses."""
    if not form.is_valid():
        return False
    try:
        action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def report(request: HttpRequest, form: BaseForm) -> None:
    """A form posted from a page that shows no form of its own: its errors become messages, by field."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        messages.error(request, f"{label}: {text}" if label else text)


def submit(request: HttpRequest, form: BaseForm, action: Callable[[], Any], success: str) -> bool:
    """A small form posted from a page of its own: run the service, then say it worked or what is wrong."""
    if apply(form, action):
        messages.success(request, success)
        return True
    report(request, form)
    return False


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Django's, refusing an integer key past 64 bits as not a choice: `pk__in=[2**63]` is an OverflowError (a 500)
    on SQLite, where Django guards only the single-value lookups."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple) and self.queryset is not None:
            meta = self.queryset.model._meta
            key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
            if isinstance(key, models.IntegerField):  # the auto keys too
                for pk in value:
                    try:
                        number = int(str(pk))
                    except ValueError:
                        continue  # Django's own check names it
                    if not -BIGGEST_KEY - 1 <= number <= BIGGEST_KEY:
                        message = self.error_messages["invalid_choice"]
                        raise ValidationError(message, code="invalid_choice", params={"value": pk})
        return super().clean(value)


class LongSelect(forms.Select):
    """A `<select>` for hundreds of options (a department's teams): one string join instead of Django's template
    per option, which takes about 40 µs an option. No option groups, one value."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in chosen else "", label) for key, label in self.choices),
        )
        final = self.build_attrs(self.attrs, attrs) | {"name": name}
        return format_html("<select{}>{}</select>", flatatt(final), options)
