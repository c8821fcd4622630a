"""The Art. 47(2) checklist reads in the reader's language, each element with its citation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from compliance.bcr import checklist
from compliance.bcr.models import BCRApplication

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_language_afterwards() -> Iterator[None]:
    """A page read in another language leaves that language active in this thread: the tests
    that follow read the site's language again."""
    yield
    translation.deactivate()


ELEMENT_I = {
    "en": "the complaint procedures",
    "de": "die Beschwerdeverfahren",
    "ja": "苦情処理手続",
}
ELEMENT_N_START = {
    "de": "geeignete Datenschutzschulungen für Personal",
    "ja": "個人データに恒常的又は定期的にアクセスする職員",
}
CITATION_D = {
    "en": "GDPR Art. 47(2)(d)",
    "de": "Art. 47 Abs. 2 Buchst. d DSGVO",
    "ja": "GDPR第47条第2項(d)",
}


@pytest.mark.parametrize("language", ["de", "ja"])
def test_checklist_page_reads_in_the_readers_language(
    client_for: Any, dpo_user: Any, application: BCRApplication, language: str
) -> None:
    client = client_for(dpo_user)
    client.post(reverse("set_language"), {"language": language, "next": "/"})

    html = client.get(
        reverse("admin:compliance_bcrapplication_change", args=[application.pk])
    ).content.decode()

    assert f"<p>{ELEMENT_I[language]}</p>" in html
    assert ELEMENT_N_START[language] in html
    assert CITATION_D[language] in html
    assert "the complaint procedures" not in html
    assert "the structure and contact details of the group" not in html


@pytest.mark.parametrize("language", ["en", "de", "ja"])
def test_every_element_is_translated_with_its_citation(language: str) -> None:
    with translation.override(language):
        texts = [checklist.requirement(letter, text) for letter, text in checklist.ELEMENTS.items()]
        assert checklist.citation("d") == CITATION_D[language]
        assert checklist.requirement("i", "the complaint procedures") == ELEMENT_I[language]

    assert len(texts) == 14
    untranslated = [t for t in texts if t in checklist.ELEMENTS.values()]
    assert untranslated == ([] if language != "en" else texts)


def test_an_element_the_office_reworded_is_shown_as_written() -> None:
    with translation.override("de"):
        assert checklist.requirement("i", "our complaint desk") == "our complaint desk"
