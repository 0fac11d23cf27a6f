"""Every named URL and API operation, as every persona: exactly the expected status, nothing unlisted.

Adding a route without adding it to omkeer.access.table *and* to the matrix below fails this module.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib import admin as django_admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from omkeer.access import table as access
from omkeer.accounts.models import ApiToken
from omkeer.api.main import api
from omkeer.board.models import Idea, Meetup, Post
from omkeer.enrolment.models import (
    Enrolment,
    FaqEntry,
    InterestRegistration,
    MenteeIntake,
    MentorApplication,
    Recommendation,
    TrainingModule,
)
from omkeer.enrolment.pagetexts import set_up_page
from omkeer.enrolment.training import set_up_training
from omkeer.evaluation.models import CheckIn, DecisionRule, Measurement, Survey
from omkeer.matching.models import MatchRun, PairConstraint
from omkeer.mentorships.models import (
    AgreementVersion,
    Assignment,
    CoachRequest,
    Commitment,
    Flag,
    HealthCheck,
    MentoringSession,
    Mentorship,
    Note,
    SessionState,
    Track,
)
from omkeer.people.hrfile import COLUMNS
from omkeer.people.models import ImportJob
from omkeer.programmes.models import Goal, Kpi, Participation
from omkeer.voice.models import Feedback, PulseInvitation, PulseWave, Release, Reply

NOTE_TEXT = "Findings only the pair may read: q7-secret"
PERSONAS = ["anon", "outsider", "hr", "admin", "coach", "mentor", "mentee", "staff"]
LOGGED_IN = PERSONAS[1:]


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}:{entry.namespace}" if entry.namespace and namespace else entry.namespace or namespace
            yield from walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


ALL_NAMES = sorted(set(walk(get_resolver().url_patterns)))
PAGE_NAMES = [n for n in ALL_NAMES if not n.startswith(("admin:", "api:"))]


def expect(default, **overrides):
    """A row of the matrix: `default` for every logged-in persona, overrides by persona name."""
    row = dict.fromkeys(PERSONAS, default)
    row["anon"] = 302
    row.update(overrides)
    return row


ORG = dict(hr=200, admin=200, staff=200)
PROGRAMME_PEOPLE = dict(admin=200, coach=200, mentor=200, mentee=200, staff=200)
PAIR_VIEW = PROGRAMME_PEOPLE
PARTNERS_200 = dict(mentor=200, mentee=200)
PARTNERS_302 = dict(mentor=302, mentee=302)
NO_SECOND_FACTOR_200 = dict(outsider=200, mentor=200, mentee=200)
NO_SECOND_FACTOR_302 = dict(outsider=302, mentor=302, mentee=302)

# url name -> (method, kwargs builder name, data, expected status per persona)
MATRIX = {
    "health": ("get", None, None, expect(200, anon=200)),
    "healthz": ("get", None, None, expect(200, anon=200)),
    "set_language": ("post", None, {"language": "nl"}, expect(302, anon=302)),
    "home": ("get", None, None, expect(200)),
    "accounts:login": ("get", None, None, expect(302, anon=200)),
    "accounts:logout": ("post", None, None, expect(302)),
    "accounts:password-reset": ("get", None, None, expect(200, anon=200)),
    "accounts:password-reset-done": ("get", None, None, expect(200, anon=200)),
    "accounts:password-reset-confirm": ("get", "reset_link", None, expect(200, anon=200)),
    "accounts:password-reset-complete": ("get", None, None, expect(200, anon=200)),
    "accounts:password-change": ("get", None, None, expect(200)),
    "accounts:password-change-done": ("get", None, None, expect(200)),
    "accounts:profile": ("get", None, None, expect(200)),
    "accounts:preferences": ("post", None, {"language": "nl", "time_zone": "Europe/Amsterdam"}, expect(302)),
    "accounts:token-create": ("post", None, {"name": "script"}, expect(302)),
    "accounts:token-revoke": ("post", "someone_elses_token", None, expect(404)),
    # HR, admin, coach and staff logged in with a second factor: set-up sends them on; the others have none yet
    "accounts:two-factor-setup": ("get", None, None, expect(302, **NO_SECOND_FACTOR_200)),
    "accounts:two-factor-verify": ("get", None, None, expect(200, **NO_SECOND_FACTOR_302)),
    "accounts:two-factor-codes": ("post", None, None, expect(200, **NO_SECOND_FACTOR_302)),
    "accounts:two-factor-disable": ("post", None, None, expect(302)),
    "accounts:two-factor-reset": ("get", "mentee_employee", None, expect(403, hr=200, admin=200)),
    "people:directory": ("get", None, None, expect(403, **ORG)),
    "people:employee-detail": ("get", "mentee_employee", None, expect(404, mentee=200, **ORG)),
    "people:export": ("get", None, None, expect(403, **ORG)),
    "privacy:export": ("get", None, None, expect(200)),
    # erasure wants the HR flag (the `admin` persona has it); the superuser without it is refused by the view
    "privacy:erase": ("get", "mentee_employee", None, expect(403, hr=200, admin=200)),
    "people:import-upload": ("get", None, None, expect(403, **ORG)),
    "people:import-detail": ("get", "hr_import", None, expect(403, hr=200, admin=404, staff=404)),
    "people:import-status": ("get", "hr_import", None, expect(403, hr=200, admin=404, staff=404)),
    "people:import-commit": ("post", "hr_import", None, expect(403, hr=302, admin=404, staff=404)),
    "programmes:programme-list": ("get", None, None, expect(200)),
    "programmes:programme-create": ("get", None, None, expect(403, **ORG)),
    "programmes:programme-detail": ("get", "programme", None, expect(403, **PROGRAMME_PEOPLE)),
    "programmes:programme-edit": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "programmes:goal-create": ("post", "programme", {"title": "Goal"}, expect(403, admin=302, staff=302)),
    "programmes:goal-delete": ("post", "goal", None, expect(403, admin=302, staff=302)),
    "programmes:kpi-create": ("post", "goal", {"name": "K"}, expect(403, admin=302, staff=302)),
    "programmes:kpi-delete": ("post", "kpi", None, expect(403, admin=302, staff=302)),
    "programmes:participant-list": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "programmes:participant-add": ("post", "programme", {"employee": "x"}, expect(403, admin=302, staff=302)),
    "programmes:participant-remove": ("post", "mentor_participation", None, expect(403, admin=302, staff=302)),
    # enrolment: the programme is announced; `mentor` has applied and asked `coach` for a recommendation
    "enrolment:overview": ("get", None, None, expect(200)),
    "enrolment:programme-info": ("get", "programme", None, expect(200)),
    "enrolment:interest-register": ("post", "programme", {"role": "mentee"}, expect(302)),
    "enrolment:application-create": ("get", "programme", None, expect(302)),  # to the form's owner or the page
    "enrolment:application-detail": ("get", "application", None, expect(404, mentor=200, admin=200, staff=200)),
    "enrolment:application-edit": ("get", "application", None, expect(404, mentor=200, admin=403, staff=403)),
    "enrolment:recommendation-request": (
        "post",
        "application",
        {"colleague": "nobody"},
        expect(404, mentor=302, admin=403, staff=403),
    ),
    "enrolment:recommendation-submit": ("get", "token", None, expect(403, coach=200)),
    "enrolment:intake-edit": ("get", "programme", None, expect(302, mentee=200)),
    "enrolment:enrolment-open": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "enrolment:enrolment-close": ("post", "programme", None, expect(403, admin=302, staff=302)),
    "enrolment:invitation-create": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "enrolment:funnel": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "enrolment:waitlist-invite": ("post", "registration", None, expect(403, admin=302, staff=302)),
    "enrolment:application-list": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "enrolment:application-accept": ("post", "application", None, expect(403, admin=302, staff=302)),
    "enrolment:application-decline": ("post", "application", None, expect(403, admin=302, staff=302)),
    "enrolment:intake-list": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "enrolment:intake-detail": ("get", "intake", None, expect(404, mentee=200, admin=200, staff=200)),
    # training: `mentor` has applied but is not accepted (403); the admin is sent on to the editor
    "enrolment:training": ("get", "programme", None, expect(404, mentor=403, admin=302, staff=302)),
    "enrolment:training-module": ("get", "module", None, expect(404, mentor=403, admin=302, staff=302)),
    "enrolment:training-edit": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "enrolment:training-module-create": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "enrolment:training-module-edit": ("get", "module", None, expect(403, admin=200, staff=200)),
    "enrolment:training-module-delete": ("post", "module", None, expect(403, admin=302, staff=302)),
    "enrolment:training-module-move": ("post", "module", {"direction": "down"}, expect(403, admin=302, staff=302)),
    "enrolment:training-question-create": ("get", "module", None, expect(403, admin=200, staff=200)),
    "enrolment:training-question-edit": ("get", "question", None, expect(403, admin=200, staff=200)),
    "enrolment:training-question-delete": ("post", "question", None, expect(403, admin=302, staff=302)),
    "enrolment:reminder-list": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "enrolment:reminders-send": ("post", "programme", None, expect(403, admin=302, staff=302)),
    "enrolment:page-edit": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "enrolment:faq-create": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "enrolment:faq-edit": ("get", "faq", None, expect(403, admin=200, staff=200)),
    "enrolment:faq-delete": ("post", "faq", None, expect(403, admin=302, staff=302)),
    "enrolment:faq-move": ("post", "faq", {"direction": "up"}, expect(403, admin=302, staff=302)),
    # matching: programme admins of this programme only; `run` is a finished run without pairs
    "matching:run-list": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "matching:run-create": ("post", "programme", None, expect(403, admin=302, staff=302)),
    "matching:settings-edit": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "matching:pair-pin": ("post", "programme", {"mentor": "x"}, expect(403, admin=302, staff=302)),
    "matching:pair-forbid": ("post", "programme", {"mentor": "x"}, expect(403, admin=302, staff=302)),
    "matching:constraint-delete": ("post", "constraint", None, expect(403, admin=302, staff=302)),
    "matching:run-detail": ("get", "run", None, expect(403, admin=200, staff=200)),
    "matching:run-status": ("get", "run", None, expect(403, admin=200, staff=200)),
    "matching:run-approve": ("post", "run", None, expect(403, admin=302, staff=302)),
    "matching:run-why-not": ("get", "run", None, expect(403, admin=200, staff=200)),
    # mentorships: `mentor` mentors `mentee`, coached by `coach`; one session was held, the mentor noted it
    "mentorships:list": ("get", None, None, expect(403, **PAIR_VIEW)),
    "mentorships:detail": ("get", "pair", None, expect(403, **PAIR_VIEW)),
    "mentorships:kickoff-plan": ("post", "pair", None, expect(403, **PARTNERS_302)),
    "mentorships:kickoff-held": ("post", "pair", None, expect(403, **PARTNERS_302)),
    "mentorships:agreement-propose": ("get", "pair", None, expect(403, **PARTNERS_200)),
    "mentorships:agreement-accept": ("post", "pair_version", None, expect(403, **PARTNERS_302)),
    "mentorships:session-plan": ("get", "pair", None, expect(403, mentor=200)),
    "mentorships:session-detail": ("get", "pair_session", None, expect(403, **PARTNERS_200)),
    "mentorships:session-edit": ("get", "pair_session", None, expect(403, **PARTNERS_200)),
    "mentorships:session-cancel": ("post", "pair_session", None, expect(403, **PARTNERS_302)),
    "mentorships:session-held": ("post", "pair_session", None, expect(403, **PARTNERS_302)),
    "mentorships:session-ics": ("get", "pair_session", None, expect(403, **PARTNERS_200)),
    "mentorships:note-write": ("post", "pair_session", None, expect(403, **PARTNERS_302)),
    "mentorships:note-edit": ("post", "pair_note", {"text": "mine"}, expect(403, mentor=302, staff=404)),  # author only
    "mentorships:reflect": ("post", "pair_session", None, expect(403, **PARTNERS_302)),
    "mentorships:fit": ("post", "pair", None, expect(403, **PARTNERS_302)),
    "mentorships:coach-assign": ("post", "pair", None, expect(403, admin=302, staff=302)),
    "mentorships:end": ("get", "pair", None, expect(403, admin=200, staff=200)),
    "mentorships:flag-resolve": ("post", "pair_flag", None, expect(403, admin=302, coach=302, staff=302)),
    "mentorships:commitment-add": ("post", "pair", None, expect(403, mentee=302, staff=403)),
    "mentorships:commitment-state": ("post", "pair_commitment", None, expect(403, mentee=302)),
    "mentorships:assignment-send": ("post", "pair", None, expect(403, mentor=302)),
    "mentorships:assignment-done": ("post", "pair_assignment", None, expect(403, mentee=302)),
    "mentorships:coach-ask": ("post", "pair", None, expect(403, mentee=302)),
    # the coach of the pair records the conversation; the superuser passes the role check, not the service's
    "mentorships:coach-conversation": ("post", "pair_coach_request", {"on": "x"}, expect(403, coach=302, staff=302)),
    "mentorships:delegate-set": ("post", "pair", None, expect(403, mentee=302)),
    "mentorships:delegate-sessions": ("get", None, None, expect(200)),
    "mentorships:delegate-move": ("post", "pair_session", None, expect(404)),  # nobody here is the assistant
    "mentorships:health-answer": ("post", "pair_health", None, expect(403, **PARTNERS_302)),
    "mentorships:nudge": ("post", "pair", None, expect(403, admin=302, coach=302, staff=302)),
    "mentorships:track-list": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "mentorships:track-create": ("post", "programme", None, expect(403, admin=302, staff=302)),
    "mentorships:track-edit": ("get", "track", None, expect(403, admin=200, staff=200)),
    "mentorships:track-delete": ("post", "track", None, expect(403, admin=302, staff=302)),
    # board: `mentor` shared a learning, `mentee` recorded an idea (unpublished), a meet-up is planned
    "board:index": ("get", None, None, expect(403, **PROGRAMME_PEOPLE)),
    "board:board": ("get", "programme", None, expect(403, **PROGRAMME_PEOPLE)),
    "board:post-create": ("get", "programme", None, expect(403, mentor=200)),
    "board:post-detail": ("get", "post", None, expect(403, **PROGRAMME_PEOPLE)),
    "board:post-edit": ("get", "post", None, expect(403, mentor=200)),  # its author only
    "board:post-withdraw": ("post", "post", None, expect(403, mentor=302)),
    "board:post-hide": ("post", "post", {"reason": "Off topic"}, expect(403, admin=302, staff=302)),
    "board:post-unhide": ("post", "post", None, expect(403, admin=302, staff=302)),
    # a login without an employee (the staff superuser) reads the board but cannot write on it
    "board:comment-create": ("post", "post", {"text": "Thanks"}, expect(403, admin=302, coach=302, **PARTNERS_302)),
    # the note is the mentor's: the mentee reads it but cannot publish it; the superuser cannot even read it
    "board:note-publish": ("get", "pair_note", None, expect(403, mentor=200, staff=404)),
    "board:idea-create": ("get", "pair", None, expect(403, **PARTNERS_200)),
    "board:idea-publish": ("get", "idea", None, expect(403, mentee=200, staff=404)),  # its author only
    "board:meetup-list": ("get", "programme", None, expect(403, admin=200, coach=200, mentor=200, staff=200)),
    "board:meetup-create": ("get", "programme", None, expect(403, admin=200, coach=200, staff=200)),
    "board:meetup-detail": ("get", "meetup", None, expect(403, admin=200, coach=200, mentor=200, staff=200)),
    "board:meetup-edit": ("get", "meetup", None, expect(403, admin=200, coach=200, staff=200)),
    "board:meetup-cancel": ("post", "meetup", None, expect(403, admin=302, coach=302, staff=302)),
    # the meet-up has not taken place: the page comes back saying so
    "board:meetup-attendance": ("post", "meetup", None, expect(403, admin=200, coach=200, staff=200)),
    "board:meetup-ics": ("get", "meetup", None, expect(403, admin=200, coach=200, mentor=200, staff=200)),
    # voice: the programme's people open Speak up; feedback, themes, replies, thresholds and the pulse are the
    # admin's; the pulse link needs no login (the link is the key)
    "voice:speak": ("get", "programme", None, expect(403, **PROGRAMME_PEOPLE)),
    "voice:feedback": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "voice:feedback-tag": ("post", "feedback", None, expect(403, admin=302, staff=302)),
    "voice:theme-create": ("post", "programme", {"name": "Tools"}, expect(403, admin=302, staff=302)),
    "voice:reply-create": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "voice:reply-edit": ("get", "reply", None, expect(403, admin=200, staff=200)),
    "voice:reply-delete": ("post", "reply", None, expect(403, admin=302, staff=302)),
    "voice:settings": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "voice:pulse": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "voice:wave-create": ("post", "programme", {"name": "Q2"}, expect(403, admin=302, staff=302)),
    "voice:wave-delete": ("post", "wave", None, expect(403, admin=302, staff=302)),
    "voice:pulse-answer": ("get", "pulse_link", None, expect(200, anon=200)),
    # evaluation: the programme's admins measure, plan, decide and report; its coaches read the dashboard and the
    # check-ins; its mentors and mentees answer their own follow-up (staff, a superuser with no employee: 404).
    "evaluation:dashboard": ("get", "programme", None, expect(403, admin=200, coach=200, staff=200)),
    "evaluation:kpis": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "evaluation:kpi-source": ("post", "eval_kpi", None, expect(403, admin=302, staff=302)),
    "evaluation:measurement-add": (
        "post",
        "eval_kpi",
        {"period": "2026-Q1", "value": "1"},
        expect(403, admin=302, staff=302),
    ),
    "evaluation:measurement-delete": ("post", "measurement", None, expect(403, admin=302, staff=302)),
    "evaluation:measurement-upload": ("post", "programme", None, expect(403, admin=302, staff=302)),
    "evaluation:surveys": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "evaluation:survey-delete": ("post", "survey", None, expect(403, admin=302, staff=302)),
    "evaluation:followup": ("get", "programme", None, expect(403, mentor=200, mentee=200, staff=404)),
    "evaluation:checkins": ("get", "programme", None, expect(403, admin=200, coach=200, staff=200)),
    "evaluation:checkin-plan": ("post", "programme", None, expect(403, admin=302, staff=302)),
    "evaluation:checkin": ("get", "checkin", None, expect(403, admin=200, coach=200, staff=200)),
    "evaluation:decision": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "evaluation:rule-add": ("post", "programme", None, expect(403, admin=200, staff=200)),
    "evaluation:rule-delete": ("post", "rule", None, expect(403, admin=302, staff=302)),
    "evaluation:decide": ("post", "programme", None, expect(403, admin=200, staff=200)),
    "evaluation:report": ("get", "programme", None, expect(403, admin=200, staff=200)),
    "evaluation:report-file": ("get", "report_csv", None, expect(403, admin=200, staff=200)),
    "api:openapi-json": ("get", None, None, expect(200, anon=200)),
    "api:openapi-view": ("get", None, None, expect(200, anon=200)),
}

API_ORG = dict(hr=200, admin=200, staff=200)
# "METHOD /path" -> (path kwargs builder, expected status per persona; anonymous gets 401)
API_MATRIX = {
    "GET /api/me": (None, expect(200, anon=401)),
    "GET /api/people": (None, expect(403, anon=401, **API_ORG)),
    "GET /api/people/{employee_id}": ("mentee_employee", expect(404, anon=401, mentee=200, **API_ORG)),
    "POST /api/people/import": (None, expect(403, anon=401, **API_ORG)),
    "GET /api/teams": (None, expect(403, anon=401, **API_ORG)),
    "GET /api/skills": (None, expect(403, anon=401, **API_ORG)),
    "GET /api/programmes": (None, expect(200, anon=401)),
    "GET /api/programmes/{programme_id}": ("programme_id", expect(404, anon=401, **PROGRAMME_PEOPLE)),
    "GET /api/programmes/{programme_id}/match-runs": ("programme_id", expect(403, anon=401, admin=200, staff=200)),
    "POST /api/programmes/{programme_id}/match-runs": ("programme_id", expect(403, anon=401, admin=201, staff=201)),
    "GET /api/match-runs/{run_id}": ("run_id", expect(403, anon=401, admin=200, staff=200)),
    # the world's run has no pairs: approving it is refused (400) after the access checks pass
    "POST /api/match-runs/{run_id}/approve": ("run_id", expect(403, anon=401, admin=400, staff=400)),
    # matching settings, pins and forbids, why not: programme admins; bodies are empty here, so writes answer 422
    "GET /api/match-runs/{run_id}/why-not": ("run_id", expect(403, anon=401, admin=422, staff=422)),
    "GET /api/programmes/{programme_id}/match-settings": ("programme_id", expect(403, anon=401, admin=200, staff=200)),
    "PATCH /api/programmes/{programme_id}/match-settings": (
        "programme_id",
        expect(403, anon=401, admin=200, staff=200),
    ),
    "GET /api/programmes/{programme_id}/pair-constraints": (
        "programme_id",
        expect(403, anon=401, admin=200, staff=200),
    ),
    "POST /api/programmes/{programme_id}/pair-constraints": (
        "programme_id",
        expect(403, anon=401, admin=422, staff=422),
    ),
    "DELETE /api/programmes/{programme_id}/pair-constraints/{constraint_id}": (
        "constraint_id",
        expect(403, anon=401, admin=204, staff=204),
    ),
    "GET /api/mentorships": (None, expect(403, anon=401, **PAIR_VIEW)),
    "GET /api/mentorships/{mentorship_id}": ("pair_id", expect(403, anon=401, **PAIR_VIEW)),
    # notes: the two partners only; the superuser passes the role check and is refused by the view
    "GET /api/mentorships/{mentorship_id}/notes": ("pair_id", expect(403, anon=401, **PARTNERS_200)),
    "GET /api/programmes/{programme_id}/posts": ("programme_id", expect(403, anon=401, **PROGRAMME_PEOPLE)),
    "GET /api/programmes/{programme_id}/meetups": (
        "programme_id",
        expect(403, anon=401, admin=200, coach=200, mentor=200, staff=200),
    ),
    "GET /api/programmes/{programme_id}/idea-counts": (
        "programme_id",
        expect(403, anon=401, admin=200, coach=200, staff=200),
    ),
    # an empty body is refused (422) once the role check passes; sending is for mentors (mentees where allowed)
    "POST /api/programmes/{programme_id}/voice/feedback": (
        "programme_id",
        expect(403, anon=401, mentor=422, mentee=422, staff=422),
    ),
    "GET /api/programmes/{programme_id}/voice/feedback": (
        "programme_id",
        expect(403, anon=401, admin=200, staff=200),
    ),
    "GET /api/programmes/{programme_id}/voice/pulse": ("programme_id", expect(403, anon=401, admin=200, staff=200)),
    "GET /api/programmes/{programme_id}/evaluation": ("programme_id", expect(403, anon=401, admin=200, staff=200)),
}


def test_every_named_url_is_in_the_access_table():
    """Pages by URL name; API operations are checked against the OpenAPI schema below."""
    pages = [n for n in ALL_NAMES if not n.startswith("api:")] + ["api:openapi-json", "api:openapi-view"]
    missing = [n for n in pages if access.allowed_roles(n, n.rpartition(":")[0]) is None]
    assert missing == []


def test_a_url_outside_the_table_is_refused(client_for, staff):
    assert client_for(staff).get("/api/").status_code == 403  # ninja's root route: not an operation we list


def test_every_page_in_the_access_table_exists():
    assert sorted(set(access.PAGES) - set(ALL_NAMES)) == []


def test_every_page_has_a_row_in_the_matrix():
    assert sorted(set(PAGE_NAMES) | {"api:openapi-json", "api:openapi-view"}) == sorted(MATRIX)


def schema_operations():
    schema = api.get_openapi_schema()
    return sorted(f"{method.upper()} {path.rstrip('/')}" for path, ops in schema["paths"].items() for method in ops)


def test_every_api_operation_is_in_the_access_table_and_the_matrix():
    operations = schema_operations()
    assert operations == sorted(access.API)
    assert operations == sorted(API_MATRIX)


def enrolment_world(programme, mentor, coach, outsider, mentee):
    """Announce the programme with its default training and page; `mentor` applies and asks `coach`;
    `mentee` completed the intake; `outsider` is on the waiting list."""
    now = timezone.now()
    Enrolment.objects.create(programme=programme, is_open=True)
    set_up_training(programme=programme)
    set_up_page(programme=programme)
    application = MentorApplication.objects.create(
        programme=programme, employee=mentor.employee, teaching="Cloud", capacity=1, pledged=now
    )
    recommendation = Recommendation.objects.create(
        application=application, colleague=coach.employee, requested=now, expires=now + dt.timedelta(days=14)
    )
    registration = InterestRegistration.objects.create(programme=programme, employee=outsider.employee, role="mentee")
    intake = MenteeIntake.objects.create(
        programme=programme,
        employee=mentee.employee,
        goals="LinkedIn",
        linkedin="none",
        facebook="none",
        blogs="none",
        online_shopping="never",
        why_now="Now",
        what_will_change="All",
        hours_per_week=2,
    )
    return application, recommendation, registration, intake


def mentorship_world(programme, mentor, mentee, coach):
    """A pair past kick-off with a proposed agreement, one held session with the mentor's note, and a flag."""
    now = timezone.now()
    pair = Mentorship.objects.create(
        programme=programme,
        mentor=mentor.employee,
        mentee=mentee.employee,
        coach=coach.employee,
        started=now.date() - dt.timedelta(days=30),
        kickoff_held=now.date() - dt.timedelta(days=20),
    )
    version = AgreementVersion.objects.create(
        mentorship=pair,
        number=1,
        frequency="monthly",
        session_minutes=60,
        place="Lunch",
        expectations="On time",
        learning_goals="LinkedIn",
        confidentiality=True,
        proposed_by=mentor.employee,
    )
    session = MentoringSession.objects.create(
        mentorship=pair, starts_at=now - dt.timedelta(days=1), minutes=60, state=SessionState.HELD
    )
    note = Note.objects.create(mentorship=pair, session=session, author=mentor.employee, text=NOTE_TEXT)
    flag = Flag.objects.create(mentorship=pair, kind=Flag.Kind.REVERSAL)
    Commitment.objects.create(mentorship=pair, text="Post on LinkedIn monthly", due=now.date())
    Assignment.objects.create(mentorship=pair, title="Read the AI guide", text="Chapter 1")
    CoachRequest.objects.create(mentorship=pair)
    HealthCheck.objects.create(mentorship=pair, author=mentee.employee, due=now.date())
    Track.objects.create(programme=programme, name_en="Digital", name_nl="Digitaal")
    return pair, version, session, note, flag


def board_world(programme, coach, mentor, mentee, pair):
    """A learning `mentor` shared, an idea `mentee` keeps to the pair, and a meet-up three weeks ahead."""
    post = Post.objects.create(
        programme=programme, author=mentor.employee, kind=Post.Kind.LEARNING, title="Homework works", body="Try it."
    )
    idea = Idea.objects.create(mentorship=pair, author=mentee.employee, title="Video updates", description="Short.")
    meetup = Meetup.objects.create(
        programme=programme,
        starts_at=timezone.now() + dt.timedelta(days=21),
        minutes=90,
        place="Auditorium",
        organiser=coach.employee,
    )
    return post, idea, meetup


PULSE_SECRET = "a-one-use-pulse-link"


def voice_world(programme, mentor):
    """A released item, a reply, a wave that has not gone out and one that has, with `mentor`'s link."""
    release = Release.objects.create(programme=programme, number=1, month="2026-01", contributors=5)
    item = Feedback.objects.create(
        programme=programme, period="2026-Q1", month="2026-01", topic="organisation", text="Fine.", release=release
    )
    reply = Reply.objects.create(programme=programme, said="Too many meetings", did="Fewer.", month="2026-02")
    today = timezone.localdate()
    planned = PulseWave.objects.create(programme=programme, name="Next", opens_on=today, closes_on=today)
    sent = PulseWave.objects.create(
        programme=programme, name="Now", opens_on=today, closes_on=today + dt.timedelta(days=7), invited=True
    )
    PulseInvitation.objects.create(
        wave=sent, employee=mentor.employee, role="mentor", token=hashlib.sha256(PULSE_SECRET.encode()).hexdigest()
    )
    return item, reply, planned


def evaluation_world(programme, kpi, mentor):
    """A value of `kpi`, a follow-up not yet sent, a check-in with `mentor` and a decision rule."""
    measurement = Measurement.objects.create(kpi=kpi, period="2026-Q1", starts=dt.date(2026, 1, 1), value=1)
    today = timezone.localdate()
    survey = Survey.objects.create(
        programme=programme, kind="end", opens=today + dt.timedelta(days=5), closes=today + dt.timedelta(days=9)
    )
    checkin = CheckIn.objects.create(programme=programme, employee=mentor.employee, role="mentor", due=today)
    rule = DecisionRule.objects.create(programme=programme, metric="sessions", threshold=80)
    return measurement, survey, checkin, rule


@pytest.fixture
def world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff):
    """(users by persona, URL kwargs by builder name) for one programme with something of everything."""
    return build_world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff)


def build_world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff):
    goal = Goal.objects.create(programme=programme, title="Seniors use social media")
    kpi = Kpi.objects.create(goal=goal, name="Posts", unit="per month", baseline=0, target=1)
    job = ImportJob.objects.create(created_by=hr, filename="hr.csv", data=b"", state=ImportJob.State.INVALID)
    token, _ = ApiToken.issue(user=other_mentor, name="theirs")
    application, recommendation, registration, intake = enrolment_world(programme, mentor, coach, outsider, mentee)
    module = TrainingModule.objects.filter(programme=programme, questions__isnull=False).first()
    run = MatchRun.objects.create(programme=programme, state=MatchRun.State.DONE, pool={"mentors": [], "mentees": []})
    constraint = PairConstraint.objects.create(
        programme=programme, mentor=mentor.employee, mentee=mentee.employee, kind=PairConstraint.Kind.FORBIDDEN
    )
    pair, version, session, note, flag = mentorship_world(programme, mentor, mentee, coach)
    post, idea, meetup = board_world(programme, coach, mentor, mentee, pair)
    item, reply, wave = voice_world(programme, mentor)
    measurement, survey, checkin, rule = evaluation_world(programme, kpi, mentor)
    users = dict(outsider=outsider, hr=hr, admin=admin, coach=coach, mentor=mentor, mentee=mentee, staff=staff)
    kwargs = {
        "reset_link": {"uidb64": "MQ", "token": "set-password"},
        "someone_elses_token": {"pk": token.pk},
        "mentee_employee": {"employee_id": mentee.employee.employee_id},
        "hr_import": {"pk": job.pk},
        "programme": {"pk": programme.pk},
        "programme_id": {"programme_id": programme.pk},
        "goal": {"pk": programme.pk, "goal_pk": goal.pk},
        "kpi": {"pk": programme.pk, "kpi_pk": kpi.pk},
        "application": {"pk": application.pk},
        "token": {"token": recommendation.token},
        "run": {"pk": run.pk},
        "run_id": {"run_id": run.pk},
        "constraint": {"pk": programme.pk, "constraint_pk": constraint.pk},
        "registration": {"pk": programme.pk, "registration_pk": registration.pk},
        "pair": {"pk": pair.pk},
        "pair_version": {"pk": pair.pk, "version_pk": version.pk},
        "pair_session": {"pk": session.pk},
        "pair_note": {"pk": note.pk},
        "pair_flag": {"pk": flag.pk},
        "pair_commitment": {"pk": pair.commitments.get().pk},
        "pair_assignment": {"pk": pair.assignments.get().pk},
        "pair_coach_request": {"pk": pair.coach_requests.get().pk},
        "pair_health": {"pk": pair.health_checks.get().pk},
        "track": {"pk": programme.tracks.get().pk},
        "pair_id": {"mentorship_id": pair.pk},
        "constraint_id": {"programme_id": programme.pk, "constraint_id": constraint.pk},
        "intake": {"pk": intake.pk},
        "module": {"pk": programme.pk, "module_pk": module.pk},
        "question": {"pk": programme.pk, "question_pk": module.questions.first().pk},
        "faq": {"pk": programme.pk, "faq_pk": FaqEntry.objects.filter(programme=programme).last().pk},
        "post": {"pk": post.pk},
        "idea": {"pk": idea.pk},
        "meetup": {"pk": meetup.pk},
        "feedback": {"pk": programme.pk, "item": item.pk},
        "reply": {"pk": programme.pk, "reply": reply.pk},
        "wave": {"pk": programme.pk, "wave": wave.pk},
        "pulse_link": {"token": PULSE_SECRET},
        "eval_kpi": {"pk": programme.pk, "kpi": kpi.pk},
        "measurement": {"pk": programme.pk, "measurement": measurement.pk},
        "survey": {"pk": programme.pk, "survey": survey.pk},
        "checkin": {"pk": programme.pk, "checkin": checkin.pk},
        "rule": {"pk": programme.pk, "rule": rule.pk},
        "report_csv": {"pk": programme.pk, "fmt": "csv"},
        "mentor_participation": {
            "pk": programme.pk,
            "participation_pk": Participation.objects.get(employee=other_mentor.employee).pk,
        },
    }
    return users, kwargs


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_page_access(name, persona, world, client_for):
    users, kwargs = world
    method, builder, data, expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs[builder] if builder else None)
    client = client_for(users.get(persona))
    response = getattr(client, method)(url, data or {})
    assert response.status_code == expected[persona], (name, persona, response.status_code)
    if response.status_code == 302 and persona == "anon" and expected["anon"] == 302 and method == "get":
        assert response["Location"].startswith(reverse("accounts:login"))
    if persona != "anon":  # nothing a logged-in user is shown stays in a browser's or proxy's cache
        assert "no-store" in response.get("Cache-Control", ""), (name, persona)


def api_url(key, kwargs):
    path = key.split(" ", 1)[1]
    return path.format(**kwargs) if kwargs else path


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("key", sorted(API_MATRIX))
def test_api_access(key, persona, world, client_for):
    users, kwargs = world
    builder, expected = API_MATRIX[key]
    url = api_url(key, kwargs[builder] if builder else None)
    client = client_for(users.get(persona))
    if key.startswith("POST /api/people/import"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        header = ",".join(COLUMNS) + "\n"
        upload = SimpleUploadedFile("people.csv", header.encode())
        response = client.post(url, {"file": upload, "dry_run": "true"})
        allowed = expected[persona] == 200
        assert response.status_code in ({200, 400} if allowed else {expected[persona]}), response.content
    else:
        method = key.split(" ", 1)[0].lower()
        payload = {"content_type": "application/json", "data": "{}"} if method in ("post", "patch") else {}
        response = getattr(client, method)(url, **payload)
        assert response.status_code == expected[persona], (key, persona, response.content[:200])
    if persona != "anon":
        assert "no-store" in response.get("Cache-Control", ""), (key, persona)


def test_api_token_authenticates_and_a_bad_token_does_not(mentee, client):
    _, raw = ApiToken.issue(user=mentee, name="cli")
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["username"] == mentee.username
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer omk_wrong").status_code == 401
    assert client.get("/api/people", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 403


@pytest.mark.parametrize("model", sorted(django_admin.site._registry, key=lambda m: m._meta.label))
def test_staff_has_the_django_admin_for_every_model(model, staff, mentor, client_for):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client_for(staff).get(url).status_code == 200
    assert client_for(staff).get(url, {"q": "x"}).status_code == 200
    assert client_for(mentor).get(url).status_code == 302  # not staff: the admin sends them to its login


def test_every_model_is_in_the_django_admin():
    from django.apps import apps

    ours = {m for m in apps.get_models() if m.__module__.startswith("omkeer.")}
    assert ours - set(django_admin.site._registry) == set()


def test_an_unlisted_route_is_denied(rf, mentor, monkeypatch):
    monkeypatch.delitem(access.PAGES, "home")
    from django.test import Client

    client = Client()
    client.force_login(mentor)
    assert client.get(reverse("home")).status_code == 403
