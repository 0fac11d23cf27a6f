"""Enrolment: a programme's open call, invitations, mentor applications with colleague recommendations,
senior intakes, and the waiting list.

Answers that matching reads are stored as structured data keyed by skill name (`Skill.name`):
`MentorApplication.skills` {skill: proficiency 0–4}, `.wants` and `MenteeIntake.wants` {skill: importance 1–3},
`MenteeIntake.skill_scores` {skill: self-assessment 1–5}, `.kpi_scores` {kpi id: 1–5}.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from omkeer.people.models import Employee, Interest
from omkeer.programmes.models import Programme, Role

if TYPE_CHECKING:
    from omkeer.accounts.models import User

CAPACITY_MIN, CAPACITY_MAX = 1, 3
IMPORTANCE_MIN, IMPORTANCE_MAX = 1, 3
SCORE_MIN, SCORE_MAX = 1, 5
RECOMMENDATION_DAYS = 14
IMPORTANCE_LABELS = {1: _("useful"), 2: _("important"), 3: _("very important")}
_Row = TypeVar("_Row", bound=models.Model)
ROLES = [(Role.MENTOR.value, Role.MENTOR.label), (Role.MENTEE.value, Role.MENTEE.label)]


def hours_text(value: Decimal) -> str:
    """Hours per week as people write them: "1", "1.5" (Dutch "1,5")."""
    return formats.number_format(value, decimal_pos=0 if value == value.to_integral_value() else 1)


def hours_phrase(value: Decimal) -> str:
    """ "1 hour", "1.5 hours" in the active language."""
    return ngettext("%(hours)s hour", "%(hours)s hours", 1 if value == 1 else 2) % {"hours": hours_text(value)}


def minimum_hours_message(minimum: Decimal) -> str:
    """The refusal for a commitment below the programme's minimum hours per week."""
    message = _("The minimum for this programme is %(minimum)s per week; below that the intake cannot be sent.")
    return message % {"minimum": hours_phrase(minimum)}


def programmes_open_to(user: User) -> models.QuerySet[Programme]:
    """Programmes whose page the user may read: announced ones (enrolment set up) and those they take part in."""
    if not user.is_authenticated:
        return Programme.objects.none()
    taking_part = Programme.objects.visible_to(user).values("pk")
    return Programme.objects.filter(models.Q(enrolment__isnull=False) | models.Q(pk__in=taking_part)).distinct()


class Enrolment(models.Model):
    """The programme's call for mentors and mentees. Its existence announces the programme to every employee."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="enrolment"
    )
    is_open = models.BooleanField(_("open for applications"), default=False)
    mentor_deadline = models.DateField(_("mentor application deadline"), null=True, blank=True)
    mentee_deadline = models.DateField(_("mentee intake deadline"), null=True, blank=True)
    created = models.DateTimeField(_("announced"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return str(self.programme)

    def deadline_for(self, role: str) -> dt.date | None:
        return self.mentor_deadline if role == Role.MENTOR else self.mentee_deadline

    def accepts(self, role: str, today: dt.date) -> bool:
        """Whether new applications (mentor) or intakes (mentee) are accepted on `today`."""
        deadline = self.deadline_for(role)
        return self.is_open and (deadline is None or today <= deadline)


class OwnOrManagedQuerySet(models.QuerySet[_Row]):
    def visible_to(self, user: User) -> OwnOrManagedQuerySet[_Row]:
        """The user's own rows, and every row of the programmes they administer."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        managed = Programme.objects.managed_by(user).values("pk")
        return self.filter(models.Q(employee_id=user.employee_id) | models.Q(programme__in=managed))


class Invitation(models.Model):
    """An employee invited to apply as mentor or to complete the intake as mentee. One role per programme."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="invitations"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=16, choices=ROLES)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    sent = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["programme", "role", "employee__last_name"]
        constraints = [models.UniqueConstraint(fields=["programme", "employee"], name="invitation_unique_person")]

    def __str__(self) -> str:
        return f"{self.employee} — {self.get_role_display()} — {self.programme}"


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MentorApplication(models.Model):
    """A junior's application to mentor in a programme: skills, what they could teach, capacity, pledge."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="mentor_applications"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="mentor_applications"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    skills = models.JSONField(_("skills"), default=dict, blank=True, help_text=_("Skill key → proficiency 0–4."))
    teaching = models.TextField(_("what I could teach"))
    interests = models.ManyToManyField(Interest, verbose_name=_("interests"), blank=True, related_name="+")
    wants = models.JSONField(_("wants to learn"), default=dict, blank=True, help_text=_("Skill key → importance 1–3."))
    capacity = models.PositiveSmallIntegerField(
        _("number of mentees"),
        default=1,
        validators=[MinValueValidator(CAPACITY_MIN), MaxValueValidator(CAPACITY_MAX)],
    )
    pledged = models.DateTimeField(_("confidentiality pledge accepted"))
    submitted = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    decided = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    trained = models.DateTimeField(_("training completed"), null=True, blank=True)

    objects = OwnOrManagedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor application")
        verbose_name_plural = _("mentor applications")
        ordering = ["programme", "-submitted"]
        indexes = [models.Index(fields=["programme", "status", "-submitted", "id"], name="application_list_order")]
        constraints = [
            models.UniqueConstraint(fields=["programme", "employee"], name="mentor_application_unique_person"),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=CAPACITY_MIN, capacity__lte=CAPACITY_MAX),
                name="mentor_application_capacity_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.programme}"

    @property
    def is_editable(self) -> bool:
        """Applications can be changed until a decision is taken."""
        return self.status == ApplicationStatus.APPLIED


class Recommendation(models.Model):
    """A colleague's recommendation of an applicant, written once through a personal link."""

    application = models.ForeignKey(
        MentorApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    colleague = models.ForeignKey(
        Employee, verbose_name=_("colleague"), on_delete=models.CASCADE, related_name="recommendations_asked"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested = models.DateTimeField(_("requested"))
    expires = models.DateTimeField(_("expires"))
    submitted = models.DateTimeField(_("submitted"), null=True, blank=True)
    trustworthiness = models.TextField(_("trustworthiness"), blank=True)
    discretion = models.TextField(_("discretion"), blank=True)
    explaining = models.TextField(_("ability to explain"), blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["requested"]
        constraints = [
            models.UniqueConstraint(fields=["application", "colleague"], name="recommendation_unique_colleague")
        ]

    def __str__(self) -> str:
        return f"{self.colleague} → {self.application.employee}"

    def problem_for(self, employee: Employee | None, now: dt.datetime) -> str | None:
        """Why this link cannot be used by `employee` now: 'not-yours', 'used', 'expired'; None when it can."""
        if employee is None or employee.pk != self.colleague_id:
            return "not-yours"
        if self.submitted is not None:
            return "used"
        if now >= self.expires:
            return "expired"
        return None


class SocialUse(models.TextChoices):
    NONE = "none", _("No account")
    RARELY = "rarely", _("Account, rarely used")
    MONTHLY = "monthly", _("Used monthly")
    WEEKLY = "weekly", _("Used weekly")
    DAILY = "daily", _("Used daily")


class BlogUse(models.TextChoices):
    NONE = "none", _("I do not read blogs")
    READS = "reads", _("I read blogs")
    WRITES = "writes", _("I write a blog")


class ShoppingUse(models.TextChoices):
    NEVER = "never", _("Never")
    SOMETIMES = "sometimes", _("Sometimes")
    OFTEN = "often", _("Often")


# The Hartford's digital familiarity check: key -> label. Scores 1–5 are stored in MenteeIntake.familiarity.
FAMILIARITY_AREAS = {
    "technology": _("Technology"),
    "networking": _("Networking"),
    "communication": _("Communication"),
    "search_engines": _("Search engines"),
    "sharing": _("Online sharing and collaboration"),
    "multimedia": _("Multimedia"),
}


class MenteeIntake(models.Model):
    """A senior's intake: learning goals in their own words, wanted skills, baseline, digital check, commitment."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="mentee_intakes"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="mentee_intakes"
    )
    goals = models.TextField(_("what I want to learn"))
    wants = models.JSONField(_("wanted skills"), default=dict, help_text=_("Skill key → importance 1–3."))
    skill_scores = models.JSONField(_("baseline per skill"), default=dict, help_text=_("Skill key → 1–5."))
    kpi_scores = models.JSONField(_("baseline per KPI"), default=dict, blank=True, help_text=_("KPI id → 1–5."))
    linkedin = models.CharField(_("LinkedIn"), max_length=16, choices=SocialUse.choices)
    facebook = models.CharField(_("Facebook"), max_length=16, choices=SocialUse.choices)
    blogs = models.CharField(_("blogs"), max_length=16, choices=BlogUse.choices)
    online_shopping = models.CharField(_("online shopping"), max_length=16, choices=ShoppingUse.choices)
    familiarity = models.JSONField(_("digital familiarity"), default=dict, help_text=_("Area → 1–5."))
    why_now = models.TextField(_("why now"))
    what_will_change = models.TextField(_("what will change in my work"))
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
    )
    submitted = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = OwnOrManagedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentee intake")
        verbose_name_plural = _("mentee intakes")
        ordering = ["programme", "-submitted"]
        indexes = [models.Index(fields=["programme", "-submitted", "id"], name="intake_list_order")]
        constraints = [models.UniqueConstraint(fields=["programme", "employee"], name="mentee_intake_unique_person")]

    def __str__(self) -> str:
        return f"{self.employee} — {self.programme}"


class InterestRegistration(models.Model):
    """The waiting list: an employee who would like to join the next cohort, as mentor or as mentee."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="interest_registrations"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="interest_registrations"
    )
    role = models.CharField(_("role"), max_length=16, choices=ROLES)
    created = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("interest registration")
        verbose_name_plural = _("waiting list")
        ordering = ["programme", "created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "employee"], name="interest_registration_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.get_role_display()} — {self.programme}"


# --- texts in two languages ------------------------------------------------------------------------------------


def in_language(en: str, nl: str) -> str:
    """The Dutch text for a Dutch reader when there is one, else the English."""
    if (get_language() or "en").startswith("nl") and nl:
        return nl
    return en


def move_within(row: FaqEntry | TrainingModule | TrainingQuestion, siblings: models.QuerySet[Any], *, up: bool) -> None:
    """Swap an ordered row with its neighbour among `siblings` (up: one place earlier), numbering them 1…n."""
    rows = list(siblings.order_by("position", "id"))
    index = next(n for n, sibling in enumerate(rows) if sibling.pk == row.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for position, sibling in enumerate(rows, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


# --- the programme page's texts and FAQ ------------------------------------------------------------------------

PAGE_SECTIONS = {
    "why": _("Why we run this programme"),
    "mentors": _("What mentors do"),
    "mentees": _("What mentees do"),
    "time": _("Time and dates"),
    "confidentiality": _("Confidentiality, in plain words"),
}


class ProgrammePage(models.Model):
    """The texts of a programme's page, each in English and Dutch. It exists once the admin opened the editor;
    until then, and for a text left empty, every reader sees the default text in their language."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="page"
    )
    why_en = models.TextField(_("why we run this programme (English)"), blank=True)
    why_nl = models.TextField(_("why we run this programme (Dutch)"), blank=True)
    mentors_en = models.TextField(_("what mentors do (English)"), blank=True)
    mentors_nl = models.TextField(_("what mentors do (Dutch)"), blank=True)
    mentees_en = models.TextField(_("what mentees do (English)"), blank=True)
    mentees_nl = models.TextField(_("what mentees do (Dutch)"), blank=True)
    time_en = models.TextField(_("the time it takes (English)"), blank=True)
    time_nl = models.TextField(_("the time it takes (Dutch)"), blank=True)
    confidentiality_en = models.TextField(_("confidentiality (English)"), blank=True)
    confidentiality_nl = models.TextField(_("confidentiality (Dutch)"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")

    def __str__(self) -> str:
        return str(self.programme)


class FaqEntry(models.Model):
    """A question and its answer on the programme page, in English and Dutch."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="faq")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    question_en = models.CharField(_("question (English)"), max_length=300)
    question_nl = models.CharField(_("question (Dutch)"), max_length=300)
    answer_en = models.TextField(_("answer (English)"), max_length=3000)
    answer_nl = models.TextField(_("answer (Dutch)"), max_length=3000)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        ordering = ["programme", "position", "id"]

    def __str__(self) -> str:
        return self.question_en

    @property
    def question(self) -> str:
        return in_language(self.question_en, self.question_nl)

    @property
    def answer(self) -> str:
        return in_language(self.answer_en, self.answer_nl)


# --- mentor training -------------------------------------------------------------------------------------------


class TrainingModule(models.Model):
    """One module of a programme's mentor training. It ends with its questions, or, when it has none, with an
    explicit acknowledgement of `statement`."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="training_modules"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    body_en = models.TextField(_("text (English)"), max_length=10000)
    body_nl = models.TextField(_("text (Dutch)"), max_length=10000)
    statement_en = models.CharField(
        _("acknowledgement (English)"),
        max_length=300,
        blank=True,
        help_text=_("What the mentor confirms when the module has no questions."),
    )
    statement_nl = models.CharField(_("acknowledgement (Dutch)"), max_length=300, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["programme", "position", "id"]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return in_language(self.title_en, self.title_nl)

    @property
    def body(self) -> str:
        return in_language(self.body_en, self.body_nl)

    @property
    def statement(self) -> str:
        text = in_language(self.statement_en, self.statement_nl)
        return text or str(_("I have read this module and will act on it."))


class TrainingQuestion(models.Model):
    """A multiple-choice question that ends a module. `options` is a list of {"en": …, "nl": …};
    `correct` the 0-based indexes of the right ones (one or more). `hint_*` says what to read again."""

    module = models.ForeignKey(
        TrainingModule, verbose_name=_("module"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_en = models.CharField(_("question (English)"), max_length=300)
    text_nl = models.CharField(_("question (Dutch)"), max_length=300)
    options = models.JSONField(_("options"), default=list)
    correct = models.JSONField(_("correct options"), default=list)
    hint_en = models.CharField(_("what to read again (English)"), max_length=300, blank=True)
    hint_nl = models.CharField(_("what to read again (Dutch)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("training question")
        verbose_name_plural = _("training questions")
        ordering = ["module", "position", "id"]

    def __str__(self) -> str:
        return self.text_en

    @property
    def text(self) -> str:
        return in_language(self.text_en, self.text_nl)

    @property
    def hint(self) -> str:
        return in_language(self.hint_en, self.hint_nl)

    @property
    def choices(self) -> list[tuple[int, str]]:
        """(index, text in the reader's language) per option."""
        return [(n, in_language(option.get("en", ""), option.get("nl", ""))) for n, option in enumerate(self.options)]

    @property
    def is_multiple(self) -> bool:
        return len(self.correct) > 1


class TrainingProgress(models.Model):
    """A module a mentor passed. Wrong answers leave no row: only passing counts."""

    application = models.ForeignKey(
        MentorApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="training_progress"
    )
    module = models.ForeignKey(
        TrainingModule, verbose_name=_("module"), on_delete=models.CASCADE, related_name="progress"
    )
    passed = models.DateTimeField(_("passed"))

    class Meta:
        verbose_name = _("training progress")
        verbose_name_plural = _("training progress")
        ordering = ["application", "module__position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "module"], name="training_progress_unique_module")
        ]

    def __str__(self) -> str:
        return f"{self.application.employee} — {self.module}"


# --- reminders -------------------------------------------------------------------------------------------------


class ReminderKind(models.TextChoices):
    APPLY = "apply", _("Apply as mentor")
    RECOMMENDATION = "recommendation", _("Get a recommendation")
    TRAINING = "training", _("Finish the training")
    INTAKE = "intake", _("Complete the intake")


class Reminder(models.Model):
    """A reminder email to someone who has not finished their part of enrolment."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="reminders"
    )
    employee = models.ForeignKey(Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    sent = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Empty when the daily task sent it."),
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["programme", "-sent", "id"]
        indexes = [models.Index(fields=["programme", "employee", "kind", "sent"], name="reminder_recent")]

    def __str__(self) -> str:
        return f"{self.employee} — {self.get_kind_display()} — {self.sent:%Y-%m-%d}"
