"""Whole-site invariants: migrations complete, one <h1> per page, Dutch catalogue complete and compiled."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse

import omkeer
from omkeer.enrolment.models import FaqEntry, MenteeIntake, TrainingQuestion
from omkeer.enrolment.pagetexts import set_up_page
from omkeer.enrolment.training import set_up_training
from omkeer.matching.models import MatchRun
from tests.factories import make_employee

SRC = Path(omkeer.__file__).resolve().parent
PO = SRC / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_no_missing_migrations(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


PAGES = [
    ("home", None),
    ("accounts:profile", None),
    ("accounts:password-change", None),
    ("people:directory", None),
    ("people:import-upload", None),
    ("programmes:programme-list", None),
    ("programmes:programme-create", None),
    ("programmes:programme-detail", "programme"),
    ("programmes:programme-edit", "programme"),
    ("programmes:participant-list", "programme"),
    ("people:employee-detail", "employee"),
    ("enrolment:overview", None),
    ("enrolment:programme-info", "programme"),
    ("enrolment:enrolment-open", "programme"),
    ("enrolment:invitation-create", "programme"),
    ("enrolment:funnel", "programme"),
    ("enrolment:application-list", "programme"),
    ("enrolment:intake-list", "programme"),
    ("enrolment:intake-detail", "intake"),
    ("enrolment:training-edit", "programme"),
    ("enrolment:training-module-create", "programme"),
    ("enrolment:training-module-edit", "module"),
    ("enrolment:training-question-create", "module"),
    ("enrolment:training-question-edit", "question"),
    ("enrolment:reminder-list", "programme"),
    ("enrolment:page-edit", "programme"),
    ("enrolment:faq-create", "programme"),
    ("enrolment:faq-edit", "faq"),
    ("matching:run-list", "programme"),
    ("matching:settings-edit", "programme"),
    ("matching:run-detail", "run"),
    ("matching:run-why-not", "run"),
]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_page_has_exactly_one_h1(language, admin, programme, client_for):
    client = client_for(admin)
    client.post(reverse("set_language"), {"language": language})
    run = MatchRun.objects.create(programme=programme, state=MatchRun.State.DONE, pool={"mentors": [], "mentees": []})
    set_up_training(programme=programme)
    set_up_page(programme=programme)
    question = TrainingQuestion.objects.filter(module__programme=programme).first()
    intake = MenteeIntake.objects.create(
        programme=programme,
        employee=make_employee(level=8),
        goals="LinkedIn",
        linkedin="none",
        facebook="none",
        blogs="none",
        online_shopping="never",
        why_now="Now",
        what_will_change="All",
        hours_per_week=2,
    )
    kwargs = {
        "programme": {"pk": programme.pk},
        "employee": {"employee_id": admin.employee.employee_id},
        "run": {"pk": run.pk},
        "intake": {"pk": intake.pk},
        "module": {"pk": programme.pk, "module_pk": question.module_id},
        "question": {"pk": programme.pk, "question_pk": question.pk},
        "faq": {"pk": programme.pk, "faq_pk": FaqEntry.objects.filter(programme=programme).first().pk},
    }
    for name, arg in PAGES:
        response = client.get(reverse(name, kwargs=kwargs.get(arg)))
        assert response.status_code == 200, name
        html = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, name
        assert f'<html lang="{language}">' in html, name
    anonymous = client_for(None).get(reverse("accounts:login")).content.decode()
    assert len(re.findall(r"<h1[\s>]", anonymous)) == 1


def gettext_available():
    if shutil.which("xgettext") and shutil.which("msgmerge"):
        return True
    if os.environ.get("OMKEER_REQUIRE_GETTEXT") == "1":
        pytest.fail("GNU gettext is required (OMKEER_REQUIRE_GETTEXT=1) but xgettext is missing")
    return False


def test_dutch_catalogue_has_no_untranslated_message(tmp_path):
    """Run makemessages on a copy of the source: every msgid must have a Dutch translation."""
    if not gettext_available():
        pytest.skip("GNU gettext (xgettext) not installed")
    copy = tmp_path / "omkeer"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, PYTHONPATH=str(tmp_path), DJANGO_SETTINGS_MODULE="omkeer.settings")
    subprocess.run(
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "nl", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    po = polib.pofile(str(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
    assert missing == []


def test_compiled_dutch_catalogue_matches_the_po_file():
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    expected = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in po.translated_entries()
    }
    assert compiled == expected, "run `make messages` to recompile the .mo file"
