"""Workflow timelines show each instant in the record's zone with the zone named, and UTC
beside it, as the deadline list does: a Tokyo breach's history is read in Tokyo time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from compliance.breaches.reports.dossier import breach_dossier_context
from tests.builders import breach, tokyo

pytestmark = pytest.mark.django_db

RECORDED = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 10:30 in Tokyo


def _tokyo_breach(by: Any) -> Any:
    with time_machine.travel(RECORDED, tick=False):
        return breach(
            tokyo(),
            by,
            title="Lost laptop",
            aware_at=datetime(2026, 3, 1, 23, 0, tzinfo=UTC),
            aware_time_zone="Asia/Tokyo",
            affected_countries=("JP",),
        )


def _events_panel(html: str) -> str:
    start = html.index("<h2>Timeline</h2>")
    return html[start : html.index("</table>", start)]


def test_breach_timeline_reads_in_the_entitys_zone_with_utc_beside(
    client_for: Any, dpo_user: Any
) -> None:
    incident = _tokyo_breach(dpo_user)

    html = (
        client_for(dpo_user)
        .get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))
        .content.decode()
    )
    panel = _events_panel(html)

    assert "<th>When</th>" in panel
    assert "When (UTC)" not in panel
    assert (
        '<span class="due-instant">2026-03-02 10:30 JST (Asia/Tokyo)</span><br>'
        '<span class="due-instant">2026-03-02 01:30 UTC</span>'
    ) in panel


def test_dossier_history_reads_in_the_breachs_zone(dpo_user: Any) -> None:
    incident = _tokyo_breach(dpo_user)

    context = breach_dossier_context(
        incident, user=None, as_of=date(2026, 3, 3), generated_at=RECORDED
    )

    assert context["history"][0].at == "2026-03-02 10:30 JST (01:30 UTC)"


def test_bcr_timeline_tells_when_each_event_was_recorded_in_the_main_establishments_zone(
    client_for: Any, dpo_user: Any
) -> None:
    from compliance.bcr import services as bcr
    from tests.builders import example_group

    group, _tokyo, duesseldorf = example_group()
    with time_machine.travel(RECORDED, tick=False):
        application = bcr.start_application(
            group=group, kind="BCR-C", title="Controller BCRs", by=dpo_user
        )
        bcr.record_timeline_event(
            application=application,
            on=date(2026, 3, 1),
            note="Kick-off with the business units",
            organisation=bcr.INTERNAL,
            by=dpo_user,
        )

    html = (
        client_for(dpo_user)
        .get(reverse("admin:compliance_bcrapplication_change", args=[application.pk]))
        .content.decode()
    )

    assert duesseldorf.time_zone == "Europe/Berlin"
    assert (
        'title="recorded 2026-03-02 02:30 CET (Europe/Berlin) · 2026-03-02 01:30 UTC by '
    ) in html
