"""The access check that runs before every view: the route's entry in the access table against the user's roles.
A route missing from the table is refused (deny by default)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from omkeer.access import table
from omkeer.access.roles import needs_two_factor, roles_of
from omkeer.accounts import twofactor

log = logging.getLogger(__name__)
_ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def api_operation_key(method: str, route: str) -> str:
    """'GET' + Django route 'api/people/<str:employee_id>' -> 'GET /api/people/{employee_id}'."""
    path = _ROUTE_PARAM.sub(r"{\1}", route).rstrip("/")
    return f"{method} /{path}"


class AccessMiddleware:
    """Enforce the access table before any view runs. A route that is not in the table is refused."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None:
            return None
        is_api = match.namespace == "api" and match.url_name not in {"openapi-json", "openapi-view"}
        if is_api:
            key = api_operation_key(request.method or "GET", match.route)
            allowed = table.API.get(key)
        else:
            key = match.view_name
            allowed = table.allowed_roles(key, match.namespace)
        authenticated = request.user.is_authenticated
        if allowed is None:
            log.error("route %s is missing from the access table; denied", key)
            return self._deny(request, is_api, authenticated=authenticated, missing=True)
        if not table.permits(allowed, roles_of(request.user), authenticated=authenticated):
            return self._deny(request, is_api, authenticated=authenticated)
        if authenticated and key not in table.BEFORE_SECOND_FACTOR and self._second_factor_missing(request):
            if is_api:
                return JsonResponse(
                    {"detail": "Two-factor authentication required: log in on the web first."}, status=403
                )
            step = "accounts:two-factor-verify" if twofactor.is_enrolled(request) else "accounts:two-factor-setup"
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return None

    @staticmethod
    def _second_factor_missing(request: HttpRequest) -> bool:
        """A session (not an API token) whose user must, or chose to, give a second factor and has not yet."""
        if getattr(request, "api_token", None) is not None or request.user.is_verified():  # type: ignore[union-attr]
            return False
        return twofactor.is_enrolled(request) or needs_two_factor(request.user)

    @staticmethod
    def _deny(request: HttpRequest, is_api: bool, *, authenticated: bool, missing: bool = False) -> HttpResponse:
        if is_api:
            if not authenticated:
                return JsonResponse({"detail": "Authentication required."}, status=401)
            return JsonResponse({"detail": "You do not have access to this operation."}, status=403)
        if not authenticated and not missing:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return HttpResponseForbidden(render_to_string("403.html", request=request))
