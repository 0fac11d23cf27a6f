"""End to end: the HR admin watches the demo pilot's enrolment funnel; a colleague writes a recommendation once."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from omkeer.demo.people import COACH_EMAIL, HR_EMAIL, PILOT_NAME
from omkeer.enrolment.funnel import mentee_funnel, mentor_funnel
from omkeer.programmes.models import Programme
from tests.e2e.test_browser import log_in, nav_links

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "enrolment-funnel.png"


def test_hr_sees_every_stage_of_the_funnel_with_counts(page: Page, demo) -> None:
    log_in(page, HR_EMAIL)
    nav_links(page).filter(has_text="Enrolment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enrolment")
    page.get_by_role("row").filter(has_text=PILOT_NAME).get_by_role("link", name="Funnel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enrolment funnel")

    pilot = Programme.objects.get(name=PILOT_NAME)
    expected = [stage.reached for funnel in (mentor_funnel(pilot), mentee_funnel(pilot)) for stage in funnel.stages]
    assert all(expected)
    bars = page.get_by_role("list", name=re.compile("people who reached each stage")).get_by_role("listitem")
    expect(bars).to_have_count(9)
    expect(bars.locator(".bars__value")).to_have_text([str(n) for n in expected])
    expect(bars.first).to_contain_text("Invited")
    expect(page.get_by_role("heading", name="Waiting list")).to_be_visible()
    if os.environ.get("OMKEER_SCREENSHOTS") == "1":
        page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_a_colleague_recommends_once_from_the_enrolment_page(page: Page, demo) -> None:
    log_in(page, COACH_EMAIL)
    nav_links(page).filter(has_text="Enrolment").click()
    expect(page.get_by_role("heading", name="Recommendations you were asked for")).to_be_visible()
    page.get_by_role("link", name="Write the recommendation").click()
    link = page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recommend")
    page.get_by_label(re.compile("^Trustworthiness")).fill("Keeps every promise.")
    page.get_by_label(re.compile("^Discretion")).fill("Never repeats what she hears.")
    page.get_by_label(re.compile("^Ability to explain")).fill("Patient, and shows rather than tells.")
    page.get_by_role("button", name="Send recommendation").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you: your recommendation of")

    response = page.goto(link)
    assert response is not None and response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This recommendation has already been sent")


def test_hr_sends_reminders_now_after_confirming_and_sees_who_got_one(page: Page, demo) -> None:
    from django.core import mail

    from omkeer.accounts.models import User
    from omkeer.enrolment.models import Reminder

    before = Reminder.objects.count()
    log_in(page, HR_EMAIL)
    nav_links(page).filter(has_text="Enrolment").click()
    page.get_by_role("row").filter(has_text=PILOT_NAME).get_by_role("link", name="Funnel").click()
    page.get_by_role("navigation", name="Enrolment of this programme").get_by_role("link", name="Reminders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminders")

    page.once("dialog", lambda dialog: dialog.dismiss())  # the confirmation: cancelling sends nothing
    page.get_by_role("button", name="Send reminders now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminders")
    assert Reminder.objects.count() == before and not mail.outbox

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Send reminders now").click()
    expect(page.get_by_role("status")).to_contain_text("Reminders are on their way")
    sent = Reminder.objects.count() - before
    assert sent > 0 and len(mail.outbox) == sent
    admin_name = User.objects.get(username=HR_EMAIL).get_full_name()
    expect(page.get_by_role("cell", name=admin_name).first).to_be_visible()  # sent by the admin, listed
