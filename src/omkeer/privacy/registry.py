"""Every model's erasure strategy, collected: each domain app's `privacy.STRATEGIES`, then the models of Django
and the libraries Omkeer installs (named by label, used when their app is installed), accounts last.

`tests/privacy/test_registry.py` walks `apps.get_models()` and fails for a model that holds personal data (a
relation to an employee or a login, or a field such as `email`) and has no strategy here.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from omkeer.accounts import privacy as accounts
from omkeer.board import privacy as board
from omkeer.enrolment import privacy as enrolment
from omkeer.evaluation import privacy as evaluation
from omkeer.lib.privacy import Delete, Keep, Scrub, Strategy, Subject
from omkeer.matching import privacy as matching
from omkeer.mentorships import privacy as mentorships
from omkeer.people import privacy as people
from omkeer.programmes import privacy as programmes
from omkeer.voice import privacy as voice

# In this order: accounts last, so every path through the login still finds it as it was.
APPS: list[ModuleType] = [people, programmes, enrolment, mentorships, matching, board, voice, evaluation, accounts]

EMPLOYEE, USER = "people.employee", "accounts.user"


def _typed_login(subject: Subject) -> Q:
    return Q(username__in=subject.logins)


THIRD_PARTY: dict[str, list[Strategy]] = {
    "admin.logentry": [Delete("user"), Scrub("object_repr", "change_message")],
    "sessions.session": [Keep("a login's session: erasure ends the person's sessions itself")],
    "otp_totp.totpdevice": [Delete("user")],
    "otp_static.staticdevice": [Delete("user")],
    "axes.accessattempt": [Delete(where=_typed_login)],
    "axes.accesslog": [Delete(where=_typed_login)],
    "axes.accessfailurelog": [Delete(where=_typed_login)],
}


def strategies() -> dict[type[models.Model], list[Strategy]]:
    """Model -> its strategies, in the order erasure applies them."""
    found: dict[type[models.Model], list[Strategy]] = {}
    for module in APPS[:-1]:
        found.update(module.STRATEGIES)
    for label, listed in THIRD_PARTY.items():
        app_label, _dot, model_name = label.partition(".")
        try:
            found[apps.get_model(app_label, model_name)] = listed
        except LookupError:  # the app is not installed here
            continue
    found.update(APPS[-1].STRATEGIES)
    return found


def target_of(model: type[models.Model], path: str) -> str:
    """The label of the model a lookup path leads to ("pk": the model itself)."""
    current: Any = model
    if path != "pk":
        for part in path.split("__"):
            current = current._meta.get_field(part).related_model
            if current is None:
                raise ValueError(f"{model._meta.label}: {path} is not a relation")
    return str(current._meta.label_lower)
