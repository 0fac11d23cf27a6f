"""The demo pilot's enrolment: invitations, applicants in every funnel stage, intakes, and a waiting list.

Called by `omkeer.demo.people.build_demo` once the organisation and the pilot exist. It draws from its own
`random.Random`, so the organisation is the same with or without it, and it reads people in primary-key
order, so the same seed gives the same applicants in the same stages.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

from django.utils import timezone

from omkeer.accounts.models import User
from omkeer.enrolment.models import (
    FAMILIARITY_AREAS,
    ApplicationStatus,
    BlogUse,
    Enrolment,
    InterestRegistration,
    Invitation,
    MenteeIntake,
    MentorApplication,
    Recommendation,
    Reminder,
    ReminderKind,
    ShoppingUse,
    SocialUse,
    TrainingModule,
    TrainingProgress,
)
from omkeer.enrolment.pagetexts import set_up_page
from omkeer.enrolment.training import set_up_training
from omkeer.people.models import Employee, EmployeeSkill, Skill
from omkeer.programmes.models import Kpi, Programme, Role

# Invited juniors who are not (yet) mentors, by the stage they are waiting at.
MENTOR_STAGES = {"invited": 24, "applied": 9, "recommended": 11, "declined": 6, "stepped_back": 1}
UNTRAINED_MENTORS = 22  # accepted mentors who have not finished the training yet; they passed 0…5 modules
REMINDED = {ReminderKind.APPLY: 10, ReminderKind.INTAKE: 8}  # how many of those waiting got a reminder
MENTEES_WITHOUT_INTAKE = 25  # invited participants who have not completed the intake
MENTEES_INVITED_ONLY = 18  # invited seniors who are not participants (yet)
MENTEES_STEPPED_BACK = 2  # completed the intake, then left the programme
WAITING = {Role.MENTOR: 7, Role.MENTEE: 5}

TEACHING = [
    "How to write a LinkedIn post that people read, and how to build a network there.",
    "Using AI tools for summaries, first drafts and research, and where they go wrong.",
    "Working together online: shared documents, Teams channels, and meeting less.",
    "Short videos on a phone: filming, editing, and posting them.",
    "Finding things quickly online and judging whether a source can be trusted.",
    "Cloud storage and apps on your phone, so you can work anywhere.",
]
GOALS = [
    "I want to post on LinkedIn with confidence and understand what works.",
    "I want to know what AI tools can do for my team, and try them myself.",
    "I want to understand how our younger clients and colleagues work online.",
    "I want to run an online meeting without help and share documents properly.",
    "I want to see social media as a tool for our business, not a risk.",
]
WHY_NOW = [
    "Our clients expect it, and I notice I am behind my own team.",
    "The board asked us to lead the digital change; I want to lead by example.",
    "I have put this off for years. A personal mentor makes it concrete.",
]
WILL_CHANGE = [
    "I will share our work on LinkedIn every month.",
    "I will use AI tools in my own preparation and encourage my team to.",
    "I will run my team meetings online without a support person.",
]
RECOMMENDATION_TEXTS = [
    (
        "Completely. Keeps every promise, also on busy days.",
        "Very discreet: I have never heard them repeat what someone told them.",
        "Explains new tools patiently and without jargon; the whole team asks them.",
    ),
    (
        "Reliable and honest, also when the message is unwelcome.",
        "Knows what to keep to themselves.",
        "Good at showing rather than telling; takes the time.",
    ),
]
DECLINE_REASONS = [
    "This pilot has more mentor candidates for social media than mentees who want to learn it. "
    "Please apply again for the next cohort.",
    "We missed a colleague's recommendation on discretion. Ask someone who knows your work well next time.",
]


def build_enrolment_demo(*, programme: Programme, admin: User, seed: int, colleague: Employee | None = None) -> None:
    """Announce and open the pilot's enrolment and fill its funnel with plausible applicants and intakes.

    `colleague` (the demo coach) is asked for one recommendation, so the demo shows that page too.
    """
    rng = random.Random(seed * 31 + 4)
    now = timezone.now()
    Enrolment.objects.create(
        programme=programme,
        is_open=True,
        mentor_deadline=programme.start_date - dt.timedelta(days=28),
        mentee_deadline=programme.start_date - dt.timedelta(days=14),
    )
    taking_part = set(programme.participations.values_list("employee_id", flat=True))
    mentors = _people(programme, Role.MENTOR)
    mentees = _people(programme, Role.MENTEE)
    juniors = _pool(taking_part, range(1, 4))
    seniors = _pool(taking_part, range(7, 10))
    extra_juniors = rng.sample(juniors, sum(MENTOR_STAGES.values()) + WAITING[Role.MENTOR])
    extra_seniors = rng.sample(seniors, MENTEES_INVITED_ONLY + MENTEES_STEPPED_BACK + WAITING[Role.MENTEE])
    waiting_juniors = extra_juniors[sum(MENTOR_STAGES.values()) :]
    waiting_seniors = extra_seniors[MENTEES_INVITED_ONLY + MENTEES_STEPPED_BACK :]
    invited_juniors = extra_juniors[: sum(MENTOR_STAGES.values())]
    invited_seniors = extra_seniors[: MENTEES_INVITED_ONLY + MENTEES_STEPPED_BACK]
    Invitation.objects.bulk_create(
        [Invitation(programme=programme, employee=p, role=Role.MENTOR, invited_by=admin) for p in mentors]
        + [Invitation(programme=programme, employee=p, role=Role.MENTOR, invited_by=admin) for p in invited_juniors]
        + [Invitation(programme=programme, employee=p, role=Role.MENTEE, invited_by=admin) for p in mentees]
        + [Invitation(programme=programme, employee=p, role=Role.MENTEE, invited_by=admin) for p in invited_seniors]
    )
    applications = _applications(rng, programme, admin, mentors, invited_juniors, now)
    if colleague is not None:
        waiting = next(
            a
            for a in applications
            if a.status == ApplicationStatus.APPLIED and a.employee.department_id != colleague.department_id
        )
        Recommendation.objects.create(
            application=waiting,
            colleague=colleague,
            token=_uuid(rng),
            requested=now,
            expires=now + dt.timedelta(days=14),
        )
    with_intake = mentees[: len(mentees) - MENTEES_WITHOUT_INTAKE] + invited_seniors[MENTEES_INVITED_ONLY:]
    _intakes(rng, programme, with_intake)
    set_up_page(programme=programme, actor=admin)
    set_up_training(programme=programme, actor=admin)
    _training_progress(programme, applications, now)
    without_intake = mentees[len(mentees) - MENTEES_WITHOUT_INTAKE :] + invited_seniors[:MENTEES_INVITED_ONLY]
    _reminders(programme, admin, applications, invited_juniors[: MENTOR_STAGES["invited"]], without_intake, now)
    InterestRegistration.objects.bulk_create(
        [InterestRegistration(programme=programme, employee=p, role=Role.MENTOR) for p in waiting_juniors]
        + [InterestRegistration(programme=programme, employee=p, role=Role.MENTEE) for p in waiting_seniors]
    )


def _people(programme: Programme, role: str) -> list[Employee]:
    """The programme's people in `role`, the demo login first (so it always gets the full treatment)."""
    people = list(
        Employee.objects.filter(participations__programme=programme, participations__role=role).order_by("pk")
    )
    people.sort(key=lambda person: not person.email.startswith(f"{role}@"))
    return people


def _pool(taking_part: set[int], levels: range) -> list[Employee]:
    people = Employee.objects.filter(is_active=True, level__in=levels).order_by("pk")
    return [person for person in people if person.pk not in taking_part]


def _proficiencies(people: list[Employee]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {person.pk: {} for person in people}
    rows = EmployeeSkill.objects.filter(employee__in=people).values_list("employee_id", "skill__name", "proficiency")
    for employee_id, skill, proficiency in rows.order_by("employee_id", "skill__name"):
        found[employee_id][skill] = proficiency
    return found


def _applications(
    rng: random.Random,
    programme: Programme,
    admin: User,
    mentors: list[Employee],
    juniors: list[Employee],
    now: dt.datetime,
) -> list[MentorApplication]:
    """Accepted mentors (trained or not), and juniors waiting at each stage, declined, or stepped back."""
    stages = ["accepted-trained"] * (len(mentors) - UNTRAINED_MENTORS) + ["accepted"] * UNTRAINED_MENTORS
    for stage, count in MENTOR_STAGES.items():
        stages += [stage] * (0 if stage == "invited" else count)
    applicants = mentors + juniors[MENTOR_STAGES["invited"] :]
    topics = list(programme.topics.order_by("name").values_list("name", flat=True))
    learnable = list(Skill.objects.exclude(name__in=topics).order_by("name").values_list("name", flat=True))
    known = _proficiencies(applicants)
    applications = []
    for person, stage in zip(applicants, stages, strict=True):
        decided = stage.startswith("accepted") or stage in ("declined", "stepped_back")
        status = ApplicationStatus.DECLINED if stage == "declined" else ApplicationStatus.ACCEPTED
        applications.append(
            MentorApplication(
                programme=programme,
                employee=person,
                status=status if decided else ApplicationStatus.APPLIED,
                skills={key: known[person.pk].get(key, rng.randint(1, 3)) for key in topics},
                teaching=rng.choice(TEACHING),
                wants={key: rng.randint(1, 3) for key in rng.sample(learnable, 2)},
                capacity=rng.choice([1, 1, 2, 2, 3]),
                pledged=now,
                decided=now if decided else None,
                decided_by=admin if decided else None,
                decision_reason=rng.choice(DECLINE_REASONS) if stage == "declined" else "",
                trained=now if stage in ("accepted-trained", "stepped_back") else None,
            )
        )
    MentorApplication.objects.bulk_create(applications)
    _interests(applications)
    _recommendations(rng, applications, stages, now)
    return applications


def _interests(applications: list[MentorApplication]) -> None:
    through = MentorApplication.interests.through
    people = Employee.interests.through.objects.filter(employee__in=[a.employee for a in applications])
    interests: dict[int, list[int]] = {}
    for employee_id, interest_id in people.order_by("employee_id", "interest_id").values_list(
        "employee_id", "interest_id"
    ):
        interests.setdefault(employee_id, []).append(interest_id)
    through.objects.bulk_create(
        through(mentorapplication_id=a.pk, interest_id=interest)
        for a in applications
        for interest in interests.get(a.employee_id, [])
    )


def _recommendations(
    rng: random.Random, applications: list[MentorApplication], stages: list[str], now: dt.datetime
) -> None:
    """A submitted recommendation from a department colleague for everyone past 'applied'; a pending link else."""
    colleagues: dict[int, list[int]] = {}
    for pk, department in Employee.objects.filter(is_active=True).order_by("pk").values_list("pk", "department_id"):
        colleagues.setdefault(department, []).append(pk)
    rows = []
    for application, stage in zip(applications, stages, strict=True):
        pool = [pk for pk in colleagues[application.employee.department_id] if pk != application.employee_id]
        first = rng.randrange(len(RECOMMENDATION_TEXTS))
        for n, colleague in enumerate(rng.sample(pool, 2 if stage == "recommended" else 1)):
            pending = stage == "applied"
            texts = RECOMMENDATION_TEXTS[(first + n) % len(RECOMMENDATION_TEXTS)]
            rows.append(
                Recommendation(
                    application=application,
                    colleague_id=colleague,
                    token=_uuid(rng),
                    requested=now - dt.timedelta(days=3),
                    expires=now + dt.timedelta(days=11),
                    submitted=None if pending else now,
                    trustworthiness="" if pending else texts[0],
                    discretion="" if pending else texts[1],
                    explaining="" if pending else texts[2],
                )
            )
    Recommendation.objects.bulk_create(rows)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _intakes(rng: random.Random, programme: Programme, seniors: list[Employee]) -> None:
    topics = list(programme.topics.order_by("name").values_list("name", flat=True))
    kpi = Kpi.objects.filter(goal__programme=programme).order_by("pk").first()
    known = _proficiencies(seniors)
    social = [value for value, _ in SocialUse.choices]
    MenteeIntake.objects.bulk_create(
        MenteeIntake(
            programme=programme,
            employee=person,
            goals=rng.choice(GOALS),
            wants={key: rng.randint(1, 3) for key in rng.sample(topics, rng.randint(1, 3))},
            skill_scores={key: min(5, known[person.pk].get(key, rng.randint(0, 2)) + 1) for key in topics},
            kpi_scores={str(kpi.pk): rng.randint(1, 3)} if kpi else {},
            linkedin=rng.choice(social),
            facebook=rng.choice(social),
            blogs=rng.choice([value for value, _ in BlogUse.choices]),
            online_shopping=rng.choice([value for value, _ in ShoppingUse.choices]),
            familiarity={key: rng.randint(1, 4) for key in FAMILIARITY_AREAS},
            why_now=rng.choice(WHY_NOW),
            what_will_change=rng.choice(WILL_CHANGE),
            hours_per_week=Decimal(rng.choice(["1.0", "1.5", "2.0", "3.0"])),
        )
        for person in seniors
    )


def _training_progress(programme: Programme, applications: list[MentorApplication], now: dt.datetime) -> None:
    """Trained mentors passed every module, a day apart; the untrained ones are 0 to 5 modules in, in turn."""
    modules = list(TrainingModule.objects.filter(programme=programme).order_by("position", "id"))
    accepted = [a for a in applications if a.status == ApplicationStatus.ACCEPTED]
    untrained = [a for a in accepted if a.trained is None]
    passed = {a.pk: len(modules) for a in accepted if a.trained is not None}
    passed |= {a.pk: n % len(modules) for n, a in enumerate(untrained)}
    TrainingProgress.objects.bulk_create(
        TrainingProgress(application=a, module=module, passed=now - dt.timedelta(days=len(modules) - k))
        for a in accepted
        for k, module in enumerate(modules[: passed[a.pk]])
    )


def _reminders(
    programme: Programme,
    admin: User,
    applications: list[MentorApplication],
    not_applied: list[Employee],
    without_intake: list[Employee],
    now: dt.datetime,
) -> None:
    """Some of those waiting were reminded: by the daily task two days ago, and by the admin yesterday."""
    untrained = [a.employee for a in applications if a.status == ApplicationStatus.ACCEPTED and a.trained is None]
    two_days_ago, yesterday = now - dt.timedelta(days=2), now - dt.timedelta(days=1)
    Reminder.objects.bulk_create(
        [
            Reminder(programme=programme, employee=p, kind=ReminderKind.APPLY, sent=two_days_ago)
            for p in not_applied[: REMINDED[ReminderKind.APPLY]]
        ]
        + [
            Reminder(programme=programme, employee=p, kind=ReminderKind.INTAKE, sent=two_days_ago)
            for p in without_intake[: REMINDED[ReminderKind.INTAKE]]
        ]
        + [
            Reminder(programme=programme, employee=p, kind=ReminderKind.TRAINING, sent=yesterday, sent_by=admin)
            for p in untrained
        ]
    )
