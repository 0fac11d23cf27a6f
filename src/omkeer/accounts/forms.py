from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That email address and password do not match. Passwords are case-sensitive."),
    }

    username = forms.CharField(
        label=_("Email address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean_username(self) -> str:
        """Usernames are email addresses, and people type those in any case: use the stored spelling."""
        typed: str = self.cleaned_data["username"].strip()
        users = get_user_model().objects.filter(username__iexact=typed)
        stored = list(users.values_list("username", flat=True)[:2])
        return stored[0] if len(stored) == 1 else typed


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What the token is for, e.g. “HR sync script”.")
    )


class PreferencesForm(forms.ModelForm):  # type: ignore[type-arg]
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(zone, zone.replace("_", " ")) for zone in sorted(zoneinfo.available_timezones())],
        help_text=_("Session times are shown in this zone, and calendar invitations carry it."),
    )

    class Meta:
        model = get_user_model()
        fields = ["language", "time_zone"]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "text"}),
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
    )
