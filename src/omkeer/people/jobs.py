"""Web imports: an uploaded HR file is checked in the background (preview), then committed on request.

The two Celery tasks live here, beside the steps they run; `omkeer.people.tasks` re-exports them for Celery's
autodiscovery and keeps their names (`omkeer.people.tasks.validate_import`, `…run_import`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from celery import shared_task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.people import hrimport
from omkeer.people.models import ImportJob

State = ImportJob.State
log = logging.getLogger(__name__)


def _progress_key(job: ImportJob) -> str:
    return f"omkeer:import-job:{job.pk}:progress"


def _progress_writer(job: ImportJob) -> Callable[[int, int], None]:
    """Progress goes to the cache: the import writes inside one transaction, so rows saved there stay invisible."""

    def write(done: int, total: int) -> None:
        job.progress_done, job.progress_total = done, total
        cache.set(_progress_key(job), (done, total), timeout=6 * 3600)

    return write


def progress_of(job: ImportJob) -> tuple[int, int, int]:
    """(rows done, rows in all, percent) of a job, live while a worker is busy with it."""
    done, total = cache.get(_progress_key(job)) or (job.progress_done, job.progress_total)
    if not job.is_running:
        return done, total, 100
    return done, total, int(100 * done / total) if total else 0


def upload_import(
    *, actor: User, filename: str, data: bytes, deactivate_missing: bool, as_of: dt.date | None = None
) -> ImportJob:
    """Store an uploaded HR file and queue its validation (a dry run that produces the preview).

    `as_of` is the day the file describes (None: the day it is imported), the date of the history it records.
    """
    job = ImportJob.objects.create(
        created_by=actor,
        filename=filename,
        data=data,
        deactivate_missing=deactivate_missing,
        as_of=as_of,
        language=translation.get_language() or "en",
    )
    transaction.on_commit(lambda: validate_import_task.delay(job.pk))
    return job


def validate_import(job: ImportJob) -> ImportJob:
    """Dry-run the file and store the preview report: errors (row by row) or what would change."""
    ok = _import(job, actor=None, dry_run=True)
    job.state = State.READY if ok else State.INVALID
    job.save(update_fields=["report", "state", "progress_done", "progress_total"])
    return job


def commit_import(*, actor: User, job: ImportJob) -> None:
    """Queue the real import of a previewed file; only a file whose preview had no errors can be committed."""
    if job.state != State.READY:
        raise ValueError("only a validated import can be committed")
    job.state = State.IMPORTING
    job.progress_done = 0
    job.save(update_fields=["state", "progress_done"])
    transaction.on_commit(lambda: run_import_task.delay(job.pk, actor.pk))


def run_import(job: ImportJob, actor: User) -> ImportJob:
    """Import the file for real and mark the job done, in one transaction: a job is done if and only if its
    people were written (a failure in between leaves the job importing, for `_fail_on_error` to mark failed, and
    nothing written). The stored file is dropped after."""
    with transaction.atomic():
        ok = _import(job, actor=actor, dry_run=False)
        job.state = State.DONE if ok else State.FAILED
        job.data = b""
        job.save(update_fields=["report", "state", "data", "progress_done", "progress_total"])
    return job


def _import(job: ImportJob, *, actor: User | None, dry_run: bool) -> bool:
    """Run the HR import on the job's file in the uploader's language; keep the report on the job."""
    with translation.override(job.language):
        report = hrimport.import_people(
            data=bytes(job.data),
            filename=job.filename,
            actor=actor,
            dry_run=dry_run,
            deactivate_missing=job.deactivate_missing,
            progress=_progress_writer(job),
            as_of=job.as_of,
        )
    job.report = report.as_dict()
    return report.ok


@shared_task(name="omkeer.people.tasks.validate_import")
def validate_import_task(job_id: int) -> None:
    """The worker's side of `upload_import`: validate the job if it is still waiting for that."""
    job = ImportJob.objects.filter(pk=job_id, state=State.VALIDATING).first()
    if job is not None:
        with _fail_on_error(job):
            validate_import(job)


@shared_task(name="omkeer.people.tasks.run_import")
def run_import_task(job_id: int, actor_id: int) -> None:
    """The worker's side of `commit_import`: import the job's file if it is still marked importing."""
    job = ImportJob.objects.filter(pk=job_id, state=State.IMPORTING).first()
    if job is not None:
        with _fail_on_error(job):
            run_import(job, User.objects.get(pk=actor_id))


@contextmanager
def _fail_on_error(job: ImportJob) -> Iterator[None]:
    """An unexpected error marks the job failed (the import itself rolled back) instead of leaving it spinning.

    A lost database connection took the import's transaction with it; it is dropped, so that marking the job
    failed opens a fresh one.
    """
    try:
        yield
    except Exception as exc:
        log.exception("import job %s failed", job.pk)
        lost = isinstance(exc, OperationalError | InterfaceError)
        if lost and not connection.in_atomic_block and connection.connection is not None and not connection.is_usable():
            connection.close()
        with translation.override(job.language):
            reason = _("the connection to the database was lost; try again") if lost else str(exc)
            message = _("Nothing was imported: %(reason)s") % {"reason": reason}
        ImportJob.objects.filter(pk=job.pk).update(state=State.FAILED, report={"error": message})
