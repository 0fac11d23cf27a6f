"""What `/healthz` reports: can this process reach its database, its cache and its Celery broker right now."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    ms: float
    detail: str  # what answered ("postgresql", "RedisCache", "redis"), or "unavailable" (the error goes to the log)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _cache() -> str:
    key = "healthz"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was just stored")
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "none: tasks run in the web process"
    from kombu import Connection

    with Connection(url, connect_timeout=TIMEOUT_SECONDS) as broker:
        broker.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
        return str(broker.transport.driver_type)


CHECKS: dict[str, Callable[[], str]] = {"database": _database, "cache": _cache, "broker": _broker}


def run() -> list[Check]:
    results = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail, ok = check(), True
        except Exception:  # a health check reports every failure, it never raises
            log.exception("Health check %s failed", name)  # hosts and errors stay out of the public answer
            detail, ok = "unavailable", False
        results.append(Check(name, ok, round((time.perf_counter() - started) * 1000, 1), detail))
    return results
