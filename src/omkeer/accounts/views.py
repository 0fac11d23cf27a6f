from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.roles import roles_of
from omkeer.accounts import services
from omkeer.accounts.forms import PreferencesForm, TokenForm
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
