"""Session plans: two defaults (EN/NL) per programme, planning from one, and the admin editing them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from omkeer.mentorships import tracks
from omkeer.mentorships.models import MentoringSession, Track


def test_every_programme_starts_with_a_digital_and_an_inclusion_plan(programme):
    digital, inclusion = sorted(tracks.ensure_tracks(programme), key=lambda t: -t.sessions.count())
    assert [s.title_en for s in digital.sessions.all()] == [
        "LinkedIn and professional networks",
        "Social media for the business",
        "Search and online research",
        "Collaboration tools",
        "AI tools",
        "Online privacy and security",
    ]
    assert inclusion.sessions.count() == 4 and "does not advise" in inclusion.description_en
    with translation.override("nl"):
        assert digital.name == "Een digitaal traject in zes sessies"
    assert len(tracks.ensure_tracks(programme)) == 2  # idempotent


def test_the_mentor_plans_from_a_track_in_their_language(agreed, mentor, client_for):
    track = next(t for t in tracks.ensure_tracks(agreed.programme) if t.sessions.count() == 6)
    client = client_for(mentor)
    client.post(reverse("set_language"), {"language": "nl"})
    data = {"track": track.pk, "first": "2026-03-10T12:00", "count": 7, "minutes": 60, "agenda": "Vragen van Maarten"}
    assert client.post(reverse("mentorships:session-plan", args=[agreed.pk]), data).status_code == 302
    agendas = list(MentoringSession.objects.order_by("starts_at").values_list("agenda", flat=True))
    assert agendas[0].startswith("LinkedIn en professionele netwerken\n\n")
    assert "Huiswerk: Eén keer posten" in agendas[0] and agendas[0].endswith("Vragen van Maarten")
    assert agendas[6] == "Vragen van Maarten"  # beyond the plan: only the mentor's own agenda


def test_a_track_of_another_programme_is_refused(agreed, mentor, other_programme, client_for):
    foreign = tracks.ensure_tracks(other_programme)[0]
    data = {"track": foreign.pk, "first": "2026-03-10T12:00", "count": 2, "minutes": 60}
    response = client_for(mentor).post(reverse("mentorships:session-plan", args=[agreed.pk]), data)
    assert "track" in response.context["form"].errors and not MentoringSession.objects.exists()


def formset_data(track, **changes):
    sessions = list(track.sessions.all())
    data = {
        "name_en": track.name_en,
        "name_nl": track.name_nl,
        "description_en": track.description_en,
        "description_nl": track.description_nl,
        "sessions-TOTAL_FORMS": len(sessions) + 1,
        "sessions-INITIAL_FORMS": len(sessions),
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 1000,
    }
    for i, item in enumerate(sessions):
        for name in ("order", "title_en", "title_nl", "agenda_en", "agenda_nl", "homework_en", "homework_nl"):
            data[f"sessions-{i}-{name}"] = getattr(item, name)
        data[f"sessions-{i}-id"] = item.pk
        data[f"sessions-{i}-track"] = track.pk
    data.update(changes)
    return data


def test_the_admin_edits_adds_and_removes_sessions(programme, admin, client_for):
    track = tracks.ensure_tracks(programme)[0]
    count = track.sessions.count()
    added = {
        f"sessions-{count}-order": 9,
        f"sessions-{count}-title_en": "Video calls",
        f"sessions-{count}-title_nl": "Videobellen",
        f"sessions-{count}-agenda_en": "Good light, good sound",
        f"sessions-{count}-agenda_nl": "Goed licht, goed geluid",
        "sessions-0-DELETE": "on",
        "name_nl": "Digitaal in zes stappen",
    }
    response = client_for(admin).post(reverse("mentorships:track-edit", args=[track.pk]), formset_data(track, **added))
    assert response.status_code == 302
    track.refresh_from_db()
    assert track.name_nl == "Digitaal in zes stappen" and track.sessions.count() == count
    assert track.sessions.last().title_nl == "Videobellen"


def test_a_session_without_a_title_is_refused_and_nothing_changes(programme, admin, client_for):
    track = tracks.ensure_tracks(programme)[0]
    before = list(track.sessions.values_list("title_en", flat=True))
    response = client_for(admin).post(
        reverse("mentorships:track-edit", args=[track.pk]),
        formset_data(track, **{"sessions-0-title_en": "", "name_en": "Renamed"}),
    )
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    track.refresh_from_db()
    assert track.name_en != "Renamed" and list(track.sessions.values_list("title_en", flat=True)) == before


def test_only_the_programmes_admins_edit_plans(programme, other_programme, admin, mentor, client_for):
    track = tracks.ensure_tracks(programme)[0]
    foreign = tracks.ensure_tracks(other_programme)[0]
    assert client_for(mentor).get(reverse("mentorships:track-edit", args=[track.pk])).status_code == 403
    assert client_for(admin).get(reverse("mentorships:track-edit", args=[foreign.pk])).status_code == 404
    assert client_for(admin).post(reverse("mentorships:track-delete", args=[foreign.pk])).status_code == 404
    client_for(admin).post(reverse("mentorships:track-delete", args=[track.pk]))
    assert not Track.objects.filter(pk=track.pk).exists()
