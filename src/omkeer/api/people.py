import datetime as dt
from typing import TypeVar

from django.db.models import Count, Model, Q, QuerySet
from ninja import File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.people import employees_visible_to, get_employee_for_user
from omkeer.api.bodies import Text
from omkeer.api.errors import ErrorOut, answers
from omkeer.api.pagination import Pagination
from omkeer.people.hrimport import import_people
from omkeer.people.models import Department, Employee, Skill, Team
from omkeer.people.services import record_profile_view

router = Router(tags=["people"])
M = TypeVar("M", bound=Model)


class PersonOut(Schema):
    employee_id: str
    first_name: str
    last_name: str
    email: str
    department: str
    team: str | None
    manager_id: str | None
    level: int
    job_title: str
    is_active: bool

    @staticmethod
    def resolve_department(obj: Employee) -> str:
        return obj.department.name

    @staticmethod
    def resolve_team(obj: Employee) -> str | None:
        return obj.team.name if obj.team else None

    @staticmethod
    def resolve_manager_id(obj: Employee) -> str | None:
        return obj.manager.employee_id if obj.manager else None


class SkillLevel(Schema):
    skill: str
    proficiency: int


class PersonDetailOut(PersonOut):
    skills: list[SkillLevel]
    interests: list[str]
    managers: list[str]

    @staticmethod
    def resolve_skills(obj: Employee) -> list[dict[str, object]]:
        return [{"skill": es.skill.name, "proficiency": es.proficiency} for es in obj.skills.select_related("skill")]

    @staticmethod
    def resolve_interests(obj: Employee) -> list[str]:
        return [interest.name for interest in obj.interests.all()]

    @staticmethod
    def resolve_managers(obj: Employee) -> list[str]:
        ids = dict(Employee.objects.filter(pk__in=obj.chain_ids).values_list("pk", "employee_id"))
        return [ids[pk] for pk in obj.chain_ids if pk in ids]


class PeopleFilter(Schema):
    q: Text = ""
    department: Text | None = None
    team: Text | None = None
    level_min: int | None = None
    level_max: int | None = None
    skill: Text | None = None
    min_proficiency: int | None = None
    include_inactive: bool = False


class TeamOut(Schema):
    id: int
    name: str
    department: str
    members: int


class SkillOut(Schema):
    name: str
    label: str
    category: str | None


class ProblemOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    ok: bool
    dry_run: bool
    summary: str
    rows: int
    created: int
    updated: int
    unchanged: int
    missing: list[str]
    deactivated: int
    new_skills: list[str]
    problems: list[ProblemOut]
    as_of: dt.date | None
    history: int


def _named(qs: QuerySet[M], field: str, name: str | None) -> M | None:
    """The row called `name`, None when no filter was given; an unknown name is a 400 naming the field."""
    if not name:
        return None
    found = list(qs.filter(name=name)[:2])
    if not found:
        raise HttpError(400, f"{field}: unknown {field} {name!r}")
    if len(found) > 1:
        raise HttpError(400, f"{field}: {name!r} exists in several departments; give the department too")
    return found[0]


@router.get("/people", response=answers({200: list[PersonOut]}, 400, 422), operation_id="people_list")
@paginate(Pagination)
def people_list(request: AuthenticatedHttpRequest, filters: Query[PeopleFilter]) -> object:
    qs = employees_visible_to(request.user)
    if not filters.include_inactive:
        qs = qs.filter(is_active=True)
    department = _named(Department.objects.all(), "department", filters.department)
    teams = Team.objects.filter(department=department) if department else Team.objects.all()
    qs = qs.matching(
        q=filters.q,
        department=department,
        team=_named(teams, "team", filters.team),
        level_min=filters.level_min,
        level_max=filters.level_max,
        skill=_named(Skill.objects.all(), "skill", filters.skill),
        min_proficiency=filters.min_proficiency,
    )
    return qs.select_related("department", "team", "manager").order_by("employee_id")


@router.post(
    "/people/import", response=answers({200: ImportOut, 400: ImportOut | ErrorOut}, 422), operation_id="people_import"
)
def people_import(
    request: AuthenticatedHttpRequest,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
    deactivate_missing: Form[bool] = False,
    as_of: Form[dt.date | None] = None,
) -> Status[dict[str, object]]:
    """Import the HR file. A 400 is the report with the file's problems (nothing is written), or `detail` when the
    upload itself cannot be read."""
    report = import_people(
        data=file.read(),
        filename=file.name or "upload.csv",
        actor=request.user,
        dry_run=dry_run,
        deactivate_missing=deactivate_missing,
        as_of=as_of,
    )
    return Status(200 if report.ok else 400, report.as_dict())


@router.get("/people/{employee_id}", response=answers({200: PersonDetailOut}, 404, 422), operation_id="people_detail")
def people_detail(request: AuthenticatedHttpRequest, employee_id: Text) -> Employee:
    employee = get_employee_for_user(request, employee_id)
    record_profile_view(actor=request.user, employee=employee)
    return employee


@router.get("/teams", response=answers({200: list[TeamOut]}), operation_id="teams_list")
def teams_list(request: AuthenticatedHttpRequest) -> list[dict[str, object]]:
    teams = Team.objects.select_related("department").annotate(
        members=Count("employees", filter=Q(employees__is_active=True))
    )
    return [{"id": t.pk, "name": t.name, "department": t.department.name, "members": t.members} for t in teams]


@router.get("/skills", response=answers({200: list[SkillOut]}), operation_id="skills_list")
def skills_list(request: AuthenticatedHttpRequest) -> list[dict[str, object]]:
    return [
        {"name": s.name, "label": s.display_label, "category": s.category.name if s.category else None}
        for s in Skill.objects.select_related("category")
    ]
