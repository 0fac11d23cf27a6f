"""Voice: who speaks up in a programme, who reads its feedback and pulse (its admin), who reads the replies.

Sealed feedback has no page and no id that anything shows: `get_feedback_for_user` finds only released items of a
programme the user administers (404 for anything else).
"""

from __future__ import annotations

from uuid import UUID

from django.shortcuts import get_object_or_404

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user
from omkeer.voice.models import Feedback, PulseWave, Reply


def get_feedback_for_user(request: AuthenticatedHttpRequest, pk: int, item: UUID) -> Feedback:
    programme = get_programme_for_user(request, pk, to="manage")
    return get_object_or_404(Feedback.objects.released(), programme=programme, pk=item)


def get_reply_for_user(request: AuthenticatedHttpRequest, pk: int, reply: UUID) -> Reply:
    programme = get_programme_for_user(request, pk, to="manage")
    return get_object_or_404(Reply, programme=programme, pk=reply)


def get_wave_for_user(request: AuthenticatedHttpRequest, pk: int, wave: int) -> PulseWave:
    programme = get_programme_for_user(request, pk, to="manage")
    return get_object_or_404(PulseWave, programme=programme, pk=wave)
