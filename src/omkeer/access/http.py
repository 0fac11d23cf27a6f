"""Typed requests: behind `login_required` (and the access middleware) `request.user` is a logged-in `User`."""

from __future__ import annotations

from django.http import HttpRequest

from omkeer.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of every view and API operation that needs a login. Only for type checking: Django builds
    the request, the access middleware has refused anonymous users before the view runs."""

    user: User
