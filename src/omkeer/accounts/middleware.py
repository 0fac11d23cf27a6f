from __future__ import annotations

import logging
import re
import zoneinfo
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils import timezone

from omkeer.accounts import access
from omkeer.accounts.models import ApiToken
from omkeer.accounts.roles import roles_of

log = logging.getLogger(__name__)
_ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def api_operation_key(method: str, route: str) -> str:
    """'GET' + Django route 'api/people/<str:employee_id>' -> 'GET /api/people/{employee_id}'."""
    path = _ROUTE_PARAM.sub(r"{\1}", route).rstrip("/")
    return f"{method} /{path}"


class ApiTokenMiddleware:
    """`Authorization: Bearer omk_…` on /api/ authenticates as the token's user (no session, no CSRF)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if request.path.startswith("/api/") and header.startswith("Bearer "):
            token = ApiToken.lookup(header.removeprefix("Bearer ").strip())
            request.user = token.user if token else AnonymousUser()
            if token and (token.last_used is None or timezone.now() - token.last_used > timedelta(minutes=5)):
                ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
            request.api_token = token  # type: ignore[attr-defined]
        return self.get_response(request)


class TimeZoneMiddleware:
    """Show times in the logged-in user's time zone (stored in UTC throughout). At login, a user whose saved
    language is not the site's gets it as the language cookie, so the pages follow it from the first one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = getattr(request.user, "time_zone", None) if request.user.is_authenticated else None
        if zone:
            with timezone.override(zoneinfo.ZoneInfo(zone)):
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        language = getattr(request, "login_language", None)
        if language:
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response


def remember_login_language(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """`user_logged_in` receiver: mark the response to carry the user's saved language (see above)."""
    if user.language and user.language != settings.LANGUAGE_CODE:
        request.login_language = user.language  # type: ignore[attr-defined]


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
            allowed = access.API.get(key)
        else:
            key = match.view_name
            allowed = access.allowed_roles(key, match.namespace)
        authenticated = request.user.is_authenticated
        if allowed is None:
            log.error("route %s is missing from the access table; denied", key)
            return self._deny(request, is_api, authenticated=authenticated, missing=True)
        if access.permits(allowed, roles_of(request.user), authenticated=authenticated):
            return None
        return self._deny(request, is_api, authenticated=authenticated)

    @staticmethod
    def _deny(request: HttpRequest, is_api: bool, *, authenticated: bool, missing: bool = False) -> HttpResponse:
        if is_api:
            if not authenticated:
                return JsonResponse({"detail": "Authentication required."}, status=401)
            return JsonResponse({"detail": "You do not have access to this operation."}, status=403)
        if not authenticated and not missing:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        from django.template.loader import render_to_string

        return HttpResponseForbidden(render_to_string("403.html", request=request))


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy: our own scripts and styles only, no inline script, no CDN."""

    CSP = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(("/admin/", "/api/docs")):
            response.setdefault("Content-Security-Policy", self.CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
