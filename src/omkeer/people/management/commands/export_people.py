"""`omkeer export-people PATH|- [--all]`: write employees as an HR file that `import-people` reads back."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omkeer.people.services import export_people


class Command(BaseCommand):
    help = (
        "Write active employees as UTF-8 CSV with the import's columns, hire and leave dates included "
        "('-' for standard output)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="file to write, or - for standard output")
        parser.add_argument("--all", action="store_true", dest="include_inactive", help="include inactive employees")

    def handle(self, *args: Any, path: str, include_inactive: bool, **options: Any) -> str:
        if path == "-":
            export_people(self.stdout, include_inactive=include_inactive)
            return ""
        try:
            with open(path, "w", encoding="utf-8", newline="") as stream:
                count = export_people(stream, include_inactive=include_inactive)
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror}") from error
        return f"{count} people written to {path}"
