"""Mentorships: a mentor and a mentee of a programme, from approval until the pair ends.

Minimal for now (matching creates them); sessions, notes and the board come later in this app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from omkeer.people.models import Employee
from omkeer.programmes.models import Programme

if TYPE_CHECKING:
    from omkeer.accounts.models import User


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


class MentorshipQuerySet(models.QuerySet["Mentorship"]):
    def visible_to(self, user: User) -> MentorshipQuerySet:
        """The user's own pairs (as mentor or mentee) and every pair of the programmes they administer.

        Coaches see no pairs yet: which pairs a coach coaches is not recorded until coaching is built.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        scope = models.Q(programme__in=Programme.objects.managed_by(user).values("pk"))
        if user.employee_id:
            scope |= models.Q(mentor_id=user.employee_id) | models.Q(mentee_id=user.employee_id)
        return self.filter(scope)

    def active(self) -> MentorshipQuerySet:
        return self.filter(status=Status.ACTIVE)


class Mentorship(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="mentorships"
    )
    mentor = models.ForeignKey(
        Employee, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentorships_as_mentor"
    )
    mentee = models.ForeignKey(
        Employee, verbose_name=_("mentee"), on_delete=models.PROTECT, related_name="mentorships_as_mentee"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    started = models.DateField(_("started"))
    ended = models.DateField(_("ended"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["programme", "-started", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee"],
                condition=models.Q(status="active"),
                name="mentorship_one_active_per_mentee",
            ),
            models.CheckConstraint(condition=~models.Q(mentor=models.F("mentee")), name="mentorship_two_people"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee} ({self.programme})"

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE
