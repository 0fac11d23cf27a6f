"""Evaluation's pages: the impact dashboard, KPIs and their measurements, follow-up surveys and the participant's
follow-up, check-ins, the decision and the report. Views decode, get objects through the access layer, call one
service and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.access import evaluation as access
from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user, manages
from omkeer.evaluation import impact, report, services
from omkeer.evaluation.decide import metric_choices
from omkeer.evaluation.forms import (
    CheckInForm,
    CheckInPlanForm,
    DecisionForm,
    FollowUpForm,
    MeasurementForm,
    RuleForm,
    SourceForm,
    SurveyForm,
    UploadForm,
)
from omkeer.evaluation.models import CheckIn, CheckInPlan, DecisionRule, KpiSource, Measurement, Source
from omkeer.lib.forms import apply, submit
from omkeer.lib.forms import report as report_errors
from omkeer.programmes.models import Kpi


@require_GET
@login_required
def dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The impact dashboard: every figure with its interval and n (coaches see small groups hidden)."""
    programme = get_programme_for_user(request, pk, to="coordinate")
    full = manages(request.user, programme)
    built = report.build(programme, full=full)
    return render(request, "evaluation/dashboard.html", {"programme": programme, "report": built, "manages": full})


# --- KPIs -------------------------------------------------------------------------------------------------------------


@require_GET
@login_required
def kpis(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    skills = [(s.name, str(s.display_label)) for s in programme.topics.order_by("name")]
    sources = {s.kpi_id: s for s in KpiSource.objects.filter(kpi__goal__programme=programme)}
    measured = Measurement.objects.filter(kpi__goal__programme=programme).order_by("kpi_id", "starts")
    by_kpi: dict[int, list[Measurement]] = {}
    for row in measured:
        by_kpi.setdefault(row.kpi_id, []).append(row)
    rows = []
    for kpi in Kpi.objects.filter(goal__programme=programme).select_related("goal").order_by("goal_id", "pk"):
        source = sources.get(kpi.pk)
        initial = {"source": source.source if source else Source.MANUAL, "skill": source.skill if source else ""}
        rows.append(
            {
                "kpi": kpi,
                "source": source,
                "manual": source is None or source.source == Source.MANUAL,
                "source_form": SourceForm(initial=initial, skills=skills, prefix=f"k{kpi.pk}"),
                "measurements": by_kpi.get(kpi.pk, []),
            }
        )
    context = {"programme": programme, "rows": rows, "form": MeasurementForm(), "upload": UploadForm()}
    return render(request, "evaluation/kpis.html", context)


@require_POST
@login_required
def kpi_source(request: AuthenticatedHttpRequest, pk: int, kpi: int) -> HttpResponse:
    item = access.get_kpi_for_user(request, pk, kpi)
    skills = [(s.name, str(s.display_label)) for s in item.goal.programme.topics.all()]
    form = SourceForm(request.POST, skills=skills, prefix=f"k{item.pk}")
    submit(
        request,
        form,
        lambda: services.set_source(actor=request.user, kpi=item, **form.cleaned_data),
        _("Source saved."),
    )
    return redirect("evaluation:kpis", pk=pk)


@require_POST
@login_required
def measurement_add(request: AuthenticatedHttpRequest, pk: int, kpi: int) -> HttpResponse:
    item = access.get_kpi_for_user(request, pk, kpi)
    form = MeasurementForm(request.POST)
    submit(
        request,
        form,
        lambda: services.record_measurement(actor=request.user, kpi=item, **form.cleaned_data),
        _("Value saved."),
    )
    return redirect("evaluation:kpis", pk=pk)


@require_POST
@login_required
def measurement_delete(request: AuthenticatedHttpRequest, pk: int, measurement: int) -> HttpResponse:
    row = access.get_measurement_for_user(request, pk, measurement)
    services.delete_measurement(actor=request.user, measurement=row)
    messages.success(request, _("Value deleted."))
    return redirect("evaluation:kpis", pk=pk)


@require_POST
@login_required
def measurement_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        result = services.import_measurements(actor=request.user, programme=programme, data=form.cleaned_data["file"])
        if result.problems:
            messages.error(request, _("Nothing was imported. Correct these rows and upload the file again:"))
            for problem in result.problems[:50]:
                messages.error(request, problem)
        else:
            messages.success(request, _("%(n)d values imported.") % {"n": result.written})
    else:
        report_errors(request, form)
    return redirect("evaluation:kpis", pk=pk)


# --- follow-up surveys ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def surveys(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    form = SurveyForm(request.POST or None, initial={"opens": programme.end_date, "kind": "end"})
    action = lambda: services.plan_survey(actor=request.user, programme=programme, **form.cleaned_data)  # noqa: E731
    if request.method == "POST" and apply(form, action):
        messages.success(request, _("Survey planned. Invitations go out on its first day."))
        return redirect("evaluation:surveys", pk=pk)
    context = {
        "programme": programme,
        "form": form,
        "responses": impact.responses(programme),
    }
    return render(request, "evaluation/surveys.html", context)


@require_POST
@login_required
def survey_delete(request: AuthenticatedHttpRequest, pk: int, survey: int) -> HttpResponse:
    row = access.get_survey_for_user(request, pk, survey)
    try:
        services.delete_survey(actor=request.user, survey=row)
        messages.success(request, _("Survey deleted."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evaluation:surveys", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def followup(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The participant's own follow-up: the questions of their intake again, their growth, the programme."""
    programme = get_programme_for_user(request, pk)
    employee = request.user.employee
    if employee is None:
        raise Http404
    open_ones = services.open_followups(employee, programme)
    chosen = next((f for f in open_ones if str(f.pk) == request.GET.get("f", "")), open_ones[0] if open_ones else None)
    if chosen is None:
        return render(request, "evaluation/followup.html", {"programme": programme, "form": None})
    asked = services.questions(chosen)
    form = FollowUpForm(request.POST or None, followup=chosen, asked=asked)
    action = lambda: services.answer_followup(actor=request.user, followup=chosen, answers=form.answers())  # noqa: E731
    if request.method == "POST" and apply(form, action):
        messages.success(request, _("Thank you. Your answers are saved; you can change them until the survey closes."))
        return redirect("evaluation:followup", pk=pk)
    context = {"programme": programme, "form": form, "followup": chosen, "others": open_ones}
    return render(request, "evaluation/followup.html", context)


# --- check-ins --------------------------------------------------------------------------------------------------------


@require_GET
@login_required
def checkins(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="coordinate")
    plan = CheckInPlan.objects.filter(programme=programme).first()
    initial = {"every_weeks": plan.every_weeks, "first": plan.first} if plan else {"first": timezone.localdate()}
    rows = CheckIn.objects.filter(programme=programme).select_related("employee").order_by("due", "employee__last_name")
    context = {
        "programme": programme,
        "rows": rows,
        "plan": plan,
        "form": CheckInPlanForm(initial=initial),
        "manages": manages(request.user, programme),
        "today": timezone.localdate(),
    }
    return render(request, "evaluation/checkins.html", context)


@require_POST
@login_required
def checkin_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    form = CheckInPlanForm(request.POST)
    submit(
        request,
        form,
        lambda: services.plan_checkins(actor=request.user, programme=programme, **form.cleaned_data),
        _("Check-ins planned."),
    )
    return redirect("evaluation:checkins", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def checkin(request: AuthenticatedHttpRequest, pk: int, checkin: int) -> HttpResponse:
    """A check-in: coaches read it; the admin records it."""
    row = access.get_checkin_for_user(request, pk, checkin, manage=request.method == "POST")
    initial = {
        "held": row.held or timezone.localdate(),
        "personal_growth": row.personal_growth,
        "knowledge": row.knowledge,
        "relationship": row.relationship,
        "concerns": row.concerns,
        "notes": row.notes,
    }
    form = CheckInForm(request.POST or None, initial=initial)
    action = lambda: services.record_checkin(actor=request.user, checkin=row, **form.cleaned_data)  # noqa: E731
    if request.method == "POST" and apply(form, action):
        messages.success(request, _("Check-in recorded."))
        return redirect("evaluation:checkins", pk=pk)
    context = {
        "programme": row.programme,
        "checkin": row,
        "form": form,
        "manages": manages(request.user, row.programme),
    }
    return render(request, "evaluation/checkin.html", context)


# --- the decision -----------------------------------------------------------------------------------------------------


def _decision_page(
    request: AuthenticatedHttpRequest,
    pk: int,
    *,
    rule_form: RuleForm | None = None,
    decision_form: DecisionForm | None = None,
) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    built = report.build(programme)
    metrics = metric_choices(built.evaluation)
    context = {
        "programme": programme,
        "report": built,
        "rule_form": rule_form or RuleForm(metrics=metrics),
        "decision_form": decision_form or DecisionForm(initial={"outcome": built.recommendation.outcome}),
    }
    return render(request, "evaluation/decision.html", context)


@require_GET
@login_required
def decision(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decision_page(request, pk)


@require_POST
@login_required
def rule_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    metrics = metric_choices(impact.evaluate(programme, full=True))
    form = RuleForm(request.POST, metrics=metrics)

    def action() -> None:
        services.add_rule(actor=request.user, programme=programme, metrics=dict(metrics), **form.cleaned_data)

    if apply(form, action):
        messages.success(request, _("Rule added."))
        return redirect("evaluation:decision", pk=pk)
    return _decision_page(request, pk, rule_form=form)


@require_POST
@login_required
def rule_delete(request: AuthenticatedHttpRequest, pk: int, rule: int) -> HttpResponse:
    row: DecisionRule = access.get_rule_for_user(request, pk, rule)
    services.delete_rule(actor=request.user, rule=row)
    messages.success(request, _("Rule deleted."))
    return redirect("evaluation:decision", pk=pk)


@require_POST
@login_required
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    built = report.build(programme)
    form = DecisionForm(request.POST)
    snapshot = [
        {"figure": r.label, "held": r.held, "why": r.why, "deciding": r.deciding} for r in built.recommendation.results
    ]

    def action() -> None:
        services.decide(
            actor=request.user,
            programme=programme,
            recommended=built.recommendation.outcome,
            rules=snapshot,
            **form.cleaned_data,
        )

    if apply(form, action):
        messages.success(
            request,
            _("Decision recorded. The programme's status is now: %(status)s.")
            % {"status": programme.get_status_display()},
        )
        return redirect("evaluation:decision", pk=pk)
    return _decision_page(request, pk, decision_form=form)


# --- the report -------------------------------------------------------------------------------------------------------


@require_GET
@login_required
def report_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    return HttpResponse(report.html(report.build(programme), standalone=False))


@require_GET
@login_required
def report_file(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    if fmt not in report.FORMATS:
        raise Http404
    content, content_type, name = report.download(programme, fmt, actor=request.user)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
