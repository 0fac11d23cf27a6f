"""Every employee reads the programme page and may register interest; the admin sees the waiting list and invites."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.enrolment.models import InterestRegistration, Invitation
from omkeer.programmes.models import Role
from tests.enrolment.conftest import invite, link_in, one_h1


def flashed(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_an_employee_reads_the_page_registers_and_is_invited_from_the_waiting_list(
    admin, programme, enrolment, junior, client_for
):
    client = client_for(junior)
    page = client.get(reverse("enrolment:programme-info", args=[programme.pk]))
    assert page.status_code == 200 and one_h1(page)
    html = page.content.decode()
    for text in ("Why we run this programme", "What mentors do", "What mentees do", "Time and dates"):
        assert text in html, text
    assert "Confidentiality, in plain words" in html and "Frequently asked questions" in html
    assert "Digital leadership pilot" in html  # the programme's own description
    assert "Register interest" in html

    response = client.post(reverse("enrolment:interest-register", args=[programme.pk]), {"role": "mentor"})
    assert "You are on the waiting list" in flashed(response)
    registration = InterestRegistration.objects.get()
    assert (registration.employee, registration.role) == (junior.employee, Role.MENTOR)
    assert AuditEntry.objects.filter(action="enrolment.register-interest", actor=junior).exists()
    assert (
        "You are on the waiting list as Mentor"
        in client.get(reverse("enrolment:programme-info", args=[programme.pk])).content.decode()
    )

    admin_client = client_for(admin)
    funnel = admin_client.get(reverse("enrolment:funnel", args=[programme.pk])).content.decode()
    assert "Waiting list" in funnel and "Jo Junior" in funnel
    invite_url = reverse("enrolment:waitlist-invite", args=[programme.pk, registration.pk])
    assert invite_url in funnel
    response = admin_client.post(invite_url)
    assert "Jo Junior is invited." in flashed(response)
    assert Invitation.objects.get().role == Role.MENTOR
    [email] = mail.outbox
    assert link_in(email) == reverse("enrolment:application-create", args=[programme.pk])
    assert client.get(link_in(email)).status_code == 200
    funnel = admin_client.get(reverse("enrolment:funnel", args=[programme.pk])).content.decode()
    assert invite_url not in funnel


def test_registering_twice_or_when_invited_is_refused(programme, enrolment, junior, senior, client_for):
    url = reverse("enrolment:interest-register", args=[programme.pk])
    client_for(junior).post(url, {"role": "mentor"})
    assert "already on the waiting list" in flashed(client_for(junior).post(url, {"role": "mentee"}))
    invite(programme, senior, Role.MENTEE)
    assert "already invited" in flashed(client_for(senior).post(url, {"role": "mentee"}))
    assert InterestRegistration.objects.count() == 1


def test_a_participant_sees_their_role_instead_of_the_button(programme, enrolment, mentor, client_for):
    html = client_for(mentor).get(reverse("enrolment:programme-info", args=[programme.pk])).content.decode()
    assert "You take part in this programme as mentor." in html
    assert "Register interest" not in html
    response = client_for(mentor).post(reverse("enrolment:interest-register", args=[programme.pk]), {"role": "mentee"})
    assert "You already take part in this programme." in flashed(response)


def test_a_bad_role_names_the_field(programme, enrolment, junior, client_for):
    response = client_for(junior).post(reverse("enrolment:interest-register", args=[programme.pk]), {"role": "boss"})
    assert "I would like to join as: Select a valid choice." in flashed(response)
    assert InterestRegistration.objects.count() == 0


def test_the_programme_detail_page_links_to_enrolment(admin, mentor, programme, client_for):
    info = reverse("enrolment:programme-info", args=[programme.pk])
    funnel = reverse("enrolment:funnel", args=[programme.pk])
    admin_html = client_for(admin).get(programme.get_absolute_url()).content.decode()
    mentor_html = client_for(mentor).get(programme.get_absolute_url()).content.decode()
    assert f'href="{info}"' in admin_html and f'href="{funnel}"' in admin_html
    assert f'href="{info}"' in mentor_html and f'href="{funnel}"' not in mentor_html
