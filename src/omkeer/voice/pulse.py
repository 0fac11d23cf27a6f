"""The psychological-safety pulse: waves the admin schedules, invitations with a one-use link, answers.

On a wave's first day (Celery beat, `send_pulse_waves`) every mentor and mentee of the programme gets an email
with a link whose secret is stored only as a hash. Each invitation fixes the group its answers report under
(role, department, level band); a department or band with fewer than `k_numbers` people invited becomes
"other" there and then, so the stored answers never single out a small group. Answering writes the response
(no person, no time) and marks the invitation answered, in one transaction; the link then stops working.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import Counter
from collections.abc import Mapping

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.lib.notices import Notice, notify
from omkeer.people.models import Employee
from omkeer.programmes.models import Participation, Programme, Role
from omkeer.programmes.services import require_admin
from omkeer.voice.models import PULSE_ITEMS, SCALE_POINTS, PulseInvitation, PulseResponse, PulseWave, band_of
from omkeer.voice.services import settings_of

REMIND_DAYS_BEFORE_CLOSE = 3


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def schedule_wave(
    *,
    actor: User,
    programme: Programme,
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    wave: PulseWave | None = None,
    today: dt.date | None = None,
) -> PulseWave:
    """Plan a wave, or move one that has not gone out yet."""
    require_admin(actor, programme)
    today = today or timezone.localdate()
    if wave is not None and (wave.programme_id != programme.pk or wave.invited):
        raise ValidationError(_("This wave has gone out already; it can no longer be changed."))
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the wave a name, such as “Q1 2027”.")
    if opens_on < today:
        errors["opens_on"] = _("Choose today or a later day.")
    if closes_on < opens_on:
        errors["closes_on"] = _("The wave must close on or after the day it opens.")
    if errors:
        raise ValidationError(errors)
    wave = wave or PulseWave(programme=programme)
    wave.name, wave.opens_on, wave.closes_on = name.strip(), opens_on, closes_on
    wave.save()
    audit(actor=actor, action="voice.pulse-wave", target=wave, summary=wave.name)
    if opens_on == today:
        transaction.on_commit(lambda: send_pulse_waves.delay())
    return wave


@transaction.atomic
def delete_wave(*, actor: User, wave: PulseWave) -> None:
    require_admin(actor, wave.programme)
    if wave.invited:
        raise ValidationError(_("This wave has gone out already; it can no longer be deleted."))
    audit(actor=actor, action="voice.pulse-wave-delete", target=wave.programme, summary=wave.name)
    wave.delete()


def _groups(people: list[tuple[Employee, str]], k: int) -> dict[int, tuple[str, str]]:
    """Each invitee's department and band, with groups of fewer than `k` invitees merged into "other"."""
    departments = Counter(employee.department.name for employee, _role in people)
    bands = Counter(band_of(employee.level) for employee, _role in people)
    return {
        employee.pk: (
            employee.department.name if departments[employee.department.name] >= k else "",
            band_of(employee.level) if bands[band_of(employee.level)] >= k else "",
        )
        for employee, _role in people
    }


@transaction.atomic
def invite(wave: PulseWave) -> int:
    """Send the wave to every mentor and mentee of the programme (once); returns how many were invited."""
    wave = PulseWave.objects.select_for_update().get(pk=wave.pk)
    if wave.invited:
        return 0
    rows = (
        Participation.objects.filter(programme=wave.programme, role__in=[Role.MENTOR, Role.MENTEE])
        .select_related("employee__department", "employee__user")
        .order_by("employee_id", "role")
    )
    people: dict[int, tuple[Employee, str]] = {}
    for row in rows:
        people.setdefault(row.employee_id, (row.employee, row.role))  # one invitation each, as mentor first
    groups = _groups(list(people.values()), settings_of(wave.programme).k_numbers)
    links: dict[int, str] = {}
    for employee, role in people.values():
        secret = secrets.token_urlsafe(24)
        department, band = groups[employee.pk]
        PulseInvitation.objects.create(
            wave=wave, employee=employee, role=role, department=department, band=band, token=_hash(secret)
        )
        links[employee.pk] = reverse("voice:pulse-answer", args=[secret])
    wave.invited = True
    wave.save(update_fields=["invited"])

    def compose(person: Employee) -> Notice:
        return Notice(
            subject=_("How safe does it feel to speak up? (%(programme)s)") % {"programme": wave.programme.name},
            paragraphs=[
                _(
                    "Nine short statements, about two minutes. Your answers are anonymous: they are stored without"
                    " your name, and results are shown only for groups of at least %(k)d people."
                )
                % {"k": settings_of(wave.programme).k_numbers},
                _("The link works once and until %(date)s.") % {"date": wave.closes_on.isoformat()},
            ],
            link_text=_("Answer the pulse"),
            path=links[person.pk],
        )

    notify([employee for employee, _role in people.values()], compose)
    return len(people)


def remind(wave: PulseWave, today: dt.date) -> int:
    """One reminder to those who have not answered, a few days before the wave closes. The reminder carries no
    link (the first email's link is the only key); it points to the pulse page, which explains."""
    if not wave.is_open(today) or (wave.closes_on - today).days > REMIND_DAYS_BEFORE_CLOSE:
        return 0
    waiting = list(
        PulseInvitation.objects.filter(wave=wave, answered=False, reminded=False).select_related("employee__user")
    )
    if not waiting:
        return 0
    PulseInvitation.objects.filter(pk__in=[i.pk for i in waiting]).update(reminded=True)

    def compose(person: Employee) -> Notice:
        return Notice(
            subject=_("The pulse closes on %(date)s") % {"date": wave.closes_on.isoformat()},
            paragraphs=[_("Use the link in the email we sent when the wave opened; it works once. Thank you.")],
            link_text=_("About the pulse"),
            path=reverse("voice:speak", args=[wave.programme_id]),
        )

    notify([invitation.employee for invitation in waiting], compose)
    return len(waiting)


@shared_task
def send_pulse_waves() -> int:
    """Invite for the waves that open today and remind for those about to close (Celery beat, hourly)."""
    today = timezone.localdate()
    sent = 0
    for wave in PulseWave.objects.filter(invited=False, opens_on__lte=today, closes_on__gte=today):
        sent += invite(wave)
    for wave in PulseWave.objects.filter(invited=True, opens_on__lte=today, closes_on__gte=today):
        with transaction.atomic():
            sent += remind(wave, today)
    return sent


# --- answering -------------------------------------------------------------------------------------------------------


def invitation_for(secret: str, today: dt.date | None = None) -> PulseInvitation:
    """The invitation a link opens; a used, unknown or closed link gets a ValidationError saying which."""
    invitation = PulseInvitation.objects.select_related("wave__programme").filter(token=_hash(secret)).first()
    if invitation is None:
        raise ValidationError(_("This link is not valid. Use the link from your invitation email."))
    if invitation.answered:
        raise ValidationError(_("This link has been used: the answers are in. Thank you."))
    if not invitation.wave.is_open(today or timezone.localdate()):
        raise ValidationError(_("This wave is closed."))
    return invitation


@transaction.atomic
def answer(*, secret: str, answers: Mapping[str, object], today: dt.date | None = None) -> None:
    """Store one person's answers, under the group of their invitation, and spend the link."""
    invitation = invitation_for(secret, today)
    invitation = PulseInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.answered:
        raise ValidationError(_("This link has been used: the answers are in. Thank you."))
    values: dict[str, int] = {}
    errors = {}
    for item in PULSE_ITEMS:
        raw = answers.get(item.field)
        try:
            value = int(str(raw))
        except ValueError:
            value = 0
        if not 1 <= value <= SCALE_POINTS:
            errors[item.field] = _("Choose one of the seven answers.")
        values[item.field] = value
    if errors:
        raise ValidationError(errors)
    PulseResponse.objects.create(
        wave=invitation.wave, role=invitation.role, department=invitation.department, band=invitation.band, **values
    )
    invitation.answered = True
    invitation.save(update_fields=["answered"])
