"""The admin's list of mentee intakes and one intake in full; a senior sees only their own, mentors none."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from omkeer.enrolment.models import MenteeIntake
from omkeer.programmes.models import Participation, Role
from tests.enrolment.conftest import invite, one_h1
from tests.factories import make_employee, make_participant, make_user


def make_intake(programme, employee, **kw):
    fields = dict(
        goals="Post on LinkedIn with confidence.",
        wants={"linkedin": 3},
        skill_scores={"social_media": 1, "linkedin": 2, "cloud": 3},
        linkedin="rarely",
        facebook="none",
        blogs="reads",
        online_shopping="often",
        familiarity={"technology": 2, "networking": 4},
        why_now="Our clients expect it.",
        what_will_change="I will share our work every month.",
        hours_per_week=Decimal("1.5"),
    )
    fields.update(kw)
    return MenteeIntake.objects.create(programme=programme, employee=employee, **fields)


@pytest.fixture
def intake(programme, enrolment, mentee, kpi):
    return make_intake(programme, mentee.employee, kpi_scores={str(kpi.pk): 2})


def test_the_admin_lists_the_intakes_and_opens_one(admin, programme, enrolment, intake, client_for):
    stepped_back = make_intake(programme, make_employee(first_name="Sofie", last_name="Stopped", level=8))
    invite(programme, make_user(make_employee(level=9)), Role.MENTEE)  # invited, no intake yet
    client = client_for(admin)
    page = client.get(reverse("enrolment:intake-list", args=[programme.pk]))
    assert page.status_code == 200 and one_h1(page)
    html = page.content.decode()
    assert "2 intakes completed" in html and "1 invited senior has not completed it yet" in html
    rows = {i.pk: (i.stage_label, i.hours_per_week) for i in page.context["page"].object_list}
    assert rows == {
        intake.pk: ("Ready to match", Decimal("1.5")),
        stepped_back.pk: ("Intake completed", Decimal("1.5")),
    }
    assert reverse("enrolment:intake-detail", args=[intake.pk]) in html
    assert localtime(intake.submitted).strftime("%-d %b %Y") in html  # the page shows the date in TIME_ZONE

    detail = client.get(reverse("enrolment:intake-detail", args=[intake.pk]))
    assert detail.status_code == 200 and one_h1(detail)
    text = detail.content.decode()
    assert "Intake of Maarten Mentee" in text
    for fragment in (
        "Post on LinkedIn with confidence.",
        "Our clients expect it.",
        "1.5 hours",
        "Digital self-assessment",
    ):
        assert fragment in text, fragment
    assert "Change your intake" not in text  # the admin reads, the senior changes


def test_the_senior_reads_their_own_intake_and_nobody_elses(programme, enrolment, intake, mentee, client_for):
    client = client_for(mentee)
    own = client.get(reverse("enrolment:intake-detail", args=[intake.pk]))
    assert own.status_code == 200 and "Your intake" in own.content.decode()
    assert "Change your intake" in own.content.decode()
    someone = make_participant(programme, Role.MENTEE, level=8)
    theirs = make_intake(programme, someone.employee)
    assert client.get(reverse("enrolment:intake-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("enrolment:intake-list", args=[programme.pk])).status_code == 403


@pytest.mark.parametrize("persona", ["mentor", "other_mentor", "coach", "outsider", "hr"])
def test_mentors_and_others_never_see_an_intake(persona, request, intake, programme, client_for):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(reverse("enrolment:intake-detail", args=[intake.pk]))
    assert response.status_code == 404
    assert "Post on LinkedIn" not in response.content.decode()
    assert client.get(reverse("enrolment:intake-list", args=[programme.pk])).status_code == 403


def test_an_admin_of_another_programme_sees_neither_list_nor_intake(intake, programme, other_programme, client_for):
    stranger = Participation.objects.get(programme=other_programme, role=Role.ADMIN).employee.user
    client = client_for(stranger)
    assert client.get(reverse("enrolment:intake-list", args=[programme.pk])).status_code == 404
    assert client.get(reverse("enrolment:intake-detail", args=[intake.pk])).status_code == 404


def test_an_empty_list_says_what_to_do(admin, programme, enrolment, client_for):
    html = client_for(admin).get(reverse("enrolment:intake-list", args=[programme.pk])).content.decode()
    assert "No intakes yet. Invite senior leaders to take part as mentee." in html
