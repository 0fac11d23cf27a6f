"""The funnel: counts per stage and role, the chart, and who waits where."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from omkeer.enrolment.funnel import MENTEE_STAGES, MENTOR_STAGES, build_funnel, mentee_funnel, mentor_funnel
from omkeer.enrolment.models import ApplicationStatus, MenteeIntake, MentorApplication, Recommendation
from omkeer.programmes.models import Participation, Role
from tests.enrolment.conftest import invite, one_h1
from tests.factories import make_employee, make_user


def test_a_funnel_counts_who_got_at_least_this_far():
    funnel = build_funnel("mentor", MENTOR_STAGES, [(0, False), (1, False), (3, False), (5, False), (2, True)])
    assert [(s.key, s.reached, s.waiting) for s in funnel.stages] == [
        ("invited", 5, 1),
        ("applied", 4, 1),
        ("recommended", 3, 0),
        ("accepted", 2, 1),
        ("trained", 1, 0),
        ("ready", 1, 1),
    ]
    assert funnel.declined == 1
    assert [s.share for s in funnel.stages] == [1.0, 0.8, 0.6, 0.4, 0.2, 0.2]
    empty = build_funnel("mentee", MENTEE_STAGES, [])
    assert empty.total == 0 and [s.share for s in empty.stages] == [0.0, 0.0, 0.0]


def person(level, **kw):
    return make_user(make_employee(level=level, **kw))


def apply(programme, user, status=ApplicationStatus.APPLIED, recommended=False, trained=False):
    now = timezone.now()
    application = MentorApplication.objects.create(
        programme=programme,
        employee=user.employee,
        teaching="x",
        capacity=1,
        pledged=now,
        status=status,
        trained=now if trained else None,
    )
    if recommended:
        Recommendation.objects.create(
            application=application,
            colleague=make_employee(),
            requested=now,
            expires=now + timezone.timedelta(days=1),
            submitted=now,
        )
    if status == ApplicationStatus.ACCEPTED:
        Participation.objects.get_or_create(programme=programme, employee=user.employee, role=Role.MENTOR)
    return application


def test_funnel_page_shows_each_stage_for_each_role(admin, programme, enrolment, client_for):
    invite(programme, person(2), Role.MENTOR)  # invited only
    apply(programme, person(2))  # applied, without invitation (a mentor added earlier would be the same)
    apply(programme, person(2), recommended=True)
    apply(programme, person(2), status=ApplicationStatus.ACCEPTED, recommended=True)
    apply(programme, person(2), status=ApplicationStatus.ACCEPTED, recommended=True, trained=True)
    apply(programme, person(2), status=ApplicationStatus.DECLINED, recommended=True)
    left = apply(programme, person(2), status=ApplicationStatus.ACCEPTED, recommended=True, trained=True)
    Participation.objects.filter(employee=left.employee).delete()  # trained, then stepped back
    senior = person(8)
    invite(programme, senior, Role.MENTEE)
    invite(programme, person(8), Role.MENTEE)
    MenteeIntake.objects.create(
        programme=programme,
        employee=senior.employee,
        goals="g",
        wants={"cloud": 1},
        linkedin="none",
        facebook="none",
        blogs="none",
        online_shopping="never",
        why_now="w",
        what_will_change="c",
        hours_per_week=1,
    )
    Participation.objects.create(programme=programme, employee=senior.employee, role=Role.MENTEE)

    mentors = mentor_funnel(programme)
    assert [(s.reached, s.waiting) for s in mentors.stages] == [(7, 1), (6, 1), (5, 1), (3, 1), (2, 1), (1, 1)]
    assert mentors.declined == 1
    assert [(s.reached, s.waiting) for s in mentee_funnel(programme).stages] == [(2, 1), (1, 0), (1, 1)]

    response = client_for(admin).get(reverse("enrolment:funnel", args=[programme.pk]))
    assert response.status_code == 200 and one_h1(response)
    html = response.content.decode()
    bars = re.findall(r'<rect width="([0-9.]+)" height="1"/>', html)
    assert bars == ["1.0000", "0.8571", "0.7143", "0.4286", "0.2857", "0.1429", "1.0000", "0.5000", "0.5000"]
    for label in ("Invited", "Applied", "Recommended", "Accepted", "Trained", "Ready to match", "Intake completed"):
        assert f"<span>{label}</span>" in html, label
    assert " style=" not in html  # the CSP forbids inline styles: bar widths are SVG attributes


def test_an_empty_funnel_says_what_to_do(admin, programme, enrolment, client_for):
    html = client_for(admin).get(reverse("enrolment:funnel", args=[programme.pk])).content.decode()
    assert html.count("Nobody invited yet. Invite people to start the funnel.") == 2
    assert "Nobody on the waiting list." in html


def test_the_application_list_filters_by_status(admin, programme, enrolment, client_for):
    apply(programme, person(2, first_name="Ada"))
    apply(programme, person(2, first_name="Bo"), status=ApplicationStatus.DECLINED)
    url = reverse("enrolment:application-list", args=[programme.pk])
    page = client_for(admin).get(url, {"status": "declined"})
    assert one_h1(page)
    names = [a.employee.first_name for a in page.context["page"].object_list]
    assert names == ["Bo"]
    assert "Declined" in page.content.decode()
