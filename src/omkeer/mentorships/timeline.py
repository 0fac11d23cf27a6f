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
    for session in mentorship.sessions.all():
        url = reverse("mentorships:session-detail", args=[session.pk]) if partner_view else ""
        label = {
            SessionState.PLANNED: _("Session planned (%(minutes)s min)"),
            SessionState.HELD: _("Session held (%(minutes)s min)"),
            SessionState.CANCELLED: _("Session cancelled"),
        }[SessionState(session.state)]
        events.append(Event(session.starts_at, "session", label % {"minutes": session.minutes}, url))
    changes = SessionChange.objects.filter(session__mentorship=mentorship).select_related("by")
    for change in changes:
        text = (
            _("%(name)s moved a session")
            if change.kind == SessionChange.Kind.MOVED
            else _("%(name)s cancelled a session")
        )
        events.append(Event(change.at, "change", text % {"name": change.by.full_name}))
    if partner_view:
        for note in Note.objects.filter(mentorship=mentorship).select_related("author"):
            url = reverse("mentorships:session-detail", args=[note.session_id])
            events.append(Event(note.created, "note", _("%(name)s wrote notes") % {"name": note.author.full_name}, url))
        for reflection in Reflection.objects.filter(session__mentorship=mentorship).select_related("author"):
            text = _("%(name)s reflected on a session") % {"name": reflection.author.full_name}
            events.append(Event(reflection.created, "note", text))
    else:
        for flag in mentorship.flags.all():
            events.append(Event(flag.raised, "flag", str(flag.get_kind_display())))
    if mentorship.ended:
        text = _("Completed") if mentorship.status == "completed" else _("Ended early")
        events.append(Event(_day(mentorship.ended), "end", text))
    return sorted(events, key=lambda event: event.at)


def _name(mentorship: Mentorship, employee_id: int) -> str:
    person = mentorship.mentor if employee_id == mentorship.mentor_id else mentorship.mentee
    return person.full_name
