"""Follow-ups: planned by the admin, sent on their first day with a reminder before they close, answered by each
participant (the mentee's intake questions again, the mentor's own growth, the programme's effectiveness)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from omkeer.evaluation import services
from omkeer.evaluation.models import FollowUp, Survey, SurveyKind
from omkeer.programmes.models import Kpi, Role
from tests.factories import make_participant

TODAY = dt.date(2026, 6, 15)


def _end_survey(admin, programme, django_capture_on_commit_callbacks, opens=TODAY):
    with django_capture_on_commit_callbacks(execute=True):
        return services.plan_survey(
            actor=admin, programme=programme, kind=SurveyKind.END, opens=opens, closes=TODAY + dt.timedelta(days=14)
        )


def _mentee_answers(score=4, rating=5, recommend=True):
    return {
        "skill": {"social_media": score},
        "kpi": {},
        "familiarity": dict.fromkeys(
            ["technology", "networking", "communication", "search_engines", "sharing", "multimedia"], 3
        ),
        "effective_organisation": rating,
        "effective_me": rating,
        "recommend": recommend,
    }


def test_a_survey_that_opens_today_invites_every_mentor_and_mentee_by_email(
    cohort, admin, programme, django_capture_on_commit_callbacks
):
    survey = _end_survey(admin, programme, django_capture_on_commit_callbacks)
    assert survey.sent is not None
    assert FollowUp.objects.filter(survey=survey).count() == 12
    assert len(mail.outbox) == 12
    link = reverse("evaluation:followup", args=[programme.pk])
    assert all(link in message.body for message in mail.outbox)
    assert services.send_survey(survey) == 0  # once only


def test_a_later_survey_waits_for_the_task(cohort, admin, programme, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        survey = services.plan_survey(
            actor=admin,
            programme=programme,
            kind=SurveyKind.MIDPOINT,
            opens=TODAY + dt.timedelta(days=2),
            closes=TODAY + dt.timedelta(days=9),
        )
    assert survey.sent is None and not mail.outbox
    clock.move_to(dt.datetime(2026, 6, 17, 9, 0, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_evaluation_reminders() == 12
    clock.move_to(dt.datetime(2026, 6, 22, 9, 0, tzinfo=dt.UTC))  # three days before it closes
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_evaluation_reminders() == 12
        assert services.send_evaluation_reminders() == 0  # one reminder each
    assert len(mail.outbox) == 12
    assert "closes on 2026-06-24" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("kind", "opens", "closes", "field"),
    [
        ("later", TODAY, TODAY, "kind"),
        (SurveyKind.END, TODAY, TODAY - dt.timedelta(days=1), "closes"),
        (SurveyKind.END, TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=2), "closes"),
    ],
)
def test_a_bad_plan_names_the_field_and_writes_nothing(cohort, admin, programme, kind, opens, closes, field):
    with pytest.raises(ValidationError) as caught:
        services.plan_survey(actor=admin, programme=programme, kind=kind, opens=opens, closes=closes)
    assert field in caught.value.message_dict
    assert not Survey.objects.exists()


def test_only_the_programme_admin_plans(cohort, coach, mentor, programme):
    for actor in (coach, mentor):
        with pytest.raises(PermissionDenied):
            services.plan_survey(actor=actor, programme=programme, kind=SurveyKind.END, opens=TODAY, closes=TODAY)


def test_the_mentee_answers_and_the_answer_is_paired_with_the_intake(
    cohort, admin, mentee, programme, client_for, django_capture_on_commit_callbacks
):
    _end_survey(admin, programme, django_capture_on_commit_callbacks)
    client = client_for(mentee)
    page = client.get(reverse("evaluation:followup", args=[programme.pk]))
    assert page.status_code == 200
    assert "Social media" in page.text or "social_media" in page.text
    data = {
        "skill_social_media": "4",
        "rating_effective_organisation": "5",
        "rating_effective_me": "4",
        "recommend": "yes",
    } | {
        f"familiarity_{k}": "3"
        for k in ["technology", "networking", "communication", "search_engines", "sharing", "multimedia"]
    }
    response = client.post(reverse("evaluation:followup", args=[programme.pk]), data)
    assert response.status_code == 302
    row = FollowUp.objects.get(employee=mentee.employee)
    assert row.skill_scores == {"social_media": 4}
    assert (row.effective_organisation, row.effective_me, row.recommend) == (5, 4, True)
    assert row.submitted is not None


def test_a_rating_of_7_is_refused_by_name_and_nothing_is_saved(
    cohort, admin, mentee, programme, client_for, django_capture_on_commit_callbacks
):
    _end_survey(admin, programme, django_capture_on_commit_callbacks)
    row = FollowUp.objects.get(employee=mentee.employee)
    with pytest.raises(ValidationError) as caught:
        services.answer_followup(actor=mentee, followup=row, answers=_mentee_answers(rating=7))
    assert "rating_effective_organisation" in caught.value.message_dict
    row.refresh_from_db()
    assert row.submitted is None and row.effective_organisation is None
    page = client_for(mentee).post(
        reverse("evaluation:followup", args=[programme.pk]), {"skill_social_media": "9", "recommend": "yes"}
    )
    assert page.status_code == 200
    assert "Select a valid choice" in page.text
    row.refresh_from_db()
    assert row.submitted is None


def test_the_mentor_rates_their_own_growth(cohort, admin, mentor, programme, django_capture_on_commit_callbacks):
    _end_survey(admin, programme, django_capture_on_commit_callbacks)
    row = FollowUp.objects.get(employee=mentor.employee)
    growth = {"network": 4, "engagement": 5, "leadership": 3, "speaking_up": 4}
    services.answer_followup(
        actor=mentor,
        followup=row,
        answers={"growth": growth, "effective_organisation": 4, "effective_me": 5, "recommend": False},
    )
    row.refresh_from_db()
    assert row.growth == growth and row.recommend is False
    with pytest.raises(ValidationError) as caught:
        services.answer_followup(actor=mentor, followup=row, answers={"growth": {**growth, "network": None}})
    assert "growth_network" in caught.value.message_dict


def test_no_one_answers_for_someone_else_or_after_closing(
    cohort, admin, mentor, mentee, programme, clock, django_capture_on_commit_callbacks
):
    _end_survey(admin, programme, django_capture_on_commit_callbacks)
    row = FollowUp.objects.get(employee=mentee.employee)
    with pytest.raises(PermissionDenied):
        services.answer_followup(actor=mentor, followup=row, answers=_mentee_answers())
    clock.move_to(dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match="closed"):
        services.answer_followup(actor=mentee, followup=row, answers=_mentee_answers())


def test_the_follow_up_page_without_an_open_survey_says_so(cohort, mentee, programme, client_for):
    page = client_for(mentee).get(reverse("evaluation:followup", args=[programme.pk]))
    assert page.status_code == 200
    assert "no follow-up open for you" in page.text


def test_outsiders_get_403_or_404_on_the_follow_up(cohort, outsider, programme, other_programme, client_for):
    url = reverse("evaluation:followup", args=[programme.pk])
    assert client_for(outsider).get(url).status_code == 403  # no mentor or mentee anywhere
    stranger = make_participant(other_programme, Role.MENTOR)
    assert client_for(stranger).get(url).status_code == 404  # a mentor elsewhere: this programme does not exist


def test_the_mentee_is_asked_what_their_intake_asked(
    cohort, admin, mentee, programme, kpi, django_capture_on_commit_callbacks
):
    other = Kpi.objects.create(goal=kpi.goal, name="eNPS", unit="eNPS", baseline=1, target=2)  # not in the intake
    _end_survey(admin, programme, django_capture_on_commit_callbacks)
    asked = services.questions(FollowUp.objects.get(employee=mentee.employee))
    assert [key for key, _label in asked["skill"]] == ["social_media"]
    assert [key for key, _label in asked["kpi"]] == [str(kpi.pk)] and str(other.pk) not in dict(asked["kpi"])
    assert len(asked["familiarity"]) == 6 and "growth" not in asked
