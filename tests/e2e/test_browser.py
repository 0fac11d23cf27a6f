"""End to end: the demo organisation in a real Chromium, driven through the pages as a person would."""

from __future__ import annotations

import base64
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from playwright.sync_api import Page, expect

from omkeer.accounts.models import User
from omkeer.demo.people import (
    COACH_EMAIL,
    DEMO_PASSWORD,
    HR_EMAIL,
    MENTEE_EMAIL,
    MENTOR_EMAIL,
    PILOT_GOALS,
    PILOT_NAME,
)
from omkeer.people import jobs
from omkeer.people.models import Employee, ImportJob

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "dashboard.png"
HEADER = "employee_id;first_name;last_name;email;department;team;manager_id;level;job_title;birth_year;skills;interests"
NEW_PEOPLE = [
    "N90001;Daniëlle;van der Meer-Öztürk;danielle.vandermeer@example.com;Consulting;Strategy;E00001;8;Director;"
    "1975;strategy:4|leadership:3;cycling|music",
    "N90002;Zoë;Çelik;zoe.celik@example.com;Consulting;Strategy;N90001;2;Associate;2001;social_media:4|cloud:3;gaming",
    "N90003;Joël;Brûlé;joel.brule@example.com;Technology;AI Lab;;1;Junior Associate;2003;ai_tools:4;chess",
]


def log_in(page: Page, email: str) -> None:
    """Use the real login form, starting from the dashboard (which sends an anonymous visitor to it)."""
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_load_state()
    if "/two-factor/verify/" in page.url:  # a later login: a recovery code, made for the test
        device, _ = StaticDevice.objects.get_or_create(user=User.objects.get(username=email), name="recovery")
        code = StaticToken.random_token()
        device.token_set.create(token=code)
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Continue").click()
    elif "/two-factor/" in page.url:  # HR, admins and coaches set up the app at their first login
        key = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
        page.get_by_label("Code").fill(f"{TOTP(base64.b32decode(key + '=' * (-len(key) % 8))).token():06d}")
        page.get_by_role("button", name="Switch on").click()
        expect(page.get_by_test_id("recovery-codes").get_by_role("listitem")).to_have_count(10)
        page.get_by_role("link", name="I have saved them").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def nav_links(page: Page):
    """The main menu's entries (found by class: its accessible name is translated too)."""
    return page.locator("header nav.mainnav").get_by_role("link")


def stat(page: Page, label: str):
    """The number shown in the stat box with this label."""
    return page.locator(".stat").filter(has=page.locator(".stat__label", has_text=re.compile(f"^{label}$")))


def test_hr_dashboard_then_programme_goals(page: Page, console, csp_errors, demo) -> None:
    log_in(page, HR_EMAIL)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(nav_links(page)).to_have_text(
        ["Dashboard", "Programmes", "Enrolment", "Mentorships", "Board", "People", "Import"]
    )
    expect(nav_links(page).filter(has_text="Dashboard")).to_have_attribute("aria-current", "page")

    active = Employee.objects.filter(is_active=True).count()
    expect(stat(page, "active employees").locator(".stat__value")).to_have_text(str(active))
    chart = page.locator("section.chart")
    expect(chart.get_by_role("heading", name="Organisation by level")).to_be_visible()
    bars = chart.get_by_role("list", name=re.compile("employees per level")).get_by_role("listitem")
    expect(bars).to_have_count(10)
    expect(bars.first).to_contain_text("Level 10")
    expect(bars.first.locator(".bars__value")).to_have_text("1")  # one CEO
    if os.environ.get("OMKEER_SCREENSHOTS") == "1":
        page.screenshot(path=str(SCREENSHOT))

    nav_links(page).filter(has_text="Programmes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmes")
    page.get_by_role("link", name=PILOT_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PILOT_NAME)
    expect(page.get_by_role("heading", name="Goals and KPIs")).to_be_visible()
    for goal, kpis in PILOT_GOALS:
        expect(page.get_by_role("heading", level=3, name=goal)).to_be_visible()
        for name, unit, baseline, target in kpis:
            row = page.get_by_role("row").filter(has_text=name)
            expect(row.get_by_role("cell")).to_have_count(5)  # KPI, baseline, target, unit, delete button
            cells = row.get_by_role("cell").all_inner_texts()
            assert (cells[0], cells[3]) == (name, unit)
            # Compared as numbers: floatformat:"-2" shows a baseline of 2.1 as "2.10" and a target of 1.0 as "1".
            assert [Decimal(cells[1]), Decimal(cells[2])] == [Decimal(baseline), Decimal(target)]

    # The strict CSP is really sent, and nothing on these pages broke it.
    response = page.goto("/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("section.chart")).to_be_visible()
    with page.expect_console_message() as probe:  # the listener really hears this page
        page.evaluate("console.info('e2e probe')")
    assert probe.value.text in [message.text for message in console]
    assert csp_errors() == []


def test_mentor_sees_no_people_or_import(page: Page, demo) -> None:
    log_in(page, MENTOR_EMAIL)
    expect(nav_links(page)).to_have_text(["Dashboard", "Programmes", "Enrolment", "Mentorships", "Board"])
    expect(page.get_by_role("link", name=PILOT_NAME)).to_be_visible()  # "Where you take part"
    for path in ("/people/", "/people/import/"):
        response = page.goto(path)
        assert response is not None and response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
        expect(page.get_by_role("link", name="Back to your dashboard")).to_be_visible()


def test_language_switch(page: Page, demo) -> None:
    log_in(page, COACH_EMAIL)
    page.goto("/programmes/")
    header = page.locator("header.topbar")
    with translation.override("nl"):  # whatever the Dutch catalogue says, the page must say
        log_out_nl, *nav_nl = (
            translation.gettext(text)
            for text in ("Log out", "Dashboard", "Programmes", "Enrolment", "Mentorships", "Board")
        )
    assert log_out_nl != "Log out"

    header.get_by_role("button", name="NL", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page).to_have_url(re.compile(r"/programmes/$"))  # back on the same page
    expect(header.get_by_role("button", name="NL", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(header.get_by_role("button", name="EN", exact=True)).to_have_attribute("aria-pressed", "false")
    expect(header.locator("form[action='/accounts/logout/'] button")).to_have_text(log_out_nl)
    expect(nav_links(page)).to_have_text(nav_nl)
    expect(page.get_by_role("heading", level=1)).to_have_text(nav_nl[1])

    page.goto("/")  # the choice sticks (cookie)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    header.get_by_role("button", name="EN", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(header.get_by_role("button", name="EN", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(header.get_by_role("button", name="Log out")).to_be_visible()
    expect(nav_links(page)).to_have_text(["Dashboard", "Programmes", "Enrolment", "Mentorships", "Board"])


def test_directory_search_and_level_filter(page: Page, demo) -> None:
    person = Employee.objects.filter(level=1, is_active=True).order_by("employee_id").first()
    assert person is not None
    fragment = person.last_name.split()[-1][:5]
    log_in(page, HR_EMAIL)
    nav_links(page).filter(has_text="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")

    page.get_by_role("searchbox", name="Search").fill(fragment)
    page.get_by_role("searchbox", name="Search").press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]q={re.escape(fragment)}"))
    expected = Employee.objects.filter(is_active=True).matching(q=fragment).count()
    assert 0 < expected <= 50
    expect(page.locator(".pagehead p")).to_have_text(re.compile(rf"^{expected} (person matches|people match)$"))
    row = page.get_by_role("row").filter(has_text=person.employee_id)
    expect(row.get_by_role("link", name=person.full_name)).to_be_visible()
    expect(row.get_by_role("cell").last).to_have_text(str(person.level))

    page.get_by_role("link", name="Clear").click()
    page.get_by_label("Level from").select_option("9")
    page.get_by_role("button", name="Filter").click()
    senior = Employee.objects.filter(is_active=True, level__gte=9).count()
    expect(page.locator(".pagehead p")).to_have_text(re.compile(rf"^{senior} (person matches|people match)$"))
    levels = page.locator("table.table tbody td.num")
    expect(levels).to_have_count(senior)
    assert all(int(text) >= 9 for text in levels.all_inner_texts())


def test_web_import_preview_commit_and_directory(page: Page, demo, tmp_path: Path) -> None:
    upload = tmp_path / "new-people.csv"
    upload.write_text("\n".join([HEADER, *NEW_PEOPLE]) + "\n", encoding="utf-8")
    log_in(page, HR_EMAIL)
    nav_links(page).filter(has_text="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import HR data")

    page.get_by_label("HR export").set_input_files(upload)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Preview: what this import will do")).to_be_visible()
    expect(stat(page, "rows in the file").locator(".stat__value")).to_have_text("3")
    expect(stat(page, "new people").locator(".stat__value")).to_have_text("3")
    expect(stat(page, "updated").locator(".stat__value")).to_have_text("0")
    assert not Employee.objects.filter(employee_id__startswith="N9").exists()  # a preview writes nothing

    page.get_by_role("button", name="Import these changes").click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    expect(page.locator(".pagehead .badge")).to_have_text("Imported")
    expect(stat(page, "new people").locator(".stat__value")).to_have_text("3")
    assert Employee.objects.get(employee_id="N90002").manager == Employee.objects.get(employee_id="N90001")

    page.get_by_role("link", name="Go to the people directory").click()
    page.get_by_role("searchbox", name="Search").fill("Çelik Zoë")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row").filter(has_text="N90002")
    expect(row.get_by_role("link", name="Zoë Çelik")).to_be_visible()
    expect(row).to_contain_text("Strategy")


def test_web_import_with_an_error_shows_the_problem(page: Page, demo, tmp_path: Path) -> None:
    upload = tmp_path / "bad-level.csv"
    bad = NEW_PEOPLE[0].replace(";8;Director;", ";11;Director;")
    upload.write_text("\n".join([HEADER, bad, *NEW_PEOPLE[1:]]) + "\n", encoding="utf-8")
    log_in(page, HR_EMAIL)
    page.goto("/people/import/")
    page.get_by_label("HR export").set_input_files(upload)
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=2)).to_have_text("1 problem found — nothing was imported")
    expect(page.locator("ul.problems li")).to_have_text(["row 2: level: must be a whole number from 1 to 10"])
    expect(page.locator(".pagehead .badge")).to_have_text("Errors found")
    expect(page.get_by_role("button", name="Import these changes")).to_have_count(0)
    expect(page.get_by_role("link", name="Upload a corrected file")).to_be_visible()
    assert not Employee.objects.filter(employee_id__startswith="N9").exists()


def test_import_progress_bar_follows_the_background_job(page: Page, demo) -> None:
    """While the check runs elsewhere (a Celery worker in production) the page polls and reloads when done."""
    hr = User.objects.get(username=HR_EMAIL)
    data = ("\n".join([HEADER, *NEW_PEOPLE]) + "\n").encode()
    job = ImportJob.objects.create(created_by=hr, filename="slow.csv", data=data, progress_done=1, progress_total=3)
    log_in(page, HR_EMAIL)
    page.goto(f"/people/import/{job.pk}/")
    expect(page.get_by_role("heading", name="Checking every row…")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Progress")).to_have_js_property("value", 33)
    # The page renders "1 / 3"; app.js replaces it with the status endpoint's label ("1 of 3 steps").
    expect(page.locator("[data-progress-label]")).to_have_text(re.compile(r"^1 of 3\b"))

    jobs.validate_import(job)  # the "worker" finishes
    expect(page.get_by_role("heading", name="Preview: what this import will do")).to_be_visible()
    expect(stat(page, "new people").locator(".stat__value")).to_have_text("3")
    expect(page.get_by_role("progressbar")).to_have_count(0)


def test_log_out_returns_to_login(page: Page, demo) -> None:
    log_in(page, MENTEE_EMAIL)
    page.locator("header.topbar").get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Omkeer")
    expect(page.locator("header nav.mainnav")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
