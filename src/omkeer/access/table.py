"""The access table: every URL name and API operation, with the roles allowed. Deny by default.

`AccessMiddleware` enforces it before any view runs; `tests/test_access_matrix.py` walks the URL resolver
and the OpenAPI schema and fails for any route that is missing here. Object scope (which programme, which
employee) is enforced after this, in the views, by `visible_to()` querysets that answer 404.
"""

from __future__ import annotations

from omkeer.access.roles import (
    ROLE_COACH,
    ROLE_HR,
    ROLE_MENTEE,
    ROLE_MENTOR,
    ROLE_PROGRAMME_ADMIN,
)

PUBLIC = "public"  # no login needed
AUTHENTICATED = "authenticated"  # any logged-in user
DJANGO_ADMIN = "django-admin"  # the Django admin checks is_staff itself

ORGANISATION = frozenset({ROLE_HR, ROLE_PROGRAMME_ADMIN})
ANY = frozenset({AUTHENTICATED})
PAIR = frozenset({ROLE_MENTOR, ROLE_MENTEE})
PAIR_AND_COORDINATORS = frozenset({ROLE_MENTOR, ROLE_MENTEE, ROLE_COACH, ROLE_PROGRAMME_ADMIN})
COORDINATORS = frozenset({ROLE_COACH, ROLE_PROGRAMME_ADMIN})
MENTORS_AND_COORDINATORS = frozenset({ROLE_MENTOR, ROLE_COACH, ROLE_PROGRAMME_ADMIN})
ADMIN = frozenset({ROLE_PROGRAMME_ADMIN})

PAGES: dict[str, frozenset[str]] = {
    "health": frozenset({PUBLIC}),
    "healthz": frozenset({PUBLIC}),
    "set_language": frozenset({PUBLIC}),
    "home": ANY,
    "accounts:login": frozenset({PUBLIC}),
    "accounts:logout": frozenset({PUBLIC}),
    "accounts:password-reset": frozenset({PUBLIC}),
    "accounts:password-reset-done": frozenset({PUBLIC}),
    "accounts:password-reset-confirm": frozenset({PUBLIC}),
    "accounts:password-reset-complete": frozenset({PUBLIC}),
    "accounts:password-change": ANY,
    "accounts:password-change-done": ANY,
    "accounts:profile": ANY,
    "accounts:preferences": ANY,
    "accounts:token-create": ANY,
    "accounts:token-revoke": ANY,
    "accounts:two-factor-setup": ANY,
    "accounts:two-factor-verify": ANY,
    "accounts:two-factor-codes": ANY,
    "accounts:two-factor-disable": ANY,
    "accounts:two-factor-reset": frozenset({ROLE_HR}),
    "people:directory": ORGANISATION,
    "people:employee-detail": ANY,
    "people:import-upload": frozenset({ROLE_HR}),
    "people:import-detail": frozenset({ROLE_HR}),
    "people:import-status": frozenset({ROLE_HR}),
    "people:import-commit": frozenset({ROLE_HR}),
    "people:export": frozenset({ROLE_HR}),
    # privacy: everyone downloads their own data; erasure is HR's (the view also wants the is_hr flag itself)
    "privacy:export": ANY,
    "privacy:erase": frozenset({ROLE_HR}),
    "programmes:programme-list": ANY,
    "programmes:programme-create": frozenset({ROLE_HR}),
    "programmes:programme-detail": frozenset({ROLE_PROGRAMME_ADMIN, ROLE_COACH, ROLE_MENTOR, ROLE_MENTEE}),
    "programmes:programme-edit": frozenset({ROLE_PROGRAMME_ADMIN}),
    "programmes:goal-create": frozenset({ROLE_PROGRAMME_ADMIN}),
    "programmes:goal-delete": frozenset({ROLE_PROGRAMME_ADMIN}),
    "programmes:kpi-create": frozenset({ROLE_PROGRAMME_ADMIN}),
    "programmes:kpi-delete": frozenset({ROLE_PROGRAMME_ADMIN}),
    "programmes:participant-list": frozenset({ROLE_PROGRAMME_ADMIN}),
    "programmes:participant-add": frozenset({ROLE_PROGRAMME_ADMIN}),
    "programmes:participant-remove": frozenset({ROLE_PROGRAMME_ADMIN}),
    # Enrolment: employee pages are open to every login and scoped in the view (own rows, invitation, token);
    # the admin's pages need the programme admin role, and the view checks it is their programme.
    "enrolment:overview": ANY,
    "enrolment:programme-info": ANY,
    "enrolment:interest-register": ANY,
    "enrolment:application-create": ANY,
    "enrolment:application-detail": ANY,
    "enrolment:application-edit": ANY,
    "enrolment:recommendation-request": ANY,
    "enrolment:recommendation-submit": ANY,
    "enrolment:intake-edit": ANY,
    "enrolment:intake-detail": ANY,  # one's own intake, or any intake of a programme one administers
    "enrolment:training": ANY,  # an accepted mentor's own training (403 before acceptance)
    "enrolment:training-module": ANY,
    "enrolment:enrolment-open": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:enrolment-close": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:invitation-create": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:funnel": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:waitlist-invite": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:application-list": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:application-accept": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:application-decline": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:intake-list": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:training-edit": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:training-module-create": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:training-module-edit": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:training-module-delete": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:training-module-move": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:training-question-create": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:training-question-edit": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:training-question-delete": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:reminder-list": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:reminders-send": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:page-edit": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:faq-create": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:faq-edit": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:faq-delete": frozenset({ROLE_PROGRAMME_ADMIN}),
    "enrolment:faq-move": frozenset({ROLE_PROGRAMME_ADMIN}),
    # Matching: programme admins only; the view checks it is their programme (404 otherwise).
    "matching:run-list": frozenset({ROLE_PROGRAMME_ADMIN}),
    "matching:run-create": frozenset({ROLE_PROGRAMME_ADMIN}),
    "matching:settings-edit": frozenset({ROLE_PROGRAMME_ADMIN}),
    "matching:pair-pin": frozenset({ROLE_PROGRAMME_ADMIN}),
    "matching:pair-forbid": frozenset({ROLE_PROGRAMME_ADMIN}),
    "matching:constraint-delete": frozenset({ROLE_PROGRAMME_ADMIN}),
    "matching:run-detail": frozenset({ROLE_PROGRAMME_ADMIN}),
    "matching:run-status": frozenset({ROLE_PROGRAMME_ADMIN}),
    "matching:run-approve": frozenset({ROLE_PROGRAMME_ADMIN}),
    "matching:run-why-not": frozenset({ROLE_PROGRAMME_ADMIN}),
    # Mentorships: the pair, its coach and the programme's admins see a pair (404 for others); partners act on
    # it (the view answers 403 to a coach or admin), coordinators assign coaches, resolve flags and end pairs.
    "mentorships:list": PAIR_AND_COORDINATORS,
    "mentorships:detail": PAIR_AND_COORDINATORS,
    "mentorships:kickoff-plan": PAIR,
    "mentorships:kickoff-held": PAIR,
    "mentorships:agreement-propose": PAIR,
    "mentorships:agreement-accept": PAIR,
    "mentorships:session-plan": frozenset({ROLE_MENTOR}),
    "mentorships:session-detail": PAIR,
    "mentorships:session-edit": PAIR,
    "mentorships:session-cancel": PAIR,
    "mentorships:session-held": PAIR,
    "mentorships:session-ics": PAIR,
    "mentorships:note-write": PAIR,
    "mentorships:note-edit": PAIR,
    "mentorships:reflect": PAIR,
    "mentorships:fit": PAIR,
    "mentorships:coach-assign": frozenset({ROLE_PROGRAMME_ADMIN}),
    "mentorships:end": frozenset({ROLE_PROGRAMME_ADMIN}),
    "mentorships:flag-resolve": frozenset({ROLE_PROGRAMME_ADMIN, ROLE_COACH}),
    "mentorships:commitment-add": frozenset({ROLE_MENTEE}),
    "mentorships:commitment-state": frozenset({ROLE_MENTEE}),
    "mentorships:assignment-send": frozenset({ROLE_MENTOR}),
    "mentorships:assignment-done": frozenset({ROLE_MENTEE}),
    "mentorships:coach-ask": frozenset({ROLE_MENTEE}),
    "mentorships:coach-conversation": frozenset({ROLE_COACH}),
    "mentorships:delegate-set": frozenset({ROLE_MENTEE}),
    # an assistant holds no programme role: any login, and the view shows only the pairs they assist
    "mentorships:delegate-sessions": ANY,
    "mentorships:delegate-move": ANY,
    "mentorships:health-answer": PAIR,
    "mentorships:nudge": frozenset({ROLE_PROGRAMME_ADMIN, ROLE_COACH}),
    "mentorships:track-list": frozenset({ROLE_PROGRAMME_ADMIN}),
    "mentorships:track-create": frozenset({ROLE_PROGRAMME_ADMIN}),
    "mentorships:track-edit": frozenset({ROLE_PROGRAMME_ADMIN}),
    "mentorships:track-delete": frozenset({ROLE_PROGRAMME_ADMIN}),
    # Board: everyone taking part in a programme reads its board and comments (404 outside it); posts come from
    # their authors only (a partner's note answers 403), the programme admin hides them. Meet-ups are for the
    # programme's mentors; its admin or a coach schedules them and records who came.
    "board:index": PAIR_AND_COORDINATORS,
    "board:board": PAIR_AND_COORDINATORS,
    "board:post-create": frozenset({ROLE_MENTOR}),
    "board:post-detail": PAIR_AND_COORDINATORS,
    "board:post-edit": PAIR,
    "board:post-withdraw": PAIR,
    "board:post-hide": frozenset({ROLE_PROGRAMME_ADMIN}),
    "board:post-unhide": frozenset({ROLE_PROGRAMME_ADMIN}),
    "board:comment-create": PAIR_AND_COORDINATORS,
    "board:note-publish": PAIR,
    "board:idea-create": PAIR,
    "board:idea-publish": PAIR,
    "board:meetup-list": MENTORS_AND_COORDINATORS,
    "board:meetup-create": COORDINATORS,
    "board:meetup-detail": MENTORS_AND_COORDINATORS,
    "board:meetup-edit": COORDINATORS,
    "board:meetup-cancel": COORDINATORS,
    "board:meetup-attendance": COORDINATORS,
    "board:meetup-ics": MENTORS_AND_COORDINATORS,
    # Voice: every participant opens Speak up and reads the replies (sending is for mentors, and mentees where
    # the admin allows it: the service refuses the rest); feedback, themes, replies and the pulse are the admin's.
    "voice:speak": PAIR_AND_COORDINATORS,
    "voice:feedback": frozenset({ROLE_PROGRAMME_ADMIN}),
    "voice:feedback-tag": frozenset({ROLE_PROGRAMME_ADMIN}),
    "voice:theme-create": frozenset({ROLE_PROGRAMME_ADMIN}),
    "voice:reply-create": frozenset({ROLE_PROGRAMME_ADMIN}),
    "voice:reply-edit": frozenset({ROLE_PROGRAMME_ADMIN}),
    "voice:reply-delete": frozenset({ROLE_PROGRAMME_ADMIN}),
    "voice:settings": frozenset({ROLE_PROGRAMME_ADMIN}),
    "voice:pulse": frozenset({ROLE_PROGRAMME_ADMIN}),
    "voice:wave-create": frozenset({ROLE_PROGRAMME_ADMIN}),
    "voice:wave-delete": frozenset({ROLE_PROGRAMME_ADMIN}),
    "voice:pulse-answer": frozenset({PUBLIC}),  # the one-use link is the key; no login, no session
    # Evaluation: the programme's admins measure, plan, decide and report; its coaches read the dashboard (small
    # groups hidden) and the check-ins; participants answer their own follow-up.
    "evaluation:dashboard": COORDINATORS,
    "evaluation:kpis": ADMIN,
    "evaluation:kpi-source": ADMIN,
    "evaluation:measurement-add": ADMIN,
    "evaluation:measurement-delete": ADMIN,
    "evaluation:measurement-upload": ADMIN,
    "evaluation:surveys": ADMIN,
    "evaluation:survey-delete": ADMIN,
    "evaluation:followup": PAIR,
    "evaluation:checkins": COORDINATORS,
    "evaluation:checkin-plan": ADMIN,
    "evaluation:checkin": COORDINATORS,
    "evaluation:decision": ADMIN,
    "evaluation:rule-add": ADMIN,
    "evaluation:rule-delete": ADMIN,
    "evaluation:decide": ADMIN,
    "evaluation:report": ADMIN,
    "evaluation:report-file": ADMIN,
    "api:openapi-json": frozenset({PUBLIC}),
    "api:openapi-view": frozenset({PUBLIC}),
}

# Every Django admin URL: the admin site enforces is_staff and model permissions itself.
NAMESPACES: dict[str, frozenset[str]] = {"admin": frozenset({DJANGO_ADMIN})}

# API operations, keyed "METHOD /path/{param}" exactly as in /api/openapi.json.
API: dict[str, frozenset[str]] = {
    "GET /api/me": ANY,
    "GET /api/people": ORGANISATION,
    "GET /api/people/{employee_id}": ANY,
    "POST /api/people/import": frozenset({ROLE_HR}),
    "GET /api/teams": ORGANISATION,
    "GET /api/skills": ORGANISATION,
    "GET /api/programmes": ANY,
    "GET /api/programmes/{programme_id}": ANY,
    "GET /api/programmes/{programme_id}/match-runs": frozenset({ROLE_PROGRAMME_ADMIN}),
    "POST /api/programmes/{programme_id}/match-runs": frozenset({ROLE_PROGRAMME_ADMIN}),
    "GET /api/match-runs/{run_id}": frozenset({ROLE_PROGRAMME_ADMIN}),
    "POST /api/match-runs/{run_id}/approve": frozenset({ROLE_PROGRAMME_ADMIN}),
    "GET /api/match-runs/{run_id}/why-not": frozenset({ROLE_PROGRAMME_ADMIN}),
    "GET /api/programmes/{programme_id}/match-settings": frozenset({ROLE_PROGRAMME_ADMIN}),
    "PATCH /api/programmes/{programme_id}/match-settings": frozenset({ROLE_PROGRAMME_ADMIN}),
    "GET /api/programmes/{programme_id}/pair-constraints": frozenset({ROLE_PROGRAMME_ADMIN}),
    "POST /api/programmes/{programme_id}/pair-constraints": frozenset({ROLE_PROGRAMME_ADMIN}),
    "DELETE /api/programmes/{programme_id}/pair-constraints/{constraint_id}": frozenset({ROLE_PROGRAMME_ADMIN}),
    "GET /api/mentorships": PAIR_AND_COORDINATORS,
    "GET /api/mentorships/{mentorship_id}": PAIR_AND_COORDINATORS,
    "GET /api/mentorships/{mentorship_id}/notes": PAIR,
    "GET /api/programmes/{programme_id}/posts": PAIR_AND_COORDINATORS,
    "GET /api/programmes/{programme_id}/meetups": MENTORS_AND_COORDINATORS,
    "GET /api/programmes/{programme_id}/idea-counts": COORDINATORS,
    "POST /api/programmes/{programme_id}/voice/feedback": PAIR,
    "GET /api/programmes/{programme_id}/voice/feedback": frozenset({ROLE_PROGRAMME_ADMIN}),
    "GET /api/programmes/{programme_id}/voice/pulse": frozenset({ROLE_PROGRAMME_ADMIN}),
    "GET /api/programmes/{programme_id}/evaluation": ADMIN,
}

# What a logged-in user who still owes a second factor may open: the steps to give it, and the way out.
BEFORE_SECOND_FACTOR = frozenset(
    {"accounts:two-factor-setup", "accounts:two-factor-verify", "accounts:logout", "set_language", "health", "healthz"}
)


def allowed_roles(view_name: str, namespace: str) -> frozenset[str] | None:
    """The roles allowed on a named page, or None when the page is not in the table (denied)."""
    if view_name in PAGES:
        return PAGES[view_name]
    top = namespace.split(":")[0] if namespace else ""
    return NAMESPACES.get(top)


def permits(allowed: frozenset[str], roles: frozenset[str], *, authenticated: bool) -> bool:
    """Whether a user with `roles` passes an entry of the table."""
    if PUBLIC in allowed or DJANGO_ADMIN in allowed:
        return True
    if not authenticated:
        return False
    return AUTHENTICATED in allowed or bool(allowed & roles)
