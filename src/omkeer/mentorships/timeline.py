"""A pair's story in order: start, kick-off, agreement versions, sessions and their changes, notes and
reflections written (that they were, never what they say), flags and the end. Coordinators (coach, admin) get
the same events without the notes and reflections."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omkeer.mentorships.models import Mentorship, Note, Reflection, SessionChange, SessionState


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    kind: str  # a CSS modifier: start, kickoff, agreement, session, change, note, flag, end
    text: str
    url: str = ""
    detail: str = ""


def _day(value: dt.date) -> dt.datetime:
    return dt.datetime.combine(value, dt.time.min, tzinfo=timezone.get_current_timezone())


def timeline(mentorship: Mentorship, *, partner_view: bool) -> list[Event]:
    events = [Event(_day(mentorship.started), "start", _("Matched and introduced"))]
    if mentorship.kickoff_at and not mentorship.kickoff_held:
        events.append(Event(mentorship.kickoff_at, "kickoff", _("Kick-off planned")))
    if mentorship.kickoff_held:
        events.append(Event(_day(mentorship.kickoff_held), "kickoff", _("Kick-off held")))
    for version in mentorship.agreements.all():
        text = _("Agreement version %(number)s proposed by %(name)s")
        events.append(
            Event(
                version.proposed,
                "agreement",
                text % {"number": version.number, "name": _name(mentorship, version.proposed_by_id)},
            )
        )
        if version.accepted:
            text = _("Agreement version %(number)s accepted: in force")
            events.append(Event(version.accepted, "agreement", text % {"number": version.number}))
    written = _written(mentorship) if partner_view else {}
    for session in mentorship.sessions.all():
        url = reverse("mentorships:session-detail", args=[session.pk]) if partner_view else ""
        label = {
            SessionState.PLANNED: _("Session planned (%(minutes)s min)"),
            SessionState.HELD: _("Session held (%(minutes)s min)"),
            SessionState.CANCELLED: _("Session cancelled"),
        }[SessionState(session.state)]
        detail = written.get(session.pk, "")
        events.append(Event(session.starts_at, "session", label % {"minutes": session.minutes}, url, detail))
    changes = SessionChange.objects.filter(session__mentorship=mentorship).select_related("by")
    for change in changes:
        text = (
            _("%(name)s moved a session")
            if change.kind == SessionChange.Kind.MOVED
            else _("%(name)s cancelled a session")
        )
        events.append(Event(change.at, "change", text % {"name": change.by.full_name}))
    for assignment in mentorship.assignments.all():
        text = _("Reading sent: %(title)s") % {"title": assignment.title} if partner_view else _("Reading sent")
        events.append(Event(assignment.created, "note", text))
    for commitment in mentorship.commitments.all():
        text = _("Commitment: %(text)s") % {"text": commitment.text} if partner_view else _("Commitment recorded")
        events.append(Event(commitment.created, "note", text))
    if not partner_view:
        for flag in mentorship.flags.all():
            events.append(Event(flag.raised, "flag", str(flag.get_kind_display())))
    if mentorship.ended:
        text = _("Completed") if mentorship.status == "completed" else _("Ended early")
        events.append(Event(_day(mentorship.ended), "end", text))
    return sorted(events, key=lambda event: event.at)


def _written(mentorship: Mentorship) -> dict[int, str]:
    """Per session, who wrote notes and how many reflected (that they did, not what they wrote)."""
    authors: dict[int, list[str]] = {}
    for session_id, first_name in Note.objects.filter(mentorship=mentorship).values_list(
        "session_id", "author__first_name"
    ):
        authors.setdefault(session_id, []).append(first_name)
    reflections: dict[int, int] = {}
    for session_id in Reflection.objects.filter(session__mentorship=mentorship).values_list("session_id", flat=True):
        reflections[session_id] = reflections.get(session_id, 0) + 1
    details = {}
    for session_id in authors.keys() | reflections.keys():
        parts = []
        if session_id in authors:
            parts.append(_("notes by %(names)s") % {"names": " & ".join(sorted(authors[session_id]))})
        if session_id in reflections:
            parts.append(_("reflections: %(count)s of 2") % {"count": reflections[session_id]})
        details[session_id] = " · ".join(parts)
    return details


def _name(mentorship: Mentorship, employee_id: int) -> str:
    person = mentorship.mentor if employee_id == mentorship.mentor_id else mentorship.mentee
    return person.full_name
