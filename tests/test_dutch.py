"""The Dutch interface: switching language shows Dutch pages, form errors and HR import problems, and back."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

import omkeer
from omkeer.people.hrfile import COLUMNS
from omkeer.people.hrimport import import_people

PO = Path(omkeer.__file__).resolve().parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


@pytest.fixture(autouse=True)
def default_language_afterwards():
    """Requests in Dutch activate Dutch in this thread; later tests must start from the default language."""
    yield
    translation.deactivate()


def switch(client, language: str) -> None:
    response = client.post(reverse("set_language"), {"language": language})
    assert response.status_code == 302


def page(client, name: str, **kwargs) -> str:
    response = client.get(reverse(name, kwargs=kwargs or None))
    assert response.status_code == 200, name
    return response.content.decode()


def shows(html: str, text: str) -> bool:
    """`text` as a template renders it: as is from {% translate %}, escaped from a variable (KPI&#x27;s)."""
    return text in html or escape(text) in html


def test_login_page_is_dutch_for_an_anonymous_visitor(client_for):
    client = client_for(None)
    switch(client, "nl")
    html = page(client, "accounts:login")
    assert '<html lang="nl">' in html
    assert "<h1>Inloggen bij Omkeer</h1>" in html
    assert shows(html, "Wachtwoord vergeten?")
    assert "Log in to Omkeer" not in html


def test_dashboard_and_navigation_are_dutch(admin, client_for):
    client = client_for(admin)
    switch(client, "nl")
    html = page(client, "home")
    assert f"<h1>Welkom, {admin.first_name or admin.username}</h1>" in html
    nav = re.search(r'<nav class="mainnav".*?</nav>', html, re.S).group(0)
    for label in ("Dashboard", "Programma's", "Mensen", "Importeren"):
        assert shows(nav, label), label
    assert "Uitloggen" in html
    assert "Welcome" not in html
    assert "Log out" not in html


def test_programme_page_shows_dutch_labels_and_status(admin, programme, client_for):
    client = client_for(admin)
    switch(client, "nl")
    html = page(client, "programmes:programme-detail", pk=programme.pk)
    assert shows(html, "Doelen en KPI's")
    assert re.search(r'<span class="badge badge--pilot">\s*Pilot\s*</span>', html)
    assert "<dt>Bijeenkomsten</dt><dd>Maandelijks, 60 minuten</dd>" in html
    assert shows(html, "Deelnemers")
    assert "Goals and KPIs" not in html
    assert "Meetings" not in html


def test_people_directory_is_dutch(admin, mentor, client_for):
    client = client_for(admin)
    switch(client, "nl")
    html = page(client, "people:directory")
    assert "<h1>Mensen</h1>" in html
    assert ">Zoeken</label>" in html
    assert "personen gevonden" in html
    assert ">Filteren</button>" in html
    assert ">People<" not in html
    assert ">Search<" not in html


def test_programme_form_error_is_dutch(hr, client_for):
    client = client_for(hr)
    switch(client, "nl")
    data = {
        "name": "Cloud voor leiders",
        "status": "pilot",
        "cadence": "monthly",
        "session_minutes": "45",
        "start_date": "2026-07-31",
        "end_date": "2026-02-01",
        "min_mentee_hours_per_week": "1.5",
    }
    response = client.post(reverse("programmes:programme-create"), data)
    assert response.status_code == 200
    error = "De einddatum mag niet vóór de startdatum liggen."
    assert response.context["form"].errors["end_date"] == [error]
    assert error in response.content.decode()


def test_english_comes_back_after_switching_to_en(admin, programme, client_for):
    client = client_for(admin)
    name = admin.first_name or admin.username
    switch(client, "nl")
    assert f"Welkom, {name}" in page(client, "home")
    switch(client, "en")
    home = page(client, "home")
    assert '<html lang="en">' in home
    assert f"Welcome, {name}" in home
    assert "Welkom" not in home
    detail = page(client, "programmes:programme-detail", pk=programme.pk)
    assert "Goals and KPIs" in detail
    assert "Doelen" not in detail
    anonymous = client_for(None)
    switch(anonymous, "nl")
    switch(anonymous, "en")
    assert "<h1>Log in to Omkeer</h1>" in page(anonymous, "accounts:login")


def hr_csv(*rows: dict[str, str], columns=COLUMNS) -> bytes:
    lines = [",".join(columns)] + [",".join(row.get(name, "") for name in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode()


GOOD = {
    "employee_id": "E1",
    "first_name": "Daniëlle",
    "last_name": "de Vries",
    "email": "danielle@example.com",
    "department": "Consulting",
    "level": "2",
}


def test_hr_import_problems_are_dutch(db):
    data = hr_csv(
        GOOD,
        GOOD | {"employee_id": "E2", "email": "geen-adres", "level": "11", "skills": "cloud:9"},
    )
    with translation.override("nl"):
        report = import_people(data=data, filename="mensen.csv")
        summary = report.summary()
    problems = {(p.row, p.column): p.message for p in report.problems}
    assert problems == {
        (3, "email"): "geen geldig e-mailadres",
        (3, "level"): "moet een geheel getal van 1 tot en met 10 zijn",
        (3, "skills"): "het niveau van cloud moet een geheel getal van 0 tot en met 4 zijn",
    }
    assert summary == "3 problemen; er is niets geïmporteerd"


def test_hr_import_file_problems_are_dutch(db):
    with translation.override("nl"):
        missing = import_people(data=hr_csv(GOOD, columns=COLUMNS[:-1]), filename="mensen.csv")
        empty = import_people(data=b"", filename="mensen.csv")
        duplicate = import_people(data=hr_csv(GOOD, GOOD | {"first_name": "Dani"}), filename="mensen.csv")
        one = missing.summary()
    assert [(p.column, p.message) for p in missing.problems] == [("interests", "ontbrekende kolom")]
    assert [p.message for p in empty.problems] == ["het bestand is leeg"]
    assert [(p.row, p.message) for p in duplicate.problems] == [
        (3, "dubbel personeelsnummer (ook op rij 2)"),
        (3, "dubbel e-mailadres (ook op rij 2)"),
    ]
    assert one == "1 probleem; er is niets geïmporteerd"
    with translation.override("en"):
        english = import_people(data=b"", filename="people.csv")
    assert [p.message for p in english.problems] == ["the file is empty"]


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_catalogue_header_and_placeholders():
    po = polib.pofile(str(PO))
    assert po.metadata["Language"] == "nl"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.metadata["Project-Id-Version"].startswith("Omkeer")
    for entry in po:
        if entry.obsolete:
            continue
        pairs = (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for source, dutch in pairs:
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(dutch)), source


@pytest.mark.parametrize("term", ["Omkeer", "employee_id", "first_name"])
def test_product_name_and_column_names_are_not_translated(term):
    with translation.override("nl"):
        assert translation.gettext("Omkeer") == "Omkeer"
    po = polib.pofile(str(PO))
    for entry in po.translated_entries():
        if term in entry.msgid:
            assert term in entry.msgstr, entry.msgid
