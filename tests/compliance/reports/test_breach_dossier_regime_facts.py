"""The dossier of one breach prints the APPI report items (PPC Rules Art. 8(1): how the leak was
discovered, the entrusting or entrusted businesses, the cause in words, the public announcement),
the facts the other regimes turn on or ask for, and the items a notification was submitted
without, in every language."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from compliance.breaches import services
from compliance.breaches.choices import ObligationKind, Regime
from compliance.reports import registry
from tests import builders
from tests.compliance.reports.breach_setup import AS_OF, AWARE, GENERATED_AT, portal_breach
from tests.compliance.reports.conftest import squeeze
from tests.compliance.reports.test_breach_dossier import pdftotext

pytestmark = pytest.mark.django_db

ENTRUSTMENT = "Entrusted by Example Retail K.K. with the operation of its customer portal."
ANNOUNCEMENT = "Notice of unauthorised access to customer accounts."
STEPS = "Change your password and beware of e-mails that quote your orders."
IOC = "203.0.113.7; login-portal-check.example.net"

REGIME_FACTS: dict[str, Any] = {
    "entrustment": ENTRUSTMENT,
    "announced_on": date(2024, 6, 12),
    "announcement_where": "https://example.com/notice",
    "announcement_text": ANNOUNCEMENT,
    "appi_special_care": False,
    "minors": True,
    "authentication_data": True,
    "unique_identifiers": True,
    "large_scale": True,
    "nis2_entity": True,
    "significant_incident": True,
    "nis2_notified_at": AWARE + timedelta(days=1),
    "recommended_steps": STEPS,
    "processing_subject_count": 80000,
    "indicators_of_compromise": IOC,
}

# Record text and values every language prints as recorded.
RECORD = [
    "The security team saw a surge of failed logins on 10 June.",
    ENTRUSTMENT,
    "Passwords leaked from other services were tried against the login.",
    "2024-06-12",
    "https://example.com/notice",
    ANNOUNCEMENT,
    STEPS,
    IOC,
    "2024-06-11 17:00 JST (08:00 UTC)",  # NIS2 incident notification
]

LABELS = {
    "en": [
        "APPI report items",
        "How the breach was discovered The security team saw",
        "Entrusting or entrusted businesses " + ENTRUSTMENT,
        "Cause in detail Passwords leaked",
        "Day of the announcement 2024-06-12",
        "Where announced https://example.com/notice",
        "Text of the announcement " + ANNOUNCEMENT,
        "Facts for the other regimes",
        "Special care-required personal information (APPI Art. 2(3)) no",
        "Data of children (ANPD Res. 15/2024 Art. 5) yes",
        "Financial data (ANPD Res. 15/2024 Art. 5) no",
        "Small processing agent (ANPD Res. 2/2022) no",
        "approximately 80,000 persons",
        "Data subjects of the processing affected (ANPD Res. 15/2024 Art. 6, XII)",
        "Steps recommended to the affected persons",
        "National identification numbers (PIPA Art. 24) yes",
        "Essential or important entity (NIS2 Art. 3) yes",
        "Significant incident (NIS2 Art. 23(3)) yes",
        "NIS2 incident notification submitted at (Art. 23(4)(b))",
        "Indicators of compromise (NIS2 Art. 23(4)(b)) " + IOC,
    ],
    "de": [
        "Meldeangaben nach dem APPI",
        "Wie die Verletzung entdeckt wurde The security team saw",
        "Auftraggebende oder beauftragte Unternehmen " + ENTRUSTMENT,
        "Ursache im Einzelnen Passwords leaked",
        "Tag der Veröffentlichung 2024-06-12",
        "Angaben für die übrigen Rechtsordnungen",
        "Daten von Kindern (ANPD-Resolution 15/2024 Art. 5) Ja",
        "Finanzdaten (ANPD-Resolution 15/2024 Art. 5) Nein",
        "ca. 80.000 Personen",
        "Nationale Identifikationsnummern (Art. 24 PIPA) Ja",
        "Erheblicher Sicherheitsvorfall (Art. 23 Abs. 3 NIS2-Richtlinie) Ja",
        "Kompromittierungsindikatoren (Art. 23 Abs. 4 lit. b NIS2-Richtlinie) " + IOC,
    ],
    "ja": [
        "個人情報保護法上の報告事項",
        "発覚の経緯 The security team saw",
        "委託元及び委託先の有無 " + ENTRUSTMENT,
        "原因の詳細 Passwords leaked",
        "公表日 2024-06-12",
        "その他の法制度に関する事実",
        "子どものデータ（ANPD決議15/2024第5条） はい",
        "金融データ（ANPD決議15/2024第5条） いいえ",
        "約80,000人",
        "国民識別番号（個人情報保護法（韓国）第24条） はい",
        "重大インシデント（NIS2指令第23条第3項） はい",
        "侵害の痕跡（IoC）（NIS2指令第23条第4項(b)） " + IOC,
    ],
}


def _dossier(incident: Any, lang: str) -> bytes:
    return registry.render_report(
        "breach_dossier",
        obj=incident,
        user=None,
        lang=lang,
        as_of=AS_OF,
        generated_at=GENERATED_AT,
    ).content


@pytest.fixture
def incident(dpo_user: Any) -> Any:
    return portal_breach(dpo_user, **REGIME_FACTS).incident


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_dossier_prints_the_appi_items_and_the_regime_facts(
    incident: Any, tmp_path: Path, lang: str
) -> None:
    # A label may wrap at its hyphen ("ANPD-Resolution"), which the text then loses.
    text = pdftotext(_dossier(incident, lang), tmp_path).replace("-", "")

    for expected in [*RECORD, *LABELS[lang]]:
        assert squeeze(expected).replace("-", "") in text, expected


def test_dossier_says_when_no_announcement_was_made_and_special_care_is_not_answered(
    dpo_user: Any, tmp_path: Path
) -> None:
    incident = portal_breach(dpo_user).incident

    text = pdftotext(_dossier(incident, "en"), tmp_path)

    assert squeeze("Public announcement not made") in text
    assert (
        squeeze(
            "Special care-required personal information (APPI Art. 2(3)) not answered: the "
            "answer on special categories is used"
        )
        in text
    )


def test_dossier_names_the_items_a_notification_was_submitted_without(
    dpo_user: Any, tmp_path: Path
) -> None:
    berlin = builders.entity(country_id="DE", region="DE-BE", time_zone="Europe/Berlin")
    incident = builders.breach(
        berlin,
        dpo_user,
        title="Laptop stolen",
        aware_at=timezone.now() - timedelta(hours=5),
        affected_countries=["DE"],
        record_count=None,
    )
    notification = services.start_notification(
        deadline=incident.deadlines.get(
            regime=Regime.EU_GDPR, kind=ObligationKind.AUTHORITY_NOTIFICATION
        ),
        by=dpo_user,
    )
    services.submit_notification(
        notification=notification,
        submitted_at=timezone.now() - timedelta(hours=1),
        by=dpo_user,
        not_yet_known=["record_count"],
    )

    english = pdftotext(_dossier(incident, "en"), tmp_path)
    japanese = pdftotext(_dossier(incident, "ja"), tmp_path)

    assert (
        squeeze(
            "Items not yet known at submission approximate number of personal data records "
            "concerned"
        )
        in english
    )
    assert squeeze("提出時に未判明の事項") in japanese
