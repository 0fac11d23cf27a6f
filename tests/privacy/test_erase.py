"""Erasure: nothing that names the person is left anywhere, counts and figures stay, anonymous feedback stays."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from omkeer.accounts.models import AuditEntry, User
from omkeer.evaluation.impact import evaluate
from omkeer.mentorships.models import Mentorship, Note, Reflection
from omkeer.people.models import Employee
from omkeer.privacy import services
from omkeer.privacy.services import erase_person
from omkeer.programmes.models import Role
from omkeer.voice.models import Feedback, PulseInvitation, Speaker
from tests.factories import make_participant
from tests.privacy.conftest import ANONYMOUS, MINE

TEXT_TYPES = {"CharField", "TextField", "JSONField", "EmailField", "SlugField", "URLField"}


def scan(*needles: str) -> list[str]:
    """Every table, every text, char and JSON column, in raw SQL: where any needle occurs (ignoring case)."""
    hits = []
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            for column in introspection.get_table_description(cursor, table):
                kind = introspection.get_field_type(column.type_code, column)
                if kind not in TEXT_TYPES:
                    continue
                name, quoted = column.name, connection.ops.quote_name
                sql = f"SELECT COUNT(*) FROM {quoted(table)} WHERE LOWER(CAST({quoted(name)} AS TEXT)) LIKE %s"
                for needle in needles:
                    cursor.execute(sql, [f"%{needle.lower()}%"])
                    if cursor.fetchone()[0]:
                        hits.append(f"{table}.{name}: {needle}")
    return hits


def identifiers(person):
    employee = person.employee
    return employee.full_name, employee.email, employee.employee_id, person.username


def test_the_scan_finds_the_person_before_erasure(world, person):
    assert len(scan(*identifiers(person))) >= 5


def test_after_erasure_no_table_names_the_person(world, person, admin):
    needles = identifiers(person)
    erase_person(actor=admin, employee=person.employee)
    assert scan(*needles) == []


def test_counts_figures_and_anonymous_feedback_stay(world, person, admin, programme):
    before = (Mentorship.objects.count(), Reflection.objects.count(), Feedback.objects.count())
    figures_before = evaluate(programme, full=True)
    erase_person(actor=admin, employee=person.employee)
    assert (Mentorship.objects.count(), Reflection.objects.count(), Feedback.objects.count()) == before
    assert {f.text for f in Feedback.objects.all()} == {ANONYMOUS, ANONYMOUS + " (2)"}
    figures = evaluate(programme, full=True)
    assert type(figures) is type(figures_before)
    assert figures.__dict__.keys() == figures_before.__dict__.keys()


def test_their_notes_and_participation_go_the_partners_stay(world, person, partner, admin):
    erase_person(actor=admin, employee=person.employee)
    assert [n.author_id for n in Note.objects.all()] == [partner.employee.pk]
    assert MINE not in [n.text for n in Note.objects.all()]
    assert "[erased]" in Note.objects.get().text  # the partner's note keeps its words, not the name
    assert not PulseInvitation.objects.exists()
    assert Speaker.objects.count() == 1  # the partner's


def test_the_login_is_locked_and_its_sessions_end(world, person, admin, client_for):
    client = client_for(person)
    assert client.get(reverse("home")).status_code == 200
    erase_person(actor=admin, employee=person.employee)
    user = User.objects.get(pk=person.pk)
    assert not user.is_active and not user.has_usable_password() and user.employee_id is None
    assert client.get(reverse("home")).status_code == 302
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(person.pk)]


def test_the_erasure_is_audited_with_a_reference_only(world, person, admin):
    employee = person.employee
    ref, changed = erase_person(actor=admin, employee=employee)
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert (entry.actor, entry.target_type, entry.target_id) == (admin, "people.employee", str(employee.pk))
    assert entry.data["ref"] == ref and entry.summary == ""
    assert changed["mentorships.note"] >= 1 and changed["people.employee"] == 1
    assert Employee.objects.get(pk=employee.pk).employee_id == f"erased-{ref}"


def test_only_hr_may_erase_and_not_themselves(world, person, partner, admin, staff):
    with pytest.raises(PermissionDenied):
        erase_person(actor=partner, employee=person.employee)
    with pytest.raises(PermissionDenied):
        erase_person(actor=staff, employee=person.employee)  # a superuser is not HR
    with pytest.raises(ValidationError):
        erase_person(actor=admin, employee=admin.employee)
    assert Employee.objects.get(pk=person.employee.pk).first_name == "Zebulonia"


def test_an_error_half_way_changes_nothing(world, person, admin, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "audit", broken)  # the last step
    with pytest.raises(RuntimeError):
        erase_person(actor=admin, employee=person.employee)
    assert Employee.objects.get(pk=person.employee.pk).first_name == "Zebulonia"
    assert Note.objects.count() == 2 and User.objects.get(pk=person.pk).is_active


def table_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_the_command_needs_yes_and_a_known_id(world, person):
    before = table_counts()
    with pytest.raises(CommandError, match="--yes"):
        call_command("erase_person", "ZQ-4711")
    with pytest.raises(CommandError, match="no employee with id 'NOPE-1'"):
        call_command("erase_person", "NOPE-1", "--yes")
    assert table_counts() == before
    assert Employee.objects.get(pk=person.employee.pk).employee_id == "ZQ-4711"


def test_the_command_erases(world, person, capsys):
    needles = identifiers(person)
    call_command("erase_person", "ZQ-4711", "--yes")
    out = capsys.readouterr().out
    assert f"erased employee #{person.employee.pk}" in out and "mentorships.note" in out
    assert "Zebulonia" not in out
    assert scan(*needles) == []
    assert AuditEntry.objects.get(action="privacy.erase").actor is None


# --- the HR page -----------------------------------------------------------------------------------------------------


def test_hr_confirms_then_erases(world, person, client_for, hr):
    url = reverse("privacy:erase", args=["ZQ-4711"])
    page = client_for(hr).get(url)
    assert page.status_code == 200 and "Zebulonia Quixhaven" in page.content.decode()
    response = client_for(hr).post(url)
    assert response.status_code == 302 and response["Location"] == reverse("people:directory")
    assert Employee.objects.get(pk=person.employee.pk).first_name == "Erased"


def test_the_employee_page_shows_hr_the_erase_button(world, person, client_for, hr, admin):
    url = reverse("people:employee-detail", args=["ZQ-4711"])
    assert reverse("privacy:erase", args=["ZQ-4711"]) in client_for(hr).get(url).content.decode()


@pytest.fixture
def programme_admin(programme):
    """A programme admin who is not HR."""
    return make_participant(programme, Role.ADMIN, level=7)


@pytest.mark.parametrize("who", ["partner", "person", "coach", "programme_admin", "staff", "anon"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_nobody_but_hr_reaches_the_erase_page(world, request, client_for, person, who, method):
    user = None if who == "anon" else request.getfixturevalue(who)
    response = getattr(client_for(user), method)(reverse("privacy:erase", args=["ZQ-4711"]))
    if who == "anon":
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    else:
        assert response.status_code == 403
    assert Employee.objects.get(pk=person.employee.pk).first_name == "Zebulonia"


def test_an_unknown_employee_is_404_for_hr(client_for, hr):
    assert client_for(hr).get(reverse("privacy:erase", args=["NOPE-1"])).status_code == 404
