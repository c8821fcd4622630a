from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from compliance.breaches.reports.register import Period, breach_register_context, register_period
from compliance.registry.models import CorporateGroup
from compliance.reports import registry
from compliance.reports.pdf import render_html
from tests.builders import example_group
from tests.compliance.reports.breach_setup import (
    AS_OF,
    GENERATED_AT,
    LATE_REASONS,
    WAIVER,
    PortalBreach,
    ink,
    page_png,
    portal_breach,
    positions,
    simple_breach,
)
from tests.compliance.reports.conftest import page_texts, squeeze
from tests.factories import CorporateGroupFactory, GroupEntityFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("as_of", "first"),
    [
        (date(2025, 3, 31), date(2024, 4, 1)),
        (date(2024, 7, 1), date(2023, 7, 2)),
        (date(2024, 2, 29), date(2023, 3, 1)),  # no 29 Feb in 2023: from the day after 28 Feb
        (date(2025, 1, 15), date(2024, 1, 16)),
    ],
)
def test_register_period_is_the_twelve_months_up_to_the_as_of_date(
    as_of: date, first: date
) -> None:
    assert register_period(as_of) == Period(first=first, last=as_of)


@pytest.fixture
def portal(dpo_user: Any) -> PortalBreach:
    breach = portal_breach(dpo_user)
    # Before the period (aware 2023-07-01 23:00 UTC, the period starts 2023-07-02) and after it.
    simple_breach(
        breach.duesseldorf,
        dpo_user,
        title="Old breach before the period",
        aware_at=datetime(2023, 7, 1, 23, 0, tzinfo=UTC),
    )
    simple_breach(
        breach.duesseldorf,
        dpo_user,
        title="Laptop of a sales employee stolen",
        aware_at=datetime(2024, 6, 28, 7, 0, tzinfo=UTC),
    )
    simple_breach(
        breach.duesseldorf,
        dpo_user,
        title="Breach after the as-of date",
        aware_at=datetime(2024, 7, 2, 0, 0, tzinfo=UTC),
    )
    return breach


def _render(group: CorporateGroup, lang: str, user: Any = None) -> bytes:
    report = registry.render_report(
        "breach_register",
        obj=group,
        user=user,
        lang=lang,
        as_of=AS_OF,
        generated_at=GENERATED_AT,
    )
    return report.content


REGISTER = {
    "en": {
        "title": "Breach register",
        "period": "Breaches the group became aware of from July 2, 2023 to July 1, 2024",
        "note": "Period: the twelve months up to the date the data is shown as of, "
        "2023-07-02 00:00 to 2024-07-01 24:00 UTC, by the instant of awareness.",
        "summary": "Breaches in the period 2 Obligations required by law 9 Met 3 Met late 1 "
        "Decided not required 1 Still open 5",
        "header": "Obligation Recipient Due (UTC) Outcome Late Reasons for the delay",
        "uk": "UK GDPR: notification to the authority ICO 2024-06-13 08:00 "
        "met at 2024-06-13 16:00 UTC — late yes",
        "waived": "EU GDPR: notification to the authority CNIL 2024-06-13 08:00 "
        "decided not required by dpo-user on 2024-07-01 09:00 UTC:",
        "overdue": "open — overdue",
    },
    "de": {
        "title": "Verzeichnis der Datenschutzverletzungen",
        "period": "Datenschutzverletzungen, von denen die Gruppe vom 2. Juli 2023 bis zum "
        "1. Juli 2024 Kenntnis erlangt hat",
        "note": "Zeitraum: die zwölf Monate bis zum Datenstand, 2023-07-02 00:00 bis "
        "2024-07-01 24:00 UTC, nach dem Zeitpunkt der Kenntnisnahme.",
        "summary": "Datenschutzverletzungen im Zeitraum 2 Gesetzlich vorgeschriebene Pflichten 9 "
        "Erfüllt 3 Verspätet erfüllt 1 Als nicht erforderlich entschieden 1 Noch offen 5",
        "header": "Pflicht Empfänger Fällig (UTC) Ergebnis Verspätet Gründe für die Verzögerung",
        "uk": "UK GDPR: Meldung an die Aufsichtsbehörde ICO 2024-06-13 08:00 "
        "erfüllt am 2024-06-13 16:00 UTC — verspätet Ja",
        "waived": "EU-DSGVO: Meldung an die Aufsichtsbehörde CNIL 2024-06-13 08:00 "
        "als nicht erforderlich entschieden von dpo-user am 2024-07-01 09:00 UTC:",
        "overdue": "offen — überfällig",
    },
    "ja": {
        "title": "漏えい等事案の記録簿",
        "period": "2023年7月2日から2024年7月1日までにグループが認識した漏えい等事案",
        "note": "対象期間：データ基準日までの12か月間（2023-07-02 00:00から2024-07-01 24:00"
        "（UTC）まで、認識した時点による）。",
        "summary": "期間内の漏えい等事案 2 法令上必要な義務 9 履行済み 3 遅延して履行 1 "
        "不要と判断 1 未了 5",
        "header": "義務 報告先 期限（UTC） 結果 遅延 遅延の理由",
        "uk": "英国GDPR: 監督機関への報告 ICO 2024-06-13 08:00 "
        "2024-06-13 16:00 UTCに履行 — 遅延 はい",
        "waived": "EU GDPR: 監督機関への報告 CNIL 2024-06-13 08:00 "
        "不要と判断（判断者：dpo-user、2024-07-01 09:00 UTC）：",
        "overdue": "未対応 — 期限超過",
    },
}


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_breach_register_prints_every_breach_of_the_period_with_its_deadlines(
    portal: PortalBreach, lang: str
) -> None:
    labels = REGISTER[lang]

    pages = page_texts(_render(portal.group, lang))

    text = squeeze(" ".join(pages))
    for key in ("title", "period", "note", "summary", "header", "uk", "waived", "overdue"):
        assert squeeze(labels[key]) in text, key
    assert squeeze(f"{LATE_REASONS}") in text
    assert squeeze(WAIVER) in text
    reference = f"BR-2024-{portal.incident.pk:05d}"
    found = positions(
        text,
        [
            squeeze(f"{reference} Credential stuffing on the customer portal"),
            squeeze("Laptop of a sales employee stolen"),
        ],
    )
    assert -1 not in found
    assert found == sorted(found)  # in order of awareness
    assert "Oldbreachbeforetheperiod" not in text
    assert "Breachaftertheas-ofdate" not in text


def test_breach_register_shows_a_coordinator_only_their_entities_breaches(
    portal: PortalBreach, coordinator_user: Any
) -> None:
    portal.duesseldorf.coordinators.add(coordinator_user)
    user = get_user_model().objects.get(pk=coordinator_user.pk)

    context = breach_register_context(
        portal.group, user=user, as_of=AS_OF, generated_at=GENERATED_AT
    )

    assert [row.incident.title for row in context["rows"]] == ["Laptop of a sales employee stolen"]


def test_breach_register_repeats_its_header_row_on_every_page(
    dpo_user: Any,
) -> None:
    group, _, duesseldorf = example_group()
    start = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
    for n in range(24):
        simple_breach(duesseldorf, dpo_user, title=f"Breach {n:02}", aware_at=start + n * DAY)

    pages = page_texts(_render(group, "en"))

    header = "Obligation Recipient Due (UTC) Outcome Late Reasons for the delay"
    assert len(pages) >= 3
    assert header in pages[0]
    for page in pages[1:]:
        assert page.splitlines()[0] == header
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert squeeze("Breach 23") in squeeze(pages[-1])


def test_breach_register_context_query_count_does_not_grow_with_breaches(
    dpo_user: Any, django_assert_num_queries: Any, django_assert_max_num_queries: Any
) -> None:
    small, _, small_entity = example_group()
    large_entity = GroupEntityFactory(group=CorporateGroupFactory(name="Large Group"))
    large = large_entity.group
    start = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    simple_breach(small_entity, dpo_user, title="Only one", aware_at=start)
    for n in range(12):
        simple_breach(large_entity, dpo_user, title=f"Many {n}", aware_at=start + n * DAY)

    def render(group: CorporateGroup) -> str:
        # A fresh user each time: access caches the user's roles on the instance.
        user = get_user_model().objects.get(pk=dpo_user.pk)
        context = breach_register_context(group, user=user, as_of=AS_OF, generated_at=GENERATED_AT)
        return render_html("reports/breach_register.html", context, lang="en")

    # the user (fresh) and their roles, breaches with entity and country, deadlines with
    # authority and decider, their submitted notifications, the deadlines' history (corrections),
    # the breaches' workflow events (the decisions of Art. 33(5))
    with django_assert_num_queries(7):
        assert render(small).count('<td class="breach"') == 1
    with django_assert_max_num_queries(7):
        assert render(large).count('<td class="breach"') == 12


def test_breach_register_page_is_not_blank(portal: PortalBreach, tmp_path: Path) -> None:
    found = ink(page_png(_render(portal.group, "ja"), tmp_path, 1))

    assert found["header"] > 30  # group name, report title
    assert found["body"] > 1500  # the summary and the register table
    assert found["footer"] > 15  # generated, as of, page X / Y
