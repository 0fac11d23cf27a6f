"""Structured logs: one JSON object a line, for the web processes (gunicorn's access log included) and Celery.

A line holds the time, level, logger, message and, for an error, the exception's type and traceback; a request's
line holds its method, path (never the query string, which may hold a search for a name), status and duration.
No request or response body is ever logged, so note, feedback and password text cannot reach a log.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

# Attributes every LogRecord has; anything else was passed as `extra=` and goes into the line as a field.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request", "server_time"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)
