from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, transaction
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from omkeer.accounts.models import User

LEVEL_MIN, LEVEL_MAX = 1, 10
PROFICIENCY_MIN, PROFICIENCY_MAX = 0, 4
PROFICIENCY_LABELS = {
    0: _("none"),
    1: _("beginner"),
    2: _("practised"),
    3: _("advanced"),
    4: _("expert"),
}


class Department(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["department__name", "name"]
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="team_unique_in_department")]

    def __str__(self) -> str:
        return f"{self.name} ({self.department.name})"


class SkillCategory(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("skill category")
        verbose_name_plural = _("skill categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """An entry of the skill taxonomy. `name` is the key used in HR files (`social_media`)."""

    name = models.SlugField(_("key"), max_length=80, unique=True)
    label = models.CharField(_("label (English)"), max_length=120, blank=True)
    label_nl = models.CharField(_("label (Dutch)"), max_length=120, blank=True)
    category = models.ForeignKey(
        SkillCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="skills",
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        if (get_language() or "en").startswith("nl") and self.label_nl:
            return self.label_nl
        return self.label or self.name.replace("_", " ").capitalize()


class Interest(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name.replace("_", " ")


class EmployeeQuerySet(models.QuerySet["Employee"]):
    def visible_to(self, user: User) -> EmployeeQuerySet:
        """HR (and superusers) see the whole organisation; everyone else sees only themselves.

        What people's own data knows. Programme admins see the whole organisation too, but programmes sit above
        people: `omkeer.access.people.employees_visible_to` adds them, and web code goes through it.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.is_hr:
            return self
        return self.filter(pk=user.employee_id) if user.employee_id else self.none()

    def matching(
        self,
        *,
        q: str = "",
        department: Department | None = None,
        team: Team | None = None,
        level_min: int | None = None,
        level_max: int | None = None,
        skill: Skill | None = None,
        min_proficiency: int | None = None,
    ) -> EmployeeQuerySet:
        """The directory's filters: free text on name, email, id and title; department, team, level, skill."""
        qs = self
        for word in q.split():
            qs = qs.filter(
                models.Q(first_name__icontains=word)
                | models.Q(last_name__icontains=word)
                | models.Q(email__icontains=word)
                | models.Q(employee_id__iexact=word)
                | models.Q(job_title__icontains=word)
            )
        if department is not None:
            qs = qs.filter(department=department)
        if team is not None:
            qs = qs.filter(team=team)
        if level_min is not None:
            qs = qs.filter(level__gte=level_min)
        if level_max is not None:
            qs = qs.filter(level__lte=level_max)
        if skill is not None:
            qs = qs.filter(skills__skill=skill, skills__proficiency__gte=min_proficiency or 0)
        return qs

    def under(self, manager: Employee) -> EmployeeQuerySet:
        """Everyone below `manager` in the reporting line, at any depth (one indexed prefix query)."""
        prefix = manager.reporting_path
        if connections[self.db].vendor == "sqlite":
            # SQLite's LIKE ignores case and so skips the index; a binary range ("/" + 1 == "0") uses it.
            return self.filter(reporting_path__gt=prefix, reporting_path__lt=prefix[:-1] + "0")
        return self.filter(reporting_path__startswith=prefix).exclude(pk=manager.pk)


class Employee(models.Model):
    employee_id = models.CharField(_("employee id"), max_length=40, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="employees"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        validators=[MinValueValidator(LEVEL_MIN), MaxValueValidator(LEVEL_MAX)],
        help_text=_("1 is most junior, 10 most senior."),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    leave_date = models.DateField(_("leave date"), null=True, blank=True)
    interests = models.ManyToManyField(Interest, verbose_name=_("interests"), blank=True, related_name="employees")
    # "/<top pk>/…/<manager pk>/<own pk>/": reporting-line questions become a prefix test or a substring test.
    reporting_path = models.CharField(max_length=2000, db_index=True, default="", editable=False)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=LEVEL_MIN, level__lte=LEVEL_MAX), name="employee_level_range"
            ),
        ]
        # The directory's order: a page of 50 is read from the index, not sorted out of the whole organisation.
        # On PostgreSQL, migration 0004 adds trigram indexes for the directory's search (none in the model:
        # SQLite has no trigrams).
        indexes = [models.Index(Lower("last_name"), Lower("first_name"), "id", name="employee_directory_order")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        self.refresh_reporting_path()

    def refresh_reporting_path(self) -> None:
        """After this employee changed manager: fix their path and the paths of everyone under them."""
        manager_path = (
            Employee.objects.values_list("reporting_path", flat=True).get(pk=self.manager_id)
            if self.manager_id
            else "/"
        )
        new_path = f"{manager_path}{self.pk}/"
        old_path = self.reporting_path
        if new_path == old_path:
            return
        with transaction.atomic():
            Employee.objects.filter(pk=self.pk).update(reporting_path=new_path)
            if old_path:
                below = list(Employee.objects.filter(reporting_path__startswith=old_path).exclude(pk=self.pk))
                for other in below:
                    other.reporting_path = new_path + other.reporting_path[len(old_path) :]
                Employee.objects.bulk_update(below, ["reporting_path"], batch_size=2000)
        self.reporting_path = new_path

    def clean(self) -> None:
        super().clean()
        if self.team is not None and self.department_id and self.team.department_id != self.department_id:
            raise ValidationError({"team": _("The team belongs to another department.")})
        if (
            self.manager_id
            and self.pk
            and (
                self.manager_id == self.pk
                or (self.manager is not None and f"/{self.pk}/" in self.manager.reporting_path)
            )
        ):
            raise ValidationError({"manager": _("This manager would create a cycle in the reporting line.")})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def chain_ids(self) -> list[int]:
        """Primary keys of this employee's managers, nearest first (from the stored path, no queries)."""
        ids = [int(part) for part in self.reporting_path.strip("/").split("/") if part]
        return list(reversed(ids[:-1]))

    def is_in_chain_of(self, other: Employee, depth: int | None = None) -> bool:
        """True when self manages `other`, directly or up to `depth` levels above (None: any depth)."""
        chain = other.chain_ids
        return self.pk in (chain if depth is None else chain[:depth])


class EmployeeSkill(models.Model):
    employee = models.ForeignKey(Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.CASCADE, related_name="holders")
    proficiency = models.PositiveSmallIntegerField(
        _("proficiency"),
        validators=[MinValueValidator(PROFICIENCY_MIN), MaxValueValidator(PROFICIENCY_MAX)],
        help_text=_("0 none, 1 beginner, 2 practised, 3 advanced, 4 expert."),
    )

    class Meta:
        verbose_name = _("employee skill")
        verbose_name_plural = _("employee skills")
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "skill"], name="employee_skill_unique"),
            models.CheckConstraint(
                condition=models.Q(proficiency__gte=PROFICIENCY_MIN, proficiency__lte=PROFICIENCY_MAX),
                name="employee_skill_proficiency_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill.name}:{self.proficiency}"

    @property
    def proficiency_label(self) -> str:
        return str(PROFICIENCY_LABELS[self.proficiency])


class EmployeeHistory(models.Model):
    """An employee's level, place and status from `as_of` on: written by the HR import when one of them changes.

    The latest row on or before a day is the employee's state on that day (`omkeer.people.history.state_on`).
    """

    employee = models.ForeignKey(Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="history")
    as_of = models.DateField(_("as of"), db_index=True)
    level = models.PositiveSmallIntegerField(_("level"))
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="history"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT, related_name="history"
    )
    is_active = models.BooleanField(_("active"))
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("employee history entry")
        verbose_name_plural = _("employee history")
        ordering = ["employee", "as_of"]
        constraints = [models.UniqueConstraint(fields=["employee", "as_of"], name="employee_history_one_per_day")]

    def __str__(self) -> str:
        return f"{self.employee} ({self.as_of:%Y-%m-%d})"


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, user: User) -> ImportJobQuerySet:
        """An import job is private to the user who uploaded it (superusers and other HR users included)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(created_by=user)


class ImportJob(models.Model):
    """An HR file uploaded through the web: validated first (preview), then committed on request."""

    class State(models.TextChoices):
        VALIDATING = "validating", _("Checking the file")
        INVALID = "invalid", _("Errors found")
        READY = "ready", _("Ready to import")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    created = models.DateTimeField(_("uploaded"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(editable=False)
    deactivate_missing = models.BooleanField(_("deactivate people missing from the file"), default=False)
    as_of = models.DateField(
        _("as of"), null=True, blank=True, help_text=_("The day the file describes; empty: the day of the import.")
    )
    language = models.CharField(_("language"), max_length=8, default="en", help_text=_("Language of the report."))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.VALIDATING)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def is_running(self) -> bool:
        return self.state in {self.State.VALIDATING, self.State.IMPORTING}
