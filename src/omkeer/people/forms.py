from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from omkeer.people.models import LEVEL_MAX, LEVEL_MIN, Department, Skill, Team

MAX_UPLOAD_BYTES = 40 * 1024 * 1024
LEVEL_CHOICES = [("", _("Any"))] + [(str(n), str(n)) for n in range(LEVEL_MIN, LEVEL_MAX + 1)]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False, empty_label=_("Any")
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.select_related("department"), required=False, empty_label=_("Any")
    )
    level_min = forms.TypedChoiceField(label=_("Level from"), choices=LEVEL_CHOICES, coerce=int, required=False)
    level_max = forms.TypedChoiceField(label=_("Level to"), choices=LEVEL_CHOICES, coerce=int, required=False)
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.all(), required=False, to_field_name="name", empty_label=_("Any")
    )
    min_proficiency = forms.TypedChoiceField(
        label=_("Skill at least"),
        choices=[(str(n), str(n)) for n in range(0, 5)],
        coerce=int,
        required=False,
        initial=1,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        low, high = data.get("level_min"), data.get("level_max")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            self.add_error("level_max", _("“Level to” must not be below “Level from”."))
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("HR export"),
        help_text=_("CSV (comma or semicolon, UTF-8) or Excel .xlsx with the columns listed below."),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate people who are not in the file"),
        required=False,
        help_text=_("Leave this off to only report them."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".csv", ".txt", ".xlsx"}:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 40 MB."))
        return upload
