"""Forms check shape (types, lengths, choices); the rules (who, when, in which state) are in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from omkeer.mentorships.events import MAX_SESSION_MINUTES, MIN_SESSION_MINUTES
from omkeer.mentorships.models import (
    AgreementVersion,
    Assignment,
    Commitment,
    Fit,
    Status,
    Track,
    TrackSession,
)
from omkeer.mentorships.services import MAX_SERIES
from omkeer.people.models import Employee

LOCAL_INPUT = "%Y-%m-%dT%H:%M"
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the user's own zone (the browser's datetime-local control)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"], **kwargs)


def _minutes_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("Length (minutes)"), min_value=MIN_SESSION_MINUTES, max_value=MAX_SESSION_MINUTES)


class KickoffPlanForm(forms.Form):
    at = LocalDateTimeField(label=_("When"))
    place = forms.CharField(
        label=_("Where"), max_length=200, help_text=_("Somewhere outside the office works well, e.g. lunch nearby.")
    )


class KickoffHeldForm(forms.Form):
    on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class AgreementForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AgreementVersion
        fields = ["frequency", "session_minutes", "place", "expectations", "learning_goals", "confidentiality"]
        widgets = {
            "expectations": forms.Textarea(attrs={"rows": 3}),
            "learning_goals": forms.Textarea(attrs={"rows": 4}),
        }


class SessionPlanForm(forms.Form):
    track = forms.ModelChoiceField(
        label=_("Start from a session plan"),
        queryset=Track.objects.none(),
        required=False,
        empty_label=_("No plan: I write the agendas"),
        help_text=_("Each session gets the plan's topic, agenda and homework; you can change any of them later."),
    )
    first = LocalDateTimeField(label=_("First session"))
    count = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        max_value=MAX_SERIES,
        help_text=_("One per period of your agreement's frequency, at the same time of day."),
    )
    minutes = _minutes_field()
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Built from what your mentee wants to learn; you can refine it per session later."),
    )

    def __init__(self, *args: Any, tracks: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = tracks if tracks is not None else Track.objects.none()  # type: ignore[attr-defined]


class SessionEditForm(forms.Form):
    starts_at = LocalDateTimeField(label=_("Starts at"))
    minutes = _minutes_field()
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(
        label=_("Why it moves"),
        max_length=300,
        required=False,
        help_text=_("Needed when the time changes; your partner sees it."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=300)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your findings"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Only the two of you can read this."),
    )


class ReflectionForm(forms.Form):
    mentor_led = forms.ChoiceField(
        label=_("Did the mentor lead the session?"), choices=YES_NO, widget=forms.RadioSelect
    )
    stayed_reverse = forms.ChoiceField(
        label=_("Did it stay a reverse mentorship (no career advice from the senior)?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful was it? (1 = not at all, 5 = very)"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )


class FitForm(forms.Form):
    answer = forms.ChoiceField(label=_("Is this a good fit?"), choices=Fit.choices, widget=forms.RadioSelect)


class CoachForm(forms.Form):
    coach = forms.ModelChoiceField(label=_("Coach"), queryset=Employee.objects.none(), required=False)

    def __init__(self, *args: Any, coaches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches  # type: ignore[attr-defined]


class EndForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(Status.COMPLETED, _("Completed")), (Status.ENDED_EARLY, _("Ended early"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when it ends early. Both partners read it."),
    )


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORES = [(i, str(i)) for i in range(1, 6)]


class CommitmentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Commitment
        fields = ["text", "due"]
        labels = {"text": _("I commit to"), "due": _("By")}
        help_texts = {"text": _("A concrete change, e.g. “no email from Friday 19:00 to Monday 07:00”.")}
        widgets = {"due": DATE_WIDGET}


class CommitmentStateForm(forms.Form):
    state = forms.ChoiceField(label=_("Status"), choices=Commitment.State.choices)


class AssignmentForm(forms.ModelForm):  # type: ignore[type-arg]
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = Assignment
        fields = ["title", "link", "text", "due"]
        widgets = {"due": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 3})}


class AssignmentDoneForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for your mentor"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CoachConversationForm(forms.Form):
    on = forms.DateField(label=_("Held on"), widget=DATE_WIDGET)


class DelegateForm(forms.Form):
    delegate = forms.CharField(
        label=_("Your assistant's employee id or email"),
        required=False,
        help_text=_("They may see and move your session times, nothing else. Leave empty to remove."),
    )


class DelegateMoveForm(forms.Form):
    starts_at = LocalDateTimeField(label=_("New time"))
    reason = forms.CharField(label=_("Why it moves"), max_length=300)


class HealthForm(forms.Form):
    meeting_regularly = forms.TypedChoiceField(
        label=_("Do we meet regularly?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 = not at all, 5 = completely"),
    )
    learning = forms.TypedChoiceField(label=_("Am I learning?"), choices=SCORES, coerce=int, widget=forms.RadioSelect)
    safe = forms.TypedChoiceField(
        label=_("Is it safe to be honest?"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )


class TrackForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Track
        fields = ["name_en", "name_nl", "description_en", "description_nl"]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 2}),
            "description_nl": forms.Textarea(attrs={"rows": 2}),
        }


TrackSessionFormSet: type[BaseInlineFormSet[TrackSession, Track, forms.ModelForm[TrackSession]]] = (
    forms.inlineformset_factory(
        Track,
        TrackSession,
        fields=["order", "title_en", "title_nl", "agenda_en", "agenda_nl", "homework_en", "homework_nl"],
        widgets={
            name: forms.Textarea(attrs={"rows": 2}) for name in ("agenda_en", "agenda_nl", "homework_en", "homework_nl")
        },
        extra=1,
        can_delete=True,
    )
)
