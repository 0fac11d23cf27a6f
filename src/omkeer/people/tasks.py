from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from celery import shared_task

from omkeer.accounts.models import User
from omkeer.people import jobs
from omkeer.people.models import ImportJob

log = logging.getLogger(__name__)


@shared_task
def validate_import(job_id: int) -> None:
    job = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.VALIDATING).first()
    if job is not None:
        with _fail_on_error(job):
            jobs.validate_import(job)


@shared_task
def run_import(job_id: int, actor_id: int) -> None:
    job = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.IMPORTING).first()
    if job is not None:
        with _fail_on_error(job):
            jobs.run_import(job, User.objects.get(pk=actor_id))


@contextmanager
def _fail_on_error(job: ImportJob) -> Iterator[None]:
    """An unexpected error marks the job failed (the import itself rolled back) instead of leaving it spinning."""
    try:
        yield
    except Exception as exc:
        log.exception("import job %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.FAILED, report={"error": str(exc)})
