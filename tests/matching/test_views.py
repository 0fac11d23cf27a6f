"""The admin's matching pages: run, review, pin and forbid, why not, approve; and who may see them."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from omkeer.accounts.models import User
from omkeer.matching import services
from omkeer.matching.models import MatchRun, MatchSettings, PairConstraint
from omkeer.mentorships.models import Mentorship
from omkeer.programmes.models import Participation, Programme, Role
from tests.factories import make_participant


def one_h1(html: str) -> bool:
    return len(re.findall(r"<h1[\s>]", html)) == 1


@pytest.fixture
def run(programme, pool, admin):
    return services.run_matching(actor=admin, programme=programme)


def test_the_programme_and_the_funnel_link_to_matching(programme, admin, client_for):
    client = client_for(admin)
    url = reverse("matching:run-list", args=[programme.pk])
    for page in ("programmes:programme-detail", "enrolment:funnel"):
        assert f'href="{url}"' in client.get(reverse(page, args=[programme.pk])).content.decode()


def test_matching_page_shows_the_pool_settings_and_runs(programme, pool, admin, client_for):
    html = client_for(admin).get(reverse("matching:run-list", args=[programme.pk])).content.decode()
    assert one_h1(html) and "<h1>Matching</h1>" in html
    assert re.search(r'stat__value">2</span><span class="stat__label">mentors ready to match', html)
    assert "No runs yet." in html and "same team · reporting line (2 managers up)" in html


def test_run_matching_then_review_the_pairs_in_words(programme, pool, admin, client_for):
    client = client_for(admin)
    response = client.post(reverse("matching:run-create", args=[programme.pk]), follow=True)
    run = MatchRun.objects.get()
    assert response.redirect_chain == [(reverse("matching:run-detail", args=[run.pk]), 302)]
    html = response.content.decode()
    assert one_h1(html) and "2 of 2 mentees matched" in html
    assert "the mentor is 4 levels stronger in Social media, which the mentee rated most important" in html
    assert "Sara Senior" in html and "Ben Builder" in html
    assert re.search(r'stat__value">100 %</span><span class="stat__label">pairs across departments', html)
    assert '<svg class="histogram"' in html and "<rect" in html and " style=" not in html
    assert 'data-confirm="Approve 2 pairs?' in html


@pytest.fixture
def in_dutch():
    """Requests in Dutch activate Dutch in this thread; later tests must start from the default language."""
    yield
    translation.deactivate()


def test_the_review_page_reads_in_dutch(run, admin, client_for, in_dutch):
    client = client_for(admin)
    client.post(reverse("set_language"), {"language": "nl"})
    html = client.get(reverse("matching:run-detail", args=[run.pk])).content.decode()
    assert "de mentor is 4 niveaus sterker in Social media" in html and "<h2>Voorgestelde duo's</h2>" in html


def test_unmatched_mentees_are_listed_with_their_reason(programme, pool, admin, client_for):
    services.forbid_pair(actor=admin, programme=programme, mentor=pool.ava, mentee=pool.sara)
    run = services.run_matching(actor=admin, programme=programme)
    html = client_for(admin).get(reverse("matching:run-detail", args=[run.pk])).content.decode()
    assert "Mentees without a mentor" in html
    assert re.search(r"Sara Senior</td>.*no mentor passes the hard rules for this mentee", html, re.S)


def test_pin_and_forbid_from_the_review_table_return_to_it(run, programme, pool, admin, client_for):
    client = client_for(admin)
    page = reverse("matching:run-detail", args=[run.pk]) + "?page=1"
    data = {"mentor": pool.ben.pk, "mentee": pool.tom.pk, "next": page}
    response = client.post(reverse("matching:pair-pin", args=[programme.pk]), data)
    assert response.status_code == 302 and response["Location"] == page
    assert PairConstraint.objects.get().kind == "pinned"
    html = client.get(page).content.decode()
    assert ">Unpin</button>" in html
    client.post(reverse("matching:pair-forbid", args=[programme.pk]), data)
    assert PairConstraint.objects.get().kind == "forbidden"


@pytest.mark.parametrize("target", ["0", "home", "https://evil.example.com/"])
def test_a_next_that_is_not_a_path_of_ours_returns_to_the_run_list(target, programme, pool, admin, client_for):
    """next=0 was a 500: redirect() took it for a URL name (NoReverseMatch)."""
    data = {"mentor": pool.ben.pk, "mentee": pool.tom.pk, "next": target}
    response = client_for(admin).post(reverse("matching:pair-forbid", args=[programme.pk]), data)
    assert response.status_code == 302 and response["Location"] == reverse("matching:run-list", args=[programme.pk])


def test_a_refused_pin_says_why(run, programme, pool, admin, client_for):
    client = client_for(admin)
    data = {"mentor": pool.ben.pk, "mentee": pool.sara.pk}
    response = client.post(reverse("matching:pair-pin", args=[programme.pk]), data, follow=True)
    assert "This pair cannot be pinned: they are in the same team." in response.content.decode()
    assert not PairConstraint.objects.exists()


def test_pin_with_an_outside_redirect_goes_back_to_the_matching_page(programme, pool, admin, client_for):
    data = {"mentor": pool.ava.pk, "mentee": pool.sara.pk, "next": "https://evil.example/"}
    response = client_for(admin).post(reverse("matching:pair-forbid", args=[programme.pk]), data)
    assert response["Location"] == reverse("matching:run-list", args=[programme.pk])


def test_removing_a_constraint(programme, pool, admin, client_for):
    constraint = services.forbid_pair(actor=admin, programme=programme, mentor=pool.ava, mentee=pool.sara)
    url = reverse("matching:constraint-delete", args=[programme.pk, constraint.pk])
    assert client_for(admin).post(url).status_code == 302
    assert not PairConstraint.objects.exists()


def test_why_not_shows_the_rule_in_words(run, pool, admin, client_for):
    url = reverse("matching:run-why-not", args=[run.pk])
    response = client_for(admin).get(url, {"mentor": pool.ben.employee_id, "mentee": pool.sara.employee_id})
    html = response.content.decode()
    assert one_h1(html) and "Ben Builder and Sara Senior" in html and "they are in the same team" in html
    assert "Pin this pair anyway" not in html


def test_why_not_an_allowed_pair_offers_to_pin_it(run, pool, admin, client_for):
    url = reverse("matching:run-why-not", args=[run.pk])
    html = client_for(admin).get(url, {"mentor": pool.ava.employee_id, "mentee": pool.tom.employee_id}).content.decode()
    assert "pairing them is allowed, but 1 fewer mentee would be matched" in html
    assert "the mentor is proposed for Sara Senior" in html and "Pin this pair anyway" in html


def test_why_not_without_a_choice_shows_the_form(run, admin, client_for):
    html = client_for(admin).get(reverse("matching:run-why-not", args=[run.pk])).content.decode()
    assert one_h1(html) and '<select name="mentor"' in html and "Sara Senior" in html


def test_approve_creates_mentorships_and_sends_introductions(
    run, admin, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(reverse("matching:run-approve", args=[run.pk]), follow=True)
    html = response.content.decode()
    assert "2 mentorships created" in html and "approved on" in html and 'data-confirm="Approve' not in html
    assert Mentorship.objects.count() == 2 and len(mail.outbox) == 4


def test_a_refused_approval_says_why(programme, pool, admin, client_for):
    first = services.run_matching(actor=admin, programme=programme)
    second = services.run_matching(actor=admin, programme=programme)
    services.approve_run(actor=admin, run=first)
    response = client_for(admin).post(reverse("matching:run-approve", args=[second.pk]), follow=True)
    assert "would get more mentees than they offered" in response.content.decode()
    assert Mentorship.objects.count() == 2


def test_approval_needs_the_csrf_token(run, admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert client.post(reverse("matching:run-approve", args=[run.pk])).status_code == 403
    assert not Mentorship.objects.exists()


@pytest.mark.parametrize("name", ["matching:run-approve", "matching:run-create", "matching:pair-pin"])
def test_rejects_get(name, run, programme, admin, client_for):
    pk = run.pk if name == "matching:run-approve" else programme.pk
    assert client_for(admin).get(reverse(name, args=[pk])).status_code == 405


def test_a_failed_run_run_from_the_page_says_why(programme, pool, admin, client_for):
    from omkeer.enrolment.models import MentorApplication

    MentorApplication.objects.filter(employee=pool.ava).update(skills={"social_media": 9})
    response = client_for(admin).post(reverse("matching:run-create", args=[programme.pk]), follow=True)
    assert "Matching refused the input: mentor" in response.content.decode()
    assert not MatchRun.objects.exists()


def test_a_queued_run_shows_its_progress(programme, pool, admin, client_for):
    run = MatchRun.objects.create(programme=programme, created_by=admin)
    client = client_for(admin)
    html = client.get(reverse("matching:run-detail", args=[run.pk])).content.decode()
    assert f'data-progress-url="{reverse("matching:run-status", args=[run.pk])}"' in html
    status = client.get(reverse("matching:run-status", args=[run.pk])).json()
    assert status == {"state": "queued", "percent": 0, "done": False, "label": "Waiting for a worker"}


def test_settings_are_saved_and_bad_values_name_the_field(programme, admin, client_for):
    client = client_for(admin)
    url = reverse("matching:settings-edit", args=[programme.pk])
    html = client.get(url).content.decode()
    assert one_h1(html) and 'name="weight_skills"' in html
    data = {"objective": "best_score", "min_level_gap": "3", "forbid_same_team": "on", "forbid_reporting_line": "on"}
    data |= {"reporting_line_depth": "", "require_training": "on", "min_skill_score": "1.5", "weight_skills": "1"}
    data |= {"weight_interests": "0", "weight_cross_department": "0.5", "weight_reciprocal": "0.2"}
    response = client.post(url, data)
    assert response.status_code == 200 and not MatchSettings.objects.exists()
    assert re.search(
        r'id="id_min_skill_score_error"><li>Ensure this value is less than or equal to 0.99', response.content.decode()
    )
    assert client.post(url, data | {"min_skill_score": "0.1"}).status_code == 302
    saved = MatchSettings.objects.get()
    assert (saved.objective, saved.min_level_gap, saved.reporting_line_depth) == ("best_score", 3, None)


def test_the_admin_of_another_programme_gets_404(run, programme, db, client_for):
    stranger = make_participant(
        Programme.objects.create(name="Other", start_date="2026-01-01", end_date="2026-12-31"), Role.ADMIN
    )
    client = client_for(stranger)
    assert client.get(reverse("matching:run-list", args=[programme.pk])).status_code == 404
    assert client.get(reverse("matching:run-detail", args=[run.pk])).status_code == 404
    assert client.post(reverse("matching:run-approve", args=[run.pk])).status_code == 404
    assert not Mentorship.objects.exists()


@pytest.mark.parametrize("persona", ["mentor", "mentee", "coach", "hr"])
def test_participants_and_hr_cannot_see_matching(persona, run, programme, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("matching:run-list", args=[programme.pk])).status_code == 403
    assert client.get(reverse("matching:run-detail", args=[run.pk])).status_code == 403


def test_the_review_page_takes_a_bounded_number_of_queries(db, django_assert_max_num_queries, client_for):
    from omkeer.demo.people import HR_EMAIL, PILOT_NAME, build_demo

    build_demo()
    hr = User.objects.get(username=HR_EMAIL)
    run = services.run_matching(actor=hr, programme=Programme.objects.get(name=PILOT_NAME))
    services.forbid_pair(
        actor=hr, programme=run.programme, mentor=run.proposals.first().mentor, mentee=run.proposals.last().mentee
    )
    client = client_for(hr)
    url = reverse("matching:run-detail", args=[run.pk])
    with django_assert_max_num_queries(12):  # 100 rows on the page: one query for them all
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count("<tr>") > 100


def test_pin_and_forbid_take_people_of_this_programme_only(programme, pool, admin, client_for):
    from tests.matching.conftest import make_ready_mentor

    elsewhere = make_ready_mentor(
        Programme.objects.create(name="Other", start_date="2026-01-01", end_date="2026-12-31")
    )
    data = {"mentor": elsewhere.pk, "mentee": pool.sara.pk}
    for name in ("matching:pair-pin", "matching:pair-forbid"):
        response = client_for(admin).post(reverse(name, args=[programme.pk]), data, follow=True)
        assert "Choose a mentor and a mentee of this programme." in response.content.decode()
    assert not PairConstraint.objects.exists()


def test_a_cross_department_target_is_set_met_and_its_cost_shown(programme, pool, admin, client_for):
    client = client_for(admin)
    url = reverse("matching:settings-edit", args=[programme.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data = {name: ("on" if value is True else value) for name, value in data.items() if value is not False}
    bad = client.post(url, data | {"min_cross_department_share": "1.5"})
    assert "min_cross_department_share" in bad.context["form"].errors and not MatchSettings.objects.exists()
    assert client.post(url, data | {"min_cross_department_share": "0.5"}).status_code == 302
    assert MatchSettings.objects.get().min_cross_department_share == 0.5
    run = services.run_matching(actor=admin, programme=programme)
    html = client.get(reverse("matching:run-detail", args=[run.pk])).content.decode()
    assert "Cross-department target" in html and "At least 50 % of pairs across departments: 100 % reached" in html
    assert "What the target costs in total score: 0.000" in html


def test_an_unreachable_target_is_reported(programme, pool, admin, client_for):
    services.forbid_pair(actor=admin, programme=programme, mentor=pool.ava, mentee=pool.sara)
    services.forbid_pair(actor=admin, programme=programme, mentor=pool.ben, mentee=pool.tom)
    MatchSettings.objects.create(programme=programme, min_cross_department_share=1.0)
    run = services.run_matching(actor=admin, programme=programme)
    html = client_for(admin).get(reverse("matching:run-detail", args=[run.pk])).content.decode()
    assert "The target of 100 % cannot be reached" in html


def test_a_coach_of_the_programme_who_administers_another_gets_403(run, programme, db, client_for):
    coach = make_participant(programme, Role.COACH)
    other = Programme.objects.create(name="Other", start_date="2026-01-01", end_date="2026-12-31")
    Participation.objects.create(programme=other, employee=coach.employee, role=Role.ADMIN)
    client = client_for(coach)
    assert client.get(reverse("matching:run-list", args=[programme.pk])).status_code == 403
    assert client.get(reverse("matching:run-detail", args=[run.pk])).status_code == 404
