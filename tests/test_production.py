"""The production profile: `/healthz`, JSON log lines, and `omkeer serve --prod` (gunicorn) as a real process."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest

from omkeer import server
from omkeer.lib import health
from omkeer.lib.logs import JsonFormatter

# --- /healthz -------------------------------------------------------------------------------------------------------


def test_healthz_reports_the_database_the_cache_and_the_broker(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["broker"]["detail"] == "none: tasks run in the web process"  # no CELERY_BROKER_URL here


def test_healthz_is_503_when_a_check_fails_and_keeps_the_error_out_of_the_answer(db, client, monkeypatch, caplog):
    def down() -> str:
        raise ConnectionError("could not reach db.internal.example:5432")

    monkeypatch.setitem(health.CHECKS, "database", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": False, "ms": body["checks"]["database"]["ms"], "detail": "unavailable"}
    assert body["checks"]["cache"]["ok"] is True
    assert "db.internal.example" not in response.content.decode()
    assert "db.internal.example" in caplog.text  # the operator finds it in the log


def test_healthz_answers_only_get(db, client):
    assert client.post("/healthz").status_code == 405


# --- JSON log lines -------------------------------------------------------------------------------------------------


def test_a_log_line_is_one_json_object_with_its_fields_and_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("omkeer.x").makeRecord(
            "omkeer.x", logging.ERROR, __file__, 1, "Failed for %s", ("run 7",), sys.exc_info(), extra={"run": 7}
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["level"] == "ERROR"
    assert parsed["logger"] == "omkeer.x"
    assert parsed["message"] == "Failed for run 7"
    assert parsed["run"] == 7
    assert "ValueError: boom" in parsed["exception"]
    assert dt.datetime.fromisoformat(parsed["time"]).tzinfo is not None


def test_the_access_log_names_the_path_without_its_query_string(monkeypatch):
    logger = server.JsonLogger(SimpleNamespace(**_gunicorn_cfg()))
    written: list[str] = []
    monkeypatch.setattr(logger.access_log, "info", written.append)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/people/", "QUERY_STRING": "q=Jansen", "REMOTE_ADDR": "10.0.0.1"}
    logger.access(SimpleNamespace(status="200 OK", sent=1234), None, environ, dt.timedelta(milliseconds=12.5))
    [line] = written
    parsed = json.loads(line)
    assert {"method": "GET", "path": "/people/", "status": 200, "bytes": 1234, "ms": 12.5}.items() <= parsed.items()
    assert "Jansen" not in line


def _gunicorn_cfg() -> dict[str, object]:
    from gunicorn.config import Config

    config = Config()
    config.set("accesslog", "-")
    return {name: setting.get() for name, setting in config.settings.items()} | {"logconfig_dict": {}}


def test_the_server_options_preload_restart_gracefully_and_log_json(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert server.default_workers() == 5
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert server.default_workers() == 3
    options = server.options("127.0.0.1:9", workers=3, threads=4, forwarded_allow_ips="127.0.0.1")
    assert options["worker_class"] == "gthread"
    assert options["preload_app"] is True
    assert options["graceful_timeout"] == 30
    assert options["logger_class"] is server.JsonLogger


def test_the_master_closes_its_database_connections_before_it_forks_a_worker():
    assert server.options("127.0.0.1:1", workers=2, threads=1, forwarded_allow_ips="")["pre_fork"] is (
        server.close_connections
    )
    with pytest.MonkeyPatch.context() as patch:
        closed = []
        patch.setattr("django.db.connections.close_all", lambda: closed.append(True))
        server.close_connections(None, None)
    assert closed == [True]


# --- the real server ------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, bytes]:
    """One GET on loopback, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture
def own_database() -> Iterator[dict[str, str]]:
    """On PostgreSQL (DATABASE_URL), a database of the server's own for the test, dropped afterwards; on SQLite
    nothing (the server's var directory holds its file)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield {}
        return
    import psycopg

    server_url, name = url.rsplit("/", 1)[0], f"omkeer_prod_test_{os.getpid()}"
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield {"DATABASE_URL": f"{server_url}/{name}"}
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def production_env(tmp_path: Path, own_database: dict[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "DEBUG", "OMKEER_DEV"}
    } | own_database
    keys = subprocess.run(  # noqa: S603 - our own console script
        [sys.executable, "-m", "omkeer.cli", "rotate-key", "--new-key"],
        env=env | {"OMKEER_DEV": "1", "OMKEER_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    env |= {
        "SECRET_KEY": "a-production-test-key-" + "x" * 40,
        "OMKEER_DATA_KEYS": keys,
        "OMKEER_VAR_DIR": str(tmp_path),
        "HTTPS": "0",
        "PYTHONUNBUFFERED": "1",
        "CONN_MAX_AGE": "60",  # persistent connections, as in production
    }
    migrate = [sys.executable, "-m", "omkeer.cli", "migrate", "--no-input", "-v", "0"]
    subprocess.run(migrate, env=env | {"OMKEER_DEV": "0"}, check=True, timeout=300)  # noqa: S603
    return env


def test_serve_prod_runs_gunicorn_with_production_settings_json_logs_and_graceful_restarts(production_env, tmp_path):
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 - our own console script
            [sys.executable, "-m", "omkeer.cli", "serve", "--prod", f"127.0.0.1:{port}", "--workers", "2"],
            env=production_env,  # no OMKEER_DEV: --prod means production settings
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(120):
            try:
                status, body = _get(port, "/healthz")
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.5)
        assert status == 200, body
        vendor = "postgresql" if "DATABASE_URL" in production_env else "sqlite"
        assert json.loads(body)["checks"]["database"]["detail"].startswith(vendor)
        # Side by side, the workers never share a connection (the master closes its own before it forks them):
        # 200 requests from 8 threads all answer 200.
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: _get(port, "/healthz")[0], range(200)))
        assert statuses == [200] * 200, log.read_text()[-3000:]
        status, _ = _get(port, "/people/?q=Jansen")
        assert status == 302  # to the login page
        process.send_signal(signal.SIGHUP)  # graceful restart: new workers, no refused request
        for _ in range(20):
            assert _get(port, "/healthz")[0] == 200
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    assert code == 0, log.read_text()
    text = log.read_text()
    assert "gunicorn, 2 workers" in text
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert any({"method": "GET", "path": "/people/", "status": 302}.items() <= line.items() for line in access)
    assert "Jansen" not in text
    assert any("Handling signal: hup" in line["message"] for line in lines if "message" in line)


def test_serve_prod_refuses_to_start_without_a_secret_key(production_env):
    env = {key: value for key, value in production_env.items() if key != "SECRET_KEY"}
    result = subprocess.run(  # noqa: S603 - our own console script
        [sys.executable, "-m", "omkeer.cli", "serve", "--prod", "127.0.0.1:9"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr
