"""A real Celery worker consuming from Redis runs the web import: upload, preview, commit.

Runs only with CELERY_BROKER_URL set (CI points it at the local Redis); tasks are eager otherwise.
"""

from __future__ import annotations

import os
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from omkeer.people import jobs
from omkeer.people.hrfile import COLUMNS
from omkeer.people.models import Employee, ImportJob

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="needs CELERY_BROKER_URL (a real broker)"),
]

HEADER = ",".join(COLUMNS) + "\n"
ROWS = (
    "W1,Anouk,Jansen,anouk@example.com,Technology,Cloud,,9,Director,1975,strategy:4,sailing\n"
    "W2,Daniëlle,de Vries,danielle@example.com,Technology,Cloud,W1,2,Associate,2001,social_media:4|cloud:3,music\n"
)


@pytest.fixture
def worker():
    from celery.contrib.testing.worker import start_worker

    from omkeer.celery import app

    assert not settings.CELERY_TASK_ALWAYS_EAGER
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        yield


def wait_for(job, states, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in states:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job stayed {job.state}")


@pytest.mark.django_db(transaction=True)
def test_worker_validates_then_imports_an_uploaded_file(worker, client, hr):
    client.force_login(hr)
    upload = SimpleUploadedFile("people.csv", (HEADER + ROWS).encode())
    response = client.post(reverse("people:import-upload"), {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    job = wait_for(job, {ImportJob.State.READY, ImportJob.State.INVALID})
    assert job.state == ImportJob.State.READY
    assert job.report["created"] == 2
    assert not Employee.objects.filter(employee_id__startswith="W").exists()

    client.post(reverse("people:import-commit", args=[job.pk]))
    job = wait_for(job, {ImportJob.State.DONE, ImportJob.State.FAILED})
    assert job.state == ImportJob.State.DONE
    assert jobs.progress_of(job)[2] == 100
    assert Employee.objects.get(employee_id="W2").manager.employee_id == "W1"
