from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from omkeer.accounts.models import User
from omkeer.demo.people import DEMO_LOGINS, logins_text


class Command(BaseCommand):
    help = (
        "Serve Omkeer on http://127.0.0.1:8000 and print the demo logins: the development server, or with --prod "
        "gunicorn (WEB_CONCURRENCY workers, JSON access logs, graceful restarts on HUP)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--prod", action="store_true", help="Run the production server (gunicorn).")
        parser.add_argument("--workers", type=int, help="Worker processes (default: WEB_CONCURRENCY, or 2 a core + 1).")
        parser.add_argument("--threads", type=int, default=1, help="Threads a worker (more than 1: gthread).")

    def handle(self, *args: Any, addrport: str, prod: bool, workers: int | None, threads: int, **options: Any) -> None:
        if prod:
            from omkeer import server  # gunicorn, only for the production server

            count = workers or server.default_workers()
        kind = f" (gunicorn, {count} workers)" if prod else ""
        self.stdout.write(f"\nOmkeer{kind} is starting on http://{addrport}/  (Ctrl+C stops it)\n")
        if User.objects.filter(username__in=[email for _, email in DEMO_LOGINS]).exists():
            self.stdout.write(logins_text() + "\n")
        self.stdout.flush()
        if not prod:
            call_command("runserver", addrport, use_reloader=False)
            return
        # The proxies whose X-Forwarded-* headers count: none unless BEHIND_PROXY (then any, as the proxy is the
        # only way in; PROXY_COUNT decides how many X-Forwarded-For hops the rate limits trust).
        trusted = "*" if settings.BEHIND_PROXY else "127.0.0.1"
        server.serve(addrport, workers=count, threads=threads, forwarded_allow_ips=trusted)
