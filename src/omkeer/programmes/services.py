"""Verbs on programmes: create and change them, their goals and KPIs, and who takes part."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.people.models import Employee, Skill
from omkeer.programmes.models import Goal, Kpi, Participation, Programme, Role

EXCLUSIVE_ROLES = {Role.MENTOR, Role.MENTEE}


def require_admin(actor: User, programme: Programme) -> None:
    """Refuse anyone but the programme's admins: the guard of the services that apps above build on a programme
    (they may be called from tasks and the shell too, where no access layer ran)."""
    if not Programme.objects.managed_by(actor).filter(pk=programme.pk).exists():
        raise PermissionDenied


@transaction.atomic
def create_programme(*, actor: User, fields: dict[str, Any], topics: list[Skill]) -> Programme:
    """Create a programme; its creator becomes its first programme admin."""
    if actor.employee is None:
        raise ValidationError(_("Your account is not linked to an employee, so you cannot administer a programme."))
    programme = Programme(**fields)
    programme.full_clean()
    programme.save()
    programme.topics.set(topics)
    Participation.objects.create(programme=programme, employee=actor.employee, role=Role.ADMIN)
    audit(actor=actor, action="programme.create", target=programme, summary=programme.name)
    return programme


@transaction.atomic
def update_programme(*, actor: User, programme: Programme, changes: dict[str, Any], topics: list[Skill]) -> None:
    """Change a programme's settings: `changes` holds only the fields that changed (audited by name)."""
    for name, value in changes.items():
        setattr(programme, name, value)
    programme.full_clean()
    if changes:
        programme.save(update_fields=list(changes))
    programme.topics.set(topics)
    audit(actor=actor, action="programme.update", target=programme, data={"fields": sorted(changes)})


@transaction.atomic
def add_goal(*, actor: User, programme: Programme, title: str) -> Goal:
    """Add a goal to a programme."""
    goal = Goal.objects.create(programme=programme, title=title)
    audit(actor=actor, action="goal.create", target=goal, summary=title)
    return goal


@transaction.atomic
def remove_goal(*, actor: User, goal: Goal) -> None:
    """Delete a goal and its KPIs."""
    audit(actor=actor, action="goal.delete", target=goal, summary=goal.title)
    goal.delete()


@transaction.atomic
def add_kpi(*, actor: User, goal: Goal, fields: dict[str, Any]) -> Kpi:
    """Add a KPI (name, unit, baseline, target) to a goal."""
    kpi = Kpi.objects.create(goal=goal, **fields)
    audit(actor=actor, action="kpi.create", target=kpi, summary=kpi.name)
    return kpi


@transaction.atomic
def remove_kpi(*, actor: User, kpi: Kpi) -> None:
    """Delete a KPI."""
    audit(actor=actor, action="kpi.delete", target=kpi, summary=kpi.name)
    kpi.delete()


@transaction.atomic
def add_participant(*, actor: User, programme: Programme, employee: Employee, role: str) -> Participation:
    """Give an employee a role in a programme. Nobody is both mentor and mentee in the same programme."""
    existing = set(Participation.objects.filter(programme=programme, employee=employee).values_list("role", flat=True))
    if role in existing:
        raise ValidationError({"employee": _("%(name)s already has this role.") % {"name": employee.full_name}})
    if role in EXCLUSIVE_ROLES and existing & EXCLUSIVE_ROLES:
        raise ValidationError(
            {
                "role": _("%(name)s is already mentor or mentee here; one person cannot be both.")
                % {"name": employee.full_name}
            }
        )
    if not employee.is_active:
        raise ValidationError({"employee": _("%(name)s is no longer active.") % {"name": employee.full_name}})
    participation = Participation.objects.create(programme=programme, employee=employee, role=role)
    audit(
        actor=actor,
        action="participation.create",
        target=participation,
        summary=f"{employee.employee_id} {role}",
    )
    return participation


@transaction.atomic
def remove_participant(*, actor: User, participation: Participation) -> None:
    """Take a role away; the last programme admin cannot be removed."""
    if participation.role == Role.ADMIN and participation.programme.participations.filter(role=Role.ADMIN).count() == 1:
        raise ValidationError(_("A programme needs at least one programme admin."))
    audit(
        actor=actor,
        action="participation.delete",
        target=participation,
        summary=f"{participation.employee.employee_id} {participation.role}",
    )
    participation.delete()
