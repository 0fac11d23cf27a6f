"""The rules in enrolment's services, below the pages: deadlines, invitations, and one side per programme."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from omkeer.accounts.models import AuditEntry
from omkeer.enrolment import services
from omkeer.enrolment.models import Enrolment, Invitation, MentorApplication
from omkeer.people.models import Employee
from omkeer.programmes.models import Participation, Role
from tests.enrolment.conftest import invite
from tests.factories import make_employee

ANSWERS = {"skills": {"social_media": 3, "linkedin": 2, "cloud": 1}, "wants": {}, "teaching": "AI", "capacity": 1}


def test_opening_announces_the_programme_with_deadlines(admin, programme):
    deadline = programme.start_date - dt.timedelta(days=10)
    enrolment = services.open_enrolment(
        actor=admin, programme=programme, mentor_deadline=deadline, mentee_deadline=None
    )
    assert enrolment.is_open and enrolment.mentor_deadline == deadline
    assert AuditEntry.objects.get(action="enrolment.open").data == {
        "mentor_deadline": deadline.isoformat(),
        "mentee_deadline": "",
    }
    services.close_enrolment(actor=admin, programme=programme)
    assert not Enrolment.objects.get().is_open
    with pytest.raises(ValidationError, match="not open"):
        services.close_enrolment(actor=admin, programme=programme)


def test_a_deadline_after_the_start_is_refused_on_its_field(admin, programme):
    with pytest.raises(ValidationError) as refused:
        services.open_enrolment(
            actor=admin,
            programme=programme,
            mentor_deadline=None,
            mentee_deadline=programme.start_date + dt.timedelta(days=1),
        )
    assert list(refused.value.error_dict) == ["mentee_deadline"]
    assert not Enrolment.objects.exists()


def test_invitations_need_open_enrolment(admin, programme, junior):
    with pytest.raises(ValidationError, match="Open enrolment before inviting"):
        services.invite(actor=admin, programme=programme, role=Role.MENTOR, employees=Employee.objects.all())
    assert not Invitation.objects.exists() and not mail.outbox


def test_invite_skips_the_invited_the_inactive_and_the_other_side(
    admin, programme, enrolment, junior, mentee, mentor, django_capture_on_commit_callbacks
):
    gone = make_employee(first_name="Gone", level=2, is_active=False)
    invite(programme, junior, Role.MENTOR)
    people = Employee.objects.filter(pk__in=[junior.employee_id, mentee.employee_id, mentor.employee_id, gone.pk])
    with django_capture_on_commit_callbacks(execute=True):
        result = services.invite(actor=admin, programme=programme, role=Role.MENTOR, employees=people)
    assert (result.invited, result.skipped) == (1, 3)  # only the mentor (already a mentor participant) is new
    assert [m.to for m in mail.outbox] == [[mentor.email]]


def test_emails_wait_for_the_commit_and_a_refused_change_sends_nothing(
    admin, programme, enrolment, junior, django_capture_on_commit_callbacks
):
    people = Employee.objects.filter(pk=junior.employee_id)
    with django_capture_on_commit_callbacks() as callbacks:
        services.invite(actor=admin, programme=programme, role=Role.MENTOR, employees=people)
        assert not mail.outbox  # inside the transaction: rendered, not sent
    assert len(callbacks) == 1 and not mail.outbox
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [[junior.email]]

    mail.outbox.clear()
    application = services.apply_as_mentor(
        actor=junior, programme=programme, answers=ANSWERS, interests=[], pledge=True
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError, match="recommendation"):
        services.decide_application(actor=admin, application=application, accept=True, reason="")
    assert not mail.outbox  # refused (no recommendation yet): no decision email either


def test_nobody_is_mentor_and_mentee_in_the_same_programme(admin, programme, enrolment, junior, colleague):
    invite(programme, junior, Role.MENTOR)
    services.apply_as_mentor(actor=junior, programme=programme, answers=ANSWERS, interests=[], pledge=True)
    result = services.invite(
        actor=admin, programme=programme, role=Role.MENTEE, employees=Employee.objects.filter(pk=junior.employee_id)
    )
    assert result.invited == 0
    # Even when someone slipped through on both sides, the verbs refuse.
    Participation.objects.create(programme=programme, employee=colleague.employee, role=Role.MENTEE)
    Invitation.objects.create(programme=programme, employee=colleague.employee, role=Role.MENTOR)
    with pytest.raises(ValidationError, match="one person cannot be both"):
        services.apply_as_mentor(actor=colleague, programme=programme, answers=ANSWERS, interests=[], pledge=True)


def test_a_mentor_here_may_be_a_mentee_elsewhere(admin, programme, other_programme, mentor):
    Enrolment.objects.create(programme=other_programme, is_open=True)
    invite(other_programme, mentor, Role.MENTEE)
    assert services.is_eligible(other_programme, mentor.employee, Role.MENTEE)
    assert not services.role_conflict(other_programme, mentor.employee, Role.MENTEE)


def test_applications_close_after_the_mentor_deadline(programme, enrolment, junior):
    enrolment.mentor_deadline = dt.date(2025, 12, 1)
    enrolment.save()
    invite(programme, junior, Role.MENTOR)
    with (
        time_machine.travel(dt.datetime(2025, 12, 2, 9, tzinfo=dt.UTC)),
        pytest.raises(ValidationError, match="closed"),
    ):
        services.apply_as_mentor(actor=junior, programme=programme, answers=ANSWERS, interests=[], pledge=True)
    with time_machine.travel(dt.datetime(2025, 12, 1, 9, tzinfo=dt.UTC)):
        services.apply_as_mentor(actor=junior, programme=programme, answers=ANSWERS, interests=[], pledge=True)
    assert MentorApplication.objects.count() == 1


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({**ANSWERS, "skills": {"social_media": 3}}, "skills"),  # every topic must be rated
        ({**ANSWERS, "skills": {**ANSWERS["skills"], "cloud": 5}}, "skills"),
        ({**ANSWERS, "skills": {**ANSWERS["skills"], "negotiation": 2}}, "skills"),
        ({**ANSWERS, "wants": {"strategy": 4}}, "wants"),
        ({**ANSWERS, "capacity": 4}, "capacity"),
    ],
)
def test_the_service_checks_answers_itself(answers, field, programme, enrolment, junior):
    invite(programme, junior, Role.MENTOR)
    with pytest.raises(ValidationError) as refused:
        services.apply_as_mentor(actor=junior, programme=programme, answers=answers, interests=[], pledge=True)
    assert field in refused.value.error_dict
    assert not MentorApplication.objects.exists()


def test_a_refused_pledge_is_refused(programme, enrolment, junior):
    invite(programme, junior, Role.MENTOR)
    with pytest.raises(ValidationError) as refused:
        services.apply_as_mentor(actor=junior, programme=programme, answers=ANSWERS, interests=[], pledge=False)
    assert list(refused.value.error_dict) == ["pledge"]


def test_a_used_link_raises_with_its_reason(programme, enrolment, junior, colleague):
    invite(programme, junior, Role.MENTOR)
    application = services.apply_as_mentor(
        actor=junior, programme=programme, answers=ANSWERS, interests=[], pledge=True
    )
    recommendation = services.request_recommendation(
        actor=junior, application=application, colleague=colleague.employee
    )
    texts = {"trustworthiness": "a", "discretion": "b", "explaining": "c"}
    with pytest.raises(services.LinkUnusable) as wrong:
        services.submit_recommendation(actor=junior, recommendation=recommendation, answers=texts)
    assert wrong.value.code == "not-yours"
    services.submit_recommendation(actor=colleague, recommendation=recommendation, answers=texts)
    with pytest.raises(services.LinkUnusable) as used:
        services.submit_recommendation(actor=colleague, recommendation=recommendation, answers=texts)
    assert used.value.code == "used"
    assert recommendation.expires - recommendation.requested == dt.timedelta(days=14)
    assert timezone.now() < recommendation.expires


def test_the_invite_preview_counts_only_who_would_be_invited(admin, programme, enrolment, junior, client_for):
    other = make_employee(level=2, department=junior.employee.department)
    invite(programme, junior, Role.MENTOR)
    data = {"role": "mentor", "level_max": "3", "department": junior.employee.department_id}
    page = client_for(admin).get(reverse("enrolment:invitation-create", args=[programme.pk]), data)
    assert (page.context["matches"], page.context["new"]) == (2, 1)
    assert not Invitation.objects.filter(employee=other).exists()  # a preview writes nothing
    assert not mail.outbox
