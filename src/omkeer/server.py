"""The production web server: gunicorn, started by `omkeer serve --prod`, with access logs as one JSON object a line.

Workers are forked from one process that has loaded Django and the matching engine once (`preload_app`);
`kill -HUP <master pid>` starts new workers on new code and lets the old ones finish their requests (graceful
restart), `kill -TERM` stops after the requests in flight (30 s at most).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from omkeer.lib.logs import JsonFormatter


def default_workers() -> int:
    """`WEB_CONCURRENCY`, else gunicorn's advice of two sync workers a core and one more (at most 9)."""
    configured = os.environ.get("WEB_CONCURRENCY")
    if configured:
        return int(configured)
    return min(2 * (os.cpu_count() or 1) + 1, 9)


class JsonLogger(Logger):  # type: ignore[misc]  # gunicorn has no type hints
    """gunicorn's logs as JSON lines: the access log names the method, the path without its query string (which
    may hold a search for a person's name), the status, the bytes and the milliseconds; never a body."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        line = {
            "time": dt.datetime.now(tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "ms": round(request_time.total_seconds() * 1000, 1),
            "remote": environ.get("REMOTE_ADDR"),
            "pid": os.getpid(),
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))


class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from omkeer.wsgi import application

        return application


def close_connections(server: Any, worker: Any) -> None:
    """gunicorn's `pre_fork`: the master closes its database connections before it forks a worker. A connection
    it opened (the demo logins check, an app's start-up) would otherwise be shared by every worker: their queries
    would cross on one socket, and a worker could read another's answer — another user's session."""
    from django.db import connections

    connections.close_all()


def options(bind: str, *, workers: int, threads: int, forwarded_allow_ips: str) -> dict[str, Any]:
    return {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "preload_app": True,
        "timeout": 60,
        "graceful_timeout": 30,
        "keepalive": 5,
        "max_requests": 5000,  # a worker is replaced now and then, so a slow leak cannot grow for ever
        "max_requests_jitter": 500,
        "accesslog": "-",
        "errorlog": "-",
        "logger_class": JsonLogger,
        "forwarded_allow_ips": forwarded_allow_ips,
        "proc_name": "omkeer",
        "pre_fork": close_connections,
    }


def serve(bind: str, **settings: Any) -> None:
    Server(options(bind, **settings)).run()
