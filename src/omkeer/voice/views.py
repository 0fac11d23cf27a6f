"""Voice's pages: speaking up (participants), the feedback and the pulse (the programme admin), answering the
pulse (the one-use link). Views decode, get objects through the access layer, call one service and render."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from omkeer.access import voice as access
from omkeer.access.http import AuthenticatedHttpRequest
from omkeer.access.programmes import get_programme_for_user, manages
from omkeer.lib.forms import apply, submit
from omkeer.voice import pulse, reports, services
from omkeer.voice.forms import FeedbackForm, PulseForm, ReplyForm, SettingsForm, TagForm, ThemeForm, WaveForm
from omkeer.voice.models import (
    DAILY_LIMIT,
    K_TEXT_LARGE,
    LARGE_PROGRAMME,
    Feedback,
    PulseWave,
    Reply,
    Theme,
    Topic,
    may_speak,
    speakers_of,
)


@require_http_methods(["GET", "POST"])
@login_required
def speak(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Speak up: the form (for mentors, and mentees where allowed) and the programme's public replies."""
    programme = get_programme_for_user(request, pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        if not may_speak(request.user, programme):
            raise PermissionDenied
        action = lambda: services.send_feedback(actor=request.user, programme=programme, **form.cleaned_data)  # noqa: E731
        if apply(form, action):
            messages.success(request, _("Thank you. Your feedback is stored without your name."))
            return redirect("voice:speak", pk=programme.pk)
    context = {
        "programme": programme,
        "form": form,
        "may_speak": may_speak(request.user, programme),
        "manages": manages(request.user, programme),
        "replies": Reply.objects.filter(programme=programme).select_related("theme"),
        "k": services.settings_of(programme).k_text,
        "daily_limit": DAILY_LIMIT,
    }
    return render(request, "voice/speak.html", context)


# --- the admin's feedback page ---------------------------------------------------------------------------------------


@require_GET
@login_required
def feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    items = Feedback.objects.filter(programme=programme).released().prefetch_related("themes")
    themes = Theme.objects.filter(programme=programme)
    theme, topic = request.GET.get("theme", ""), request.GET.get("topic", "")
    if theme:
        items = items.filter(themes__pk=theme)
    if topic in Topic.values:
        items = items.filter(topic=topic)
    context = {
        "programme": programme,
        "progress": services.progress(programme),
        "items": [(item, TagForm(themes=themes, initial={"themes": list(item.themes.all())})) for item in items],
        "themes": themes,
        "topics": Topic.choices,
        "theme": theme,
        "topic": topic,
        "theme_form": ThemeForm(),
        "replies": Reply.objects.filter(programme=programme).select_related("theme"),
    }
    return render(request, "voice/feedback.html", context)


@require_POST
@login_required
def theme_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    form = ThemeForm(request.POST)
    submit(
        request,
        form,
        lambda: services.add_theme(actor=request.user, programme=programme, **form.cleaned_data),
        _("Theme added."),
    )
    return redirect("voice:feedback", pk=programme.pk)


@require_POST
@login_required
def feedback_tag(request: AuthenticatedHttpRequest, pk: int, item: UUID) -> HttpResponse:
    entry = access.get_feedback_for_user(request, pk, item)
    form = TagForm(request.POST, themes=Theme.objects.filter(programme=entry.programme))
    submit(
        request,
        form,
        lambda: services.tag(actor=request.user, feedback=entry, themes=form.cleaned_data["themes"]),
        _("Themes saved."),
    )
    return redirect("voice:feedback", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def reply_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _save_reply(request, pk, None)


@require_http_methods(["GET", "POST"])
@login_required
def reply_edit(request: AuthenticatedHttpRequest, pk: int, reply: UUID) -> HttpResponse:
    return _save_reply(request, pk, access.get_reply_for_user(request, pk, reply))


def _save_reply(request: AuthenticatedHttpRequest, pk: int, reply: Reply | None) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    initial = {"said": reply.said, "did": reply.did, "status": reply.status, "theme": reply.theme} if reply else {}
    form = ReplyForm(request.POST or None, initial=initial, themes=Theme.objects.filter(programme=programme))

    def action() -> None:
        services.save_reply(actor=request.user, programme=programme, reply=reply, **form.cleaned_data)

    if request.method == "POST" and apply(form, action):
        messages.success(request, _("Reply published to everyone in the programme."))
        return redirect("voice:feedback", pk=programme.pk)
    return render(request, "voice/reply_form.html", {"programme": programme, "form": form, "reply": reply})


@require_POST
@login_required
def reply_delete(request: AuthenticatedHttpRequest, pk: int, reply: UUID) -> HttpResponse:
    entry = access.get_reply_for_user(request, pk, reply)
    services.delete_reply(actor=request.user, reply=entry)
    messages.success(request, _("Reply removed."))
    return redirect("voice:feedback", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def voice_settings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    current = services.settings_of(programme)
    initial = {"k_numbers": current.k_numbers, "k_text": current.k_text, "mentees_speak": current.mentees_speak}
    form = SettingsForm(request.POST or None, initial=initial)

    def action() -> None:
        services.update_settings(actor=request.user, programme=programme, **form.cleaned_data)

    if request.method == "POST" and apply(form, action):
        messages.success(request, _("Settings saved."))
        return redirect("voice:feedback", pk=programme.pk)
    context = {
        "programme": programme,
        "form": form,
        "size": speakers_of(programme).values("employee").distinct().count(),
        "large": LARGE_PROGRAMME,
        "k_large": K_TEXT_LARGE,
    }
    return render(request, "voice/settings.html", context)


# --- the pulse -------------------------------------------------------------------------------------------------------


@require_GET
@login_required
def pulse_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The admin's pulse page: waves, and the results of one group with a breakdown and its trend."""
    programme = get_programme_for_user(request, pk, to="manage")
    wave = request.GET.get("wave", "")
    filters = {d: request.GET[d] for d in reports.DIMENSIONS if d in request.GET and request.GET[d] != "*"}
    report = reports.pulse_report(
        programme, wave_id=int(wave) if wave.isdigit() else None, filters=filters, breakdown=request.GET.get("by", "")
    )
    context = {
        "programme": programme,
        "report": report,
        "waves": PulseWave.objects.filter(programme=programme).order_by("-opens_on"),
        "wave_form": WaveForm(),
        "agreement": reports.agreement_labels(),
        "dimensions": [(d, reports.dimension_label(d)) for d in reports.DIMENSIONS],
        "filters": [
            (d, reports.dimension_label(d), report.options.get(d, []), report.filters.get(d))
            for d in reports.DIMENSIONS
        ],
        "today": timezone.localdate(),
    }
    return render(request, "voice/pulse.html", context)


@require_POST
@login_required
def wave_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk, to="manage")
    form = WaveForm(request.POST)
    submit(
        request,
        form,
        lambda: pulse.schedule_wave(actor=request.user, programme=programme, **form.cleaned_data),
        _("Wave planned. Invitations go out on its first day."),
    )
    return redirect("voice:pulse", pk=programme.pk)


@require_POST
@login_required
def wave_delete(request: AuthenticatedHttpRequest, pk: int, wave: int) -> HttpResponse:
    entry = access.get_wave_for_user(request, pk, wave)
    try:
        pulse.delete_wave(actor=request.user, wave=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Wave deleted."))
    return redirect("voice:pulse", pk=pk)


@never_cache
@require_http_methods(["GET", "POST"])
def pulse_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The one-use link from the invitation email; no login, so nothing ties the answers to a session."""
    try:
        invitation = pulse.invitation_for(token)
    except ValidationError as error:
        return render(request, "voice/pulse_closed.html", {"message": " ".join(error.messages)}, status=410)
    form = PulseForm(request.POST or None)
    if request.method == "POST" and apply(form, lambda: pulse.answer(secret=token, answers=form.cleaned_data)):
        return render(
            request, "voice/pulse_closed.html", {"message": _("Thank you: your answers are in."), "done": True}
        )
    context = {"form": form, "wave": invitation.wave, "role": invitation.role}
    return render(request, "voice/pulse_answer.html", context)
