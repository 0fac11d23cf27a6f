"""A pair's pages. Who sees a pair: its partners, its coach and the programme's admins (404 for anyone else).
What they see differs: partners see everything of their pair; coach and admin see dates, counts and flags —
never notes, reflections or fit answers — and act only as coordinators (coach, flags, ending)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.accounts.services import audit
from omkeer.lib.forms import apply, report, submit
from omkeer.mentorships import between, calendar, services, tracks
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
    AgreementVersion,
    Assignment,
    CoachRequest,
    Commitment,
    FitAnswer,
    Flag,
    HealthCheck,
    MentoringSession,
    Mentorship,
    Note,
    Reflection,
    SessionState,
    Stage,
    Track,
)
from omkeer.mentorships.timeline import timeline
from omkeer.people.models import Employee
from omkeer.programmes.models import Participation, Programme, Role
from omkeer.programmes.views import get_managed_programme

PAGE_SIZE = 100


def _pairs(request: HttpRequest) -> QuerySet[Mentorship]:
    return Mentorship.objects.visible_to(request.user).select_related(
        "programme", "mentor__department", "mentee__department", "coach", "delegate"
    )


def _pair(request: HttpRequest, pk: int) -> Mentorship:
    """A pair the user may see (404 otherwise)."""
    return get_object_or_404(_pairs(request).prefetch_related("sessions", "agreements"), pk=pk)


def _own_pair(request: HttpRequest, pk: int) -> Mentorship:
    """A pair the user is a partner of: 404 if they cannot see it, 403 if they see it as coach or admin."""
    mentorship = _pair(request, pk)
    if not mentorship.is_partner(request.user.employee_id):
        raise PermissionDenied
    return mentorship


def _managed_pair(request: HttpRequest, pk: int) -> Mentorship:
    mentorship = _pair(request, pk)
    if not Programme.objects.managed_by(request.user).filter(pk=mentorship.programme_id).exists():
        raise PermissionDenied
    return mentorship


def _own_session(request: HttpRequest, pk: int) -> MentoringSession:
    sessions = MentoringSession.objects.select_related(
        "mentorship__mentor", "mentorship__mentee", "mentorship__programme"
    )
    session = get_object_or_404(sessions.filter(mentorship__in=Mentorship.objects.visible_to(request.user)), pk=pk)
    if not session.mentorship.is_partner(request.user.employee_id):
        raise PermissionDenied
    return session


def _refuse(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- list and pair page -----------------------------------------------------------------------------------------


@require_GET
@login_required
def mentorship_list(request: HttpRequest) -> HttpResponse:
    """My pairs; for coaches the pairs they coach; for admins every pair of their programmes, by stage."""
    now = timezone.now()
    pairs = list(
        _pairs(request)
        .prefetch_related("sessions", "agreements")
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved__isnull=True)))
        .order_by("programme__name", "mentor__last_name", "mentee__last_name")
    )
    managed = set(Programme.objects.managed_by(request.user).values_list("pk", flat=True))
    rows = []
    for pair in pairs:
        sessions = list(pair.sessions.all())
        held = [s.starts_at for s in sessions if s.state == SessionState.HELD]
        upcoming = [s.starts_at for s in sessions if s.state == SessionState.PLANNED and s.starts_at > now]
        rows.append(
            {
                "pair": pair,
                "stage": pair.stage(now),
                "held": len(held),
                "planned": sum(s.state != SessionState.CANCELLED for s in sessions),
                "last": max(held) if held else None,
                "next": min(upcoming) if upcoming else None,
                "coordinates": pair.programme_id in managed
                or (pair.coach_id is not None and pair.coach_id == request.user.employee_id),
            }
        )
    stage = request.GET.get("stage", "")
    counts = {value: sum(row["stage"] == value for row in rows) for value in Stage.values}
    if stage in Stage.values:
        rows = [row for row in rows if row["stage"] == stage]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "rows": page.object_list,
        "page": page,
        "query": f"stage={stage}" if stage in Stage.values else "",
        "stage": stage,
        "stages": [(value, label, counts[value]) for value, label in Stage.choices],
        "total": len(pairs),
    }
    return render(request, "mentorships/list.html", context)


@require_GET
@login_required
def mentorship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _pair(request, pk)
    me = request.user.employee_id
    is_partner = mentorship.is_partner(me)
    manages = Programme.objects.managed_by(request.user).filter(pk=mentorship.programme_id).exists()
    now = timezone.now()
    sessions = sorted(mentorship.sessions.all(), key=lambda s: s.starts_at)
    context: dict[str, Any] = {
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "stage": mentorship.stage(now),
        "is_partner": is_partner,
        "is_mentor": me == mentorship.mentor_id,
        "manages": manages,
        "partner": mentorship.partner_of(me),
        "agreement": mentorship.agreement(),
        "pending": mentorship.pending_agreement(),
        "sessions": sessions,
        "upcoming": [s for s in sessions if s.state == SessionState.PLANNED and s.starts_at > now],
        "to_confirm": [s for s in sessions if s.state == SessionState.PLANNED and s.starts_at <= now],
        "held": sum(s.state == SessionState.HELD for s in sessions),
        "events": timeline(mentorship, partner_view=is_partner),
        "flags": mentorship.flags.all() if not is_partner or manages else [],
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
    if manages:
        context["coach_form"] = CoachForm(coaches=_coaches(mentorship), initial={"coach": mentorship.coach_id})
    context.update(_between(request, mentorship, is_partner=is_partner))
    return render(request, "mentorships/detail.html", context)


def _between(request: HttpRequest, mentorship: Mentorship, *, is_partner: bool) -> dict[str, Any]:
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
        "coaches_it": mentorship.coach_id is not None and mentorship.coach_id == me,
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
def kickoff_plan(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _own_pair(request, pk)
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
def kickoff_held(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _own_pair(request, pk)
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
def agreement_propose(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _own_pair(request, pk)
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
def agreement_accept(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    mentorship = _own_pair(request, pk)
    version = get_object_or_404(AgreementVersion, mentorship=mentorship, pk=version_pk)
    try:
        services.accept_agreement(actor=request.user, version=version)
        messages.success(request, _("Agreement accepted. It is now in force."))
    except ValidationError as error:
        _refuse(request, error)
    return redirect(mentorship)


# --- sessions ------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def session_plan(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _own_pair(request, pk)
    if request.user.employee_id != mentorship.mentor_id:
        raise PermissionDenied  # the mentor leads, and plans
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
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    me = request.user.employee_id
    notes = list(Note.objects.readable_by(request.user).filter(session=session).select_related("author"))
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
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
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
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    form = CancelForm(request.POST)
    if apply(form, lambda: services.cancel_session(actor=request.user, session=session, **form.cleaned_data)):
        messages.success(request, _("Session cancelled. Your partner has been told; plan a new date soon."))
        return redirect(session.mentorship)
    report(request, form)
    return redirect("mentorships:session-detail", pk=session.pk)


@require_POST
@login_required
def session_held(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    try:
        services.mark_held(actor=request.user, session=session)
        messages.success(request, _("Marked as held. Note your findings while they are fresh."))
    except ValidationError as error:
        _refuse(request, error)
    return redirect("mentorships:session-detail", pk=session.pk)


@require_GET
@login_required
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
    method = calendar.CANCEL if session.state == SessionState.CANCELLED else calendar.REQUEST
    data = calendar.session_calendar(
        [session], method=method, time_zone=request.user.time_zone, summary=services.summary(session.mentorship)
    )
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.starts_at:%Y-%m-%d}.ics"'
    return response


@require_POST
@login_required
def note_write(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
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
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(Note.objects.readable_by(request.user).select_related("mentorship", "session"), pk=pk)
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
def reflect(request: HttpRequest, pk: int) -> HttpResponse:
    session = _own_session(request, pk)
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
def fit(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _own_pair(request, pk)
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
def coach_assign(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _managed_pair(request, pk)
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
def flag_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    flags = Flag.objects.select_related("mentorship").filter(mentorship__in=Mentorship.objects.visible_to(request.user))
    flag = get_object_or_404(flags, pk=pk)
    mentorship = flag.mentorship
    coordinator = mentorship.coach_id == request.user.employee_id and mentorship.coach_id is not None
    if not coordinator and not Programme.objects.managed_by(request.user).filter(pk=mentorship.programme_id).exists():
        raise PermissionDenied
    try:
        services.resolve_flag(actor=request.user, flag=flag)
        messages.success(request, _("Flag resolved."))
    except ValidationError as error:
        _refuse(request, error)
    return redirect(mentorship)


@require_http_methods(["GET", "POST"])
@login_required
def mentorship_end(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _managed_pair(request, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and apply(
        form, lambda: services.end_mentorship(actor=request.user, mentorship=mentorship, **form.cleaned_data)
    ):
        messages.success(request, _("The mentorship has ended. The mentor's place is free again."))
        return redirect(mentorship)
    return render(request, "mentorships/end_form.html", {"form": form, "mentorship": mentorship})


# --- between sessions: commitments, assignments, the coach, the assistant, health ----------------------------------


def _post_to_pair(
    request: HttpRequest, mentorship: Mentorship, form: Form, action: Callable[[], Any], success: str
) -> HttpResponse:
    """A small form posted from the pair page: do it and say so, or say what is wrong; back to the pair."""
    submit(request, form, action, success)
    return redirect(mentorship)


@require_POST
@login_required
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _own_pair(request, pk)
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
def commitment_state(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(Commitment.objects.filter(mentorship__in=_pairs(request)), pk=pk)
    mentorship = _own_pair(request, commitment.mentorship_id)
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
def assignment_send(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _own_pair(request, pk)
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
def assignment_done(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.filter(mentorship__in=_pairs(request)), pk=pk)
    mentorship = _own_pair(request, assignment.mentorship_id)
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
def coach_ask(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _own_pair(request, pk)
    try:
        between.ask_coach(actor=request.user, mentorship=mentorship)
        messages.success(request, _("Your coach has been asked and will be in touch."))
    except ValidationError as error:
        _refuse(request, error)
    return redirect(mentorship)


@require_POST
@login_required
def coach_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    coach_request = get_object_or_404(CoachRequest.objects.filter(mentorship__in=_pairs(request)), pk=pk)
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
def delegate_set(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _own_pair(request, pk)
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
def delegate_sessions(request: HttpRequest) -> HttpResponse:
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
def delegate_move(request: HttpRequest, pk: int) -> HttpResponse:
    sessions = MentoringSession.objects.select_related("mentorship__mentor", "mentorship__mentee")
    session = get_object_or_404(sessions.filter(mentorship__delegate_id=request.user.employee_id or 0), pk=pk)
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
def health_answer(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_object_or_404(HealthCheck.objects.filter(mentorship__in=_pairs(request)), pk=pk)
    mentorship = _own_pair(request, check.mentorship_id)
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
def nudge(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _pair(request, pk)
    coaches_it = mentorship.coach_id is not None and mentorship.coach_id == request.user.employee_id
    if not coaches_it and not Programme.objects.managed_by(request.user).filter(pk=mentorship.programme_id).exists():
        raise PermissionDenied
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
def track_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    return render(
        request, "mentorships/track_list.html", {"programme": programme, "tracks": tracks.ensure_tracks(programme)}
    )


@require_POST
@login_required
def track_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_managed_programme(request, pk)
    track = Track.objects.create(programme=programme, name_en=_("New session plan"), name_nl="Nieuw sessieplan")
    return redirect("mentorships:track-edit", pk=track.pk)


def _managed_track(request: HttpRequest, pk: int) -> Track:
    track = get_object_or_404(Track.objects.select_related("programme"), pk=pk)
    get_managed_programme(request, track.programme_id)
    return track


@require_http_methods(["GET", "POST"])
@login_required
def track_edit(request: HttpRequest, pk: int) -> HttpResponse:
    track = _managed_track(request, pk)
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
def track_delete(request: HttpRequest, pk: int) -> HttpResponse:
    track = _managed_track(request, pk)
    with transaction.atomic():
        audit(actor=request.user, action="mentorship.track-delete", target=track, summary=track.name_en)
        track.delete()
    messages.success(request, _("Session plan removed. Sessions planned from it keep their agendas."))
    return redirect("mentorships:track-list", pk=track.programme_id)
