from __future__ import annotations

import logging

from celery import shared_task

from omkeer.accounts.models import User
from omkeer.enrolment import reminders
from omkeer.programmes.models import Programme

log = logging.getLogger(__name__)


@shared_task
def send_reminders(programme_id: int, actor_id: int | None = None) -> int:
    """The admin's "send reminders now": every kind, whatever the deadlines. Returns how many went out."""
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return 0
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return sum(reminders.send_reminders(programme=programme, actor=actor).values())


@shared_task
def send_due_reminders() -> int:
    """The daily run (Celery beat or `omkeer remind`): reminders whose deadline is near or passed."""
    counts = reminders.send_due_reminders()
    log.info("sent %s reminders", sum(counts.values()))
    return sum(counts.values())
