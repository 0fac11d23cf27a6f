"""`omkeer restore PATH --yes`: replace the whole database with a backup made by `omkeer backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from omkeer.accounts.services import audit
from omkeer.lib import backup


class Command(BaseCommand):
    help = "Replace every table with the backup at PATH (made by `omkeer backup`); then apply newer migrations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--yes", action="store_true", help="Confirm: everything now in the database is replaced.")

    def handle(self, *args: Any, path: Path, yes: bool, **options: Any) -> None:
        if not yes:
            raise CommandError("Restoring replaces everything now in the database: add --yes to confirm.")
        try:
            backup.restore(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        call_command("migrate", no_input=True, verbosity=0)  # a backup from an older release catches up
        with transaction.atomic():
            audit(actor=None, action="backup.restore", summary=f"Restored from {path.name}")
        counts = backup.row_counts()
        self.stdout.write(f"Restored {len(counts)} tables, {sum(counts.values())} rows, from {path}.")
