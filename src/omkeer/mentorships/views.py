"""A pair's pages. Who sees a pair: its partners, its coach and the programme's admins (404 for anyone else).
What they see differs: partners see everything of their pair; coach and admin see dates, counts and flags —
never notes, reflections or fit answers — and act only as coordinators (coach, flags, ending)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Q, QuerySet
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.access import mentorships as access
from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user, managed_ids, manages
from omkeer.accounts.services import audit
from omkeer.lib.forms import apply, report, submit
from omkeer.lib.paging import BoundedPaginator
from omkeer.lib.queries import count_of
from omkeer.mentorships import between, services, tracks
from omkeer.mentorships.events import CANCEL, REQUEST, calendar_file
from omkeer.mentorships.forms import (
    AgreementForm,
    AssignmentDoneForm,
    AssignmentForm,
    CancelForm,
    CoachConversationForm,
    CoachForm,
    CommitmentForm,
    CommitmentStateForm,
    DelegateForm,
    DelegateMoveForm,
    EndForm,
    FitForm,
    HealthForm,
    KickoffHeldForm,
    KickoffPlanForm,
    NoteForm,
    ReflectionForm,
    SessionEditForm,
    SessionPlanForm,
    TrackForm,
    TrackSessionFormSet,
)
from omkeer.mentorships.models import (
    Commitment,
    FitAnswer,
    Flag,
    MentoringSession,
    Mentorship,
    Reflection,
    SessionState,
    Stage,
    Track,
)
from omkeer.mentorships.timeline import timeline
from omkeer.people.models import Employee
from omkeer.programmes.models import Participation, Role

PAGE_SIZE = 50


def _refuse(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- list and pair page -----------------------------------------------------------------------------------------


@require_GET
@login_required
def mentorship_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My pairs; for coaches the pairs they coach; for admins every pair of their programmes, by stage. The
    database computes each pair's stage, counts and pages them: a page reads 50 pairs however many there are."""
    now = timezone.now()
    visible = access.mentorships_visible_to(request.user)
    counts = visible.stage_counts(now)
    stage = request.GET.get("stage", "")
    # The page's keys first (a narrow sort over the visible pairs), then those 50 pairs with what the rows show.
    ordered = visible.with_stage(now, stage).order_by("programme__name", "mentor__last_name", "mentee__last_name", "pk")
    listed = counts[stage] if stage in Stage.values else sum(counts.values())
    keys = ordered.values_list("pk", "stage_value")  # type: ignore[misc]  # an annotation of with_stage
    page = BoundedPaginator(keys, PAGE_SIZE, known=listed).get_page(request.GET.get("page"))
    open_flags = Flag.objects.filter(mentorship=OuterRef("pk"), resolved__isnull=True)
    times = Prefetch("sessions", queryset=MentoringSession.objects.only("mentorship_id", "starts_at", "state"))
    shown = (
        visible.select_related(None)
        .select_related("programme", "mentor", "mentee")  # what a row shows
        .annotate(open_flags=count_of(open_flags))
        .prefetch_related(times)
    )
    pairs = shown.in_bulk([pk for pk, _ in page.object_list])
    managed = managed_ids(request.user)
    rows = []
    for pk, stage_value in page.object_list:
        pair = pairs[pk]
        sessions = list(pair.sessions.all())
        held = [s.starts_at for s in sessions if s.state == SessionState.HELD]
        upcoming = [s.starts_at for s in sessions if s.state == SessionState.PLANNED and s.starts_at > now]
        rows.append(
            {
                "pair": pair,
                "stage": Stage(stage_value),
                "held": len(held),
                "planned": sum(s.state != SessionState.CANCELLED for s in sessions),
                "last": max(held) if held else None,
                "next": min(upcoming) if upcoming else None,
                "coordinates": pair.programme_id in managed or access.coaches_it(request.user, pair),
            }
        )
    context = {
        "rows": rows,
        "page": page,
        "query": f"stage={stage}" if stage in Stage.values else "",
        "stage": stage,
        "stages": [(value, label, counts[value]) for value, label in Stage.choices],
        "total": sum(counts.values()),
    }
    return render(request, "mentorships/list.html", context)


@require_GET
@login_required
def mentorship_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk)
    me = request.user.employee_id
    is_partner = mentorship.is_partner(me)
    is_admin = manages(request.user, mentorship.programme_id)
    now = timezone.now()
    sessions = sorted(mentorship.sessions.all(), key=lambda s: s.starts_at)
    context: dict[str, Any] = {
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "stage": mentorship.stage(now),
        "is_partner": is_partner,
        "is_mentor": me == mentorship.mentor_id,
        "manages": is_admin,
        "partner": mentorship.partner_of(me),
        "agreement": mentorship.agreement(),
        "pending": mentorship.pending_agreement(),
        "sessions": sessions,
        "upcoming": [s for s in sessions if s.state == SessionState.PLANNED and s.starts_at > now],
        "to_confirm": [s for s in sessions if s.state == SessionState.PLANNED and s.starts_at <= now],
        "held": sum(s.state == SessionState.HELD for s in sessions),
        "events": timeline(mentorship, partner_view=is_partner),
        "flags": mentorship.flags.all() if not is_partner or is_admin else [],
    }
    if is_partner and mentorship.is_active:
        context["kickoff_form"] = KickoffPlanForm(
            initial={"at": mentorship.kickoff_at, "place": mentorship.kickoff_place}
        )
        context["held_form"] = KickoffHeldForm(initial={"on": timezone.localdate()})
        if services.fit_question_open(mentorship):
            answer = FitAnswer.objects.filter(mentorship=mentorship, author_id=me).first()
            context["fit_form"] = FitForm(initial={"answer": answer.answer if answer else None})
            context["fit_answer"] = answer
    if is_admin:
        context["coach_form"] = CoachForm(coaches=_coaches(mentorship), initial={"coach": mentorship.coach_id})
    context.update(_between(request, mentorship, is_partner=is_partner))
    return render(request, "mentorships/detail.html", context)


def _between(request: AuthenticatedHttpRequest, mentorship: Mentorship, *, is_partner: bool) -> dict[str, Any]:
    """The pair page's "between sessions" part: partners get the items and their forms; coordinators counts."""
    me = request.user.employee_id
    commitments = list(mentorship.commitments.all())
    assignments = list(mentorship.assignments.all())
    context: dict[str, Any] = {
        "commitments": commitments,
        "assignments": assignments,
        "commitments_done": sum(c.state == Commitment.State.DONE for c in commitments),
        "assignments_done": sum(a.done is not None for a in assignments),
        "coach_requests": list(mentorship.coach_requests.all()),
        "coaches_it": access.coaches_it(request.user, mentorship),
        "nudges": list(mentorship.nudges.all()[:3]),
        "health_answered": mentorship.health_checks.filter(answered__isnull=False).count(),
    }
    if is_partner and mentorship.is_active:
        check = between.open_health_check(mentorship, me)
        context.update(
            health_check=check,
            health_form=HealthForm() if check else None,
            commitment_form=CommitmentForm() if me == mentorship.mentee_id else None,
            assignment_form=AssignmentForm() if me == mentorship.mentor_id else None,
            done_form=AssignmentDoneForm(),
            state_form=CommitmentStateForm(),
            delegate_form=DelegateForm(
                initial={"delegate": mentorship.delegate.employee_id if mentorship.delegate else ""}
            )
            if me == mentorship.mentee_id
            else None,
        )
    if context["coaches_it"]:
        context["conversation_form"] = CoachConversationForm(initial={"on": timezone.localdate()})
    return context


def _coaches(mentorship: Mentorship) -> QuerySet[Employee]:
    coaches = Participation.objects.filter(programme=mentorship.programme_id, role=Role.COACH)
    return Employee.objects.filter(pk__in=coaches.values("employee_id")).order_by("last_name", "first_name")


# --- kick-off and agreement (the pair) ----------------------------------------------------------------------------


@require_POST
@login_required
def kickoff_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="act")
    form = KickoffPlanForm(request.POST)
    submit(
        request,
        form,
        lambda: services.plan_kickoff(actor=request.user, mentorship=mentorship, **form.cleaned_data),
        _("Kick-off planned. Your partner has been told."),
    )
    return redirect(mentorship)


@require_POST
@login_required
def kickoff_held(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="act")
    form = KickoffHeldForm(request.POST)
    submit(
        request,
        form,
        lambda: services.hold_kickoff(actor=request.user, mentorship=mentorship, **form.cleaned_data),
        _("Kick-off held. Next: agree on your ground rules."),
    )
    return redirect(mentorship)


@require_http_methods(["GET", "POST"])
@login_required
def agreement_propose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="act")
    form = AgreementForm(request.POST or None, initial=services.agreement_defaults(mentorship))
    if request.method == "POST" and apply(
        form,
        lambda: services.propose_agreement(actor=request.user, mentorship=mentorship, values=form.cleaned_data),
    ):
        messages.success(request, _("Proposed. Your partner is asked to accept it."))
        return redirect(mentorship)
    context = {"form": form, "mentorship": mentorship, "current": mentorship.agreement()}
    return render(request, "mentorships/agreement_form.html", context)


@require_POST
@login_required
def agreement_accept(request: AuthenticatedHttpRequest, pk: int, version_pk: int) -> HttpResponse:
    version = access.get_agreement_version_for_user(request, pk, version_pk)
    mentorship = version.mentorship
    try:
        services.accept_agreement(actor=request.user, version=version)
        messages.success(request, _("Agreement accepted. It is now in force."))
    except ValidationError as error:
        _refuse(request, error)
    return redirect(mentorship)


# --- sessions ------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def session_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="lead")
    agreement = mentorship.agreement()
    initial = {
        "count": services.remaining_sessions(mentorship),
        "minutes": agreement.session_minutes if agreement else mentorship.programme.session_minutes,
        "place": agreement.place if agreement else "",
        "agenda": services.agenda_from_wishes(mentorship),
    }
    tracks.ensure_tracks(mentorship.programme)
    form = SessionPlanForm(request.POST or None, initial=initial, tracks=mentorship.programme.tracks.all())
    if request.method == "POST" and apply(
        form, lambda: services.plan_sessions(actor=request.user, mentorship=mentorship, **form.cleaned_data)
    ):
        messages.success(request, _("Sessions planned. You both received a calendar invitation."))
        return redirect(mentorship)
    return render(
        request, "mentorships/session_plan.html", {"form": form, "mentorship": mentorship, "agreement": agreement}
    )


@require_GET
@login_required
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_user(request, pk)
    me = request.user.employee_id
    notes = list(access.notes_readable_by(request.user).filter(session=session).select_related("author"))
    mine = next((note for note in notes if note.author_id == me), None)
    reflection = Reflection.objects.filter(session=session, author_id=me).first()
    started = session.starts_at <= timezone.now()
    context = {
        "session": session,
        "mentorship": session.mentorship,
        "notes": notes,
        "note_form": NoteForm(initial={"text": mine.text if mine else ""}) if started else None,
        "my_note": mine,
        "reflection": reflection,
        "reflection_form": ReflectionForm() if started and reflection is None else None,
        "cancel_form": CancelForm() if session.state == SessionState.PLANNED else None,
        "changes": session.changes.select_related("by"),
        "can_act": session.mentorship.is_active,
    }
    return render(request, "mentorships/session_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_user(request, pk)
    initial = {name: getattr(session, name) for name in ("starts_at", "minutes", "place", "video_link", "agenda")}
    form = SessionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and apply(
        form, lambda: services.reschedule_session(actor=request.user, session=session, **form.cleaned_data)
    ):
        messages.success(request, _("Session updated. You both received the updated invitation."))
        return redirect("mentorships:session-detail", pk=session.pk)
    return render(request, "mentorships/session_edit.html", {"form": form, "session": session})


@require_POST
@login_required
def session_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_user(request, pk)
    form = CancelForm(request.POST)
    if apply(form, lambda: services.cancel_session(actor=request.user, session=session, **form.cleaned_data)):
        messages.success(request, _("Session cancelled. Your partner has been told; plan a new date soon."))
        return redirect(session.mentorship)
    report(request, form)
    return redirect("mentorships:session-detail", pk=session.pk)


@require_POST
@login_required
def session_held(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_user(request, pk)
    try:
        services.mark_held(actor=request.user, session=session)
        messages.success(request, _("Marked as held. Note your findings while they are fresh."))
    except ValidationError as error:
        _refuse(request, error)
    return redirect("mentorships:session-detail", pk=session.pk)


@require_GET
@login_required
def session_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_user(request, pk)
    method = CANCEL if session.state == SessionState.CANCELLED else REQUEST
    data = calendar_file(
        [session], method=method, time_zone=request.user.time_zone, summary=services.summary(session.mentorship)
    )
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.starts_at:%Y-%m-%d}.ics"'
    return response


@require_POST
@login_required
def note_write(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_user(request, pk)
    form = NoteForm(request.POST)
    submit(
        request,
        form,
        lambda: services.write_note(actor=request.user, session=session, **form.cleaned_data),
        _("Your notes are saved. Only the two of you can read them."),
    )
    return redirect("mentorships:session-detail", pk=session.pk)


@require_POST
@login_required
def note_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    note = access.get_note_for_user(request, pk)
    form = NoteForm(request.POST)
    submit(
        request,
        form,
        lambda: services.edit_note(actor=request.user, note=note, **form.cleaned_data),
        _("Your notes are saved. Only the two of you can read them."),
    )
    return redirect("mentorships:session-detail", pk=note.session_id)


@require_POST
@login_required
def reflect(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_user(request, pk)
    form = ReflectionForm(request.POST)

    def action() -> Reflection:
        data = form.cleaned_data
        return services.reflect(
            actor=request.user,
            session=session,
            mentor_led=data["mentor_led"] == "yes",
            stayed_reverse=data["stayed_reverse"] == "yes",
            usefulness=data["usefulness"],
        )

    submit(request, form, action, _("Thank you for reflecting."))
    return redirect("mentorships:session-detail", pk=session.pk)


@require_POST
@login_required
def fit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="act")
    form = FitForm(request.POST)
    submit(
        request,
        form,
        lambda: services.answer_fit(actor=request.user, mentorship=mentorship, **form.cleaned_data),
        _("Thank you. Your answer is private: your partner does not see it."),
    )
    return redirect(mentorship)


# --- the coordinators ----------------------------------------------------------------------------------------------


@require_POST
@login_required
def coach_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="manage")
    form = CoachForm(request.POST, coaches=_coaches(mentorship))
    submit(
        request,
        form,
        lambda: services.assign_coach(actor=request.user, mentorship=mentorship, **form.cleaned_data),
        _("Coach saved."),
    )
    return redirect(mentorship)


@require_POST
@login_required
def flag_resolve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    flag = access.get_flag_for_user(request, pk)
    mentorship = flag.mentorship
    try:
        services.resolve_flag(actor=request.user, flag=flag)
        messages.success(request, _("Flag resolved."))
    except ValidationError as error:
        _refuse(request, error)
    return redirect(mentorship)


@require_http_methods(["GET", "POST"])
@login_required
def mentorship_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="manage")
    form = EndForm(request.POST or None)
    if request.method == "POST" and apply(
        form, lambda: services.end_mentorship(actor=request.user, mentorship=mentorship, **form.cleaned_data)
    ):
        messages.success(request, _("The mentorship has ended. The mentor's place is free again."))
        return redirect(mentorship)
    return render(request, "mentorships/end_form.html", {"form": form, "mentorship": mentorship})


# --- between sessions: commitments, assignments, the coach, the assistant, health ----------------------------------


def _post_to_pair(
    request: AuthenticatedHttpRequest, mentorship: Mentorship, form: BaseForm, action: Callable[[], Any], success: str
) -> HttpResponse:
    """A small form posted from the pair page: do it and say so, or say what is wrong; back to the pair."""
    submit(request, form, action, success)
    return redirect(mentorship)


@require_POST
@login_required
def commitment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="act")
    form = CommitmentForm(request.POST)
    return _post_to_pair(
        request,
        mentorship,
        form,
        lambda: between.add_commitment(actor=request.user, mentorship=mentorship, **form.cleaned_data),
        _("Commitment recorded."),
    )


@require_POST
@login_required
def commitment_state(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commitment = access.get_commitment_for_user(request, pk)
    mentorship = commitment.mentorship
    form = CommitmentStateForm(request.POST)
    return _post_to_pair(
        request,
        mentorship,
        form,
        lambda: between.set_commitment_state(actor=request.user, commitment=commitment, **form.cleaned_data),
        _("Commitment updated."),
    )


@require_POST
@login_required
def assignment_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="act")
    form = AssignmentForm(request.POST)
    return _post_to_pair(
        request,
        mentorship,
        form,
        lambda: between.send_assignment(actor=request.user, mentorship=mentorship, **form.cleaned_data),
        _("Sent. Your mentee has been told."),
    )


@require_POST
@login_required
def assignment_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = access.get_assignment_for_user(request, pk)
    mentorship = assignment.mentorship
    form = AssignmentDoneForm(request.POST)
    return _post_to_pair(
        request,
        mentorship,
        form,
        lambda: between.complete_assignment(actor=request.user, assignment=assignment, **form.cleaned_data),
        _("Marked as done."),
    )


@require_POST
@login_required
def coach_ask(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="act")
    try:
        between.ask_coach(actor=request.user, mentorship=mentorship)
        messages.success(request, _("Your coach has been asked and will be in touch."))
    except ValidationError as error:
        _refuse(request, error)
    return redirect(mentorship)


@require_POST
@login_required
def coach_conversation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    coach_request = access.get_coach_request_for_user(request, pk)
    form = CoachConversationForm(request.POST)
    return _post_to_pair(
        request,
        coach_request.mentorship,
        form,
        lambda: between.record_coach_conversation(actor=request.user, request=coach_request, **form.cleaned_data),
        _("Recorded that the conversation took place."),
    )


@require_POST
@login_required
def delegate_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="act")
    form = DelegateForm(request.POST)

    def action() -> Mentorship:
        typed = form.cleaned_data["delegate"].strip()
        delegate = None
        if typed:
            delegate = Employee.objects.filter(Q(employee_id=typed) | Q(email__iexact=typed), is_active=True).first()
            if delegate is None:
                raise ValidationError({"delegate": _("Nobody with that employee id or email works here.")})
        return between.set_delegate(actor=request.user, mentorship=mentorship, delegate=delegate)

    return _post_to_pair(request, mentorship, form, action, _("Your assistant is saved."))


@require_GET
@login_required
def delegate_sessions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The assistant's page: the session times of the seniors they assist, nothing more."""
    now = timezone.now()
    pairs = [
        (
            pair,
            sorted(
                (s for s in pair.sessions.all() if s.state == SessionState.PLANNED and s.starts_at > now),
                key=lambda s: s.starts_at,
            ),
        )
        for pair in between.delegated_to(request.user)
    ]
    return render(request, "mentorships/delegate_sessions.html", {"pairs": pairs, "form": DelegateMoveForm()})


@require_POST
@login_required
def delegate_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access.get_delegated_session_for_user(request, pk)
    form = DelegateMoveForm(request.POST)
    submit(
        request,
        form,
        lambda: between.delegate_reschedule(actor=request.user, session=session, **form.cleaned_data),
        _("Session moved. Both partners received the updated invitation."),
    )
    return redirect("mentorships:delegate-sessions")


@require_POST
@login_required
def health_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    check = access.get_health_check_for_user(request, pk)
    mentorship = check.mentorship
    form = HealthForm(request.POST)
    return _post_to_pair(
        request,
        mentorship,
        form,
        lambda: between.answer_health(actor=request.user, check=check, **form.cleaned_data),
        _("Thank you. Your answers are yours; a low score asks your coach to get in touch."),
    )


@require_POST
@login_required
def nudge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mentorship = access.get_mentorship_for_user(request, pk, to="coordinate")
    try:
        between.nudge(actor=request.user, mentorship=mentorship)
        messages.success(request, _("Nudged: both partners received their next step."))
    except ValidationError as error:
        _refuse(request, error)
    if request.POST.get("back") == "list":
        return redirect(reverse("mentorships:list") + "?stage=stalling")
    return redirect(mentorship)


# --- session plans (the programme admin) -----------------------------------------------------------------------


@require_GET
@login_required
def track_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    return render(
        request, "mentorships/track_list.html", {"programme": programme, "tracks": tracks.ensure_tracks(programme)}
    )


@require_POST
@login_required
def track_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    track = Track.objects.create(programme=programme, name_en=_("New session plan"), name_nl="Nieuw sessieplan")
    return redirect("mentorships:track-edit", pk=track.pk)


@require_http_methods(["GET", "POST"])
@login_required
def track_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    track = access.get_track_for_user(request, pk)
    form = TrackForm(request.POST or None, instance=track)
    formset = TrackSessionFormSet(request.POST or None, instance=track)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            form.save()
            formset.save()
            audit(actor=request.user, action="mentorship.track-edit", target=track)
        messages.success(request, _("Session plan saved."))
        return redirect("mentorships:track-list", pk=track.programme_id)
    return render(request, "mentorships/track_form.html", {"form": form, "formset": formset, "track": track})


@require_POST
@login_required
def track_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    track = access.get_track_for_user(request, pk)
    with transaction.atomic():
        audit(actor=request.user, action="mentorship.track-delete", target=track, summary=track.name_en)
        track.delete()
    messages.success(request, _("Session plan removed. Sessions planned from it keep their agendas."))
    return redirect("mentorships:track-list", pk=track.programme_id)
