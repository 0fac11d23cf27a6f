"""Browser fixtures: one system Chromium per session, a fresh context and page per test, the demo organisation.

Set OMKEER_REQUIRE_BROWSER=1 (CI does) to fail instead of skip when Chromium is missing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

# Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = int(os.environ.get("OMKEER_E2E_TIMEOUT_MS", "10000"))
CSP_MESSAGE = re.compile(r"content.security.policy", re.IGNORECASE)  # Chromium: "… Content Security Policy directive …"


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("OMKEER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"OMKEER_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"{reason} (set OMKEER_REQUIRE_BROWSER=1 to make this an error)")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not CHROMIUM.exists():
        _unavailable(f"no system Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def console() -> list[ConsoleMessage]:
    """Every console message the test's page logged so far (the list grows during the test)."""
    return []


@pytest.fixture
def csp_errors(console: list[ConsoleMessage]) -> Callable[[], list[str]]:
    """csp_errors() -> the Content-Security-Policy violations the browser reported so far."""
    return lambda: [message.text for message in console if CSP_MESSAGE.search(message.text)]


@pytest.fixture
def page(
    browser: Browser, live_server, console: list[ConsoleMessage], csp_errors: Callable[[], list[str]]
) -> Iterator[Page]:
    """A page in its own context (no cookies shared between tests), pointed at the live server.

    Fails the test at teardown if the browser reported a Content-Security-Policy violation on any page.
    """
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("console", lambda message: console.append(message))
    yield page
    context.close()
    assert not csp_errors(), f"CSP violations in the browser console: {csp_errors()}"


@pytest.fixture
def demo(transactional_db):
    """The demo organisation (~600 people, the "Digital leadership" pilot and the demo logins)."""
    from django.core.cache import cache

    from omkeer.demo.people import build_demo

    cache.clear()  # import progress lives in the cache; the database is emptied between tests, the cache is not
    return build_demo()
