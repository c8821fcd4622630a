from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from compliance.breaches.reports.sections import (
    cutoff_for,
    open_breaches_sections,
    overdue_deadlines_sections,
)
from compliance.registry.models import GroupEntity
from compliance.reports import registry
from tests.compliance.reports.breach_setup import (
    AS_OF,
    GENERATED_AT,
    PortalBreach,
    portal_breach,
    simple_breach,
)
from tests.compliance.reports.conftest import page_texts, squeeze
from tests.factories import CorporateGroupFactory, GroupEntityFactory

pytestmark = pytest.mark.django_db

LAPTOP_AWARE = datetime(2024, 6, 28, 7, 0, tzinfo=UTC)


@pytest.fixture
def portal(dpo_user: Any) -> PortalBreach:
    breach = portal_breach(dpo_user)
    simple_breach(
        breach.duesseldorf,
        dpo_user,
        title="Laptop of a sales employee stolen",
        aware_at=LAPTOP_AWARE,
    )
    return breach


SECTIONS = {
    "en": {
        "open": "Open breaches Breach Became aware (UTC) State (now) Next deadline (UTC)",
        "overdue": "Overdue deadlines Breach Obligation (recipient) Due (UTC) Overdue by",
        "laptop_overdue": "EU GDPR: notification to the authority (LDI NRW) 2024-07-01 07:00 2 h",
        "none": "No overdue deadline.",
    },
    "de": {
        "open": "Offene Datenschutzverletzungen Datenschutzverletzung Kenntnis erlangt (UTC) "
        "Status (aktuell) Nächste Frist (UTC)",
        "overdue": "Überfällige Fristen Datenschutzverletzung Pflicht (Empfänger) Fällig (UTC) "
        "Überfällig seit",
        "laptop_overdue": "EU-DSGVO: Meldung an die Aufsichtsbehörde (LDI NRW) "
        "2024-07-01 07:00 2 Std.",
        "none": "Keine überfällige Frist.",
    },
    "ja": {
        "open": "対応中の漏えい等事案 漏えい等事案 発覚日時（UTC） 現在の状態 次の期限（UTC）",
        "overdue": "期限を過ぎた義務 漏えい等事案 義務（提出先） 期限（UTC） 超過",
        "laptop_overdue": "EU GDPR: 監督機関への報告 (LDI NRW) 2024-07-01 07:00 2時間",
        "none": "期限を過ぎた義務はありません。",
    },
}


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_group_status_prints_open_breaches_and_overdue_deadlines_per_entity(
    portal: PortalBreach, lang: str
) -> None:
    labels = SECTIONS[lang]

    with time_machine.travel(datetime(2024, 7, 1, 9, 0, tzinfo=UTC), tick=False):
        report = registry.render_report(
            "group_status",
            obj=portal.group,
            user=None,
            lang=lang,
            as_of=AS_OF,
            generated_at=GENERATED_AT,
        )

    # The summary (with its executive-summary pictures) comes first; the entity pages last.
    *_, duesseldorf, tokyo = (squeeze(t) for t in page_texts(report.content))
    portal_ref = f"BR-2024-{portal.incident.pk:05d}"
    laptop_ref = f"BR-2024-{portal.incident.pk + 1:05d}"
    assert squeeze(labels["open"]) in duesseldorf
    assert (
        squeeze(f"{laptop_ref} Laptop of a sales employee stolen 2024-06-28 07:00") in duesseldorf
    )
    assert squeeze(labels["overdue"]) in duesseldorf
    assert squeeze(labels["laptop_overdue"]) in duesseldorf
    assert squeeze(f"{portal_ref} Credential stuffing on the customer portal") in tokyo
    assert squeeze("2024-08-08 14:59") in tokyo  # the APPI final report is next
    assert squeeze(labels["none"]) in tokyo
    assert "Laptop" not in tokyo


def test_overdue_deadlines_as_of_a_past_date_include_those_met_later(
    portal: PortalBreach,
) -> None:
    # At noon on 13 June the UK notification (due 08:00 UTC, made 16:00 UTC) was overdue, and
    # so was the French one, decided not required only on 1 July.
    with time_machine.travel(datetime(2024, 6, 13, 12, 0, tzinfo=UTC), tick=False):
        sections = overdue_deadlines_sections([portal.tokyo], date(2024, 6, 13), None)

    breach = f"{portal.incident.reference} Credential stuffing on the customer portal"
    assert sections[portal.tokyo.pk].context["rows"] == [
        [breach, "EU GDPR: notification to the authority (CNIL)", "2024-06-13 08:00", "4 h"],
        [breach, "UK GDPR: notification to the authority (ICO)", "2024-06-13 08:00", "4 h"],
    ]


def test_overdue_deadlines_as_of_today_are_judged_now() -> None:
    now = datetime(2024, 7, 1, 9, 0, tzinfo=UTC)

    assert cutoff_for(date(2024, 7, 1), now) == now
    assert cutoff_for(date(2024, 6, 30), now) == datetime(2024, 7, 1, 0, 0, tzinfo=UTC)


def test_breach_sections_take_one_query_each_for_all_entities(
    dpo_user: Any, django_assert_num_queries: Any
) -> None:
    def group_of(size: int) -> list[GroupEntity]:
        group = CorporateGroupFactory()
        entities = [GroupEntityFactory(group=group) for _ in range(size)]
        for n, entity in enumerate(entities):
            simple_breach(
                entity,
                dpo_user,
                title=f"Breach {n}",
                aware_at=LAPTOP_AWARE - timedelta(days=n + 3),
            )
        return entities

    small, large = group_of(2), group_of(8)

    with time_machine.travel(datetime(2024, 7, 1, 9, 0, tzinfo=UTC), tick=False):
        with django_assert_num_queries(2):
            open_breaches_sections(small, AS_OF, dpo_user)
            overdue_deadlines_sections(small, AS_OF, dpo_user)
        with django_assert_num_queries(2):
            opened = open_breaches_sections(large, AS_OF, dpo_user)
            overdue = overdue_deadlines_sections(large, AS_OF, dpo_user)

    assert [len(opened[e.pk].context["rows"]) for e in large] == [1] * 8
    assert [len(overdue[e.pk].context["rows"]) for e in large] == [1] * 8
