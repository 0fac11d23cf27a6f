"""Evaluation: who reads a programme's impact (its admins in full; its coaches with small groups hidden), who
enters KPIs, plans surveys and check-ins and decides (its admins), who answers a follow-up (the participant).

Check-ins are read by the programme's admins and coaches only; never by the partner or the participant.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user
from omkeer.evaluation.models import CheckIn, DecisionRule, Measurement, Survey
from omkeer.programmes.models import Kpi


def get_kpi_for_user(request: AuthenticatedHttpRequest, pk: int, kpi: int) -> Kpi:
    programme = get_programme_for_user(request, pk, to="manage")
    return get_object_or_404(Kpi.objects.select_related("goal__programme"), goal__programme=programme, pk=kpi)


def get_measurement_for_user(request: AuthenticatedHttpRequest, pk: int, measurement: int) -> Measurement:
    programme = get_programme_for_user(request, pk, to="manage")
    return get_object_or_404(
        Measurement.objects.select_related("kpi__goal__programme"), kpi__goal__programme=programme, pk=measurement
    )


def get_survey_for_user(request: AuthenticatedHttpRequest, pk: int, survey: int) -> Survey:
    programme = get_programme_for_user(request, pk, to="manage")
    return get_object_or_404(Survey.objects.select_related("programme"), programme=programme, pk=survey)


def get_checkin_for_user(request: AuthenticatedHttpRequest, pk: int, checkin: int, *, manage: bool = False) -> CheckIn:
    """A check-in of a programme the user coordinates (to read) or administers (`manage=True`, to record)."""
    programme = get_programme_for_user(request, pk, to="manage" if manage else "coordinate")
    return get_object_or_404(CheckIn.objects.select_related("employee", "programme"), programme=programme, pk=checkin)


def get_rule_for_user(request: AuthenticatedHttpRequest, pk: int, rule: int) -> DecisionRule:
    programme = get_programme_for_user(request, pk, to="manage")
    return get_object_or_404(DecisionRule.objects.select_related("programme"), programme=programme, pk=rule)
