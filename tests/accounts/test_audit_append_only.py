"""The audit log is append-only — in the model, the admin and (on PostgreSQL) the database — with one documented
escape hatch for retention and erasure; sensitive actions each write one entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from omkeer.accounts.models import AppendOnlyError, AuditEntry
from omkeer.accounts.services import audit, purge_audit_before, scrub_audit
from omkeer.programmes.models import Participation, Role
from tests.factories import make_employee, make_user

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")


@pytest.fixture
def entry(db):
    return audit(actor=None, action="test.thing", summary="Anna Admin did it", data={"who": "Anna Admin"})


def test_an_entry_cannot_be_saved_again_or_deleted(entry):
    entry.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().summary == "Anna Admin did it"


def test_the_admin_cannot_add_change_or_delete_entries(entry, staff, client_for):
    client = client_for(staff)
    assert client.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:accounts_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    change = client.post(reverse("admin:accounts_auditentry_change", args=[entry.pk]), {"summary": "x"})
    assert change.status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    client.post(reverse("admin:accounts_auditentry_changelist"), bulk)
    assert AuditEntry.objects.filter(pk=entry.pk, summary="Anna Admin did it").exists()


@postgres_only
@pytest.mark.parametrize(
    "sql", ["UPDATE accounts_auditentry SET summary = 'rewritten'", "DELETE FROM accounts_auditentry"]
)
def test_postgres_refuses_a_raw_update_or_delete(entry, sql):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEntry.objects.get().summary == "Anna Admin did it"


def test_deleting_the_actor_keeps_their_entries_without_them(db):
    user = make_user(make_employee())
    audit(actor=user, action="test.thing", summary="kept")
    user.delete()
    assert AuditEntry.objects.get().actor is None
    assert AuditEntry.objects.get().summary == "kept"


def test_purge_deletes_only_older_entries_and_says_so(entry, hr):
    later = timezone.now() + dt.timedelta(seconds=1)
    assert purge_audit_before(cutoff=later, actor=hr) == 1
    purge = AuditEntry.objects.get()
    assert (purge.action, purge.actor, purge.data["deleted"]) == ("audit.purge", hr, 1)
    assert purge_audit_before(cutoff=timezone.now() - dt.timedelta(days=1)) == 0


def test_scrub_erases_a_name_from_summaries_and_data_and_not_the_rest(entry, db):
    other = audit(actor=None, action="test.other", summary="Bob did this", data={"n": 3})
    unicode = audit(actor=None, action="test.unicode", data={"names": ["Zoë Müller"]})
    assert scrub_audit(words=["anna admin", "Zoë Müller", " "]) == 2
    entry.refresh_from_db()
    assert (entry.summary, entry.data) == ("[erased] did it", {"who": "[erased]"})
    assert AuditEntry.objects.get(pk=unicode.pk).data == {"names": ["[erased]"]}
    assert AuditEntry.objects.get(pk=other.pk).summary == "Bob did this"
    scrub = AuditEntry.objects.get(action="audit.scrub")
    assert scrub.data == {"entries": 2} and "Anna" not in str(scrub.data) + scrub.summary


@postgres_only
def test_the_escape_hatch_closes_again_inside_an_outer_transaction(entry):
    with transaction.atomic():
        scrub_audit(words=["Anna"])
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_auditentry")
    assert AuditEntry.objects.filter(action="test.thing").exists()


# Sensitive actions: one entry each.


def test_viewing_someone_elses_profile_is_audited_and_ones_own_is_not(hr, mentor, client_for):
    client_for(hr).get(reverse("people:employee-detail", args=[mentor.employee.employee_id]))
    client_for(mentor).get(reverse("people:employee-detail", args=[mentor.employee.employee_id]))
    client_for(hr).get(f"/api/people/{mentor.employee.employee_id}")
    views = AuditEntry.objects.filter(action="people.view")
    assert [(e.actor, e.target_id) for e in views] == [(hr, str(mentor.employee.pk))] * 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_people_export_is_audited(fmt, hr, client_for):
    response = client_for(hr).get(reverse("people:export"), {"format": fmt})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="people.export")
    assert (entry.actor, entry.data) == (hr, {"format": fmt})


def test_downloading_the_evaluation_report_is_audited(admin, programme, client_for):
    response = client_for(admin).get(reverse("evaluation:report-file", kwargs={"pk": programme.pk, "fmt": "csv"}))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="evaluation.report-export")
    assert (entry.actor, entry.target_id, entry.data) == (admin, str(programme.pk), {"format": "csv"})


def test_role_changes_in_the_django_admin_are_audited(staff, mentor, client_for):
    client = client_for(staff)
    url = reverse("admin:accounts_user_change", args=[mentor.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(is_hr="on", is_active="on", employee=mentor.employee.pk, groups=[], user_permissions=[])
    data.update({"date_joined_0": f"{mentor.date_joined:%Y-%m-%d}", "date_joined_1": "00:00:00"})
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="admin.user-change")
    assert entry.actor == staff and "is_hr" in entry.data["fields"]
    participation = Participation.objects.get(employee=mentor.employee)
    p_url = reverse("admin:programmes_participation_change", args=[participation.pk])
    p_data = {"employee": mentor.employee.pk, "programme": participation.programme_id, "role": Role.COACH}
    p_data["joined"] = f"{participation.joined:%Y-%m-%d}"
    assert client.post(p_url, p_data).status_code == 302
    assert AuditEntry.objects.get(action="admin.participation-change").data == {"fields": ["role"]}


def test_a_password_set_in_the_django_admin_is_audited_without_it(staff, mentor, client_for):
    url = reverse("admin:auth_user_password_change", args=[mentor.pk])
    secret = "A new and long passphrase 42"
    response = client_for(staff).post(url, {"password1": secret, "password2": secret, "usable_password": "true"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.user-password")
    assert (entry.actor, entry.target_id) == (staff, str(mentor.pk))
    assert secret not in f"{entry.summary} {entry.data}"
    refused = client_for(staff).post(
        url, {"password1": secret, "password2": "something else", "usable_password": "true"}
    )
    assert refused.status_code == 200 and AuditEntry.objects.filter(action="admin.user-password").count() == 1
