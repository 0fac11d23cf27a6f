"""`omkeer evaluation-report --programme ID --format pdf|html|csv|json -o PATH`: the evaluation report as a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from omkeer.evaluation import report
from omkeer.programmes.models import Programme


class Command(BaseCommand):
    help = "Write a programme's evaluation report (aggregates only) as PDF, HTML, CSV or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", type=int, required=True, help="the programme's id")
        parser.add_argument("--format", choices=report.FORMATS, default="pdf")
        parser.add_argument("-o", "--output", type=Path, required=True, help="the file to write")

    def handle(self, *args: Any, programme: int, format: str, output: Path, **options: Any) -> str:
        found = Programme.objects.filter(pk=programme).first()
        if found is None:
            raise CommandError(f"--programme: no programme with id {programme}")
        try:
            with transaction.atomic():  # audited like a download, once the file is written
                content, _type, _name = report.download(found, format, actor=None)
                output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from error
        return f"{output}: {format}, {len(content)} bytes"
