"""What a pair's session and a programme's meet-up share: a start, a length, a place, a video link, an agenda
and a calendar identity (a UID for life and a sequence that every change raises). One abstract model holds
those fields and one builder turns any such events into a calendar file (see `omkeer.lib.ics`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from omkeer.lib import ics
from omkeer.lib.ics import CANCEL, REQUEST
from omkeer.lib.persons import Person

__all__ = ["CANCEL", "MAX_SESSION_MINUTES", "MIN_SESSION_MINUTES", "REQUEST", "CalendarEvent", "calendar_file"]

MIN_SESSION_MINUTES = 15
MAX_SESSION_MINUTES = 180


class CalendarEvent(models.Model):
    """A meeting that people get in their calendar. Concrete models name who organises and who attends."""

    uid_prefix: ClassVar[str] = ""  # keeps the UIDs of different kinds of event apart

    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        validators=[MinValueValidator(MIN_SESSION_MINUTES), MaxValueValidator(MAX_SESSION_MINUTES)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    uid = models.UUIDField(_("calendar id"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)

    class Meta:
        abstract = True

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def calendar_uid(self) -> str:
        return f"{self.uid_prefix}{self.uid}@omkeer"

    @property
    def calendar_organizer(self) -> Person | None:
        return None

    @property
    def calendar_attendee(self) -> Person | None:
        return None

    def calendar_item(self, summary: str, attendee: Person | None = None) -> ics.Item:
        """The event as calendars read it, addressed to `attendee` (else the event's own attendee)."""
        return ics.Item(
            uid=self.calendar_uid,
            sequence=self.sequence,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            summary=summary,
            place=self.place,
            url=self.video_link,
            description=self.agenda,
            organizer=self.calendar_organizer,
            attendee=attendee or self.calendar_attendee,
        )


def calendar_file(
    events: Iterable[CalendarEvent], *, method: str, time_zone: str, summary: str, attendee: Person | None = None
) -> bytes:
    """One calendar holding one event per item of `events`, in `time_zone`, addressed to `attendee` if given."""
    return ics.calendar(
        [event.calendar_item(summary, attendee) for event in events], method=method, time_zone=time_zone
    )
