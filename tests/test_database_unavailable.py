"""A database that goes away answers 503 with Retry-After (a page in the browser's language, JSON under /api/),
not 500; whether the view, another middleware or every query fails. The answer renders without the database."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError, connection
from django.test import RequestFactory
from django.urls import reverse

from omkeer.accounts.models import ApiToken
from omkeer.lib.middleware import DatabaseUnavailableMiddleware
from tests.factories import make_employee

GONE = "server closed the connection unexpectedly"
HOME = reverse("home")


def raise_(error):
    def raising(*args, **kwargs):
        raise error

    return raising


@pytest.fixture
def hr_client(hr, client_for):
    return client_for(hr)


@pytest.fixture
def api_headers(hr):
    _, raw = ApiToken.issue(user=hr, name="sync")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def assert_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("error", [OperationalError(GONE), InterfaceError("connection already closed")])
def test_a_page_whose_query_fails_answers_503(hr_client, monkeypatch, error):
    monkeypatch.setattr("omkeer.people.figures.organisation", raise_(error))  # the HR dashboard's counts
    response = hr_client.get(HOME)
    assert_503(response)
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Temporarily unavailable" in page
    assert "Try again in 5 seconds." in page
    assert GONE not in page  # no technical detail
    assert response["Content-Security-Policy"]  # the 503 goes out through the security headers like any page


def test_the_page_is_in_dutch_for_a_dutch_browser(hr_client, monkeypatch):
    monkeypatch.setattr("omkeer.people.figures.organisation", raise_(OperationalError(GONE)))
    response = hr_client.get(HOME, HTTP_ACCEPT_LANGUAGE="nl")
    assert_503(response)
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert "Tijdelijk niet beschikbaar" in page
    assert "Probeer het over 5 seconden opnieuw." in page
    assert "Temporarily unavailable" not in page


def test_the_api_answers_json(api_headers, monkeypatch, client):
    make_employee(employee_id="P1")
    monkeypatch.setattr("omkeer.api.people.record_profile_view", raise_(OperationalError(GONE)))
    response = client.get("/api/people/P1", **api_headers)
    assert_503(response)
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "detail": "The database is unavailable for a moment. Try again in a few seconds."
    }


def test_the_api_answers_in_dutch(api_headers, monkeypatch, client):
    make_employee(employee_id="P1")
    monkeypatch.setattr("omkeer.api.people.record_profile_view", raise_(OperationalError(GONE)))
    response = client.get("/api/people/P1", HTTP_ACCEPT_LANGUAGE="nl", **api_headers)
    assert_503(response)
    assert json.loads(response.content)["detail"].startswith("De database is even niet bereikbaar.")


def test_a_failure_in_another_middleware_answers_503(hr_client, monkeypatch):
    """The access check runs in a middleware (process_view), outside the view: its error still becomes a 503."""
    hr_client.raise_request_exception = False  # Django's handler saw the exception (and logged it)
    monkeypatch.setattr("omkeer.access.middleware.AccessMiddleware.process_view", raise_(OperationalError(GONE)))
    response = hr_client.get(HOME, HTTP_ACCEPT_LANGUAGE="nl")
    assert_503(response)
    assert "Tijdelijk niet beschikbaar" in response.content.decode()
    assert response["X-Content-Type-Options"] == "nosniff"  # the headers of the 500 it replaces are kept


def test_a_database_that_is_gone_for_every_query_answers_503(hr_client, client):
    """No query at all succeeds (the session, the user, the page): the answer still renders."""
    hr_client.raise_request_exception = client.raise_request_exception = False
    with pytest.MonkeyPatch.context() as patch:  # undone before the test database is torn down
        patch.setattr(connection, "ensure_connection", raise_(OperationalError("connection refused")))
        login = client.get(reverse("accounts:login"))
        answers = [
            hr_client.get(HOME),
            hr_client.get("/api/people"),
            client.post(reverse("accounts:login"), {"username": "someone@example.com", "password": "secret"}),
        ]
    assert login.status_code == 200  # a page that needs no database still works
    for response in answers:
        assert_503(response)


def test_other_errors_stay_500(hr_client, monkeypatch):
    hr_client.raise_request_exception = False
    monkeypatch.setattr("omkeer.people.figures.organisation", raise_(ValueError("a bug")))
    assert hr_client.get(HOME).status_code == 500


def test_an_integrity_error_is_not_an_outage(hr_client, monkeypatch):
    hr_client.raise_request_exception = False
    monkeypatch.setattr("omkeer.people.figures.organisation", raise_(IntegrityError("duplicate key")))
    assert hr_client.get(HOME).status_code == 500


def test_the_answer_needs_no_database():
    """Without the `db` fixture, any query here would raise: the answer is rendered without one."""
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    for path in ("/people/", "/api/people"):
        request = RequestFactory().get(path, HTTP_ACCEPT_LANGUAGE="nl")
        response = middleware.process_exception(request, OperationalError(GONE))
        assert response is not None
        assert_503(response)
    assert middleware.process_exception(request, RuntimeError("not the database")) is None
