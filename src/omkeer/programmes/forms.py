from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from omkeer.lib.forms import ModelMultipleChoiceField
from omkeer.people.models import Employee, Skill
from omkeer.programmes.models import Kpi, Programme, Role

# ModelForm is generic only in django-stubs (django_stubs_ext is no run-time dependency), hence the
# `type: ignore[type-arg]` on each ModelForm class line.


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ProgrammeForm(forms.ModelForm):  # type: ignore[type-arg]
    topics = ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
        help_text=_("The skills mentors teach in this programme."),
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "description",
            "status",
            "cadence",
            "session_minutes",
            "start_date",
            "end_date",
            "min_mentee_hours_per_week",
            "topics",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be on or after the start date."))
        return data

    def programme_fields(self) -> dict[str, object]:
        return {k: v for k, v in self.cleaned_data.items() if k != "topics"}

    def programme_changes(self) -> dict[str, object]:
        return {k: self.cleaned_data[k] for k in self.changed_data if k != "topics"}


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)


class KpiForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Kpi
        fields = ["name", "unit", "baseline", "target"]


class ParticipantForm(forms.Form):
    employee = forms.CharField(
        label=_("Employee id or email"), max_length=254, help_text=_("As in the people directory.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_employee(self) -> Employee:
        value = self.cleaned_data["employee"].strip()
        employee = (
            Employee.objects.filter(employee_id=value).first() or Employee.objects.filter(email__iexact=value).first()
        )
        if employee is None:
            raise forms.ValidationError(_("No employee with id or email “%(value)s”.") % {"value": value})
        return employee
