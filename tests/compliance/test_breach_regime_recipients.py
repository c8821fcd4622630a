"""Each §8.5 regime's deadline names its authority: a data protection authority, or for NIS2
the member state's CSIRT (Art. 23(1))."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from compliance.breaches import services as breaches
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db

AWARE = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def _recipients(entity: Any, by: Any, **facts: Any) -> list[tuple[str, str, str, str]]:
    incident = breaches.record_breach(
        entity=entity,
        by=by,
        title="Customer database copied",
        description="An attacker copied the customer database.",
        aware_at=AWARE,
        aware_time_zone=entity.time_zone,
        cause="cyber_attack",
        risk="high",
        **facts,
    )
    rows = incident.deadlines.filter(recipient_country__isnull=False).order_by("regime", "kind")
    return [
        (d.regime, d.kind, d.recipient_country_id, d.recipient_authority.short_name)
        for d in rows.select_related("recipient_authority")
    ]


def test_nis2_deadlines_go_to_the_bsi_and_the_gdpr_one_to_the_land_authority(
    dpo_user: Any,
) -> None:
    entity = GroupEntityFactory(country_id="DE", region="DE-NW", time_zone="Europe/Berlin")

    assert _recipients(
        entity, dpo_user, nis2_entity=True, significant_incident=True, subject_count=5000
    ) == [
        ("EU_GDPR", "authority_notification", "DE", "LDI NRW"),
        ("EU_NIS2", "early_warning", "DE", "BSI"),
        ("EU_NIS2", "final_report", "DE", "BSI"),
        ("EU_NIS2", "incident_notification", "DE", "BSI"),
    ]


@pytest.mark.parametrize(
    ("country", "zone", "regime", "authority"),
    [
        ("KR", "Asia/Seoul", "KR_PIPA", "PIPC"),
        ("BR", "America/Sao_Paulo", "BR_LGPD", "ANPD"),
        ("CH", "Europe/Zurich", "CH_FADP", "FDPIC"),
        ("AU", "Australia/Sydney", "AU_NDB", "OAIC"),
        ("CN", "Asia/Shanghai", "CN_PIPL", "CAC"),
        ("SG", "Asia/Singapore", "SG_PDPA", "PDPC"),
    ],
)
def test_each_regime_names_its_authority(
    dpo_user: Any, country: str, zone: str, regime: str, authority: str
) -> None:
    entity = GroupEntityFactory(country_id=country, region="", time_zone=zone)

    assert _recipients(entity, dpo_user, subject_count=5000, financial_data=True) == [
        (regime, "authority_notification", country, authority)
    ]
