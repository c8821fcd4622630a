from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import time_machine

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident, BreachNotification
from compliance.breaches.reports.notification import notification_report_context
from compliance.reports import registry
from compliance.reports.fetcher import FetchAttempt, StaticFileFetcher
from compliance.reports.pdf import render_pdf
from tests.compliance.reports.breach_setup import (
    AS_OF,
    FOLLOW_UP,
    GENERATED_AT,
    LATE_REASONS,
    NOW,
    PortalBreach,
    ink,
    page_png,
    positions,
)
from tests.compliance.reports.conftest import page_texts, pdf_reader, squeeze

pytestmark = pytest.mark.django_db

# The nine items of PPC Rules Art. 8(1), headed and ordered as on the PPC's report form.
PPC_HEADINGS = [
    "(1)概要",
    "(2)漏えい等が発生し、又は発生したおそれがある個人データの項目",
    "(3)漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数",
    "(4)原因",
    "(5)二次被害又はそのおそれの有無及びその内容",
    "(6)本人への対応の実施状況",
    "(7)公表の実施状況",
    "(8)再発防止のための措置",
    "(9)その他参考となる事項",
]

APPI = {
    "en": {
        "title": "Report of a personal data breach to the PPC: preliminary report",
        "citation": "APPI Art. 26(1); PPC Rules Art. 8(1)",
        "subjects": "Number of principals approximately 12,400 persons",
        "cause": "Cause cyber attack (unauthorised access, ransomware)",
        "principals": "Notification of the principals (APPI Art. 26(2)) open",
        "no_announcement": "(7)公表の実施状況 — Public announcement Announcement not made (8)",
        "late": "Late no",
        "authority": "PPC — Personal Information Protection Commission (Japan)",
    },
    "de": {
        "title": "Bericht einer Datenschutzverletzung an die PPC: vorläufiger Bericht",
        "citation": "Art. 26 Abs. 1 APPI; Art. 8 Abs. 1 PPC Rules",
        "subjects": "Zahl der betroffenen Personen ca. 12.400 Personen",
        "cause": "Ursache Cyberangriff (unbefugter Zugriff, Ransomware)",
        "principals": "Benachrichtigung der betroffenen Personen (Art. 26 Abs. 2 APPI) offen",
        # the German report breaks the page after item (7)
        "no_announcement": "(7)公表の実施状況 — Veröffentlichung Veröffentlichung nicht erfolgt",
        "late": "Verspätet Nein",
        "authority": "PPC — Kommission zum Schutz personenbezogener Informationen (Japan)",
    },
    "ja": {
        "title": "漏えい等報告（速報）",
        "citation": (
            "個人情報の保護に関する法律第26条第1項、個人情報の保護に関する法律施行規則第8条第1項"
        ),
        "subjects": "本人の数 約12,400人",
        "cause": "原因 サイバー攻撃（不正アクセス、ランサムウェア）",
        "principals": "本人への通知（個人情報の保護に関する法律第26条第2項） 未対応",
        "no_announcement": "(7)公表の実施状況 公表 未実施 (8)",
        "late": "遅延 いいえ",
        "authority": "PPC — 個人情報保護委員会 (日本)",
    },
}


def _render(notification: BreachNotification, lang: str) -> bytes:
    report = registry.render_report(
        "breach_notification",
        obj=notification,
        user=None,
        lang=lang,
        as_of=AS_OF,
        generated_at=GENERATED_AT,
    )
    return report.content


def _text(pdf: bytes) -> str:
    return squeeze(" ".join(page_texts(pdf)))


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_appi_report_prints_the_nine_ppc_items_in_japanese_in_the_forms_order(
    portal: PortalBreach, lang: str
) -> None:
    labels = APPI[lang]

    text = _text(_render(portal.appi, lang))

    found = positions(text, PPC_HEADINGS)
    assert -1 not in found
    assert found == sorted(found)
    assert squeeze(labels["title"]) in text
    assert squeeze(labels["citation"]) in text
    assert squeeze(labels["subjects"]) in text
    assert squeeze(labels["cause"]) in text
    assert squeeze(labels["principals"]) in text
    # No public announcement recorded: the item says none was made.
    assert squeeze(labels["no_announcement"]) in text
    assert squeeze(labels["late"]) in text
    # The authority's name in the report's language (the seeded names' wordings).
    assert squeeze(labels["authority"]) in text
    assert squeeze("name, postal address, e-mail, order history") in text
    assert squeeze("Rate limiting and breached-password screening at login.") in text
    assert squeeze("2024-06-14 23:59 JST (14:59 UTC)") in text  # end of day 5
    assert squeeze("2024-06-12 17:00 JST (08:00 UTC)") in text  # submitted on day 3


def test_appi_report_prints_a_dash_where_the_record_has_nothing(
    portal: PortalBreach,
) -> None:
    BreachIncident.objects.filter(pk=portal.incident.pk).update(
        data_categories="", likely_consequences="", remediation="", subject_count=None
    )

    text = _text(_render(portal.appi, "ja"))

    assert squeeze(f"{PPC_HEADINGS[1]} —{PPC_HEADINGS[2]}") in text
    assert squeeze(f"{PPC_HEADINGS[2]} 本人の数 — 本人の区分") in text
    assert squeeze(f"{PPC_HEADINGS[4]} —{PPC_HEADINGS[5]}") in text
    assert squeeze(f"{PPC_HEADINGS[7]} —{PPC_HEADINGS[8]}") in text


GDPR = {
    "en": {
        "title": "Notification of a personal data breach to the supervisory authority "
        "(UK GDPR Art. 33)",
        "outcome": "Outcome met at 2024-06-14 01:00 JST (2024-06-13 16:00 UTC) — late",
        "late": "Late yes",
        "reasons": f"Reasons for the delay (UK GDPR Art. 33(1)) {LATE_REASONS}",
        "nature": "(a) Nature of the personal data breach UK GDPR Art. 33(3)(a)",
        "subjects": "Approximate number of data subjects approximately 12,400 persons",
        "contact": "UK GDPR Art. 33(3)(b) Contact point Group DPO, dpo@example.com",
        "consequences": "Likely consequences Phishing e-mails that quote real orders.",
        "measures": "Containment measures Forced password reset",
        "recipient": "ICO — Information Commissioner's Office (United Kingdom)",
        "countries": "France (FR), Germany (DE), Japan (JP), United Kingdom (GB)",
    },
    "de": {
        "title": "Meldung einer Verletzung des Schutzes personenbezogener Daten an die "
        "Aufsichtsbehörde (Art. 33 UK GDPR)",
        "outcome": "Ergebnis erfüllt am 2024-06-14 01:00 JST (2024-06-13 16:00 UTC) — verspätet",
        "late": "Verspätet Ja",
        "reasons": f"Gründe für die Verzögerung (Art. 33 Abs. 1 UK GDPR) {LATE_REASONS}",
        "nature": "(a) Art der Verletzung des Schutzes personenbezogener Daten "
        "Art. 33 Abs. 3 lit. a UK GDPR",
        "subjects": "Ungefähre Zahl der betroffenen Personen ca. 12.400 Personen",
        "contact": "Art. 33 Abs. 3 lit. b UK GDPR Anlaufstelle Group DPO, dpo@example.com",
        "consequences": "Wahrscheinliche Folgen Phishing e-mails that quote real orders.",
        "measures": "Eindämmungsmaßnahmen Forced password reset",
        "recipient": "ICO — Büro des Informationsbeauftragten (Information Commissioner's Office) "
        "(Vereinigtes Königreich)",
        "countries": "Frankreich (FR), Deutschland (DE), Japan (JP), Vereinigtes Königreich (GB)",
    },
    "ja": {
        "title": "監督機関への個人データ侵害の通知（英国GDPR第33条）",
        "outcome": "結果 2024-06-14 01:00 JST (2024-06-13 16:00 UTC)に履行 — 遅延",
        "late": "遅延 はい",
        "reasons": f"遅延の理由（英国GDPR第33条第1項） {LATE_REASONS}",
        "nature": "(a) 個人データ侵害の性質 英国GDPR第33条第3項(a)",
        "subjects": "データ主体のおおよその数 約12,400人",
        "contact": "英国GDPR第33条第3項(b) 連絡先 Group DPO, dpo@example.com",
        "consequences": "生じ得る事態 Phishing e-mails that quote real orders.",
        "measures": "被害拡大防止のための措置 Forced password reset",
        "recipient": "ICO — 情報コミッショナー事務局 (イギリス)",
        "countries": "フランス (FR), ドイツ (DE), 日本 (JP), イギリス (GB)",
    },
}


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_gdpr_notification_prints_the_art_33_content_and_the_late_reasons(
    portal: PortalBreach, lang: str
) -> None:
    labels = GDPR[lang]

    text = _text(_render(portal.uk, lang))

    for key in ("title", "outcome", "late", "reasons", "nature", "subjects", "contact"):
        assert squeeze(labels[key]) in text, key
    assert squeeze(labels["consequences"]) in text
    assert squeeze(labels["measures"]) in text
    assert squeeze(labels["recipient"]) in text
    assert squeeze("2024-06-13 17:00 JST (08:00 UTC)") in text  # 72 hours after awareness
    assert squeeze("Rate limiting and breached-password screening at login.") in text
    assert squeeze(labels["countries"]) in text


def test_gdpr_notification_prints_its_follow_up_phases(portal: PortalBreach) -> None:
    text = _text(_render(portal.eu, "de"))

    assert squeeze("(Art. 33 DSGVO)") in text
    assert (
        squeeze(
            f"Nachmeldungen Art. 33 Abs. 4 DSGVO Phase Eingereicht am Übermittelte Informationen "
            f"Erfasst von 2 2024-06-15 17:00 JST (08:00 UTC) {FOLLOW_UP} dpo-user"
        )
        in text
    )
    assert squeeze("Empfänger LDI NRW") in text
    assert squeeze("Verspätet Nein") in text


def test_notification_report_file_is_named_after_the_breach_and_obligation(
    portal: PortalBreach,
) -> None:
    report = registry.render_report(
        "breach_notification", obj=portal.appi, user=None, lang="ja", as_of=AS_OF
    )

    assert report.filename == (
        f"BR-2024-{portal.incident.pk:05d}-JP_APPI-preliminary_report-{portal.appi.pk}-ja.pdf"
    )


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def test_appi_items_in_an_english_report_use_the_cjk_font(portal: PortalBreach) -> None:
    fonts: set[str] = set()

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if CJK.search(text) and font is not None:
            fonts.add(re.sub(r"[-_ /]", "", str(font["/BaseFont"]).split("+")[-1]))

    for page in pdf_reader(_render(portal.appi, "en")).pages:
        page.extract_text(visitor_text=visit)

    assert fonts == {"NotoSansCJKJPBold"}  # the item headings, bold


def test_notification_report_first_page_is_not_blank(portal: PortalBreach, tmp_path: Path) -> None:
    found = ink(page_png(_render(portal.appi, "ja"), tmp_path, 1))

    assert found["header"] > 40  # group name, report title
    assert found["body"] > 1500  # the tables
    assert found["footer"] > 15  # generated, as of, page X / Y


HOSTILE = (
    '<img src="http://example.com/x.png"> <link rel=stylesheet href="file:///etc/passwd"> '
    "url(file:///etc/passwd) <style>body{display:none}</style> <b>bold</b>"
)


def test_notification_report_prints_markup_in_breach_fields_as_text(
    portal: PortalBreach,
) -> None:
    BreachIncident.objects.filter(pk=portal.incident.pk).update(
        description=HOSTILE, likely_consequences=HOSTILE, contact_point=HOSTILE[:200]
    )
    BreachNotification.objects.filter(pk=portal.uk.pk).update(summary=HOSTILE, late_reasons=HOSTILE)
    context = notification_report_context(
        portal.uk, user=None, as_of=AS_OF, generated_at=GENERATED_AT
    )
    fetcher = StaticFileFetcher()

    pdf = render_pdf("reports/breach_notification.html", context, lang="en", fetcher=fetcher)

    text = _text(pdf)
    assert squeeze(f"Content as submitted {HOSTILE}") in text
    assert squeeze(f"Reasons for the delay (UK GDPR Art. 33(1)) {HOSTILE}") in text
    assert squeeze(f"Likely consequences {HOSTILE}") in text
    assert squeeze(f"Credential stuffing on the customer portal {HOSTILE}") in text
    assert squeeze("No follow-up information recorded.") in text  # the end still prints
    assert fetcher.attempts == [FetchAttempt(url="static:reports/print.css", served=True)]


def test_appi_notification_of_the_principals_cites_no_gdpr_article(
    portal: PortalBreach, dpo_user: Any
) -> None:
    deadline = portal.incident.deadlines.get(regime="JP_APPI", kind="data_subject_notification")
    with time_machine.travel(NOW, tick=False):
        notification = breaches.start_notification(deadline=deadline, by=dpo_user)

    text = _text(_render(notification, "en"))

    assert squeeze("Notification of a personal data breach to the principals") in text
    assert squeeze("APPI Art. 26(2); PPC Rules Art. 10: notify the principals promptly") in text
    # the PPC Rules ask no reasons for a delay
    assert "Reasonsforthedelay" not in text
    # PPC Rules Art. 10: items (1), (2), (4), (5), (9) of Art. 8(1), not the GDPR's
    assert squeeze("(1)概要 — Overview What happened") in text
    assert "GDPR" not in text
