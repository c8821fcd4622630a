"""A transfer's timeline shows each instant in the exporter's zone with the zone named, and UTC
beside it, as the deadline list does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests.builders import transfer

pytestmark = pytest.mark.django_db

RECORDED = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 10:30 in Tokyo


def _events_panel(html: str) -> str:
    start = html.index("<h2>Timeline</h2>")
    return html[start : html.index("</table>", start)]


def test_transfer_timeline_reads_in_the_exporters_zone(
    entities: dict[str, Any], client_for: Any, dpo_user: Any
) -> None:
    with time_machine.travel(RECORDED, tick=False):
        t = transfer(entities["JP"], entities["DE"], name="To Berlin")

    html = (
        client_for(dpo_user)
        .get(reverse("admin:transfers_datatransfer_change", args=[t.pk]))
        .content.decode()
    )
    panel = _events_panel(html)

    assert "When (UTC)" not in panel
    assert (
        '<span class="due-instant">2026-03-02 10:30 JST (Asia/Tokyo)</span><br>'
        '<span class="due-instant">2026-03-02 01:30 UTC</span>'
    ) in panel
