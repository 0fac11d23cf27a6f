"""End to end: the HR admin matches the demo pilot, reads why each pair fits and why another does not, approves."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from omkeer.demo.people import HR_EMAIL, PILOT_NAME
from omkeer.mentorships.models import Mentorship
from tests.e2e.test_browser import log_in, nav_links

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "matching-review.png"


def test_hr_matches_the_pilot_reviews_asks_why_not_and_approves(page: Page, demo) -> None:
    log_in(page, HR_EMAIL)
    nav_links(page).filter(has_text="Programmes").click()
    page.get_by_role("link", name=PILOT_NAME).click()
    page.get_by_role("link", name="Matching", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Matching")
    page.get_by_role("button", name="Run matching").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Run of")
    expect(page.get_by_role("status")).to_contain_text("of 175 mentees matched")
    proposals = page.locator("section").filter(has=page.get_by_role("heading", name="Proposed pairs", exact=True))
    first = proposals.get_by_role("row").nth(1)
    expect(first).to_contain_text("stronger in")
    expect(page.get_by_role("img", name="Scores of the proposed pairs")).to_be_visible()
    if os.environ.get("OMKEER_SCREENSHOTS") == "1":
        page.screenshot(path=str(SCREENSHOT), full_page=False)

    page.get_by_label("Mentor").select_option(index=1)
    page.get_by_label("Mentee").select_option(index=1)
    page.get_by_role("button", name="Why not?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why not?")
    answer = page.locator("section[aria-live]")
    expect(answer.get_by_role("listitem").first).to_have_text(re.compile(r"\w"))

    page.go_back()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("mentorships created")
    approved = Mentorship.objects.filter(programme__name=PILOT_NAME).count()
    assert approved > 150
    assert len(mail.outbox) == 2 * approved
