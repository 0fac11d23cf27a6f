"""`omkeer import-people PATH [--dry-run] [--deactivate-missing]`: load an HR file (CSV or .xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omkeer.people.hrimport import import_people


class Command(BaseCommand):
    help = "Create and update employees from an HR file (CSV or .xlsx). Writes nothing if any row has a problem."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the file and report, write nothing")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="deactivate active people who are not in the file",
        )

    def handle(self, *args: Any, path: Path, dry_run: bool, deactivate_missing: bool, **options: Any) -> str:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from error
        report = import_people(data=data, filename=path.name, dry_run=dry_run, deactivate_missing=deactivate_missing)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(report.summary())
        if report.missing and not deactivate_missing:
            self.stderr.write("hint: --deactivate-missing deactivates the people who are not in the file")
        return report.summary()
