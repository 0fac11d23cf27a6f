from __future__ import annotations

from celery import shared_task

from omkeer.mentorships import between, services


@shared_task
def send_session_reminders() -> int:
    """Remind pairs of sessions in the next 24 hours (Celery beat runs this every 15 minutes)."""
    return services.send_reminders()


@shared_task
def open_health_checks() -> int:
    """Open the relationship health checks that are due (Celery beat runs this daily)."""
    return between.ask_health_checks()
