"""Importing an HR file through the web: upload -> checked preview (nothing written) -> commit.

Celery runs eagerly in tests; the tasks are queued with `on_commit`, so each request that queues one runs inside
`django_capture_on_commit_callbacks(execute=True)`.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.people import jobs
from omkeer.people.models import Employee, ImportJob
from tests.factories import make_employee, make_user

HEADER = "employee_id,first_name,last_name,email,department,team,manager_id,level,job_title,birth_year,skills,interests"
GOOD = f"""{HEADER}
N1,Nora,Boss,nora@example.com,Board,,,10,Chief executive,1968,strategy:4,sailing
N2,Niels,Junior,niels@example.com,IT,Platform,N1,2,Developer,2001,cloud:4|social_media:3,gaming
"""
BAD = f"""{HEADER}
N1,Nora,Boss,nora@example.com,Board,,,10,Chief executive,1968,strategy:4,sailing
N2,Niels,Junior,not-an-email,IT,Platform,N1,twelve,Developer,2001,cloud:4,gaming
"""
UPLOAD = reverse("people:import-upload")


def csv_file(text, name="people.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.fixture
def client(hr, client_for):
    return client_for(hr)


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    def run(text, name="people.csv", **data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(UPLOAD, {"file": csv_file(text, name), **data})
        return response

    return run


def commit(client, job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("people:import-commit", args=[job.pk]))


def test_a_valid_file_is_previewed_and_nothing_is_written(upload, client):
    before = Employee.objects.count()
    response = upload(GOOD)
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("people:import-detail", args=[job.pk])
    assert job.state == ImportJob.State.READY
    preview = client.get(response["Location"])
    assert preview.context["report"]["created"] == 2
    html = preview.content.decode()
    assert "Preview: what this import will do" in html
    assert reverse("people:import-commit", args=[job.pk]) in html
    assert Employee.objects.count() == before
    assert not AuditEntry.objects.filter(action="people.import").exists()


def test_committing_the_preview_creates_the_people(upload, client, hr, django_capture_on_commit_callbacks):
    upload(GOOD)
    job = ImportJob.objects.get()
    response = commit(client, job, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("people:import-detail", args=[job.pk])
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert job.report["created"] == 2
    niels = Employee.objects.get(employee_id="N2")
    assert (niels.email, niels.manager.employee_id, niels.team.name) == ("niels@example.com", "N1", "Platform")
    assert AuditEntry.objects.get(action="people.import").actor == hr
    assert "Import finished" in client.get(response["Location"]).content.decode()


def test_deactivate_missing_is_applied_on_commit(upload, client, django_capture_on_commit_callbacks):
    leaver = make_employee()
    upload(GOOD, deactivate_missing="on")
    job = ImportJob.objects.get()
    assert job.deactivate_missing
    assert leaver.employee_id in job.report["missing"]
    leaver.refresh_from_db()
    assert leaver.is_active  # the preview writes nothing
    commit(client, job, django_capture_on_commit_callbacks)
    leaver.refresh_from_db()
    assert not leaver.is_active


def test_a_file_with_errors_lists_them_by_row_and_column(upload, client):
    before = Employee.objects.count()
    response = upload(BAD)
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.INVALID
    html = client.get(response["Location"]).content.decode()
    assert "row 3: email: not a valid email address" in html
    assert "row 3: level: must be a whole number from 1 to 10" in html
    assert "nothing was imported" in html
    assert reverse("people:import-commit", args=[job.pk]) not in html
    assert Employee.objects.count() == before


def test_a_file_with_errors_cannot_be_committed(upload, client, django_capture_on_commit_callbacks):
    before = Employee.objects.count()
    upload(BAD)
    job = ImportJob.objects.get()
    response = commit(client, job, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert "Only a file without errors can be imported." in client.get(response["Location"]).content.decode()
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    assert Employee.objects.count() == before


def test_a_committed_file_cannot_be_committed_twice(upload, client, django_capture_on_commit_callbacks):
    upload(GOOD)
    job = ImportJob.objects.get()
    commit(client, job, django_capture_on_commit_callbacks)
    commit(client, job, django_capture_on_commit_callbacks)
    assert AuditEntry.objects.filter(action="people.import").count() == 1


def test_a_pdf_is_refused_on_the_file_field(client):
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("people.pdf", b"%PDF-1.4", "application/pdf")})
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["Upload a .csv or .xlsx file."]}
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_upload_without_a_file_is_refused(client):
    response = client.post(UPLOAD, {"deactivate_missing": "on"})
    assert response.context["form"].errors == {"file": ["This field is required."]}
    assert not ImportJob.objects.exists()


def test_status_reports_100_percent_when_checked(upload, client):
    upload(GOOD)
    job = ImportJob.objects.get()
    data = client.get(reverse("people:import-status", args=[job.pk])).json()
    assert data["state"] == "ready"
    assert data["percent"] == 100
    assert data["done"] is True
    assert data["label"].startswith("2 of 2 ")


def test_status_of_a_running_job_is_not_done(hr, client):
    job = ImportJob.objects.create(created_by=hr, filename="big.csv", data=b"", progress_done=25, progress_total=100)
    data = client.get(reverse("people:import-status", args=[job.pk])).json()
    assert (data["state"], data["percent"], data["done"]) == ("validating", 25, False)


def test_status_reports_live_progress_while_a_worker_is_busy(hr, client):
    job = ImportJob.objects.create(created_by=hr, filename="big.csv", data=b"", state=ImportJob.State.IMPORTING)
    jobs._progress_writer(job)(30, 120)  # what the worker reports from inside its transaction
    data = client.get(reverse("people:import-status", args=[job.pk])).json()
    assert (data["state"], data["percent"], data["done"]) == ("importing", 25, False)
    assert data["label"].startswith("30 of 120 ")


def test_another_hr_users_job_is_404(upload, client_for, django_capture_on_commit_callbacks):
    upload(GOOD)
    job = ImportJob.objects.get()
    colleague = make_user(make_employee(), is_hr=True)
    other = client_for(colleague)
    assert other.get(reverse("people:import-detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("people:import-status", args=[job.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert other.post(reverse("people:import-commit", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY
    assert "people.csv" not in other.get(UPLOAD).content.decode()  # not in their recent imports either


def test_commit_rejects_get(upload, client):
    upload(GOOD)
    job = ImportJob.objects.get()
    assert client.get(reverse("people:import-commit", args=[job.pk])).status_code == 405
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY


def test_an_upload_without_csrf_token_is_refused(hr):
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr)
    assert client.post(UPLOAD, {"file": csv_file(GOOD)}).status_code == 403
    assert not ImportJob.objects.exists()


def test_an_unexpected_error_marks_the_job_failed_without_a_server_error(upload, client, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("omkeer.people.hrimport.import_people", explode)
    response = upload(GOOD)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.state == ImportJob.State.FAILED
    assert "disk on fire" in client.get(reverse("people:import-detail", args=[job.pk])).content.decode()
