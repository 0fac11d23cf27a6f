"""HR resets the second factor of someone who lost their phone and their recovery codes."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from omkeer.accounts import twofactor
from omkeer.accounts.models import AuditEntry
from tests.factories import PASSWORD, make_employee


def reset_url(user):
    return reverse("accounts:two-factor-reset", args=[user.employee.employee_id])


@pytest.fixture
def coach_client(coach, client_for):
    client = client_for(coach)  # a verified session with a real TOTP device
    twofactor.new_recovery_codes(coach)
    return client


def test_hr_resets_a_coachs_lost_second_factor(hr, coach, coach_client, client_for):
    hr_client = client_for(hr)
    employee_page = hr_client.get(reverse("people:employee-detail", args=[coach.employee.employee_id]))
    assert reset_url(coach) in employee_page.content.decode()
    page = hr_client.get(reset_url(coach))
    assert page.status_code == 200 and "What a reset does" in page.content.decode()
    with_commit = hr_client.post(reset_url(coach), follow=True)
    assert "set it up again at their next login" in with_commit.content.decode()
    assert not TOTPDevice.objects.filter(user=coach).exists()
    assert not StaticDevice.objects.filter(user=coach).exists()
    assert coach_client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))  # logged out
    entry = AuditEntry.objects.get(action="two-factor.reset")
    assert (entry.actor, entry.target_id, entry.data) == (hr, str(coach.pk), {"sessions_ended": 1})


def test_the_person_is_told_by_email_in_their_language(
    hr, coach, coach_client, client_for, django_capture_on_commit_callbacks
):
    coach.language = "nl"
    coach.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(hr).post(reset_url(coach))
    (message,) = mail.outbox
    assert message.to == [coach.email]
    assert "tweestapsverificatie" in message.subject.lower()
    assert reverse("accounts:login") in message.body and "Hanna HR" in message.body


def test_at_the_next_login_they_set_up_again(hr, coach, coach_client, client_for, client):
    client_for(hr).post(reset_url(coach))
    client.post(reverse("accounts:login"), {"username": coach.username, "password": PASSWORD})
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:two-factor-setup"))


def test_hr_cannot_reset_their_own(hr, client_for):
    client = client_for(hr)
    assert (
        reset_url(hr)
        not in client.get(reverse("people:employee-detail", args=[hr.employee.employee_id])).content.decode()
    )
    page = client.post(reset_url(hr), follow=True)
    assert "ask another HR manager" in page.content.decode()
    assert TOTPDevice.objects.filter(user=hr).exists()
    assert not AuditEntry.objects.filter(action="two-factor.reset").exists()


def test_someone_without_a_second_factor_has_nothing_to_reset(hr, mentee, client_for):
    client = client_for(hr)
    assert "no two-factor authentication to reset" in client.get(reset_url(mentee)).content.decode()
    assert "no two-factor authentication to reset" in client.post(reset_url(mentee), follow=True).content.decode()
    assert not AuditEntry.objects.filter(action="two-factor.reset").exists()
    assert not mail.outbox


def test_an_employee_without_a_login_is_not_found(hr, client_for):
    employee = make_employee(first_name="No", last_name="Login")
    url = reverse("accounts:two-factor-reset", args=[employee.employee_id])
    assert client_for(hr).get(url).status_code == 404


@pytest.mark.parametrize("persona", ["mentor", "outsider", "mentee"])
def test_only_hr_may_reset(persona, request, coach, coach_client, client_for):
    user = request.getfixturevalue(persona)
    assert client_for(user).post(reset_url(coach)).status_code == 403  # the access table: HR only
    assert TOTPDevice.objects.filter(user=coach).exists()


def test_staff_who_see_everyone_but_are_not_hr_are_refused(staff, coach, coach_client, client_for):
    assert client_for(staff).post(reset_url(coach)).status_code == 403
    assert TOTPDevice.objects.filter(user=coach).exists()
