"""The notification documents of the §8.5 regimes: each law's items in its order, headed in the
regulator's language where it expects one, filled from the record, checked in the PDF's text."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachNotification
from compliance.reports import registry
from tests.compliance.reports.breach_setup import AS_OF, GENERATED_AT, positions
from tests.compliance.reports.conftest import page_texts, squeeze
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db

AWARE = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)

FACTS: dict[str, Any] = {
    "title": "Customer database copied",
    "description": "An attacker used a stolen administrator password to copy the database.",
    "occurred_at": datetime(2026, 3, 1, 22, 0, tzinfo=UTC),
    "aware_at": AWARE,
    "cause": "cyber_attack",
    "subject_count": 48000,
    "record_count": 52000,
    "data_categories": "name, e-mail, password hashes, national ID numbers",
    "subject_categories": "customers",
    "likely_consequences": "Account takeover and identity fraud.",
    "containment": "Administrator accounts locked; database access cut off.",
    "remediation": "Second factor for every administrator.",
    "contact_point": "Group DPO, dpo@example.com",
    "risk": "high",
    "risk_reasoning": "Credentials and identity numbers of many customers.",
    "wrongful_purpose": True,
    "authentication_data": True,
    "unique_identifiers": True,
    "financial_data": True,
}

CONTAINMENT = "Containment measures Administrator accounts locked; database access cut off."

# regime: (entity country, zone, extra facts, kind, items in the law's order, title,
#          title in the regulator's language, further text the document carries)
CASES: dict[str, tuple[str, str, dict[str, Any], str, list[str], str, str, list[str]]] = {
    "KR_PIPA": (
        "KR",
        "Asia/Seoul",
        {},
        "authority_notification",
        [
            "1. 유출등이 된 개인정보의 항목 — Items of the personal information leaked",
            "2. 유출등이 된 시점과 그 경위 — When and how the leak happened",
            "3. 유출등으로 인하여 발생할 수 있는 피해를 최소화하기 위하여 정보주체가 할 수 있는 "
            "방법 등에 관한 정보",
            "4. 개인정보처리자의 대응조치 및 피해 구제절차",
            "5. 정보주체에게 피해가 발생한 경우 신고 등을 접수할 수 있는 담당부서 및 연락처",
        ],
        "Report of a personal information leak to the PIPC (PIPA Art. 34(3))",
        "개인정보 유출등 신고",
        [
            "PIPA Art. 34(1), (3)",
            "Unique identifying information (PIPA Art. 24) yes",
            "Became aware at 2026-03-02 10:00 KST (01:00 UTC)",
            "PIPC — Personal Information Protection Commission",
            CONTAINMENT,
        ],
    ),
    "SG_PDPA": (
        "SG",
        "Asia/Singapore",
        {"assessed_at": datetime(2026, 3, 3, 2, 0, tzinfo=UTC)},
        "authority_notification",
        [
            "(1) Date and circumstances in which the organisation first became aware",
            "(2) Steps taken since, including the assessment of the breach",
            "(3) How the breach occurred",
            "(4) Number of affected individuals",
            "(5) Personal data or classes of personal data affected",
            "(6) Potential harm to the affected individuals",
            "(7) Action taken or to be taken to eliminate or mitigate the potential harm",
            "(8) Plan to notify the affected individuals or the public",
            "(9) Business contact information of an authorised representative",
        ],
        "Notification of a data breach to the PDPC (PDPA s 26D(1); reg. 5)",
        "",
        [
            "Assessment completed at 2026-03-03 10:00 +08 (02:00 UTC)",
            "Notification of the affected persons open",
            CONTAINMENT,
        ],
    ),
    "BR_LGPD": (
        "BR",
        "America/Sao_Paulo",
        {"small_agent": True, "minors": True},
        "authority_notification",
        [
            "I descrição da natureza e da categoria de dados pessoais afetados",
            "II número de titulares afetados",
            "III medidas técnicas e de segurança utilizadas para a proteção dos dados",
            "IV riscos relacionados ao incidente",
            "V motivos da demora",
            "VI medidas que foram ou que serão adotadas",
            "VII data da ocorrência do incidente",
            "VIII dados do encarregado",
            "IX identificação do controlador",
            "X identificação do operador",
            "XI descrição do incidente",
            "XII total de titulares",
        ],
        "Communication of a security incident to the ANPD (LGPD Art. 48; Res. CD/ANPD "
        "15/2024 Art. 6)",
        "Comunicação de Incidente de Segurança com Dados Pessoais",
        [
            "Small processing agent yes",
            "Data of children or adolescents yes",
            "Became aware at 2026-03-01 22:00 -03 (2026-03-02 01:00 UTC)",
            CONTAINMENT,
        ],
    ),
    "CH_FADP": (
        "CH",
        "Europe/Zurich",
        {},
        "authority_notification",
        [
            "a. die Art der Verletzung / le type de violation",
            "b. Zeitpunkt und Dauer / le moment et la durée",
            "c. Kategorien und ungefähre Anzahl der betroffenen Personendaten",
            "d. Kategorien und ungefähre Anzahl der betroffenen Personen",
            "e. Folgen, einschliesslich der allfälligen Risiken",
            "f. getroffene oder vorgesehene Massnahmen / mesures prises ou envisagées",
            "g. Name und Kontaktdaten einer Ansprechperson",
        ],
        "Report of a breach of data security to the FDPIC (FADP Art. 24(1), (2))",
        "Meldung einer Verletzung der Datensicherheit / Annonce d'une violation de la "
        "sécurité des données",
        ["FADP Art. 24(2); Data Protection Ordinance Art. 15(1)", "internal target", CONTAINMENT],
    ),
    "AU_NDB": (
        "AU",
        "Australia/Sydney",
        {},
        "authority_notification",
        [
            "(a) Identity and contact details of the entity",
            "(b) Description of the eligible data breach",
            "(c) Kinds of information concerned",
            "(d) Recommended steps for the individuals",
        ],
        "Statement about an eligible data breach to the Commissioner (Privacy Act s 26WK)",
        "",
        ["Privacy Act 1988 s 26WK(3)", "Became aware at 2026-03-02 12:00 AEDT (01:00 UTC)"],
    ),
    "CN_PIPL": (
        "CN",
        "Asia/Shanghai",
        {"subject_count": 1_200_000},
        "authority_notification",
        [
            "(一) 发生或者可能发生个人信息泄露、篡改、丢失的信息种类、原因和可能造成的危害",
            "(二) 个人信息处理者采取的补救措施和个人可以采取的减轻危害的措施",
            "(三) 个人信息处理者的联系方式",
        ],
        "Notification of a personal information leak to the authority (PIPL Art. 57)",
        "个人信息泄露事件报告",
        [
            CONTAINMENT,
            "approximately 1,200,000 persons",
            "2026-03-02 13:00 CST (05:00 UTC) — period fixed by law",
        ],
    ),
}


def _notification(
    regime: str, kind: str, country: str, zone: str, extra: dict[str, Any], by: Any
) -> BreachNotification:
    entity = GroupEntityFactory(
        short_name=f"EIG {country}", country_id=country, region="", time_zone=zone
    )
    # Recorded two days on, after the Singapore assessment.
    with time_machine.travel(AWARE + timedelta(days=2), tick=False):
        incident = breaches.record_breach(
            entity=entity, by=by, aware_time_zone=zone, **{**FACTS, **extra}
        )
    deadline = incident.deadlines.get(regime=regime, kind=kind)
    return breaches.start_notification(deadline=deadline, by=by, summary="As in the items.")


def _text(notification: BreachNotification, lang: str) -> str:
    pdf = registry.render_report(
        "breach_notification",
        obj=notification,
        user=None,
        lang=lang,
        as_of=AS_OF,
        generated_at=GENERATED_AT,
    ).content
    # DPO_DESK_KEEP_PDFS=<folder> keeps each rendered document there, to look at its pages.
    folder = os.environ.get("DPO_DESK_KEEP_PDFS")
    if folder:
        deadline = notification.deadline
        Path(folder, f"{deadline.regime}-{deadline.kind}-{lang}.pdf").write_bytes(pdf)
    return squeeze(" ".join(page_texts(pdf)))


@pytest.mark.parametrize("regime", sorted(CASES))
def test_regime_notification_prints_the_laws_items_in_order(regime: str, dpo_user: Any) -> None:
    country, zone, extra, kind, headings, title, original, more = CASES[regime]
    notification = _notification(regime, kind, country, zone, extra, dpo_user)

    text = _text(notification, "en")

    found = positions(text, [squeeze(h) for h in headings])
    assert -1 not in found, [h for h, at in zip(headings, found, strict=True) if at == -1]
    assert found == sorted(found)
    assert squeeze(title) in text
    assert squeeze(original) in text
    for expected in [
        "Contact point Group DPO, dpo@example.com",
        "name, e-mail, password hashes, national ID numbers",
        *more,
    ]:
        assert squeeze(expected) in text, expected


NIS2 = {
    "early_warning": (
        "Early warning of a significant incident (NIS2 Art. 23(4)(a))",
        [
            "1. Whether the incident is suspected of being caused by unlawful or malicious acts",
            "2. Whether it could have a cross-border impact",
        ],
    ),
    "incident_notification": (
        "Notification of a significant incident (NIS2 Art. 23(4)(b))",
        [
            "1. Whether the incident is suspected of being caused by unlawful or malicious acts",
            "2. Whether it could have a cross-border impact",
            "3. Initial assessment of the incident, its severity and impact",
            "4. Indicators of compromise, where available",
        ],
    ),
    "final_report": (
        "Final report on a significant incident (NIS2 Art. 23(4)(d))",
        [
            "(i) Detailed description of the incident, its severity and impact",
            "(ii) Type of threat or root cause that likely triggered the incident",
            "(iii) Applied and ongoing mitigation measures",
            "(iv) Cross-border impact of the incident",
        ],
    ),
}


@pytest.mark.parametrize("kind", sorted(NIS2))
def test_nis2_documents_print_the_items_of_art_23_4(kind: str, dpo_user: Any) -> None:
    title, headings = NIS2[kind]
    notification = _notification(
        "EU_NIS2",
        kind,
        "DE",
        "Europe/Berlin",
        {"nis2_entity": True, "significant_incident": True, "affected_countries": ["DE", "AT"]},
        dpo_user,
    )

    text = _text(notification, "en")

    found = positions(text, [squeeze(h) for h in headings])
    assert -1 not in found
    assert found == sorted(found)
    assert squeeze(title) in text
    assert squeeze("BSI — Federal Office for Information Security") in text
    assert squeeze("Suspected unlawful or malicious acts yes") in text
    assert squeeze("Austria (AT), Germany (DE)") in text


@pytest.mark.parametrize(
    ("lang", "translation"),
    [("de", "Wann und wie es zum Abfluss kam"), ("ja", "漏えい等の発生時期及び経緯")],
)
def test_korean_headings_stay_korean_with_the_reports_language_beside(
    lang: str, translation: str, dpo_user: Any
) -> None:
    notification = _notification(
        "KR_PIPA", "authority_notification", "KR", "Asia/Seoul", {}, dpo_user
    )

    text = _text(notification, lang)

    assert squeeze(f"2. 유출등이 된 시점과 그 경위 — {translation}") in text


# regime: (entity country, zone, the items of the notice to the people, its citation)
SUBJECTS = {
    "BR_LGPD": (
        "BR",
        "America/Sao_Paulo",
        [
            "I descrição da natureza e da categoria de dados pessoais afetados",
            "II medidas técnicas e de segurança utilizadas para a proteção dos dados",
            "III riscos relacionados ao incidente",
            "IV motivos da demora",
            "V medidas que foram ou que serão adotadas",
            "VI data do conhecimento do incidente de segurança",
            "VII contato para obtenção de informações",
        ],
        "LGPD Art. 48 § 1; Res. CD/ANPD 15/2024 Art. 9",
    ),
    "SG_PDPA": (
        "SG",
        "Asia/Singapore",
        [
            "(1) Circumstances in which the organisation became aware of the breach",
            "(2) Personal data or classes of personal data affected",
            "(3) Potential harm to the affected individuals",
            "(4) Action taken or to be taken to eliminate or mitigate the potential harm",
            "(5) Steps the individuals may take to protect themselves",
            "(6) Business contact information of an authorised representative",
        ],
        "PDPA s 26D(2)",
    ),
    "CH_FADP": (
        "CH",
        "Europe/Zurich",
        [
            "a. die Art der Verletzung / le type de violation",
            "e. Folgen, einschliesslich der allfälligen Risiken",
            "f. getroffene oder vorgesehene Massnahmen",
            "g. Name und Kontaktdaten einer Ansprechperson",
        ],
        "FADP Art. 24(4); Data Protection Ordinance Art. 15(3)",
    ),
}


@pytest.mark.parametrize("regime", sorted(SUBJECTS))
def test_notice_to_the_people_prints_its_own_items(regime: str, dpo_user: Any) -> None:
    country, zone, headings, cited = SUBJECTS[regime]
    notification = _notification(regime, "data_subject_notification", country, zone, {}, dpo_user)

    text = _text(notification, "en")

    found = positions(text, [squeeze(h) for h in headings])
    assert -1 not in found
    assert found == sorted(found)
    assert squeeze(cited) in text
    # Items for the authority only are left out of the notice to the people.
    assert squeeze("b. Zeitpunkt und Dauer") not in text
    assert squeeze("XII total de titulares") not in text


STEPS = "Change your password and watch your bank statements for unknown debits."
IOCS = "Source address 203.0.113.7; web shell /srv/signin/upload.php"

# (regime, kind, entity country, zone, recorded values, item heading then its line with the value)
RECORDED = [
    (
        "AU_NDB",
        "authority_notification",
        "AU",
        "Australia/Sydney",
        {"recommended_steps": STEPS},
        f"(d) Recommended steps for the individuals Recommended steps {STEPS}",
    ),
    (
        "SG_PDPA",
        "data_subject_notification",
        "SG",
        "Asia/Singapore",
        {"recommended_steps": STEPS},
        f"(5) Steps the individuals may take to protect themselves Recommended steps {STEPS}",
    ),
    (
        "KR_PIPA",
        "data_subject_notification",
        "KR",
        "Asia/Seoul",
        {"recommended_steps": STEPS},
        f"— What the data subjects can do to minimise the possible harm Recommended steps {STEPS}",
    ),
    (
        "CN_PIPL",
        "authority_notification",
        "CN",
        "Asia/Shanghai",
        {"recommended_steps": STEPS},
        "Remediation measures Second factor for every administrator. Recommended steps "
        f"{STEPS} (三) 个人信息处理者的联系方式",
    ),
    (
        "BR_LGPD",
        "authority_notification",
        "BR",
        "America/Sao_Paulo",
        {"processing_subject_count": 2_400_000},
        "XII total de titulares cujos dados são tratados nas atividades de tratamento afetadas "
        "pelo incidente — Total number of data subjects of the processing affected Data "
        "subjects of the processing affected approximately 2,400,000 persons",
    ),
    (
        "EU_NIS2",
        "incident_notification",
        "DE",
        "Europe/Berlin",
        {"indicators_of_compromise": IOCS, "nis2_entity": True, "significant_incident": True},
        f"4. Indicators of compromise, where available Indicators of compromise {IOCS}",
    ),
]


@pytest.mark.parametrize(
    ("regime", "kind", "country", "zone", "values", "expected"),
    RECORDED,
    ids=[f"{r[0]}-{r[1]}" for r in RECORDED],
)
def test_regime_notification_prints_the_recorded_value_of_its_item(
    regime: str,
    kind: str,
    country: str,
    zone: str,
    values: dict[str, Any],
    expected: str,
    dpo_user: Any,
) -> None:
    notification = _notification(regime, kind, country, zone, values, dpo_user)

    text = _text(notification, "en")

    assert squeeze(expected) in text
