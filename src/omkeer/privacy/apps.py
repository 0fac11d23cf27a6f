from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "omkeer.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
