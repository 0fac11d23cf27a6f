"""A deterministic demo organisation: ~600 employees, a manager tree, skills, and a PwC-shaped pilot.

The same seed always gives the same people, reporting lines, skills and participations: every random
choice comes from one `random.Random(seed)`, and nothing is iterated in an unordered way.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from omkeer.accounts.models import User
from omkeer.demo.board import build_board_demo
from omkeer.demo.enrolment import build_enrolment_demo
from omkeer.demo.evaluation import build_evaluation_demo
from omkeer.demo.mentorships import build_mentorship_demo
from omkeer.demo.voice import build_voice_demo
from omkeer.people.models import Department, Employee, EmployeeSkill, Interest, Skill, SkillCategory, Team
from omkeer.people.services import rebuild_reporting_paths
from omkeer.programmes.models import Cadence, Goal, Kpi, Participation, Programme, Role, Status

DEMO_PASSWORD = "omkeer-demo"  # noqa: S105 - a published demo password, not a secret
DEMO_DOMAIN = "demo.omkeer.nl"
DEFAULT_SEED = 2026
HR_EMAIL = f"hr@{DEMO_DOMAIN}"
COACH_EMAIL = f"coach@{DEMO_DOMAIN}"
MENTOR_EMAIL = f"mentor@{DEMO_DOMAIN}"
MENTEE_EMAIL = f"mentee@{DEMO_DOMAIN}"
STAFF_EMAIL = f"staff@{DEMO_DOMAIN}"
DEMO_LOGINS: list[tuple[str, str]] = [
    ("programme admin (HR)", HR_EMAIL),
    ("coach", COACH_EMAIL),
    ("mentor", MENTOR_EMAIL),
    ("mentee", MENTEE_EMAIL),
    ("Django admin (staff)", STAFF_EMAIL),
]

TARGET_EMPLOYEES = 600
MENTOR_CANDIDATES = 122  # PwC: 122 millennials ...
MENTEES = 200  # ... mentoring 200 partners and directors
MENTOR_LEVELS = range(1, 4)
MENTEE_LEVELS = range(7, 10)
# Team members per level below the team leads; level 1 fills up to TARGET_EMPLOYEES.
MEMBER_LEVELS = {7: 140, 6: 40, 5: 45, 4: 50, 3: 70, 2: 80}
LEAD_LEVEL_SHARES = ((8, 0.65), (7, 0.2))  # the rest of the team leads are level 6

PILOT_NAME = "Digital leadership"
PILOT_DESCRIPTION = (
    "A six-month pilot in which junior colleagues mentor senior managers, directors and partners on "
    "digital skills: social media and LinkedIn, cloud and mobile tools, AI tools, and working together "
    "online. Each pair meets once a month for an hour, and the junior mentor leads the session. Mentees "
    "commit at least one hour a week, including reading and practice between sessions, and can talk to "
    "a coach. Mentors are trained before they are matched and meet every quarter to share experiences. "
    "At the end of June we compare the mentees' self-assessment and LinkedIn activity with the baseline, "
    "and decide whether to continue."
)
PILOT_GOALS: list[tuple[str, list[tuple[str, str, str, str]]]] = [
    (
        "Senior leaders use digital and social media with confidence",
        [
            ("Mentee digital self-assessment", "score 1–5", "2.1", "3.5"),
            ("LinkedIn posts per mentee per month", "posts per month", "0.2", "1.0"),
        ],
    ),
    ("Young talent stays", [("Retention of junior mentors after 12 months", "%", "82", "90")]),
    (
        "Junior mentors feel safe to give open feedback",
        [("Mentors who feel safe to speak openly", "%", "60", "85")],
    ),
]

DIGITAL, LEADERSHIP, BUSINESS = "Digital", "Leadership", "Business"
SKILLS: list[tuple[str, str, str, str]] = [
    ("social_media", "Social media", "Sociale media", DIGITAL),
    ("linkedin", "LinkedIn", "LinkedIn", DIGITAL),
    ("cloud", "Cloud services", "Clouddiensten", DIGITAL),
    ("mobile", "Mobile apps", "Mobiele apps", DIGITAL),
    ("ai_tools", "AI tools", "AI-tools", DIGITAL),
    ("data_analysis", "Data analysis", "Data-analyse", DIGITAL),
    ("online_collaboration", "Online collaboration", "Online samenwerken", DIGITAL),
    ("search_online", "Searching online", "Online zoeken", DIGITAL),
    ("cyber_security", "Cyber security", "Cyberveiligheid", DIGITAL),
    ("video_content", "Video content", "Videocontent", DIGITAL),
    ("strategy", "Strategy", "Strategie", LEADERSHIP),
    ("leadership", "Leadership", "Leiderschap", LEADERSHIP),
    ("stakeholder_management", "Stakeholder management", "Stakeholdermanagement", LEADERSHIP),
    ("negotiation", "Negotiation", "Onderhandelen", BUSINESS),
    ("client_relations", "Client relations", "Klantrelaties", BUSINESS),
    ("public_speaking", "Public speaking", "Spreken in het openbaar", BUSINESS),
]
SKILL_OFFSETS = {"cyber_security": -0.5, "cloud": -0.3, "video_content": -0.2, "linkedin": 0.3}
DEPARTMENT_STRENGTHS: dict[str, dict[str, float]] = {
    "Technology": {"cloud": 0.8, "cyber_security": 0.9, "data_analysis": 0.6, "ai_tools": 0.6},
    "Marketing & Communications": {"social_media": 0.6, "video_content": 0.9, "linkedin": 0.5},
    "Deals": {"negotiation": 0.6, "data_analysis": 0.3},
    "Consulting": {"strategy": 0.3, "stakeholder_management": 0.4},
    "Tax & Legal": {"negotiation": 0.3},
}
INTERESTS = [
    "cycling", "running", "football", "hockey", "music", "photography", "cooking", "travel", "gaming",
    "reading", "sustainability", "volunteering", "art", "sailing", "chess", "yoga", "podcasts", "gardening",
]  # fmt: skip

# Department -> (title of its head, candidate team names). The first team is always present.
DEPARTMENTS: dict[str, tuple[str, list[str]]] = {
    "Audit & Assurance": ("Partner, Head of Audit & Assurance", [
        "Financial Services Audit", "Public Sector Audit", "Consumer Markets Audit",
        "Industrial Products Audit", "Technology & Media Audit", "Risk Assurance", "Sustainability Assurance",
        "IT Audit", "Accounting Advisory", "Audit Innovation",
    ]),
    "Tax & Legal": ("Partner, Head of Tax & Legal", [
        "Corporate Tax", "International Tax", "Indirect Tax", "Transfer Pricing", "Private Clients",
        "Employment Tax", "Tax Technology", "Corporate Legal", "Employment Law", "Customs & Trade",
    ]),
    "Consulting": ("Partner, Head of Consulting", [
        "Strategy", "Operations", "Customer & Growth", "Supply Chain", "Finance Transformation",
        "Risk & Regulation", "Public Sector Consulting", "Health Consulting", "Energy Transition",
        "Change & Organisation",
    ]),
    "Deals": ("Partner, Head of Deals", [
        "Mergers & Acquisitions", "Transaction Services", "Valuations", "Restructuring", "Forensics",
        "Corporate Finance", "Infrastructure Deals", "Deals Analytics", "Capital Markets", "Private Equity",
    ]),
    "Technology": ("Chief Technology Officer", [
        "Cloud Platforms", "Cyber Security", "Data & Analytics", "Workplace Technology",
        "Application Development", "Service Desk", "Enterprise Architecture", "AI Lab", "Networks",
        "Identity & Access",
    ]),
    "Finance": ("Chief Financial Officer", [
        "Financial Control", "Accounts Payable", "Treasury", "Planning & Analysis", "Billing", "Procurement",
        "Internal Audit", "Tax Compliance", "Management Reporting", "Facilities",
    ]),
    "People & HR": ("Chief People Officer", [
        "Learning & Development", "Recruitment", "HR Business Partners", "Reward & Benefits",
        "Diversity & Inclusion", "HR Operations", "Wellbeing", "Talent Management", "Global Mobility",
        "Employee Relations",
    ]),
    "Marketing & Communications": ("Chief Marketing Officer", [
        "Brand", "Digital Marketing", "Internal Communications", "Events", "Content Studio",
        "Media Relations", "Market Insights", "Social Media", "Design", "Client Programmes",
    ]),
}  # fmt: skip
HR_DEPARTMENT, LD_TEAM = "People & HR", "Learning & Development"
TEAMS_PER_DEPARTMENT = (7, 8)
DIRECTORS_PER_DEPARTMENT = (3, 4)

LEVEL_TITLES = {
    1: "Junior Associate", 2: "Associate", 3: "Senior Associate", 4: "Consultant", 5: "Senior Consultant",
    6: "Manager", 7: "Senior Manager", 8: "Director", 9: "Partner", 10: "Chief Executive Officer",
}  # fmt: skip
BIRTH_YEARS = {
    1: (2000, 2004), 2: (1998, 2003), 3: (1996, 2001), 4: (1993, 1999), 5: (1990, 1997),
    6: (1986, 1994), 7: (1975, 1985), 8: (1970, 1983), 9: (1964, 1980), 10: (1962, 1972),
}  # fmt: skip

FIRST_NAMES_YOUNGER = [
    "Daan", "Sem", "Finn", "Levi", "Luuk", "Milan", "Jesse", "Thijs", "Bram", "Noah", "Liam", "Sven",
    "Emma", "Julia", "Tess", "Sophie", "Lotte", "Fleur", "Noor", "Saar", "Zoë", "Chloë", "Isa", "Evi",
    "Mehmet", "Emre", "Zeynep", "Elif", "Youssef", "Soufiane", "Nadia", "Aïcha", "Priya", "Arjun", "Wei",
    "Linh", "Kwame", "Ama", "Mateo", "Sofía", "Inês", "Luca", "Giulia", "Björn", "Noël", "Jayden",
]  # fmt: skip
FIRST_NAMES_OLDER = [
    "Hans", "Pieter", "Willem", "Joost", "Maarten", "Jeroen", "Gert-Jan", "Erik", "Marco", "Wouter",
    "Frank", "Rob", "Ingrid", "Monique", "Marieke", "Annemiek", "Marloes", "Mirjam", "Esther", "Inge",
    "Wendy", "Linda", "Daniëlle", "Hélène", "Renée", "René", "José", "Ünal", "Ayşe", "Fatima", "Mohammed",
    "Raúl", "Mónica", "François", "Søren", "Jörg", "Małgorzata", "Łukasz", "Agnieszka", "Chidi",
]  # fmt: skip
FIRST_NAMES_ANY = [
    "Lucas", "Ruben", "Lars", "Koen", "Niels", "Sander", "Bas", "Anna", "Eva", "Iris", "Sanne", "Lisa",
    "Femke", "Anouk", "Marta", "Olivia", "João", "Mei", "Ahmed", "Samira",
]  # fmt: skip
SURNAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok",
    "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn",
    "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas",
    "Verhoeven", "Koster", "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "de Lange", "Kuipers",
    "van Wijk", "Postma", "Kramer", "van den Bosch", "Yılmaz", "Öztürk", "Demir", "Kaya", "Şahin",
    "El Amrani", "Benali", "El Idrissi", "Nguyen", "Tran", "Chen", "Wang", "Singh", "Patel", "Ramdin",
    "Sardjoe", "Santos", "García", "Fernández", "Müller", "Schmidt", "Kowalski", "Nowak", "Rossi",
    "O'Brien", "Dubois", "Janssens", "Mertens", "Silva", "Okafor", "Mensah", "Bijl", "Çelik",
]  # fmt: skip
TRANSLITERATE = str.maketrans({"ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae"})


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` created."""

    employees: int
    departments: int
    teams: int
    mentors: int
    mentees: int
    programme: str = PILOT_NAME
    pairs: int = 0

    def text(self) -> str:
        """One sentence for the console."""
        return (
            f"Demo organisation ready: {self.employees} employees, {self.departments} departments, "
            f'{self.teams} teams; pilot "{self.programme}" with {self.mentors} mentor candidates '
            f"and {self.mentees} mentees; a first cohort with {self.pairs} mentorships at every stage."
        )


@dataclass
class _Org:
    """The organisation being planned: unsaved employees in save order (managers before reports)."""

    rng: random.Random
    teams: dict[str, list[Team]]
    waves: list[list[Employee]] = field(default_factory=list)
    heads: dict[str, Employee] = field(default_factory=dict)
    directors: dict[str, list[Employee]] = field(default_factory=dict)
    leads: list[Employee] = field(default_factory=list)
    special: dict[str, Employee] = field(default_factory=dict)

    @property
    def everyone(self) -> list[Employee]:
        return [person for wave in self.waves for person in wave]


def build_demo(*, seed: int = DEFAULT_SEED) -> DemoSummary:
    """Create the demo organisation, taxonomy, pilot programme and demo logins in one transaction.

    Refuses (ValueError) when any employee exists: it never mixes with or replaces real data.
    """
    if Employee.objects.exists():
        raise ValueError("The database already has employees; use --if-empty")
    rng = random.Random(seed)
    with transaction.atomic():
        skills = _create_skills()
        interests = [Interest.objects.get_or_create(name=name)[0] for name in INTERESTS]
        org = _plan_organisation(rng, _create_departments(rng))
        _name_people(rng, org.everyone)
        _set_demo_emails(org.special)
        for wave in org.waves:
            Employee.objects.bulk_create(wave)
        _give_skills(rng, org.everyone, skills)
        _give_interests(rng, org.everyone, interests)
        programme = _create_pilot(rng, org, skills)
        _create_users(org.special)
        rebuild_reporting_paths()
        build_enrolment_demo(
            programme=programme,
            admin=User.objects.get(username=HR_EMAIL),
            seed=seed,
            colleague=org.special["coach"],
        )
        pairs = build_mentorship_demo(
            admin=org.special["hr"],
            coach=org.special["coach"],
            mentor=org.special["mentor"],
            mentee=org.special["mentee"],
            seed=seed,
        )
        build_board_demo(
            admin=org.special["hr"],
            coach=org.special["coach"],
            mentor=org.special["mentor"],
            mentee=org.special["mentee"],
            seed=seed,
        )
        build_voice_demo(pilot=programme, seed=seed)
        build_evaluation_demo(
            admin=org.special["hr"], mentor=org.special["mentor"], mentee=org.special["mentee"], seed=seed
        )
    return _summary(programme, pairs)


def logins_text() -> str:
    """The demo logins as a small table, with the address and the shared password."""
    width = max(len(label) for label, _ in DEMO_LOGINS) + 2
    rows = [f"  {label:<{width}}{email}" for label, email in DEMO_LOGINS]
    header = f"Log in at {settings.SITE_URL.rstrip('/')}/ with password {DEMO_PASSWORD}:"
    footer = "HR, the coach and staff set up two-factor authentication at their first login (any authenticator app)."
    return "\n".join([header, *rows, footer])


def _summary(programme: Programme, pairs: int) -> DemoSummary:
    roles = programme.role_counts()
    return DemoSummary(
        employees=Employee.objects.count(),
        departments=Department.objects.count(),
        teams=Team.objects.count(),
        mentors=roles[Role.MENTOR],
        mentees=roles[Role.MENTEE],
        programme=programme.name,
        pairs=pairs,
    )


# --- taxonomy and departments -------------------------------------------------------------------


def _create_skills() -> dict[str, Skill]:
    categories = {name: SkillCategory.objects.get_or_create(name=name)[0] for name in (DIGITAL, LEADERSHIP, BUSINESS)}
    skills = {}
    for key, label, label_nl, category in SKILLS:
        defaults = {"label": label, "label_nl": label_nl, "category": categories[category]}
        skills[key] = Skill.objects.get_or_create(name=key, defaults=defaults)[0]
    return skills


def _create_departments(rng: random.Random) -> dict[str, list[Team]]:
    departments = Department.objects.bulk_create([Department(name=name) for name in DEPARTMENTS])
    teams: dict[str, list[Team]] = {}
    for department in departments:
        first, *others = DEPARTMENTS[department.name][1]
        names = [first, *rng.sample(others, rng.randint(*TEAMS_PER_DEPARTMENT) - 1)]
        teams[department.name] = [Team(department=department, name=name) for name in names]
    Team.objects.bulk_create([team for dept_teams in teams.values() for team in dept_teams])
    return teams


# --- the manager tree ---------------------------------------------------------------------------


def _person(
    department: Department, team: Team | None, manager: Employee | None, level: int, title: str = ""
) -> Employee:
    return Employee(
        department=department, team=team, manager=manager, level=level, job_title=title or LEVEL_TITLES[level]
    )


def _plan_organisation(rng: random.Random, teams: dict[str, list[Team]]) -> _Org:
    org = _Org(rng=rng, teams=teams)
    departments = [dept_teams[0].department for dept_teams in teams.values()]
    ceo = _person(departments[0], None, None, 10)
    org.waves.append([ceo])
    org.heads = {dept.name: _person(dept, None, ceo, 9, DEPARTMENTS[dept.name][0]) for dept in departments}
    org.waves.append(list(org.heads.values()))
    org.directors = {dept.name: _plan_directors(rng, dept, org.heads[dept.name]) for dept in departments}
    org.waves.append([person for people in org.directors.values() for person in people])
    org.leads = _plan_leads(org)
    org.waves.append(org.leads)
    org.waves.append(_plan_members(org))
    _pick_mentor_and_mentee(org)
    return org


def _plan_directors(rng: random.Random, department: Department, head: Employee) -> list[Employee]:
    return [_person(department, None, head, 8) for _ in range(rng.randint(*DIRECTORS_PER_DEPARTMENT))]


def _lead_levels(rng: random.Random, count: int) -> list[int]:
    levels: list[int] = []
    for level, share in LEAD_LEVEL_SHARES:
        levels += [level] * round(count * share)
    levels += [6] * (count - len(levels))
    rng.shuffle(levels)
    return levels


def _plan_leads(org: _Org) -> list[Employee]:
    """One lead per team (level 6–8) under the head, or under a director when the lead is below 8."""
    teams = [team for dept_teams in org.teams.values() for team in dept_teams]
    levels = iter(_lead_levels(org.rng, len(teams) - 1))
    leads = []
    for team in teams:
        is_ld = team.name == LD_TEAM and team.department.name == HR_DEPARTMENT
        level = 7 if is_ld else next(levels)
        bosses = [org.heads[team.department.name]]
        if level < 8:
            bosses += org.directors[team.department.name]
        lead = _person(team.department, team, org.rng.choice(bosses), level, _lead_title(level, is_ld))
        if is_ld:
            org.special["hr"] = lead
        leads.append(lead)
    return leads


def _lead_title(level: int, is_ld: bool) -> str:
    return "Learning & Development Lead" if is_ld else f"{LEVEL_TITLES[level]}, team lead"


def _member_levels(org: _Org) -> list[int]:
    """Levels of all team members, most senior first (they have the fewest teams to choose from)."""
    planned = sum(len(wave) for wave in org.waves)
    levels = [level for level, count in MEMBER_LEVELS.items() for _ in range(count)]
    levels += [1] * (TARGET_EMPLOYEES + org.rng.randint(-5, 5) - planned - len(levels))
    levels.remove(6)  # the coach, planned separately
    return sorted(levels, reverse=True)


def _plan_members(org: _Org) -> list[Employee]:
    """Spread members over teams whose lead is more senior, keeping team sizes close to each other."""
    leads = list(org.leads)
    org.rng.shuffle(leads)
    sizes = Counter({id(lead): 0 for lead in leads})
    ld_lead = org.special["hr"]
    coach = _person(ld_lead.department, ld_lead.team, ld_lead, 6, "Learning & Development Coach")
    org.special["coach"] = coach
    sizes[id(ld_lead)] += 1
    members = [coach]
    for level in _member_levels(org):
        eligible = [lead for lead in leads if lead.level > level]
        smallest = min(sizes[id(lead)] for lead in eligible)
        lead = org.rng.choice([lead for lead in eligible if sizes[id(lead)] <= smallest + 1])
        sizes[id(lead)] += 1
        members.append(_person(lead.department, lead.team, lead, level))
    return members


def _pick_mentor_and_mentee(org: _Org) -> None:
    """The demo mentee leads a team; the demo mentor is an associate in another department."""
    leads = [lead for lead in org.leads if lead.level == 8 and lead.department.name != HR_DEPARTMENT]
    mentee = org.special["mentee"] = org.rng.choice(leads)
    associates = [
        person
        for person in org.waves[-1]
        if person.level == 2 and person.department.name not in (HR_DEPARTMENT, mentee.department.name)
    ]
    org.special["mentor"] = org.rng.choice(associates)


# --- names, skills, interests -------------------------------------------------------------------


def _first_names(level: int) -> list[str]:
    return (FIRST_NAMES_YOUNGER if level <= 5 else FIRST_NAMES_OLDER) + FIRST_NAMES_ANY


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.translate(TRANSLITERATE)).encode("ascii", "ignore").decode()
    return "".join(char for char in ascii_text.lower() if char.isalnum())


def _name_people(rng: random.Random, people: Sequence[Employee]) -> None:
    """Employee ids in save order, names fitting the generation, unique first.last e-mail addresses."""
    seen: Counter[str] = Counter()
    for number, person in enumerate(people, start=1):
        person.employee_id = f"E{number:05d}"
        person.first_name = rng.choice(_first_names(person.level))
        person.last_name = rng.choice(SURNAMES)
        person.birth_year = rng.randint(*BIRTH_YEARS[person.level])
        local = f"{_slug(person.first_name)}.{_slug(person.last_name)}"
        seen[local] += 1
        suffix = str(seen[local]) if seen[local] > 1 else ""
        person.email = f"{local}{suffix}@{DEMO_DOMAIN}"


def _set_demo_emails(special: dict[str, Employee]) -> None:
    emails = {"hr": HR_EMAIL, "coach": COACH_EMAIL, "mentor": MENTOR_EMAIL, "mentee": MENTEE_EMAIL}
    for role, email in emails.items():
        special[role].email = email


def _proficiency(rng: random.Random, person: Employee, key: str, category: str) -> int:
    """Digital skills fall with seniority, leadership and business skills rise with it."""
    seniority = (person.level - 1) / 9
    mean = 3.5 - 2.5 * seniority if category == DIGITAL else 0.7 + 2.9 * seniority
    mean += SKILL_OFFSETS.get(key, 0) + DEPARTMENT_STRENGTHS.get(person.department.name, {}).get(key, 0)
    return max(0, min(4, round(rng.gauss(mean, 0.7))))


def _give_skills(rng: random.Random, people: Iterable[Employee], skills: dict[str, Skill]) -> None:
    categories = {key: category for key, _, _, category in SKILLS}
    rows = []
    for person in people:
        for key in rng.sample(list(skills), rng.randint(4, 8)):
            proficiency = _proficiency(rng, person, key, categories[key])
            rows.append(EmployeeSkill(employee=person, skill=skills[key], proficiency=proficiency))
    EmployeeSkill.objects.bulk_create(rows)


def _give_interests(rng: random.Random, people: Iterable[Employee], interests: list[Interest]) -> None:
    through = Employee.interests.through
    rows = [
        through(employee_id=person.pk, interest_id=interest.pk)
        for person in people
        for interest in rng.sample(interests, rng.randint(1, 4))
    ]
    through.objects.bulk_create(rows)


# --- the pilot and the logins -------------------------------------------------------------------


def _create_pilot(rng: random.Random, org: _Org, skills: dict[str, Skill]) -> Programme:
    programme = Programme.objects.create(
        name=PILOT_NAME,
        description=PILOT_DESCRIPTION,
        status=Status.PILOT,
        cadence=Cadence.MONTHLY,
        session_minutes=60,
        start_date=dt.date(2027, 1, 11),
        end_date=dt.date(2027, 6, 30),
        min_mentee_hours_per_week=Decimal("1.0"),
    )
    programme.topics.set([skills[key] for key, _, _, category in SKILLS if category == DIGITAL])
    _create_goals(programme)
    _create_participations(rng, programme, org)
    return programme


def _create_goals(programme: Programme) -> None:
    for title, kpis in PILOT_GOALS:
        goal = Goal.objects.create(programme=programme, title=title)
        Kpi.objects.bulk_create(
            Kpi(goal=goal, name=name, unit=unit, baseline=Decimal(baseline), target=Decimal(target))
            for name, unit, baseline, target in kpis
        )


def _pick(rng: random.Random, org: _Org, levels: range, count: int, role: str) -> list[Employee]:
    """`count` people within `levels`: the demo person for `role` and others who are no demo person."""
    demo = org.special[role]
    taken = {id(person) for person in org.special.values()}
    pool = [person for person in org.everyone if person.level in levels and id(person) not in taken]
    return [demo, *rng.sample(pool, count - 1)]


def _create_participations(rng: random.Random, programme: Programme, org: _Org) -> None:
    """The HR admin, the coach, the mentor candidates and the senior mentees."""
    mentors = _pick(rng, org, MENTOR_LEVELS, MENTOR_CANDIDATES, "mentor")
    mentees = _pick(rng, org, MENTEE_LEVELS, MENTEES, "mentee")
    rows = [
        Participation(programme=programme, employee=org.special["hr"], role=Role.ADMIN),
        Participation(programme=programme, employee=org.special["coach"], role=Role.COACH),
        *(Participation(programme=programme, employee=person, role=Role.MENTOR) for person in mentors),
        *(Participation(programme=programme, employee=person, role=Role.MENTEE) for person in mentees),
    ]
    Participation.objects.bulk_create(rows)


def _create_users(special: dict[str, Employee]) -> None:
    """The demo logins (username = e-mail), sharing one password hash: hashing is deliberately slow."""
    password = make_password(DEMO_PASSWORD)
    for role in ("hr", "coach", "mentor", "mentee"):
        person = special[role]
        User.objects.update_or_create(
            username=person.email,
            defaults={
                "email": person.email,
                "password": password,
                "employee": person,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "is_hr": role == "hr",
            },
        )
    staff = {"first_name": "Demo", "last_name": "Staff", "is_staff": True, "is_superuser": True}
    User.objects.update_or_create(username=STAFF_EMAIL, defaults={"email": STAFF_EMAIL, "password": password, **staff})
