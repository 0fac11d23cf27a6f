"""Programme verbs: each writes its change and one audit entry in the same transaction, or raises and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from omkeer.accounts.models import AuditEntry
from omkeer.programmes import services
from omkeer.programmes.models import Goal, Participation, Programme, Role
from tests.factories import make_employee, make_programme, make_skill


def fields(**overrides):
    data = dict(
        name="AI tools for the board",
        description="",
        status="pilot",
        cadence="fortnightly",
        session_minutes=60,
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2026, 9, 1),
        min_mentee_hours_per_week=1,
    )
    data.update(overrides)
    return data


def test_create_programme_makes_the_creator_its_admin(hr):
    programme = services.create_programme(actor=hr, fields=fields(), topics=[make_skill("ai_tools")])
    assert Participation.objects.get(programme=programme).employee == hr.employee
    assert Participation.objects.get(programme=programme).role == Role.ADMIN
    assert [t.name for t in programme.topics.all()] == ["ai_tools"]
    assert list(AuditEntry.objects.values_list("actor", "action")) == [(hr.pk, "programme.create")]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"session_minutes": 29}, "session_minutes"),
        ({"session_minutes": 61}, "session_minutes"),
        ({"end_date": dt.date(2026, 2, 28)}, "end_date"),
        ({"min_mentee_hours_per_week": -1}, "min_mentee_hours_per_week"),
    ],
)
def test_create_programme_refuses_bad_fields_and_writes_nothing(overrides, field, hr):
    with pytest.raises(ValidationError) as info:
        services.create_programme(actor=hr, fields=fields(**overrides), topics=[])
    assert field in info.value.message_dict
    assert (Programme.objects.count(), Participation.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


def test_create_programme_needs_an_actor_linked_to_an_employee(staff):
    with pytest.raises(ValidationError, match="not linked to an employee"):
        services.create_programme(actor=staff, fields=fields(), topics=[])
    assert Programme.objects.count() == 0


def test_update_programme_records_which_fields_changed(admin, programme):
    services.update_programme(actor=admin, programme=programme, changes={"name": "Renamed"}, topics=[])
    programme.refresh_from_db()
    assert programme.name == "Renamed"
    assert AuditEntry.objects.get(action="programme.update").data == {"fields": ["name"]}


def test_update_programme_refuses_an_end_before_the_start(admin, programme):
    with pytest.raises(ValidationError):
        services.update_programme(
            actor=admin, programme=programme, changes={"name": "X", "end_date": dt.date(2025, 1, 1)}, topics=[]
        )
    programme.refresh_from_db()
    assert programme.name == "Digital leadership"
    assert not AuditEntry.objects.exists()


def test_removing_a_goal_removes_its_kpis_and_is_audited(admin, programme):
    goal = services.add_goal(actor=admin, programme=programme, title="Use Teams")
    services.add_kpi(actor=admin, goal=goal, fields={"name": "Chats", "unit": "per week", "baseline": 0, "target": 5})
    services.remove_goal(actor=admin, goal=goal)
    assert not Goal.objects.exists()
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["goal.create", "kpi.create", "goal.delete"]


def test_add_participant_writes_one_audit_entry(admin, programme):
    employee = make_employee()
    participation = services.add_participant(actor=admin, programme=programme, employee=employee, role=Role.MENTOR)
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (admin, "participation.create", str(participation.pk))
    assert entry.summary == f"{employee.employee_id} mentor"


@pytest.mark.parametrize(("first", "second"), [(Role.MENTOR, Role.MENTEE), (Role.MENTEE, Role.MENTOR)])
def test_nobody_is_mentor_and_mentee_in_one_programme(first, second, admin, programme):
    employee = make_employee()
    services.add_participant(actor=admin, programme=programme, employee=employee, role=first)
    with pytest.raises(ValidationError) as info:
        services.add_participant(actor=admin, programme=programme, employee=employee, role=second)
    assert "role" in info.value.message_dict
    assert list(employee.participations.values_list("role", flat=True)) == [first]


def test_a_mentor_in_one_programme_may_be_mentee_in_another(admin, programme, mentor):
    elsewhere = make_programme(name="Elsewhere")
    services.add_participant(actor=admin, programme=elsewhere, employee=mentor.employee, role=Role.MENTEE)
    assert mentor.employee.participations.count() == 2


def test_a_coach_may_also_be_a_mentor(admin, programme, coach):
    services.add_participant(actor=admin, programme=programme, employee=coach.employee, role=Role.MENTOR)
    assert set(coach.employee.participations.values_list("role", flat=True)) == {Role.COACH, Role.MENTOR}


def test_remove_participant_keeps_the_last_admin(admin, programme):
    only_admin = Participation.objects.get(programme=programme, role=Role.ADMIN)
    with pytest.raises(ValidationError, match="at least one programme admin"):
        services.remove_participant(actor=admin, participation=only_admin)
    assert Participation.objects.filter(pk=only_admin.pk).exists()
    assert not AuditEntry.objects.exists()
