"""The admin's first screens in headless Chromium: what is due first, pictures, fitting layouts,
a transfer refused with its fix and then fixed from its own page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from compliance.bcr import services as bcr
from compliance.breaches import services as breaches
from tests.builders import breach, entity, recipient, tokyo, transfer
from tests.compliance.bcr.helpers import ICO_PATH, advance
from tests.e2e.conftest import login
from tests.factories import CorporateGroupFactory
from transfers.models import DataTransfer, SCCContract

pytestmark = pytest.mark.django_db(transaction=True)


def _page_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_breach_first_screen_shows_the_obligations_and_a_disabled_step(
    page: Any, live_server: Any, dpo_user: Any, reference_data: Any
) -> None:
    incident = breach(
        tokyo(), dpo_user, title="Portal", aware_at=timezone.now() - timedelta(hours=30)
    )
    breaches.transition_incident(incident=incident, name="start_assessment", by=dpo_user)
    login(page, live_server, dpo_user.username)

    page.goto(f"{live_server.url}/compliance/breachincident/{incident.pk}/change/")

    deadlines = page.locator("#deadlines")
    assert deadlines.bounding_box()["y"] < 1000  # on the first screen (1400 × 1000)
    assert deadlines.locator("tbody tr").count() == incident.deadlines.count()
    button = page.locator("button[value=complete_assessment]")
    assert button.is_disabled()
    assert page.inner_text("#fsm-why-complete_assessment") == (
        "Record the risk assessment and its reasoning before leaving the assessment "
        "(GDPR Art. 33(1), 33(5))."
    )
    assert _page_width(page) == 1400


def test_transfer_refused_with_its_fix_then_fixed_from_the_transfer_page(
    page: Any, live_server: Any, dpo_user: Any, reference_data: Any
) -> None:
    group = CorporateGroupFactory()
    berlin = entity(
        group, short_name="Berlin", country_id="DE", region="DE-BE", time_zone="Europe/Berlin"
    )
    vendor = recipient("Adwise Media Inc.")
    t = transfer(
        berlin,
        vendor,
        name="Newsletter analytics",
        importer_role="processor",
        start_date=timezone.localdate() - timedelta(days=1),
    )
    login(page, live_server, dpo_user.username)
    url = f"{live_server.url}/transfers/datatransfer/{t.pk}/change/"
    page.goto(url)
    page.click("button[value=start_review]")
    page.wait_for_selector(".messagelist")

    warning = page.inner_text("#fsm-warn-send_to_legal")
    assert warning.startswith("The engine marks this transfer unlawful")
    assert "add a Module 2 SCC with Adwise Media Inc. (US)" in warning

    page.click(".dpo-tools-add a:has-text('Add SCC')")
    page.wait_for_url("**/add-scc/")
    assert page.input_value("#id_module") == "2"
    page.fill("#id_reference", "SCC-2026-020")
    page.click("input[type=submit][value=Save]")
    page.wait_for_url("**/scccontract/*/change/")

    contract = SCCContract.objects.get(reference="SCC-2026-020")
    assert list(contract.transfers.all()) == [DataTransfer.objects.get(pk=t.pk)]
    assert contract.parties.count() == 2


def test_bcr_timeline_and_deadline_calendar_render(
    page: Any, live_server: Any, dpo_user: Any, reference_data: Any
) -> None:
    group = CorporateGroupFactory(name="BCR Group")
    application = bcr.start_application(
        group=group, kind="BCR-C", title="Controller BCRs", by=dpo_user
    )
    advance(application, "concerned_review", dpo_user, ICO_PATH)
    login(page, live_server, dpo_user.username)

    page.goto(f"{live_server.url}/compliance/bcrapplication/{application.pk}/change/")
    assert page.locator("#bcr-procedure-timeline g.event").count() == 4
    assert page.locator("#bcr-procedure-timeline").bounding_box()["width"] <= 1400
    assert _page_width(page) == 1400

    page.goto(f"{live_server.url}/compliance/reminder/calendar/")
    first = timezone.localdate().replace(day=1)
    days_in_month = ((first + timedelta(days=32)).replace(day=1) - first).days
    assert page.locator("#deadline-calendar g.day").count() == days_in_month


def test_navigation_sidebar_collapses_and_stays_collapsed(
    page: Any, live_server: Any, dpo_user: Any
) -> None:
    login(page, live_server, dpo_user.username)
    page.goto(f"{live_server.url}/compliance/breachincident/")
    assert page.locator("#nav-sidebar").is_visible()

    page.click("#toggle-nav-sidebar")
    page.reload()

    assert page.locator("#nav-sidebar").is_visible() is False
    # Django's toggle: "shifted" marks the open sidebar; the choice is kept in localStorage.
    assert page.get_attribute("#main", "class") == "main"
    assert page.get_attribute("#nav-sidebar", "aria-expanded") == "false"


def test_dashboard_fits_a_phone(browser: Any, live_server: Any, dpo_user: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    phone = context.new_page()
    login(phone, live_server, dpo_user.username)

    assert _page_width(phone) == 390
    assert phone.locator("#chart-breach-quarters").bounding_box()["width"] <= 390
    context.close()
