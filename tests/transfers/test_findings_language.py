"""The transfer engine's findings in the reader's language: on the transfer page and in the
transfer register PDF; the stored English text stays the record (issue 16, 18)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from compliance.preferences.models import UserPreference
from compliance.reports import registry
from tests.builders import recipient, signed_scc, transfer
from tests.compliance.reports.conftest import page_texts, squeeze
from tests.transfers.conftest import NOW, TODAY
from transfers import services
from transfers.models import DataTransfer, EvaluationResult

pytestmark = pytest.mark.django_db

NO_MECHANISM = {
    "en": (
        "No transfer mechanism makes this transfer lawful on 2026-03-02.",
        "GDPR Art. 44",
    ),
    "de": (
        "Kein Übermittlungsinstrument macht diese Übermittlung am 2026-03-02 rechtmäßig.",
        "Art. 44 DSGVO",
    ),
    "ja": ("2026-03-02時点で、この移転を適法とする移転根拠はない。", "GDPR第44条"),
}
TIA_MISSING = {
    "en": (
        "No transfer impact assessment documented for the 2021 SCCs: required for every Art. 46 "
        "tool since 2020-07-16.",
        "GDPR Art. 46(2)(c); Implementing Decision (EU) 2021/914, Module 1, Clause 14; "
        "CJEU C-311/18 (Schrems II); EDPB Recommendations 01/2020",
    ),
    "de": (
        "Für SCC 2021 ist keine Transfer-Folgenabschätzung dokumentiert: seit 2020-07-16 für "
        "jedes Instrument nach Art. 46 erforderlich.",
        "Art. 46 Abs. 2 lit. c DSGVO; Durchführungsbeschluss (EU) 2021/914, Modul 1, Klausel 14; "
        "EuGH C-311/18 (Schrems II); EDSA-Empfehlungen 01/2020",
    ),
    "ja": (
        "2021年版SCCについて移転影響評価（TIA）が文書化されていない：2020-07-16以降、"
        "第46条のすべての手段に必要である。",
        "GDPR第46条第2項(c); 実施決定(EU) 2021/914、モジュール1、第14条; "
        "欧州司法裁判所C-311/18（Schrems II）; EDPB勧告01/2020",
    ),
}


@pytest.fixture
def unassessed(entities: dict[str, Any]) -> DataTransfer:
    """Paris → a US vendor, not DPF certified, under 2021 SCCs (Module 1) without an impact
    assessment: blocked by tia_missing, and no_mechanism concludes."""
    vendor = recipient("Vendor Inc.", "US")
    flow = transfer(entities["FR"], vendor, name="Support tickets")
    services.link_scc(contract=signed_scc(entities["FR"], vendor, module=1), transfer=flow)
    return DataTransfer.objects.get(pk=flow.pk)


def _page(client_for: Any, user: Any, flow: DataTransfer, language: str) -> str:
    UserPreference.objects.update_or_create(user=user, defaults={"language": language})
    url = reverse("admin:transfers_datatransfer_change", args=[flow.pk])
    # The request activates the reader's language; the override gives back the test's after it.
    with translation.override("en"):
        response = client_for(user).get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def _codes(flow: DataTransfer) -> list[str]:
    evaluation = flow.latest_evaluation()
    assert evaluation is not None
    return [f["code"] for f in evaluation.findings]


@pytest.mark.parametrize("language", ["de", "ja", "en"])
def test_the_transfer_page_words_the_findings_in_the_readers_language(
    client_for: Any, dpo_user: Any, unassessed: DataTransfer, language: str
) -> None:
    html = _page(client_for, dpo_user, unassessed, language)

    assert _codes(unassessed) == ["importer_not_certified", "tia_missing", "no_mechanism"]
    for message, basis in (NO_MECHANISM[language], TIA_MISSING[language]):
        assert f"<td>{message}</td><td>{basis}</td>" in html
    if language != "en":
        for message, basis in (NO_MECHANISM["en"], TIA_MISSING["en"]):
            assert message not in html
            assert basis not in html


def test_the_stored_finding_keeps_the_english_record_and_its_parts(
    unassessed: DataTransfer,
) -> None:
    evaluation = unassessed.latest_evaluation()
    assert evaluation is not None
    stored = next(f for f in evaluation.findings if f["code"] == "no_mechanism")

    assert stored["message"] == NO_MECHANISM["en"][0]
    assert stored["basis"] == NO_MECHANISM["en"][1]
    assert stored["message_parts"] == [
        ["No transfer mechanism makes this transfer lawful on {on}.", {"on": "2026-03-02"}]
    ]
    assert stored["basis_parts"] == [["GDPR Art. 44", {}]]


def test_a_finding_stored_without_parts_is_shown_in_its_english(
    client_for: Any, dpo_user: Any, unassessed: DataTransfer
) -> None:
    evaluation = unassessed.latest_evaluation()
    assert evaluation is not None
    EvaluationResult.objects.filter(pk=evaluation.result_id).update(
        findings=[
            {k: v for k, v in f.items() if not k.endswith("_parts")} for f in evaluation.findings
        ]
    )

    html = _page(client_for, dpo_user, unassessed, "de")

    message, basis = NO_MECHANISM["en"]
    assert f"<td>{message}</td><td>{basis}</td>" in html


def _register_text(unassessed: DataTransfer, language: str) -> str:
    pdf = registry.render_report(
        "transfer_register",
        obj=unassessed.exporter.group,
        user=None,
        lang=language,
        as_of=TODAY,
        generated_at=NOW,
    ).content
    return squeeze(" ".join(page_texts(pdf)))


@pytest.mark.parametrize("language", ["de", "ja"])
def test_the_transfer_register_pdf_words_the_findings_in_the_language(
    unassessed: DataTransfer, language: str
) -> None:
    text = _register_text(unassessed, language)

    for message, basis in (NO_MECHANISM[language], TIA_MISSING[language]):
        assert squeeze(f"{message} ({basis})") in text
    for message, _basis in (NO_MECHANISM["en"], TIA_MISSING["en"]):
        assert squeeze(message) not in text
    assert "Implementing Decision (EU)" not in text
