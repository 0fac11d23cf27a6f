"""Anonymous feedback: a mentor sends it, nothing links it to them, the admin sees it only in batches of at least
k different contributors, tags themes and replies for everyone to read. Bad input writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from omkeer.accounts.models import AuditEntry
from omkeer.voice import services
from omkeer.voice.models import DAILY_LIMIT, Feedback, Release, Reply, Speaker, Theme, VoiceSettings

DAY = dt.date(2026, 11, 10)


def send(user, programme, text="Meetings start late.", topic="way-of-working", safety=None, today=DAY):
    services.send_feedback(actor=user, programme=programme, topic=topic, text=text, safety=safety, today=today)


def test_feedback_is_stored_without_its_author_and_sealed(programme, mentor):
    audits = AuditEntry.objects.count()
    send(mentor, programme, safety=3)
    item = Feedback.objects.get()
    assert (item.period, item.month, item.topic, item.safety, item.release) == (
        "2026-Q4",
        "2026-11",
        "way-of-working",
        3,
        None,
    )
    speaker = Speaker.objects.get()
    assert len(speaker.key) == 64 and not any(
        field.is_relation and field.name != "programme" for field in Speaker._meta.get_fields()
    )
    assert AuditEntry.objects.count() == audits  # sending is never audited: the entry would name the author


def test_release_waits_for_k_different_people_then_shows_all_at_once(programme, mentors):
    for _ in range(3):
        send(mentors[0], programme)  # one person three times is one contributor
    for user in mentors[1:4]:
        send(user, programme)
    assert services.progress(programme)["contributors"] == 4
    assert not Release.objects.exists() and Feedback.objects.released().count() == 0
    send(mentors[4], programme)
    release = Release.objects.get()
    assert (release.number, release.contributors) == (1, 5)
    assert Feedback.objects.released().count() == 7
    assert services.progress(programme) == {"released": True, "contributors": 0, "needed": 5, "this_quarter": 5}
    send(mentors[5], programme)  # the next batch waits for 5 new people again
    assert Feedback.objects.sealed().count() == 1 and Release.objects.count() == 1


def test_a_higher_text_threshold_holds_back_longer(programme, admin, mentors):
    services.update_settings(actor=admin, programme=programme, k_numbers=5, k_text=6, mentees_speak=False)
    for user in mentors[:5]:
        send(user, programme)
    assert not Release.objects.exists()
    send(mentors[5], programme)
    assert Release.objects.get().contributors == 6


@pytest.mark.parametrize(
    ("topic", "text", "safety", "field"),
    [
        ("gossip", "Fine", None, "topic"),
        ("leadership", "   ", None, "text"),
        ("leadership", "x" * 3001, None, "text"),
        ("leadership", "Fine", 6, "safety"),
        ("leadership", "Fine", 0, "safety"),
    ],
)
def test_bad_feedback_names_the_field_and_writes_nothing(programme, mentor, topic, text, safety, field):
    with pytest.raises(ValidationError) as error:
        send(mentor, programme, text=text, topic=topic, safety=safety)
    assert field in error.value.message_dict
    assert not Feedback.objects.exists() and not Speaker.objects.exists()


def test_the_daily_limit_counts_through_the_speaker_never_the_content(programme, mentor):
    for _ in range(DAILY_LIMIT):
        send(mentor, programme)
    with pytest.raises(ValidationError) as error:
        send(mentor, programme)
    assert "tomorrow" in error.value.message_dict["text"][0]
    assert Feedback.objects.count() == DAILY_LIMIT
    send(mentor, programme, today=DAY + dt.timedelta(days=1))
    assert Feedback.objects.count() == DAILY_LIMIT + 1


def test_who_may_send(programme, admin, coach, mentee, outsider):
    for user in (coach, mentee, outsider, admin):
        with pytest.raises(PermissionDenied):
            send(user, programme)
    services.update_settings(actor=admin, programme=programme, k_numbers=5, k_text=5, mentees_speak=True)
    send(mentee, programme)
    assert Feedback.objects.count() == 1


def test_thresholds_never_go_below_five(programme, admin, mentor):
    with pytest.raises(ValidationError) as error:
        services.update_settings(actor=admin, programme=programme, k_numbers=4, k_text=3, mentees_speak=False)
    assert set(error.value.message_dict) == {"k_numbers", "k_text"}
    assert not VoiceSettings.objects.exists()
    with pytest.raises(PermissionDenied):
        services.update_settings(actor=mentor, programme=programme, k_numbers=9, k_text=9, mentees_speak=False)


def test_themes_and_replies(programme, admin, mentors, mentee, client_for):
    for user in mentors[:5]:
        send(user, programme, text=f"Approval takes weeks ({user.pk})")
    theme = services.add_theme(actor=admin, programme=programme, name="Approvals")
    with pytest.raises(ValidationError):
        services.add_theme(actor=admin, programme=programme, name="approvals")
    item = Feedback.objects.released().first()
    services.tag(actor=admin, feedback=item, themes=[theme])
    assert list(item.themes.all()) == [theme]
    services.save_reply(
        actor=admin,
        programme=programme,
        reply=None,
        said="Approvals take weeks",
        did="Two signatures, not five.",
        status="acting",
        theme=theme,
    )
    page = client_for(mentee).get(reverse("voice:speak", args=[programme.pk])).content.decode()
    assert "Two signatures, not five." in page and "Acting on it" in page
    with pytest.raises(ValidationError) as error:
        services.save_reply(actor=admin, programme=programme, reply=None, said="", did="", status="maybe", theme=None)
    assert set(error.value.message_dict) == {"said", "did", "status"}
    assert Reply.objects.count() == 1


def test_a_sealed_item_cannot_be_tagged_or_opened(programme, admin, mentor, client_for):
    send(mentor, programme)
    item = Feedback.objects.get()
    theme = Theme.objects.create(programme=programme, name="Tools")
    with pytest.raises(PermissionDenied):
        services.tag(actor=admin, feedback=item, themes=[theme])
    url = reverse("voice:feedback-tag", args=[programme.pk, item.pk])
    assert client_for(admin).post(url, {"themes": [theme.pk]}).status_code == 404


def test_the_speak_up_page_sends_and_says_what_is_stored(programme, mentor, client_for):
    client = client_for(mentor)
    url = reverse("voice:speak", args=[programme.pk])
    page = client.get(url).content.decode()
    assert "What is stored, and what is not" in page and "can still point to you" in page
    response = client.post(url, {"topic": "leadership", "text": "Leaders rarely ask juniors.", "safety": "4"})
    assert response.status_code == 302
    assert Feedback.objects.get().text == "Leaders rarely ask juniors."
    response = client.post(url, {"topic": "leadership", "text": ""})
    assert response.status_code == 200 and "Write what you want to say." in response.content.decode()
    assert Feedback.objects.count() == 1


def test_a_coach_reads_the_page_but_cannot_send(programme, coach, client_for):
    client = client_for(coach)
    url = reverse("voice:speak", args=[programme.pk])
    assert "Send without my name" not in client.get(url).content.decode()
    assert client.post(url, {"topic": "leadership", "text": "Hi"}).status_code == 403
    assert not Feedback.objects.exists()


def test_the_admin_page_counts_until_released(programme, admin, mentors, client_for):
    for user in mentors[:3]:
        send(user, programme, text="A canary-ish sentence")
    page = client_for(admin).get(reverse("voice:feedback", args=[programme.pk])).content.decode()
    assert "3 of 5 contributors so far — nothing is shown yet." in page
    assert "canary-ish" not in page
    for user in mentors[3:5]:
        send(user, programme, text="A canary-ish sentence")
    page = client_for(admin).get(reverse("voice:feedback", args=[programme.pk])).content.decode()
    assert page.count("canary-ish") == 5 and "0 of 5 new contributors" in page


def test_the_api(programme, admin, mentors, coach, client_for):
    url = f"/api/programmes/{programme.pk}/voice/feedback"
    client = client_for(mentors[0])
    response = client.post(url, {"topic": "organisation", "text": "More remote days"}, content_type="application/json")
    assert response.status_code == 201 and response.json() == {"detail": "Stored without your name."}
    bad = client.post(url, {"topic": "x", "text": ""}, content_type="application/json")
    assert bad.status_code == 400 and "topic" in bad.json()["detail"] and "text" in bad.json()["detail"]
    assert (
        client_for(coach)
        .post(url, {"topic": "organisation", "text": "Hi"}, content_type="application/json")
        .status_code
        == 403
    )
    assert client_for(admin).get(url).json() == {"released": False, "contributors": 1, "needed": 5, "items": []}
    for user in mentors[1:5]:
        send(user, programme, today=None)
    body = client_for(admin).get(url).json()
    assert body["released"] is True and len(body["items"]) == 5
    assert set(body["items"][0]) == {"topic", "text", "safety", "period", "month", "themes"}
    assert client.get(url).status_code == 403


def test_the_pages_speak_dutch(programme, admin, mentor, client_for):
    for user, name, text in [(mentor, "voice:speak", "Laat je horen"), (admin, "voice:pulse", "ronde")]:
        client = client_for(user)
        client.post(reverse("set_language"), {"language": "nl"})
        page = client.get(reverse(name, args=[programme.pk])).content.decode()
        assert text in page, name
    response = client_for(mentor)
    response.post(reverse("set_language"), {"language": "nl"})
    page = response.post(reverse("voice:speak", args=[programme.pk]), {"topic": "x", "text": ""}).content.decode()
    assert "Write what you want to say." not in page
