"""Forms check shape (types, lengths, choices); the rules (who, thresholds, limits) are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from omkeer.lib.forms import ModelMultipleChoiceField
from omkeer.mentorships.forms import DATE_WIDGET
from omkeer.voice.models import AGREEMENT, K_FLOOR, PULSE_ITEMS, TEXT_LENGTH, Reply, Theme, Topic

SAFETY = [("", _("Rather not say"))] + [(str(n), str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Topic.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Your feedback"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={"required": _("Write what you want to say.")},
        help_text=_("Names, dates or details only you know can give you away. Leave them out if you can."),
    )
    safety = forms.TypedChoiceField(
        label=_("How safe do you feel to say this here? (1 = not at all, 5 = completely)"),
        choices=SAFETY,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class SettingsForm(forms.Form):
    k_numbers = forms.IntegerField(
        label=_("Smallest group for pulse numbers"),
        min_value=K_FLOOR,
        max_value=50,
        help_text=_("Results of smaller groups are hidden. 5 at least."),
    )
    k_text = forms.IntegerField(
        label=_("Smallest group for feedback text"),
        min_value=K_FLOOR,
        max_value=50,
        help_text=_("Feedback is released when this many different people have sent some. 10 is wise above 100."),
    )
    mentees_speak = forms.BooleanField(label=_("Mentees may send feedback too"), required=False)


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("New theme"), max_length=80)


class TagForm(forms.Form):
    themes = ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    said = forms.CharField(label=_("You said"), max_length=300)
    did = forms.CharField(label=_("We did"), max_length=TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 5}))
    status = forms.ChoiceField(label=_("Status"), choices=Reply.Status.choices)
    theme = forms.ModelChoiceField(label=_("Theme (optional)"), queryset=Theme.objects.none(), required=False)

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]


class WaveForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE_WIDGET)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE_WIDGET)


class PulseForm(forms.Form):
    """The nine statements, each on the 7-point agreement scale."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in PULSE_ITEMS:
            self.fields[item.field] = forms.TypedChoiceField(
                label=item.text,
                choices=[(str(n), label) for n, label in AGREEMENT],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
            )
