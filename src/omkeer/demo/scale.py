"""Grow the demo organisation to a large one: `omkeer demo --employees 100000`.

After the ordinary demo (about 600 people, the pilot and the first cohort) every department gets a deeper tree
under its head — directors, senior managers, team leads and their teams — until the organisation has the asked
number of employees, each with skills and interests. A third programme, "Reverse mentoring at scale", gets a
mentor application from one junior in 25, an intake from one senior in 2, and a pair for most of them at every
stage (kick-off pending, agreement pending, meeting, stalling, completed, ended early).

Every row is written with bulk inserts in one transaction (about a minute for 100,000 employees on PostgreSQL);
the same seed gives the same organisation. No notes: pair content needs the pair.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from omkeer.accounts.models import User
from omkeer.demo.people import (
    BIRTH_YEARS,
    COACH_EMAIL,
    DEMO_DOMAIN,
    HR_EMAIL,
    LEVEL_TITLES,
    SURNAMES,
    _first_names,
    _proficiency,
    _slug,
)
from omkeer.enrolment.models import (
    ApplicationStatus,
    BlogUse,
    MenteeIntake,
    MentorApplication,
    ShoppingUse,
    SocialUse,
)
from omkeer.mentorships.models import AgreementVersion, MentoringSession, Mentorship, SessionState, Status
from omkeer.people.models import Employee, EmployeeSkill, Interest, Skill, Team
from omkeer.people.services import rebuild_reporting_paths
from omkeer.programmes.models import Cadence, Participation, Programme, Role
from omkeer.programmes.models import Status as ProgrammeStatus

SCALE_NAME = "Reverse mentoring at scale"
SCALE_DESCRIPTION = (
    "Reverse mentoring across the whole organisation: juniors from every department mentor senior managers, "
    "directors and partners on digital skills, one hour a month."
)
FANOUT = 8  # reports per manager in the grown tree
MANAGER_LEVELS = (8, 7, 6)  # directors, senior managers, team leads (each team lead leads a new team)
MEMBER_LEVELS = (1, 1, 1, 2, 2, 3, 3, 4, 5)
TEAM_SIZE = 24  # new people under a head per team lead
MENTOR_LEVELS, MENTEE_LEVELS = range(1, 4), range(6, 10)
MENTOR_SHARE = 25  # one junior in 25 applies as mentor; one senior in 2 does the intake
PAIRED = 0.85  # of the mentees, as far as accepted mentors go
BATCH = 5_000
# stage -> (share of the pairs, days since the pair started)
STAGES = {
    "kickoff": (0.15, 10),
    "agreement": (0.10, 25),
    "running": (0.50, 120),
    "stalling": (0.10, 130),
    "completed": (0.10, 160),
    "ended_early": (0.05, 100),
}


@dataclass(frozen=True)
class ScaleSummary:
    """What `grow_organisation` added."""

    employees: int
    teams: int
    applications: int
    intakes: int
    pairs: int

    def text(self) -> str:
        return (
            f"Grown by {self.employees} employees in {self.teams} new teams; programme "
            f'"{SCALE_NAME}" with {self.applications} mentor applications, {self.intakes} intakes and '
            f"{self.pairs} mentorships."
        )


def grow_organisation(total: int, *, seed: int, progress: Callable[[str], object] = print) -> ScaleSummary:
    """Add employees under the department heads until there are `total`, and the scale programme. Needs the
    ordinary demo (its heads, HR login and coach); does nothing when there are `total` employees already."""
    rng = random.Random(seed * 31 + 7)
    with transaction.atomic():
        new_from = (Employee.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        added, teams = _grow_tree(rng, total - Employee.objects.count(), progress)
        if not added:
            return ScaleSummary(employees=0, teams=0, applications=0, intakes=0, pairs=0)
        progress("Reporting lines …")
        rebuild_reporting_paths()
        progress(f"Programme “{SCALE_NAME}”: applications, intakes and pairs …")
        applications, intakes, pairs = _scale_programme(rng, new_from)
    return ScaleSummary(employees=added, teams=teams, applications=applications, intakes=intakes, pairs=pairs)


# --- the tree ----------------------------------------------------------------------------------


def _grow_tree(rng: random.Random, missing: int, progress: Callable[[str], object]) -> tuple[int, int]:
    """Under each department head: directors, senior managers under them, team leads (each with a new team)
    under those, and the team members, FANOUT reports a manager and about TEAM_SIZE a team. Returns (employees
    added, teams added)."""
    if missing <= 0:
        return 0, 0
    heads = list(Employee.objects.filter(level=9, manager__level=10).select_related("department").order_by("pk"))
    skills = list(Skill.objects.select_related("category").order_by("pk"))
    interests = list(Interest.objects.order_by("pk"))
    first = Employee.objects.count() + 1
    numbers = iter(range(first, first + missing))
    added = teams = 0
    for index, head in enumerate(heads):
        count = missing // len(heads) + (index < missing % len(heads))
        managers = [head]
        for level, size in zip(MANAGER_LEVELS, _layer_sizes(count), strict=True):
            layer = [_person(rng, next(numbers), managers[i % len(managers)], level) for i in range(size)]
            if level == MANAGER_LEVELS[-1] and layer:
                new_teams = Team.objects.bulk_create(
                    Team(department=head.department, name=f"Team {lead.employee_id}") for lead in layer
                )
                for lead, team in zip(layer, new_teams, strict=True):
                    lead.team = team
                teams += len(new_teams)
            _save(rng, layer, skills, interests)
            added += len(layer)
            managers = layer or managers
        members = [
            _person(rng, next(numbers), managers[i % len(managers)], rng.choice(MEMBER_LEVELS))
            for i in range(count - sum(_layer_sizes(count)))
        ]
        for start in range(0, len(members), BATCH):
            _save(rng, members[start : start + BATCH], skills, interests)
        added += len(members)
        progress(f"{head.department.name}: {count:,} more employees ({index + 1}/{len(heads)})")
    return added, teams


def _layer_sizes(count: int) -> tuple[int, int, int]:
    """(directors, senior managers, team leads) for `count` new people under one head; fewer when few."""
    leads = max(1, round(count / TEAM_SIZE))
    seniors = -(-leads // FANOUT)
    directors = -(-seniors // FANOUT)
    sizes, left = [], count
    for size in (directors, seniors, leads):
        sizes.append(min(size, left))
        left -= sizes[-1]
    return sizes[0], sizes[1], sizes[2]


def _person(rng: random.Random, number: int, manager: Employee, level: int) -> Employee:
    first, last = rng.choice(_first_names(level)), rng.choice(SURNAMES)
    employee_id = f"E{number:05d}"  # as the ordinary demo numbers
    title = LEVEL_TITLES[level] + (", team lead" if level == MANAGER_LEVELS[-1] else "")
    return Employee(
        employee_id=employee_id,
        first_name=first,
        last_name=last,
        email=f"{_slug(first)}.{_slug(last)}.{employee_id.lower()}@{DEMO_DOMAIN}",
        department=manager.department,  # loaded once: the skills' proficiency reads its name
        team_id=manager.team_id if level < MANAGER_LEVELS[-1] else None,
        manager=manager,
        level=level,
        job_title=title,
        birth_year=rng.randint(*BIRTH_YEARS[level]),
    )


def _save(rng: random.Random, people: list[Employee], skills: list[Skill], interests: list[Interest]) -> None:
    """Insert `people` (their managers are saved), 3-6 skills and 1-3 interests each."""
    Employee.objects.bulk_create(people, batch_size=BATCH)
    EmployeeSkill.objects.bulk_create(
        (
            EmployeeSkill(
                employee=person, skill=skill, proficiency=_proficiency(rng, person, skill.name, _category(skill))
            )
            for person in people
            for skill in rng.sample(skills, rng.randint(3, 6))
        ),
        batch_size=BATCH,
    )
    through = Employee.interests.through
    through.objects.bulk_create(
        (
            through(employee_id=person.pk, interest_id=interest.pk)
            for person in people
            for interest in rng.sample(interests, rng.randint(1, 3))
        ),
        batch_size=BATCH,
    )


def _category(skill: Skill) -> str:
    return skill.category.name if skill.category is not None else ""


# --- the scale programme -----------------------------------------------------------------------


def _scale_programme(rng: random.Random, new_from: int) -> tuple[int, int, int]:
    """The programme, its applications, intakes and pairs, among the employees from pk `new_from` on.
    Returns (applications, intakes, pairs)."""
    today = timezone.localdate()
    admin = User.objects.select_related("employee").get(username=HR_EMAIL)
    coach = Employee.objects.get(email=COACH_EMAIL)
    programme = Programme.objects.create(
        name=SCALE_NAME,
        description=SCALE_DESCRIPTION,
        status=ProgrammeStatus.RUNNING,
        cadence=Cadence.MONTHLY,
        session_minutes=60,
        start_date=today - dt.timedelta(days=180),
        end_date=today + dt.timedelta(days=180),
    )
    new = Employee.objects.filter(pk__gte=new_from).order_by("pk")
    juniors = list(new.filter(level__in=MENTOR_LEVELS).values_list("pk", flat=True))
    seniors = list(new.filter(level__in=MENTEE_LEVELS).values_list("pk", flat=True))
    mentors = sorted(rng.sample(juniors, len(juniors) // MENTOR_SHARE))
    mentees = sorted(rng.sample(seniors, len(seniors) // 2))
    Participation.objects.bulk_create(
        [
            Participation(programme=programme, employee=admin.employee, role=Role.ADMIN),
            Participation(programme=programme, employee=coach, role=Role.COACH),
            *(Participation(programme=programme, employee_id=pk, role=Role.MENTOR) for pk in mentors),
            *(Participation(programme=programme, employee_id=pk, role=Role.MENTEE) for pk in mentees),
        ],
        batch_size=BATCH,
    )
    now = timezone.now()
    skills = list(Skill.objects.order_by("pk").values_list("name", flat=True))
    accepted = _applications(rng, programme, mentors, skills, admin, now)
    _intakes(rng, programme, mentees, skills)
    couples = list(zip(accepted, mentees[: int(len(mentees) * PAIRED)], strict=False))  # as far as mentors go
    pairs = _pairs(rng, programme, couples, coach, admin, now)
    return len(mentors), len(mentees), pairs


def _applications(
    rng: random.Random, programme: Programme, mentors: list[int], skills: list[str], admin: User, now: dt.datetime
) -> list[int]:
    """Every mentor applies; nine in ten are accepted and trained, the rest wait. Returns the accepted ones."""
    rows, accepted = [], []
    for pk in mentors:
        decided = rng.random() < 0.9
        if decided:
            accepted.append(pk)
        rows.append(
            MentorApplication(
                programme=programme,
                employee_id=pk,
                status=ApplicationStatus.ACCEPTED if decided else ApplicationStatus.APPLIED,
                skills={key: rng.randint(2, 4) for key in rng.sample(skills, 3)},
                teaching="Practical help with social media, online collaboration and AI tools.",
                wants={key: rng.randint(1, 3) for key in rng.sample(skills, 2)},
                capacity=rng.randint(1, 3),
                pledged=now - dt.timedelta(days=200),
                decided=now - dt.timedelta(days=190) if decided else None,
                decided_by=admin if decided else None,
                trained=now - dt.timedelta(days=185) if decided else None,
            )
        )
    MentorApplication.objects.bulk_create(rows, batch_size=BATCH)
    return accepted


def _intakes(rng: random.Random, programme: Programme, mentees: list[int], skills: list[str]) -> None:
    MenteeIntake.objects.bulk_create(
        (
            MenteeIntake(
                programme=programme,
                employee_id=pk,
                goals="Use LinkedIn and AI tools with confidence, and understand how younger colleagues work.",
                wants={key: rng.randint(1, 3) for key in rng.sample(skills, 3)},
                skill_scores={key: rng.randint(1, 3) for key in skills[:4]},
                linkedin=rng.choice(SocialUse.values),
                facebook=rng.choice(SocialUse.values),
                blogs=rng.choice(BlogUse.values),
                online_shopping=rng.choice(ShoppingUse.values),
                familiarity={"social": rng.randint(1, 5), "tools": rng.randint(1, 5)},
                why_now="My team works online more and more; I want to keep up.",
                what_will_change="I will share our work online and use the tools my team uses.",
                hours_per_week=Decimal("1.0"),
            )
            for pk in mentees
        ),
        batch_size=BATCH,
    )


def _pairs(
    rng: random.Random,
    programme: Programme,
    couples: list[tuple[int, int]],
    coach: Employee,
    admin: User,
    now: dt.datetime,
) -> int:
    """A pair for each (mentor, mentee), spread over the stages: their kick-off, agreement and sessions."""
    today = now.date()
    stages = [stage for stage, (share, _) in STAGES.items() for _ in range(round(share * len(couples)))]
    stages = (stages + ["running"] * len(couples))[: len(couples)]
    rng.shuffle(stages)
    pairs = []
    for (mentor, mentee), stage in zip(couples, stages, strict=True):
        days = STAGES[stage][1]
        status = {"completed": Status.COMPLETED, "ended_early": Status.ENDED_EARLY}.get(stage, Status.ACTIVE)
        pairs.append(
            Mentorship(
                programme=programme,
                mentor_id=mentor,
                mentee_id=mentee,
                coach=coach,
                status=status,
                started=today - dt.timedelta(days=days),
                kickoff_held=None if stage == "kickoff" else today - dt.timedelta(days=days - 7),
                ended=today - dt.timedelta(days=10) if status != Status.ACTIVE else None,
                end_reason="Our schedules no longer fit." if stage == "ended_early" else "",
                created_by=admin,
            )
        )
    Mentorship.objects.bulk_create(pairs, batch_size=BATCH)
    agreed = [(pair, stage) for pair, stage in zip(pairs, stages, strict=True) if stage not in ("kickoff", "agreement")]
    AgreementVersion.objects.bulk_create(
        (
            AgreementVersion(
                mentorship=pair,
                number=1,
                frequency=Cadence.MONTHLY,
                session_minutes=60,
                place="Teams",
                expectations="We prepare, we are on time, and we say it when it stops working.",
                learning_goals="LinkedIn, collaboration tools and AI tools.",
                confidentiality=True,
                proposed_by_id=pair.mentor_id,
                accepted_by_id=pair.mentee_id,
                accepted=now - dt.timedelta(days=STAGES[stage][1] - 10),
            )
            for pair, stage in agreed
        ),
        batch_size=BATCH,
    )
    MentoringSession.objects.bulk_create(
        (session for pair, stage in agreed for session in _sessions(pair, stage, now)), batch_size=BATCH
    )
    Mentorship.objects.filter(programme=programme).refresh_summaries()  # bulk inserts send no signal
    return len(pairs)


def _sessions(pair: Mentorship, stage: str, now: dt.datetime) -> list[MentoringSession]:
    """Monthly sessions since the agreement: held in the past, one planned ahead while the pair runs; a stalling
    pair stopped meeting after its first two."""
    first = now - dt.timedelta(days=STAGES[stage][1] - 20)
    held_until = now - dt.timedelta(days=70) if stage == "stalling" else now
    sessions = []
    start = first
    while start < held_until:
        sessions.append(MentoringSession(mentorship=pair, starts_at=start, minutes=60, state=SessionState.HELD))
        start += dt.timedelta(days=30)
    if stage == "running":
        sessions.append(MentoringSession(mentorship=pair, starts_at=now + dt.timedelta(days=12), minutes=60))
    return sessions
