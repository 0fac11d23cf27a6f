"""Reminders: who has not finished gets an email (with a link that works), each one is recorded for the admin,
nobody gets the same kind twice within three days, and the daily run waits for the deadlines."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from omkeer.accounts.models import AuditEntry
from omkeer.enrolment import reminders, tasks
from omkeer.enrolment.models import (
    ApplicationStatus,
    Enrolment,
    MenteeIntake,
    MentorApplication,
    Recommendation,
    Reminder,
    ReminderKind,
)
from omkeer.enrolment.training import set_up_training
from omkeer.programmes.models import Participation, Role
from tests.enrolment.conftest import invite, link_in, one_h1, sent_to
from tests.factories import make_employee, make_user

START = dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.UTC)  # the programme starts on 1 January 2026


@pytest.fixture(autouse=True)
def _before_the_deadlines():
    """Each test starts on 1 December 2025, before both deadlines; some travel further."""
    with time_machine.travel(START, tick=False):
        yield


def flashed(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def person(level, **kw):
    return make_user(make_employee(level=level, **kw))


def application(programme, user, status=ApplicationStatus.APPLIED, **kw):
    made = MentorApplication.objects.create(
        programme=programme,
        employee=user.employee,
        teaching="x",
        capacity=1,
        pledged=timezone.now(),
        status=status,
        **kw,
    )
    if status == ApplicationStatus.ACCEPTED:
        Participation.objects.create(programme=programme, employee=user.employee, role=Role.MENTOR)
    return made


@pytest.fixture
def people(programme, enrolment, kpi):
    """One person waiting at each kind of reminder, and two who are done."""
    enrolment.mentor_deadline = dt.date(2025, 12, 10)
    enrolment.mentee_deadline = dt.date(2025, 12, 15)
    enrolment.save()
    set_up_training(programme=programme)
    found = {
        "not_applied": person(2, first_name="Nina", last_name="Notyet"),
        "no_recommendation": person(2, first_name="Rik", last_name="Norec"),
        "untrained": person(2, first_name="Tess", last_name="Training"),
        "no_intake": person(8, first_name="Ida", last_name="Intake"),
        "trained": person(2, first_name="Dora", last_name="Done"),
        "intake_done": person(8, first_name="Ivo", last_name="Done"),
    }
    for key in ("not_applied", "no_recommendation", "untrained", "trained"):
        invite(programme, found[key], Role.MENTOR)
    for key in ("no_intake", "intake_done"):
        invite(programme, found[key], Role.MENTEE)
    application(programme, found["no_recommendation"])
    application(programme, found["untrained"], ApplicationStatus.ACCEPTED)
    application(programme, found["trained"], ApplicationStatus.ACCEPTED, trained=timezone.now())
    MenteeIntake.objects.create(
        programme=programme,
        employee=found["intake_done"].employee,
        goals="x",
        linkedin="none",
        facebook="none",
        blogs="none",
        online_shopping="never",
        why_now="x",
        what_will_change="x",
        hours_per_week=2,
    )
    return found


def test_the_admin_sends_reminders_now_to_everyone_who_has_not_finished(admin, programme, people, client_for):
    client = client_for(admin)
    page = client.get(reverse("enrolment:reminder-list", args=[programme.pk]))
    assert page.status_code == 200 and one_h1(page)
    assert [count for _, _, count in page.context["kinds"]] == [1, 1, 1, 1]
    assert "No reminders sent yet." in page.content.decode()

    response = client.post(reverse("enrolment:reminders-send", args=[programme.pk]))
    assert response["Location"] == reverse("enrolment:reminder-list", args=[programme.pk])
    assert "Reminders are on their way" in flashed(response)

    sent = {(r.employee_id, r.kind, r.sent_by) for r in Reminder.objects.all()}
    assert sent == {
        (people["not_applied"].employee_id, ReminderKind.APPLY, admin),
        (people["no_recommendation"].employee_id, ReminderKind.RECOMMENDATION, admin),
        (people["untrained"].employee_id, ReminderKind.TRAINING, admin),
        (people["no_intake"].employee_id, ReminderKind.INTAKE, admin),
    }
    assert len(mail.outbox) == 4
    assert not sent_to(people["trained"].email) and not sent_to(people["intake_done"].email)
    assert AuditEntry.objects.get(action="reminders.send").data == {
        "apply": 1,
        "intake": 1,
        "recommendation": 1,
        "training": 1,
    }

    # Every email names the task and links to the page where it is done.
    expected = {
        "not_applied": ("Reminder: apply as mentor in “Digital leadership”", "Applications close on 10 December 2025."),
        "no_recommendation": (
            "Reminder: your application in “Digital leadership” needs a recommendation",
            "waits for a colleague's recommendation",
        ),
        "untrained": (
            "Reminder: finish the mentor training of “Digital leadership”",
            "You have passed 0 of 6 modules.",
        ),
        "no_intake": (
            "Reminder: complete your intake for “Digital leadership”",
            "Please complete it by 15 December 2025.",
        ),
    }
    for key, (subject, text) in expected.items():
        [message] = sent_to(people[key].email)
        assert message.subject == subject
        assert text in message.body and text in message.alternatives[0][0]
        assert client_for(people[key]).get(link_in(message)).status_code == 200, key

    listing = client.get(reverse("enrolment:reminder-list", args=[programme.pk])).content.decode()
    for name in ("Nina Notyet", "Rik Norec", "Tess Training", "Ida Intake"):
        assert name in listing
    assert "Dora Done" not in listing
    only_training = client.get(reverse("enrolment:reminder-list", args=[programme.pk]), {"kind": "training"})
    assert [r.employee.full_name for r in only_training.context["page"].object_list] == ["Tess Training"]
    funnel = client.get(reverse("enrolment:funnel", args=[programme.pk])).content.decode()
    assert "4 reminders sent so far, the last on 1 Dec 2025." in funnel


def test_nobody_gets_the_same_kind_twice_within_three_days_nor_more_than_three(programme, people):
    assert sum(reminders.send_reminders(programme=programme).values()) == 4
    assert sum(reminders.send_reminders(programme=programme).values()) == 0
    with time_machine.travel(START + dt.timedelta(days=2, hours=23), tick=False):
        assert sum(reminders.send_reminders(programme=programme).values()) == 0
    with time_machine.travel(START + dt.timedelta(days=3, minutes=1), tick=False):
        assert sum(reminders.send_reminders(programme=programme).values()) == 4
    with time_machine.travel(START + dt.timedelta(days=6, minutes=2), tick=False):
        assert sum(reminders.send_reminders(programme=programme).values()) == 4
    with time_machine.travel(START + dt.timedelta(days=9, minutes=3), tick=False):
        # the fourth round: everyone had three of their kind already
        assert sum(reminders.send_reminders(programme=programme).values()) == 0
    assert Reminder.objects.filter(employee=people["untrained"].employee).count() == 3


def test_the_daily_run_starts_a_week_before_each_deadline(programme, people):
    def due(day):
        with time_machine.travel(day, tick=False):
            return dict(reminders.send_due_reminders())

    assert due(START) == {}  # mentors' deadline 10 December, mentees' 15 December: both more than 7 days away
    assert due(dt.datetime(2025, 12, 3, 9, tzinfo=dt.UTC)) == {"apply": 1, "recommendation": 1, "training": 1}
    assert due(dt.datetime(2025, 12, 5, 9, tzinfo=dt.UTC)) == {}  # two days later: too soon again
    everyone = {"apply": 1, "recommendation": 1, "training": 1, "intake": 1}
    assert due(dt.datetime(2025, 12, 8, 9, tzinfo=dt.UTC)) == everyone  # the mentees' week has begun too
    assert Reminder.objects.filter(sent_by__isnull=True).count() == 7


def test_after_the_deadline_only_what_can_still_be_done_is_reminded(programme, people):
    """The form to apply or to complete the intake is closed after its deadline; recommendations and the
    training can still be finished."""
    with time_machine.travel(dt.datetime(2025, 12, 20, 9, tzinfo=dt.UTC), tick=False):
        assert dict(reminders.send_due_reminders()) == {"recommendation": 1, "training": 1}


def test_a_programme_without_deadlines_gets_no_daily_reminders_but_the_admin_can_send_them(programme, people):
    Enrolment.objects.filter(programme=programme).update(mentor_deadline=None, mentee_deadline=None)
    assert dict(reminders.send_due_reminders()) == {}
    assert sum(reminders.send_reminders(programme=programme).values()) == 4


def test_people_who_left_get_no_reminder(programme, people):
    for key in ("not_applied", "untrained"):
        people[key].employee.is_active = False
        people[key].employee.save(update_fields=["is_active"])
    assert dict(reminders.send_reminders(programme=programme)) == {"recommendation": 1, "intake": 1}


def test_a_recommendation_that_arrived_ends_the_reminders(programme, people, colleague):
    pending = MentorApplication.objects.get(employee=people["no_recommendation"].employee)
    now = timezone.now()
    Recommendation.objects.create(
        application=pending, colleague=colleague.employee, requested=now, expires=now, submitted=now
    )
    assert "recommendation" not in reminders.send_reminders(programme=programme)


def test_reminders_go_out_in_the_recipients_language(programme, people, django_capture_on_commit_callbacks):
    people["untrained"].language = "nl"
    people["untrained"].save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_reminders(programme=programme)
    [message] = sent_to(people["untrained"].email)
    assert message.subject == "Herinnering: rond de mentortraining van “Digital leadership” af"
    assert "Je hebt 0 van de 6 modules afgerond." in message.body


def test_a_refused_send_sends_nothing(programme, people, django_capture_on_commit_callbacks):
    """The emails wait for the commit: a transaction that rolls back sends none and records none."""
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        reminders.send_reminders(programme=programme)
        raise RuntimeError("the database went away")
    assert not mail.outbox and not Reminder.objects.exists()


def test_the_task_and_the_command(programme, people, admin):
    assert tasks.send_reminders.delay(programme.pk, admin.pk).get() == 4
    assert tasks.send_reminders.delay(programme.pk + 1000, admin.pk).get() == 0
    with time_machine.travel(START + dt.timedelta(days=20), tick=False):  # both forms closed by now
        out = StringIO()
        call_command("remind", stdout=out)
    assert out.getvalue().strip() == "2 reminders sent (recommendation: 1, training: 1)"
    assert tasks.send_due_reminders.delay().get() == 0  # all reminded today already


def test_there_is_nobody_to_remind_before_enrolment_opens(admin, programme, client_for):
    client = client_for(admin)
    page = client.get(reverse("enrolment:reminder-list", args=[programme.pk]))
    assert page.status_code == 200 and "Enrolment is not open yet" in page.content.decode()
    response = client.post(reverse("enrolment:reminders-send", args=[programme.pk]))
    assert "Open enrolment first" in flashed(response)
    assert not Reminder.objects.exists()


def test_only_this_programmes_admin_sees_and_sends_reminders(programme, people, other_programme, client_for, mentor):
    stranger = Participation.objects.get(programme=other_programme, role=Role.ADMIN).employee.user
    for user, status in ((stranger, 404), (mentor, 403), (people["untrained"], 403)):
        client = client_for(user)
        assert client.get(reverse("enrolment:reminder-list", args=[programme.pk])).status_code == status
        assert client.post(reverse("enrolment:reminders-send", args=[programme.pk])).status_code == status
    assert not Reminder.objects.exists() and not mail.outbox


def test_sending_needs_a_post(admin, programme, people, client_for):
    assert client_for(admin).get(reverse("enrolment:reminders-send", args=[programme.pk])).status_code == 405
    assert not Reminder.objects.exists()
