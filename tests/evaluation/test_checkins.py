"""Check-ins: planned every N weeks, recorded by the admin, read by the admins and coaches only, reminded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from omkeer.evaluation import services
from omkeer.evaluation.models import CheckIn

TODAY = dt.date(2026, 6, 15)
SECRET = "canary-checkin-7f3a: worried about the partner drinking"


def _plan(admin, programme, first=TODAY, weeks=8):
    return services.plan_checkins(actor=admin, programme=programme, every_weeks=weeks, first=first)


def test_planning_makes_a_check_in_with_everyone_every_n_weeks_to_the_end(cohort, admin, programme):
    # 15 Jun, 10 Aug, 5 Oct, 30 Nov: four dates before 31 December, for 12 participants
    assert _plan(admin, programme) == 48
    assert sorted(set(CheckIn.objects.values_list("due", flat=True))) == [
        dt.date(2026, 6, 15),
        dt.date(2026, 8, 10),
        dt.date(2026, 10, 5),
        dt.date(2026, 11, 30),
    ]


def test_planning_again_keeps_the_held_ones(cohort, admin, programme):
    _plan(admin, programme)
    first = CheckIn.objects.order_by("pk").first()
    services.record_checkin(actor=admin, checkin=first, held=TODAY, personal_growth=4, knowledge=3, relationship=5)
    _plan(admin, programme, weeks=26)  # 15 Jun and 14 Dec
    assert CheckIn.objects.filter(held__isnull=False).count() == 1
    assert CheckIn.objects.count() == 1 + 23


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"held": TODAY + dt.timedelta(days=1)}, "held"),
        ({"personal_growth": 7}, "personal_growth"),
        ({"notes": "x" * 3001}, "notes"),
    ],
)
def test_bad_check_in_answers_name_the_field_and_change_nothing(cohort, admin, programme, values, field):
    _plan(admin, programme)
    row = CheckIn.objects.first()
    answers = {"held": TODAY, "personal_growth": 3, "knowledge": 3, "relationship": 3} | values
    with pytest.raises(ValidationError) as caught:
        services.record_checkin(actor=admin, checkin=row, **answers)
    assert field in caught.value.message_dict
    row.refresh_from_db()
    assert row.held is None and row.personal_growth is None


@pytest.mark.parametrize(
    ("values", "field"), [({"every_weeks": 0}, "every_weeks"), ({"first": dt.date(2027, 2, 1)}, "first")]
)
def test_a_bad_plan_is_refused(cohort, admin, programme, values, field):
    with pytest.raises(ValidationError) as caught:
        services.plan_checkins(actor=admin, programme=programme, **({"every_weeks": 4, "first": TODAY} | values))
    assert field in caught.value.message_dict
    assert not CheckIn.objects.exists()


def test_only_the_admin_plans_and_records(cohort, admin, coach, mentor, programme):
    _plan(admin, programme)
    row = CheckIn.objects.first()
    for actor in (coach, mentor):
        with pytest.raises(PermissionDenied):
            _plan(actor, programme)
        with pytest.raises(PermissionDenied):
            services.record_checkin(
                actor=actor, checkin=row, held=TODAY, personal_growth=None, knowledge=None, relationship=None
            )


def test_coaches_read_check_ins_and_partners_never_do(cohort, admin, coach, mentor, mentee, programme, client_for):
    _plan(admin, programme)
    row = CheckIn.objects.get(employee=mentee.employee, due=TODAY)
    services.record_checkin(
        actor=admin,
        checkin=row,
        held=TODAY,
        personal_growth=4,
        knowledge=4,
        relationship=2,
        concerns="Time",
        notes=SECRET,
    )
    url = reverse("evaluation:checkin", args=[programme.pk, row.pk])
    assert SECRET in client_for(admin).get(url).text
    coach_page = client_for(coach).get(url)
    assert (
        coach_page.status_code == 200
        and SECRET in coach_page.text
        and "<form" not in coach_page.text.split("<main")[-1]
    )
    assert client_for(coach).post(url, {"held": "2026-06-15"}).status_code == 403
    for person in (mentor, mentee):  # the partner and the participant themself
        assert client_for(person).get(url).status_code == 403
        assert client_for(person).get(reverse("evaluation:checkins", args=[programme.pk])).status_code == 403


def test_the_admin_records_a_check_in_in_the_browser(cohort, admin, programme, client_for):
    _plan(admin, programme)
    row = CheckIn.objects.first()
    url = reverse("evaluation:checkin", args=[programme.pk, row.pk])
    client = client_for(admin)
    bad = client.post(url, {"held": "2026-06-15", "knowledge": "9"})
    assert bad.status_code == 200 and "Select a valid choice" in bad.text
    good = client.post(url, {"held": "2026-06-15", "knowledge": "4", "notes": "Fine"})
    assert good.status_code == 302
    row.refresh_from_db()
    assert (row.held, row.knowledge, row.notes, row.recorded_by) == (TODAY, 4, "Fine", admin)
    listing = client.get(reverse("evaluation:checkins", args=[programme.pk]))
    assert listing.status_code == 200 and str(row.employee) in listing.text


def test_the_admin_gets_one_email_listing_the_check_ins_due_soon(
    cohort, admin, programme, django_capture_on_commit_callbacks
):
    _plan(admin, programme, first=TODAY + dt.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_evaluation_reminders() == 12
        assert services.send_evaluation_reminders() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [admin.employee.email]
    assert "2026-06-17" in mail.outbox[0].body
