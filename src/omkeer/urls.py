from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.i18n import set_language

from omkeer import views
from omkeer.api.main import api
from omkeer.lib import health as checks

admin.site.site_header = _("Omkeer administration")
admin.site.site_title = _("Omkeer admin")


def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a logged-in user's choice is also saved, so emails follow it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
    return response


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The database, the cache and the Celery broker, each reached now: 200 when all answer, else 503 (for a load
    balancer or an orchestrator to take the process out of rotation)."""
    results = checks.run()
    healthy = all(check.ok for check in results)
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {check.name: {"ok": check.ok, "ms": check.ms, "detail": check.detail} for check in results},
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health, name="health"),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("accounts/", include("omkeer.accounts.urls")),
    path("people/", include("omkeer.people.urls")),
    path("programmes/", include("omkeer.programmes.urls")),
    path("enrolment/", include("omkeer.enrolment.urls")),
    path("matching/", include("omkeer.matching.urls")),
    path("mentorships/", include("omkeer.mentorships.urls")),
    path("board/", include("omkeer.board.urls")),
    path("voice/", include("omkeer.voice.urls")),
    path("evaluation/", include("omkeer.evaluation.urls")),
    path("privacy/", include("omkeer.privacy.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "omkeer.views.forbidden"
handler404 = "omkeer.views.not_found"
