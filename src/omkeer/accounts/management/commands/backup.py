"""`omkeer backup PATH`: the whole database in one file (pg_dump's custom format, or an SQLite database file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from omkeer.accounts.services import audit
from omkeer.lib import backup


class Command(BaseCommand):
    help = "Back up the whole database to PATH (restore it with `omkeer restore PATH --yes`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        with transaction.atomic():
            audit(actor=None, action="backup.create", summary=f"Backup to {path.name}")
        try:
            backup.backup(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        counts = backup.row_counts()
        self.stdout.write(
            f"Backed up {len(counts)} tables, {sum(counts.values())} rows, to {path} ({path.stat().st_size} bytes)."
        )
