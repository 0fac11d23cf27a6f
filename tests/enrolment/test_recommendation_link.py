"""The colleague's recommendation link: personal, one use, 14 days. Used, expired or someone else's: a clear page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from omkeer.accounts.models import AuditEntry
from omkeer.enrolment.models import MentorApplication, Recommendation
from omkeer.programmes.models import Role
from tests.enrolment.conftest import invite, one_h1, sent_to
from tests.factories import make_employee

TEXTS = {"trustworthiness": "Reliable.", "discretion": "Discreet.", "explaining": "Clear."}


def flashed(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def application(programme, enrolment, junior):
    invite(programme, junior, Role.MENTOR)
    return MentorApplication.objects.create(
        programme=programme,
        employee=junior.employee,
        skills={"social_media": 3, "linkedin": 3, "cloud": 2},
        teaching="LinkedIn",
        capacity=1,
        pledged=timezone.now(),
    )


def ask(client_for, application, who):
    url = reverse("enrolment:recommendation-request", args=[application.pk])
    return client_for(application.employee.user).post(url, {"colleague": who})


@pytest.fixture
def link(application, colleague, client_for):
    ask(client_for, application, colleague.email)
    return reverse("enrolment:recommendation-submit", args=[Recommendation.objects.get().token])


def test_someone_else_gets_a_clear_page_and_learns_nothing(link, mentor, client_for):
    response = client_for(mentor).get(link)
    assert response.status_code == 403 and one_h1(response)
    html = response.content.decode()
    assert "This link is not for you" in html
    assert "Jo Junior" not in html and "Jo" not in response.context["problem"]
    assert client_for(mentor).post(link, TEXTS).status_code == 403
    assert Recommendation.objects.get().submitted is None


def test_the_applicant_cannot_recommend_themselves_through_the_link(link, junior, client_for):
    assert client_for(junior).post(link, TEXTS).status_code == 403
    assert Recommendation.objects.get().submitted is None


def test_an_expired_link_gets_a_clear_page_and_saves_nothing(link, colleague, client_for):
    with time_machine.travel(timezone.now() + dt.timedelta(days=14, minutes=1)):
        page = client_for(colleague).get(link)
        post = client_for(colleague).post(link, TEXTS)
    assert page.status_code == post.status_code == 410
    assert "This link has expired" in page.content.decode()
    assert "ask them to send you a new one" in page.content.decode()
    assert Recommendation.objects.get().submitted is None
    assert not AuditEntry.objects.filter(action="recommendation.submit").exists()


def test_a_link_still_works_on_its_last_day(link, colleague, client_for):
    with time_machine.travel(timezone.now() + dt.timedelta(days=13, hours=23)):
        assert client_for(colleague).post(link, TEXTS)["Location"] == reverse("home")
    assert Recommendation.objects.get().submitted is not None


def test_an_unknown_token_is_not_found(colleague, client_for, db):
    url = reverse("enrolment:recommendation-submit", args=["6f1c1e0a-0000-4000-8000-000000000000"])
    assert client_for(colleague).get(url).status_code == 404


def test_an_anonymous_visitor_logs_in_first_and_comes_back_to_the_form(link, colleague, client_for):
    response = client_for(None).get(link)
    assert response["Location"] == f"{reverse('accounts:login')}?next={link}"
    client = client_for(None)
    login = client.post(response["Location"], {"username": colleague.username, "password": "correct-horse-battery"})
    assert login["Location"] == link
    assert client.get(link).status_code == 200


def test_every_answer_is_required(link, colleague, client_for):
    response = client_for(colleague).post(link, {**TEXTS, "discretion": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["discretion"] == ["This field is required."]
    assert Recommendation.objects.get().submitted is None


def test_asking_again_after_expiry_gives_a_new_link_and_kills_the_old_one(application, colleague, link, client_for):
    old = Recommendation.objects.get().token
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        ask(client_for, application, colleague.email)
        recommendation = Recommendation.objects.get()
        assert recommendation.token != old
        assert client_for(colleague).get(link).status_code == 404
        new = reverse("enrolment:recommendation-submit", args=[recommendation.token])
        assert client_for(colleague).get(new).status_code == 200
    assert len(sent_to(colleague.email)) == 2


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("junior", "Ask a colleague, not yourself."),
        ("nobody@example.com", "No employee with id or email “nobody@example.com”."),
        ("no-login", "has no Omkeer login yet, so they cannot write a recommendation."),
        ("again", "You already asked Cora Colleague; their link is still valid."),
    ],
)
def test_a_bad_request_names_the_field_and_sends_nothing(who, message, application, colleague, junior, client_for):
    if who == "again":
        ask(client_for, application, colleague.email)
    address = {
        "junior": junior.email,
        "no-login": make_employee(first_name="Nora", last_name="Nologin").email,
        "again": colleague.email,
    }.get(who, who)
    before = (Recommendation.objects.count(), len(sent_to(colleague.email)))
    response = ask(client_for, application, address)
    assert "Colleague's email or employee id: " in flashed(response)
    assert message in flashed(response)
    assert (Recommendation.objects.count(), len(sent_to(colleague.email))) == before


def test_a_colleague_finds_open_requests_on_the_enrolment_page(link, colleague, client_for):
    html = client_for(colleague).get(reverse("enrolment:overview")).content.decode()
    assert "Recommendations you were asked for" in html
    assert f'href="{link}"' in html
