"""The dossier of one breach: facts, assessment, obligations with their basis and instants,
notifications with their phases, decisions with who and when, and the history of the records."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from compliance.reports import registry
from tests.compliance.reports.breach_setup import (
    AS_OF,
    FOLLOW_UP,
    GENERATED_AT,
    LATE_REASONS,
    WAIVER,
    PortalBreach,
    ink,
    page_png,
)
from tests.compliance.reports.conftest import squeeze
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db


def _dossier(portal: PortalBreach, lang: str) -> bytes:
    return registry.render_report(
        "breach_dossier",
        obj=portal.incident,
        user=None,
        lang=lang,
        as_of=AS_OF,
        generated_at=GENERATED_AT,
    ).content


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    """The text of ``pdf`` as poppler's pdftotext reads it, without whitespace."""
    source = tmp_path / "dossier.pdf"
    source.write_bytes(pdf)
    binary = shutil.which("pdftotext")
    assert binary is not None, "poppler-utils is a system dependency (make system-deps)"
    done = subprocess.run(  # noqa: S603 - fixed argv, our own file
        [binary, "-enc", "UTF-8", str(source), "-"], check=True, capture_output=True
    )
    return squeeze(done.stdout.decode())


# Shared by every language: record text and instants.
RECORD = [
    "Credential stuffing on the customer portal",
    "Attackers used leaked passwords to log into customer accounts and read names, addresses "
    "and order histories.",
    "2024-06-10 17:00 JST (08:00 UTC)",  # aware
    "2024-06-09 07:00 JST (2024-06-08 22:00 UTC)",  # occurred
    "Phishing e-mails that quote real orders.",
    "Forced password reset of all affected accounts; attacking IPs blocked.",
    "Rate limiting and breached-password screening at login.",
    "Identity and order data usable for phishing.",
    "Group DPO, dpo@example.com, +81 3 1234 5678",
    "2024-06-13 17:00 JST (08:00 UTC)",  # GDPR 72 hours
    "2024-06-14 23:59 JST (14:59 UTC)",  # APPI preliminary, end of day 5
    LATE_REASONS,
    FOLLOW_UP,
    WAIVER,
    "2024-06-15 17:00 JST (08:00 UTC)",  # the follow-up phase
]

LABELS = {
    "en": [
        "Dossier of a personal data breach",
        "GDPR Art. 33(1): notify the supervisory authority without undue delay",  # a legal basis
        "APPI Art. 26(1); PPC Rules Art. 8(2): final report within 30 days",
        "Facts",
        "Risk assessment Risk to the rights and freedoms of persons high risk",
        "Approximate number of data subjects approximately 12,400 persons",
        "Obligations",
        "EU GDPR: notification to the authority",
        "met at 2024-06-11 23:00 JST (14:00 UTC)",
        "met at 2024-06-14 01:00 JST (2024-06-13 16:00 UTC) — late",
        "decided not required by dpo-user on 2024-07-01 18:00 JST (09:00 UTC)",
        "Notifications EU GDPR notification to the authority (DE)",
        "1 2024-06-11 23:00 JST (14:00 UTC) Initial notification",
        "Decisions",
        "dpo-user Breach Start assessment (detected → assessing)",
        "Record submission (draft → submitted)",
        "History of the records",
        "Breach changed countries of affected persons",
    ],
    "de": [
        "Dossier einer Verletzung des Schutzes personenbezogener Daten",
        "Art. 33 Abs. 1 DSGVO: Meldung an die Aufsichtsbehörde unverzüglich",
        "Art. 26 Abs. 1 APPI; Art. 8 Abs. 2 PPC Rules: Abschlussbericht binnen 30 Tagen",
        "Sachverhalt",
        "Ungefähre Zahl der betroffenen Personen ca. 12.400 Personen",
        "Pflichten",
        "erfüllt am 2024-06-11 23:00 JST (14:00 UTC)",
        "als nicht erforderlich entschieden von dpo-user am 2024-07-01 18:00 JST (09:00 UTC)",
        "1 2024-06-11 23:00 JST (14:00 UTC) Erstmeldung",
        "Entscheidungen",
        "Änderungsverlauf der Datensätze",
    ],
    "ja": [
        "個人データ侵害の記録簿",
        "GDPR 第33条第1項：不当な遅滞なく",
        "個人情報保護法第26条第1項、個人情報保護委員会規則第8条第2項：確報は30日以内",
        "事実",
        "データ主体のおおよその数 約12,400人",
        "義務",
        "2024-06-11 23:00 JST (14:00 UTC)に履行",
        "1 2024-06-11 23:00 JST (14:00 UTC) 当初の通知",
        "判断",
        "記録の変更履歴",
    ],
}


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_dossier_prints_the_breach_in_full(portal: PortalBreach, tmp_path: Path, lang: str) -> None:
    text = pdftotext(_dossier(portal, lang), tmp_path)

    for expected in [f"BR-2024-{portal.incident.pk:05d}", *RECORD, *LABELS[lang]]:
        assert squeeze(expected) in text, expected


def test_dossier_first_page_is_not_blank(portal: PortalBreach, tmp_path: Path) -> None:
    found = ink(page_png(_dossier(portal, "ja"), tmp_path, 1))

    assert found["header"] > 40
    assert found["body"] > 1500
    assert found["footer"] > 15


def test_dossier_is_named_after_the_breach(portal: PortalBreach) -> None:
    report = registry.render_report(
        "breach_dossier", obj=portal.incident, user=None, lang="de", as_of=AS_OF
    )

    assert report.filename == f"breach-dossier-BR-2024-{portal.incident.pk:05d}-2024-07-01-de.pdf"


def _url(portal: PortalBreach) -> str:
    return reverse("admin:compliance_breachincident_export_dossier", args=[portal.incident.pk])


@pytest.mark.parametrize("role", ["dpo_user", "legal_user"])
def test_dossier_export_gives_dpo_and_legal_the_pdf(
    portal: PortalBreach,
    client_for: Callable[[Any], Any],
    request: pytest.FixtureRequest,
    role: str,
) -> None:
    response = client_for(request.getfixturevalue(role)).post(
        _url(portal), {"lang": "en", "as_of": "2024-07-01"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="breach-dossier-BR-2024-{portal.incident.pk:05d}-2024-07-01-en.pdf"'
    )


def test_dossier_export_is_forbidden_to_the_entitys_coordinator(
    portal: PortalBreach, coordinator_user: Any, client_for: Callable[[Any], Any]
) -> None:
    portal.tokyo.coordinators.add(coordinator_user)

    response = client_for(coordinator_user).post(_url(portal), {"lang": "en"})

    assert response.status_code == 403


def test_dossier_export_of_a_breach_outside_the_users_entities_is_not_found(
    portal: PortalBreach, coordinator_user: Any, client_for: Callable[[Any], Any]
) -> None:
    # A coordinator allowed to export still sees only the breaches of their own entities.
    GroupEntityFactory(short_name="Other").coordinators.add(coordinator_user)
    coordinator_user.user_permissions.add(Permission.objects.get(codename="export_reports"))

    response = client_for(coordinator_user).post(_url(portal), {"lang": "en"})

    assert response.status_code == 404


def test_breach_page_links_the_dossier_for_exporters_only(
    portal: PortalBreach, client_for: Callable[[Any], Any], dpo_user: Any, coordinator_user: Any
) -> None:
    page = reverse("admin:compliance_breachincident_change", args=[portal.incident.pk])
    portal.tokyo.coordinators.add(coordinator_user)

    as_dpo = client_for(dpo_user).get(page)
    as_coordinator = client_for(coordinator_user).get(page)

    assert as_dpo.context["export_dossier_url"] == _url(portal)
    assert f'href="{_url(portal)}"' in as_dpo.content.decode()
    assert as_coordinator.context["export_dossier_url"] is None
