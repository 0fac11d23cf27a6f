"""A senior's intake, through the real pages: invited by filter, follows the email's link, states goals in their
own words, baseline, digital check, motivation and hours. Below the programme's minimum hours it is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.enrolment.models import MenteeIntake
from omkeer.programmes.models import Participation, Role
from tests.enrolment.conftest import intake_data, invite, link_in, one_h1


def flashed(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_senior_is_invited_completes_the_intake_and_becomes_a_mentee(
    admin, programme, enrolment, senior, kpi, client_for
):
    data = {"role": "mentee", "level_min": "7", "department": senior.employee.department_id}
    client_for(admin).post(reverse("enrolment:invitation-create", args=[programme.pk]), data)
    [email] = mail.outbox
    assert email.to == [senior.email]
    assert email.subject == "You are invited to join “Digital leadership” as mentee"
    assert "Complete your intake" in email.alternatives[0][0]

    client = client_for(senior)
    page = client.get(link_in(email))
    assert page.status_code == 200 and one_h1(page)
    html = page.content.decode()
    assert "Mentee intake" in html and "Digital self-assessment" in html and "Search engines" in html
    assert "At least 1 hour per week" in html

    response = client.post(link_in(email), intake_data(kpi))
    assert response["Location"] == reverse("enrolment:programme-info", args=[programme.pk])
    intake = MenteeIntake.objects.get()
    assert intake.employee == senior.employee
    assert intake.goals == "Post on LinkedIn with confidence."
    assert intake.wants == {"social_media": 3, "linkedin": 2}
    assert intake.skill_scores == {"social_media": 1, "linkedin": 2, "cloud": 3}
    assert intake.kpi_scores == {str(kpi.pk): 2}
    assert intake.familiarity == {
        "technology": 2,
        "networking": 4,
        "communication": 4,
        "search_engines": 3,
        "sharing": 1,
        "multimedia": 2,
    }
    assert (intake.linkedin, intake.facebook, intake.blogs, intake.online_shopping) == (
        "rarely",
        "none",
        "reads",
        "often",
    )
    assert intake.hours_per_week == Decimal("1.5")
    assert Participation.objects.filter(programme=programme, employee=senior.employee, role=Role.MENTEE).exists()
    assert AuditEntry.objects.filter(action="intake.submit", actor=senior).exists()

    # Later the senior changes it: still one intake, prefilled, audited as a change.
    again = client.get(link_in(email))
    assert again.context["form"].initial["want_social_media"] == 3
    client.post(link_in(email), intake_data(kpi, hours_per_week="2"))
    assert MenteeIntake.objects.get().hours_per_week == Decimal("2")
    assert AuditEntry.objects.filter(action="intake.update").count() == 1
    assert Participation.objects.filter(employee=senior.employee).count() == 1


@pytest.fixture
def invited_senior(programme, enrolment, senior):
    invite(programme, senior, Role.MENTEE)
    return senior


def submit(client, programme, kpi, **overrides):
    return client.post(reverse("enrolment:intake-edit", args=[programme.pk]), intake_data(kpi, **overrides))


@pytest.mark.parametrize("hours", ["0.5", "0"])
def test_fewer_hours_than_the_programme_asks_are_refused_and_nothing_is_saved(
    hours, programme, invited_senior, kpi, client_for
):
    response = submit(client_for(invited_senior), programme, kpi, hours_per_week=hours)
    assert response.status_code == 200
    message = "The minimum for this programme is 1 hour per week; below that the intake cannot be sent."
    assert response.context["form"].errors["hours_per_week"] == [message]
    assert message in response.content.decode()
    assert MenteeIntake.objects.count() == 0
    assert not Participation.objects.filter(employee=invited_senior.employee).exists()
    assert AuditEntry.objects.count() == 0


def test_the_minimum_follows_the_programme(programme, invited_senior, kpi, client_for):
    programme.min_mentee_hours_per_week = Decimal("2.5")
    programme.save(update_fields=["min_mentee_hours_per_week"])
    response = submit(client_for(invited_senior), programme, kpi, hours_per_week="2")
    assert response.context["form"].errors["hours_per_week"] == [
        "The minimum for this programme is 2.5 hours per week; below that the intake cannot be sent."
    ]
    assert submit(client_for(invited_senior), programme, kpi, hours_per_week="2.5").status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"want_social_media": "", "want_linkedin": ""},
            "want_cloud",  # the first topic, alphabetically: where the form starts the list
            "Choose at least one skill you want to learn, and how important it is.",
        ),
        ({"goals": ""}, "goals", "This field is required."),
        ({"score_cloud": ""}, "score_cloud", "This field is required."),
        (
            {"familiarity_multimedia": "6"},
            "familiarity_multimedia",
            "Select a valid choice. 6 is not one of the available choices.",
        ),
        (
            {"linkedin": "sometimes"},
            "linkedin",
            "Select a valid choice. sometimes is not one of the available choices.",
        ),
        ({"why_now": ""}, "why_now", "This field is required."),
        ({"hours_per_week": "many"}, "hours_per_week", "Enter a number."),
    ],
)
def test_bad_intake_names_the_field_and_saves_nothing(
    overrides, field, message, programme, invited_senior, kpi, client_for
):
    response = submit(client_for(invited_senior), programme, kpi, **overrides)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert MenteeIntake.objects.count() == 0


def test_a_kpi_may_be_left_as_not_applicable(programme, invited_senior, kpi, client_for):
    submit(client_for(invited_senior), programme, kpi, **{f"kpi_{kpi.pk}": ""})
    assert MenteeIntake.objects.get().kpi_scores == {}


def test_the_intake_closes_after_the_deadline(programme, enrolment, invited_senior, kpi, client_for):
    enrolment.mentee_deadline = programme.start_date
    enrolment.save()
    with time_machine.travel(programme.start_date.isoformat() + " 23:30 +01:00"):
        assert client_for(invited_senior).get(reverse("enrolment:intake-edit", args=[programme.pk])).status_code == 200
    with time_machine.travel(programme.start_date.isoformat() + " 12:00 +01:00", tick=False) as traveller:
        traveller.shift(60 * 60 * 24)
        response = submit(client_for(invited_senior), programme, kpi)
    assert "The intake for mentees is closed." in flashed(response)
    assert MenteeIntake.objects.count() == 0


def test_a_mentor_of_the_programme_cannot_take_its_intake(programme, enrolment, mentor, kpi, client_for):
    response = submit(client_for(mentor), programme, kpi)
    assert response["Location"] == reverse("enrolment:programme-info", args=[programme.pk])
    assert MenteeIntake.objects.count() == 0


def test_a_mentee_added_by_the_admin_can_take_the_intake_without_an_invitation(
    programme, enrolment, mentee, kpi, client_for
):
    assert submit(client_for(mentee), programme, kpi).status_code == 302
    assert MenteeIntake.objects.get().employee == mentee.employee
    assert Participation.objects.filter(employee=mentee.employee).count() == 1
