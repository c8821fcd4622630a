"""The §8.5 breach regimes' sentences in every language (issue 16: no English sentence in de/ja).

Australia, Brazil, China, Korea, NIS2, Singapore and Switzerland write their obligations' bases,
their trigger reasons and the labels of their rule sets as ``Text``: over facts that reach every
branch of these regimes (the cases of tests/compliance/rules/test_breach_regimes.py), nothing is
left as a plain English string, and one obligation of each regime renders in German and Japanese.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import translation

from compliance import legal_text
from compliance.rules.breach import (
    AU_NDB,
    AUTHORITY_NOTIFICATION,
    BR_LGPD,
    CH_FADP,
    CN_PIPL,
    DATA_SUBJECT_NOTIFICATION,
    EU_NIS2,
    FINAL_REPORT,
    KR_PIPA,
    SG_PDPA,
    Obligation,
    breach_obligations,
)
from compliance.rules.breach_regimes import (
    australia,
    brazil,
    china,
    korea,
    nis2,
    singapore,
    switzerland,
)
from compliance.rules.breach_regimes.applicability import RegimeRules
from compliance.rules.text import Text
from tests.compliance.rules.test_breach_regimes import (
    CAC_START,
    FACTS_BY_REGIME,
    NIS2,
    TUE,
    make_facts,
)

RULES: dict[str, RegimeRules] = {
    AU_NDB: australia.RULES,
    BR_LGPD: brazil.RULES,
    CN_PIPL: china.RULES,
    KR_PIPA: korea.RULES,
    EU_NIS2: nis2.RULES,
    SG_PDPA: singapore.RULES,
    CH_FADP: switzerland.RULES,
}

# Facts reaching every sentence of the seven regimes: established entities, an entity abroad the
# regime reaches (assessed), processors, and each ground, count and instant that changes a basis.
CORPUS: list[dict[str, Any]] = [
    *({"entity_country": country, **extra} for country, extra in FACTS_BY_REGIME.values()),
    *(
        {
            "entity_country": "US",
            "affected_countries": {country},
            "targeted_regimes": {regime},
            **extra,
        }
        for regime, (country, extra) in FACTS_BY_REGIME.items()
    ),
    *(
        {"entity_country": country, "role": "processor", "subject_count": 5000, **extra}
        for country, extra in FACTS_BY_REGIME.values()
    ),
    {"entity_country": "AU", "risk": "high"},
    {"entity_country": "KR", "subject_count": 1000},
    {"entity_country": "KR", "subject_count": 999},
    {"entity_country": "KR", "possibly_over_1000": True},
    {
        "entity_country": "KR",
        "subject_count": 10,
        "special_category": True,
        "unique_identifiers": True,
        "wrongful_purpose": True,
    },
    {"entity_country": "SG", "subject_count": 500},
    {"entity_country": "SG", "possibly_over_1000": True, "risk": "high"},
    {"entity_country": "SG", "subject_count": 500, "assessed_at": TUE + timedelta(days=1)},
    {
        "entity_country": "BR",
        "minors": True,
        "financial_data": True,
        "authentication_data": True,
        "large_scale": True,
        "small_agent": True,
    },
    {"aware_at": CAC_START, "entity_country": "CN", "subject_count": 1_000_000},
    {"aware_at": CAC_START, "entity_country": "CN"},
    {"entity_country": "DE", **NIS2},
    {"entity_country": "FI", **NIS2, "nis2_notified_at": TUE + timedelta(days=2)},
]

# Facts a regime's trigger turns down (it owes nothing), for the "why not" sentences.
NOT_OWED: list[tuple[str, dict[str, Any]]] = [
    (SG_PDPA, {"entity_country": "SG"}),
    (SG_PDPA, {"entity_country": "SG", "subject_count": 499}),
    (BR_LGPD, {"entity_country": "BR", "minors": True, "risk": "unlikely"}),
    (BR_LGPD, {"entity_country": "BR"}),
    (CH_FADP, {"entity_country": "CH"}),
    (EU_NIS2, {"entity_country": "DE"}),
    (EU_NIS2, {"entity_country": "DE", "nis2_entity": True}),
]

_ENGLISH_WORD = re.compile(r"\b[a-z]{3,}\b")


def _plain_pieces(text: Text) -> Iterator[str]:
    """What a Text shows as it is in every language: its literal parts and plain parameters."""
    for template, params in text.parts:
        if template is None:
            yield str(params[""])
            continue
        for value in params.values():
            if isinstance(value, Text):
                yield from _plain_pieces(value)
            else:
                yield value


def _english_words(value: str) -> list[str]:
    """The lowercase English words (3+ letters) ``value`` would show untranslated."""
    assert isinstance(value, Text), value
    return [word for piece in _plain_pieces(value) for word in _ENGLISH_WORD.findall(piece)]


def _obligations(overrides: dict[str, Any]) -> list[Obligation]:
    return [o for o in breach_obligations(make_facts(**overrides)) if o.regime in RULES]


def test_the_corpus_reaches_every_regime_and_kind() -> None:
    seen = {(o.regime, o.kind, o.required) for facts in CORPUS for o in _obligations(facts)}

    assert {regime for regime, _, _ in seen} == set(RULES)
    assert len(seen) >= 25


@pytest.mark.parametrize("overrides", CORPUS)
def test_every_basis_is_a_text_with_no_english_left_plain(overrides: dict[str, Any]) -> None:
    obligations = _obligations(overrides)

    assert obligations
    assert {(o.regime, o.kind): _english_words(o.basis) for o in obligations} == {
        (o.regime, o.kind): [] for o in obligations
    }


@pytest.mark.parametrize("overrides", CORPUS)
def test_every_owed_trigger_says_why_in_a_text(overrides: dict[str, Any]) -> None:
    facts = make_facts(**overrides)
    regimes = {o.regime for o in _obligations(overrides)}

    assert {r: _english_words(RULES[r].trigger(facts).why) for r in regimes} == {
        r: [] for r in regimes
    }


@pytest.mark.parametrize(("regime", "overrides"), NOT_OWED)
def test_every_trigger_that_owes_nothing_says_why_in_a_text(
    regime: str, overrides: dict[str, Any]
) -> None:
    trigger = RULES[regime].trigger(make_facts(**overrides))

    assert trigger.owed is False
    assert _english_words(trigger.why) == []


@pytest.mark.parametrize("regime", list(RULES))
def test_the_rule_sets_labels_are_texts(regime: str) -> None:
    rule = RULES[regime].rule

    assert {
        "title": _english_words(rule.title),
        "territory_label": _english_words(rule.territory_label),
        "start_source": _english_words(rule.start_source),
        "extraterritorial": _english_words(rule.extraterritorial),
    } == {"title": [], "territory_label": [], "start_source": [], "extraterritorial": []}


def _basis(regime: str, kind: str, overrides: dict[str, Any]) -> str:
    (found,) = [o for o in _obligations(overrides) if o.regime == regime and o.kind == kind]
    return found.basis


# One obligation of each regime, in English (the stored record, unchanged), German and Japanese.
RENDERINGS = [
    pytest.param(
        AU_NDB,
        AUTHORITY_NOTIFICATION,
        {"entity_country": "AU", "risk": "high"},
        "Privacy Act 1988 s 26WK: give the Commissioner (OAIC) a statement as soon as practicable "
        "after becoming aware of the eligible data breach (no fixed deadline); the duties fall on "
        "every APP entity holding the information, whatever its role (s 26WJ: one entity may act "
        "for all)",
        "s 26WK Privacy Act 1988: dem Commissioner (OAIC) so bald wie möglich, nachdem die "
        "meldepflichtige Datenschutzverletzung bekannt wurde, eine Erklärung übermitteln (keine "
        "feste Frist); die Pflichten treffen jede APP-Stelle, die die Informationen hält, "
        "unabhängig von ihrer Rolle (s 26WJ: eine Stelle kann für alle handeln)",
        "1988年プライバシー法第26WK条：通知対象データ侵害を認識した後、実行可能な限り速やかに"
        "コミッショナー（OAIC）に声明を提出する（固定期限なし）。義務は、役割にかかわらず当該情報を"
        "保有するすべてのAPP事業者に課される（第26WJ条：1事業者が全体のために対応できる）",
        id="au",
    ),
    pytest.param(
        BR_LGPD,
        AUTHORITY_NOTIFICATION,
        {"entity_country": "BR", "special_category": True, "small_agent": True},
        "LGPD Art. 48; Res. CD/ANPD 15/2024 Art. 6: communicate to the ANPD within 6 business "
        "days (small processing agent: double period, Res. CD/ANPD 2/2022 Art. 14); business day "
        "6 after the day of knowledge = 2025-06-17; business days on the America/Sao_Paulo "
        "calendar, skipping Saturdays, Sundays and national holidays, the day of knowledge not "
        "counted; due 23:59:59 local time; Carnival is not a national holiday and counts (the "
        "reading that notifies earlier)",
        "Art. 48 LGPD; Art. 6 Res. CD/ANPD 15/2024: Mitteilung an die ANPD binnen 6 Werktagen "
        "(kleiner Verarbeitungsakteur: doppelte Frist, Art. 14 Res. CD/ANPD 2/2022); 6. Werktag "
        "nach dem Tag der Kenntnisnahme = 2025-06-17; Werktage nach dem Kalender "
        "America/Sao_Paulo ohne Samstage, Sonntage und nationale Feiertage, der Tag der "
        "Kenntnisnahme wird nicht mitgezählt; fällig um 23:59:59 Ortszeit; Karneval ist kein "
        "nationaler Feiertag und zählt mit (die Lesart, die früher meldet)",
        "LGPD第48条、ANPD決議15/2024第6条：6営業日（小規模処理者：期間は2倍。ANPD決議2/2022第14条）"
        "以内にANPDに通知する。認知した日の後の6営業日目 = 2025-06-17。America/Sao_Paulo暦の営業日"
        "（土曜日、日曜日及び国の祝日を除く）で計算し、認知した日は算入しない。現地時間23:59:59期限。"
        "カーニバルは国の祝日ではなく算入する（より早く通知する解釈）",
        id="br",
    ),
    pytest.param(
        CN_PIPL,
        AUTHORITY_NOTIFICATION,
        {"aware_at": CAC_START, "entity_country": "CN", "subject_count": 1_234_567},
        "PIPL Art. 57(1); CAC Measures for the Administration of Reporting Cybersecurity "
        "Incidents (in force 2025-11-01): a leak of the personal information of 1,000,000 or more "
        "people (1,234,567) is a relatively major incident, reported to the provincial cyberspace "
        "administration within 4 hours of becoming aware; elapsed hours",
        "Art. 57 Abs. 1 PIPL; CAC-Maßnahmen zur Verwaltung der Meldung von "
        "Cybersicherheitsvorfällen (in Kraft seit 2025-11-01): ein Abfluss personenbezogener "
        "Informationen von 1.000.000 oder mehr Personen (1,234,567) ist ein relativ "
        "schwerwiegender Vorfall, der der Cyberspace-Verwaltung der Provinz binnen 4 Stunden, "
        "nachdem er bekannt wurde, gemeldet wird; verstrichene Stunden",
        "中国個人情報保護法第57条第1項、CAC「ネットワークセキュリティインシデント報告管理弁法」"
        "（2025-11-01施行）：100万人以上（1,234,567人）の個人情報の漏えいは比較的重大なインシデント"
        "であり、認識後4時間以内に省級のサイバースペース管理部門に報告する。経過時間で計算",
        id="cn",
    ),
    pytest.param(
        KR_PIPA,
        AUTHORITY_NOTIFICATION,
        {"entity_country": "KR", "subject_count": 1000, "wrongful_purpose": True},
        "PIPA Art. 34(3); Enforcement Decree Art. 40(1): report to the PIPC (or KISA) within 72 "
        "hours of becoming aware (1,000 or more data subjects (1,000); leak by unlawful access "
        "from outside); elapsed hours",
        "Art. 34 Abs. 3 PIPA; Art. 40 Abs. 1 der Durchführungsverordnung: Meldung an die PIPC "
        "(oder KISA) binnen 72 Stunden, nachdem der Abfluss bekannt wurde (1.000 oder mehr "
        "betroffene Personen (1,000); Abfluss durch unrechtmäßigen Zugriff von außen); "
        "verstrichene Stunden",
        "韓国個人情報保護法第34条第3項、同法施行令第40条第1項：認識後72時間以内に韓国個人情報保護"
        "委員会（PIPC）（又はKISA）に申告する（本人1,000人以上（1,000人）; 外部からの不正アクセスに"
        "よる漏えい）。経過時間で計算",
        id="kr",
    ),
    pytest.param(
        EU_NIS2,
        FINAL_REPORT,
        {"entity_country": "FI", **NIS2, "nis2_notified_at": TUE + timedelta(days=2)},
        "NIS2 Art. 23(4)(d): final report not later than one month after the submission of the "
        "incident notification; one calendar month at the same clock time (Europe/Helsinki), a "
        "day the month lacks becoming its last day, a clock time the day skips or repeats read at "
        "its earlier instant (the reading that notifies earlier)",
        "Art. 23 Abs. 4 lit. d NIS2-Richtlinie: Abschlussbericht spätestens einen Monat nach "
        "Übermittlung der Meldung des Sicherheitsvorfalls; ein Kalendermonat zur selben Uhrzeit "
        "(Europe/Helsinki), wobei ein dem Monat fehlender Tag zu seinem letzten Tag wird und eine "
        "am Tag übersprungene oder wiederholte Uhrzeit zum früheren Zeitpunkt gilt (die Lesart, "
        "die früher meldet)",
        "NIS2指令第23条第4項(d)：インシデント通知の提出後1か月以内に最終報告を行う。同じ時刻で1暦月"
        "（Europe/Helsinki）。その月に存在しない日は月末日とし、当日に飛ばされる又は繰り返される時刻"
        "はより早い時点と読む（より早く通知する解釈）",
        id="nis2",
    ),
    pytest.param(
        SG_PDPA,
        AUTHORITY_NOTIFICATION,
        {"entity_country": "SG", "subject_count": 500, "assessed_at": TUE + timedelta(days=1)},
        "PDPA s 26D(1): notify the PDPC as soon as practicable, and in any case no later than 3 "
        "calendar days after the day the organisation assessed the breach as notifiable; day 3 "
        "after the day of assessment = 2025-06-14; calendar days on the Asia/Singapore calendar, "
        "the day of the event not counted, due 23:59:59 SGT",
        "s 26D(1) PDPA: Meldung an die PDPC so bald wie möglich, in jedem Fall spätestens 3 "
        "Kalendertage nach dem Tag, an dem die Organisation die Verletzung als meldepflichtig "
        "bewertet hat; 3. Tag nach dem Tag der Bewertung = 2025-06-14; Kalendertage nach dem "
        "Kalender Asia/Singapore, der Tag des Ereignisses wird nicht mitgezählt, fällig um "
        "23:59:59 SGT",
        "PDPA第26D条第1項：実行可能な限り速やかに、いかなる場合も組織が侵害を通知対象と評価した日"
        "から3暦日以内にPDPCに通知する。評価日の翌日から数えて3日目 = 2025-06-14。Asia/Singapore暦"
        "の暦日で計算し、事象の日は算入しない。SGT 23:59:59期限",
        id="sg",
    ),
    pytest.param(
        CH_FADP,
        DATA_SUBJECT_NOTIFICATION,
        {"entity_country": "CH", "risk": "high"},
        "FADP Art. 24(4): inform the data subjects when necessary for their protection or when "
        "the FDPIC requests it; convention: treated as necessary for a high-risk breach (the "
        "reading that notifies earlier); exceptions Art. 24(5); no fixed deadline",
        "Art. 24 Abs. 4 DSG: die betroffenen Personen informieren, wenn es zu ihrem Schutz "
        "erforderlich ist oder der EDÖB es verlangt; Konvention: bei einer Verletzung mit hohem "
        "Risiko als erforderlich behandelt (die Lesart, die früher meldet); Ausnahmen Art. 24 "
        "Abs. 5; keine feste Frist",
        "スイス連邦データ保護法第24条第4項：本人の保護のために必要な場合又はFDPICが求める場合は本人"
        "に通知する。規約：高リスクの侵害では必要とみなす（より早く通知する解釈）。例外は同条第5項。"
        "固定期限なし",
        id="ch",
    ),
]


@pytest.mark.parametrize(
    ("regime", "kind", "overrides", "english", "german", "japanese"), RENDERINGS
)
def test_one_basis_of_each_regime_renders_in_the_readers_language(
    regime: str,
    kind: str,
    overrides: dict[str, Any],
    english: str,
    german: str,
    japanese: str,
) -> None:
    basis = _basis(regime, kind, overrides)
    stored = legal_text.to_json(basis)
    rendered = {}
    for language in ("en", "de", "ja"):
        with translation.override(language):
            rendered[language] = legal_text.render(str(basis), stored)

    assert str(basis) == english
    assert rendered == {"en": english, "de": german, "ja": japanese}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "nicht meldepflichtig: Risiko nicht als hoch bewertet (Art. 24 Abs. 1 DSG)"),
        ("ja", "報告対象外：高リスクとは評価されていない（スイス連邦データ保護法第24条第1項）"),
    ],
)
def test_a_trigger_reason_renders_in_the_readers_language(language: str, expected: str) -> None:
    why = switzerland.RULES.trigger(make_facts(entity_country="CH")).why

    with translation.override(language):
        assert legal_text.render(why) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            "jeder Abfluss wird den betroffenen Personen mitgeteilt; nicht an die PIPC zu melden "
            "(weniger als 1.000 Personen oder Anzahl unbekannt, keine sensiblen oder eindeutigen "
            "Identifikationsinformationen, kein unrechtmäßiger Zugriff von außen)",
        ),
        (
            "ja",
            "すべての漏えいを本人に通知する。韓国個人情報保護委員会（PIPC）への申告対象外（1,000人"
            "未満又は人数不明、センシティブ情報・固有識別情報なし、外部からの不正アクセスなし）",
        ),
    ],
)
def test_a_nested_trigger_reason_is_worded_in_turn(language: str, expected: str) -> None:
    why = korea.RULES.trigger(make_facts(entity_country="KR", subject_count=999)).why

    with translation.override(language):
        assert legal_text.render(why) == expected
