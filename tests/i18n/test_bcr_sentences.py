"""The BCR engine's sentences in every language (issue 16: no English sentence in de/ja).

Every clock basis, convention and check reason or basis that ``compliance.rules.bcr`` produces
is a ``Text``: its English stays the contract's (tests/compliance/rules/test_bcr.py), and no
piece of it is left as a plain English string that a German or Japanese reader would get as is.
The scenarios are those of the engine's own tests: the demo's procedure dates, last days moved
off a Brussels holiday, the extended periods, the dispute branch, the upkeep clocks and the DPF
review.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from django.utils import translation

from compliance import legal_text
from compliance.rules import bcr
from compliance.rules.text import Text, literal

ENGLISH_WORD = re.compile(r"\b[a-z]{3,}\b")


def _clocks() -> Iterator[bcr.Clock]:
    for complete in (date(2021, 6, 28), date(2024, 3, 14), date(2024, 9, 16), date(2024, 9, 20)):
        for extended in (False, True):
            yield bcr.edpb_opinion_clock(file_complete_on=complete, extended=extended)
    yield bcr.lead_response_clock(opinion_on=date(2021, 8, 2))
    yield bcr.lead_response_clock(opinion_on=date(2021, 8, 2), received_on=date(2021, 8, 4))
    for referred in (date(2021, 8, 10), date(2024, 4, 9)):
        for extended in (False, True):
            yield bcr.dispute_clock(referred_on=referred, extended=extended)
            yield bcr.majority_decision_clock(referred_on=referred, extended=extended)
    yield bcr.lead_final_decision_clock(notified_on=date(2021, 11, 10))
    yield bcr.annual_update_clock(approved_on=date(2021, 8, 5))
    yield bcr.annual_update_clock(approved_on=date(2021, 8, 5), last_update_on=date(2022, 8, 1))
    for working_days in (1, 10):
        yield bcr.substantial_change_clock(changed_on=date(2024, 5, 3), working_days=working_days)
    for uk_extension in (False, True):
        yield bcr.dpf_review_clock(certified_until=date(2025, 3, 1), uk_extension=uk_extension)
        yield bcr.dpf_review_clock(
            certified_until=date(2025, 3, 1), uk_extension=uk_extension, reminder_days=(30,)
        )
    facts = bcr.ProcedureFacts(
        file_complete_on=date(2021, 6, 28),
        opinion_on=date(2021, 8, 2),
        opinion_received_on=date(2021, 8, 3),
        dispute_referred_on=date(2021, 8, 10),
        dispute_notified_on=date(2021, 12, 1),
    )
    yield from bcr.procedure_clocks(facts, on=date(2021, 11, 30))


def _checks() -> Iterator[bcr.Check]:
    approve_on = date(2021, 8, 5)
    yield bcr.approval_check(approve_on=approve_on, opinion_on=None)
    yield bcr.approval_check(approve_on=approve_on, opinion_on=date(2021, 8, 6))
    yield bcr.approval_check(approve_on=approve_on, opinion_on=date(2021, 8, 2))
    yield bcr.approval_check(approve_on=approve_on, opinion_on=date(2021, 8, 2), in_dispute=True)
    for decided in (date(2021, 8, 4), date(2021, 8, 9)):
        yield bcr.approval_check(
            approve_on=approve_on,
            opinion_on=date(2021, 8, 2),
            in_dispute=True,
            dispute_decided_on=decided,
        )
    for count in range(4):
        yield bcr.co_reviewer_check(count)
    yield bcr.submission_check(("c", "k"))
    yield bcr.submission_check(())


def _sentences() -> list[str]:
    sentences: list[str] = []
    for clock in _clocks():
        sentences += [clock.basis, clock.convention]
    for check in _checks():
        sentences.append(check.basis)
        if not check.allowed:
            sentences.append(check.reason)
    return sentences


def _plain_pieces(text: Text) -> Iterator[str]:
    """The pieces of ``text`` shown as they are in every language: its literal parts and its
    plain-string parameters (nested Texts are searched in turn)."""
    for template, params in text.parts:
        if template is None:
            yield str(params[""])
            continue
        for value in params.values():
            if isinstance(value, Text):
                yield from _plain_pieces(value)
            else:
                yield value


def test_the_scenarios_cover_every_kind_of_clock() -> None:
    assert {clock.kind for clock in _clocks()} == {
        bcr.EDPB_OPINION,
        bcr.LEAD_RESPONSE,
        bcr.ART65_DECISION,
        bcr.ART65_MAJORITY_DECISION,
        bcr.LEAD_FINAL_DECISION,
        bcr.ANNUAL_UPDATE,
        bcr.SUBSTANTIAL_CHANGE_REPORT,
        bcr.DPF_CERTIFICATION_REVIEW,
    }


def test_every_bcr_sentence_is_a_text_without_an_english_literal() -> None:
    not_text, english = [], []
    for sentence in _sentences():
        if not isinstance(sentence, Text):
            not_text.append(sentence)
            continue
        english += [piece for piece in _plain_pieces(sentence) if ENGLISH_WORD.search(piece)]

    assert not_text == []
    assert english == []


def test_an_allowed_check_has_no_reason() -> None:
    assert [c.reason for c in _checks() if c.allowed] == ["", "", "", "", ""]


@pytest.mark.parametrize("language", ["de", "ja"])
def test_no_bcr_sentence_stays_english_in_the_language(language: str) -> None:
    with translation.override(language):
        english = [
            rendered
            for sentence in _sentences()
            if (rendered := legal_text.render(sentence, legal_text.to_json(sentence)))
            == str(sentence)
        ]

    assert english == []


def _without_convention(clock: bcr.Clock) -> Text:
    """The clock's basis up to its convention (which ends every basis), as a Text."""
    assert isinstance(clock.basis, Text)
    assert isinstance(clock.convention, Text)
    parts = clock.basis.parts[: -len(clock.convention.parts)]
    assert parts[-1] == literal(" ")
    return Text._of(parts[:-1])


MOVED = bcr.edpb_opinion_clock(file_complete_on=date(2024, 3, 14))
RECEIVED = bcr.lead_response_clock(opinion_on=date(2021, 8, 2), received_on=date(2021, 8, 4))
SUBSTANTIAL = bcr.substantial_change_clock(changed_on=date(2024, 5, 3), working_days=1)


@pytest.mark.parametrize(
    ("language", "sentence", "expected"),
    [
        (
            "de",
            _without_convention(MOVED),
            "Art. 64 Abs. 3 DSGVO: Stellungnahme des EDSA binnen 8 Wochen (8 Wochen ab dem Tag, "
            "an dem die Unterlagen vollständig sind; Art. 10 Abs. 2 der Geschäftsordnung des "
            "EDSA). Der letzte Tag der Frist, 2024-05-09 (Donnerstag), ist kein Arbeitstag: sie "
            "endet am 2024-05-13 (Montag) (Art. 3 Abs. 4 der Verordnung 1182/71).",
        ),
        (
            "ja",
            _without_convention(MOVED),
            "GDPR 第64条第3項：EDPBの意見は8週間以内（ファイルが完全となった日から8週間；"
            "EDPB手続規則第10条第2項）。 期間の末日2024-05-09（木曜日）は稼働日ではないため、"
            "2024-05-13（月曜日）に満了する（規則1182/71第3条第4項）。",
        ),
        (
            "de",
            bcr.WORKING_DAY_CONVENTION,
            "Berechnung: Arbeitstage werden ab dem Tag nach der Änderung gezählt (der Tag der "
            "Änderung zählt nicht mit); dabei gilt: Arbeitstage sind Montag bis Freitag außer "
            "den gesetzlichen Feiertagen Belgiens und den Feiertagen der EU-Organe in Brüssel "
            "(Art. 61 Beamtenstatut und die jährliche Liste der Kommission, z. B. 2021/C 201 "
            "I/02), wo der EDSA seinen Sitz hat (eine Festlegung).",
        ),
        (
            "de",
            _without_convention(RECEIVED),
            "Art. 64 Abs. 7 DSGVO: binnen 2 Wochen nach Eingang der Stellungnahme teilt die "
            "federführende Behörde dem Vorsitz des EDSA mit, ob sie ihren Beschlussentwurf "
            "beibehält oder ändert. Gerechnet ab dem Eingang der Stellungnahme am 2021-08-04.",
        ),
        (
            "ja",
            _without_convention(RECEIVED),
            "GDPR 第64条第7項：主監督機関は、意見の受領から2週間以内に、決定案を維持するか"
            "修正するかをEDPB議長に通知する。 2021-08-04の意見受領から起算する。",
        ),
        (
            "de",
            _without_convention(SUBSTANTIAL),
            "Art. 47 Abs. 2 lit. k DSGVO; EDSA-Empfehlungen 1/2022 (BCR-C) und WP257 rev.01 "
            "(BCR-P): eine Änderung, die das Schutzniveau beeinträchtigen oder die BCR erheblich "
            "berühren kann (z. B. ihre Verbindlichkeit), wird der federführenden Behörde "
            "umgehend gemeldet. „Umgehend“ ist keine feste Frist: interne Zielvorgabe von "
            "1 Arbeitstag nach der Änderung.",
        ),
        (
            "ja",
            bcr.dpf_review_clock(certified_until=date(2025, 3, 1)).convention,
            "算定方法：記録された認証の最終日を期限とする；週末又は祝日による繰延べはしない"
            "（十分性は認証の終了とともに終わる）；リマインダーは60、14日前。",
        ),
        (
            "de",
            bcr.submission_check(("c", "k")).reason,
            "Noch offene Punkte der Checkliste nach Art. 47 Abs. 2: (c), (k). Vor der Vorlage "
            "beim EDSA für jeden Punkt den Nachweis erfassen.",
        ),
        (
            "ja",
            bcr.approval_check(approve_on=date(2021, 8, 5), opinion_on=date(2021, 8, 6)).reason,
            "承認日2021-08-05は、2021-08-06付のEDPBの意見より前である。",
        ),
        (
            "de",
            bcr.approval_check(approve_on=date(2021, 8, 5), opinion_on=None).basis,
            "Art. 64 Abs. 1 lit. f, Abs. 6 DSGVO",
        ),
    ],
)
def test_bcr_sentences_render_in_the_readers_language(
    language: str, sentence: str, expected: str
) -> None:
    with translation.override(language):
        assert legal_text.render(sentence, legal_text.to_json(sentence)) == expected
