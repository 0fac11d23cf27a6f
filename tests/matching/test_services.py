"""Matching's services: the ready pool to the engine and back, pins and forbids, why not, approval with email."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from omkeer.accounts.models import AuditEntry, User
from omkeer.enrolment.models import ApplicationStatus, MentorApplication
from omkeer.matching import engine, services
from omkeer.matching.files import problem_from_data
from omkeer.matching.models import MatchRun, MatchSettings, PairConstraint, Proposal
from omkeer.mentorships.models import Mentorship, Status
from omkeer.people.models import EmployeeSkill
from omkeer.programmes.models import Programme
from tests.factories import make_skill
from tests.matching.conftest import make_ready_mentee, make_ready_mentor, pairs


def codes(reasons):
    return [reason.code for reason in reasons]


# --- the pool ------------------------------------------------------------------------------------------------


def test_the_pool_is_trained_accepted_mentors_and_completed_intakes(programme, pool):
    make_ready_mentor(programme, first_name="Una", last_name="Untrained", trained=False)
    declined = make_ready_mentor(programme, first_name="Dora", last_name="Declined")
    MentorApplication.objects.filter(employee=declined).update(status=ApplicationStatus.DECLINED)
    make_ready_mentee(programme, first_name="Gus", last_name="Gone", is_active=False)
    problem = services.build_problem(programme)
    assert {m.id for m in problem.mentors} == {pool.ava.employee_id, pool.ben.employee_id}
    assert {m.id for m in problem.mentees} == {pool.sara.employee_id, pool.tom.employee_id}
    assert pool.bea.employee_id in {e.id for e in problem.employees}  # the organisation, not just the pool


def test_intake_self_assessment_overrides_hr_skills_and_becomes_a_proficiency(programme, pool):
    EmployeeSkill.objects.create(employee=pool.sara, skill=make_skill("social_media"), proficiency=3)
    EmployeeSkill.objects.create(employee=pool.sara, skill=make_skill("strategy"), proficiency=4)
    sara = next(m for m in services.build_problem(programme).mentees if m.id == pool.sara.employee_id)
    assert sara.skills == {"social_media": 0, "strategy": 4}  # self-assessed 1 of 5 -> proficiency 0


def test_training_is_needed_only_when_the_programme_requires_it(programme, pool):
    make_ready_mentor(programme, first_name="Una", last_name="Untrained", trained=False)
    assert len(services.build_problem(programme).mentors) == 2
    MatchSettings.objects.create(programme=programme, require_training=False)
    mentors = services.build_problem(programme).mentors
    assert len(mentors) == 3 and [m.trained for m in mentors].count(False) == 1


def test_active_mentorships_are_kept_out_and_use_up_capacity(programme, pool, admin):
    MentorApplication.objects.filter(employee=pool.ben).update(capacity=2)
    Mentorship.objects.create(programme=programme, mentor=pool.ben, mentee=pool.tom, started=timezone.localdate())
    problem = services.build_problem(programme)
    assert [m.id for m in problem.mentees] == [pool.sara.employee_id]
    assert {m.id: m.capacity for m in problem.mentors} == {pool.ava.employee_id: 1, pool.ben.employee_id: 1}
    run = services.run_matching(actor=admin, programme=programme)
    assert pairs(run) == {("Ava", "Sara")} and run.kept == 1


# --- running -------------------------------------------------------------------------------------------------


def test_run_proposes_the_best_pairs_with_reasons_and_figures(programme, pool, admin):
    run = services.run_matching(actor=admin, programme=programme)
    assert run.state == MatchRun.State.DONE and run.optimal
    assert pairs(run) == {("Ava", "Sara"), ("Ben", "Tom")}
    assert (run.matched, run.unmatched, run.mentors_used, run.cross_department) == (2, 0, 2, 2)
    assert run.total_score == pytest.approx(2.4) and run.level_gap == 6
    ava_sara = Proposal.objects.get(run=run, mentor=pool.ava)
    assert ava_sara.parts == {"skills": 1.0, "interests": 0.0, "cross_department": 1.0, "reciprocal": 0.0}
    assert codes(ava_sara.reason_objects()) == ["stronger_skill", "cross_department"]
    assert AuditEntry.objects.get(action="matching.run").data["matched"] == 2


def test_the_demo_pilot_matches_within_every_hard_rule(db):
    from omkeer.demo.people import HR_EMAIL, PILOT_NAME, build_demo

    build_demo()
    pilot = Programme.objects.get(name=PILOT_NAME)
    run = services.run_matching(actor=User.objects.get(username=HR_EMAIL), programme=pilot)
    assert run.optimal and run.mentees == 175 and run.matched + run.unmatched == 175 and run.matched > 150
    prepared = engine.prepare(problem_from_data(run.problem))
    proposals = list(run.proposals.values_list("mentor__employee_id", "mentee__employee_id"))
    assert all(engine.conflicts(prepared, mentor, mentee) == [] for mentor, mentee in proposals)
    capacity = {m.id: m.capacity for m in prepared.problem.mentors}
    assert all(n <= capacity[mentor] for mentor, n in Counter(m for m, _ in proposals).items())
    assert all(p.reasons for p in run.proposals.all())


def test_bad_input_stores_no_run(programme, pool, admin):
    MentorApplication.objects.filter(employee=pool.ava).update(skills={"social_media": 9})
    with pytest.raises(ValidationError, match=f"mentor {pool.ava.employee_id}: proficiency of social_media"):
        services.run_matching(actor=admin, programme=programme)
    assert not MatchRun.objects.exists() and not AuditEntry.objects.exists()


def test_a_large_run_is_queued_and_a_worker_finishes_it(programme, pool, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_matching(actor=admin, programme=programme, background=True)
    assert run.state == MatchRun.State.QUEUED  # as the page first shows it
    run.refresh_from_db()
    assert run.state == MatchRun.State.DONE and run.matched == 2
    assert services.progress_of(run) == (100, "")


def test_a_worker_stores_a_refusal_on_the_run(programme, pool, admin, django_capture_on_commit_callbacks):
    MentorApplication.objects.filter(employee=pool.ava).update(skills={"social_media": 9})
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_matching(actor=admin, programme=programme, background=True)
    run.refresh_from_db()
    assert run.state == MatchRun.State.FAILED and f"mentor {pool.ava.employee_id}: proficiency" in run.error
    assert not run.proposals.exists()


# --- pins and forbids ----------------------------------------------------------------------------------------


def test_a_pinned_pair_is_kept(programme, pool, admin):
    services.pin_pair(actor=admin, programme=programme, mentor=pool.ava, mentee=pool.tom)
    run = services.run_matching(actor=admin, programme=programme)
    assert pairs(run) == {("Ava", "Tom")}  # Ben shares Sara's team: she waits
    assert Proposal.objects.get(run=run).pinned
    assert run.unmatched_reasons == [
        {"mentee": pool.sara.employee_id, "code": "mentors_taken", "params": {"eligible": 1}}
    ]


def test_a_forbidden_pair_is_never_proposed(programme, pool, admin):
    services.forbid_pair(actor=admin, programme=programme, mentor=pool.ava, mentee=pool.sara)
    run = services.run_matching(actor=admin, programme=programme)
    assert ("Ava", "Sara") not in pairs(run) and run.unmatched == 1
    assert AuditEntry.objects.filter(action="matching.forbid").count() == 1


def test_a_pin_that_breaks_a_hard_rule_is_refused_naming_the_rule(programme, pool, admin):
    with pytest.raises(ValidationError, match="they are in the same team"):
        services.pin_pair(actor=admin, programme=programme, mentor=pool.ben, mentee=pool.sara)
    reporting = make_ready_mentor(programme, first_name="Rik", last_name="Report", manager=pool.sara)
    with pytest.raises(ValidationError, match="the mentee is the mentor's manager"):
        services.pin_pair(actor=admin, programme=programme, mentor=reporting, mentee=pool.sara)
    assert not PairConstraint.objects.exists()


def test_pinning_a_mentee_to_another_mentor_moves_the_pin(programme, pool, admin):
    services.pin_pair(actor=admin, programme=programme, mentor=pool.ava, mentee=pool.tom)
    services.pin_pair(actor=admin, programme=programme, mentor=pool.ben, mentee=pool.tom)
    assert list(PairConstraint.objects.values_list("mentor_id", "kind")) == [(pool.ben.pk, "pinned")]


def test_a_pin_beyond_the_mentors_capacity_is_refused(programme, pool, admin):
    other = make_ready_mentee(programme, first_name="Olga", last_name="Other")
    services.pin_pair(actor=admin, programme=programme, mentor=pool.ava, mentee=pool.sara)
    with pytest.raises(ValidationError, match="no capacity left"):
        services.pin_pair(actor=admin, programme=programme, mentor=pool.ava, mentee=other)


def test_removing_a_constraint_frees_the_pair(programme, pool, admin):
    constraint = services.forbid_pair(actor=admin, programme=programme, mentor=pool.ava, mentee=pool.sara)
    services.remove_constraint(actor=admin, constraint=constraint)
    assert pairs(services.run_matching(actor=admin, programme=programme)) == {("Ava", "Sara"), ("Ben", "Tom")}


# --- why not? ------------------------------------------------------------------------------------------------


def test_why_not_names_the_blocking_rule(programme, pool, admin):
    run = services.run_matching(actor=admin, programme=programme)
    assert codes(services.why_not(programme=programme, run=run, mentor=pool.ben, mentee=pool.sara)) == ["same_team"]


def test_why_not_an_allowed_pair_says_what_it_would_cost(programme, pool, admin):
    run = services.run_matching(actor=admin, programme=programme)
    [reason] = services.why_not(programme=programme, run=run, mentor=pool.ava, mentee=pool.tom)
    assert reason.code == "better_use"
    assert reason.params["matched_delta"] == 1  # Sara would be left without a mentor
    assert reason.params["mentor_now"] == [pool.sara.employee_id]


def test_why_not_someone_outside_the_runs_pool(programme, pool, admin, mentee):
    run = services.run_matching(actor=admin, programme=programme)
    assert codes(services.why_not(programme=programme, run=run, mentor=pool.ava, mentee=mentee.employee)) == [
        "not_ready_mentee"
    ]
    assert codes(services.why_not(programme=programme, run=run, mentor=pool.ava, mentee=pool.ava)) == ["same_person"]


def test_why_not_answers_for_the_run_even_after_the_pool_changed(programme, pool, admin):
    run = services.run_matching(actor=admin, programme=programme)
    pool.ben.team = pool.t1
    pool.ben.department = pool.tech
    pool.ben.save()  # Ben moves to Tom's team; the run still saw him in Sara's
    assert codes(services.why_not(programme=programme, run=run, mentor=pool.ben, mentee=pool.sara)) == ["same_team"]
    assert codes(services.why_not(programme=programme, run=run, mentor=pool.ben, mentee=pool.tom)) == ["matched"]


# --- approval ------------------------------------------------------------------------------------------------


def test_approval_creates_mentorships_and_introduces_both_people(
    programme, pool, admin, django_capture_on_commit_callbacks
):
    run = services.run_matching(actor=admin, programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        created = services.approve_run(actor=admin, run=run)
    assert {(m.mentor.first_name, m.mentee.first_name, m.status) for m in created} == {
        ("Ava", "Sara", Status.ACTIVE),
        ("Ben", "Tom", Status.ACTIVE),
    }
    run.refresh_from_db()
    assert run.approved is not None and run.approved_by == admin and not run.can_approve
    assert len(mail.outbox) == 4
    [to_ava] = [m for m in mail.outbox if m.to == [pool.ava.email]]
    assert to_ava.subject == "Meet your mentee in “Digital leadership”: Sara Senior"
    for part in (to_ava.body, to_ava.alternatives[0][0]):
        assert "the mentor is 4 levels stronger in Social media" in part and pool.sara.email in part
    [to_sara] = [m for m in mail.outbox if m.to == [pool.sara.email]]  # Sara reads Omkeer in Dutch
    assert to_sara.subject == "Maak kennis met je mentor in “Digital leadership”: Ava Analyst"
    for part in (to_sara.body, to_sara.alternatives[0][0]):
        assert "de mentor is 4 niveaus sterker in Social media" in part and pool.ava.email in part
    assert AuditEntry.objects.get(action="matching.approve").summary == "2 mentorships"


def test_approval_beyond_capacity_is_refused_and_writes_nothing(programme, pool, admin):
    first = services.run_matching(actor=admin, programme=programme)
    second = services.run_matching(actor=admin, programme=programme)  # both proposed before either is approved
    services.approve_run(actor=admin, run=first)
    sent, audited = len(mail.outbox), AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="Ava Analyst, Ben Builder would get more mentees than they offered"):
        services.approve_run(actor=admin, run=second)
    assert Mentorship.objects.count() == 2 and len(mail.outbox) == sent and AuditEntry.objects.count() == audited
    second.refresh_from_db()
    assert second.approved is None


def test_approval_is_refused_when_a_mentee_got_a_mentor_meanwhile(programme, pool, admin):
    first = services.run_matching(actor=admin, programme=programme)
    second = services.run_matching(actor=admin, programme=programme)
    services.approve_run(actor=admin, run=first)
    MentorApplication.objects.update(capacity=3)
    with pytest.raises(ValidationError, match="Sara Senior, Tom Top already have an active mentor"):
        services.approve_run(actor=admin, run=second)
    assert Mentorship.objects.count() == 2


def test_a_run_is_approved_once(programme, pool, admin):
    run = services.run_matching(actor=admin, programme=programme)
    services.approve_run(actor=admin, run=run)
    with pytest.raises(ValidationError, match="already been approved"):
        services.approve_run(actor=admin, run=run)


def test_a_run_without_pairs_cannot_be_approved(programme, admin):
    run = services.run_matching(actor=admin, programme=programme)
    assert run.matched == 0
    with pytest.raises(ValidationError, match="nothing to approve"):
        services.approve_run(actor=admin, run=run)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks the file)")
def test_two_admins_approving_at_once_cannot_overfill_a_mentor(programme, pool, admin, monkeypatch):
    """The first approval holds its locks for a while after checking capacity; the second must wait for it."""
    runs = [services.run_matching(actor=admin, programme=programme) for _ in range(2)]
    first_checked, outcomes = threading.Event(), {}
    check_people = services._check_people

    def slow_check(programme, proposals):
        check_people(programme, proposals)
        if not first_checked.is_set():
            first_checked.set()
            time.sleep(0.5)

    def approve(run):
        try:
            services.approve_run(actor=admin, run=run)
            outcomes[run.pk] = "approved"
        except ValidationError as error:
            outcomes[run.pk] = error.messages[0]
        finally:
            connection.close()

    monkeypatch.setattr(services, "_check_people", slow_check)
    threads = [threading.Thread(target=approve, args=(run,)) for run in runs]
    threads[0].start()
    assert first_checked.wait(10)
    threads[1].start()
    for thread in threads:
        thread.join()
    assert outcomes[runs[0].pk] == "approved"
    assert "would get more mentees than they offered" in outcomes[runs[1].pk]
    assert Mentorship.objects.count() == 2


# --- settings ------------------------------------------------------------------------------------------------


def test_settings_default_to_the_engines_and_are_validated(programme, admin):
    defaults = MatchSettings.for_programme(programme)
    assert defaults.rules() == engine.Rules() and defaults.weights() == engine.Weights()
    defaults.min_skill_score = 1.0
    with pytest.raises(ValidationError) as refused:
        services.save_settings(actor=admin, match_settings=defaults, changed=["min_skill_score"])
    assert list(refused.value.error_dict) == ["min_skill_score"] and not MatchSettings.objects.exists()


def test_reasons_follow_the_language(programme, pool, admin):
    from omkeer.matching.reasons import describe

    reason = engine.Reason("level_gap", {"gap": 1, "required": 2})
    assert describe(reason) == "the mentee is 1 level above the mentor; the programme requires at least 2"
    with translation.override("nl"):
        assert describe(reason) == "de mentee staat 1 niveau boven de mentor; het programma vraagt er minstens 2"
    assert describe(engine.Reason("something_new")) == "something new"


def test_a_mentee_whose_mentorship_ended_early_is_matched_again_with_the_rest_kept(programme, pool, admin):
    services.approve_run(actor=admin, run=services.run_matching(actor=admin, programme=programme))
    Mentorship.objects.filter(mentee=pool.sara).update(status=Status.ENDED_EARLY, ended=timezone.localdate())
    make_ready_mentor(programme, first_name="Cas", last_name="Cloud", skills={"social_media": 4})
    rerun = services.run_matching(actor=admin, programme=programme)
    # Ben and Tom stay as they are; the pair that ended early is not proposed again
    assert pairs(rerun) == {("Cas", "Sara")} and rerun.kept == 1
    services.approve_run(actor=admin, run=rerun)
    assert Mentorship.objects.filter(status=Status.ACTIVE).count() == 2


def test_what_forcing_a_pair_would_cost_reads_in_dutch():
    from omkeer.matching.reasons import Labels, describe

    reason = engine.Reason(
        "better_use", {"matched_delta": 1, "score_delta": 0.2146, "mentor_now": ["E1"], "mentee_now": None}
    )
    labels = Labels(people={"E1": "Sara Senior"})
    assert describe(reason, labels) == (
        "pairing them is allowed, but 1 fewer mentee would be matched and the total score would drop by 0.215; "
        "the mentor is proposed for Sara Senior"
    )
    with translation.override("nl"):
        assert describe(reason, labels) == (
            "dit duo mag, maar dan zou 1 mentee minder worden gekoppeld en zou de totaalscore 0,215 lager worden; "
            "de mentor is voorgesteld voor Sara Senior"
        )


def test_the_score_histogram_spans_zero_to_the_highest_possible_score():
    from omkeer.matching.coverage import histogram
    from omkeer.matching.review import histogram_bars

    assert histogram([0.0, 0.05, 1.7, 0.95], top=1.7) == {"width": 0.1, "counts": [2] + [0] * 8 + [1] + [0] * 6 + [1]}
    wide = histogram([7.0], top=7.0)
    assert wide["width"] == pytest.approx(0.35) and len(wide["counts"]) == 20 and wide["counts"][-1] == 1
    bars = histogram_bars(wide)
    assert (bars["bins"][-1].low, bars["bins"][-1].high, bars["bins"][-1].height) == ("6.65", "7.00", 150)
    assert histogram_bars({"width": 0.1, "counts": [0, 0]}) is None
