"""Personas shared by every test: admin, coach, mentor, mentee, other_mentor, outsider, hr, staff."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from omkeer.programmes.models import Participation, Role
from tests.factories import make_employee, make_participant, make_programme, make_user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Job progress lives in the cache; no test sees another's."""
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in the site language: a Dutch request in an earlier test leaves Dutch active on the
    thread (LocaleMiddleware activates, nothing deactivates), which would translate the messages asserted on."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def programme(db):
    return make_programme(name="Digital leadership")


@pytest.fixture
def admin(programme):
    """Programme admin of `programme` (an HR manager who created it)."""
    user = make_participant(programme, Role.ADMIN, level=7, first_name="Anna", last_name="Admin")
    user.is_hr = True
    user.save(update_fields=["is_hr"])
    return user


@pytest.fixture
def coach(programme):
    return make_participant(programme, Role.COACH, level=6, first_name="Cas", last_name="Coach")


@pytest.fixture
def mentor(programme):
    return make_participant(programme, Role.MENTOR, level=2, first_name="Mila", last_name="Mentor")


@pytest.fixture
def other_mentor(programme):
    return make_participant(programme, Role.MENTOR, level=2, first_name="Omar", last_name="Other")


@pytest.fixture
def mentee(programme):
    return make_participant(programme, Role.MENTEE, level=8, first_name="Maarten", last_name="Mentee")


@pytest.fixture
def outsider(db):
    """An employee with a login who takes part in no programme."""
    return make_user(make_employee(first_name="Otto", last_name="Outsider"))


@pytest.fixture
def hr(db):
    """An HR manager who administers no programme yet."""
    return make_user(make_employee(first_name="Hanna", last_name="HR"), is_hr=True)


@pytest.fixture
def staff(db):
    return make_user(None, username="root@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def other_programme(db):
    """A programme none of the personas takes part in, with its own admin."""
    other = make_programme(name="Inclusion track")
    make_participant(other, Role.ADMIN)
    return other


@pytest.fixture
def client_for():
    """client_for(user) -> a test client logged in as that user (None: anonymous)."""

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


__all__ = ["Participation"]
