import datetime as dt
from decimal import Decimal

from ninja import Router, Schema

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user, programmes_visible_to
from omkeer.api.errors import answers
from omkeer.programmes.models import Goal, Kpi, Programme

router = Router(tags=["programmes"])


class KpiOut(Schema):
    name: str
    unit: str
    baseline: Decimal
    target: Decimal


class GoalOut(Schema):
    title: str
    kpis: list[KpiOut]

    @staticmethod
    def resolve_kpis(obj: Goal) -> list[Kpi]:
        return list(obj.kpis.all())


class ProgrammeOut(Schema):
    id: int
    name: str
    status: str
    cadence: str
    session_minutes: int
    start_date: dt.date
    end_date: dt.date
    min_mentee_hours_per_week: Decimal
    topics: list[str]

    @staticmethod
    def resolve_topics(obj: Programme) -> list[str]:
        return [topic.name for topic in obj.topics.all()]


class ProgrammeDetailOut(ProgrammeOut):
    description: str
    goals: list[GoalOut]
    participants: dict[str, int]

    @staticmethod
    def resolve_goals(obj: Programme) -> list[Goal]:
        return list(obj.goals.prefetch_related("kpis"))

    @staticmethod
    def resolve_participants(obj: Programme) -> dict[str, int]:
        return obj.role_counts()


@router.get("/programmes", response=answers({200: list[ProgrammeOut]}), operation_id="programmes_list")
def programmes_list(request: AuthenticatedHttpRequest) -> object:
    return programmes_visible_to(request.user).prefetch_related("topics")


@router.get(
    "/programmes/{programme_id}",
    response=answers({200: ProgrammeDetailOut}, 404, 422),
    operation_id="programmes_detail",
)
def programmes_detail(request: AuthenticatedHttpRequest, programme_id: int) -> Programme:
    return get_programme_for_user(request, programme_id)
