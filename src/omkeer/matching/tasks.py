from __future__ import annotations

import logging

from celery import shared_task

from omkeer.matching import services
from omkeer.matching.models import MatchRun

log = logging.getLogger(__name__)


@shared_task
def run_match(run_id: int) -> None:
    """Solve a queued run; an unexpected error marks it failed instead of leaving it spinning."""
    run = MatchRun.objects.filter(pk=run_id, state=MatchRun.State.QUEUED).select_related("created_by").first()
    if run is None:
        return
    try:
        services.compute_run(run)
    except Exception as exc:
        log.exception("matching run %s failed", run_id)
        services.fail_run(run, str(exc))
