from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from omkeer.matching.models import MatchRun, MatchSettings
from omkeer.people.models import Employee
from omkeer.programmes.models import Programme, Role

# ModelForm is generic only in django-stubs (django_stubs_ext is no run-time dependency), hence the
# `type: ignore[type-arg]` on each ModelForm class line.

DECIMAL_FIELDS = (
    "min_skill_score",
    "weight_skills",
    "weight_interests",
    "weight_cross_department",
    "weight_reciprocal",
)
CHOICES_LIMIT = 1000  # above this many people, "why not?" asks for employee ids instead of offering a list


class MatchSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = MatchSettings
        fields = [
            "objective",
            "min_level_gap",
            "forbid_same_team",
            "forbid_reporting_line",
            "reporting_line_depth",
            "forbid_same_department",
            "require_training",
            "min_skill_score",
            "min_cross_department_share",
            "weight_skills",
            "weight_interests",
            "weight_cross_department",
            "weight_reciprocal",
        ]
        widgets = {name: forms.NumberInput(attrs={"step": "0.05", "min": "0"}) for name in DECIMAL_FIELDS} | {
            "min_cross_department_share": forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"})
        }


class PairForm(forms.Form):
    """A mentor and a mentee of the programme, by primary key (the review table's pin and forbid buttons)."""

    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Employee.objects.none(), widget=forms.HiddenInput)
    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=Employee.objects.none(), widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role in (Role.MENTOR, Role.MENTEE):
            field = cast(forms.ModelChoiceField, self.fields[str(role)])  # type: ignore[type-arg]
            field.queryset = Employee.objects.filter(
                participations__programme=programme, participations__role=role
            ).distinct()


class WhyNotForm(forms.Form):
    """Choose a mentor and a mentee of the run's pool (by employee id when the pool is too large for a list)."""

    mentor = forms.CharField(label=_("Mentor"))
    mentee = forms.CharField(label=_("Mentee"))

    def __init__(self, *args: Any, run: MatchRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for role in ("mentor", "mentee"):
            ids = run.pool.get(f"{role}s", [])
            if len(ids) <= CHOICES_LIMIT:
                self.fields[role] = forms.ChoiceField(label=self.fields[role].label, choices=_choices(ids))
            else:
                self.fields[role].help_text = _("Employee id, e.g. %(example)s") % {"example": ids[0]}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        found = Employee.objects.in_bulk(
            [data[k] for k in ("mentor", "mentee") if data.get(k)], field_name="employee_id"
        )
        for role in ("mentor", "mentee"):
            if data.get(role):
                if data[role] not in found:
                    self.add_error(role, _("No employee has this id."))
                else:
                    data[role] = found[data[role]]
        return data


def _choices(ids: list[str]) -> list[tuple[str, str]]:
    people = (
        Employee.objects.filter(employee_id__in=ids).select_related("department").order_by("last_name", "first_name")
    )
    label = _("%(name)s (%(department)s, level %(level)s)")
    return [("", "—")] + [
        (p.employee_id, label % {"name": p.full_name, "department": p.department.name, "level": p.level})
        for p in people
    ]
