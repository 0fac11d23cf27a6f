from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "omkeer.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Load the Celery app with Django's settings before any task is queued (eager without a broker).
        from django.contrib.auth.signals import user_logged_in

        import omkeer.celery  # noqa: F401
        from omkeer.accounts.middleware import remember_login_language, remember_login_time
        from omkeer.accounts.twofactor import mark_enrolled

        user_logged_in.connect(remember_login_language, dispatch_uid="omkeer-login-language")
        user_logged_in.connect(remember_login_time, dispatch_uid="omkeer-login-time")
        user_logged_in.connect(mark_enrolled, dispatch_uid="omkeer-two-factor")
