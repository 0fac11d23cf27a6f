"""`omkeer demo`: build a deterministic demo organisation with a pilot programme and demo logins."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from omkeer.demo.people import DEFAULT_SEED, build_demo, logins_text
from omkeer.demo.scale import grow_organisation
from omkeer.people.models import Employee

SKIPPING = "Demo organisation already present; skipping."
NOT_EMPTY = "The database already has employees; use --if-empty"
EMPLOYEES_MIN, EMPLOYEES_MAX = 1_000, 1_000_000
BAD_EMPLOYEES = f"--employees must be 0 or from {EMPLOYEES_MIN:,} to {EMPLOYEES_MAX:,} (the demo alone has about 600)"


class Command(BaseCommand):
    help = "Build a demo organisation (~600 employees) with a pilot programme and demo logins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has employees."
        )
        parser.add_argument(
            "--employees",
            type=int,
            default=0,
            metavar="N",
            help="Grow the organisation to N employees, with a third programme of thousands of applications and "
            "pairs (e.g. 100000; bulk inserts, about a minute on PostgreSQL).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Random seed; the same seed gives the same data."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Build the demo data unless employees exist; print a summary and the demo logins."""
        if options["employees"] and not EMPLOYEES_MIN <= options["employees"] <= EMPLOYEES_MAX:
            raise CommandError(BAD_EMPLOYEES)
        if Employee.objects.exists():
            if not options["if_empty"]:
                raise CommandError(NOT_EMPTY)
            self.stdout.write(SKIPPING)
        else:
            self.stdout.write(build_demo(seed=options["seed"]).text())
            if options["employees"] > Employee.objects.count():
                grown = grow_organisation(options["employees"], seed=options["seed"], progress=self.stdout.write)
                self.stdout.write(grown.text())
        self.stdout.write(logins_text())
