"""Verbs of voice: sending anonymous feedback, releasing it in batches, themes and public replies.

Sending feedback writes two rows that nothing joins: the feedback (programme, quarter, month, topic, text,
safety) and the speaker (a keyed hash of the person, for counting contributors and the daily limit). It is
never audited, logged or mailed: an audit entry would say who sent something, and when. Feedback is released to
the admin only when at least `k_text` different people have sent something since the last release, all of it at
once, so watching the page cannot tie an item to the person just seen typing. The admin's own actions (themes,
tags, replies, settings) are audited as usual, without feedback text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.programmes.models import Programme
from omkeer.programmes.services import require_admin
from omkeer.voice.models import (
    DAILY_LIMIT,
    K_FLOOR,
    TEXT_LENGTH,
    Feedback,
    Release,
    Reply,
    Speaker,
    Theme,
    Topic,
    VoiceSettings,
    may_speak,
)


def period_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def month_of(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def settings_of(programme: Programme) -> VoiceSettings:
    """The programme's voice settings (the defaults until the admin changes them)."""
    found = VoiceSettings.objects.filter(programme=programme).first()
    return found if found is not None else VoiceSettings(programme=programme)


def _speaker_key(programme: Programme, employee_id: int) -> str:
    """A hash that only the server's `VOICE_KEY` turns back into a person: the table holds no employee."""
    message = f"voice:{programme.pk}:{employee_id}".encode()
    return hmac.new(settings.VOICE_KEY.encode(), message, hashlib.sha256).hexdigest()


# --- sending ---------------------------------------------------------------------------------------------------------


def _clean(topic: str, text: str, safety: int | None) -> str:
    errors: dict[str, str] = {}
    if topic not in Topic.values:
        errors["topic"] = _("Choose one of the topics.")
    text = text.strip()
    if not text:
        errors["text"] = _("Write what you want to say.")
    elif len(text) > TEXT_LENGTH:
        errors["text"] = _("Keep it under %(n)d characters.") % {"n": TEXT_LENGTH}
    if safety is not None and not 1 <= safety <= 5:
        errors["safety"] = _("Choose a number from 1 to 5, or leave it empty.")
    if errors:
        raise ValidationError(errors)
    return text


@transaction.atomic
def send_feedback(
    *, actor: User, programme: Programme, topic: str, text: str, safety: int | None, today: dt.date | None = None
) -> None:
    """Store one piece of anonymous feedback and count its author once toward the next release."""
    if not may_speak(actor, programme):
        raise PermissionDenied
    text = _clean(topic, text, safety)
    today = today or timezone.localdate()
    period = period_of(today)
    speaker, _created = Speaker.objects.select_for_update().get_or_create(
        programme=programme, key=_speaker_key(programme, int(actor.employee_id or 0)), defaults={"day": today}
    )
    sent_today = speaker.sent if speaker.day == today else 0
    if sent_today >= DAILY_LIMIT:
        message = ngettext(
            "You have sent %(n)d piece of feedback today. You can send more tomorrow.",
            "You have sent %(n)d pieces of feedback today. You can send more tomorrow.",
            sent_today,
        )
        raise ValidationError({"text": message % {"n": sent_today}})
    speaker.day, speaker.sent, speaker.period, speaker.pending = today, sent_today + 1, period, True
    speaker.save()
    Feedback.objects.create(
        programme=programme, period=period, month=month_of(today), topic=topic, text=text, safety=safety
    )
    _release_if_ready(programme, today)


def _release_if_ready(programme: Programme, today: dt.date) -> Release | None:
    """Release every sealed item once enough different people have sent something since the last release."""
    pending = Speaker.objects.filter(programme=programme, pending=True)
    contributors = pending.count()
    if contributors < settings_of(programme).k_text:
        return None
    last = Release.objects.filter(programme=programme).aggregate(n=Max("number"))["n"] or 0
    release = Release.objects.create(
        programme=programme, number=last + 1, month=month_of(today), contributors=contributors
    )
    Feedback.objects.filter(programme=programme).sealed().update(release=release)
    pending.update(pending=False)
    return release


def progress(programme: Programme, today: dt.date | None = None) -> dict[str, int | bool]:
    """What the admin may know before a release: how many people are waiting for the next one, of how many."""
    today = today or timezone.localdate()
    return {
        "released": Release.objects.filter(programme=programme).exists(),
        "contributors": Speaker.objects.filter(programme=programme, pending=True).count(),
        "needed": settings_of(programme).k_text,
        "this_quarter": Speaker.objects.filter(programme=programme, period=period_of(today)).count(),
    }


# --- the admin's side ------------------------------------------------------------------------------------------------


@transaction.atomic
def update_settings(
    *, actor: User, programme: Programme, k_numbers: int, k_text: int, mentees_speak: bool
) -> VoiceSettings:
    """Thresholds go up, never below 5; a lower text threshold cannot release what is already waiting."""
    require_admin(actor, programme)
    errors = {}
    if k_numbers < K_FLOOR:
        errors["k_numbers"] = _("At least %(k)d: smaller groups could be recognised.") % {"k": K_FLOOR}
    if k_text < K_FLOOR:
        errors["k_text"] = _("At least %(k)d: smaller groups could be recognised.") % {"k": K_FLOOR}
    if errors:
        raise ValidationError(errors)
    voice, _created = VoiceSettings.objects.get_or_create(programme=programme)
    voice.k_numbers, voice.k_text, voice.mentees_speak = k_numbers, k_text, mentees_speak
    voice.full_clean()
    voice.save()
    audit(
        actor=actor,
        action="voice.settings",
        target=programme,
        data={"k_numbers": k_numbers, "k_text": k_text, "mentees_speak": mentees_speak},
    )
    return voice


@transaction.atomic
def add_theme(*, actor: User, programme: Programme, name: str) -> Theme:
    require_admin(actor, programme)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the theme a name.")})
    if Theme.objects.filter(programme=programme, name__iexact=name).exists():
        raise ValidationError({"name": _("This programme has a theme with that name already.")})
    theme = Theme.objects.create(programme=programme, name=name)
    audit(actor=actor, action="voice.theme", target=programme, summary=name)
    return theme


@transaction.atomic
def tag(*, actor: User, feedback: Feedback, themes: Iterable[Theme]) -> None:
    """Set the themes of a released item (sealed items cannot be tagged: the admin cannot see them)."""
    require_admin(actor, feedback.programme)
    if feedback.release_id is None:
        raise PermissionDenied
    chosen = list(themes)
    if any(theme.programme_id != feedback.programme_id for theme in chosen):
        raise ValidationError({"themes": _("Choose themes of this programme.")})
    feedback.themes.set(chosen)
    audit(actor=actor, action="voice.tag", target=feedback.programme, data={"themes": [t.name for t in chosen]})


@transaction.atomic
def save_reply(
    *,
    actor: User,
    programme: Programme,
    reply: Reply | None,
    said: str,
    did: str,
    status: str,
    theme: Theme | None,
    today: dt.date | None = None,
) -> Reply:
    """Write or update a "you said — we did" answer that everyone in the programme reads."""
    require_admin(actor, programme)
    if reply is not None and reply.programme_id != programme.pk:
        raise PermissionDenied
    errors = {}
    if not said.strip():
        errors["said"] = _("Say what you heard.")
    if not did.strip():
        errors["did"] = _("Say what you do about it.")
    if status not in Reply.Status.values:
        errors["status"] = _("Choose a status.")
    if theme is not None and theme.programme_id != programme.pk:
        errors["theme"] = _("Choose a theme of this programme.")
    if errors:
        raise ValidationError(errors)
    reply = reply or Reply(programme=programme)
    reply.said, reply.did, reply.status, reply.theme = said.strip(), did.strip(), status, theme
    reply.month = month_of(today or timezone.localdate())
    reply.save()
    audit(actor=actor, action="voice.reply", target=programme, summary=reply.said, data={"status": status})
    return reply


@transaction.atomic
def delete_reply(*, actor: User, reply: Reply) -> None:
    require_admin(actor, reply.programme)
    audit(actor=actor, action="voice.reply-delete", target=reply.programme, summary=reply.said)
    reply.delete()
