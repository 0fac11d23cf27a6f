"""Notices: short emails to people about their mentorship or programme, each rendered in the recipient's
language, with times in their zone and optionally a calendar file, and sent only after the transaction commits.

`compose(person)` is called inside the person's language, so `gettext` and `when()` there speak to them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.utils import formats, timezone, translation

from omkeer.lib import emails
from omkeer.lib.persons import Person


@dataclass
class Notice:
    subject: str
    paragraphs: list[str]
    link_text: str
    path: str
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Attachment:
    name: str
    content: bytes
    mimetype: str


# Called with each person of `notify` (a `Person`; in practice an `omkeer.people.models.Employee`). Not generic
# on purpose: `Compose[Employee]` would make mypy compare Employee with `Person` before the Django plugin has
# filled in Employee's fields, and cache the wrong answer.
Compose = Callable[[Any], Notice]
Attach = Callable[[Any], Attachment]


def language_of(employee: Person) -> str:
    """The language the employee chose for Omkeer (their login's), else the site default."""
    try:
        return str(employee.user.language)
    except ObjectDoesNotExist:
        return str(settings.LANGUAGE_CODE)


def time_zone_of(employee: Person) -> str:
    """The zone the employee's login shows times in, else the site's."""
    try:
        return str(employee.user.time_zone)
    except ObjectDoesNotExist:
        return str(settings.TIME_ZONE)


def when(value: dt.datetime, employee: Person) -> str:
    """A date and time as the employee reads it: their zone, the active language (call inside `compose`)."""
    local = timezone.localtime(value, zoneinfo.ZoneInfo(time_zone_of(employee)))
    return f"{formats.date_format(local, 'l j F Y')}, {formats.time_format(local, 'H:i')} ({local.tzname()})"


def notify(people: Iterable[Person], compose: Compose, *, attach: Attach | None = None) -> None:
    """One email per person, rendered now (in their language) and sent after commit."""
    messages: list[EmailMultiAlternatives] = []
    for person in people:
        language = language_of(person)
        with translation.override(language):
            notice = compose(person)
            context: dict[str, Any] = {
                "person": person,
                "subject": notice.subject,
                "paragraphs": notice.paragraphs,
                "items": notice.items,
                "link_text": notice.link_text,
                "url": emails.absolute_url(notice.path),
            }
            message = emails.build("mentorships-notice", to=person.email, context=context, language=language)
            if attach is not None:
                file = attach(person)
                message.attach(file.name, file.content, file.mimetype)
        messages.append(message)
    emails.send_on_commit(messages)
