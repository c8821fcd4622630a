"""The BCR application timeline PDF, on the demo group's 2016–2021 procedure."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

import compliance.bcr.admin  # noqa: F401 - registers the BCR admin
from compliance.bcr import services as bcr_services
from compliance.bcr.demo import TIMELINE_CSV, seed_demo_bcr
from compliance.bcr.models import BCRApplication, BCRDocumentVersion
from compliance.bcr.reports.timeline import bcr_timeline_context
from compliance.registry import demo
from compliance.reports import registry
from tests.compliance.bcr.test_basis_language import OPINION, RESPONSE
from tests.compliance.reports.breach_setup import ink, page_png, positions
from tests.compliance.reports.conftest import page_texts, squeeze

pytestmark = pytest.mark.django_db

NOW = datetime(2022, 1, 10, 9, 0, tzinfo=UTC)
AS_OF = date(2022, 1, 10)
# The two lead authorities' names in the reader's language (the catalogs' authority names).
LEADS = {
    "en": (
        "Information Commissioner's Office (GB)",
        "State Commissioner for Data Protection and Freedom of Information North Rhine-Westphalia "
        "(DE)",
    ),
    "de": (
        "Büro des Informationsbeauftragten (Information Commissioner's Office) (GB)",
        "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (DE)",
    ),
    "ja": (
        "情報コミッショナー事務局 (GB)",
        "ノルトライン＝ヴェストファーレン州データ保護・情報自由監察官 (DE)",
    ),
}
REASON = (
    "Brexit: the group's EU main establishment moved from London to Düsseldorf; ICO approvals "
    "would not be valid for the EU after 2020."
)
LABELS = {
    "en": {"page": "Page 1 of", "timeline": "Timeline", "approved": "approved"},
    "de": {"page": "Seite 1 von", "timeline": "Verlauf", "approved": "genehmigt"},
    "ja": {"page": "ページ 1 /", "timeline": "経緯", "approved": "承認済み"},
}


@pytest.fixture
def application(reference_data: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[BCRApplication]:
    """The demo's BCR-C, replayed as of 10 Jan 2022 (approved, no annual update sent yet)."""
    monkeypatch.setattr(demo, "DEMO_EXTENSIONS", [seed_demo_bcr])
    with time_machine.travel(NOW, tick=False):
        group = demo.seed_demo()
        yield BCRApplication.objects.get(group=group, kind="BCR-C")


def _render(application: BCRApplication, lang: str, as_of: date = AS_OF) -> bytes:
    return registry.render_report(
        "bcr_timeline", obj=application, user=None, lang=lang, as_of=as_of, generated_at=NOW
    ).content


def _csv_notes() -> list[str]:
    with TIMELINE_CSV.open(encoding="utf-8", newline="") as handle:
        return [row["event"] for row in csv.DictReader(handle)]


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_bcr_timeline_pdf_prints_the_events_in_order_with_both_leads_and_the_clocks(
    application: BCRApplication, lang: str
) -> None:
    labels = LABELS[lang]

    pages = page_texts(_render(application, lang))

    text = squeeze(" ".join(pages))
    assert squeeze(labels["page"]) in squeeze(pages[0])
    assert squeeze(labels["timeline"]) in text
    assert squeeze(labels["approved"]) in text
    # The 29 events of the CSV, each once, in the order they happened.
    notes = _csv_notes()
    # From the first event on: the summary above the table repeats the first filing.
    table = text[text.find(squeeze(notes[0])) :]
    found = positions(table, [squeeze(note) for note in notes])
    assert len(notes) == 29
    assert -1 not in found
    assert found == sorted(found)
    assert squeeze("2016-10-14") in text
    assert squeeze("2016-01") in text  # a month-precision date, printed as the month
    # Both lead authorities: the sequence, and the change called out with its reason.
    assert squeeze("ICO → LDI NRW") in text
    ico, ldi = LEADS[lang]
    assert squeeze(f"{ico} → {ldi}") in text
    assert squeeze(REASON) in text
    assert squeeze("2020-12-02") in text
    # The clocks: started, due, met on; legal bases in the report's language.
    for (start, due), basis in zip(
        (("2021-06-28", "2021-08-23"), ("2021-08-02", "2021-08-16"), ("2021-08-05", "2022-08-05")),
        CLOCK_BASES[lang],
        strict=True,
    ):
        assert squeeze(f"{start} {due}") in text, start
        assert squeeze(basis) in text, basis
    if lang != "en":
        assert squeeze("Convention:") not in text
        assert squeeze("GDPR Art.") not in text


# The beginning of each clock's basis (the PDF breaks a long cell's lines among its neighbours').
CLOCK_BASES = {
    "en": (
        "GDPR Art. 64(3): EDPB opinion within 8 weeks",
        "GDPR Art. 64(7): within 2 weeks of receiving the opinion",
        "GDPR Art. 47(2)(k); EDPB Recommendations 1/2022",
    ),
    "de": (
        "Art. 64 Abs. 3 DSGVO: Stellungnahme des EDSA binnen 8 Wochen",
        "Art. 64 Abs. 7 DSGVO: binnen 2 Wochen nach Eingang der Stellungnahme",
        "Art. 47 Abs. 2 lit. k DSGVO; EDSA-Empfehlungen 1/2022",
    ),
    "ja": (
        "GDPR 第64条第3項：EDPBの意見は8週間以内",
        "GDPR 第64条第7項：主監督機関は、意見の受領から2週間以内に",
        "GDPR 第47条第2項(k)；EDPB勧告1/2022",
    ),
}


@pytest.mark.parametrize("lang", ["de", "ja"])
def test_bcr_timeline_clock_bases_are_worded_in_the_reports_language(
    application: BCRApplication, lang: str
) -> None:
    with translation.override(lang):
        context = bcr_timeline_context(application, user=None, as_of=AS_OF, generated_at=NOW)

    bases = {row.starts_on.isoformat(): row.basis for row in context["clocks"]}
    assert bases["2021-06-28"] == OPINION[lang]
    assert bases["2021-08-02"] == RESPONSE[lang]


def test_bcr_timeline_pdf_says_which_clocks_were_met_in_time(application: BCRApplication) -> None:
    text = squeeze(" ".join(page_texts(_render(application, "en"))))

    assert squeeze("EDPB opinion 2021-06-28 2021-08-23 met on 2021-08-02 — in time") in text
    # The demo does not record the day LDI NRW received the opinion: the clock says so.
    assert (
        squeeze(
            "Lead authority's response to the EDPB assumed: the day the lead authority received "
            "the opinion is not recorded; counted from the opinion's date (the earlier start) "
            "2021-08-02 2021-08-16 met on 2021-08-05 — in time"
        )
        in text
    )
    assert (
        squeeze(
            "Annual update to the BCR Lead date set by guidance, not a statutory deadline "
            "2021-08-05 2022-08-05 open, 207 days left"
        )
        in text
    )


def test_bcr_timeline_as_of_before_the_change_shows_the_ico_alone(
    application: BCRApplication,
) -> None:
    text = squeeze(" ".join(page_texts(_render(application, "en", as_of=date(2020, 6, 30)))))

    assert squeeze("Lead authorities ICO Co-reviewers") in text
    assert squeeze("concerned authorities' review (ITES pre-review)") in text
    assert squeeze("Approval not approved on this date") in text
    assert squeeze("Change of lead authority") not in text
    assert squeeze("LDI NRW becomes the lead authority") not in text
    assert squeeze("No statutory clock runs in this state") in text


def test_bcr_timeline_page_is_not_blank(application: BCRApplication, tmp_path: Path) -> None:
    png = page_png(_render(application, "ja"), tmp_path, page=1)

    counts = ink(png)

    assert counts["header"] > 40
    assert counts["body"] > 1500
    assert counts["footer"] > 20


def _export_url(application: BCRApplication) -> str:
    return reverse("admin:compliance_bcrapplication_export_timeline", args=[application.pk])


def test_legal_user_exports_the_timeline_but_cannot_edit_the_application(
    application: BCRApplication, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    client = client_for(legal_user)
    change_url = reverse("admin:compliance_bcrapplication_change", args=[application.pk])

    page = client.get(change_url)
    download = client.post(_export_url(application), {"lang": "de", "as_of": "2022-01-10"})
    edit = client.post(change_url, {"title": "Renamed by Legal"})

    assert page.status_code == 200
    assert page.context["export_timeline_url"] == _export_url(application)
    assert "Export timeline (PDF)" in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        'attachment; filename="bcr-timeline-EIG-BCR-C-2022-01-10-de.pdf"'
    )
    assert squeeze("LDI NRW becomes the lead authority") in squeeze(
        " ".join(page_texts(download.content))
    )
    assert edit.status_code == 403
    application.refresh_from_db()
    assert application.title == "Controller BCRs of Example Internet Group"


def test_coordinator_cannot_export_the_timeline(
    application: BCRApplication, coordinator_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(coordinator_user).post(
        _export_url(application), {"lang": "en", "as_of": "2022-01-10"}
    )

    assert response.status_code == 403


def test_timeline_export_form_explains_the_as_of_date(
    application: BCRApplication, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(legal_user).get(_export_url(application))

    form = response.context["form"]
    assert list(form.fields) == ["lang", "as_of"]
    assert str(form.fields["as_of"].help_text) == (
        "Events up to this date are printed, with the clocks as they stood then. Empty means today."
    )


def test_bcr_timeline_context_query_count_does_not_grow_with_events(
    application: BCRApplication, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(7):
        bcr_timeline_context(application, user=None, as_of=AS_OF, generated_at=NOW)

    versions = list(BCRDocumentVersion.objects.filter(document__application=application)[:2])
    for day in range(1, 11):
        bcr_services.record_timeline_event(
            application=application,
            on=date(2021, 10, day),
            note=f"Training session {day} on the BCRs",
            organisation=bcr_services.INTERNAL,
            documents=versions,
        )

    assert application.timeline.count() == 39
    with django_assert_num_queries(7):
        bcr_timeline_context(application, user=None, as_of=AS_OF, generated_at=NOW)
