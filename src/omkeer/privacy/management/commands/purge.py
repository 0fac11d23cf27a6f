"""`omkeer purge [--dry-run]`: remove the personal data past its retention period (settings.RETENTION)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from omkeer.privacy.retention import purge


class Command(BaseCommand):
    help = "Remove personal data past its retention period, per category; --dry-run only counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count what would be removed, change nothing")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> str:
        removed = purge(dry_run=dry_run)
        verb = "would be removed" if dry_run else "removed"
        for category, count in removed.items():
            self.stdout.write(f"{category}: {count} {verb}")
        return f"{sum(removed.values())} {verb} in total"
