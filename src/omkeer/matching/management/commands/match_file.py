"""`omkeer match-file INPUT.json [-o OUTPUT.json]`: solve a matching problem given as a JSON document."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omkeer.matching.engine import MatchingError
from omkeer.matching.files import solve_data


class Command(BaseCommand):
    help = "Match mentors and mentees from a JSON file (the standard file interface); write the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path, help="the problem, or - for standard input")
        parser.add_argument("-o", "--output", type=Path, help="where to write the result (default: standard output)")

    def handle(self, *args: Any, input: Path, output: Path | None, **options: Any) -> None:
        try:
            text = sys.stdin.read() if str(input) == "-" else input.read_text(encoding="utf-8")
            data = json.loads(text)
        except OSError as error:
            raise CommandError(f"cannot read {input}: {error.strerror}") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{input}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
            ) from error
        try:
            result = solve_data(data)
        except MatchingError as error:
            raise CommandError(str(error)) from error
        document = json.dumps(result, ensure_ascii=False, indent=1)
        if output is None:
            self.stdout.write(document)
            return
        output.write_text(document + "\n", encoding="utf-8")
        objective = result["objective"]
        self.stderr.write(
            f"{objective['matched']} matched, {objective['unmatched']} unmatched, total score "
            f"{objective['total_score']:.3f}; optimal: {result['stats']['certificate']['optimal']}; written to {output}"
        )
