"""Enrolment in Dutch: pages, the hours rule's message, and emails in the recipient's own language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from omkeer.enrolment import services
from omkeer.people.models import Employee
from omkeer.programmes.models import Role
from tests.enrolment.conftest import intake_data, invite


@pytest.fixture(autouse=True)
def default_language_afterwards():
    yield
    translation.deactivate()


def dutch(client):
    client.post(reverse("set_language"), {"language": "nl"})
    return client


def test_programme_page_and_funnel_are_dutch(admin, programme, enrolment, junior, client_for):
    html = dutch(client_for(junior)).get(reverse("enrolment:programme-info", args=[programme.pk])).content.decode()
    for text in ("Waarom we dit programma doen", "Vertrouwelijkheid, in gewone woorden", "Veelgestelde vragen"):
        assert text in html, text
    assert "Interesse aanmelden" in html and "Register interest" not in html
    funnel = dutch(client_for(admin)).get(reverse("enrolment:funnel", args=[programme.pk])).content.decode()
    assert "<h1>Aanmeldtrechter</h1>" in funnel and "Wachtlijst" in funnel


def test_the_hours_rule_speaks_dutch(programme, enrolment, senior, kpi, client_for):
    invite(programme, senior, Role.MENTEE)
    client = dutch(client_for(senior))
    response = client.post(
        reverse("enrolment:intake-edit", args=[programme.pk]), intake_data(kpi, hours_per_week="0,5")
    )
    assert response.context["form"].errors["hours_per_week"] == [
        "Het minimum voor dit programma is 1 uur per week; daaronder kan de intake niet worden verstuurd."
    ]
    assert "Er is niets opgeslagen." in response.content.decode()


def test_each_invitation_goes_out_in_the_recipients_language(
    admin, programme, enrolment, junior, colleague, django_capture_on_commit_callbacks
):
    junior.language = "nl"
    junior.save(update_fields=["language"])
    people = Employee.objects.filter(pk__in=[junior.employee_id, colleague.employee_id])
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.invite(actor=admin, programme=programme, role=Role.MENTOR, employees=people)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[junior.email] == "Je bent uitgenodigd om mentor te worden in “Digital leadership”"
    assert subjects[colleague.email] == "You are invited to become a mentor in “Digital leadership”"
    [dutch_mail] = [m for m in mail.outbox if m.to == [junior.email]]
    assert "Aanmelden als mentor" in dutch_mail.alternatives[0][0]
