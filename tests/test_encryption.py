"""Encryption at rest: notes, check-in answers and anonymous feedback are AES-GCM ciphertext in the database,
readable only with a key from the environment; `omkeer rotate-key` moves them to a new key."""

from __future__ import annotations

import base64
import datetime as dt
import os
import subprocess
import sys
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from omkeer.evaluation import services as evaluation
from omkeer.evaluation.models import NOTE_LENGTH, CheckIn
from omkeer.lib import crypto
from omkeer.lib.fields import check_data_keys, decrypt_existing, encrypt_existing, encrypted_fields
from omkeer.mentorships import services as mentorships
from omkeer.mentorships.models import Mentorship, Note
from omkeer.voice import services as voice
from omkeer.voice.models import Feedback
from tests.mentorships.conftest import AGREEMENT

NEW_KEY = bytes(range(32))
NEW_ENTRY = f"new:{base64.b64encode(NEW_KEY).decode()}"
NOTE = "canary-note-4d1e: my manager never reads the reports"
FEEDBACK = "canary-feedback-9b2c: the programme lead interrupts the juniors"
CONCERNS = "canary-concerns-17aa: thinking of leaving"
NOTES = "canary-notes-55f0: partner cancels often"
CANARIES = [NOTE, FEEDBACK, CONCERNS, NOTES]
COLUMNS = encrypted_fields(apps.get_models())


def _rotated():
    """The ring after a rotation: a new current key, the old dev key still there to decrypt."""
    return override_settings(DATA_KEYS={"new": NEW_KEY, **settings.DATA_KEYS})


def _raw(model, name):
    table, column = model._meta.db_table, model._meta.get_field(name).column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {connection.ops.quote_name(table)}")
        return [value for (value,) in cursor.fetchall()]


def _call(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def written(programme, admin, coach, mentor, mentee, django_capture_on_commit_callbacks):
    """A note, a piece of feedback and a recorded check-in, each through its service."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        pair = Mentorship.objects.create(
            programme=programme, mentor=mentor.employee, mentee=mentee.employee, started=timezone.localdate()
        )
        with django_capture_on_commit_callbacks(execute=True):
            mentorships.hold_kickoff(actor=mentor, mentorship=pair, on=timezone.localdate())
            version = mentorships.propose_agreement(actor=mentor, mentorship=pair, values=dict(AGREEMENT))
            mentorships.accept_agreement(actor=mentee, version=version)
            first = dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)
            mentorships.plan_sessions(actor=mentor, mentorship=pair, first=first, count=1, minutes=60, place="Here")
        clock.move_to(dt.datetime(2026, 3, 10, 13, 0, tzinfo=dt.UTC))
        mentorships.write_note(actor=mentor, session=pair.sessions.get(), text=NOTE)
        voice.send_feedback(actor=mentor, programme=programme, topic="way-of-working", text=FEEDBACK, safety=None)
        checkin = CheckIn.objects.create(programme=programme, employee=mentee.employee, role="mentee", due=first.date())
        evaluation.record_checkin(
            actor=admin,
            checkin=checkin,
            held=first.date(),
            personal_growth=4,
            knowledge=3,
            relationship=5,
            concerns=CONCERNS,
            notes=NOTES,
        )


def test_text_round_trips_and_each_encryption_differs():
    one, two = crypto.encrypt("Zoë’s note", context="a.b.c"), crypto.encrypt("Zoë’s note", context="a.b.c")
    assert one != two and one.startswith("enc1:dev:")
    assert crypto.decrypt(one, context="a.b.c") == crypto.decrypt(two, context="a.b.c") == "Zoë’s note"
    assert crypto.decrypt(crypto.encrypt("", context="x"), context="x") == ""


def test_a_tampered_value_raises_instead_of_reading_as_something_else():
    value = crypto.encrypt("Meet on Monday", context="a.b.c")
    blob = bytearray(base64.b64decode(value.split(":")[2]))
    blob[15] ^= 1
    tampered = f"enc1:dev:{base64.b64encode(bytes(blob)).decode()}"
    with pytest.raises(crypto.DecryptionError, match="key 'dev' does not authenticate"):
        crypto.decrypt(tampered, context="a.b.c")
    with pytest.raises(crypto.DecryptionError, match="does not authenticate"):  # copied into another column
        crypto.decrypt(value, context="a.b.other")
    with pytest.raises(crypto.DecryptionError, match="not an encrypted value"):
        crypto.decrypt("Meet on Monday", context="a.b.c")


def test_a_value_under_an_unknown_key_names_the_key():
    value = crypto.encrypt("Meet on Monday")
    with (
        override_settings(DATA_KEYS={"new": NEW_KEY}),
        pytest.raises(crypto.DecryptionError, match="key 'dev', which is not in OMKEER_DATA_KEYS"),
    ):
        crypto.decrypt(value)


def test_the_key_ring_parses_in_order_and_refuses_bad_keys():
    assert list(crypto.parse_keys(f"{NEW_ENTRY}, {crypto.generate_key()}"))[0] == "new"
    assert crypto.parse_keys("") == {}
    for raw, message in [
        ("new", "each key is `id:base64`"),
        ("new:%%%", "key 'new' is not valid base64"),
        (f"new:{base64.b64encode(b'short').decode()}", "key 'new' must be 32 bytes, not 5"),
        (f"{NEW_ENTRY},{NEW_ENTRY}", "key id 'new' appears twice"),
    ]:
        with pytest.raises(ImproperlyConfigured, match=message):
            crypto.parse_keys(raw)


def test_the_system_check_refuses_an_unusable_key_ring():
    assert check_data_keys() == []
    for ring in [{}, {"new": b"short"}, {"Bad Id": NEW_KEY}]:
        with override_settings(DATA_KEYS=ring):
            assert [error.id for error in check_data_keys()] == ["omkeer.E001"]


def test_every_encrypted_column_holds_no_plain_text(written):
    assert {f"{m._meta.label}.{name}" for m, name in COLUMNS} >= {
        "mentorships.Note.text",
        "voice.Feedback.text",
        "evaluation.CheckIn.concerns",
        "evaluation.CheckIn.notes",
    }
    for model, name in COLUMNS:
        values = _raw(model, name)
        assert values, f"{model._meta.label}.{name} has no rows to check"
        for value in values:
            assert value.startswith("enc1:dev:")
            assert not any(canary[:20] in value for canary in CANARIES)
    assert Note.objects.get().text == NOTE
    assert Feedback.objects.get().text == FEEDBACK
    assert CheckIn.objects.values_list("concerns", "notes").get() == (CONCERNS, NOTES)


def test_pages_show_the_decrypted_text_to_those_allowed(written, mentee, admin, client_for):
    note, checkin = Note.objects.get(), CheckIn.objects.get()
    assert NOTE in client_for(mentee).get(reverse("mentorships:session-detail", args=[note.session_id])).text
    page = client_for(admin).get(reverse("evaluation:checkin", args=[checkin.programme_id, checkin.pk]))
    assert CONCERNS in page.text and NOTES in page.text


def test_rotate_key_rewrites_every_row_under_the_new_key_once(written):
    before = {(m, name): _raw(m, name) for m, name in COLUMNS}
    with _rotated():
        with pytest.raises(CommandError, match="not under the current key new"):
            _call("rotate_key", "--check")
        out = _call("rotate_key")
        assert "mentorships.Note.text: 1 rows re-encrypted" in out and "voice.Feedback.text: 1 rows" in out
        for model, name in COLUMNS:
            after = _raw(model, name)
            assert all(value.startswith("enc1:new:") for value in after) and after != before[(model, name)]
        assert Note.objects.get().text == NOTE and CheckIn.objects.get().notes == NOTES
        assert "0 rows re-encrypted under key new" in _call("rotate_key")
        assert "0 rows not under key new" in _call("rotate_key", "--check")
        with override_settings(DATA_KEYS={"new": NEW_KEY}):  # the old key can go now
            assert Feedback.objects.get().text == FEEDBACK


def test_rotate_key_prints_a_fresh_key_for_the_ring():
    entry = _call("rotate_key", "--new-key").strip()
    assert list(crypto.parse_keys(entry)) == [entry.split(":")[0]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        lambda: Note.objects.filter(text=NOTE),
        lambda: Feedback.objects.filter(text__icontains="lead"),
        lambda: CheckIn.objects.exclude(notes=""),
        lambda: CheckIn.objects.filter(concerns__lower="x"),
    ],
)
def test_filtering_on_an_encrypted_column_is_refused(query):
    with pytest.raises(FieldError, match="is encrypted in the database"):
        query()
    assert list(Note.objects.filter(text__isnull=True)) == []


def test_forms_validate_the_length_of_the_plain_text():
    field = CheckIn._meta.get_field("notes").formfield()
    assert field.max_length == NOTE_LENGTH and field.widget.__class__.__name__ == "Textarea"
    assert field.clean("x" * NOTE_LENGTH) == "x" * NOTE_LENGTH
    with pytest.raises(Exception, match="at most 3000"):
        field.clean("x" * (NOTE_LENGTH + 1))


def test_the_migration_steps_encrypt_plain_rows_and_back(written):
    table = connection.ops.quote_name(Note._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET text = %s", ["left over in plain text"])  # noqa: S608
    encrypt_existing(Note, "text")
    encrypt_existing(Note, "text")  # idempotent: an encrypted value is not encrypted twice
    assert _raw(Note, "text")[0].startswith("enc1:dev:") and Note.objects.get().text == "left over in plain text"
    decrypt_existing(Note, "text")
    assert _raw(Note, "text") == ["left over in plain text"]


def test_production_refuses_to_start_without_data_keys(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"OMKEER_DATA_KEYS", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env |= {"SECRET_KEY": "a-production-secret", "OMKEER_DEV": "0", "OMKEER_VAR_DIR": str(tmp_path)}
    run = [sys.executable, "-c", "import omkeer.settings as s; print(list(s.DATA_KEYS))"]
    refused = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    assert refused.returncode != 0 and "OMKEER_DATA_KEYS must be set in production" in refused.stderr
    started = subprocess.run(run, env=env | {"OMKEER_DATA_KEYS": NEW_ENTRY}, capture_output=True, text=True, check=True)
    assert started.stdout.strip() == "['new']"
