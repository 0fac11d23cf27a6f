"""A database that goes away answers 503 (try again shortly), not 500 (something is broken).

`DatabaseUnavailableMiddleware` goes first in MIDDLEWARE. A view that raises `OperationalError` or
`InterfaceError` (the connection refused, lost or closed: PostgreSQL restarting, a failover) is answered in
`process_exception`; the same error raised by another middleware (the session, the access check) reaches
Django's own handler, which answers 500 and sends `got_request_exception`: the request is marked there and its
500 replaced on the way out. The answer is a static page (`503.html`, no context processors: nothing that needs
the database) in the language the browser asks for, or `{"detail": …}` under /api/, with `Retry-After`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 5
_MARK = "_omkeer_database_unavailable"
_KEEP_HEADERS = frozenset({"content-type", "content-length"})  # of the 500 it replaces, every header but these
log = logging.getLogger(__name__)


def is_database_unavailable(exc: BaseException | None) -> bool:
    """An error of the connection, or one raised while handling it (the session's cache missing after its load
    failed, …)."""
    for _depth in range(5):
        if exc is None:
            return False
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer; renders without touching the database."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": _("The database is unavailable for a moment. Try again in a few seconds.")}, status=503
            )
        else:
            page = render_to_string("503.html", {"language": language, "retry_after": RETRY_AFTER_SECONDS})
            response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """`got_request_exception`: remember on the request that it failed for want of a database."""
    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        setattr(request, _MARK, True)


got_request_exception.connect(_mark, dispatch_uid="omkeer.lib.middleware.database_unavailable")


class DatabaseUnavailableMiddleware:
    """Answer 503 with `Retry-After` when the database cannot be reached; first in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _MARK, False) and response.status_code == 500:
            replacement = database_unavailable_response(request)
            for header, value in response.items():  # the security headers inner middleware set on the 500
                if header.lower() not in _KEEP_HEADERS and header not in replacement:
                    replacement[header] = value
            return replacement
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        log.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
        return database_unavailable_response(request)
