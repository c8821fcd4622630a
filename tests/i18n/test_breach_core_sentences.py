"""The breach engine's GDPR, UK GDPR and APPI sentences are templates, worded in every language.

Issue 16: obligation bases, the "what applies and why" lines, the §8.2 group notification basis
and the reasons-for-delay citations are ``Text`` (compliance.rules.text), so that a German or
Japanese reader gets them in their language. A plain English string left in one of them would
show as English: the corpus below checks that no literal piece carries an English word.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import translation

from compliance import legal_text
from compliance.rules.breach import (
    AUTHORITY_NOTIFICATION,
    BR_LGPD,
    EU_GDPR,
    GROUP_BCR,
    GROUP_SCC,
    JP_APPI,
    STATUTE,
    UK_GDPR,
    BreachFacts,
    breach_obligations,
    explain,
    group_notification,
    reasons_for_delay_basis,
)
from compliance.rules.text import Text

# The bases of these regimes (the §8.5 regimes' bases: test_breach_regime_sentences); every
# explanation line, whose §8.5 lines combine this module's sentences with the regimes' reasons.
MINE = (EU_GDPR, UK_GDPR, JP_APPI)

AWARE = (
    datetime(2017, 3, 1, tzinfo=UTC),  # before the GDPR
    datetime(2020, 6, 1, tzinfo=UTC),  # the UK in the EEA, before the APPI reports
    datetime(2024, 12, 27, 8, tzinfo=UTC),  # APPI final report rolled past the new year
)
PLACES = (
    ("DE", ()),
    ("US", ("FR", "GB", "JP")),
    ("JP", ()),
    ("US", ("CA",)),
    ("GB", ("GP", "AX", "IS")),
    ("KR", ("SG", "BR", "CH", "AU", "CN")),
)
REACH: tuple[frozenset[str] | None, ...] = (None, frozenset(), frozenset(MINE))
FLAGS: tuple[dict[str, Any], ...] = (
    {},
    {"risk": "high"},
    {"risk": "unlikely"},
    {"risk": "high", "encrypted": True},
    {"subject_count": 1000},
    {"subject_count": 1000, "special_category": True, "appi_special_care": False},
    {"subject_count": 5000, "wrongful_purpose": True},
    {"special_category": True},
    {"appi_special_care": True, "property_damage_risk": True, "possibly_over_1000": True},
    {"role": "processor"},
    {"role": "processor", "subject_count": 2000},
    {"role": "processor", "subject_count": 2000, "controller_subject_to_appi": False},
    {"role": "processor", "controller_subject_to_appi": False},
    {"nis2_entity": True, "significant_incident": True},
    {"subject_count": 5000, "minors": True, "large_scale": True},
)


def _corpus() -> Iterator[str]:
    for aware_at, (home, affected), reach, flags in itertools.product(AWARE, PLACES, REACH, FLAGS):
        facts = BreachFacts(
            aware_at=aware_at,
            entity_country=home,
            affected_countries=frozenset(affected),
            targeted_regimes=reach,
            **flags,
        )
        yield from (o.basis for o in breach_obligations(facts) if o.regime in MINE)
        yield from explain(facts)
    for country, tool, module in itertools.product(("DE", "GB"), (GROUP_BCR, GROUP_SCC), (1, 2, 3)):
        for target in (timedelta(hours=24), timedelta(hours=12, minutes=30)):
            yield group_notification(
                aware_at=AWARE[-1],
                exporter="Example Internet Europe GmbH",
                exporter_country=country,
                tool=tool,
                scc_module=module,
                target=target,
            ).basis
    for regime in (EU_GDPR, UK_GDPR, BR_LGPD):
        basis = reasons_for_delay_basis(regime, AUTHORITY_NOTIFICATION, STATUTE)
        assert basis is not None
        yield basis


def _literals(text: Text) -> Iterator[str]:
    """Every piece of ``text`` shown as it is in every language: literal pieces and plain
    parameters (codes, dates, names), nested sentences included."""
    for template, params in text.parts:
        if template is None:
            yield str(params[""])
            continue
        for value in params.values():
            yield from _literals(value) if isinstance(value, Text) else (value,)


ENGLISH_WORD = re.compile(r"\b[a-z]{3,}\b")


def test_every_sentence_is_a_template_and_no_english_is_left_literal() -> None:
    sentences = list(_corpus())
    assert len(sentences) > 1000  # the corpus is what it claims to be

    not_text = sorted({s for s in sentences if not isinstance(s, Text)})
    english = sorted(
        {
            piece
            for s in sentences
            if isinstance(s, Text)
            for piece in _literals(s)
            if ENGLISH_WORD.search(piece)
        }
    )
    assert not_text == []
    assert english == []


def _render(text: str, language: str) -> str:
    with translation.override(language):
        return legal_text.render(text, legal_text.to_json(text))


APPI_LATE_PROCESSOR = BreachFacts(
    aware_at=datetime(2024, 12, 27, 8, tzinfo=UTC),
    entity_country="JP",
    role="processor",
    subject_count=2000,
    wrongful_purpose=True,
    controller_subject_to_appi=False,
)


def _final_report() -> str:
    (final,) = (o for o in breach_obligations(APPI_LATE_PROCESSOR) if o.kind == "final_report")
    return final.basis


def _not_reportable_line() -> str:
    facts = BreachFacts(aware_at=datetime(2024, 6, 12, 8, tzinfo=UTC), entity_country="JP")
    return explain(facts)[-1]


def _assumed_basis() -> str:
    facts = BreachFacts(
        aware_at=datetime(2024, 6, 12, 8, tzinfo=UTC),
        entity_country="US",
        affected_countries=frozenset({"FR"}),
    )
    return breach_obligations(facts)[1].basis


def _group_basis() -> str:
    return group_notification(
        aware_at=datetime(2024, 6, 12, 8, tzinfo=UTC),
        exporter="EIG Düsseldorf",
        exporter_country="DE",
        tool=GROUP_BCR,
    ).basis


CASES = {
    "final report": (
        _final_report,
        "APPI Art. 26(1); PPC Rules Art. 8(2): final report within 30 days (60 days for wrongful "
        "purpose); day 60 for wrongful purpose = 2025-02-24, moved to 2025-02-25; convention: "
        "day 1 = the day of awareness on the Asia/Tokyo calendar (PPC General Rules Guideline "
        "3-5-3-4), due 23:59:59 JST, a last day on a Saturday, Sunday, national holiday or 29 "
        "Dec-3 Jan moves to the next open day (Act on Holidays of Administrative Organs Art. 2); "
        "convention: the entrusting business is outside the APPI (controller_subject_to_appi "
        "False), so the Art. 26(1) proviso cannot exempt the entrusted business and it reports "
        "itself (GL 3-5-3-5 assumes a domestic entrusting business)",
        "Art. 26 Abs. 1 APPI; Art. 8 Abs. 2 PPC Rules: Abschlussbericht binnen 30 Tagen (60 Tage "
        "bei unrechtmäßigem Zweck); Tag 60 wegen unrechtmäßigen Zwecks = 2025-02-24, verschoben "
        "auf 2025-02-25; Konvention: Tag 1 = der Tag der Kenntnisnahme nach dem Kalender "
        "Asia/Tokyo (PPC-Leitlinien, Allgemeiner Teil, 3-5-3-4), fällig um 23:59:59 JST, ein "
        "letzter Tag an einem Samstag, Sonntag, nationalen Feiertag oder vom 29. Dez. bis 3. Jan. "
        "verschiebt sich auf den nächsten Öffnungstag (Gesetz über die Ruhetage der "
        "Verwaltungsbehörden, Art. 2); Konvention: das auftraggebende Unternehmen unterliegt "
        "nicht dem APPI (controller_subject_to_appi False), daher kann der Vorbehalt des Art. 26 "
        "Abs. 1 das beauftragte Unternehmen nicht befreien und es meldet selbst (GL 3-5-3-5 setzt "
        "ein inländisches auftraggebendes Unternehmen voraus)",
        "個人情報保護法第26条第1項、個人情報保護委員会規則第8条第2項：確報は30日以内（不正の目的の"
        "場合は60日以内）。不正の目的のため60日目＝2025-02-24、2025-02-25に繰り延べ。運用上の取扱"
        "い：1日目＝Asia/Tokyo の暦で認識した日（個人情報保護委員会ガイドライン（通則編）3-5-3-4）"
        "、期限は23:59:59 JST、末日が土曜日、日曜日、国民の祝日又は12月29日～1月3日に当たるときは"
        "翌開庁日に繰り延べる（行政機関の休日に関する法律第2条）。運用上の取扱い：委託元は個人情報"
        "保護法の適用外（controller_subject_to_appi False）であるため、第26条第1項ただし書によって"
        "委託先は免除されず、自ら報告する（ガイドライン3-5-3-5は国内の委託元を前提とする）",
    ),
    "not reportable": (
        _not_reportable_line,
        "APPI: nothing to report to the PPC; not required: no APPI reportable category (PPC "
        "Rules Art. 7): checked (i) special care-required personal information, (ii) data whose "
        "misuse may cause property damage, (iii) suspected wrongful purpose, (iv) more than "
        "1,000 principals (count unknown, not reportable on the count alone: reassess when "
        "known)",
        "APPI: nichts an die PPC zu melden; nicht erforderlich: keine meldepflichtige Kategorie "
        "nach APPI (Art. 7 PPC Rules): geprüft (i) besonders schutzbedürftige personenbezogene "
        "Informationen, (ii) Daten, deren Missbrauch Vermögensschäden verursachen kann, (iii) "
        "Verdacht auf unrechtmäßigen Zweck, (iv) mehr als 1.000 betroffene Personen (Anzahl "
        "unbekannt, allein nach der Anzahl nicht meldepflichtig: neu bewerten, sobald bekannt)",
        "個人情報保護法：個人情報保護委員会への報告は不要。不要：個人情報保護法の報告対象事態に該当"
        "しない（個人情報保護委員会規則第7条）：確認済み (i) 要配慮個人情報、(ii) 不正に利用される"
        "ことにより財産的被害が生じるおそれがある個人データ、(iii) 不正の目的をもって行われたおそれ"
        "、(iv) 1,000人を超える本人（人数不明。人数のみでは報告対象とならない：判明したら再評価す"
        "る）",
    ),
    "assumed": (
        _assumed_basis,
        "Assumed: extraterritorial applicability (Art. 3(2)) not assessed; not required: risk "
        "not assessed as high (GDPR Art. 34(1))",
        "Angenommen: extraterritoriale Anwendbarkeit (Art. 3 Abs. 2) nicht geprüft; nicht "
        "erforderlich: Risiko nicht als hoch bewertet (Art. 34 Abs. 1 DSGVO)",
        "推定：域外適用（第3条第2項）は未評価。"
        "不要：高リスクとは評価されていない（GDPR 第34条第1項）",
    ),
    "group notification": (
        _group_basis,
        "binding corporate rules (GDPR Art. 47(2)(d), (l); EDPB Recommendations 1/2022): a "
        "member tells the member with data-protection responsibility of a breach without undue "
        "delay; recipient: the exporting member EIG Düsseldorf (DE); no period fixed: internal "
        "target 24 hours after awareness, so that the exporter can meet its own 72 hours (GDPR "
        "Art. 33(1))",
        "verbindliche interne Datenschutzvorschriften (BCR) (Art. 47 Abs. 2 lit. d, l DSGVO; "
        "EDSA-Empfehlungen 1/2022): ein Mitglied meldet eine Verletzung unverzüglich dem "
        "Mitglied, das die Datenschutzverantwortung trägt; Empfänger: das exportierende Mitglied "
        "EIG Düsseldorf (DE); keine Frist festgelegt: internes Ziel 24 Stunden nach "
        "Kenntnisnahme, damit der Exporteur seine eigenen 72 Stunden einhalten kann (Art. 33 "
        "Abs. 1 DSGVO)",
        "拘束的企業準則（BCR）（GDPR 第47条第2項(d)、(l)、EDPB勧告1/2022）：メンバーは、データ保護"
        "の責任を負うメンバーに侵害を不当な遅滞なく伝える。受領者：データを移転したメンバー EIG "
        "Düsseldorf（DE）。期限の定めなし：認識後24時間を内部目標とし、移転元が自らの72時間（GDPR "
        "第33条第1項）を守れるようにする",
    ),
    "reasons for delay": (
        lambda: reasons_for_delay_basis(UK_GDPR, AUTHORITY_NOTIFICATION, STATUTE),
        "UK GDPR Art. 33(1)",
        "Art. 33 Abs. 1 UK GDPR",
        "英国GDPR 第33条第1項",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_sentence_is_worded_in_german_and_japanese_and_stays_english(case: str) -> None:
    make, english, german, japanese = CASES[case]
    sentence = make()

    assert sentence == english
    assert _render(sentence, "en") == english
    assert _render(sentence, "de") == german
    assert _render(sentence, "ja") == japanese
