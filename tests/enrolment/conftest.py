"""Enrolment fixtures: an announced, open programme with topics and a KPI, and a few people around it."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, TestCase

from omkeer.enrolment.models import Enrolment, Invitation
from omkeer.people.models import Interest
from omkeer.programmes.models import Goal, Kpi
from tests.factories import make_department, make_employee, make_skill, make_user

TOPICS = ("social_media", "linkedin", "cloud")


class CommittingClient(Client):
    """A test client whose requests end as in production: what a view left for `on_commit` (emails, tasks) runs
    when the request is done. Tests run inside one transaction that never commits, so without this nothing would."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client_for():
    """client_for(user) -> a committing test client logged in as that user (None: anonymous)."""

    def make(user):
        client = CommittingClient()
        if user is not None:
            client.force_login(user)
        return client

    return make


LEARNABLE = ("strategy", "leadership")


@pytest.fixture
def topics(programme):
    skills = [make_skill(name) for name in TOPICS]
    programme.topics.set(skills)
    for name in LEARNABLE:
        make_skill(name)
    return skills


@pytest.fixture
def kpi(programme):
    goal = Goal.objects.create(programme=programme, title="Seniors use social media")
    return Kpi.objects.create(goal=goal, name="Digital self-assessment", unit="score 1–5", baseline=2, target=4)


@pytest.fixture
def enrolment(programme, topics, kpi):
    """The programme, announced and open, without deadlines."""
    return Enrolment.objects.create(programme=programme, is_open=True)


@pytest.fixture
def technology(db):
    return make_department("Technology")


@pytest.fixture
def junior(technology):
    """A junior with a login who takes part in nothing yet."""
    return make_user(make_employee(first_name="Jo", last_name="Junior", level=2, department=technology))


@pytest.fixture
def colleague(technology):
    """Jo's colleague in the same department, more senior (so not in a level ≤ 3 invitation)."""
    return make_user(make_employee(first_name="Cora", last_name="Colleague", level=5, department=technology))


@pytest.fixture
def senior(db):
    return make_user(make_employee(first_name="Sam", last_name="Senior", level=8))


@pytest.fixture
def cycling(db):
    return Interest.objects.create(name="cycling")


def invite(programme, user, role):
    return Invitation.objects.create(programme=programme, employee=user.employee, role=role)


def application_data(**overrides):
    data = {
        "skill_social_media": "4",
        "skill_linkedin": "3",
        "skill_cloud": "1",
        "want_strategy": "3",
        "want_leadership": "",
        "teaching": "How to write a LinkedIn post that people read.",
        "capacity": "2",
        "pledge": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def intake_data(kpi, **overrides):
    data = {
        "goals": "Post on LinkedIn with confidence.",
        "want_social_media": "3",
        "want_linkedin": "2",
        "want_cloud": "",
        "score_social_media": "1",
        "score_linkedin": "2",
        "score_cloud": "3",
        f"kpi_{kpi.pk}": "2",
        "linkedin": "rarely",
        "facebook": "none",
        "blogs": "reads",
        "online_shopping": "often",
        "familiarity_technology": "2",
        "familiarity_networking": "4",
        "familiarity_communication": "4",
        "familiarity_search_engines": "3",
        "familiarity_sharing": "1",
        "familiarity_multimedia": "2",
        "why_now": "Our clients expect it.",
        "what_will_change": "I will share our work every month.",
        "hours_per_week": "1.5",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


LINK = re.compile(re.escape(settings.SITE_URL) + r"(/[^\s\"<]*)")


def link_in(message) -> str:
    """The path of the first site link in an email; the HTML part must carry the same link."""
    path = LINK.search(message.body).group(1)
    html = message.alternatives[0][0]
    assert f'href="{settings.SITE_URL}{path}"' in html
    return path


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def one_h1(response) -> bool:
    return len(re.findall(r"<h1[\s>]", response.content.decode())) == 1
