"""A private note is read by the two partners and by nobody else: not the programme admin, not the coach,
not HR, not a staff superuser — on any page, API endpoint, export or Django admin screen."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from omkeer.lib.logs import JsonFormatter
from omkeer.mentorships.models import FitAnswer, Note, Reflection
from tests.test_access_matrix import API_MATRIX, MATRIX, NOTE_TEXT, api_url, build_world


@pytest.fixture
def world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff):
    return build_world(programme, admin, coach, mentor, other_mentor, mentee, outsider, hr, staff)


COORDINATORS = ["admin", "coach", "hr", "staff"]
GET_PAGES = sorted(name for name, (method, *_rest) in MATRIX.items() if method == "get")
GET_API = sorted(key for key in API_MATRIX if key.startswith("GET "))


@pytest.mark.parametrize("persona", COORDINATORS)
def test_no_page_shows_a_note_to_anyone_but_the_pair(persona, world, client_for):
    users, kwargs = world
    client = client_for(users[persona])
    for name in GET_PAGES:
        builder = MATRIX[name][1]
        response = client.get(reverse(name, kwargs=kwargs[builder] if builder else None))
        assert NOTE_TEXT not in response.content.decode(errors="replace"), (name, persona)


@pytest.mark.parametrize("persona", COORDINATORS)
def test_no_api_endpoint_or_export_returns_a_note_to_anyone_but_the_pair(persona, world, client_for):
    users, kwargs = world
    client = client_for(users[persona])
    for key in GET_API:
        builder = API_MATRIX[key][0]
        response = client.get(api_url(key, kwargs[builder] if builder else None))
        assert NOTE_TEXT not in response.content.decode(), (key, persona)
    export = client.get(reverse("people:export"))
    assert NOTE_TEXT not in export.content.decode(errors="replace")


def test_the_django_admin_never_shows_private_text(world, client_for):
    users, _kwargs = world
    client = client_for(users["staff"])
    for model in django_admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        for query in ({}, {"q": "q7-secret"}):
            page = client.get(reverse("admin:{}_{}_changelist".format(*info)), query).content.decode()
            assert NOTE_TEXT not in page, model
    for model in (Note, Reflection, FitAnswer):
        for pk in model.objects.values_list("pk", flat=True):
            info = model._meta.app_label, model._meta.model_name
            page = client.get(reverse("admin:{}_{}_change".format(*info), args=[pk]))
            assert page.status_code == 200 and NOTE_TEXT not in page.content.decode()
    # searching the notes finds nothing by their text
    found = client.get(reverse("admin:mentorships_note_changelist"), {"q": "q7-secret"}).content.decode()
    assert "0 notes" in found or "0 results" in found


def test_the_partners_read_the_note(world, client_for):
    users, kwargs = world
    for persona in ("mentor", "mentee"):
        client = client_for(users[persona])
        page = client.get(reverse("mentorships:session-detail", kwargs=kwargs["pair_session"]))
        assert NOTE_TEXT in page.content.decode()
        api = client.get(api_url("GET /api/mentorships/{mentorship_id}/notes", kwargs["pair_id"]))
        assert api.json()[0]["text"] == NOTE_TEXT


def test_the_coach_and_admin_cannot_open_the_session_or_its_notes(world, client_for):
    users, kwargs = world
    for persona in ("admin", "coach", "staff"):
        client = client_for(users[persona])
        assert client.get(reverse("mentorships:session-detail", kwargs=kwargs["pair_session"])).status_code == 403
        notes = client.get(api_url("GET /api/mentorships/{mentorship_id}/notes", kwargs["pair_id"]))
        assert notes.status_code == 403


def test_json_log_lines_never_hold_a_note_or_a_password(planned, mentor, client_for, clock):
    """Every logger at DEBUG, formatted as in production (one JSON object a line): writing a note and logging in
    leave neither text in any line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        clock.move_to(dt.datetime(2026, 3, 10, 13, 0, tzinfo=dt.UTC))
        client_for(mentor).post(reverse("mentorships:note-write", args=[planned[0].pk]), {"text": "canary-note-91c2"})
        client_for(None).post(reverse("accounts:login"), {"username": mentor.username, "password": "canary-pass-44d1"})
        logging.getLogger("omkeer").warning("Something happened", extra={"path": "/x"})
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert Note.objects.get().text == "canary-note-91c2"
    lines = stream.getvalue().splitlines()
    assert lines, "nothing was logged"
    assert all(isinstance(json.loads(line), dict) for line in lines)  # one JSON object a line
    assert {"message": "Something happened", "path": "/x", "level": "WARNING"}.items() <= json.loads(lines[-1]).items()
    assert "canary-note-91c2" not in stream.getvalue()
    assert "canary-pass-44d1" not in stream.getvalue()
