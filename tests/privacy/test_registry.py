"""Every model that holds personal data declares what erasure does to it."""

from __future__ import annotations

import pytest
from django.apps import apps

from omkeer.lib.privacy import Delete, Keep, Scrub, Tombstone
from omkeer.privacy.registry import EMPLOYEE, USER, strategies, target_of

PERSONAL_FIELDS = {"first_name", "last_name", "email", "username", "employee_id", "birth_year", "ip_address"}


def holds_personal_data(model) -> bool:
    for field in model._meta.get_fields(include_hidden=False):
        if field.auto_created and not field.concrete:
            continue  # a reverse relation: the other model declares it
        related = getattr(field, "related_model", None)
        if related is not None and related._meta.label_lower in (EMPLOYEE, USER):
            return True
        if field.name in PERSONAL_FIELDS:
            return True
    return False


def test_every_model_with_personal_data_has_a_strategy():
    declared = strategies()
    missing = sorted(m._meta.label for m in apps.get_models() if holds_personal_data(m) and not declared.get(m))
    assert missing == []


def test_the_walk_sees_the_models_it_must():
    personal = {m._meta.label_lower for m in apps.get_models() if holds_personal_data(m)}
    assert {"people.employee", "accounts.user", "mentorships.note", "voice.pulseinvitation"} <= personal
    assert "voice.feedback" not in personal and "voice.pulseresponse" not in personal


@pytest.mark.parametrize("model", sorted(strategies(), key=lambda m: m._meta.label), ids=lambda m: m._meta.label)
def test_each_strategy_is_well_formed(model):
    for strategy in strategies()[model]:
        paths = ()
        if isinstance(strategy, Delete | Tombstone):
            paths = strategy.paths
            assert paths or getattr(strategy, "where", None), f"{model._meta.label}: no rows selected"
        if isinstance(strategy, Scrub):
            paths = strategy.within or ()
            assert strategy.fields
            for name in strategy.fields:
                model._meta.get_field(name)
        if isinstance(strategy, Tombstone):
            for name in [*strategy.fields, *strategy.clear]:
                model._meta.get_field(name)
        if isinstance(strategy, Keep):
            assert len(strategy.reason) > 10
        for path in paths:
            assert target_of(model, path) in (EMPLOYEE, USER), f"{model._meta.label}.{path}"


def test_anonymous_answers_have_no_strategy_that_could_reach_them():
    labels = {m._meta.label_lower for m in strategies()}
    assert "voice.feedback" not in labels and "voice.pulseresponse" not in labels
