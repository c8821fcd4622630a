"""Breaches per quarter and regime: on the dashboard (scoped) and the group report's first page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from compliance.breaches.models import BreachIncident
from compliance.breaches.pictures import counts_by_quarter_and_regime
from compliance.registry.reports import group_status_context
from compliance.reports.registry import report_context
from tests.builders import breach, entity, tokyo
from tests.factories import CorporateGroupFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def scene(dpo_user: Any, coordinator_user: Any) -> dict[str, Any]:
    group = CorporateGroupFactory()
    jp = tokyo(group)
    de = entity(
        group, short_name="Berlin", country_id="DE", region="DE-BE", time_zone="Europe/Berlin"
    )
    de.coordinators.add(coordinator_user)
    breach(
        jp, dpo_user, title="<script>Portal</script>", aware_at=datetime(2024, 6, 13, 8, tzinfo=UTC)
    )
    breach(de, dpo_user, title="Laptop", aware_at=datetime(2024, 2, 1, 8, tzinfo=UTC))
    breach(de, dpo_user, title="Mail", aware_at=datetime(2023, 11, 5, 8, tzinfo=UTC))
    breach(de, dpo_user, title="Old", aware_at=datetime(2021, 1, 5, 8, tzinfo=UTC))
    return {"group": group, "jp": jp, "de": de}


def test_counts_by_quarter_and_regime(scene: dict[str, Any]) -> None:
    counts = counts_by_quarter_and_regime(BreachIncident.objects.all(), today=date(2024, 6, 14))

    assert counts == {
        ((2023, 4), "EU_GDPR"): 1,
        ((2024, 1), "EU_GDPR"): 1,
        ((2024, 2), "EU_GDPR"): 1,
        ((2024, 2), "JP_APPI"): 1,
    }


def _panel(html: str) -> str:
    found = re.search(r'<svg id="chart-breach-quarters".*?</svg>', html, flags=re.S)
    assert found is not None
    return found.group(0)


def test_dashboard_draws_one_bar_segment_per_quarter_and_regime(
    scene: dict[str, Any], client_for: Any, dpo_user: Any
) -> None:
    svg = _panel(client_for(dpo_user).get(reverse("admin:index")).content.decode())

    assert svg.count('<rect class="bar"') == 4
    assert svg.count('data-series="EU_GDPR"') == 3
    assert svg.count('data-series="JP_APPI"') == 1
    assert svg.count('<text class="category"') == 8  # the last eight quarters, empty ones too
    assert re.findall(r'<text class="category"[^>]*>([^<]*)<', svg) == [
        "2022 Q3",
        "2022 Q4",
        "2023 Q1",
        "2023 Q2",
        "2023 Q3",
        "2023 Q4",
        "2024 Q1",
        "2024 Q2",
    ]
    assert svg.count('class="legend-item"') == 2
    assert "<title>Japan APPI: 1</title>" in svg


def test_coordinator_sees_only_their_entities_breaches_in_the_picture(
    scene: dict[str, Any], client_for: Any, coordinator_user: Any
) -> None:
    svg = _panel(client_for(coordinator_user).get(reverse("admin:index")).content.decode())

    assert svg.count('<rect class="bar"') == 2
    assert 'data-series="JP_APPI"' not in svg


def test_group_report_first_page_has_the_executive_summary_picture(
    scene: dict[str, Any], coordinator_user: Any
) -> None:
    context = group_status_context(
        group=scene["group"], user=None, as_of=date(2024, 6, 14), generated_at=NOW
    )
    scoped = group_status_context(
        group=scene["group"], user=coordinator_user, as_of=date(2024, 6, 14), generated_at=NOW
    )

    pictures = [str(p["svg"]) for p in context["summary_pictures"]]
    assert [str(p["title"]) for p in context["summary_pictures"]] == [
        "Breaches per quarter and regime",
        "Transfers by destination and basis",
    ]
    assert pictures[0].count('<rect class="bar"') == 4
    assert str(scoped["summary_pictures"][0]["svg"]).count('<rect class="bar"') == 2


def test_group_report_renders_the_summary_before_the_entity_list(scene: dict[str, Any]) -> None:
    spec, _group, context = report_context(
        "group_status", obj=scene["group"], user=None, lang="en", as_of=date(2024, 6, 14)
    )

    html = render_to_string(spec.template, context)

    assert html.index("Executive summary") < html.index("Entities by country")
    assert html.count('id="summary-breach-quarters"') == 1


def test_the_picture_speaks_the_readers_language(
    scene: dict[str, Any], client_for: Any, dpo_user: Any
) -> None:
    html = (
        client_for(dpo_user).get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    )
    svg = _panel(html)

    assert re.findall(r'<text class="category"[^>]*>([^<]*)<', svg)[-1] == "2024年 第2四半期"
    assert '<title id="chart-breach-quarters-title">認識した四半期・制度別の漏えい等</title>' in svg
