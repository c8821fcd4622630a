"""The engines' legal sentences in every language (issue 16: no English sentence in de/ja).

The engines write their bases, findings and explanations as ``Text`` (compliance.rules.text):
English strings that keep their templates. Every template written in an engine's source must
have a German and a Japanese wording with the same placeholders, and a stored basis renders in
the reader's language.
"""

from __future__ import annotations

import ast
import pickle
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from compliance import legal_text
from compliance.rules.breach import BreachFacts, breach_obligations
from compliance.rules.text import Text

ENGINES = ("compliance/rules", "transfers/rules")


def _templates() -> list[tuple[str, int, str]]:
    """Every ``Text("...")`` template literal in the engines' source: (file, line, template)."""
    found = []
    for root in ENGINES:
        for path in sorted((Path(settings.BASE_DIR) / root).rglob("*.py")):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "Text"
                    and node.args
                ):
                    first = node.args[0]
                    where = f"{path}:{node.lineno}: a Text template must be a string literal"
                    assert isinstance(first, ast.Constant), where
                    assert isinstance(first.value, str), where
                    found.append((f"{root}/{path.name}", node.lineno, first.value))
    return found


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_the_engines_write_their_sentences_as_templates() -> None:
    # A floor, not an exact count: it fails if the scan stops finding the engines' templates.
    assert len(_templates()) >= 14


@pytest.mark.parametrize("language", ["de", "ja"])
def test_every_engine_template_is_worded_in_the_language(language: str) -> None:
    missing, broken = [], []
    with translation.override(language):
        for where, line, template in _templates():
            worded = translation.gettext(template)
            if worded == template and template not in SAME_IN_EVERY_LANGUAGE:
                missing.append(f"{where}:{line}: {template}")
            elif _placeholders(worded) != _placeholders(template):
                broken.append(f"{where}:{line}: {template!r} → {worded!r}")
    assert missing == []
    assert broken == []


# Templates that are proper names or citations, the same in every language.
SAME_IN_EVERY_LANGUAGE = frozenset(
    {
        "GDPR",
        "UK GDPR",
        # The same in German, worded in Japanese (EU GDPR: by the main catalogue, the other way).
        "EU GDPR",
        "APPI",
        "Japan",
        "Art. 171",
        # Jurisdictions of the adequacy decisions whose German name is the English one (worded
        # in Japanese all the same).
        "Andorra",
        "Gibraltar",
        "Guernsey",
        "Isle of Man",
        "Israel",
        "Jersey",
        "Uruguay",
    }
)


def _processor_facts() -> BreachFacts:
    return BreachFacts(
        aware_at=datetime(2024, 6, 12, 8, tzinfo=UTC),
        entity_country="DE",
        role="processor",
        affected_countries=frozenset({"FR"}),
    )


def test_a_basis_is_its_english_text_and_keeps_its_templates() -> None:
    obligation = breach_obligations(_processor_facts())[0]

    assert obligation.basis == (
        "GDPR Art. 33(2): the processor notifies the controller without undue delay after "
        "becoming aware (no fixed deadline)"
    )
    assert isinstance(obligation.basis, Text)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            "Art. 33 Abs. 2 DSGVO: der Auftragsverarbeiter meldet die Verletzung dem "
            "Verantwortlichen unverzüglich, nachdem sie ihm bekannt wurde (keine feste Frist)",
        ),
        ("ja", "GDPR 第33条第2項：処理者は認識後、不当な遅滞なく管理者に通知する（固定期限なし）"),
        (
            "en",
            "GDPR Art. 33(2): the processor notifies the controller without undue delay after "
            "becoming aware (no fixed deadline)",
        ),
    ],
)
def test_a_stored_basis_renders_in_the_readers_language(language: str, expected: str) -> None:
    basis = breach_obligations(_processor_facts())[0].basis
    stored = legal_text.to_json(basis)

    with translation.override(language):
        assert legal_text.render(str(basis), stored) == expected


def test_nested_sentences_are_worded_in_turn() -> None:
    facts = BreachFacts(
        aware_at=datetime(2024, 6, 12, 8, tzinfo=UTC),
        entity_country="DE",
        affected_countries=frozenset({"FR"}),
        risk="risk",
        encrypted=True,
    )
    subjects = breach_obligations(facts)[1]

    with translation.override("de"):
        assert legal_text.render(subjects.basis) == (
            "nicht erforderlich: Risiko nicht als hoch bewertet (Art. 34 Abs. 1 DSGVO); "
            "Daten unzugänglich gemacht/verschlüsselt (Art. 34 Abs. 3 lit. a DSGVO)"
        )


def test_text_concatenation_keeps_both_sides_and_survives_pickling() -> None:
    joined = "Before: " + Text("risk not assessed as high ({law} Art. 34(1))", law="GDPR") + "."

    assert joined == "Before: risk not assessed as high (GDPR Art. 34(1))."
    assert isinstance(joined, Text)
    assert pickle.loads(pickle.dumps(joined)).parts == joined.parts  # noqa: S301 (our own bytes)


def test_a_stored_text_without_parts_is_shown_as_stored() -> None:
    with translation.override("de"):
        assert legal_text.render("Written before the parts were kept", []) == (
            "Written before the parts were kept"
        )
