from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.people import get_login_to_reset
from omkeer.access.roles import needs_two_factor, roles_of
from omkeer.accounts import services, twofactor
from omkeer.accounts.forms import CodeForm, PreferencesForm, TokenForm
from omkeer.accounts.lockout import unlock
from omkeer.accounts.middleware import ENDED
from omkeer.programmes.models import Participation


@require_GET
@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    participations = (
        Participation.objects.filter(employee_id=request.user.employee_id).select_related("programme")
        if request.user.employee_id
        else Participation.objects.none()
    )
    return render(
        request,
        "accounts/profile.html",
        {
            "participations": participations,
            "roles": sorted(roles_of(request.user)),
            "tokens": request.user.api_tokens.order_by("-created"),
            "form": TokenForm(),
            "preferences": PreferencesForm(instance=request.user),
            "two_factor_on": twofactor.is_enrolled(request),
            "two_factor_required": needs_two_factor(request.user),
            "recovery_codes_left": twofactor.recovery_codes_left(request.user),
        },
    )


@require_POST
@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST, instance=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect("accounts:profile")
    user = form.save()
    messages.success(request, _("Your preferences were saved."))
    response = redirect("accounts:profile")
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
    return response


@require_POST
@login_required
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("accounts:profile")
    raw = services.issue_api_token(user=request.user, name=form.cleaned_data["name"])
    messages.success(request, _("Your new API token (copy it now, it is shown only once): %(token)s") % {"token": raw})
    return redirect("accounts:profile")


@require_POST
@login_required
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.revoke_api_token(user=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")


class LoginView(auth_views.LoginView):
    """The login form; says why when the user lands here because their session ended."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["session_ended"] = self.request.session.pop(ENDED, None)
        return context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the emailed link also lifts a lockout of the account at once."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        unlock(form.user.get_username())
        return response


def _next_url(request: HttpRequest) -> str:
    """The `next` page when it is a path of ours (never a URL name: redirect() would reverse "0"), else home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if allowed and target.startswith("/") else resolve_url(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Scan the QR code (or type the key), confirm with a code; the recovery codes are shown once."""
    device = twofactor.app_device(request.user)
    if device.confirmed:
        verified = request.user.is_verified()  # type: ignore[attr-defined]  # set by django-otp's middleware
        return redirect("accounts:profile" if verified else "accounts:two-factor-verify")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm(request, request.user, device, form.cleaned_data["code"])
        if codes is not None:
            return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _("That code is not right. Check the time on your phone and type the code shown now."))
    context: dict[str, Any] = {
        "form": form,
        "qr": twofactor.qr_code(device),
        "secret": twofactor.secret(device),
        "required": needs_two_factor(request.user),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not twofactor.is_enrolled(request):
        return redirect("accounts:two-factor-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request, request.user, form.cleaned_data["code"]) is not None:
            return redirect(_next_url(request))
        form.add_error("code", _("That code is not right, or it was used already. Type the code your app shows now."))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/two_factor_verify.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def two_factor_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ten new recovery codes (the old ones stop working), shown once."""
    if not twofactor.is_enrolled(request):
        return redirect("accounts:two-factor-setup")
    codes = twofactor.new_recovery_codes(request.user)
    return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": resolve_url("accounts:profile")})


@require_POST
@login_required
def two_factor_disable(request: AuthenticatedHttpRequest) -> HttpResponse:
    if needs_two_factor(request.user):
        messages.error(request, _("Your role requires two-factor authentication: it cannot be switched off."))
    elif twofactor.is_enrolled(request):
        twofactor.disable(request, request.user)
        messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:profile")


@require_http_methods(["GET", "POST"])
@login_required
def two_factor_reset(request: AuthenticatedHttpRequest, employee_id: str) -> HttpResponse:
    """HR: GET what a reset of someone's lost second factor does, and the button; POST: reset it."""
    employee, user = get_login_to_reset(request, employee_id)
    if request.method == "POST":
        try:
            twofactor.reset(actor=request.user, user=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:two-factor-reset", employee_id=employee.employee_id)
        messages.success(request, _("Two-factor authentication was reset; they set it up again at their next login."))
        return redirect("people:employee-detail", employee_id=employee.employee_id)
    context = {"employee": employee, "has_second_factor": twofactor.has_second_factor(user)}
    return render(request, "accounts/two_factor_reset.html", context)
