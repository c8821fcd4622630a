"""Prepare notification drafts the content from the breach record, in the document's language."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from compliance.breaches.models import BreachIncident, BreachNotification, NotificationDeadline
from compliance.breaches.reports.draft import draft_language, notification_draft
from compliance.registry.models import CorporateGroup, GroupEntity
from tests.compliance.reports.breach_setup import NOW, PortalBreach

pytestmark = pytest.mark.django_db

DESCRIPTION = (
    "Attackers used leaked passwords to log into customer accounts and read names, addresses "
    "and order histories."
)

EN_DATA_SUBJECTS = f"""\
Communication of a personal data breach to the data subjects (GDPR Art. 34)

(a) Nature of the personal data breach
What happened: Credential stuffing on the customer portal
{DESCRIPTION}
Occurred at: 2024-06-09 07:00 JST (2024-06-08 22:00 UTC)
Became aware at: 2024-06-10 17:00 JST (08:00 UTC)
Cause: cyber attack (unauthorised access, ransomware)
Categories of data subjects: customers of the online shop
Approximate number of data subjects: approximately 12,400 persons
Categories of personal data: name, postal address, e-mail, order history
Approximate number of records: approximately 15,210 records

(b) Name and contact details of the data protection officer or other contact point
Contact point: Group DPO, dpo@example.com, +81 3 1234 5678

(c) Likely consequences of the personal data breach
Likely consequences: Phishing e-mails that quote real orders.

(d) Measures taken or proposed, including to mitigate possible adverse effects
Containment measures: Forced password reset of all affected accounts; attacking IPs blocked.
Remediation measures: Rate limiting and breached-password screening at login."""

DE_AUTHORITY = f"""\
Meldung einer Verletzung des Schutzes personenbezogener Daten an die Aufsichtsbehörde \
(Art. 33 DSGVO)

(a) Art der Verletzung des Schutzes personenbezogener Daten
Was geschehen ist: Credential stuffing on the customer portal
{DESCRIPTION}
Eingetreten am: 2024-06-09 07:00 JST (2024-06-08 22:00 UTC)
Kenntnis erlangt am: 2024-06-10 17:00 JST (08:00 UTC)
Ursache: Cyberangriff (unbefugter Zugriff, Ransomware)
Kategorien betroffener Personen: customers of the online shop
Ungefähre Zahl der betroffenen Personen: ca. 12.400 Personen
Kategorien personenbezogener Daten: name, postal address, e-mail, order history
Ungefähre Zahl der Datensätze: ca. 15.210 Datensätze

(b) Name und Kontaktdaten des Datenschutzbeauftragten oder einer sonstigen Anlaufstelle
Anlaufstelle: Datenschutzbeauftragte EIG Tokyo, privacy-tokyo@example.com

(c) Wahrscheinliche Folgen der Verletzung des Schutzes personenbezogener Daten
Wahrscheinliche Folgen: Phishing e-mails that quote real orders.

(d) Ergriffene oder vorgeschlagene Maßnahmen, einschließlich Maßnahmen zur Abmilderung \
möglicher nachteiliger Auswirkungen
Eindämmungsmaßnahmen: Forced password reset of all affected accounts; attacking IPs blocked.
Abhilfemaßnahmen: Rate limiting and breached-password screening at login."""

JA_PRELIMINARY = f"""\
漏えい等報告（速報）

(a) 個人データ侵害の性質
事案の概要：Credential stuffing on the customer portal
{DESCRIPTION}
発生日時：2024-06-09 07:00 JST (2024-06-08 22:00 UTC)
発覚日時：2024-06-10 17:00 JST (08:00 UTC)
原因：サイバー攻撃（不正アクセス、ランサムウェア）
データ主体の類型：customers of the online shop
データ主体のおおよその数：約12,400人
個人データの項目：name, postal address, e-mail, order history
記録のおおよその件数：約15,210件

(b) データ保護責任者その他の連絡窓口の名称及び連絡先
連絡先：Group privacy office, privacy@example.com

(c) 個人データ侵害の結果として生じ得る事態
生じ得る事態：

(d) 講じた措置又は講じることを提案する措置（悪影響を軽減するための措置を含む）
被害拡大防止のための措置：Forced password reset of all affected accounts; attacking IPs blocked.
是正措置：Rate limiting and breached-password screening at login."""


def _deadline(portal: PortalBreach, regime: str, kind: str, key: str = "") -> NotificationDeadline:
    return NotificationDeadline.objects.get(
        incident=portal.incident, regime=regime, kind=kind, recipient_key=key
    )


def test_draft_of_the_data_subject_communication_carries_every_item_in_english(
    portal: PortalBreach,
) -> None:
    deadline = _deadline(portal, "EU_GDPR", "data_subject_notification")

    assert draft_language(deadline) == "en"  # the data subjects live in four countries
    assert notification_draft(deadline, "en") == EN_DATA_SUBJECTS


def test_draft_to_a_german_authority_is_german_with_the_entitys_dpo(
    portal: PortalBreach,
) -> None:
    BreachIncident.objects.filter(pk=portal.incident.pk).update(contact_point="")
    GroupEntity.objects.filter(pk=portal.tokyo.pk).update(
        dpo_contact="Datenschutzbeauftragte EIG Tokyo, privacy-tokyo@example.com"
    )
    CorporateGroup.objects.filter(pk=portal.group.pk).update(
        dpo_contact="Group privacy office, privacy@example.com"
    )
    deadline = _deadline(portal, "EU_GDPR", "authority_notification", "DE")

    assert draft_language(deadline) == "de"
    assert notification_draft(deadline, "de") == DE_AUTHORITY


def test_draft_of_the_ppc_report_is_japanese_with_the_groups_dpo(portal: PortalBreach) -> None:
    BreachIncident.objects.filter(pk=portal.incident.pk).update(
        contact_point="", likely_consequences=""
    )
    CorporateGroup.objects.filter(pk=portal.group.pk).update(
        dpo_contact="Group privacy office, privacy@example.com"
    )
    deadline = _deadline(portal, "JP_APPI", "preliminary_report", "JP")

    assert draft_language(deadline) == "ja"
    assert notification_draft(deadline, "ja") == JA_PRELIMINARY


def test_prepare_notification_opens_a_draft_prefilled_from_the_record(
    portal: PortalBreach, client_for: Any, dpo_user: Any
) -> None:
    deadline = _deadline(portal, "EU_GDPR", "data_subject_notification")
    client = client_for(dpo_user)
    url = reverse("admin:compliance_notificationdeadline_notify", args=[deadline.pk])

    with time_machine.travel(NOW, tick=False):
        response = client.post(url)
        in_japanese = client.post(url, {"lang": "ja"})

    first, second = BreachNotification.objects.filter(deadline=deadline).order_by("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:compliance_breachnotification_change", args=[first.pk]
    )
    assert (first.state, first.summary) == ("draft", EN_DATA_SUBJECTS)
    assert in_japanese.status_code == 302
    assert second.summary == notification_draft(deadline, "ja")
    assert second.summary.startswith("データ主体への個人データ侵害の連絡（GDPR第34条）\n\n(a) ")


def test_a_draft_is_drafted_again_in_another_language_keeping_the_replaced_text(
    portal: PortalBreach, client_for: Any, dpo_user: Any
) -> None:
    deadline = _deadline(portal, "EU_GDPR", "data_subject_notification")
    client = client_for(dpo_user)
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("admin:compliance_notificationdeadline_notify", args=[deadline.pk]))
        draft = BreachNotification.objects.get(deadline=deadline)
        page = client.get(reverse("admin:compliance_breachnotification_change", args=[draft.pk]))
        response = client.post(
            reverse("admin:compliance_breachnotification_redraft", args=[draft.pk]),
            {"lang": "de"},
        )

    draft.refresh_from_db()
    assert page.context["redraft_url"] == reverse(
        "admin:compliance_breachnotification_redraft", args=[draft.pk]
    )
    assert response.status_code == 302
    assert draft.summary == notification_draft(deadline, "de")
    assert draft.summary.startswith(
        "Benachrichtigung der betroffenen Personen von einer Verletzung des Schutzes "
    )
    assert [h.summary for h in draft.history.order_by("history_date", "history_id")] == [
        EN_DATA_SUBJECTS,
        draft.summary,
    ]


def test_a_submitted_notification_is_not_drafted_again(
    portal: PortalBreach, client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)
    before = portal.eu.summary

    page = client.get(reverse("admin:compliance_breachnotification_change", args=[portal.eu.pk]))
    response = client.post(
        reverse("admin:compliance_breachnotification_redraft", args=[portal.eu.pk]),
        {"lang": "de"},
    )

    portal.eu.refresh_from_db()
    assert page.context["redraft_url"] is None
    assert response.status_code == 302
    assert portal.eu.summary == before
