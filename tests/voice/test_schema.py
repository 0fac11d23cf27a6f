"""What the answer tables may hold: no relation to a person, no time of day, random keys. Participation tables
may name a person (or, for feedback, only a keyed hash) but hold nothing of an answer."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from omkeer.accounts.models import User
from omkeer.people.models import Employee
from omkeer.voice.models import Feedback, PulseInvitation, PulseResponse, Speaker

PARTICIPATION = {Speaker, PulseInvitation}
VOICE = list(apps.get_app_config("voice").get_models(include_auto_created=True))
ANSWERS = [model for model in VOICE if model not in PARTICIPATION]
PEOPLE = {User, Employee}
TIMES = (models.DateTimeField, models.TimeField, models.DurationField)


def related(model):
    return {field.related_model for field in model._meta.get_fields() if field.is_relation and field.concrete}


@pytest.mark.parametrize("model", ANSWERS, ids=lambda m: m.__name__)
def test_no_voice_table_but_participation_relates_to_a_person(model):
    assert not related(model) & PEOPLE
    assert not related(model) & PARTICIPATION


@pytest.mark.parametrize("model", VOICE, ids=lambda m: m.__name__)
def test_no_voice_table_holds_a_time_of_day(model):
    assert [f.name for f in model._meta.concrete_fields if isinstance(f, TIMES)] == []


@pytest.mark.parametrize("model", [Feedback, PulseResponse], ids=lambda m: m.__name__)
def test_answers_have_random_keys_and_no_author_field(model):
    assert isinstance(model._meta.pk, models.UUIDField)
    names = {f.name for f in model._meta.concrete_fields}
    assert not names & {"author", "user", "employee", "created", "ip", "user_agent", "session"}


@pytest.mark.parametrize("model", sorted(PARTICIPATION, key=lambda m: m.__name__), ids=lambda m: m.__name__)
def test_participation_holds_nothing_of_an_answer(model):
    names = {f.name for f in model._meta.concrete_fields}
    assert not names & {"text", "topic", "safety", "q1", "honest", "speak"}
    assert not related(model) & {Feedback, PulseResponse}


def test_a_speaker_names_nobody():
    assert not related(Speaker) & PEOPLE
