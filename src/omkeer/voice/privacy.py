"""What erasing a person does to voice, and what they may download of it (see `omkeer.lib.privacy`).

What was said (`Feedback`, `PulseResponse`) is anonymous and stays: nothing links it to the person, and erasure
must not try to (GDPR Art. 11). Their participation goes: the speaker hashes and pulse invitations. The download
shows participation only, never an answer or a text.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from omkeer.lib.privacy import Delete, Strategy, Subject, rows
from omkeer.programmes.models import Programme
from omkeer.voice.models import PulseInvitation, Speaker
from omkeer.voice.services import _speaker_key


def _speaker_keys(subject: Subject) -> list[str]:
    if subject.employee is None:
        return []
    return [_speaker_key(programme, subject.employee.pk) for programme in Programme.objects.only("pk")]


def _speakers(subject: Subject) -> Q:
    return Q(key__in=_speaker_keys(subject))


STRATEGIES: dict[type[Any], list[Strategy]] = {
    Speaker: [Delete(where=_speakers)],
    PulseInvitation: [Delete("employee")],
}


def export(subject: Subject) -> dict[str, Any]:
    if subject.employee is None:
        return {}
    return {
        "feedback_participation": rows(
            Speaker.objects.filter(_speakers(subject)), "programme__name", "period", "day", "sent"
        ),
        "pulse_participation": rows(
            PulseInvitation.objects.filter(employee=subject.employee),
            "wave__programme__name",
            "wave__name",
            "role",
            "answered",
        ),
    }
