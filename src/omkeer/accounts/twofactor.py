"""Two-factor authentication: a code from an authenticator app (TOTP, django-otp) and ten single-use
recovery codes for a lost phone. Which roles must use it is the access layer's rule (`needs_two_factor`)."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.lib import emails

RECOVERY_CODES = 10
ENROLLED = "omkeer_two_factor"  # session key: the user had a confirmed device when they logged in


def mark_enrolled(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """`user_logged_in` receiver: remember for this session whether the user must give a second factor."""
    request.session[ENROLLED] = user_has_device(user)


def is_enrolled(request: HttpRequest) -> bool:
    return bool(request.session.get(ENROLLED))


def app_device(user: User) -> TOTPDevice:
    """The user's authenticator app: the confirmed one, else the one being set up (created on first call)."""
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "id").first()
    return device or TOTPDevice.objects.create(user=user, name="app", confirmed=False)


def qr_code(device: TOTPDevice) -> str:
    """The `otpauth://` address as a QR code, an SVG data URI (no script, allowed by the page's CSP)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def secret(device: TOTPDevice) -> str:
    """The key in the base32 an authenticator app accepts when typed, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def normalise(code: str) -> str:
    return "".join(code.split()).lower()


@transaction.atomic
def confirm(request: HttpRequest, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Switch two-factor on once the app shows a valid code; returns the new recovery codes (None: wrong code)."""
    if not device.verify_token(normalise(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_recovery_codes(user)
    audit(actor=user, action="two-factor.enable", target=user)
    request.session[ENROLLED] = True
    otp_login(request, device)
    return codes


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones (the old ones stop working)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit(actor=user, action="two-factor.recovery-codes", target=user)
    return codes


def verify(request: HttpRequest, user: User, code: str) -> Device | None:
    """The device that accepts `code` (an app code or an unused recovery code), now verified for this session."""
    device = match_token(user, normalise(code))
    if device is not None:
        otp_login(request, device)
        if isinstance(device, StaticDevice):
            audit(actor=user, action="two-factor.recovery-code-used", target=user)
    return device


def recovery_codes_left(user: User) -> int:
    count: int = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return count


@transaction.atomic
def disable(request: HttpRequest, user: User) -> None:
    """Remove the app and the recovery codes (only for users whose roles do not require two-factor)."""
    _remove_devices(user)
    request.session[ENROLLED] = False
    audit(actor=user, action="two-factor.disable", target=user)


def _remove_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def has_second_factor(user: User) -> bool:
    return bool(user_has_device(user))


@transaction.atomic
def reset(*, actor: User, user: User) -> None:
    """HR's way back in for someone who lost both their phone and their recovery codes: remove the app and the
    codes, end every session of theirs (whoever holds one must log in again and set up afresh), audit it, and
    tell the person by email, so a reset they did not ask for does not go unnoticed. Never one's own: that
    would let a stolen session drop the second factor."""
    if actor.pk == user.pk:
        raise ValidationError(_("You cannot reset your own two-factor authentication; ask another HR manager."))
    if not has_second_factor(user):
        raise ValidationError(_("This person has no two-factor authentication to reset."))
    _remove_devices(user)
    ended = end_sessions(user)
    audit(actor=actor, action="two-factor.reset", target=user, data={"sessions_ended": ended})
    if user.email:
        context = {"user": user, "actor": actor, "login_url": emails.absolute_url(reverse("accounts:login"))}
        emails.send_on_commit(
            [emails.build("two-factor-reset", to=user.email, context=context, language=user.language)]
        )


def end_sessions(user: User) -> int:
    """Delete every unexpired database session of the user; returns how many."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)
