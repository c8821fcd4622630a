"""The transfer engine's findings as sentences in every language (issue 16).

Over every case of the engine's own tests, each finding's message and basis is a ``Text``: its
English is the contract's (those tests compare it), and nothing in it is a plain English string
that a German or Japanese reader would get untranslated.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from compliance import legal_text
from compliance.rules.text import Text
from tests.i18n.test_engine_sentences import SAME_IN_EVERY_LANGUAGE
from tests.transfers.rules import test_mechanisms, test_mechanisms_v2
from transfers.rules.adequacy import EU_DECISIONS, UK_DECISIONS, invalidated
from transfers.rules.mechanisms import Finding, TransferFacts, evaluate_transfer

# A lowercase English word of three letters or more: what a sentence left as plain text shows.
_ENGLISH_WORD = re.compile(r"\b[a-z]{3,}\b")


def _facts_in(value: object) -> Iterator[TransferFacts]:
    if isinstance(value, TransferFacts):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _facts_in(item)


def _corpus() -> list[TransferFacts]:
    """Every TransferFacts in the engine tests' case tables (module-level lists)."""
    found: dict[TransferFacts, None] = {}
    for module in (test_mechanisms, test_mechanisms_v2):
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, list):
                found.update(dict.fromkeys(_facts_in(value)))
    return list(found)


CORPUS = _corpus()
# The struck-down-framework cases need a hypothetical decision set (the Schrems question).
HYPOTHETICAL = (
    invalidated(EU_DECISIONS, "eu_us_dpf_2023", date(2024, 1, 1)),
    invalidated(UK_DECISIONS, "uk_us_data_bridge", date(2024, 1, 1)),
)


def _findings() -> list[tuple[TransferFacts, Finding]]:
    pairs = []
    for facts in CORPUS:
        for finding in evaluate_transfer(facts).findings:
            pairs.append((facts, finding))
        eu, uk = HYPOTHETICAL
        for finding in evaluate_transfer(facts, eu_decisions=eu, uk_decisions=uk).findings:
            pairs.append((facts, finding))
    return pairs


def _plain_english(value: str) -> list[str]:
    """The pieces of ``value`` shown as they are in every language that read as English: its
    literal parts, and the plain-string parameters of its templates, recursively."""
    if not isinstance(value, Text):
        return [value] if _ENGLISH_WORD.search(value) else []
    found = []
    for template, params in value.parts:
        if template is None:
            found += _plain_english(str(params[""]))
            continue
        for param in params.values():
            found += _plain_english(param)
    return found


def test_the_corpus_covers_every_finding_code_of_the_engine() -> None:
    codes = {finding.code for _facts, finding in _findings()}

    # Every code the engine itself can produce (the selectors' own notes are not the engine's).
    assert codes == set(test_mechanisms.FINDING_CODES)


def test_every_finding_is_written_as_templates_with_no_english_left_as_plain_text() -> None:
    plain = []
    for facts, finding in _findings():
        for field in ("message", "basis"):
            value = getattr(finding, field)
            if not isinstance(value, Text):
                plain.append((facts, finding.code, field, value))
            elif _plain_english(value):
                plain.append((facts, finding.code, field, _plain_english(value)))
    assert plain == []


@pytest.mark.parametrize("language", ["de", "ja"])
def test_every_finding_renders_without_an_untranslated_template(language: str) -> None:
    untranslated = set()
    with translation.override(language):
        for _facts, finding in _findings():
            for value in (finding.message, finding.basis):
                for template in _templates(value):
                    if translation.gettext(template) == template:
                        untranslated.add(template)
    # Proper names and citations that read the same everywhere (in German, some jurisdictions).
    allowed = {"GDPR", "UK GDPR"} if language == "ja" else SAME_IN_EVERY_LANGUAGE
    assert untranslated <= allowed


def _templates(value: str) -> Iterator[str]:
    if isinstance(value, Text):
        for template, params in value.parts:
            if template is not None:
                yield template
            for param in params.values():
                yield from _templates(param)


NO_MECHANISM_FACTS = TransferFacts(
    on=date(2024, 6, 3), exporter_country="DE", importer_country="SG"
)
TIA_MISSING_FACTS = TransferFacts(
    on=date(2024, 6, 3),
    exporter_country="DE",
    importer_country="SG",
    scc_version="2021",
    scc_module=1,
    scc_signed_on=date(2023, 1, 10),
)


def _finding(facts: TransferFacts, code: str) -> Finding:
    return next(f for f in evaluate_transfer(facts).findings if f.code == code)


@pytest.mark.parametrize(
    ("language", "message", "basis"),
    [
        (
            "en",
            "No transfer mechanism makes this transfer lawful on 2024-06-03.",
            "GDPR Art. 44",
        ),
        (
            "de",
            "Kein Übermittlungsinstrument macht diese Übermittlung am 2024-06-03 rechtmäßig.",
            "Art. 44 DSGVO",
        ),
        ("ja", "2024-06-03時点で、この移転を適法とする移転根拠はない。", "GDPR第44条"),
    ],
)
def test_no_mechanism_reads_in_the_language(language: str, message: str, basis: str) -> None:
    finding = _finding(NO_MECHANISM_FACTS, "no_mechanism")
    stored_message, stored_basis = (
        legal_text.to_json(finding.message),
        legal_text.to_json(finding.basis),
    )

    with translation.override(language):
        assert legal_text.render(str(finding.message), stored_message) == message
        assert legal_text.render(str(finding.basis), stored_basis) == basis


@pytest.mark.parametrize(
    ("language", "message", "basis"),
    [
        (
            "en",
            "No transfer impact assessment documented for the 2021 SCCs: required for every "
            "Art. 46 tool since 2020-07-16.",
            "GDPR Art. 46(2)(c); Implementing Decision (EU) 2021/914, Module 1, Clause 14; "
            "CJEU C-311/18 (Schrems II); EDPB Recommendations 01/2020",
        ),
        (
            "de",
            "Für SCC 2021 ist keine Transfer-Folgenabschätzung dokumentiert: seit 2020-07-16 für "
            "jedes Instrument nach Art. 46 erforderlich.",
            "Art. 46 Abs. 2 lit. c DSGVO; Durchführungsbeschluss (EU) 2021/914, Modul 1, "
            "Klausel 14; EuGH C-311/18 (Schrems II); EDSA-Empfehlungen 01/2020",
        ),
        (
            "ja",
            "2021年版SCCについて移転影響評価（TIA）が文書化されていない：2020-07-16以降、"
            "第46条のすべての手段に必要である。",
            "GDPR第46条第2項(c); 実施決定(EU) 2021/914、モジュール1、第14条; "
            "欧州司法裁判所C-311/18（Schrems II）; EDPB勧告01/2020",
        ),
    ],
)
def test_tia_missing_reads_in_the_language(language: str, message: str, basis: str) -> None:
    finding = _finding(TIA_MISSING_FACTS, "tia_missing")

    with translation.override(language):
        assert legal_text.render(finding.message) == message
        assert legal_text.render(finding.basis) == basis


def _selector_templates() -> list[str]:
    """The templates of the notes ``transfers.selectors`` adds to an evaluation (outside the
    engine, so the engines' guard test does not read them)."""
    path = Path(settings.BASE_DIR) / "transfers" / "selectors.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Text"
        ):
            first = node.args[0]
            assert isinstance(first, ast.Constant), f"line {node.lineno}: not a literal"
            assert isinstance(first.value, str), f"line {node.lineno}: not a string"
            found.append(first.value)
    return found


def test_the_selectors_write_their_notes_as_templates() -> None:
    assert len(_selector_templates()) == 9


@pytest.mark.parametrize("language", ["de", "ja"])
def test_the_selectors_notes_are_worded_in_the_language(language: str) -> None:
    with translation.override(language):
        missing = [t for t in _selector_templates() if translation.gettext(t) == t]
    assert missing == []
