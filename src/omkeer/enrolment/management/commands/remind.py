"""`omkeer remind`: the daily reminder run, for cron when there is no Celery beat."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from omkeer.enrolment.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Email everyone who has not finished their part of enrolment and whose deadline is near or passed."

    def handle(self, *args: Any, **options: Any) -> str:
        counts = send_due_reminders()
        detail = ", ".join(f"{kind}: {n}" for kind, n in sorted(counts.items()))
        return f"{sum(counts.values())} reminders sent" + (f" ({detail})" if detail else "")
