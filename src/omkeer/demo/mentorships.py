"""The demo's first cohort: a programme that started five months ago, with pairs at every stage — kick-off
pending, agreement pending, meeting (with sessions, notes and reflections), stalling, completed and ended
early. The demo mentor and mentee logins each have a running pair, so they see a mentorship from the inside.

Rows are written directly (no emails); times are relative to when the demo is built.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from omkeer.accounts.models import User
from omkeer.mentorships.models import (
    AgreementVersion,
    Assignment,
    CoachRequest,
    Commitment,
    Fit,
    FitAnswer,
    Flag,
    HealthCheck,
    MentoringSession,
    Mentorship,
    Note,
    Reflection,
    SessionChange,
    SessionState,
    Status,
)
from omkeer.people.models import Employee
from omkeer.programmes.models import Cadence, Participation, Programme, Role
from omkeer.programmes.models import Status as ProgrammeStatus

COHORT_NAME = "Reverse mentoring — first cohort"
COHORT_DESCRIPTION = (
    "The first cohort of reverse mentoring: junior colleagues help senior leaders with social media, online "
    "collaboration and AI tools, and learn how the organisation is led."
)
COHORT_DAYS_AGO = 150

# (stage, days since the pair started); the first two "running" pairs go to the demo mentor and mentee logins
PAIRS = [
    ("running", 140),
    ("running", 140),
    ("running", 120),
    ("running", 100),
    ("kickoff", 6),
    ("kickoff_planned", 9),
    ("agreement", 20),
    ("stalling", 130),
    ("stalling", 110),
    ("completed", 150),
    ("ended_early", 140),
]

NOTES_MENTOR = [
    "We set up a LinkedIn search for customers in logistics; homework: follow ten of them and comment on two posts.",
    "Walked through Teams channels versus email. Agreed to move the weekly update of the team into a channel.",
    "Tried three AI tools on a real memo. The summary helped; the drafting needs a careful eye. Next: prompts.",
    "Talked about how my generation reads the intranet (we don't). Ideas for short video updates instead.",
]
NOTES_MENTEE = [
    "Surprised how much I can find in ten minutes. I will post our quarterly results myself this time.",
    "Moving the update to a channel means I have to write shorter. Good.",
    "I asked about career advice and we steered back: the point is what I learn, not what I tell.",
]
COMMITMENTS = [
    ("No email from Friday 19:00 to Monday 07:00", -20, "done"),
    ("Post on LinkedIn once a month about the team's work", 40, "open"),
    ("Revise our social-media policy with two junior colleagues", 90, "open"),
]
ASSIGNMENTS = [
    ("A practical guide to AI assistants", "https://example.com/ai-guide", "Read chapters 1 and 2; try one prompt."),
    ("Follow ten people in your field", "", "Use the search we set up; comment on two of their posts."),
]
AGENDA = "1. What went well since last time\n2. Hands-on: {topic}\n3. Homework for next month"
TOPICS = ["LinkedIn and professional networks", "Social media for the business", "Collaboration tools", "AI tools"]


@dataclass(frozen=True)
class _Pair:
    stage: str
    days: int
    mentor: Employee
    mentee: Employee


def build_mentorship_demo(*, admin: Employee, coach: Employee, mentor: Employee, mentee: Employee, seed: int) -> int:
    """Create the first cohort and its pairs; `mentor` and `mentee` are the demo logins' employees. Returns the
    number of pairs."""
    rng = random.Random(seed * 7 + 5)
    today = timezone.localdate()
    programme = Programme.objects.create(
        name=COHORT_NAME,
        description=COHORT_DESCRIPTION,
        status=ProgrammeStatus.RUNNING,
        cadence=Cadence.MONTHLY,
        session_minutes=60,
        start_date=today - dt.timedelta(days=COHORT_DAYS_AGO),
        end_date=today + dt.timedelta(days=60),
    )
    pairs = _choose_pairs(rng, mentor, mentee)
    Participation.objects.bulk_create(
        [
            Participation(programme=programme, employee=admin, role=Role.ADMIN),
            Participation(programme=programme, employee=coach, role=Role.COACH),
            *(Participation(programme=programme, employee=p.mentor, role=Role.MENTOR) for p in pairs),
            *(Participation(programme=programme, employee=p.mentee, role=Role.MENTEE) for p in pairs),
        ]
    )
    created_by = User.objects.filter(employee=admin).first()
    for index, pair in enumerate(pairs):
        _build_pair(rng, programme, pair, coach, created_by, index)
    return len(pairs)


def _choose_pairs(rng: random.Random, mentor: Employee, mentee: Employee) -> list[_Pair]:
    """Juniors (levels 1–3) with seniors (7–9) of another department; the demo logins first, each with a
    partner of another department too."""
    employees = list(Employee.objects.filter(is_active=True).select_related("department").order_by("pk"))
    juniors = [e for e in employees if 1 <= e.level <= 3 and e.pk not in (mentor.pk, mentee.pk)]
    seniors = [e for e in employees if 7 <= e.level <= 9 and e.pk not in (mentor.pk, mentee.pk)]
    rng.shuffle(juniors)
    rng.shuffle(seniors)
    used: set[int] = set()

    def pick(pool: list[Employee], other: Employee | None = None) -> Employee:
        found = next(p for p in pool if p.pk not in used and (other is None or p.department_id != other.department_id))
        used.add(found.pk)
        return found

    chosen = [
        _Pair(PAIRS[0][0], PAIRS[0][1], mentor, pick(seniors, mentor)),
        _Pair(PAIRS[1][0], PAIRS[1][1], pick(juniors, mentee), mentee),
    ]
    for stage, days in PAIRS[2:]:
        junior = pick(juniors)
        chosen.append(_Pair(stage, days, junior, pick(seniors, junior)))
    return chosen


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


def _build_pair(
    rng: random.Random, programme: Programme, pair: _Pair, coach: Employee, created_by: User | None, index: int
) -> None:
    today = timezone.localdate()
    started = today - dt.timedelta(days=pair.days)
    mentorship = Mentorship.objects.create(
        programme=programme,
        mentor=pair.mentor,
        mentee=pair.mentee,
        coach=coach,
        started=started,
        created_by=created_by,
    )
    if pair.stage == "kickoff":
        return
    if pair.stage == "kickoff_planned":
        mentorship.kickoff_at, mentorship.kickoff_place = _at(today + dt.timedelta(days=3)), "Lunch at Café De Ooievaar"
        mentorship.save(update_fields=["kickoff_at", "kickoff_place"])
        return
    kickoff = started + dt.timedelta(days=7)
    mentorship.kickoff_at, mentorship.kickoff_place = _at(kickoff), "Lunch at Café De Ooievaar"
    mentorship.kickoff_held = kickoff
    mentorship.save(update_fields=["kickoff_at", "kickoff_place", "kickoff_held"])
    version = AgreementVersion.objects.create(
        mentorship=mentorship,
        number=1,
        frequency=Cadence.MONTHLY,
        session_minutes=60,
        place="Meeting room 4.12, or Teams when travelling",
        expectations="We both prepare, we start on time, and we say it when something does not work.",
        learning_goals="Use LinkedIn to reach customers; work in Teams channels instead of email; try AI tools.",
        confidentiality=True,
        proposed_by=pair.mentor,
    )
    AgreementVersion.objects.filter(pk=version.pk).update(proposed=_at(kickoff + dt.timedelta(days=1), 9))
    if pair.stage == "agreement":
        return
    version.accepted, version.accepted_by = _at(kickoff + dt.timedelta(days=2), 9), pair.mentee
    version.save(update_fields=["accepted", "accepted_by"])
    first = kickoff + dt.timedelta(days=14)
    sessions = [
        MentoringSession.objects.create(
            mentorship=mentorship,
            starts_at=_at(first + dt.timedelta(days=30 * i), 12 + index % 4),
            minutes=60,
            place=version.place,
            agenda=AGENDA.format(topic=TOPICS[i % len(TOPICS)]),
        )
        for i in range(6)
    ]
    now = timezone.now()
    past = [s for s in sessions if s.starts_at < now]
    held = past[:1] if pair.stage in ("stalling", "ended_early") else past
    for number, session in enumerate(held):
        _hold(rng, session, pair, number)
    if pair.stage == "stalling":
        _cancel_twice(mentorship, [s for s in past if s not in held], pair)
    if pair.stage == "completed":
        _end(mentorship, Status.COMPLETED, "", sessions)
    elif pair.stage == "ended_early":
        FitAnswer.objects.create(mentorship=mentorship, author=pair.mentee, answer=Fit.NOT_A_FIT)
        FitAnswer.objects.create(mentorship=mentorship, author=pair.mentor, answer=Fit.NOT_SURE)
        _end(mentorship, Status.ENDED_EARLY, "Not a fit: the mentee wanted help with finance systems.", sessions)
    elif held:
        FitAnswer.objects.create(mentorship=mentorship, author=pair.mentor, answer=Fit.GOOD)
        FitAnswer.objects.create(mentorship=mentorship, author=pair.mentee, answer=Fit.GOOD)
    if pair.stage == "running":
        _between(mentorship, pair, kickoff, held)


def _between(mentorship: Mentorship, pair: _Pair, kickoff: dt.date, held: list[MentoringSession]) -> None:
    """A running pair's commitments, reading, answered health checks and a coach conversation."""
    today = timezone.localdate()
    Commitment.objects.bulk_create(
        [
            Commitment(mentorship=mentorship, text=text, due=today + dt.timedelta(days=days), state=state)
            for text, days, state in COMMITMENTS
        ]
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                mentorship=mentorship,
                title=title,
                link=link,
                text=text,
                due=held[-1].starts_at.date() + dt.timedelta(days=21),
                done=None if index else held[-1].starts_at + dt.timedelta(days=5),
                comment="" if index else "Read it on the train; the part on prompts was new to me.",
            )
            for index, (title, link, text) in enumerate(ASSIGNMENTS)
        ]
    )
    mentorship.commitments.update(created=held[0].ends_at + dt.timedelta(hours=2))
    mentorship.assignments.update(created=held[-1].ends_at + dt.timedelta(days=1))
    due = kickoff + dt.timedelta(days=30)
    while due <= today:
        for author in (pair.mentor, pair.mentee):
            HealthCheck.objects.create(
                mentorship=mentorship,
                author=author,
                due=due,
                answered=_at(due + dt.timedelta(days=1), 9),
                meeting_regularly=4,
                learning=5 if author == pair.mentee else 4,
                safe=4,
            )
        due += dt.timedelta(days=60)
    asked = CoachRequest.objects.create(mentorship=mentorship, held=held[0].starts_at.date() + dt.timedelta(days=10))
    CoachRequest.objects.filter(pk=asked.pk).update(requested=held[0].ends_at + dt.timedelta(days=2))


def _hold(rng: random.Random, session: MentoringSession, pair: _Pair, number: int) -> None:
    """Held, with notes and reflections written an hour or two after it (the demo sets their times)."""
    session.state, session.reminded = SessionState.HELD, session.starts_at - dt.timedelta(hours=20)
    session.save(update_fields=["state", "reminded"])
    _write(rng, session, pair, number)
    written = session.ends_at + dt.timedelta(hours=1)
    Note.objects.filter(session=session).update(created=written, updated=written)
    Reflection.objects.filter(session=session).update(created=written + dt.timedelta(hours=1))


def _write(rng: random.Random, session: MentoringSession, pair: _Pair, number: int) -> None:
    Note.objects.create(
        mentorship=session.mentorship,
        session=session,
        author=pair.mentor,
        text=NOTES_MENTOR[number % len(NOTES_MENTOR)],
    )
    if number % 2 == 0:
        Note.objects.create(
            mentorship=session.mentorship,
            session=session,
            author=pair.mentee,
            text=NOTES_MENTEE[number % len(NOTES_MENTEE)],
        )
    for author in (pair.mentor, pair.mentee):
        Reflection.objects.create(
            session=session,
            author=author,
            mentor_led=True,
            stayed_reverse=not (author == pair.mentee and number == 1),
            usefulness=rng.choice([3, 4, 4, 5, 5]),
        )


def _cancel_twice(mentorship: Mentorship, sessions: list[MentoringSession], pair: _Pair) -> None:
    """The senior cancelled the last two sessions: the pair stalls and the coach has a flag."""
    for session, reason in zip(sessions[-2:], ("Board meeting moved", "Travelling for the merger"), strict=False):
        session.state, session.sequence = SessionState.CANCELLED, 1
        session.save(update_fields=["state", "sequence"])
        SessionChange.objects.create(
            session=session,
            kind=SessionChange.Kind.CANCELLED,
            by=pair.mentee,
            reason=reason,
            old_start=session.starts_at,
        )
    if len(sessions) >= 2:
        Flag.objects.create(mentorship=mentorship, kind=Flag.Kind.CANCELLATIONS)


def _end(mentorship: Mentorship, outcome: str, reason: str, sessions: list[MentoringSession]) -> None:
    today = timezone.localdate()
    mentorship.status, mentorship.ended, mentorship.end_reason = outcome, today - dt.timedelta(days=3), reason
    mentorship.save(update_fields=["status", "ended", "end_reason"])
    for session in sessions:
        if session.state == SessionState.PLANNED:
            session.state, session.sequence = SessionState.CANCELLED, session.sequence + 1
            session.save(update_fields=["state", "sequence"])
