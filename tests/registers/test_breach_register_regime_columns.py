"""The breach register's spreadsheets carry the APPI report items (PPC Rules Art. 8(1)) and the
facts the other regimes ask for, with headers in the language of the export, and the items a
notification was submitted without."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from compliance.breaches import services
from compliance.breaches.choices import ObligationKind, Regime
from compliance.breaches.models import BreachIncident
from tests import builders
from tests.registers.helpers import export, rows

pytestmark = pytest.mark.django_db

AWARE = datetime(2025, 5, 2, 1, 0, tzinfo=UTC)
ASSESSED = datetime(2025, 5, 3, 8, 30, tzinfo=UTC)

FACTS: dict[str, Any] = {
    "discovery": "The monitoring team saw unusual logins.",
    "entrustment": "Entrusted by Example Retail K.K.",
    "cause_detail": "Passwords leaked elsewhere were tried against the login.",
    "announced_on": date(2025, 5, 6),
    "announcement_where": "https://example.com/notice",
    "announcement_text": "We regret to inform our customers.",
    "appi_special_care": False,
    "property_damage_risk": True,
    "wrongful_purpose": True,
    "possibly_over_1000": True,
    "controller_subject_to_appi": False,
    "assessed_at": ASSESSED,
    "minors": True,
    "authentication_data": True,
    "financial_data": False,
    "unique_identifiers": True,
    "large_scale": False,
    "small_agent": True,
    "nis2_entity": True,
    "significant_incident": False,
    "recommended_steps": "Change your password.",
    "processing_subject_count": 250000,
    "indicators_of_compromise": "203.0.113.7",
}

# The new columns as an English CSV prints them.
CSV_EN = {
    "cause in detail": "Passwords leaked elsewhere were tried against the login.",
    "how the breach was discovered": "The monitoring team saw unusual logins.",
    "entrusting or entrusted businesses": "Entrusted by Example Retail K.K.",
    "special care-required personal information (APPI)": "false",
    "misuse may cause property damage": "true",
    "suspected wrongful purpose": "true",
    "more than 1,000 people possibly affected": "true",
    "the entrusting business is under the APPI": "false",
    "notifiability assessment completed at (UTC)": "2025-05-03T08:30Z",
    "data of children": "true",
    "credentials or authentication data": "true",
    "financial data": "false",
    "national identification numbers": "true",
    "large scale": "false",
    "small processing agent (Brazil)": "true",
    "essential or important entity under NIS2": "true",
    "significant incident (NIS2)": "false",
    "NIS2 incident notification submitted at (UTC)": "",
    "steps recommended to the affected persons": "Change your password.",
    "data subjects of the processing affected": "250000",
    "indicators of compromise": "203.0.113.7",
    "public announcement made on": "2025-05-06",
    "where the announcement was made": "https://example.com/notice",
    "text of the public announcement": "We regret to inform our customers.",
}


@pytest.fixture
def incident(dpo_user: Any) -> BreachIncident:
    return builders.breach(
        builders.tokyo(),
        dpo_user,
        title="Credential stuffing",
        aware_at=AWARE,
        aware_time_zone="Asia/Tokyo",
        affected_countries=["JP"],
        subject_count=1500,
        **FACTS,
    )


def test_csv_carries_the_appi_items_and_the_regime_facts(incident: BreachIncident) -> None:
    table = rows(export("breaches", group_id=incident.entity.group_id, fmt="csv"), "csv")

    assert len(table) == 1
    assert {header: table[0][header] for header in CSV_EN} == CSV_EN


def test_xlsx_cells_are_typed(incident: BreachIncident) -> None:
    (row,) = rows(export("breaches", group_id=incident.entity.group_id))

    assert (
        row["public announcement made on"],
        row["notifiability assessment completed at (UTC)"],
        row["data subjects of the processing affected"],
        row["special care-required personal information (APPI)"],
        row["data of children"],
        row["NIS2 incident notification submitted at (UTC)"],
    ) == (
        datetime(2025, 5, 6, tzinfo=UTC).replace(tzinfo=None),  # cells are UTC without a zone
        ASSESSED.replace(tzinfo=None),
        250000,
        False,
        True,
        None,
    )


def test_not_answered_special_care_is_an_empty_cell(dpo_user: Any) -> None:
    incident = builders.breach(
        builders.tokyo(), dpo_user, title="Lost USB stick", aware_at=AWARE, affected_countries=[]
    )

    (row,) = rows(export("breaches", group_id=incident.entity.group_id, fmt="csv"), "csv")

    assert row["special care-required personal information (APPI)"] == ""


@pytest.mark.parametrize(
    ("lang", "headers"),
    [
        (
            "de",
            {
                "Ursache im Einzelnen": "Passwords leaked elsewhere were tried against the login.",
                "Daten von Kindern": "true",
                "wesentliche oder wichtige Einrichtung nach NIS2": "true",
                "Kompromittierungsindikatoren": "203.0.113.7",
            },
        ),
        (
            "ja",
            {
                "原因の詳細": "Passwords leaked elsewhere were tried against the login.",
                "子どものデータ": "true",
                "NIS2上の重要・基幹事業体": "true",
                "侵害の痕跡（IoC）": "203.0.113.7",
            },
        ),
    ],
)
def test_headers_are_in_the_language_of_the_export(
    incident: BreachIncident, lang: str, headers: dict[str, str]
) -> None:
    content = export("breaches", group_id=incident.entity.group_id, fmt="csv", lang=lang)
    (row,) = rows(content, "csv")

    assert {header: row[header] for header in headers} == headers


def test_decisions_name_the_items_submitted_as_not_yet_known(
    dpo_user: Any,
) -> None:
    berlin = builders.entity(country_id="DE", region="DE-BE", time_zone="Europe/Berlin")
    incident = builders.breach(
        berlin,
        dpo_user,
        title="Laptop stolen",
        aware_at=timezone.now() - timedelta(hours=5),
        affected_countries=["DE"],
        record_count=None,
        likely_consequences="",
    )
    deadline = incident.deadlines.get(
        regime=Regime.EU_GDPR, kind=ObligationKind.AUTHORITY_NOTIFICATION
    )
    notification = services.start_notification(deadline=deadline, by=dpo_user)
    services.submit_notification(
        notification=notification,
        submitted_at=timezone.now() - timedelta(hours=1),
        by=dpo_user,
        not_yet_known=["record_count", "likely_consequences"],
    )

    (row,) = rows(export("breaches", group_id=berlin.group_id, fmt="csv"), "csv")

    assert (
        "EU GDPR: notification to the authority (DE): items not yet known at submission: "
        "approximate number of personal data records concerned; "
        "likely consequences of the breach"
    ) in row["decisions on notification"].split("\n")
