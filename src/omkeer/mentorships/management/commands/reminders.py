from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from omkeer.mentorships import between, services


class Command(BaseCommand):
    help = (
        "Send the session reminders that are due and open the due health checks. Celery beat does this when a "
        "broker is configured; without one, run this from cron (e.g. every 15 minutes)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = services.send_reminders()
        opened = between.ask_health_checks()
        self.stdout.write(f"{reminded} sessions reminded, {opened} health checks opened")
