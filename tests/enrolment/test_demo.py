"""The demo pilot's enrolment: applicants waiting at every stage, intakes, a waiting list; the same every time."""

from __future__ import annotations

import re

from django.db.models import Count
from django.urls import reverse

from omkeer.accounts.models import User
from omkeer.demo.enrolment import UNTRAINED_MENTORS
from omkeer.demo.people import COACH_EMAIL, HR_EMAIL, MENTEE_EMAIL, MENTOR_EMAIL, PILOT_NAME, build_demo
from omkeer.enrolment.funnel import mentee_funnel, mentor_funnel, mentor_stage, with_progress
from omkeer.enrolment.models import (
    ApplicationStatus,
    FaqEntry,
    InterestRegistration,
    MenteeIntake,
    MentorApplication,
    Reminder,
    ReminderKind,
    TrainingModule,
)
from omkeer.matching.services import ready_mentors
from omkeer.programmes.models import Programme
from tests.people.test_demo import _wipe


def _stages() -> list[tuple[str, str]]:
    applications = with_progress(MentorApplication.objects.select_related("employee"))
    return sorted((a.employee.employee_id, mentor_stage(a)) for a in applications)


def test_the_demo_has_people_waiting_at_every_stage_and_the_funnel_page_shows_them(db, client_for):
    build_demo()
    pilot = Programme.objects.get(name=PILOT_NAME)
    for funnel in (mentor_funnel(pilot), mentee_funnel(pilot)):
        assert all(stage.reached > 0 and stage.waiting > 0 for stage in funnel.stages), funnel
    assert mentor_funnel(pilot).declined > 0
    assert InterestRegistration.objects.filter(programme=pilot).values("role").distinct().count() == 2

    hr = client_for(User.objects.get(username=HR_EMAIL))
    html = hr.get(reverse("enrolment:funnel", args=[pilot.pk])).content.decode()
    reached = [int(n) for n in re.findall(r'<span class="bars__value">(\d+)</span>', html)]
    assert len(reached) == 9 and all(reached)
    assert reached == [s.reached for f in (mentor_funnel(pilot), mentee_funnel(pilot)) for s in f.stages]

    # The demo logins each find their part.
    mentor = User.objects.get(username=MENTOR_EMAIL)
    application = MentorApplication.objects.get(employee=mentor.employee)
    assert mentor_stage(with_progress(MentorApplication.objects.filter(pk=application.pk)).get()) == "ready"
    assert MenteeIntake.objects.filter(employee=User.objects.get(username=MENTEE_EMAIL).employee).exists()
    coach = client_for(User.objects.get(username=COACH_EMAIL))
    assert "Recommendations you were asked for" in coach.get(reverse("enrolment:overview")).content.decode()


def test_the_same_seed_gives_the_same_applicants_in_the_same_stages(db):
    build_demo(seed=2026)
    first = _stages()
    _wipe()
    build_demo(seed=2026)
    assert _stages() == first


def test_demo_mentors_are_at_every_point_of_the_training_and_some_were_reminded(db, client_for):
    build_demo()
    pilot = Programme.objects.get(name=PILOT_NAME)
    modules = TrainingModule.objects.filter(programme=pilot).count()
    assert modules == 6
    accepted = MentorApplication.objects.filter(programme=pilot, status=ApplicationStatus.ACCEPTED).annotate(
        n=Count("training_progress")
    )
    assert {a.n for a in accepted if a.trained is not None} == {modules}  # trained: every module passed
    untrained = [a.n for a in accepted if a.trained is None]
    assert len(untrained) == UNTRAINED_MENTORS and set(untrained) == set(range(modules))  # 0 … 5 modules in
    assert set(ready_mentors(pilot).values_list("pk", flat=True)) <= {a.pk for a in accepted if a.n == modules}

    kinds = set(Reminder.objects.filter(programme=pilot).values_list("kind", flat=True))
    assert kinds == {ReminderKind.APPLY, ReminderKind.TRAINING, ReminderKind.INTAKE}
    hr = client_for(User.objects.get(username=HR_EMAIL))
    page = hr.get(reverse("enrolment:reminder-list", args=[pilot.pk]))
    assert page.status_code == 200 and page.context["page"].paginator.count == Reminder.objects.count()
    assert FaqEntry.objects.filter(programme=pilot).exists()  # the page texts are set up for the admin to edit

    mentor = client_for(User.objects.get(username=MENTOR_EMAIL))
    training = mentor.get(reverse("enrolment:training", args=[pilot.pk])).content.decode()
    assert "6 of 6 modules passed." in training
