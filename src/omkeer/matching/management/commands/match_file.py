"""`omkeer match-file INPUT.json [-o OUTPUT.json]`: solve a matching problem given as a JSON document."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omkeer.matching.engine import MatchingError
from omkeer.matching.files import run


class Command(BaseCommand):
    help = "Match mentors and mentees from a JSON file (the standard file interface); write the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path, help="the problem, or - for standard input")
        parser.add_argument("-o", "--output", type=Path, help="where to write the result (default: standard output)")

    def handle(self, *args: Any, input: Path, output: Path | None, **options: Any) -> None:
        try:
            # OutputWrapper is a TextIOBase, not a TextIO, in the stubs; `run` only calls its `write`
            run(input, output, cast(TextIO, self.stdout), cast(TextIO, self.stderr))
        except MatchingError as error:
            raise CommandError(str(error)) from error
