"""End-to-end tests in headless Chromium (Debian's package) driven by Playwright.

The browser is the system's /usr/bin/chromium: Playwright's own browser download is never used.
On failure a screenshot is kept under artifacts/e2e/ (CI keeps that folder as an artefact).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
CHROMIUM = os.environ.get("DPO_DESK_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; Django must still allow the test's own
# synchronous database access.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


@pytest.fixture
def page(browser: Any, request: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def login(page: Any, live_server: Any, username: str, password: str = "pw") -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def select2_pick(page: Any, field_id: str, search: str, option_text: str) -> None:
    """Choose an option of an admin autocomplete (select2) field the way a user does."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", search)
    page.click(f".select2-results__option:has-text('{option_text}')")


@pytest.fixture
def tokyo(reference_data: Any) -> Any:
    """The Tokyo entity of the breach flows (its zone nine hours from the server's UTC)."""
    from tests.factories import GroupEntityFactory

    return GroupEntityFactory(
        short_name="EIG Tokyo",
        legal_name="Example Internet Group K.K.",
        country_id="JP",
        region="",
        time_zone="Asia/Tokyo",
    )
