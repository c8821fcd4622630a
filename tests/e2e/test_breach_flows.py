"""A DPO records a breach and notifies; a coordinator is kept out of other entities' breaches."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident, NotificationDeadline
from tests.builders import NOTIFIABLE_FACTS
from tests.e2e.conftest import login, select2_pick
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_dpo_records_a_breach_and_sees_the_deadlines(
    page: Any, live_server: Any, dpo_user: Any, tokyo: Any
) -> None:
    aware_local = (timezone.now() - timedelta(hours=30)).astimezone(ZoneInfo("Asia/Tokyo"))
    login(page, live_server, dpo_user.username)
    page.goto(f"{live_server.url}/compliance/breachincident/add/")

    select2_pick(page, "id_entity", "Tokyo", "EIG Tokyo")
    page.fill("#id_title", "Credential stuffing on the customer portal")
    page.fill("#id_description", "Accounts taken over with leaked passwords")
    page.fill("#id_aware_at_0", aware_local.strftime("%Y-%m-%d"))
    page.fill("#id_aware_at_1", aware_local.strftime("%H:%M:%S"))
    page.fill("#id_aware_time_zone", "Asia/Tokyo")
    page.fill("#id_subject_count", "1500")
    select2_pick(page, "id_affected_countries", "France", "France")
    page.check("#id_wrongful_purpose")
    page.select_option("#id_cause", "cyber_attack")
    page.click("input[name=_continue]")

    page.wait_for_selector("#deadlines")
    deadlines = page.inner_text("#deadlines")
    assert "EU GDPR" in deadlines
    assert "Japan APPI" in deadlines
    assert "CNIL (FR)" in deadlines
    assert "PPC (JP)" in deadlines
    assert "GDPR Art. 33(1)" in deadlines
    assert "What applies and why" in page.inner_text("#what-applies")
    incident = BreachIncident.objects.get()
    expected = (incident.aware_at + timedelta(hours=72)).strftime("%Y-%m-%d %H:%M")
    assert expected in deadlines


def test_dpo_submits_a_notification_and_sees_the_deadline_met(
    page: Any, live_server: Any, dpo_user: Any, tokyo: Any
) -> None:
    aware = timezone.now() - timedelta(hours=5)
    incident = breaches.record_breach(
        entity=tokyo,
        by=dpo_user,
        title="Ransomware on file server",
        description="Encrypted",
        aware_at=aware,
        aware_time_zone="Asia/Tokyo",
        cause="cyber_attack",
        wrongful_purpose=True,
        subject_count=40,
        **NOTIFIABLE_FACTS,
    )
    login(page, live_server, dpo_user.username)

    # The dashboard the DPO lands on: one look at each panel.
    assert "due within 72 hours" in page.inner_text("#panel-deadlines")
    assert "Detected" in page.inner_text("#panel-breaches")
    assert "No transfer has a blocker." in page.inner_text("#panel-transfer-blockers")
    assert "No assessment review is due" in page.inner_text("#panel-tia-reviews")
    assert "No BCR procedure clock is running." in page.inner_text("#panel-bcr-clocks")
    assert "Next reminders to go out" in page.inner_text("#panel-reminders")
    page.goto(f"{live_server.url}/compliance/breachincident/{incident.pk}/change/")

    row = page.locator("#deadlines tr", has_text="preliminary report")
    row.locator("button", has_text="Prepare notification").click()
    page.wait_for_url("**/breachnotification/*/change/")
    page.click("a[data-transition=submit]")
    page.wait_for_url("**/transition/submit/")
    # typed in the breach's zone of the report
    submitted = (aware + timedelta(hours=2)).astimezone(ZoneInfo(incident.aware_time_zone))
    page.fill("#id_submitted_at_0", submitted.strftime("%Y-%m-%d"))
    page.fill("#id_submitted_at_1", submitted.strftime("%H:%M:%S"))
    page.click("#content input[type=submit][value=Apply]")
    page.wait_for_selector(".messagelist")
    assert "Record submission: done." in page.inner_text(".messagelist")
    page.goto(f"{live_server.url}/compliance/breachincident/{incident.pk}/change/")

    row_text = page.locator("#deadlines tr", has_text="preliminary report").inner_text()
    assert "met" in row_text
    deadline = NotificationDeadline.objects.get(incident=incident, kind="preliminary_report")
    assert (deadline.status, deadline.late) == ("met", False)


def test_coordinator_cannot_open_another_entitys_breach_by_url(
    page: Any, live_server: Any, dpo_user: Any, coordinator_user: Any, tokyo: Any
) -> None:
    own = GroupEntityFactory(
        short_name="EIG Amsterdam", country_id="NL", region="", time_zone="Europe/Amsterdam"
    )
    own.coordinators.add(coordinator_user)
    secret = breaches.record_breach(
        entity=tokyo,
        by=dpo_user,
        title="Board member's mailbox compromised",
        description="Confidential",
        aware_at=timezone.now() - timedelta(hours=1),
        aware_time_zone="Asia/Tokyo",
        cause="cyber_attack",
    )
    login(page, live_server, coordinator_user.username)

    page.goto(f"{live_server.url}/compliance/breachincident/{secret.pk}/change/")

    assert page.url == f"{live_server.url}/"
    assert "Board member" not in page.content()
    page.goto(f"{live_server.url}/compliance/breachincident/")
    assert "Board member" not in page.content()
