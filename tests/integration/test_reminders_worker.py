"""A real Celery worker consuming from Redis sends the session reminders: both partners, once.

Runs only with CELERY_BROKER_URL set (CI points it at the local Redis); `make test` runs the same task eagerly
(tests/mentorships/test_reminders_and_stages.py).
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from django.core import mail
from django.utils import timezone

from omkeer.mentorships import tasks
from omkeer.mentorships.models import MentoringSession, Mentorship, SessionState
from tests.integration.test_celery_worker import worker  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="needs CELERY_BROKER_URL (a real broker)"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("worker")
def test_the_worker_reminds_both_partners_of_tomorrows_session(programme, mentor, mentee):
    pair = Mentorship.objects.create(
        programme=programme, mentor=mentor.employee, mentee=mentee.employee, started=timezone.localdate()
    )
    soon = MentoringSession.objects.create(
        mentorship=pair, starts_at=timezone.now() + dt.timedelta(hours=3), minutes=60, state=SessionState.PLANNED
    )
    later = MentoringSession.objects.create(
        mentorship=pair, starts_at=timezone.now() + dt.timedelta(days=3), minutes=60, state=SessionState.PLANNED
    )
    mail.outbox.clear()
    tasks.send_session_reminders.delay()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(mail.outbox) < 2:
        time.sleep(0.2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.employee.email, mentee.employee.email])
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.reminded is not None and later.reminded is None
    tasks.send_session_reminders.delay()  # a second run sends nothing more
    time.sleep(2)
    assert len(mail.outbox) == 2
