"""A canary sent as feedback appears nowhere before release: no page, API answer, export, email, admin screen
or log line, for any persona. After release, only the programme admin reads it."""

from __future__ import annotations

import logging

import pytest
from django.contrib import admin as django_admin
from django.core import mail
from django.urls import reverse

from omkeer.voice import services
from omkeer.voice.models import Feedback

CANARY = "canary-7f3a: the director shouts at juniors"


@pytest.fixture
def sealed(programme, mentors):
    for user in mentors[:4]:
        services.send_feedback(actor=user, programme=programme, topic="leadership", text=CANARY, safety=2)
    assert not Feedback.objects.released().exists()
    return programme


def urls(programme):
    pk = programme.pk
    pages = [reverse(f"voice:{name}", args=[pk]) for name in ("speak", "feedback", "pulse", "settings", "reply-create")]
    api = [f"/api/programmes/{pk}/voice/feedback", f"/api/programmes/{pk}/voice/pulse", f"/api/programmes/{pk}"]
    exports = [reverse("people:export")]
    admin_pages = [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in django_admin.site._registry
    ]
    item = Feedback.objects.first()
    admin_pages.append(reverse("admin:voice_feedback_change", args=[item.pk]))
    return pages + api + exports + admin_pages


def test_the_canary_is_nowhere_before_release(sealed, admin, coach, mentor, mentee, hr, staff, client_for, caplog):
    caplog.set_level(logging.DEBUG)
    for user in (admin, coach, mentor, mentee, hr, staff, None):
        client = client_for(user)
        for url in urls(sealed):
            response = client.get(url)
            assert "canary-7f3a" not in response.content.decode(errors="replace"), (url, user)
    assert all("canary-7f3a" not in message.body for message in mail.outbox)
    assert "canary-7f3a" not in caplog.text


def test_the_canary_reaches_only_the_admin_after_release(sealed, mentors, admin, coach, mentee, staff, client_for):
    services.send_feedback(actor=mentors[4], programme=sealed, topic="leadership", text="Fifth", safety=None)
    assert "canary-7f3a" in client_for(admin).get(reverse("voice:feedback", args=[sealed.pk])).content.decode()
    for user in (coach, mentee, mentors[0]):
        client = client_for(user)
        assert "canary-7f3a" not in client.get(reverse("voice:speak", args=[sealed.pk])).content.decode()
        assert client.get(f"/api/programmes/{sealed.pk}/voice/feedback").status_code == 403
    change = reverse("admin:voice_feedback_change", args=[Feedback.objects.first().pk])
    assert "canary-7f3a" not in client_for(staff).get(change).content.decode()  # not even in the Django admin
