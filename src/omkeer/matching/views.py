"""The admin's matching pages: a programme's runs and settings, a run's review table, "why not?", approval."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.matching import get_pair_constraint_for_user, get_run_for_user
from omkeer.access.programmes import get_programme_for_user
from omkeer.matching import services
from omkeer.matching.forms import MatchSettingsForm, PairForm, WhyNotForm
from omkeer.matching.models import MatchRun, MatchSettings
from omkeer.matching.reasons import describe_all
from omkeer.matching.review import chart_bars, histogram_bars, side_constraint, unmatched_rows
from omkeer.mentorships.models import Mentorship

PAGE_SIZE = 100
PHASES = {
    "pool": gettext_lazy("Loading the ready pool…"),
    "solve": gettext_lazy("Finding the best pairs…"),
    "store": gettext_lazy("Saving the proposals…"),
}


def _back(request: AuthenticatedHttpRequest, fallback: str, *, pk: int) -> HttpResponse:
    """Redirect to the form's `next` page when it is a path of ours, else to `fallback`."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)  # not redirect(): it would take "0" or "home" for a URL name
    return redirect(fallback, pk=pk)


@require_GET
@login_required
def run_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    match_settings = MatchSettings.for_programme(programme)
    context = {
        "programme": programme,
        "settings": match_settings,
        "runs": programme.match_runs.select_related("created_by").defer("problem", "pool", "unmatched_reasons")[:20],
        "constraints": programme.pair_constraints.select_related("mentor", "mentee"),
        "ready_mentors": services.ready_mentors(programme, trained_only=match_settings.require_training).count(),
        "ready_mentees": services.ready_intakes(programme).count(),
        "active": Mentorship.objects.active().filter(programme=programme).count(),
    }
    return render(request, "matching/run_list.html", context)


@require_POST
@login_required
def run_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    try:
        run = services.run_matching(actor=request.user, programme=programme)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:run-list", pk=pk)
    if run.state == MatchRun.State.DONE:
        text = _("%(matched)s of %(mentees)s mentees matched. Review the pairs, then approve.")
        messages.success(request, text % {"matched": run.matched, "mentees": run.mentees})
    return redirect("matching:run-detail", pk=run.pk)


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    instance = MatchSettings.for_programme(programme)
    form = MatchSettingsForm(request.POST if request.method == "POST" else None, instance=instance)
    if form.is_valid():
        services.save_settings(actor=request.user, match_settings=form.save(commit=False), changed=form.changed_data)
        messages.success(request, _("Matching settings saved. The next run uses them."))
        return redirect("matching:run-list", pk=pk)
    return render(request, "matching/settings_form.html", {"form": form, "programme": programme})


def _review_context(request: AuthenticatedHttpRequest, run: MatchRun) -> dict[str, Any]:
    proposals = run.proposals.select_related("mentor__department", "mentee__department")
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = run.programme.pair_constraints.values_list("pk", "mentor_id", "mentee_id", "kind")
    constraints = {(mentor, mentee): (pk, kind) for pk, mentor, mentee, kind in rows}
    labels = services.labels_for()
    for proposal in page.object_list:
        proposal.reason_texts = describe_all(proposal.reason_objects(), labels)
        proposal.constraint = constraints.get((proposal.mentor_id, proposal.mentee_id))
    return {
        "run": run,
        "programme": run.programme,
        "page": page,
        "unmatched": unmatched_rows(run, labels),
        "histogram": histogram_bars(run.stats.get("histogram")),
        "parts": chart_bars(run.stats.get("parts_mean") or {}),
        "target": side_constraint(run.stats),
        "why_form": WhyNotForm(run=run) if run.state == MatchRun.State.DONE else None,
        "percent": services.progress_of(run)[0],
    }


@require_GET
@login_required
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request, pk)
    return render(request, "matching/run_detail.html", _review_context(request, run))


@require_GET
@login_required
def run_status(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    run = get_run_for_user(request, pk)
    percent, phase = services.progress_of(run)
    label = str(PHASES.get(phase, run.get_state_display()))
    return JsonResponse({"state": run.state, "percent": percent, "done": not run.is_running, "label": label})


@require_POST
@login_required
def run_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request, pk)
    try:
        created = services.approve_run(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = _("%(count)s mentorships created; both people of each pair got an introduction email.")
        messages.success(request, text % {"count": len(created)})
    return redirect("matching:run-detail", pk=pk)


@require_GET
@login_required
def run_why_not(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request, pk)
    if run.state != MatchRun.State.DONE:
        messages.error(request, _("Ask “why not?” about a finished run."))
        return redirect("matching:run-detail", pk=pk)
    form = WhyNotForm(request.GET or None, run=run)
    answer = None
    if form.is_valid():
        mentor, mentee = form.cleaned_data["mentor"], form.cleaned_data["mentee"]
        reasons = services.why_not(programme=run.programme, run=run, mentor=mentor, mentee=mentee)
        answer = {"mentor": mentor, "mentee": mentee, "reasons": describe_all(reasons, services.reason_labels(reasons))}
        answer["can_pin"] = bool(reasons) and reasons[0].code == "better_use"
    context = {"run": run, "programme": run.programme, "form": form, "answer": answer}
    return render(request, "matching/why_not.html", context)


def _pair_action(request: AuthenticatedHttpRequest, pk: int, *, pin: bool) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    form = PairForm(request.POST, programme=programme)
    if not form.is_valid():
        messages.error(request, _("Choose a mentor and a mentee of this programme."))
        return _back(request, "matching:run-list", pk=pk)
    mentor, mentee = form.cleaned_data["mentor"], form.cleaned_data["mentee"]
    verb = services.pin_pair if pin else services.forbid_pair
    try:
        verb(actor=request.user, programme=programme, mentor=mentor, mentee=mentee)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("%(mentor)s and %(mentee)s are pinned.") if pin else _("%(mentor)s and %(mentee)s are ruled out.")
        messages.success(request, done % {"mentor": mentor.full_name, "mentee": mentee.full_name})
    return _back(request, "matching:run-list", pk=pk)


@require_POST
@login_required
def pair_pin(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _pair_action(request, pk, pin=True)


@require_POST
@login_required
def pair_forbid(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _pair_action(request, pk, pin=False)


@require_POST
@login_required
def constraint_delete(request: AuthenticatedHttpRequest, pk: int, constraint_pk: int) -> HttpResponse:
    constraint = get_pair_constraint_for_user(request, pk, constraint_pk)
    services.remove_constraint(actor=request.user, constraint=constraint)
    messages.success(request, _("Removed: %(constraint)s.") % {"constraint": constraint})
    return _back(request, "matching:run-list", pk=pk)
