"""Pages under load: the production profile (gunicorn, PostgreSQL) on the demo and on a grown organisation.

`python bench/bench_pages.py [--sizes 600,100000] [--seconds 10] [--connections 8] [--fresh]`

For each size, a PostgreSQL database `omkeer_bench_<size>` (built by `omkeer demo --employees N` the first time
and kept, `--fresh` rebuilds it) is served by `omkeer serve --prod` on loopback. wrk (Debian's `wrk`) requests
each page as the HR login at 8 connections; web server, database and load generator share the machine. Printed
per page: req/s, p50/p95/p99 and the web workers' CPU milliseconds per request, with the target beside them.
The ordinary demo (600) is the baseline in the same run. Rate limits are off for the server under test (it
measures the page, not the limiter); everything else is the production configuration over plain HTTP.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVER = "postgres://postgres@127.0.0.1:5432"
SIMPLE, LIST = (100, 100), (50, 100)  # (req/s at least, p95 ms below)
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON {"requests": %d, "us": %d, "p50": %d, "p95": %d, "p99": %d, "errors": %d, '
    .. '"non2xx": %d}\\n', summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""
# Every page needs a session cookie; the URLs name objects that the helper below looks up.
SETUP = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from omkeer.accounts import twofactor
from omkeer.accounts.models import User
from omkeer.mentorships.models import Mentorship
from omkeer.people.models import Department, Employee
from omkeer.programmes.models import Programme

hr = User.objects.get(username="hr@demo.omkeer.nl")
client = Client()
client.force_login(hr)
device, _ = TOTPDevice.objects.get_or_create(user=hr, name="bench", defaults={"confirmed": True})
session = client.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session[twofactor.ENROLLED] = True
session.save()
programme = Programme.objects.order_by("-pk").first()
manager = Employee.objects.filter(level=6, reports__isnull=False).order_by("pk").first()
json.dump({
    "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    "technology": Department.objects.get(name="Technology").pk,
    "programme": programme.pk,
    "employee": manager.employee_id,
    "pair": Mentorship.objects.filter(programme=programme).order_by("pk").first().pk,
}, sys.stdout)
"""


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    target: tuple[int, int]


def pages(ids: dict[str, object]) -> list[Page]:
    p = ids["programme"]
    return [
        Page("dashboard /", "/", LIST),
        Page("people directory", "/people/", LIST),
        Page("search ?q=jong", "/people/?q=jong", LIST),
        Page("filter department, level ≥ 7", f"/people/?department={ids['technology']}&level_min=7", LIST),
        Page("employee page", f"/people/{ids['employee']}/", SIMPLE),
        Page("programme page", f"/programmes/{p}/", SIMPLE),
        Page("mentor applications", f"/enrolment/{p}/applications/", LIST),
        Page("mentee intakes", f"/enrolment/{p}/intakes/", LIST),
        Page("pairs list", f"/mentorships/?programme={p}", LIST),
        Page("a pair's page", f"/mentorships/{ids['pair']}/", SIMPLE),
        Page("API /api/people?limit=50", "/api/people?limit=50", SIMPLE),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="600,100000", help="comma-separated organisation sizes")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: serve --prod's own)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the databases")
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("bench_pages: wrk is missing (apt-get install wrk)", file=sys.stderr)
        return 1
    sizes = [int(size) for size in args.sizes.split(",")]
    workers = f"{args.workers} workers" if args.workers else "its default workers (2 a core + 1)"
    print(f"Pages as HR, wrk -c {args.connections} for {args.seconds} s a page, gunicorn with {workers}, PostgreSQL")
    print(f"{'size':>7} | {'page':<30} | {'req/s':>6} | {'p50 ms':>6} | {'p95 ms':>6} | {'p99 ms':>6} | "
          f"{'CPU ms/req':>10} | target             | ok")  # fmt: skip
    misses = 0
    for size in sizes:
        env = _environment(size)
        _build(size, env, fresh=args.fresh)
        ids = json.loads(_run([str(BIN / "python"), "-c", SETUP], env))
        with _server(env, args.workers) as (port, pids):
            for page in pages(ids):
                if args.only and args.only not in page.name:
                    continue
                row = _load(page, port, ids["cookie"], args, pids)
                misses += not row.endswith("yes")
                print(f"{size:>7} | {row}", flush=True)
    print(f"{misses} page(s) off target" if misses else "every page on target")
    return 0


def _environment(size: int) -> dict[str, str]:
    var = Path(tempfile.gettempdir()) / f"omkeer-bench-pages-{size}"
    var.mkdir(exist_ok=True)
    keys = var / "keys.json"
    if not keys.exists():
        made = _run([str(BIN / "omkeer"), "rotate-key", "--new-key"], {**os.environ, "OMKEER_DEV": "1"}).strip()
        keys.write_text(json.dumps({"SECRET_KEY": secrets.token_urlsafe(50), "OMKEER_DATA_KEYS": made,
                                    "VOICE_KEY": secrets.token_urlsafe(50)}))  # fmt: skip
    return {
        **os.environ,
        **json.loads(keys.read_text()),
        "DATABASE_URL": f"{SERVER}/omkeer_bench_{size}",
        "OMKEER_VAR_DIR": str(var),
        "OMKEER_DEV": "0",
        "HTTPS": "0",
        "RATE_LIMITS": "0",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "omkeer.settings",
    }


def _build(size: int, env: dict[str, str], *, fresh: bool) -> None:
    import psycopg

    name = f"omkeer_bench_{size}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}"')
        if not exists or fresh:
            conn.execute(f'CREATE DATABASE "{name}"')
    _run([str(BIN / "omkeer"), "migrate", "--no-input", "-v", "0"], env)
    started = time.perf_counter()
    out = _run([str(BIN / "omkeer"), "demo", "--if-empty", *(["--employees", str(size)] if size >= 1000 else [])], env)
    if "skipping" not in out:
        print(f"  built the {size:,}-person organisation in {time.perf_counter() - started:.0f} s", flush=True)
    _run([str(BIN / "omkeer"), "collectstatic", "--no-input", "-v", "0"], env)


class _server:
    """`omkeer serve --prod` on a free loopback port until the block ends."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        self.env, self.workers = env, workers

    def __enter__(self) -> tuple[int, list[int]]:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.process = subprocess.Popen(
            [
                str(BIN / "omkeer"),
                "serve",
                "--prod",
                f"127.0.0.1:{self.port}",
                *(["--workers", str(self.workers)] if self.workers else []),
            ],  # fmt: skip
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5)  # noqa: S310 - loopback
                return self.port, [self.process.pid]
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the server did not answer /healthz within 60 s")

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=40)


def _cpu_seconds(master: int) -> float:
    """User + system CPU of the gunicorn master, its live workers and the workers it has reaped."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    for pid in [master, *map(int, children.split())]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += sum(int(value) for value in fields[11 : 15 if pid == master else 13]) / ticks
    return total


def _load(page: Page, port: int, cookie: str, args: argparse.Namespace, pids: list[int]) -> str:
    url = f"http://127.0.0.1:{port}{page.path}"
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 - loopback; also warms the caches
        if answer.status != 200 or answer.url != url:
            raise RuntimeError(f"{page.path}: {answer.status} at {answer.url}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA)
    cpu = _cpu_seconds(pids[0])
    out = _run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "30s", "-s", script.name,
                "-H", f"Cookie: {cookie}", url], dict(os.environ))  # fmt: skip
    cpu = _cpu_seconds(pids[0]) - cpu
    os.unlink(script.name)
    stats = json.loads(out.split("JSON ", 1)[1])
    if stats["errors"] or stats["non2xx"]:
        raise RuntimeError(f"{page.path}: {stats['errors']} errors, {stats['non2xx']} answers that were not 2xx")
    rate = stats["requests"] / (stats["us"] / 1e6)
    p50, p95, p99 = (stats[key] / 1000 for key in ("p50", "p95", "p99"))
    ok = rate >= page.target[0] and p95 < page.target[1]
    target = f"≥ {page.target[0]}/s, p95 < {page.target[1]}"
    cpu_ms = 1000 * cpu / max(stats["requests"], 1)
    return (f"{page.name:<30} | {rate:>6.0f} | {p50:>6.1f} | {p95:>6.1f} | {p99:>6.1f} | {cpu_ms:>10.1f} | "
            f"{target:<18} | {'yes' if ok else 'no'}")  # fmt: skip


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command[:3])}: {done.stderr[-2000:]}")
    return done.stdout


if __name__ == "__main__":
    sys.exit(main())
