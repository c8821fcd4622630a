"""A BCR application's clock bases on its page, in the reader's language, and stored with their
parts so that the reminders can word them too (issue 16, 18).

The application follows the shortest road to approval (tests/compliance/bcr/helpers.py): file
complete on 2021-06-28, the EDPB opinion of 2021-08-02 (its receipt not recorded), approval on
2021-08-05.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from compliance.bcr import services as bcr
from compliance.bcr.models import BCRApplication, BCRClock
from compliance.bcr.reminders import describe_bcr_clock
from compliance.bcr.selectors import step_problem
from compliance.preferences.models import UserPreference
from compliance.rules import bcr as rules
from compliance.rules.text import Text
from tests.compliance.bcr.helpers import advance

pytestmark = pytest.mark.django_db

GERMAN_CONVENTION = (
    "Berechnung: Fristen nach der Verordnung 1182/71 — der Tag des Ereignisses wird nicht "
    "mitgerechnet (Art. 3 Abs. 1); Wochen = 7·n Tage, Monate nach Kalendermonaten, wobei eine "
    "Frist in einem kürzeren Monat mit dessen letztem Tag endet (Art. 3 Abs. 2 lit. c); eine "
    "Verlängerung wird vom Beginn der Frist an berechnet; eine Frist, die an einem Samstag, "
    "Sonntag oder Feiertag endet, endet mit Ablauf des nächsten Arbeitstages (Art. 3 Abs. 4); "
    "dabei gilt: Arbeitstage sind Montag bis Freitag außer den gesetzlichen Feiertagen Belgiens "
    "und den Feiertagen der EU-Organe in Brüssel (Art. 61 Beamtenstatut und die jährliche Liste "
    "der Kommission, z. B. 2021/C 201 I/02), wo der EDSA seinen Sitz hat (eine Festlegung)."
)
JAPANESE_CONVENTION = (
    "算定方法：期間は規則1182/71に従って計算する — 事由の発生日は算入しない（第3条第1項）；"
    "週は7·n日、月は暦月で計算し、より短い月では月末日を期限とする（第3条第2項(c)）；"
    "延長は期間の開始から計算する；末日が土曜日、日曜日又は祝日に当たる期間は、翌稼働日の終了を"
    "もって満了する（第3条第4項）。なお、稼働日は、ベルギーの祝日及びブリュッセルにおけるEU機関の"
    "休日（職員規則第61条及び欧州委員会の年次リスト、例：2021/C 201 I/02）を除く月曜日から金曜日と"
    "する（EDPBの所在地による取決め）。"
)
OPINION = {
    "de": "Art. 64 Abs. 3 DSGVO: Stellungnahme des EDSA binnen 8 Wochen (8 Wochen ab dem Tag, an "
    "dem die Unterlagen vollständig sind; Art. 10 Abs. 2 der Geschäftsordnung des EDSA). "
    + GERMAN_CONVENTION,
    "ja": "GDPR 第64条第3項：EDPBの意見は8週間以内（ファイルが完全となった日から8週間；"
    "EDPB手続規則第10条第2項）。 " + JAPANESE_CONVENTION,
}
RESPONSE = {
    "de": "Art. 64 Abs. 7 DSGVO: binnen 2 Wochen nach Eingang der Stellungnahme teilt die "
    "federführende Behörde dem Vorsitz des EDSA mit, ob sie ihren Beschlussentwurf beibehält "
    "oder ändert. Angenommen: der Tag des Eingangs der Stellungnahme ist nicht erfasst; "
    "gerechnet ab dem Datum der Stellungnahme, 2021-08-02 (der frühere Beginn). "
    + GERMAN_CONVENTION,
    "ja": "GDPR 第64条第7項：主監督機関は、意見の受領から2週間以内に、決定案を維持するか"
    "修正するかをEDPB議長に通知する。 推定：意見を受領した日が記録されていないため、"
    "意見の日付2021-08-02から起算する（より早い起算日）。 " + JAPANESE_CONVENTION,
}
ENGLISH_OPINION = (
    "GDPR Art. 64(3): EDPB opinion within 8 weeks (8 weeks from the day the file is complete; "
    "EDPB Rules of Procedure Art. 10(2)). " + rules.CONVENTION
)


@pytest.fixture
def approved(application: BCRApplication, dpo_user: Any) -> BCRApplication:
    return advance(application, "approved", dpo_user)


def _bases(html: str) -> list[str]:
    return re.findall(r'<td class="basis">(.*?)</td>', html, flags=re.DOTALL)


@pytest.mark.parametrize("language", ["de", "ja"])
def test_the_application_page_gives_the_clock_bases_in_the_readers_language(
    approved: BCRApplication, client_for: Any, dpo_user: Any, language: str
) -> None:
    UserPreference.objects.update_or_create(user=dpo_user, defaults={"language": language})

    html = (
        client_for(dpo_user)
        .get(reverse("admin:compliance_bcrapplication_change", args=[approved.pk]))
        .content.decode()
    )

    bases = _bases(html)
    assert OPINION[language] in bases
    assert RESPONSE[language] in bases
    assert [b for b in bases if "Convention:" in b or "GDPR Art." in b] == []


def test_the_application_page_in_english_is_unchanged(
    approved: BCRApplication, client_for: Any, dpo_user: Any
) -> None:
    UserPreference.objects.update_or_create(user=dpo_user, defaults={"language": "en"})

    html = (
        client_for(dpo_user)
        .get(reverse("admin:compliance_bcrapplication_change", args=[approved.pk]))
        .content.decode()
    )

    assert ENGLISH_OPINION.replace("'", "&#x27;") in _bases(html)


def test_a_stored_clock_keeps_the_english_basis_and_its_parts(approved: BCRApplication) -> None:
    row = BCRClock.objects.get(application=approved, kind=rules.EDPB_OPINION)

    assert row.basis == ENGLISH_OPINION
    assert row.basis_parts[0][0] == (
        "{law} Art. 64(3): EDPB opinion within {weeks} weeks{extension} ({total} weeks from the "
        "day the file is complete; EDPB Rules of Procedure Art. 10(2))."
    )
    with translation.override("de"):
        assert row.basis_text == OPINION["de"]
    with translation.override("ja"):
        assert row.basis_text == OPINION["ja"]


def test_the_reminder_gets_the_basis_as_a_text_to_word(approved: BCRApplication) -> None:
    row = BCRClock.objects.get(application=approved, kind=rules.LEAD_RESPONSE)

    basis = describe_bcr_clock(row).basis

    assert isinstance(basis, Text)
    assert basis == row.basis
    assert basis.startswith("GDPR Art. 64(7): within 2 weeks of receiving the opinion")


def test_a_clock_stored_without_parts_gets_them_without_a_history_entry(
    approved: BCRApplication, dpo_user: Any
) -> None:
    row = BCRClock.objects.get(application=approved, kind=rules.EDPB_OPINION)
    BCRClock.objects.filter(pk=row.pk).update(basis_parts=[])
    entries = row.history.count()

    bcr.sync_bcr_clocks(application=approved, by=dpo_user)

    row.refresh_from_db()
    assert row.basis_parts != []
    assert row.history.count() == entries
    with translation.override("de"):
        assert row.basis_text == OPINION["de"]


def test_an_annual_update_keeps_its_basis_parts(approved: BCRApplication, dpo_user: Any) -> None:
    assert approved.bcr is not None
    assert approved.bcr.approved_on is not None
    update = bcr.record_annual_update(
        bcr=approved.bcr,
        sent_on=approved.bcr.approved_on.replace(year=2022),
        changes="",
        by=dpo_user,
    )

    assert update.basis.startswith("GDPR Art. 47(2)(k); EDPB Recommendations 1/2022")
    with translation.override("de"):
        assert update.basis_text.startswith(
            "Art. 47 Abs. 2 lit. k DSGVO; EDSA-Empfehlungen 1/2022 (BCR-C) und WP257 rev.01 "
            "(BCR-P): Änderungen der BCR und die aktualisierte Liste der Mitglieder werden der "
            "federführenden Behörde mindestens einmal jährlich gemeldet (fällig ein Jahr nach "
            "der Genehmigung)."
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            "Mindestens eine mitprüfende Behörde benennen. (Kooperationsverfahren des EDSA für "
            "BCR (März 2025; früher WP263 rev.01))",
        ),
        (
            "ja",
            "共同審査機関を少なくとも1つ指定すること。 (EDPBのBCR協力手続（2025年3月；"
            "旧WP263 rev.01）)",
        ),
        (
            "en",
            "Name at least one co-reviewer authority. (EDPB BCR co-operation procedure "
            "(March 2025; formerly WP263 rev.01))",
        ),
    ],
)
def test_a_refused_step_gives_the_engines_reason_in_the_readers_language(
    application: BCRApplication, language: str, expected: str
) -> None:
    with translation.override(language):
        problem = step_problem(application, "start_co_review", date(2021, 2, 1), {})

    assert problem == expected
