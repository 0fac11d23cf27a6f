from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from omkeer.enrolment.models import (
    CAPACITY_MAX,
    CAPACITY_MIN,
    FAMILIARITY_AREAS,
    IMPORTANCE_LABELS,
    PAGE_SECTIONS,
    ROLES,
    BlogUse,
    FaqEntry,
    MenteeIntake,
    MentorApplication,
    Recommendation,
    ShoppingUse,
    SocialUse,
    TrainingModule,
    TrainingQuestion,
    hours_phrase,
    minimum_hours_message,
)
from omkeer.enrolment.pagetexts import TEXT_MAX
from omkeer.enrolment.training import OPTIONS_MAX, OPTIONS_MIN
from omkeer.lib.forms import ModelMultipleChoiceField
from omkeer.people.models import LEVEL_MAX, LEVEL_MIN, PROFICIENCY_LABELS, Department, Employee, Interest, Skill
from omkeer.programmes.forms import DateInput
from omkeer.programmes.models import Kpi, Programme

# ModelForm is generic only in django-stubs (django_stubs_ext is no run-time dependency), hence the
# `type: ignore[type-arg]` on each ModelForm class line.

PROFICIENCY_CHOICES = [("", "—"), *((n, format_lazy("{} – {}", n, label)) for n, label in PROFICIENCY_LABELS.items())]
IMPORTANCE_CHOICES = [
    ("", _("not now")),
    *((n, format_lazy("{} – {}", n, label)) for n, label in IMPORTANCE_LABELS.items()),
]
SCORE_CHOICES = [
    ("", "—"),
    (1, _("1 – I am just starting")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – very confident")),
]
KPI_CHOICES = [("", _("not applicable to me")), *SCORE_CHOICES[1:]]
LEVEL_CHOICES = [("", "—"), *((n, str(n)) for n in range(LEVEL_MIN, LEVEL_MAX + 1))]


def _score(label: Any, choices: list[Any], *, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=choices, coerce=int, empty_value=None, required=required)


def _employee(value: str) -> Employee:
    value = value.strip()
    employee = (
        Employee.objects.filter(employee_id=value).first() or Employee.objects.filter(email__iexact=value).first()
    )
    if employee is None:
        raise forms.ValidationError(_("No employee with id or email “%(value)s”.") % {"value": value})
    return employee


def form_errors(form: forms.Form) -> str:
    """The form's errors as one line (for a message), each naming its field."""
    return "; ".join(
        f"{form.fields[name].label}: {' '.join(map(str, errors))}"
        if name in form.fields
        else " ".join(map(str, errors))
        for name, errors in form.errors.items()
    )


class ServiceErrorsMixin:
    """Put a service's ValidationError on the form: on the field it names, or on the form as a whole."""

    # service field name -> form field that shows its error
    error_fields: dict[str, str] = {}

    def attach(self, error: ValidationError) -> None:
        form: forms.Form = self  # type: ignore[assignment]
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            target = self.error_fields.get(name, name)
            form.add_error(target if target in form.fields else None, errors)


class EnrolmentForm(forms.Form):
    mentor_deadline = forms.DateField(
        label=_("Mentor application deadline"), required=False, widget=DateInput(), help_text=_("Leave empty for none.")
    )
    mentee_deadline = forms.DateField(
        label=_("Mentee intake deadline"), required=False, widget=DateInput(), help_text=_("Leave empty for none.")
    )


class InviteForm(forms.Form):
    role = forms.ChoiceField(label=_("Invite as"), choices=ROLES)
    level_min = forms.TypedChoiceField(
        label=_("Level from"), choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False
    )
    level_max = forms.TypedChoiceField(
        label=_("Level to"), choices=LEVEL_CHOICES, coerce=int, empty_value=None, required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False, empty_label=_("any department")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("level_min"), data.get("level_max")
        if low is not None and high is not None and low > high:
            self.add_error("level_max", _("“Level to” must be at least “Level from”."))
        return data

    def employees(self) -> Any:
        data = self.cleaned_data
        return Employee.objects.filter(is_active=True).matching(
            department=data.get("department"), level_min=data.get("level_min"), level_max=data.get("level_max")
        )


class InterestForm(forms.Form):
    role = forms.ChoiceField(label=_("I would like to join as"), choices=ROLES, widget=forms.RadioSelect)


class MentorApplicationForm(ServiceErrorsMixin, forms.Form):
    teaching = forms.CharField(
        label=_("What could you teach a senior leader?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In your own words: tools, habits, examples from your own work."),
    )
    interests = ModelMultipleChoiceField(
        label=_("Your interests"),
        queryset=Interest.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
        help_text=_("Shared interests help a pair get on."),
    )
    capacity = forms.TypedChoiceField(
        label=_("How many mentees can you take?"),
        choices=[(n, str(n)) for n in range(CAPACITY_MIN, CAPACITY_MAX + 1)],
        coerce=int,
        initial=1,
        help_text=_("Each mentee takes about an hour a month, plus preparation."),
    )
    pledge = forms.BooleanField(
        label=_("I will keep what my mentees tell me confidential, and I will not discuss them with others."),
        error_messages={"required": _("Accept the confidentiality pledge to apply.")},
    )

    def __init__(self, *args: Any, programme: Programme, instance: MentorApplication | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.topics = list(programme.topics.all())
        self.learnable = list(Skill.objects.exclude(pk__in=[skill.pk for skill in self.topics]))
        for skill in self.topics:
            self.fields[f"skill_{skill.name}"] = _score(skill.display_label, PROFICIENCY_CHOICES)
        for skill in self.learnable:
            self.fields[f"want_{skill.name}"] = _score(skill.display_label, IMPORTANCE_CHOICES, required=False)
        first = self.topics[0] if self.topics else None
        first_want = self.learnable[0] if self.learnable else None
        self.error_fields = {
            "skills": f"skill_{first.name}" if first else "",
            "wants": f"want_{first_want.name}" if first_want else "",
        }
        if instance is not None:
            self.initial.update(
                teaching=instance.teaching,
                capacity=instance.capacity,
                interests=list(instance.interests.all()),
                pledge=True,
                **{f"skill_{key}": value for key, value in instance.skills.items()},
                **{f"want_{key}": value for key, value in instance.wants.items()},
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [self["teaching"], self["capacity"]]

    def skill_fields(self) -> list[forms.BoundField]:
        return [self[f"skill_{skill.name}"] for skill in self.topics]

    def want_fields(self) -> list[forms.BoundField]:
        return [self[f"want_{skill.name}"] for skill in self.learnable]

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        wants = {skill.name: data[f"want_{skill.name}"] for skill in self.learnable}
        return {
            "skills": {skill.name: data[f"skill_{skill.name}"] for skill in self.topics},
            "wants": {key: value for key, value in wants.items() if value is not None},
            "teaching": data["teaching"],
            "capacity": data["capacity"],
        }


class RecommendationRequestForm(forms.Form):
    colleague = forms.CharField(
        label=_("Colleague's email or employee id"),
        max_length=254,
        help_text=_("Someone who knows how you work: they get an email with a personal link."),
    )

    def clean_colleague(self) -> Employee:
        return _employee(self.cleaned_data["colleague"])


class RecommendationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Recommendation
        fields = ["trustworthiness", "discretion", "explaining"]
        labels = {
            "trustworthiness": _("Trustworthiness: can a senior leader rely on them?"),
            "discretion": _("Discretion: do they keep confidential matters to themselves?"),
            "explaining": _("Ability to explain: can they make something new clear to someone else?"),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


class AcceptForm(forms.Form):
    prefix = "accept"
    reason = forms.CharField(
        label=_("Note for the applicant"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. The applicant sees it."),
    )


class DeclineForm(forms.Form):
    prefix = "decline"
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The applicant sees it: say what would make a next application succeed."),
    )


class MenteeIntakeForm(ServiceErrorsMixin, forms.Form):
    goals = forms.CharField(
        label=_("What do you want to learn, in your own words?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: post on LinkedIn with confidence; understand how younger clients work online."),
    )
    linkedin = forms.ChoiceField(label=_("LinkedIn"), choices=[("", "—"), *SocialUse.choices])
    facebook = forms.ChoiceField(label=_("Facebook"), choices=[("", "—"), *SocialUse.choices])
    blogs = forms.ChoiceField(label=_("Blogs"), choices=[("", "—"), *BlogUse.choices])
    online_shopping = forms.ChoiceField(label=_("Online shopping"), choices=[("", "—"), *ShoppingUse.choices])
    why_now = forms.CharField(
        label=_("Why do you want to take part now?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    what_will_change = forms.CharField(
        label=_("What will change in your work when you have learnt this?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week you commit to the programme"),
        min_value=Decimal(0),
        max_value=Decimal(40),
        decimal_places=1,
        max_digits=4,
        localize=True,  # Dutch seniors type "1,5"
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    error_fields = {"kpi_scores": "", "familiarity": ""}

    def __init__(self, *args: Any, programme: Programme, instance: MenteeIntake | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.topics = list(programme.topics.all())
        self.kpis = list(Kpi.objects.filter(goal__programme=programme).order_by("goal_id", "pk"))
        for skill in self.topics:
            self.fields[f"want_{skill.name}"] = _score(skill.display_label, IMPORTANCE_CHOICES, required=False)
        for skill in self.topics:
            self.fields[f"score_{skill.name}"] = _score(skill.display_label, SCORE_CHOICES)
        for kpi in self.kpis:
            self.fields[f"kpi_{kpi.pk}"] = _score(kpi.name, KPI_CHOICES, required=False)
        for key, label in FAMILIARITY_AREAS.items():
            self.fields[f"familiarity_{key}"] = _score(label, SCORE_CHOICES)
        minimum = hours_phrase(programme.min_mentee_hours_per_week)
        self.fields["hours_per_week"].help_text = _(
            "At least %(minimum)s per week, including reading and practice between sessions."
        ) % {"minimum": minimum}
        first = self.topics[0] if self.topics else None
        self.error_fields = {"wants": f"want_{first.name}" if first else "", "skill_scores": "", **self.error_fields}
        if instance is not None:
            self._fill(instance)

    def _fill(self, intake: MenteeIntake) -> None:
        fixed = ["goals", "linkedin", "facebook", "blogs", "online_shopping", "why_now", "what_will_change"]
        self.initial.update({name: getattr(intake, name) for name in fixed})
        self.initial["hours_per_week"] = intake.hours_per_week
        self.initial.update({f"want_{key}": value for key, value in intake.wants.items()})
        self.initial.update({f"score_{key}": value for key, value in intake.skill_scores.items()})
        self.initial.update({f"kpi_{key}": value for key, value in intake.kpi_scores.items()})
        self.initial.update({f"familiarity_{key}": value for key, value in intake.familiarity.items()})

    def _group(self, prefix: str) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(prefix)]

    def goal_fields(self) -> list[forms.BoundField]:
        return [self["goals"]]

    def want_fields(self) -> list[forms.BoundField]:
        return self._group("want_")

    def score_fields(self) -> list[forms.BoundField]:
        return self._group("score_")

    def kpi_fields(self) -> list[forms.BoundField]:
        return self._group("kpi_")

    def habit_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("linkedin", "facebook", "blogs", "online_shopping")]

    def familiarity_fields(self) -> list[forms.BoundField]:
        return self._group("familiarity_")

    def motivation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("why_now", "what_will_change", "hours_per_week")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.topics and not any(data.get(f"want_{skill.name}") for skill in self.topics):
            self.add_error(
                f"want_{self.topics[0].name}",
                _("Choose at least one skill you want to learn, and how important it is."),
            )
        hours, minimum = data.get("hours_per_week"), self.programme.min_mentee_hours_per_week
        if hours is not None and hours < minimum:
            self.add_error("hours_per_week", minimum_hours_message(minimum))
        return data

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        wants = {skill.name: data[f"want_{skill.name}"] for skill in self.topics}
        kpis = {str(kpi.pk): data[f"kpi_{kpi.pk}"] for kpi in self.kpis}
        fixed = ["goals", "linkedin", "facebook", "blogs", "online_shopping", "why_now", "what_will_change"]
        return {
            **{name: data[name] for name in fixed},
            "hours_per_week": data["hours_per_week"],
            "wants": {key: value for key, value in wants.items() if value is not None},
            "skill_scores": {skill.name: data[f"score_{skill.name}"] for skill in self.topics},
            "kpi_scores": {key: value for key, value in kpis.items() if value is not None},
            "familiarity": {key: data[f"familiarity_{key}"] for key in FAMILIARITY_AREAS},
        }


# --- programme page ----------------------------------------------------------------------------------------------

LANGUAGE_NAMES = {"en": _("English"), "nl": _("Dutch")}


class PageTextsForm(ServiceErrorsMixin, forms.Form):
    """Each section of the programme page, in English and in Dutch."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the fieldset's legend names the section; each field names its language
        for section in PAGE_SECTIONS:
            for language, name in LANGUAGE_NAMES.items():
                self.fields[f"{section}_{language}"] = forms.CharField(
                    label=name,
                    max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 5, "lang": language}),
                )

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[f"{key}_en"], self[f"{key}_nl"]]) for key, title in PAGE_SECTIONS.items()]


class FaqForm(ServiceErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = FaqEntry
        fields = ["question_en", "question_nl", "answer_en", "answer_nl"]
        widgets = {
            "question_en": forms.TextInput(attrs={"lang": "en"}),
            "question_nl": forms.TextInput(attrs={"lang": "nl"}),
            "answer_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
            "answer_nl": forms.Textarea(attrs={"rows": 4, "lang": "nl"}),
        }


class MoveForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=[("up", _("up")), ("down", _("down"))])

    @property
    def up(self) -> bool:
        return bool(self.cleaned_data["direction"] == "up")


# --- mentor training: the admin composes it ---------------------------------------------------------------------


class TrainingModuleForm(ServiceErrorsMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = TrainingModule
        fields = ["title_en", "title_nl", "body_en", "body_nl", "statement_en", "statement_nl"]
        widgets = {
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "title_nl": forms.TextInput(attrs={"lang": "nl"}),
            "body_en": forms.Textarea(attrs={"rows": 12, "lang": "en"}),
            "body_nl": forms.Textarea(attrs={"rows": 12, "lang": "nl"}),
            "statement_en": forms.TextInput(attrs={"lang": "en"}),
            "statement_nl": forms.TextInput(attrs={"lang": "nl"}),
        }
        help_texts = {
            "body_en": _("Plain text; leave an empty line between paragraphs."),
            "statement_en": _("What the mentor confirms when the module has no questions. Empty: a general line."),
        }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class TrainingQuestionForm(ServiceErrorsMixin, forms.Form):
    """A multiple-choice question: options one per line in each language, and the numbers of the right ones."""

    text_en = forms.CharField(
        label=_("Question (English)"), max_length=300, widget=forms.TextInput(attrs={"lang": "en"})
    )
    text_nl = forms.CharField(label=_("Question (Dutch)"), max_length=300, widget=forms.TextInput(attrs={"lang": "nl"}))
    options_en = forms.CharField(
        label=_("Options (English)"),
        widget=forms.Textarea(attrs={"rows": 5, "lang": "en"}),
        help_text=_("One option per line."),
    )
    options_nl = forms.CharField(
        label=_("Options (Dutch)"),
        widget=forms.Textarea(attrs={"rows": 5, "lang": "nl"}),
        help_text=_("The same options in the same order, one per line."),
    )
    correct = forms.CharField(
        label=_("Right options"),
        max_length=40,
        help_text=_("Their numbers in the list, e.g. 1, or 1, 3 when more than one is right."),
    )
    hint_en = forms.CharField(
        label=_("What to read again when wrong (English)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "en"}),
        help_text=_("e.g. “the second paragraph, on the shape of a session”. Empty: the question itself."),
    )
    hint_nl = forms.CharField(
        label=_("What to read again when wrong (Dutch)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "nl"}),
    )

    error_fields = {"options": "options_en"}
    field_order = ["text_en", "text_nl", "options_en", "options_nl", "hint_en", "hint_nl", "correct"]

    def __init__(self, *args: Any, instance: TrainingQuestion | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.initial.update(
                text_en=instance.text_en,
                text_nl=instance.text_nl,
                options_en="\n".join(option["en"] for option in instance.options),
                options_nl="\n".join(option["nl"] for option in instance.options),
                correct=", ".join(str(n + 1) for n in instance.correct),
                hint_en=instance.hint_en,
                hint_nl=instance.hint_nl,
            )

    def clean_options_en(self) -> list[str]:
        options = _lines(self.cleaned_data["options_en"])
        if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
            raise forms.ValidationError(
                _("Give %(low)s to %(high)s options, one per line.") % {"low": OPTIONS_MIN, "high": OPTIONS_MAX}
            )
        return options

    def clean_options_nl(self) -> list[str]:
        return _lines(self.cleaned_data["options_nl"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        english, dutch = data.get("options_en"), data.get("options_nl")
        if english is not None and dutch is not None and len(dutch) != len(english):
            message = _("Give as many Dutch options as English ones (%(n)s), in the same order.")
            self.add_error("options_nl", message % {"n": len(english)})
        if english is not None and "correct" in data:
            self._clean_correct(data, len(english))
        return data

    def _clean_correct(self, data: dict[str, Any], count: int) -> None:
        numbers = [part.strip() for part in data["correct"].replace(";", ",").split(",") if part.strip()]
        if not numbers or not all(part.isdigit() for part in numbers):
            self.add_error("correct", _("Give the numbers of the right options, e.g. 1 or 1, 3."))
            return
        chosen = sorted({int(part) for part in numbers})
        outside = [n for n in chosen if not 1 <= n <= count]
        if outside:
            message = _("There is no option %(n)s: the list has %(count)s.")
            self.add_error("correct", message % {"n": outside[0], "count": count})
            return
        data["correct"] = [n - 1 for n in chosen]

    def question_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        options = [{"en": en, "nl": nl} for en, nl in zip(data["options_en"], data["options_nl"], strict=True)]
        fields = {name: data[name] for name in ("text_en", "text_nl", "hint_en", "hint_nl")}
        return {**fields, "options": options, "correct": data["correct"]}


# --- mentor training: the mentor answers a module's check ------------------------------------------------------


class TrainingCheckForm(ServiceErrorsMixin, forms.Form):
    """The check at the end of a module: its questions, or the acknowledgement when it has none."""

    def __init__(self, *args: Any, module: TrainingModule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(module.questions.all())
        required = {"required": _("Choose an answer.")}
        for question in self.questions:
            name = f"question_{question.pk}"
            if question.is_multiple:
                self.fields[name] = forms.TypedMultipleChoiceField(
                    label=question.text,
                    choices=question.choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("More than one answer is right: choose all that apply."),
                    error_messages=required,
                )
            else:
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    choices=question.choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages=required,
                )
        if not self.questions:
            self.fields["acknowledge"] = forms.BooleanField(
                label=module.statement,
                error_messages={"required": _("Confirm the statement to finish the module.")},
            )

    def answers(self) -> dict[str, Any]:
        return {name: value if isinstance(value, list | bool) else [value] for name, value in self.cleaned_data.items()}
