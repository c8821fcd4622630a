"""The admin's "Now" and "Today" shortcuts beside an instant typed in a stated zone fill the
current wall time of that zone: not the server's (UTC), not the browser's (here Europe/Berlin)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident, BreachNotification
from compliance.inputs import describe_instant
from tests.builders import NOTIFIABLE_FACTS
from tests.e2e.conftest import login, select2_pick

pytestmark = pytest.mark.django_db(transaction=True)

BROWSER_ZONE = "Europe/Berlin"
SKEW = timedelta(minutes=2)


@pytest.fixture
def berlin_page(browser: Any) -> Iterator[Any]:
    """A page of a browser whose own zone is Berlin's (the server's is UTC)."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="en-GB", timezone_id=BROWSER_ZONE
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _click_today_and_now(page: Any, field: str, zone: str) -> tuple[datetime, datetime]:
    """Empty the date and time inputs of ``field``, click "Today" and "Now"; the wall time in
    ``zone`` just before and just after the clicks."""
    page.fill(f"#id_{field}_0", "")
    page.fill(f"#id_{field}_1", "")
    before = datetime.now(ZoneInfo(zone)).replace(tzinfo=None)
    page.locator(f"#id_{field}_0 + .datetimeshortcuts a", has_text="Today").click()
    page.locator(f"#id_{field}_1 + .datetimeshortcuts a", has_text="Now").click()
    after = datetime.now(ZoneInfo(zone)).replace(tzinfo=None)
    return before, after


def _filled(page: Any, field: str) -> datetime:
    day = page.input_value(f"#id_{field}_0")
    clock = page.input_value(f"#id_{field}_1")
    return datetime.fromisoformat(f"{day}T{clock}")


def _assert_wall_time(filled: datetime, before: datetime, after: datetime) -> None:
    assert before - SKEW <= filled <= after + SKEW, (filled, before, after)


def test_breach_now_and_today_fill_the_time_of_the_entity_zone_then_of_the_zone_typed(
    berlin_page: Any, live_server: Any, dpo_user: Any, tokyo: Any
) -> None:
    page = berlin_page
    login(page, live_server, dpo_user.username)
    page.goto(f"{live_server.url}/compliance/breachincident/add/")
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == BROWSER_ZONE
    select2_pick(page, "id_entity", "Tokyo", "EIG Tokyo")

    # The zone field is empty: the entity's zone (Asia/Tokyo) is the one the times are read in.
    before, after = _click_today_and_now(page, "aware_at", "Asia/Tokyo")

    _assert_wall_time(_filled(page, "aware_at"), before, after)
    assert page.input_value("#id_aware_time_zone") == "Asia/Tokyo"

    page.fill("#id_aware_time_zone", "America/New_York")
    before, after = _click_today_and_now(page, "aware_at", "America/New_York")
    _assert_wall_time(_filled(page, "aware_at"), before, after)

    page.fill("#id_title", "Credential stuffing on the customer portal")
    page.fill("#id_description", "Accounts taken over with leaked passwords")
    page.select_option("#id_cause", "cyber_attack")
    page.click("input[name=_continue]")
    page.wait_for_url("**/breachincident/*/change/")

    incident = BreachIncident.objects.get()
    assert incident.aware_time_zone == "America/New_York"
    aware_in_new_york = incident.aware_at.astimezone(ZoneInfo("America/New_York"))
    _assert_wall_time(aware_in_new_york.replace(tzinfo=None), before, after)
    # shown in UTC, in the zone of the report and in the entity's
    saved = describe_instant(incident.aware_at, "America/New_York")
    in_tokyo = describe_instant(incident.aware_at, "Asia/Tokyo").split(" = ", 1)[1]
    assert f"Saved: {saved}; {in_tokyo}." in page.inner_text(".field-aware_at")


def test_submission_now_and_today_fill_the_time_of_the_breach_zone(
    berlin_page: Any, live_server: Any, dpo_user: Any, tokyo: Any
) -> None:
    incident = breaches.record_breach(
        entity=tokyo,
        by=dpo_user,
        title="Ransomware on file server",
        description="Encrypted",
        aware_at=timezone.now() - timedelta(hours=5),
        aware_time_zone="America/New_York",
        cause="cyber_attack",
        wrongful_purpose=True,
        subject_count=40,
        **NOTIFIABLE_FACTS,
    )
    deadline = incident.deadlines.get(kind="preliminary_report")
    notification = breaches.start_notification(deadline=deadline, by=dpo_user)
    page = berlin_page
    login(page, live_server, dpo_user.username)
    page.goto(
        f"{live_server.url}/compliance/breachnotification/{notification.pk}/transition/submit/"
    )
    labels = page.locator(".field-submitted_at label").all_inner_texts()

    before, after = _click_today_and_now(page, "submitted_at", "America/New_York")

    assert labels == ["Submitted at (America/New_York):", "Date:", "Time:"]
    _assert_wall_time(_filled(page, "submitted_at"), before, after)
    page.click("#content input[type=submit][value=Apply]")
    page.wait_for_selector(".messagelist")
    assert "Record submission: done." in page.inner_text(".messagelist")
    submitted = BreachNotification.objects.get(pk=notification.pk).submitted_at
    assert submitted is not None
    in_new_york = submitted.astimezone(ZoneInfo("America/New_York")).replace(tzinfo=None)
    _assert_wall_time(in_new_york, before, after)

    # the follow-up information of the submitted notification: its instant likewise
    page.goto(f"{live_server.url}/compliance/breachnotification/{notification.pk}/follow-up/")
    before, after = _click_today_and_now(page, "submitted_at", "America/New_York")
    _assert_wall_time(_filled(page, "submitted_at"), before, after)
    assert "Provided at (America/New_York):" in page.inner_text("#content form")
