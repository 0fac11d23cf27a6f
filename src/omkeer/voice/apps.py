from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "omkeer.voice"
    label = "voice"
    verbose_name = _("Speaking up: feedback and pulse")
