"""End to end in the system Chromium: the demo mentee commits to a change on the pair's page; the admin
sees the pairs by stage and nudges a stalling one; no page breaks the content security policy."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from omkeer.demo.people import HR_EMAIL, MENTEE_EMAIL
from omkeer.mentorships.models import Commitment, Nudge
from tests.e2e.test_browser import log_in, nav_links

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_mentee_records_a_commitment_on_the_pair_page(page: Page, demo, csp_errors) -> None:
    log_in(page, MENTEE_EMAIL)
    nav_links(page).filter(has_text="Mentorships").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentorships")
    page.get_by_role("row").filter(has_text="Meeting").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r".+ mentors .+"))
    expect(page.get_by_role("heading", name="Next step")).to_be_visible()
    page.get_by_text("Add a commitment").click()
    page.get_by_label("I commit to").fill("Answer no email during my holiday")
    page.locator("#id_due").fill("2027-01-15")
    page.get_by_role("button", name="Commit").click()
    expect(page.get_by_text("Commitment recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="Answer no email during my holiday")).to_be_visible()
    assert Commitment.objects.filter(text="Answer no email during my holiday").exists()
    assert csp_errors() == []


def test_the_admin_sees_pairs_by_stage_and_nudges_a_stalling_one(page: Page, demo, csp_errors) -> None:
    log_in(page, HR_EMAIL)
    nav_links(page).filter(has_text="Mentorships").click()
    chart = page.get_by_role("list", name="Pairs by stage")
    expect(chart.get_by_role("listitem")).to_have_count(6)
    chart.get_by_role("link", name="Stalling").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    mail.outbox.clear()
    rows.first.get_by_role("button", name="Nudge").click()
    expect(page.get_by_text("Nudged: both partners received their next step.")).to_be_visible()
    assert Nudge.objects.count() == 1
    assert csp_errors() == []
