"""The transfer register PDF (``transfers.reports``), registered by ``TransfersConfig.ready()``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from compliance.registry.models import CorporateGroup, GroupEntity
from compliance.reports import admin as reports_admin  # noqa: F401 - registers the job admin
from compliance.reports import jobs, registry
from compliance.reports.fetcher import FetchAttempt, StaticFileFetcher
from compliance.reports.models import ReportJob, ReportJobState
from compliance.reports.pdf import render_pdf
from tests.builders import bcr, recipient, signed_scc, transfer
from tests.compliance.reports.breach_setup import ink, page_png
from tests.compliance.reports.conftest import page_texts, squeeze
from tests.transfers.conftest import NOW, TODAY
from transfers import reports, services
from transfers.choices import Mechanism
from transfers.models import DataTransfer

pytestmark = pytest.mark.django_db

CONCLUSION = "US surveillance law reviewed; data encrypted at rest with keys held in the EU."
HOSTILE = (
    '<img src="http://example.com/x.png"> <link rel=stylesheet href="file:///etc/passwd"> '
    "url(file:///etc/passwd) <style>body{display:none}</style>"
)


@dataclass
class Register:
    group: CorporateGroup
    bcr_flow: DataTransfer
    scc_flow: DataTransfer
    blocked: DataTransfer


@pytest.fixture
def register(group: CorporateGroup, entities: dict[str, GroupEntity]) -> Register:
    """Berlin → Boston under BCRs, Paris → a US vendor under 2021 SCCs, Paris → an ad network
    with no tool at all."""
    bcr(group, {entities["DE"]: date(2021, 8, 5), entities["US"]: date(2021, 8, 5)})
    bcr_flow = transfer(
        entities["DE"],
        entities["US"],
        name="HR data to the US hub",
        data_categories="employee identification, salary",
    )
    tia = services.record_tia(
        transfer=bcr_flow, destination_laws="FISA 702, EO 12333", conclusion=CONCLUSION
    )
    services.approve_tia(tia=tia, approved_on=date(2025, 1, 15), next_review_on=date(2027, 6, 30))
    vendor = recipient("Vendor Inc.", "US")
    scc_flow = transfer(
        entities["FR"], vendor, name="Support tickets", data_categories="contact, tickets"
    )
    contract = signed_scc(entities["FR"], vendor, module=1)
    services.link_scc(contract=contract, transfer=scc_flow)
    services.approve_tia(
        tia=services.record_tia(transfer=scc_flow, destination_laws="reviewed"),
        approved_on=date(2022, 1, 20),
    )
    blocked = transfer(
        entities["FR"],
        recipient("Adwise Media Inc.", "US"),
        name="Newsletter audiences",
        data_categories="e-mail addresses",
    )
    return Register(group=group, bcr_flow=bcr_flow, scc_flow=scc_flow, blocked=blocked)


def _render(group: CorporateGroup, lang: str, as_of: date = TODAY, user: Any = None) -> bytes:
    return registry.render_report(
        "transfer_register", obj=group, user=user, lang=lang, as_of=as_of, generated_at=NOW
    ).content


def _in(lang: str, text: str, **values: Any) -> str:
    """``text`` in ``lang`` through the catalogues (whether translated yet or not)."""
    with translation.override(lang):
        return gettext(text) % values if values else gettext(text)


# The engine's sentences as the PDF words them in each language (the English is the record).
ENGINE_TEXT = {
    "en": (
        "GDPR Art. 46(2)(b), 47",
        "GDPR Art. 46(2)(c); Implementing Decision (EU) 2021/914, Module 1",
        "No transfer mechanism makes this transfer lawful on 2026-03-02.",
    ),
    "de": (
        "Art. 46 Abs. 2 lit. b, Art. 47 DSGVO",
        "Art. 46 Abs. 2 lit. c DSGVO; Durchführungsbeschluss (EU) 2021/914, Modul 1",
        "Kein Übermittlungsinstrument macht diese Übermittlung am 2026-03-02 rechtmäßig.",
    ),
    "ja": (
        "GDPR第46条第2項(b)、第47条",
        "GDPR第46条第2項(c); 実施決定(EU) 2021/914、モジュール1",
        "2026-03-02時点で、この移転を適法とする移転根拠はない。",
    ),
}


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_transfer_register_pdf_prints_each_transfer_as_the_engine_sees_it(
    register: Register, lang: str
) -> None:
    text = squeeze(" ".join(page_texts(_render(register.group, lang))))
    bcr_basis, scc_basis, no_mechanism = ENGINE_TEXT[lang]

    with translation.override(lang):
        bcrs, sccs = str(Mechanism.BCR.label), str(Mechanism.SCC.label)
    # Berlin → Boston: BCRs, with the assessment's conclusion and next review.
    assert squeeze(f"{register.bcr_flow.reference} HR data to the US hub") in text
    assert squeeze("Berlin Ltd (DE)") in text
    assert squeeze("Boston Ltd") in text
    united_states = {"en": "United States", "de": "Vereinigte Staaten", "ja": "アメリカ合衆国"}
    assert squeeze(f"{united_states[lang]} (US)") in text
    assert squeeze("employee identification, salary") in text
    assert squeeze(f"{bcrs} {bcr_basis}") in text
    assert squeeze(_in(lang, "approved on %(date)s", date="2025-01-15")) in text
    assert squeeze(CONCLUSION) in text
    assert squeeze(f"{_in(lang, 'next review')}: 2027-06-30") in text
    # Paris → Vendor Inc.: the 2021 SCCs, module 1.
    assert squeeze("Vendor Inc.") in text
    assert squeeze(f"{sccs} {scc_basis}") in text
    # Paris → Adwise: the engine's blocker, with its basis.
    assert squeeze("Adwise Media Inc.") in text
    assert squeeze(no_mechanism) in text
    # The SCC mesh: six entities, one intra-group flow needing a tool, covered by the BCRs.
    for label, value in (
        ("Entities in the group (N)", 6),
        ("Possible directed pairs N·(N−1)", 30),
        ("Intra-group flows", 1),
        ("SCC contracts needed without BCRs", 1),
        ("Of those flows, covered by an approved BCR", 1),
    ):
        assert squeeze(f"{_in(lang, label)} {value}") in text, label


def test_transfer_register_summary_counts_lawful_and_blocked_transfers(
    register: Register,
) -> None:
    text = squeeze(" ".join(page_texts(_render(register.group, "en"))))

    assert squeeze("Transfers in effect 3 Lawful on the date 2 With a blocker 1") in text
    assert squeeze("By mechanism BCRs 1 · SCCs 1 · none 1") in text


def test_transfer_register_as_of_leaves_out_transfers_not_yet_started(
    register: Register, entities: dict[str, GroupEntity]
) -> None:
    transfer(
        entities["DE"], entities["JP"], name="Later flow to Tokyo", start_date=date(2026, 2, 1)
    )

    before = squeeze(" ".join(page_texts(_render(register.group, "en", as_of=date(2026, 1, 31)))))
    after = squeeze(" ".join(page_texts(_render(register.group, "en", as_of=date(2026, 2, 1)))))

    assert "LaterflowtoTokyo" not in before
    assert squeeze("Transfers in effect 3") in before
    assert "LaterflowtoTokyo" in after
    assert squeeze("Transfers in effect 4") in after


def test_transfer_register_evaluates_on_the_as_of_date(register: Register) -> None:
    # 2022-01-15: the SCCs are signed (2022-01-05) but the assessment comes on 2022-01-20.
    context = reports.transfer_register_context(
        register.group, user=None, as_of=date(2022, 1, 15), generated_at=NOW
    )

    rows = {row.transfer.pk: row for row in context["rows"]}
    scc_row = rows[register.scc_flow.pk]
    assert (scc_row.lawful, scc_row.mechanism) == (False, "none")
    assert [f.code for f in scc_row.blockers] == ["tia_missing", "no_mechanism"]
    assert scc_row.tia == reports.TIAStatus(status="none")
    assert rows[register.bcr_flow.pk].tia == reports.TIAStatus(status="none")


def test_transfer_register_page_is_not_blank(register: Register, tmp_path: Path) -> None:
    counts = ink(page_png(_render(register.group, "de"), tmp_path, page=1))

    assert counts["header"] > 40
    assert counts["body"] > 1500
    assert counts["footer"] > 20


def test_transfer_register_prints_markup_in_a_transfer_as_text(register: Register) -> None:
    DataTransfer.objects.filter(pk=register.blocked.pk).update(data_categories=HOSTILE)
    spec, _group, context = registry.report_context(
        "transfer_register", obj=register.group, user=None, lang="en", as_of=TODAY
    )
    fetcher = StaticFileFetcher()

    pdf = render_pdf(spec.template, context, lang="en", fetcher=fetcher)

    text = squeeze(" ".join(page_texts(pdf)))
    assert squeeze(HOSTILE) in text
    assert squeeze("Support tickets") in text  # the rows after it still print
    assert fetcher.attempts == [FetchAttempt(url="static:reports/print.css", served=True)]


def test_transfer_register_context_query_count_does_not_grow_with_transfers(
    register: Register, entities: dict[str, GroupEntity], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(17):
        reports.transfer_register_context(register.group, user=None, as_of=TODAY, generated_at=NOW)

    vendor = recipient("Another Vendor Ltd", "IN")
    for n in range(12):
        flow = transfer(entities["FR"], vendor, name=f"Flow {n}")
        services.approve_tia(
            tia=services.record_tia(transfer=flow, destination_laws="reviewed"),
            approved_on=date(2025, 1, n + 1),
        )
        transfer(entities["GB"], entities["SG"], name=f"UK flow {n}")

    with django_assert_num_queries(17):
        reports.transfer_register_context(register.group, user=None, as_of=TODAY, generated_at=NOW)


def test_transfer_register_is_exported_from_the_group_page(
    register: Register, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(legal_user)
    url = reverse(
        "admin:compliance_corporategroup_export", args=[register.group.pk, "transfer_register"]
    )

    page = client.get(reverse("admin:compliance_corporategroup_change", args=[register.group.pk]))
    response = client.post(url, {"lang": "en", "as_of": "2026-03-02"})

    assert ("Transfer register", url) in [
        (str(title), link) for title, link in page.context["export_report_links"]
    ]
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="transfer-register-TG-2026-03-02-en.pdf"'
    )
    assert squeeze("HR data to the US hub") in squeeze(" ".join(page_texts(response.content)))


def test_group_action_leads_to_the_transfer_register_export(
    register: Register, dpo_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(dpo_user).post(
        reverse("admin:compliance_corporategroup_changelist"),
        {"action": "export_transfer_register", "_selected_action": [register.group.pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:compliance_corporategroup_export", args=[register.group.pk, "transfer_register"]
    )


def test_export_of_an_unknown_group_report_kind_is_not_found(
    register: Register, dpo_user: Any, client_for: Callable[[Any], Any]
) -> None:
    # A registered kind of another model is not a group report.
    url = reverse(
        "admin:compliance_corporategroup_export", args=[register.group.pk, "bcr_timeline"]
    )

    assert client_for(dpo_user).get(url).status_code == 404


def test_export_report_command_writes_the_transfer_register(
    register: Register, tmp_path: Path
) -> None:
    output = tmp_path / "register.pdf"

    call_command(
        "export_report",
        "transfer_register",
        "--id",
        str(register.group.pk),
        "--lang",
        "ja",
        "--as-of",
        "2026-03-02",
        "--output",
        str(output),
    )

    text = squeeze(" ".join(page_texts(output.read_bytes())))
    assert squeeze("HR data to the US hub") in text
    assert squeeze(ENGINE_TEXT["ja"][2]) in text


@pytest.fixture
def small_threshold() -> Iterator[None]:
    """Every transfer register renders in the background, as one of 301 transfers would."""
    jobs.register_async_threshold("transfer_register", 0, reports.transfer_count)
    yield
    jobs.register_async_threshold(
        "transfer_register", reports.TRANSFER_REGISTER_ASYNC_THRESHOLD, reports.transfer_count
    )


def test_large_transfer_register_renders_in_a_background_job(
    register: Register,
    legal_user: Any,
    client_for: Callable[[Any], Any],
    small_threshold: None,
    settings: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    url = reverse(
        "admin:compliance_corporategroup_export", args=[register.group.pk, "transfer_register"]
    )
    with django_capture_on_commit_callbacks():
        response = client_for(legal_user).post(url, {"lang": "en", "as_of": "2026-03-02"})
    job = ReportJob.objects.get()

    done = jobs.run_report_job(job_id=job.pk)

    assert response.status_code == 302
    assert (job.kind, job.object_id) == ("transfer_register", str(register.group.pk))
    assert done is not None
    assert (done.state, done.filename) == (
        ReportJobState.DONE,
        "transfer-register-TG-2026-03-02-en.pdf",
    )
    with done.file.open("rb") as handle:
        assert squeeze("Support tickets") in squeeze(" ".join(page_texts(handle.read())))


def test_transfer_count_is_the_number_of_transfers_in_effect(register: Register) -> None:
    assert reports.transfer_count(register.group, None, TODAY) == 3
    assert reports.transfer_count(register.group, None, date(2022, 1, 9)) == 0
    assert reports.transfer_count(register.group, None, date(2022, 1, 10)) == 3
