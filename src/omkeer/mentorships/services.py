"""Verbs of a mentorship: kick-off, agreement, sessions (plan, move, cancel, hold), notes, reflections, the
fit check, coaches, flags, reminders and the end of a pair.

Rules of who may act live here, not in the views: only the two partners act on their pair (the mentor
alone plans sessions), only a note's author edits it, only a programme admin assigns a coach or ends a pair.
Each verb runs in one transaction and audits inside it; emails are rendered inside and sent after commit,
so a rolled-back change never mails anyone. Audit entries carry no note text.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.enrolment.models import MenteeIntake
from omkeer.lib import ics as lib_ics
from omkeer.lib.notices import Attachment, Compose, Notice, notify, time_zone_of, when
from omkeer.mentorships import tracks
from omkeer.mentorships.events import CANCEL, MAX_SESSION_MINUTES, MIN_SESSION_MINUTES, REQUEST
from omkeer.mentorships.models import (
    AgreementVersion,
    Fit,
    FitAnswer,
    Flag,
    MentoringSession,
    Mentorship,
    Note,
    Reflection,
    SessionChange,
    SessionState,
    Status,
    Track,
)
from omkeer.people.models import Employee, Skill
from omkeer.programmes.models import Cadence, Participation, Role

MAX_SERIES = 24
REMINDER_WINDOW = dt.timedelta(hours=24)
MONTHS = {Cadence.MONTHLY: 1, Cadence.BIMONTHLY: 2}
WEEKS = {Cadence.WEEKLY: 1, Cadence.FORTNIGHTLY: 2}


# --- people, languages, zones ------------------------------------------------------------------------------------


def _partner(actor: User, mentorship: Mentorship) -> Employee:
    """The actor as one of the pair, on a pair that is still running; anyone else is refused."""
    if not mentorship.is_partner(actor.employee_id):
        raise PermissionDenied
    if not mentorship.is_active:
        raise ValidationError(_("This mentorship has ended."))
    return mentorship.mentor if actor.employee_id == mentorship.mentor_id else mentorship.mentee


def _mentor(actor: User, mentorship: Mentorship) -> Employee:
    employee = _partner(actor, mentorship)
    if employee.pk != mentorship.mentor_id:
        raise PermissionDenied
    return employee


def _future(value: dt.datetime, field_name: str) -> None:
    if value <= timezone.now():
        raise ValidationError({field_name: _("Choose a time in the future.")})


def _minutes(value: int, field_name: str = "minutes") -> None:
    if not MIN_SESSION_MINUTES <= value <= MAX_SESSION_MINUTES:
        message = _("A session lasts between %(low)s and %(high)s minutes.")
        raise ValidationError({field_name: message % {"low": MIN_SESSION_MINUTES, "high": MAX_SESSION_MINUTES}})


def coordinators(mentorship: Mentorship) -> list[Employee]:
    """Who hears about a flag: the pair's coach, else the programme's admins."""
    if mentorship.coach_id:
        return [mentorship.coach] if mentorship.coach else []
    admins = Participation.objects.filter(programme=mentorship.programme_id, role=Role.ADMIN)
    return [p.employee for p in admins.select_related("employee__user")]


# --- email -------------------------------------------------------------------------------------------------------


def _mail(
    people: Iterable[Employee],
    compose: Compose,
    *,
    ics: tuple[Sequence[MentoringSession], str, str] | None = None,
) -> None:
    """Notices to `people`, with the sessions as a calendar file in each one's zone when `ics` is given."""
    attach = None
    if ics is not None:
        sessions, method, title = ics
        items = [session.calendar_item(title) for session in sessions]

        def attach(person: Employee) -> Attachment:
            return lib_ics.attachment("session.ics", items, method=method, time_zone=time_zone_of(person))

    notify(people, compose, attach=attach)


def summary(mentorship: Mentorship) -> str:
    return _("Reverse mentoring: %(mentor)s and %(mentee)s") % {
        "mentor": mentorship.mentor.full_name,
        "mentee": mentorship.mentee.full_name,
    }


def _pair_link(mentorship: Mentorship) -> str:
    return reverse("mentorships:detail", args=[mentorship.pk])


# --- kick-off ----------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_kickoff(*, actor: User, mentorship: Mentorship, at: dt.datetime, place: str) -> Mentorship:
    """Set the get-to-know meeting; the other partner hears when and where."""
    me = _partner(actor, mentorship)
    if mentorship.kickoff_held:
        raise ValidationError(_("The kick-off has already been held."))
    _future(at, "at")
    mentorship.kickoff_at, mentorship.kickoff_place = at, place.strip()
    mentorship.save(update_fields=["kickoff_at", "kickoff_place"])
    audit(actor=actor, action="mentorship.kickoff-plan", target=mentorship)
    other = mentorship.partner_of(me.pk)

    def compose(person: Employee) -> Notice:
        return Notice(
            subject=_("Your kick-off with %(name)s") % {"name": me.full_name},
            paragraphs=[
                _("%(name)s planned your get-to-know meeting for %(when)s at %(place)s.")
                % {"name": me.full_name, "when": when(at, person), "place": mentorship.kickoff_place or "—"},
                _("Talk about who you are, how you got here, key moments, and your dreams and ambitions."),
            ],
            link_text=_("Your mentorship"),
            path=_pair_link(mentorship),
        )

    _mail([other] if other else [], compose)
    return mentorship


@transaction.atomic
def hold_kickoff(*, actor: User, mentorship: Mentorship, on: dt.date) -> Mentorship:
    """Mark the kick-off held; this unlocks the agreement."""
    _partner(actor, mentorship)
    if mentorship.kickoff_held:
        raise ValidationError(_("The kick-off has already been held."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("The kick-off cannot be held in the future.")})
    if on < mentorship.started:
        raise ValidationError({"on": _("The kick-off cannot be before the mentorship started.")})
    mentorship.kickoff_held = on
    mentorship.save(update_fields=["kickoff_held"])
    audit(actor=actor, action="mentorship.kickoff-held", target=mentorship, data={"on": on.isoformat()})
    return mentorship


# --- agreement ---------------------------------------------------------------------------------------------------

AGREEMENT_FIELDS = ("frequency", "session_minutes", "place", "expectations", "learning_goals", "confidentiality")


def agreement_defaults(mentorship: Mentorship) -> dict[str, Any]:
    """A proposal starts from the agreement in force, else from the programme and the mentee's intake."""
    current = mentorship.agreement()
    if current is not None:
        return {name: getattr(current, name) for name in AGREEMENT_FIELDS}
    intake = MenteeIntake.objects.filter(programme=mentorship.programme_id, employee=mentorship.mentee_id).first()
    return {
        "frequency": mentorship.programme.cadence,
        "session_minutes": mentorship.programme.session_minutes,
        "learning_goals": intake.goals if intake else "",
    }


@transaction.atomic
def propose_agreement(*, actor: User, mentorship: Mentorship, values: dict[str, Any]) -> AgreementVersion:
    """Propose the ground rules (or a change to them). The proposer accepts by proposing; the other partner is
    asked to accept. An earlier proposal nobody accepted is replaced."""
    me = _partner(actor, mentorship)
    if mentorship.kickoff_held is None:
        raise ValidationError(_("Hold the kick-off first: the agreement comes after you have met."))
    if not values.get("confidentiality"):
        raise ValidationError({"confidentiality": _("Both partners must agree to keep the sessions confidential.")})
    _minutes(int(values["session_minutes"]), "session_minutes")
    mentorship.agreements.filter(accepted__isnull=True).delete()
    latest = mentorship.agreements.order_by("-number").values_list("number", flat=True).first() or 0
    version = AgreementVersion(
        mentorship=mentorship, number=latest + 1, proposed_by=me, **{k: values[k] for k in AGREEMENT_FIELDS}
    )
    version.full_clean()
    version.save()
    audit(actor=actor, action="mentorship.agreement-propose", target=mentorship, data={"version": version.number})
    other = mentorship.partner_of(me.pk)

    def compose(person: Employee) -> Notice:
        return Notice(
            subject=_("%(name)s proposes your mentoring agreement") % {"name": me.full_name},
            paragraphs=[
                _("%(name)s proposed version %(number)s of your agreement. Read it and accept it, or propose a change.")
                % {"name": me.full_name, "number": version.number}
            ],
            link_text=_("Read the agreement"),
            path=_pair_link(mentorship),
        )

    _mail([other] if other else [], compose)
    return version


@transaction.atomic
def accept_agreement(*, actor: User, version: AgreementVersion) -> AgreementVersion:
    """The other partner accepts a proposal; from now it is the agreement in force."""
    mentorship = version.mentorship
    me = _partner(actor, mentorship)
    if version.accepted is not None:
        raise ValidationError(_("This version has already been accepted."))
    if version.proposed_by_id == me.pk:
        raise ValidationError(_("Your partner accepts what you propose; you cannot accept your own proposal."))
    if mentorship.pending_agreement() != version:
        raise ValidationError(_("A newer version has been proposed since; read that one."))
    version.accepted, version.accepted_by = timezone.now(), me
    version.save(update_fields=["accepted", "accepted_by"])
    audit(actor=actor, action="mentorship.agreement-accept", target=mentorship, data={"version": version.number})
    other = mentorship.partner_of(me.pk)

    def compose(person: Employee) -> Notice:
        paragraphs = [_("%(name)s accepted version %(number)s of your agreement.")]
        if person.pk == mentorship.mentor_id:
            paragraphs.append(_("You can now plan your sessions for the months ahead."))
        return Notice(
            subject=_("Your agreement is in force"),
            paragraphs=[p % {"name": me.full_name, "number": version.number} for p in paragraphs],
            link_text=_("Your mentorship"),
            path=_pair_link(mentorship),
        )

    _mail([other] if other else [], compose)
    return version


# --- sessions ----------------------------------------------------------------------------------------------------


def _add_months(value: dt.datetime, months: int) -> dt.datetime:
    month = value.month - 1 + months
    year, month = value.year + month // 12, month % 12 + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30]
    days += [31, 31, 30, 31, 30, 31]
    return value.replace(year=year, month=month, day=min(value.day, days[month - 1]))


def series_starts(first: dt.datetime, count: int, frequency: str, time_zone: str) -> list[dt.datetime]:
    """`count` start times from `first`, one per cadence step, at the same local wall-clock time (a 12:00
    session stays at 12:00 across a daylight-saving change)."""
    local = first.astimezone(zoneinfo.ZoneInfo(time_zone))
    cadence = Cadence(frequency)
    if cadence in WEEKS:
        starts = [local + dt.timedelta(weeks=WEEKS[cadence] * i) for i in range(count)]
    else:
        starts = [_add_months(local, MONTHS[cadence] * i) for i in range(count)]
    return [start.astimezone(dt.UTC) for start in starts]


def remaining_sessions(mentorship: Mentorship) -> int:
    """How many sessions still fit before the programme ends, at the pair's cadence (what the planner offers)."""
    days = (mentorship.programme.end_date - timezone.localdate()).days
    upcoming = mentorship.sessions.filter(state=SessionState.PLANNED, starts_at__gt=timezone.now()).count()
    return max(1, min(MAX_SERIES, days // mentorship.cadence_days() - upcoming))


def agenda_from_wishes(mentorship: Mentorship) -> str:
    """A first agenda from the mentee's intake: their wanted skills, most important first, and their own words."""
    intake = MenteeIntake.objects.filter(programme=mentorship.programme_id, employee=mentorship.mentee_id).first()
    if intake is None:
        return ""
    skills = {skill.name: skill.display_label for skill in Skill.objects.filter(name__in=intake.wants)}
    ranked = sorted(intake.wants.items(), key=lambda item: (-int(item[1]), item[0]))
    lines = [f"- {skills.get(name, name)}" for name, _importance in ranked]
    return "\n".join(
        [_("What %(name)s wants to learn:") % {"name": mentorship.mentee.first_name}, *lines, "", intake.goals]
    )


@transaction.atomic
def plan_sessions(
    *,
    actor: User,
    mentorship: Mentorship,
    first: dt.datetime,
    count: int,
    minutes: int,
    place: str = "",
    video_link: str = "",
    agenda: str = "",
    track: Track | None = None,
) -> list[MentoringSession]:
    """The mentor plans a series at the agreement's frequency; both get one invitation holding every session.
    With a session plan (`track`), session n gets the plan's n-th agenda and homework, then `agenda`."""
    _mentor(actor, mentorship)
    agreement = mentorship.agreement()
    if agreement is None:
        raise ValidationError(_("Agree on your ground rules first: the sessions follow the agreement."))
    _future(first, "first")
    _minutes(minutes)
    if not 1 <= count <= MAX_SERIES:
        raise ValidationError({"count": _("Plan between 1 and %(max)s sessions at a time.") % {"max": MAX_SERIES}})
    if track is not None and track.programme_id != mentorship.programme_id:
        raise ValidationError({"track": _("Choose a session plan of this programme.")})
    starts = series_starts(first, count, agreement.frequency, time_zone_of(mentorship.mentor))
    planned = tracks.agendas(track, count, _("Homework")) if track else [""] * count
    sessions = [
        MentoringSession(
            mentorship=mentorship,
            starts_at=start,
            minutes=minutes,
            place=place,
            video_link=video_link,
            agenda="\n\n".join(part for part in (from_track, agenda) if part),
        )
        for start, from_track in zip(starts, planned, strict=True)
    ]
    for session in sessions:
        session.full_clean(exclude=["mentorship", "uid"])
        session.save()
    audit(actor=actor, action="mentorship.sessions-plan", target=mentorship, data={"sessions": len(sessions)})

    def compose(person: Employee) -> Notice:
        return Notice(
            subject=_("%(count)s mentoring sessions planned") % {"count": len(sessions)},
            paragraphs=[_("The sessions are in the attached calendar file; open it to add them to your calendar.")],
            items=[when(s.starts_at, person) for s in sessions],
            link_text=_("Your mentorship"),
            path=_pair_link(mentorship),
        )

    _mail([mentorship.mentor, mentorship.mentee], compose, ics=(sessions, REQUEST, summary(mentorship)))
    return sessions


def _planned(session: MentoringSession) -> None:
    if session.state != SessionState.PLANNED:
        raise ValidationError(
            _("Only a planned session can be changed; this one is %(state)s.")
            % {"state": session.get_state_display().lower()}
        )


@transaction.atomic
def reschedule_session(
    *,
    actor: User,
    session: MentoringSession,
    starts_at: dt.datetime,
    minutes: int,
    place: str,
    video_link: str,
    agenda: str,
    reason: str,
    by_delegate: bool = False,
) -> MentoringSession:
    """Move or edit a planned session. Both partners get the updated invitation (same UID, higher sequence).
    `by_delegate`: the senior's assistant acts (the caller checked that); they appear as who moved it."""
    mentorship = session.mentorship
    me = actor.employee if by_delegate and actor.employee is not None else _partner(actor, mentorship)
    _planned(session)
    _future(starts_at, "starts_at")
    _minutes(minutes)
    old_start = session.starts_at
    moved = starts_at != old_start
    if moved and not reason.strip():
        raise ValidationError({"reason": _("Say why the session moves; your partner sees it.")})
    session.starts_at, session.minutes, session.place = starts_at, minutes, place
    session.video_link, session.agenda = video_link, agenda
    session.sequence += 1
    if moved:
        session.reminded = None
    session.full_clean(exclude=["mentorship", "uid"])
    session.save()
    if moved:
        SessionChange.objects.create(
            session=session,
            kind=SessionChange.Kind.MOVED,
            by=me,
            reason=reason.strip(),
            old_start=old_start,
            new_start=starts_at,
        )
    audit(actor=actor, action="mentorship.session-change", target=session, data={"moved": moved})

    def compose(person: Employee) -> Notice:
        paragraphs = [
            _("%(name)s changed the session of %(old)s. It is now on %(new)s.")
            % {"name": me.full_name, "old": when(old_start, person), "new": when(starts_at, person)}
        ]
        if moved:
            paragraphs.append(_("Reason: %(reason)s") % {"reason": reason.strip()})
        return Notice(
            subject=_("Session changed: %(when)s") % {"when": when(starts_at, person)},
            paragraphs=paragraphs,
            link_text=_("The session"),
            path=reverse("mentorships:session-detail", args=[session.pk]),
        )

    _mail([mentorship.mentor, mentorship.mentee], compose, ics=([session], REQUEST, summary(mentorship)))
    return session


@transaction.atomic
def cancel_session(*, actor: User, session: MentoringSession, reason: str) -> MentoringSession:
    """Cancel a planned session, saying why. Both calendars drop it. A mentee who cancels twice in a row gets a
    gentle prompt and the coach a flag: executives cancelling is how these programmes most often fail."""
    mentorship = session.mentorship
    me = _partner(actor, mentorship)
    _planned(session)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the session is cancelled; your partner sees it.")})
    session.state = SessionState.CANCELLED
    session.sequence += 1
    session.save(update_fields=["state", "sequence"])
    SessionChange.objects.create(
        session=session, kind=SessionChange.Kind.CANCELLED, by=me, reason=reason.strip(), old_start=session.starts_at
    )
    audit(actor=actor, action="mentorship.session-cancel", target=session)

    def compose(person: Employee) -> Notice:
        return Notice(
            subject=_("Session cancelled: %(when)s") % {"when": when(session.starts_at, person)},
            paragraphs=[
                _("%(name)s cancelled the session of %(when)s.")
                % {"name": me.full_name, "when": when(session.starts_at, person)},
                _("Reason: %(reason)s") % {"reason": reason.strip()},
                _("Plan a new date soon, so the pair keeps its rhythm."),
            ],
            link_text=_("Your mentorship"),
            path=_pair_link(mentorship),
        )

    _mail([mentorship.mentor, mentorship.mentee], compose, ics=([session], CANCEL, summary(mentorship)))
    if me.pk == mentorship.mentee_id and _mentee_cancelled_twice(mentorship):
        _raise_flag(
            mentorship,
            Flag.Kind.CANCELLATIONS,
            prompt_to=[mentorship.mentee],
            prompt=lambda: _(
                "You cancelled your last two mentoring sessions. Pairs that keep cancelling stop meeting "
                "altogether; could you plan the next one now and keep it?"
            ),
        )
    return session


def _mentee_cancelled_twice(mentorship: Mentorship) -> bool:
    """The last two cancellations of the pair were the mentee's, with no session held in between."""
    changes = list(
        SessionChange.objects.filter(session__mentorship=mentorship, kind=SessionChange.Kind.CANCELLED)
        .order_by("-at", "-id")
        .values_list("by_id", "at")[:2]
    )
    if len(changes) < 2 or any(by != mentorship.mentee_id for by, _at in changes):
        return False
    earlier = changes[1][1]
    held = mentorship.sessions.filter(state=SessionState.HELD, starts_at__gt=earlier, starts_at__lte=timezone.now())
    return not held.exists()


@transaction.atomic
def mark_held(*, actor: User, session: MentoringSession) -> MentoringSession:
    """Record that a session took place (writing a note or a reflection does this too)."""
    _partner(actor, session.mentorship)
    _hold(session, actor)
    return session


def _hold(session: MentoringSession, actor: User) -> None:
    if session.state == SessionState.HELD:
        return
    if session.state == SessionState.CANCELLED:
        raise ValidationError(_("This session was cancelled."))
    if session.starts_at > timezone.now():
        raise ValidationError(_("This session has not started yet."))
    session.state = SessionState.HELD
    session.save(update_fields=["state"])
    audit(actor=actor, action="mentorship.session-held", target=session)


# --- notes and reflections ---------------------------------------------------------------------------------------


@transaction.atomic
def write_note(*, actor: User, session: MentoringSession, text: str) -> Note:
    """Write or rewrite one's own findings of a held session. Private to the pair."""
    me = _partner(actor, session.mentorship)
    if not text.strip():
        raise ValidationError({"text": _("Write down at least one finding.")})
    _hold(session, actor)
    note, created = Note.objects.update_or_create(
        session=session, author=me, defaults={"text": text.strip(), "mentorship": session.mentorship}
    )
    audit(actor=actor, action="mentorship.note-write" if created else "mentorship.note-edit", target=note)
    return note


@transaction.atomic
def edit_note(*, actor: User, note: Note, text: str) -> Note:
    """Only the author edits a note; their partner reads it."""
    me = _partner(actor, note.mentorship)
    if note.author_id != me.pk:
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("Write down at least one finding.")})
    note.text = text.strip()
    note.save(update_fields=["text", "updated"])
    audit(actor=actor, action="mentorship.note-edit", target=note)
    return note


@transaction.atomic
def reflect(
    *, actor: User, session: MentoringSession, mentor_led: bool, stayed_reverse: bool, usefulness: int
) -> Reflection:
    """Answer the three questions after a session. Two reflections in a row with a "no" raise a prompt to
    both partners and a flag to the coach."""
    me = _partner(actor, session.mentorship)
    if not 1 <= usefulness <= 5:
        raise ValidationError({"usefulness": _("Rate from 1 (not useful) to 5 (very useful).")})
    _hold(session, actor)
    try:
        with transaction.atomic():
            reflection = Reflection.objects.create(
                session=session, author=me, mentor_led=mentor_led, stayed_reverse=stayed_reverse, usefulness=usefulness
            )
    except IntegrityError as error:
        raise ValidationError(_("You have already reflected on this session.")) from error
    audit(actor=actor, action="mentorship.reflect", target=session)
    if _slipping(session.mentorship):
        _raise_flag(
            session.mentorship,
            Flag.Kind.REVERSAL,
            prompt_to=[session.mentorship.mentor, session.mentorship.mentee],
            prompt=lambda: _(
                "Your last reflections say the sessions are drifting: the mentor not leading, or advice going "
                "from senior to junior. That happens to many pairs. At your next session, let the mentor set the "
                "agenda, and let the senior ask rather than advise."
            ),
        )
    return reflection


def _slipping(mentorship: Mentorship) -> bool:
    """The latest reflections of two different sessions each have a "no"."""
    latest: dict[int, bool] = {}
    rows = Reflection.objects.filter(session__mentorship=mentorship).order_by("-session__starts_at", "-created")
    for session_id, led, reverse_kept in rows.values_list("session_id", "mentor_led", "stayed_reverse"):
        if session_id not in latest and len(latest) == 2:
            break
        latest[session_id] = latest.get(session_id, False) or not (led and reverse_kept)
    return len(latest) == 2 and all(latest.values())


# --- fit -----------------------------------------------------------------------------------------------------


def fit_question_open(mentorship: Mentorship) -> bool:
    """The pair is asked "a good fit?" once its first real session was held."""
    return mentorship.is_active and mentorship.sessions.filter(state=SessionState.HELD).exists()


@transaction.atomic
def answer_fit(*, actor: User, mentorship: Mentorship, answer: str) -> FitAnswer:
    """A private answer; the partner never sees it. "Not a fit" alerts the programme admins, who can end the
    pair and re-match the mentee."""
    me = _partner(actor, mentorship)
    if answer not in Fit.values:
        raise ValidationError({"answer": _("Choose one of the answers.")})
    if not fit_question_open(mentorship):
        raise ValidationError(_("You are asked this after your first session."))
    fit, _created = FitAnswer.objects.update_or_create(mentorship=mentorship, author=me, defaults={"answer": answer})
    audit(actor=actor, action="mentorship.fit", target=mentorship)
    if answer == Fit.NOT_A_FIT:
        admins = Participation.objects.filter(programme=mentorship.programme_id, role=Role.ADMIN)
        _raise_flag(mentorship, Flag.Kind.NOT_A_FIT, notify=[p.employee for p in admins.select_related("employee")])
    return fit


# --- flags -----------------------------------------------------------------------------------------------------


def _raise_flag(
    mentorship: Mentorship,
    kind: str,
    *,
    prompt_to: Sequence[Employee] = (),
    prompt: Callable[[], str] | None = None,
    notify: Sequence[Employee] | None = None,
) -> Flag | None:
    """Open a flag (once: an open flag of the same kind is not doubled), prompt the pair, tell the coach."""
    if Flag.objects.filter(mentorship=mentorship, kind=kind, resolved__isnull=True).exists():
        return None
    flag = Flag.objects.create(mentorship=mentorship, kind=kind)
    audit(actor=None, action="mentorship.flag", target=mentorship, data={"kind": kind})
    if prompt is not None:

        def compose_prompt(person: Employee) -> Notice:
            return Notice(
                subject=_("A note about your mentoring sessions"),
                paragraphs=[prompt()],
                link_text=_("Your mentorship"),
                path=_pair_link(mentorship),
            )

        _mail(prompt_to, compose_prompt)

    def compose_flag(person: Employee) -> Notice:
        return Notice(
            subject=_("A pair needs attention: %(mentor)s and %(mentee)s")
            % {"mentor": mentorship.mentor.full_name, "mentee": mentorship.mentee.full_name},
            paragraphs=[str(flag.get_kind_display()), _("What the pair wrote stays private; talk to them.")],
            link_text=_("The pair"),
            path=_pair_link(mentorship),
        )

    _mail(coordinators(mentorship) if notify is None else notify, compose_flag)
    return flag


@transaction.atomic
def resolve_flag(*, actor: User, flag: Flag) -> Flag:
    if flag.resolved is not None:
        raise ValidationError(_("This flag has already been resolved."))
    flag.resolved, flag.resolved_by = timezone.now(), actor
    flag.save(update_fields=["resolved", "resolved_by"])
    audit(actor=actor, action="mentorship.flag-resolve", target=flag.mentorship, data={"kind": flag.kind})
    return flag


# --- coach and ending (the programme admin) -------------------------------------------------------------------


@transaction.atomic
def assign_coach(*, actor: User, mentorship: Mentorship, coach: Employee | None) -> Mentorship:
    if (
        coach is not None
        and not Participation.objects.filter(
            programme=mentorship.programme_id, employee=coach, role=Role.COACH
        ).exists()
    ):
        raise ValidationError({"coach": _("Choose a coach of this programme.")})
    mentorship.coach = coach
    mentorship.save(update_fields=["coach"])
    audit(actor=actor, action="mentorship.coach", target=mentorship, data={"coach": coach.pk if coach else None})
    return mentorship


@transaction.atomic
def end_mentorship(*, actor: User, mentorship: Mentorship, outcome: str, reason: str) -> Mentorship:
    """Close a pair: completed, or ended early with a reason. Planned sessions are cancelled in both calendars,
    open flags resolved; the mentor's capacity is free again and the mentee can be re-matched — ended early,
    the pair is forbidden in later runs, so the re-match finds someone else."""
    if not mentorship.is_active:
        raise ValidationError(_("This mentorship has already ended."))
    if outcome not in (Status.COMPLETED, Status.ENDED_EARLY):
        raise ValidationError({"outcome": _("Choose completed or ended early.")})
    if outcome == Status.ENDED_EARLY and not reason.strip():
        raise ValidationError({"reason": _("Say why the mentorship ends early.")})
    mentorship.status, mentorship.ended, mentorship.end_reason = outcome, timezone.localdate(), reason.strip()
    mentorship.save(update_fields=["status", "ended", "end_reason"])
    upcoming = list(mentorship.sessions.filter(state=SessionState.PLANNED, starts_at__gt=timezone.now()))
    for session in upcoming:
        session.state, session.sequence = SessionState.CANCELLED, session.sequence + 1
        session.save(update_fields=["state", "sequence"])
    mentorship.flags.filter(resolved__isnull=True).update(resolved=timezone.now(), resolved_by=actor)
    audit(actor=actor, action="mentorship.end", target=mentorship, data={"outcome": outcome})  # never the reason

    def compose(person: Employee) -> Notice:
        if outcome == Status.COMPLETED:
            paragraphs = [_("Your mentorship is complete. Thank you both for the time you gave each other.")]
        else:
            paragraphs = [
                _("Your mentorship has been ended by the programme. Reason: %(reason)s") % {"reason": reason.strip()}
            ]
        if upcoming:
            paragraphs.append(
                _("The planned sessions are cancelled; the attached file removes them from your calendar.")
            )
        return Notice(
            subject=_("Your mentorship has ended"),
            paragraphs=paragraphs,
            link_text=_("Your mentorship"),
            path=_pair_link(mentorship),
        )

    ics = (upcoming, CANCEL, summary(mentorship)) if upcoming else None
    _mail([mentorship.mentor, mentorship.mentee], compose, ics=ics)
    return mentorship


# --- reminders ---------------------------------------------------------------------------------------------------


def send_reminders(now: dt.datetime | None = None) -> int:
    """Remind both partners of each planned session starting within 24 hours, once per session (the claim is
    an UPDATE on `reminded IS NULL`, so two workers never send the same reminder). Returns sessions reminded."""
    now = now or timezone.now()
    due = MentoringSession.objects.filter(
        state=SessionState.PLANNED,
        reminded__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_WINDOW,
        mentorship__status=Status.ACTIVE,
    ).select_related("mentorship__mentor__user", "mentorship__mentee__user")
    sent = 0
    for session in due:
        with transaction.atomic():
            if not MentoringSession.objects.filter(pk=session.pk, reminded__isnull=True).update(reminded=now):
                continue

            def compose(person: Employee, session: MentoringSession = session) -> Notice:
                mentorship = session.mentorship
                other = mentorship.partner_of(person.pk)
                paragraphs = [
                    _("Your session with %(name)s is on %(when)s.")
                    % {"name": other.full_name if other else "", "when": when(session.starts_at, person)}
                ]
                if session.place or session.video_link:
                    paragraphs.append(_("Where: %(place)s") % {"place": session.place or session.video_link})
                if person.pk == mentorship.mentor_id:
                    paragraphs.append(_("You lead: prepare the agenda from what your mentee wants to learn."))
                return Notice(
                    subject=_("Reminder: mentoring session %(when)s") % {"when": when(session.starts_at, person)},
                    paragraphs=paragraphs,
                    link_text=_("The session"),
                    path=reverse("mentorships:session-detail", args=[session.pk]),
                )

            _mail([session.mentorship.mentor, session.mentorship.mentee], compose)
        sent += 1
    return sent
