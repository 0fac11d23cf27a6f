from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from omkeer.accounts.models import User
from omkeer.demo.people import DEMO_LOGINS, logins_text


class Command(BaseCommand):
    help = "Serve Omkeer on http://127.0.0.1:8000 (development server) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, addrport: str, **options: Any) -> None:
        self.stdout.write(f"\nOmkeer is starting on http://{addrport}/  (Ctrl+C stops it)\n")
        if User.objects.filter(username__in=[email for _, email in DEMO_LOGINS]).exists():
            self.stdout.write(logins_text() + "\n")
        call_command("runserver", addrport, use_reloader=False)
