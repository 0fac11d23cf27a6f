"""`omkeer rotate-key`: re-encrypt every encrypted value under the current key (the first of OMKEER_DATA_KEYS).

Rotation: put a new key first in OMKEER_DATA_KEYS and keep the old one after it, run `omkeer rotate-key`, check
with `omkeer rotate-key --check`, then drop the old key. `--new-key` prints a fresh key to put in front.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from omkeer.lib import crypto
from omkeer.lib.fields import encrypted_fields, reencrypt, stale


class Command(BaseCommand):
    help = "Re-encrypt notes, check-ins and feedback under the current key of OMKEER_DATA_KEYS."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if any value is under another key.")
        parser.add_argument("--new-key", action="store_true", help="Print a fresh `id:base64` key and stop.")
        parser.add_argument("--batch-size", type=int, default=500, help="Rows rewritten per query.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(crypto.generate_key())
            return
        current = crypto.current_key_id()
        columns = encrypted_fields(apps.get_models())
        if options["check"]:
            counts = {f"{m._meta.label}.{name}": stale(m, name).count() for m, name in columns}
            for column, n in counts.items():
                self.stdout.write(f"{column}: {n} rows not under key {current}")
            if any(counts.values()):
                raise CommandError(f"{sum(counts.values())} values are not under the current key {current}")
            return
        with transaction.atomic():
            total = 0
            for model, name in columns:
                n = reencrypt(model, name, batch_size=options["batch_size"])
                total += n
                self.stdout.write(f"{model._meta.label}.{name}: {n} rows re-encrypted")
        self.stdout.write(f"{total} rows re-encrypted under key {current}")
