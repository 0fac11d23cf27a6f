"""The JSON API at /api/ (OpenAPI at /api/openapi.json, docs at /api/docs).

Authentication: the browser session (with CSRF on writes) or `Authorization: Bearer <token>`.
Which roles may call which operation is decided by the access table (omkeer.access.table.API).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from omkeer.accounts.models import ApiToken

log = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.lookup(token)
        return found.user if found else None


api = NinjaAPI(
    title="Omkeer API",
    version="1",
    description="People, programmes, matching and mentorships of Omkeer. Every operation is permission-checked.",
    urls_namespace="api",
    docs_url="/docs",
    auth=[BearerToken(), django_auth],
)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """The access layer's 403 (the object is visible, the operation is not the user's), with its reason."""
    return api.create_response(request, {"detail": str(exc) or "You do not have access to this object."}, status=403)


@api.exception_handler(MultiPartParserError)
@api.exception_handler(RequestDataTooBig)
@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
@api.exception_handler(BadRequest)
def unreadable_body(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A body Django cannot parse (a broken multipart upload, too large, too many fields) is the client's 400 in
    JSON, as ninja answers a broken JSON body, not Django's HTML error page."""
    log.warning("Bad request body (%s: %s): %s", type(exc).__name__, exc, request.path)
    return api.create_response(request, {"detail": f"Cannot parse request body ({exc})"}, status=400)


from omkeer.api import (  # noqa: E402  (routers register on `api`)
    accounts,
    board,
    evaluation,
    matching,
    mentorships,
    people,
    programmes,
    voice,
)

api.add_router("/", accounts.router)
api.add_router("/", people.router)
api.add_router("/", programmes.router)
api.add_router("/", matching.router)
api.add_router("/", mentorships.router)
api.add_router("/", board.router)
api.add_router("/", voice.router)
api.add_router("/", evaluation.router)
