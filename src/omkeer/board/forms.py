"""Forms check shape (types, lengths, choices); who may do what, and when, is decided in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from omkeer.board.models import BODY_LENGTH, COMMENT_LENGTH, IDEA_LENGTH, TITLE_LENGTH, Meetup
from omkeer.lib.forms import ModelMultipleChoiceField
from omkeer.mentorships.events import MAX_SESSION_MINUTES, MIN_SESSION_MINUTES
from omkeer.mentorships.forms import LocalDateTimeField
from omkeer.people.models import Employee


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_LENGTH)
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Everyone in the programme reads this: mentors, mentees, coaches and the programme admin."),
    )


class NotePublishForm(PostForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "This is a copy of your note: edit it as you like before you publish. Your note stays private and "
            "unchanged. Everyone in the programme reads the post."
        )


class LearningForm(PostForm):
    meetup = forms.ModelChoiceField(
        label=_("After the meet-up (optional)"), queryset=Meetup.objects.none(), required=False
    )

    def __init__(self, *args: Any, meetups: QuerySet[Meetup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meetup"].queryset = meetups  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=COMMENT_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why hide it?"), max_length=300, help_text=_("The author reads this; the post leaves the board.")
    )


class IdeaForm(forms.Form):
    title = forms.CharField(
        label=_("The idea in a few words"),
        max_length=TITLE_LENGTH,
        help_text=_("e.g. “Team updates as a two-minute video instead of a long email”"),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=IDEA_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What would change, and for whom. Only the two of you read it unless you publish it."),
    )


class MeetupForm(forms.Form):
    starts_at = LocalDateTimeField(label=_("Starts at"), help_text=_("In your own time zone."))
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=MIN_SESSION_MINUTES, max_value=MAX_SESSION_MINUTES
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self) -> dict[str, Any]:
        """Name a missing place at once, beside any other field's error (the service checks it again)."""
        data = super().clean() or {}
        if not data.get("place", "").strip() and not data.get("video_link") and "video_link" not in self.errors:
            self.add_error("place", _("Give a place or a video link."))
        return data


class AttendanceForm(forms.Form):
    attended = ModelMultipleChoiceField(
        label=_("Who came"),
        queryset=Employee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )

    def __init__(self, *args: Any, mentors: QuerySet[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = mentors  # type: ignore[attr-defined]
