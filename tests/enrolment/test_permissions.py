"""Object scope on enrolment pages: own rows, one's own programmes, one's own recommendation link.
404 out of scope (no existence leak), 403 when visible but not the user's to change."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from omkeer.enrolment.models import Enrolment, MenteeIntake, MentorApplication, Recommendation
from omkeer.programmes.models import Participation, Role
from tests.factories import make_participant, make_programme


def make_application(programme, user, **kw):
    return MentorApplication.objects.create(
        programme=programme, employee=user.employee, teaching="Cloud", capacity=1, pledged=timezone.now(), **kw
    )


@pytest.fixture
def theirs(programme, enrolment, other_mentor):
    return make_application(programme, other_mentor)


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("enrolment:application-detail", "get"),
        ("enrolment:application-edit", "get"),
        ("enrolment:recommendation-request", "post"),
    ],
)
def test_a_mentor_cannot_see_or_touch_another_mentors_application(name, method, theirs, mentor, client_for):
    response = getattr(client_for(mentor), method)(reverse(name, args=[theirs.pk]), {"colleague": "x"})
    assert response.status_code == 404
    assert "Omar" not in response.content.decode()


def test_a_missing_and_a_hidden_application_look_the_same(theirs, mentor, client_for):
    client = client_for(mentor)
    hidden = client.get(reverse("enrolment:application-detail", args=[theirs.pk]))
    missing = client.get(reverse("enrolment:application-detail", args=[theirs.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404


def test_the_overview_lists_only_ones_own_enrolment(theirs, mentor, programme, client_for):
    mine = make_application(programme, mentor)
    html = client_for(mentor).get(reverse("enrolment:overview")).content.decode()
    assert reverse("enrolment:application-detail", args=[mine.pk]) in html
    assert reverse("enrolment:application-detail", args=[theirs.pk]) not in html


def test_an_admin_sees_only_their_own_programmes(theirs, other_programme, client_for):
    """The admin of another programme: this programme's pages and applications do not exist for them."""
    stranger = Participation.objects.get(programme=other_programme, role=Role.ADMIN).employee.user
    client = client_for(stranger)
    for name in ("enrolment:funnel", "enrolment:application-list", "enrolment:invitation-create"):
        assert client.get(reverse(name, args=[theirs.programme_id])).status_code == 404, name
    assert client.get(reverse("enrolment:application-detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("enrolment:application-accept", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("enrolment:application-decline", args=[theirs.pk]), {}).status_code == 404


def test_the_admins_list_holds_only_their_programmes_applications(admin, theirs, other_programme, junior, client_for):
    elsewhere = make_application(other_programme, junior)
    html = client_for(admin).get(reverse("enrolment:application-list", args=[theirs.programme_id])).content.decode()
    assert reverse("enrolment:application-detail", args=[theirs.pk]) in html
    assert reverse("enrolment:application-detail", args=[elsewhere.pk]) not in html


def test_an_applicant_who_administers_another_programme_cannot_decide_on_their_own(theirs, other_mentor, client_for):
    make_application(make_programme(), other_mentor)  # irrelevant; the point is the admin role elsewhere
    Participation.objects.create(programme=make_programme(), employee=other_mentor.employee, role=Role.ADMIN)
    response = client_for(other_mentor).post(reverse("enrolment:application-accept", args=[theirs.pk]))
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == "applied"


def test_a_coach_of_the_programme_cannot_read_applications(theirs, coach, client_for):
    assert client_for(coach).get(reverse("enrolment:application-detail", args=[theirs.pk])).status_code == 404


def test_the_admin_reads_an_application_but_cannot_change_it(admin, theirs, client_for):
    client = client_for(admin)
    assert client.get(reverse("enrolment:application-detail", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("enrolment:application-edit", args=[theirs.pk])).status_code == 403
    url = reverse("enrolment:recommendation-request", args=[theirs.pk])
    assert client.post(url, {"colleague": "x"}).status_code == 403


def test_a_colleague_sees_only_the_form_they_were_invited_to(programme, enrolment, theirs, mentor, coach, client_for):
    now = timezone.now()
    for_coach = Recommendation.objects.create(
        application=theirs, colleague=coach.employee, requested=now, expires=now + timezone.timedelta(days=14)
    )
    for_mentor = Recommendation.objects.create(
        application=theirs, colleague=mentor.employee, requested=now, expires=now + timezone.timedelta(days=14)
    )
    client = client_for(coach)
    assert client.get(reverse("enrolment:recommendation-submit", args=[for_coach.token])).status_code == 200
    assert client.get(reverse("enrolment:recommendation-submit", args=[for_mentor.token])).status_code == 403
    assert client.get(reverse("enrolment:application-detail", args=[theirs.pk])).status_code == 404


def test_an_unannounced_programme_page_does_not_exist_for_outsiders(outsider, mentor, client_for):
    hidden = make_programme(name="Secret pilot")
    make_participant(hidden, Role.ADMIN)
    response = client_for(outsider).get(reverse("enrolment:programme-info", args=[hidden.pk]))
    assert response.status_code == 404
    assert "Secret pilot" not in response.content.decode()
    Enrolment.objects.create(programme=hidden)
    assert client_for(outsider).get(reverse("enrolment:programme-info", args=[hidden.pk])).status_code == 200


def test_a_participant_reads_the_page_of_their_unannounced_programme(programme, mentor, client_for):
    assert client_for(mentor).get(reverse("enrolment:programme-info", args=[programme.pk])).status_code == 200


def test_an_intake_is_private_to_the_senior_and_the_programme_admin(programme, enrolment, mentee, other_mentor, admin):
    intake = MenteeIntake.objects.create(
        programme=programme,
        employee=mentee.employee,
        goals="LinkedIn",
        wants={"linkedin": 3},
        linkedin="none",
        facebook="none",
        blogs="none",
        online_shopping="never",
        why_now="Now",
        what_will_change="All",
        hours_per_week=2,
    )
    assert list(MenteeIntake.objects.visible_to(mentee)) == [intake]
    assert list(MenteeIntake.objects.visible_to(admin)) == [intake]
    assert list(MenteeIntake.objects.visible_to(other_mentor)) == []
