"""The pulse: a planned wave goes out on its first day (Celery beat's task) with one-use links, answers are
stored under the invitation's group without a person, and results hide every group under k."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from omkeer.programmes.models import Role
from omkeer.voice import pulse, reports
from omkeer.voice.models import PULSE_ITEMS, PulseInvitation, PulseResponse, PulseWave
from tests.factories import make_department, make_participant

TODAY = dt.date(2026, 11, 10)
ANSWERS = {item.field: 5 for item in PULSE_ITEMS}


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        yield traveller


@pytest.fixture
def cohort(programme, mentors, mentee):
    """Six mentors in Sales, five more mentees in Finance, one mentee (the persona) elsewhere."""
    sales, finance = make_department("Sales"), make_department("Finance")
    for user in mentors:
        user.employee.department = sales
        user.employee.save()
    for i in range(5):
        make_participant(programme, Role.MENTEE, level=8, first_name=f"Senior{i}", department=finance)
    return programme


def links(outbox):
    return {message.to[0]: re.search(r"/voice/pulse/([\w-]+)/", message.body).group(1) for message in outbox}


def open_wave(programme, admin):
    wave = pulse.schedule_wave(
        actor=admin, programme=programme, name="Q4", opens_on=TODAY, closes_on=TODAY + dt.timedelta(days=14)
    )
    pulse.send_pulse_waves()
    return PulseWave.objects.get(pk=wave.pk)


def test_a_wave_goes_out_once_with_a_link_each(clock, cohort, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wave = open_wave(cohort, admin)
    assert wave.invited and PulseInvitation.objects.filter(wave=wave).count() == 12
    assert len(mail.outbox) == 12 and len(set(links(mail.outbox).values())) == 12
    assert PulseInvitation.objects.filter(wave=wave, department="").count() == 1  # the lone department: "other"
    assert pulse.send_pulse_waves() == 0  # not twice


def test_answering_spends_the_link_and_stores_no_person(clock, cohort, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        open_wave(cohort, admin)
    secret = next(iter(links(mail.outbox).values()))
    pulse.answer(secret=secret, answers=ANSWERS)
    response = PulseResponse.objects.get()
    assert response.scale_mean == pytest.approx((3 + 5 + 3 + 5 + 3 + 5 + 5) / 7)  # items 1, 3, 5 reversed: 8 - 5
    with pytest.raises(ValidationError, match="has been used"):
        pulse.answer(secret=secret, answers=ANSWERS)
    assert PulseResponse.objects.count() == 1


def test_bad_answers_name_the_item_and_write_nothing(clock, cohort, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        open_wave(cohort, admin)
    secret = next(iter(links(mail.outbox).values()))
    with pytest.raises(ValidationError) as error:
        pulse.answer(secret=secret, answers={**ANSWERS, "q3": 8, "speak": "x"})
    assert set(error.value.message_dict) == {"q3", "speak"}
    with pytest.raises(ValidationError, match="not valid"):
        pulse.answer(secret="made-up", answers=ANSWERS)
    assert not PulseResponse.objects.exists() and not PulseInvitation.objects.filter(answered=True).exists()


def test_a_closed_wave_refuses_its_links(clock, cohort, admin, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        open_wave(cohort, admin)
    secret = next(iter(links(mail.outbox).values()))
    clock.move_to(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC))
    response = client_for(None).get(reverse("voice:pulse-answer", args=[secret]))
    assert response.status_code == 410 and "This wave is closed." in response.content.decode()


def test_the_answer_page(clock, cohort, admin, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        open_wave(cohort, admin)
    url = reverse("voice:pulse-answer", args=[next(iter(links(mail.outbox).values()))])
    client = client_for(None)
    page = client.get(url).content.decode()
    assert "it is often held against you" in page and "Strongly agree" in page
    assert client.post(url, {"q1": "2"}).status_code == 200 and not PulseResponse.objects.exists()
    assert "your answers are in" in client.post(url, {k: str(v) for k, v in ANSWERS.items()}).content.decode()
    assert client.get(url).status_code == 410


def test_planning_a_wave_checks_its_dates(clock, programme, admin, mentor):
    with pytest.raises(ValidationError) as error:
        pulse.schedule_wave(
            actor=admin,
            programme=programme,
            name="",
            opens_on=TODAY - dt.timedelta(days=1),
            closes_on=TODAY - dt.timedelta(days=2),
        )
    assert set(error.value.message_dict) == {"name", "opens_on", "closes_on"}
    assert not PulseWave.objects.exists()
    with pytest.raises(PermissionDenied):
        pulse.schedule_wave(actor=mentor, programme=programme, name="Q", opens_on=TODAY, closes_on=TODAY)


def test_results_hide_groups_under_k(clock, cohort, admin, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        open_wave(cohort, admin)
    by_email = links(mail.outbox)
    for secret in list(by_email.values())[:11]:
        pulse.answer(secret=secret, answers=ANSWERS)
    report = reports.pulse_report(cohort, breakdown="role")
    assert report.selected.shown and report.selected.n == 11
    shown = {cell.label: cell.n for cell in report.groups}
    assert all(n is None or n >= 5 for n in shown.values())
    page = client_for(admin).get(reverse("voice:pulse", args=[cohort.pk]), {"by": "department"}).content.decode()
    assert "Scale mean by group" in page and "Trend across waves" in page
    api = client_for(admin).get(f"/api/programmes/{cohort.pk}/voice/pulse").json()
    for wave in api["waves"]:
        for cells in wave["groups"].values():
            assert all(cell["respondents"] is None or cell["respondents"] >= 5 for cell in cells)
            assert all(cell["hidden_because"] or cell["shown"] for cell in cells)


def test_the_task_reminds_before_closing(clock, cohort, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        open_wave(cohort, admin)
    mail.outbox.clear()
    clock.move_to(dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert pulse.send_pulse_waves() == 12
    assert len(mail.outbox) == 12 and "/voice/pulse/" not in mail.outbox[0].body  # a reminder carries no link
    with django_capture_on_commit_callbacks(execute=True):
        assert pulse.send_pulse_waves() == 0
