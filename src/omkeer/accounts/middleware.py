from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from omkeer.accounts.models import ApiToken


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
