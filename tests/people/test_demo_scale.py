"""`omkeer demo --employees N`: the demo grown to N people, with a programme of applications and pairs."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from omkeer.enrolment.models import ApplicationStatus, MenteeIntake, MentorApplication
from omkeer.mentorships.models import MentoringSession, Mentorship, Stage
from omkeer.people.models import Employee, Team
from omkeer.people.services import compute_paths
from omkeer.programmes.models import Participation, Programme, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def grown():
    out = io.StringIO()
    call_command("demo", "--employees", "3000", stdout=out)
    return out.getvalue()


def test_grows_to_the_asked_size_with_a_sound_tree(grown):
    assert Employee.objects.count() == 3000
    assert "Grown by" in grown and "(8/8)" in grown and "hr@demo.omkeer.nl" in grown
    rows = list(Employee.objects.values_list("pk", "manager_id", "reporting_path", "level", "manager__level"))
    assert sum(manager is None for _, manager, *_ in rows) == 1  # one CEO: every new person reports up to them
    paths = compute_paths({pk: manager for pk, manager, *_ in rows})
    assert all(paths[pk] == path for pk, _, path, *_ in rows)
    assert all(manager_level is None or manager_level > level for *_, level, manager_level in rows)
    assert len(set(Employee.objects.values_list("email", flat=True))) == 3000
    new_teams = Team.objects.filter(name__startswith="Team E")
    assert new_teams.count() >= 80
    assert not new_teams.filter(employees=None).exists()
    assert not Employee.objects.filter(skills=None).exists()
    assert not Employee.objects.filter(interests=None).exists()


def test_the_scale_programme_has_applications_intakes_and_pairs_at_every_stage(grown):
    programme = Programme.objects.get(name="Reverse mentoring at scale")
    roles = programme.role_counts()
    applications = MentorApplication.objects.filter(programme=programme)
    assert roles[Role.MENTOR] == applications.count() >= 50
    assert roles[Role.MENTEE] == MenteeIntake.objects.filter(programme=programme).count() >= 50
    assert applications.filter(status=ApplicationStatus.ACCEPTED, trained__isnull=False).count() >= 40
    pairs = list(Mentorship.objects.filter(programme=programme).prefetch_related("sessions", "agreements"))
    assert len(pairs) >= 40
    now = timezone.now()
    assert {pair.stage(now) for pair in pairs} == set(Stage)
    participants = set(
        Participation.objects.filter(programme=programme, role__in=[Role.MENTOR, Role.MENTEE]).values_list(
            "employee_id", flat=True
        )
    )
    assert all({pair.mentor_id, pair.mentee_id} <= participants for pair in pairs)
    assert MentoringSession.objects.filter(mentorship__programme=programme).count() > len(pairs)


def _built(seed: int) -> list[tuple[str, str, str | None, int]]:
    """The grown organisation for `seed`, rolled back afterwards."""
    with transaction.atomic():
        call_command("demo", "--employees", "1500", "--seed", str(seed), stdout=io.StringIO())
        people = list(Employee.objects.values_list("employee_id", "email", "manager__employee_id", "level"))
        transaction.set_rollback(True)
    return sorted(people, key=lambda row: row[0])


def test_the_same_seed_gives_the_same_organisation():
    assert _built(7) == _built(7) != _built(8)


@pytest.mark.parametrize("value", ["-5", "10", "999", "1000001"])
def test_a_size_out_of_range_is_refused_before_anything_is_written(value):
    with pytest.raises(CommandError, match="--employees must be 0 or from 1,000 to 1,000,000"):
        call_command("demo", "--employees", value, stdout=io.StringIO())
    assert not Employee.objects.exists()


def test_if_empty_leaves_an_organisation_alone(grown):
    out = io.StringIO()
    call_command("demo", "--employees", "5000", "--if-empty", stdout=out)
    assert Employee.objects.count() == 3000
    assert "already present" in out.getvalue()
