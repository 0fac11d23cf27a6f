"""`omkeer demo`: build a deterministic demo organisation with a pilot programme and demo logins."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from omkeer.demo.people import DEFAULT_SEED, build_demo, logins_text
from omkeer.people.models import Employee

SKIPPING = "Demo organisation already present; skipping."
NOT_EMPTY = "The database already has employees; use --if-empty"


class Command(BaseCommand):
    help = "Build a demo organisation (~600 employees) with a pilot programme and demo logins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has employees."
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Random seed; the same seed gives the same data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Build the demo data unless employees exist; print a summary and the demo logins."""
        if Employee.objects.exists():
            if not options["if_empty"]:
                raise CommandError(NOT_EMPTY)
            self.stdout.write(SKIPPING)
        else:
            self.stdout.write(build_demo(seed=options["seed"]).text())
        self.stdout.write(logins_text())
