from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from omkeer.accounts.models import ApiToken

LOGIN_AT = "omkeer_login_at"
SEEN_AT = "omkeer_seen_at"
ENDED = "omkeer_session_ended"


def remember_login_time(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """`user_logged_in` receiver: the session's absolute lifetime counts from here."""
    request.session[LOGIN_AT] = request.session[SEEN_AT] = int(time.time())


class SessionTimeoutMiddleware:
    """End a session after `SESSION_IDLE_SECONDS` without a request, and `SESSION_COOKIE_AGE` after the login
    whatever the activity. The last-seen time is written at most once a minute (not a write per request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session, now = request.session, int(time.time())
            login_at, seen_at = session.setdefault(LOGIN_AT, now), session.get(SEEN_AT, now)
            if now - login_at > settings.SESSION_COOKIE_AGE or now - seen_at > settings.SESSION_IDLE_SECONDS:
                reason = "idle" if now - login_at <= settings.SESSION_COOKIE_AGE else "absolute"
                logout(request)
                request.session[ENDED] = reason
            elif now - seen_at >= 60 or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, or behind `PROXY_COUNT` trusted proxies the address they saw."""
    hops = settings.PROXY_COUNT
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR", ""))


class RateLimitMiddleware:
    """Answer 429 when a route of `RATE_LIMITS` is called more often than its window allows, counted per
    address (before login) or per user. Fixed windows in the cache: Redis in production, shared by processes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        if not settings.RATE_LIMITS_ON or match is None:
            return None
        name = "api" if match.namespace == "api" else match.view_name
        rule = settings.RATE_LIMITS.get(name)
        if rule is None:
            return None
        limit, seconds, per, methods = rule
        if methods != "*" and request.method not in methods.split(","):
            return None
        user = request.user
        who = f"u{user.pk}" if per == "user" and user.is_authenticated else f"ip{client_ip(request)}"
        window = int(time.time()) // seconds
        key = f"ratelimit:{name}:{who}:{window}"
        cache.add(key, 0, seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add and incr
            count = 1
        if count <= limit:
            return None
        retry = str(seconds - int(time.time()) % seconds)
        message = _("Too many requests. Please wait %(minutes)s minutes and try again.") % {
            "minutes": max(1, -(-int(retry) // 60))
        }
        if match.namespace == "api":
            response: HttpResponse = JsonResponse({"detail": message}, status=429)
        else:
            response = HttpResponse(render_to_string("429.html", {"message": message}, request=request), status=429)
        response["Retry-After"] = retry
        return response


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
    """A strict Content-Security-Policy: our own scripts and styles only, no inline script, no CDN. Pages for a
    logged-in user are never stored by the browser or a proxy; logging out clears what the browser kept."""

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
        match = request.resolver_match
        if match is not None and match.view_name == "accounts:logout" and request.method == "POST":
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
            response["Cache-Control"] = "no-store"
        elif request.user.is_authenticated or ENDED in getattr(request, "session", {}):
            response["Cache-Control"] = "no-store"
        return response
