from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from omkeer.lib.forms import BIGGEST_KEY, LongSelect
from omkeer.people import history
from omkeer.people.models import LEVEL_MAX, LEVEL_MIN, Department, Skill, Team

MAX_UPLOAD_BYTES = 40 * 1024 * 1024
LEVEL_CHOICES = [("", _("Any"))] + [(str(n), str(n)) for n in range(LEVEL_MIN, LEVEL_MAX + 1)]


class TeamChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A department's teams, by name (the department is chosen beside it)."""

    def label_from_instance(self, obj: Team) -> str:
        return obj.name


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False, empty_label=_("Any")
    )
    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False, widget=LongSelect)
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """The team choices are the chosen department's (or the chosen team's department's): an organisation of
        100,000 has thousands of teams, too many for one list and for every page view."""
        super().__init__(*args, **kwargs)
        team = cast(TeamChoiceField, self.fields["team"])
        department, chosen = _key(self.data.get("department")), _key(self.data.get("team"))
        if department is not None:
            team.queryset = Team.objects.filter(department_id=department)
        elif chosen is not None:
            team.queryset = Team.objects.filter(department__teams=chosen)
        team.empty_label = _("Any") if department is not None or chosen is not None else _("Choose a department first")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        low, high = data.get("level_min"), data.get("level_max")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            self.add_error("level_max", _("“Level to” must not be below “Level from”."))
        return data


def _key(value: object) -> int | None:
    """A primary key from the query string, or None for anything else."""
    text = value if isinstance(value, str) else ""
    return int(text) if text.isascii() and text.isdigit() and int(text) <= BIGGEST_KEY else None


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
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the file describes; changes of level, team and status are recorded on this date."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".csv", ".txt", ".xlsx"}:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 40 MB."))
        return upload

    def clean_as_of(self) -> dt.date:
        """Empty means today; a day before the last import is refused (the import refuses it too)."""
        as_of: dt.date = self.cleaned_data["as_of"] or timezone.localdate()
        last = history.last_date()
        if last is not None and as_of < last:
            raise forms.ValidationError(
                _("The last import was as of %(date)s; choose that day or a later one.") % {"date": date_format(last)}
            )
        return as_of
