"""Voice in the demo: the first cohort's released feedback (two releases, themes, three "you said — we did"
replies) and two pulse waves, one closed and one open; the pilot's feedback still waiting below the threshold.

Rows are written directly (no emails, no audit), as sending, releasing and answering would have left them; days
are relative to when the demo is built. The answers hold no person, as in the app: speakers and invitations are
the only participation rows, and the invitation links' secrets are random and thrown away, like a sent email.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import secrets
from dataclasses import dataclass

from django.utils import timezone

from omkeer.demo.mentorships import COHORT_NAME
from omkeer.people.models import Employee
from omkeer.programmes.models import Participation, Programme, Role
from omkeer.voice.models import (
    PULSE_ITEMS,
    SCALE_POINTS,
    Feedback,
    PulseInvitation,
    PulseResponse,
    PulseWave,
    Release,
    Reply,
    Speaker,
    Theme,
    Topic,
)
from omkeer.voice.pulse import _groups
from omkeer.voice.reports import DIMENSIONS
from omkeer.voice.services import _speaker_key, month_of, period_of, settings_of
from omkeer.voice.suppression import Respondent, visible

MEETINGS, APPROVALS, TOOLS, SPEAKING_UP = "Meetings", "Approvals and sign-off", "Tools and IT", "Speaking up"
THEMES = (MEETINGS, APPROVALS, TOOLS, SPEAKING_UP)


@dataclass(frozen=True)
class _Item:
    topic: str
    safety: int | None
    themes: tuple[str, ...]
    text: str


# What junior mentors sent in each release, in no particular order (the order of sending is drawn per seed).
RELEASES: tuple[tuple[_Item, ...], ...] = (
    (
        _Item(
            Topic.WAY_OF_WORKING,
            None,
            (MEETINGS,),
            "Most of my week goes to meetings I am invited to 'to be informed'. A short written update would do "
            "the same, and I would have time left for the actual client work.",
        ),
        _Item(
            Topic.ORGANISATION,
            3,
            (APPROVALS,),
            "To order a software licence of 40 euros I needed three approvals, and it took eleven days. By then "
            "the client deadline had passed and I did the work by hand.",
        ),
        _Item(
            Topic.WAY_OF_WORKING,
            None,
            (TOOLS,),
            "We have Teams, but half of the teams still email versions of the same Excel file around. Nobody knows "
            "which one is the latest, and we lose hours merging them.",
        ),
        _Item(
            Topic.LEADERSHIP,
            2,
            (SPEAKING_UP,),
            "In our team meeting the partner speaks first and then everyone agrees. When I raised a risk with "
            "her afterwards, she said it would have been useful in the meeting. It does not feel that way in the "
            "room.",
        ),
        _Item(
            Topic.PROGRAMME,
            None,
            (),
            "The mentor training was useful, especially the role play. I would like more on what to do when a "
            "mentee keeps turning the session into career advice for me.",
        ),
        _Item(
            Topic.ORGANISATION,
            4,
            (TOOLS,),
            "New starters wait up to two weeks for a laptop and the right access. My first days here were spent "
            "reading policies on my phone.",
        ),
        _Item(
            Topic.PROGRAMME,
            None,
            (MEETINGS,),
            "Finding an hour in my mentee's agenda takes longer than the session itself. Could the programme ask "
            "the management assistants to keep the monthly slot free?",
        ),
    ),
    (
        _Item(
            Topic.LEADERSHIP,
            None,
            (SPEAKING_UP,),
            "Feedback here goes one way. I get mine in the yearly review, but there is no moment to tell my "
            "manager what would help me. An upward feedback round, even an anonymous one, would be a start.",
        ),
        _Item(
            Topic.WAY_OF_WORKING,
            3,
            (APPROVALS,),
            "Every client deck goes through three review layers, and each layer changes the wording of the one "
            "before. One named owner per deck would save days.",
        ),
        _Item(
            Topic.ORGANISATION,
            None,
            (MEETINGS,),
            "Meetings with senior people on Friday afternoon 'just to align' push the real work into the evening. "
            "Two meeting-free mornings a week would help everyone, not only juniors.",
        ),
        _Item(
            Topic.PROGRAMME,
            None,
            (),
            "My mentee now posts on LinkedIn himself and sends me his drafts for feedback. That is when I saw the "
            "programme works. More of these stories at the meet-up, please.",
        ),
        _Item(
            Topic.LEADERSHIP,
            2,
            (SPEAKING_UP,),
            "When a senior manager got a number wrong in a client report, the junior who prepared the file was "
            "blamed in front of the team. People remember that, and they stop flagging problems early.",
        ),
        _Item(
            Topic.WAY_OF_WORKING,
            None,
            (TOOLS,),
            "We are told to use the new AI assistant, but nobody says what we may put into it. So most of us "
            "don't use it, or use it quietly on our own.",
        ),
        _Item(
            Topic.PROGRAMME,
            5,
            (),
            "It feels safe to say things here, and my mentee really listens. I am less sure anything changes "
            "beyond our pair. Showing what happens with this feedback would help.",
        ),
    ),
)
# Days before the build over which each release's items were sent; a release follows its fifth contributor.
RELEASE_WINDOWS = ((110, 78), (45, 14))
CONTRIBUTORS = 5  # per release, as the default threshold releases them; the releases share two people

# (theme, status, days before the build it was written, you said, we did)
REPLIES = (
    (
        TOOLS,
        Reply.Status.DONE,
        60,
        "New starters wait weeks for a laptop and access.",
        "IT now prepares the laptop and every account before the first day. The last two groups of starters "
        "had everything on day one; tell us if that was not the case for you.",
    ),
    (
        APPROVALS,
        Reply.Status.ACTING,
        9,
        "Small purchases and client decks need too many approvals.",
        "From January, purchases under 500 euros need one approval instead of three, first in two departments. "
        "Each client deck gets one named owner who signs it off. We will report back here in the spring.",
    ),
    (
        SPEAKING_UP,
        Reply.Status.HEARD,
        3,
        "In meetings juniors do not feel free to disagree, and mistakes land on the most junior person.",
        "We hear this, and the pulse says something similar. The partners discuss it at their January meeting; "
        "we will share here what they decide to do.",
    ),
)

PILOT_ITEMS = (
    (
        Topic.WAY_OF_WORKING,
        None,
        "The weekly status meeting could be a channel post. Half of us are only there to say 'no change'.",
    ),
    (
        Topic.LEADERSHIP,
        3,
        "Directors ask for our ideas on digital work, but the decisions are made before we hear of it.",
    ),
    (Topic.PROGRAMME, None, "Clear start. A short checklist for the first session with a mentee would help me."),
)

# (days before the build it opened, days it stays open, mean tone of the answers on 1…7)
WAVES = ((100, 14, 4.2), (10, 14, 4.6))
ANSWERED = (0.75, 0.82)  # of each role, per wave
# juniors feel a little less safe speaking up than their seniors
ROLE_TONE: dict[str, float] = {Role.MENTOR: -0.3, Role.MENTEE: 0.3}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def build_voice_demo(*, pilot: Programme, seed: int) -> None:
    """Fill voice for the first cohort (feedback, themes, replies, pulse) and for `pilot`, the programme of
    `omkeer.demo.people` (which imports this module), feedback still below the threshold."""
    rng = random.Random(seed * 13 + 5)
    today = timezone.localdate()
    cohort = Programme.objects.get(name=COHORT_NAME)
    _feedback(cohort, rng, today)
    _pulse(cohort, rng, today)
    _pilot(pilot, rng, today)


def _mentors(programme: Programme) -> list[int]:
    rows = Participation.objects.filter(programme=programme, role=Role.MENTOR).order_by("employee_id")
    return list(rows.values_list("employee_id", flat=True))


def _feedback(programme: Programme, rng: random.Random, today: dt.date) -> None:
    """Two releases of five contributors each, eight different mentors in all, tagged with four themes."""
    mentors = rng.sample(_mentors(programme), k=2 * CONTRIBUTORS - 2)
    themes = {name: Theme.objects.create(programme=programme, name=name) for name in THEMES}
    last_day: dict[int, dt.date] = {}
    for number, (items, (start, end)) in enumerate(zip(RELEASES, RELEASE_WINDOWS, strict=True), start=1):
        people = mentors[(number - 1) * (CONTRIBUTORS - 2) :][:CONTRIBUTORS]
        days = [today - dt.timedelta(days=ago) for ago in sorted(rng.sample(range(end, start + 1), k=len(items)))]
        days.reverse()  # oldest first
        early = people[:-1] + [rng.choice(people[:-1]) for _extra in items[CONTRIBUTORS:]]
        rng.shuffle(early)
        senders = [*early, people[-1]]  # the fifth different person's item releases them all
        release = Release.objects.create(
            programme=programme, number=number, month=month_of(days[-1]), contributors=len(set(senders))
        )
        for item, day, sender in zip(rng.sample(items, k=len(items)), days, senders, strict=True):
            feedback = Feedback.objects.create(
                programme=programme,
                period=period_of(day),
                month=month_of(day),
                topic=item.topic,
                text=item.text,
                safety=item.safety,
                release=release,
            )
            feedback.themes.set([themes[name] for name in item.themes])
            last_day[sender] = day
    Speaker.objects.bulk_create(
        Speaker(
            programme=programme,
            key=_speaker_key(programme, employee),
            period=period_of(day),
            day=day,
            sent=1,
            pending=False,
        )
        for employee, day in sorted(last_day.items())
    )
    for theme, status, ago, said, did in REPLIES:
        month = month_of(today - dt.timedelta(days=ago))
        Reply.objects.create(programme=programme, theme=themes[theme], said=said, did=did, status=status, month=month)


def _pulse(programme: Programme, rng: random.Random, today: dt.date) -> None:
    """A closed wave about three months ago and an open one closing in a few days, each answered by about
    three in four of every role, each person with an outlook of their own that both waves share."""
    rows = (
        Participation.objects.filter(programme=programme, role__in=[Role.MENTOR, Role.MENTEE])
        .select_related("employee__department")
        .order_by("employee_id", "role")
    )
    people: dict[int, tuple[Employee, str]] = {}
    for row in rows:
        people.setdefault(row.employee_id, (row.employee, row.role))
    k = settings_of(programme).k_numbers
    groups = _groups(list(people.values()), k)
    outlook = {pk: rng.gauss(0, 0.6) for pk in people}  # how each person tends to answer, in every wave
    answered = _who_answers(rng, {pk: role for pk, (_employee, role) in people.items()}, groups, k)
    for (ago, days, tone), who in zip(WAVES, answered, strict=True):
        opens = today - dt.timedelta(days=ago)
        wave = PulseWave.objects.create(
            programme=programme,
            name=f"{MONTHS[opens.month - 1]} {opens.year}",
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=days),
            invited=True,
        )
        invitations, responses = [], []
        for pk, (employee, role) in people.items():
            department, band = groups[pk]
            token = hashlib.sha256(secrets.token_urlsafe(24).encode()).hexdigest()
            invitations.append(
                PulseInvitation(
                    wave=wave,
                    employee=employee,
                    role=role,
                    department=department,
                    band=band,
                    token=token,
                    answered=pk in who,
                )
            )
            if pk in who:
                answers = _answers(rng, tone + ROLE_TONE[role] + outlook[pk])
                responses.append(PulseResponse(wave=wave, role=role, department=department, band=band, **answers))
        PulseInvitation.objects.bulk_create(invitations)
        rng.shuffle(responses)  # not in the invitations' order
        PulseResponse.objects.bulk_create(responses)


def _who_answers(
    rng: random.Random, roles: dict[int, str], groups: dict[int, tuple[str, str]], k: int
) -> list[set[int]]:
    """Who answered each wave: about three in four of every role, drawn until both roles can be shown in both
    waves (a role whose answers nest in a department with a few people to spare would be hidden)."""
    for _attempt in range(100):
        answered: list[set[int]] = [set() for _wave in WAVES]
        for group in (Role.MENTOR, Role.MENTEE):
            ids = sorted(pk for pk, role in roles.items() if role == group)
            rng.shuffle(ids)
            first, second = (min(len(ids) - 1, max(1, round(len(ids) * share))) for share in ANSWERED)
            answered[0] |= set(ids[:first])  # the first never answers the second wave, the last never the first
            answered[1] |= set(ids[1 : 1 + second])
        respondents = [
            Respondent(
                key=str(pk), wave=str(at), attrs={"role": roles[pk], "department": groups[pk][0], "band": groups[pk][1]}
            )
            for at, who in enumerate(answered)
            for pk in sorted(who)
        ]
        shown = visible(respondents, DIMENSIONS, k)
        wanted = {(("role", Role.MENTOR.value),), (("role", Role.MENTEE.value),)}
        if all(wanted <= shown.get(str(at), set()) for at in range(len(WAVES))):
            break
    return answered


def _answers(rng: random.Random, tone: float) -> dict[str, int]:
    """One person's nine answers around `tone` (reverse items turned: low is good there)."""
    mood = tone + rng.gauss(0, 0.3)

    def point(value: float) -> int:
        return max(1, min(SCALE_POINTS, round(value + rng.gauss(0, 0.7))))

    answers = {item.field: point(SCALE_POINTS + 1 - mood if item.reverse else mood) for item in PULSE_ITEMS}
    answers["honest"] = point(mood + 1.2)  # most pairs trust each other more than the organisation
    answers["speak"] = point(mood - 0.3)
    return answers


def _pilot(programme: Programme, rng: random.Random, today: dt.date) -> None:
    """Three people have sent something in the last two weeks: sealed, and short of the five needed."""
    pool = _mentors(programme)
    if len(pool) < len(PILOT_ITEMS):  # too few mentors: whoever takes part
        pool = sorted(set(Participation.objects.filter(programme=programme).values_list("employee_id", flat=True)))
    people = rng.sample(pool, k=len(PILOT_ITEMS))
    days = sorted(today - dt.timedelta(days=ago) for ago in rng.sample(range(1, 15), k=len(PILOT_ITEMS)))
    for employee, day, (topic, safety, text) in zip(people, days, PILOT_ITEMS, strict=True):
        Speaker.objects.create(
            programme=programme, key=_speaker_key(programme, employee), period=period_of(day), day=day, sent=1
        )
        Feedback.objects.create(
            programme=programme, period=period_of(day), month=month_of(day), topic=topic, text=text, safety=safety
        )
