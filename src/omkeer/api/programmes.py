import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from omkeer.programmes.models import Programme

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
    def resolve_kpis(obj: object) -> list[object]:
        return list(obj.kpis.all())  # type: ignore[attr-defined]


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
    def resolve_goals(obj: Programme) -> list[object]:
        return list(obj.goals.prefetch_related("kpis"))

    @staticmethod
    def resolve_participants(obj: Programme) -> dict[str, int]:
        return obj.role_counts()


@router.get("/programmes", response=list[ProgrammeOut], operation_id="programmes_list")
def programmes_list(request: HttpRequest) -> object:
    return Programme.objects.visible_to(request.user).prefetch_related("topics")


@router.get("/programmes/{programme_id}", response=ProgrammeDetailOut, operation_id="programmes_detail")
def programmes_detail(request: HttpRequest, programme_id: int) -> Programme:
    return get_object_or_404(Programme.objects.visible_to(request.user), pk=programme_id)
