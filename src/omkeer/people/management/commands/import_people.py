"""`omkeer import-people PATH [--dry-run] [--deactivate-missing] [--as-of YYYY-MM-DD]`: load an HR file (CSV or
.xlsx).

`--as-of` is the day the file describes (default today): the date of the history rows the import writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omkeer.people.hrfile import iso_date
from omkeer.people.hrimport import import_people


def as_of_date(text: str) -> dt.date:
    """`--as-of`'s value; anything but YYYY-MM-DD is a usage error that names the option."""
    day = iso_date(text.strip())
    if day is None:
        raise argparse.ArgumentTypeError(f"not a date (use YYYY-MM-DD): {text!r}")
    return day


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
        parser.add_argument(
            "--as-of",
            type=as_of_date,
            metavar="YYYY-MM-DD",
            help="the day the file describes, the date of the history it records (default: today)",
        )

    def handle(
        self,
        *args: Any,
        path: Path,
        dry_run: bool,
        deactivate_missing: bool,
        as_of: dt.date | str | None = None,
        **options: Any,
    ) -> str:
        if isinstance(as_of, str):  # call_command(..., as_of="…") skips the parser's conversion
            try:
                as_of = as_of_date(as_of)
            except argparse.ArgumentTypeError as error:
                raise CommandError(f"--as-of: {error}") from None
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from error
        report = import_people(
            data=data, filename=path.name, dry_run=dry_run, deactivate_missing=deactivate_missing, as_of=as_of
        )
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(report.summary())
        if report.missing and not deactivate_missing:
            self.stderr.write("hint: --deactivate-missing deactivates the people who are not in the file")
        return report.summary()
