"""Personas shared by every test: admin, coach, mentor, mentee, other_mentor, outsider, hr, staff."""

from __future__ import annotations

import socket
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from omkeer.access.roles import needs_two_factor
from omkeer.accounts import twofactor
from omkeer.programmes.models import Participation, Role
from tests.factories import make_employee, make_participant, make_programme, make_user

# Fixtures through which a test reaches a database: pytest-django's, and the real server's own (test_production).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server", "own_database"}  # fmt: skip


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that reach a database (CI's second run, on PostgreSQL: the others cannot differ).",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    keep, drop = [], []
    for item in items:
        reaches = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        (keep if reaches else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Job progress lives in the cache; no test sees another's."""
    cache.clear()


@pytest.fixture(autouse=True)
def _second_factor_with_force_login(monkeypatch):
    """`client.force_login(user)` stands for the whole login, the second factor included: a user whose roles
    require it gets a real confirmed TOTP device and a verified session. tests/accounts/test_two_factor.py walks
    the real steps."""
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def verify_second_factor(client, user) -> None:
    if not needs_two_factor(type(user).objects.get(pk=user.pk)):  # a fresh object: roles are cached on one
        return
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[twofactor.ENROLLED] = True
    session.save()


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


class _Inbox:
    """What a local SMTP server (aiosmtpd) received: each message parsed back from the bytes on the wire."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802 - aiosmtpd
        self.messages.append(message_from_bytes(envelope.content, policy=email_policy.default))  # type: ignore[attr-defined]
        return "250 OK"


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on a loopback port, and Django's SMTP backend sending to it: tests read what was
    delivered (`smtp_sink.messages`) instead of the in-memory outbox."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()
