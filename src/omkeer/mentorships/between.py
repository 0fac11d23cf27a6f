"""Between and around the sessions: the mentee's commitments, the mentor's assignments, asking the coach for
a conversation, the senior's assistant, relationship health checks, and nudges to stalling pairs.

Same rules as `services`: partners act on their own pair, one transaction per verb with its audit entry,
emails after commit. Coaches and admins see that things happened (dates, counts, flags), never their text.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.lib.notices import Notice, notify
from omkeer.mentorships.models import (
    HEALTH_EVERY_DAYS,
    HEALTH_FIRST_DAYS,
    Assignment,
    CoachRequest,
    Commitment,
    Flag,
    HealthCheck,
    MentoringSession,
    Mentorship,
    Nudge,
    SessionState,
    Status,
)
from omkeer.mentorships.services import _pair_link, _partner, _raise_flag, reschedule_session
from omkeer.people.models import Employee

# --- commitments (the mentee) ---------------------------------------------------------------------------------


def _mentee(actor: User, mentorship: Mentorship) -> Employee:
    me = _partner(actor, mentorship)
    if me.pk != mentorship.mentee_id:
        raise PermissionDenied
    return me


@transaction.atomic
def add_commitment(*, actor: User, mentorship: Mentorship, text: str, due: dt.date) -> Commitment:
    """The mentee commits to a concrete change, with a date."""
    _mentee(actor, mentorship)
    if not text.strip():
        raise ValidationError({"text": _("Say what you will change.")})
    if due < mentorship.started:
        raise ValidationError({"due": _("The date cannot be before the mentorship started.")})
    commitment = Commitment.objects.create(mentorship=mentorship, text=text.strip(), due=due)
    audit(actor=actor, action="mentorship.commitment", target=mentorship)
    return commitment


@transaction.atomic
def set_commitment_state(*, actor: User, commitment: Commitment, state: str) -> Commitment:
    _mentee(actor, commitment.mentorship)
    if state not in Commitment.State.values:
        raise ValidationError({"state": _("Choose open, done or dropped.")})
    commitment.state = state
    commitment.save(update_fields=["state", "updated"])
    audit(actor=actor, action="mentorship.commitment-state", target=commitment.mentorship, data={"state": state})
    return commitment


# --- assignments (the mentor sends, the mentee does) -----------------------------------------------------------


@transaction.atomic
def send_assignment(
    *, actor: User, mentorship: Mentorship, title: str, link: str = "", text: str = "", due: dt.date | None = None
) -> Assignment:
    """The mentor sends reading or a suggestion; the mentee gets an email."""
    me = _partner(actor, mentorship)
    if me.pk != mentorship.mentor_id:
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Give the assignment a title.")})
    if not link and not text.strip():
        raise ValidationError({"text": _("Add a link or say what to do.")})
    if due is not None and due < timezone.localdate():
        raise ValidationError({"due": _("The due date cannot be in the past.")})
    assignment = Assignment.objects.create(
        mentorship=mentorship, title=title.strip(), link=link, text=text.strip(), due=due
    )
    audit(actor=actor, action="mentorship.assignment", target=mentorship)

    def compose(person: Employee) -> Notice:
        return Notice(
            subject=_("Something to read or try from %(name)s") % {"name": me.full_name},
            paragraphs=[assignment.title],
            link_text=_("Your mentorship"),
            path=_pair_link(mentorship) + "#between",
        )

    notify([mentorship.mentee], compose)
    return assignment


@transaction.atomic
def complete_assignment(*, actor: User, assignment: Assignment, comment: str = "") -> Assignment:
    """The mentee marks an assignment done, with an optional comment for the mentor."""
    _mentee(actor, assignment.mentorship)
    if assignment.done is not None:
        raise ValidationError(_("This assignment is already done."))
    assignment.done, assignment.comment = timezone.now(), comment.strip()
    assignment.save(update_fields=["done", "comment"])
    audit(actor=actor, action="mentorship.assignment-done", target=assignment.mentorship)
    return assignment


# --- the coach ----------------------------------------------------------------------------------------------------


@transaction.atomic
def ask_coach(*, actor: User, mentorship: Mentorship) -> CoachRequest:
    """The mentee asks the pair's coach for a conversation; the coach is emailed."""
    me = _mentee(actor, mentorship)
    if mentorship.coach is None:
        raise ValidationError(_("Your pair has no coach yet; the programme team will assign one."))
    if mentorship.coach_requests.filter(held__isnull=True).exists():
        raise ValidationError(_("You have asked already; your coach will be in touch."))
    request = CoachRequest.objects.create(mentorship=mentorship)
    audit(actor=actor, action="mentorship.coach-request", target=mentorship)

    def compose(person: Employee) -> Notice:
        return Notice(
            subject=_("%(name)s would like to talk with you") % {"name": me.full_name},
            paragraphs=[
                _(
                    "%(name)s, a mentee you coach, asks for a conversation. Get in touch, and record on the pair's "
                    "page that it happened (not what was said)."
                )
                % {"name": me.full_name}
            ],
            link_text=_("The pair"),
            path=_pair_link(mentorship),
        )

    notify([mentorship.coach], compose)
    return request


@transaction.atomic
def record_coach_conversation(*, actor: User, request: CoachRequest, on: dt.date) -> CoachRequest:
    """The pair's coach records that the conversation took place."""
    if request.mentorship.coach_id is None or request.mentorship.coach_id != actor.employee_id:
        raise PermissionDenied
    if request.held is not None:
        raise ValidationError(_("This conversation is already recorded."))
    if on > timezone.localdate() or on < request.requested.date():
        raise ValidationError({"on": _("Choose a date between the request and today.")})
    request.held = on
    request.save(update_fields=["held"])
    audit(actor=actor, action="mentorship.coach-conversation", target=request.mentorship)
    return request


# --- the senior's assistant ---------------------------------------------------------------------------------------


@transaction.atomic
def set_delegate(*, actor: User, mentorship: Mentorship, delegate: Employee | None) -> Mentorship:
    """The mentee names (or removes) an assistant who may see and move the session times, nothing else."""
    _mentee(actor, mentorship)
    if delegate is not None and delegate.pk in (mentorship.mentor_id, mentorship.mentee_id):
        raise ValidationError({"delegate": _("Choose someone other than the two of you.")})
    mentorship.delegate = delegate
    mentorship.save(update_fields=["delegate"])
    audit(actor=actor, action="mentorship.delegate", target=mentorship, data={"delegate": delegate and delegate.pk})
    return mentorship


def delegated_to(user: User) -> list[Mentorship]:
    """The active pairs whose session times this user keeps as a senior's assistant."""
    if not user.is_authenticated or not user.employee_id:
        return []
    pairs = Mentorship.objects.active().filter(delegate_id=user.employee_id)
    return list(pairs.select_related("mentor", "mentee", "programme").prefetch_related("sessions"))


@transaction.atomic
def delegate_reschedule(
    *, actor: User, session: MentoringSession, starts_at: dt.datetime, reason: str
) -> MentoringSession:
    """The assistant moves a session on the senior's behalf: only the time changes; both partners hear."""
    mentorship = session.mentorship
    if mentorship.delegate_id is None or mentorship.delegate_id != actor.employee_id or not mentorship.is_active:
        raise PermissionDenied
    return reschedule_session(
        actor=actor,
        session=session,
        starts_at=starts_at,
        minutes=session.minutes,
        place=session.place,
        video_link=session.video_link,
        agenda=session.agenda,
        reason=reason,
        by_delegate=True,
    )


# --- relationship health ------------------------------------------------------------------------------------------


def health_due(mentorship: Mentorship, today: dt.date) -> dt.date | None:
    """The latest check date that has come: 30 days after the kick-off, then every 60 days."""
    if mentorship.kickoff_held is None:
        return None
    first = mentorship.kickoff_held + dt.timedelta(days=HEALTH_FIRST_DAYS)
    if today < first:
        return None
    return first + dt.timedelta(days=HEALTH_EVERY_DAYS * ((today - first).days // HEALTH_EVERY_DAYS))


def ask_health_checks(today: dt.date | None = None) -> int:
    """Open the due checks of every running pair (once per partner and date) and email both. Returns how many
    checks were opened. Celery beat runs this daily; an existing check is never opened twice."""
    today = today or timezone.localdate()
    opened = 0
    pairs = Mentorship.objects.active().filter(kickoff_held__isnull=False).select_related("mentor", "mentee")
    for mentorship in pairs:
        due = health_due(mentorship, today)
        if due is None:
            continue
        with transaction.atomic():
            new = [
                person
                for person in (mentorship.mentor, mentorship.mentee)
                if HealthCheck.objects.get_or_create(mentorship=mentorship, author=person, due=due)[1]
            ]
            if not new:
                continue

            def compose(person: Employee, mentorship: Mentorship = mentorship) -> Notice:
                return Notice(
                    subject=_("How is your mentorship going?"),
                    paragraphs=[
                        _(
                            "Three quick questions: do you meet regularly, are you learning, is it safe to be "
                            "honest? Your answers are yours; a low score asks your coach to get in touch."
                        )
                    ],
                    link_text=_("Answer the three questions"),
                    path=_pair_link(mentorship) + "#health",
                )

            notify(new, compose)
            opened += len(new)
    return opened


@transaction.atomic
def answer_health(*, actor: User, check: HealthCheck, meeting_regularly: int, learning: int, safe: int) -> HealthCheck:
    """Answer one's own check; any 1 or 2 raises a flag to the coach (who sees that, not the scores)."""
    me = _partner(actor, check.mentorship)
    if check.author_id != me.pk:
        raise PermissionDenied
    if check.answered is not None:
        raise ValidationError(_("You have answered this check already."))
    scores = {"meeting_regularly": meeting_regularly, "learning": learning, "safe": safe}
    wrong = {name: _("Choose from 1 to 5.") for name, value in scores.items() if not 1 <= value <= 5}
    if wrong:
        raise ValidationError(wrong)
    check.meeting_regularly, check.learning, check.safe = meeting_regularly, learning, safe
    check.answered = timezone.now()
    check.save(update_fields=["meeting_regularly", "learning", "safe", "answered"])
    audit(actor=actor, action="mentorship.health", target=check.mentorship)
    if check.is_low:
        _raise_flag(check.mentorship, Flag.Kind.HEALTH)
    return check


def open_health_check(mentorship: Mentorship, employee_id: int | None) -> HealthCheck | None:
    return mentorship.health_checks.filter(author_id=employee_id, answered__isnull=True).order_by("-due").first()


# --- stalling pairs and nudges ----------------------------------------------------------------------------------


def next_step(mentorship: Mentorship, now: dt.datetime) -> str:
    """What the pair should do next, in words (in the active language)."""
    if mentorship.kickoff_held is None:
        return _("Plan your kick-off: a get-to-know lunch, outside the office if you can.")
    if mentorship.agreement() is None:
        return _("Agree on your ground rules: how often you meet, where, and what the mentee wants to learn.")
    unconfirmed = [s for s in mentorship.sessions.all() if s.state == SessionState.PLANNED and s.starts_at < now]
    if unconfirmed:
        return _("Confirm whether your last session took place, and note what you learnt.")
    upcoming = [s for s in mentorship.sessions.all() if s.state == SessionState.PLANNED and s.starts_at > now]
    if not upcoming:
        return _("Plan your next sessions: the mentor plans the series from your agreement.")
    return _("Keep your next session: it is in your calendar.")


@transaction.atomic
def nudge(*, actor: User, mentorship: Mentorship) -> Nudge:
    """Email both partners the next step of their stalling pair (what the coordinator sees: dates, not notes)."""
    if mentorship.status != Status.ACTIVE:
        raise ValidationError(_("This mentorship has ended."))
    recent = mentorship.nudges.filter(at__gt=timezone.now() - dt.timedelta(days=7))
    if recent.exists():
        raise ValidationError(_("This pair was nudged less than a week ago; give them time."))
    record = Nudge.objects.create(mentorship=mentorship, by=actor)
    audit(actor=actor, action="mentorship.nudge", target=mentorship)
    now = timezone.now()

    def compose(person: Employee) -> Notice:
        return Notice(
            subject=_("Your mentorship: the next step"),
            paragraphs=[
                _("It has been a while since your last session. Pairs that keep meeting get the most out of it."),
                next_step(mentorship, now),
            ],
            link_text=_("Your mentorship"),
            path=reverse("mentorships:detail", args=[mentorship.pk]),
        )

    notify([mentorship.mentor, mentorship.mentee], compose)
    return record
