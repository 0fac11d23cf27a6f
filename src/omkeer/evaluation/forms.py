"""Forms check shape (types, lengths, choices); the rules (periods, scores, who) are checked again in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from omkeer.evaluation.models import NOTE_LENGTH, Comparison, FollowUp, Outcome, Source, SurveyKind
from omkeer.mentorships.forms import DATE_WIDGET

SCORES = [("", "—")] + [(n, str(n)) for n in range(1, 6)]


def _score(label: Any, *, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=SCORES, coerce=int, empty_value=None, required=required)


class SourceForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    skill = forms.ChoiceField(label=_("Skill"), choices=[], required=False)

    def __init__(self, *args: Any, skills: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "—"), *skills]  # type: ignore[attr-defined]


class MeasurementForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=8, help_text=_("2026-03, 2026-Q1 or 2026"))
    value = forms.CharField(label=_("Value"), max_length=20)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file (kpi,period,value,note)"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > 2_000_000:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        data: bytes = upload.read()
        return data


class SurveyForm(forms.Form):
    kind = forms.ChoiceField(label=_("When"), choices=SurveyKind.choices)
    opens = forms.DateField(label=_("Opens"), widget=DATE_WIDGET)
    closes = forms.DateField(label=_("Closes"), widget=DATE_WIDGET)


class FollowUpForm(forms.Form):
    """The follow-up of one participant: the questions its survey asks them."""

    recommend = forms.TypedChoiceField(
        label=_("Would you recommend the programme to a colleague?"),
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
    )

    def __init__(self, *args: Any, followup: FollowUp, asked: dict[str, list[tuple[str, str]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked = asked
        for group, items in asked.items():
            for key, label in items:
                self.fields[f"{group}_{key}"] = _score(label, required=group != "kpi")
        if followup.survey.kind == SurveyKind.END:
            self.fields["rating_effective_organisation"] = _score(
                _("How effective was the programme for the organisation?")
            )
            self.fields["rating_effective_me"] = _score(_("How effective was it for you?"))
            self.fields["recommend"] = self.fields.pop("recommend")
        else:
            del self.fields["recommend"]
        self.initial.update({f"skill_{k}": v for k, v in followup.skill_scores.items()})
        self.initial.update({f"kpi_{k}": v for k, v in followup.kpi_scores.items()})
        self.initial.update({f"familiarity_{k}": v for k, v in followup.familiarity.items()})
        self.initial.update({f"growth_{k}": v for k, v in followup.growth.items()})

    def group(self, name: str) -> list[forms.BoundField]:
        return [self[f"{name}_{key}"] for key, _label in self.asked.get(name, [])]

    def skill_fields(self) -> list[forms.BoundField]:
        return self.group("skill")

    def kpi_fields(self) -> list[forms.BoundField]:
        return self.group("kpi")

    def familiarity_fields(self) -> list[forms.BoundField]:
        return self.group("familiarity")

    def growth_fields(self) -> list[forms.BoundField]:
        return self.group("growth")

    def rating_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in ("rating_effective_organisation", "rating_effective_me", "recommend")
            if name in self.fields
        ]

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        answers: dict[str, Any] = {
            group: {key: data.get(f"{group}_{key}") for key, _label in items} for group, items in self.asked.items()
        }
        if "recommend" in self.fields:
            answers["effective_organisation"] = data.get("rating_effective_organisation")
            answers["effective_me"] = data.get("rating_effective_me")
            answers["recommend"] = data.get("recommend")
        return answers


class CheckInPlanForm(forms.Form):
    every_weeks = forms.IntegerField(label=_("Every (weeks)"), min_value=1, max_value=26, initial=6)
    first = forms.DateField(label=_("First check-ins on"), widget=DATE_WIDGET)


class CheckInForm(forms.Form):
    held = forms.DateField(label=_("Held on"), widget=DATE_WIDGET)
    personal_growth = _score(_("Personal growth"), required=False)
    knowledge = _score(_("Knowledge gained"), required=False)
    relationship = _score(_("Working relationship with the partner"), required=False)
    concerns = forms.CharField(
        label=_("Concerns"), max_length=NOTE_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Read by the programme's admins and coaches only; never by the partner."),
    )


class RuleForm(forms.Form):
    metric = forms.ChoiceField(label=_("Figure"), choices=[])
    comparison = forms.ChoiceField(label=_("Must be"), choices=Comparison.choices)
    threshold = forms.CharField(
        label=_("Threshold"), max_length=20, help_text=_("For before/after figures: the change (e.g. 1 for +1 point).")
    )
    ci_clear = forms.BooleanField(label=_("and its 95 % confidence interval clear of 0"), required=False)
    essential = forms.BooleanField(label=_("Essential (stop if it fails)"), required=False)

    def __init__(self, *args: Any, metrics: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = metrics  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(label=_("Rationale"), max_length=NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 5}))
