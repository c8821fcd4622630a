"""Rendering the transfer register faster without changing what it prints (issue 21).

The markup of before (``legacy_transfer_register.html``, a frozen copy) and today's must give
the same pages and the same words on a fixed register; the collector is relaxed only while
WeasyPrint renders, and restored after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.template import engines
from django.utils import translation

from benchmarks.pdf_text import TRANSFER_HEADER_WORDS, layout_pages, rows_words
from compliance.registry.demo import seed_scale
from compliance.reports import pdf as pdf_module
from compliance.reports import registry
from compliance.reports.pdf import collector_relaxed, render_html, render_pdf
from tests.compliance.reports.conftest import page_texts

pytestmark = pytest.mark.django_db

LEGACY = Path(__file__).with_name("legacy_transfer_register.html")
AS_OF = date(2026, 1, 1)
GENERATED_AT = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_collector_is_relaxed_inside_and_restored_after(thresholds: None) -> None:
    with collector_relaxed((50_000, 20, 30)):
        assert gc.get_threshold() == (50_000, 20, 30)
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.isenabled() is True


def test_collector_thresholds_are_restored_when_the_render_fails(thresholds: None) -> None:
    with pytest.raises(RuntimeError, match="layout failed"), collector_relaxed((50_000, 20, 30)):
        raise RuntimeError("layout failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_collector_relaxed_keeps_a_threshold_the_operator_set_higher(thresholds: None) -> None:
    gc.set_threshold(900_000, 5, 5_000)
    with collector_relaxed((50_000, 20, 30)):
        assert gc.get_threshold() == (900_000, 20, 5_000)
    assert gc.get_threshold() == (900_000, 5, 5_000)


def test_render_pdf_renders_with_the_collector_relaxed(
    thresholds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, ...]] = []
    from weasyprint import HTML

    write_pdf = HTML.write_pdf

    def spy(self: HTML, *args: object, **kwargs: object) -> bytes:
        seen.append(gc.get_threshold())
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", spy)
    render_pdf("reports/base.html", {"report_title": "T", "as_of": AS_OF}, lang="en")
    assert seen == [pdf_module.RENDER_GC_THRESHOLD]
    assert gc.get_threshold() == (700, 10, 10)


def _register_context() -> tuple[registry.ReportKind, dict[str, Any]]:
    call_command("load_reference_data", verbosity=0)
    group = seed_scale(entities=12, transfers=60, breaches=0)
    spec, _obj, context = registry.report_context(
        "transfer_register",
        obj=group,
        user=None,
        lang="en",
        as_of=AS_OF,
        generated_at=GENERATED_AT,
    )
    return spec, context


def _register_html() -> tuple[str, str]:
    """(markup of before, markup of today) of the register of a fixed synthetic group."""
    spec, context = _register_context()
    with translation.override("en"):
        legacy = engines["django"].from_string(LEGACY.read_text(encoding="utf-8"))
        before = legacy.render({**context, "lang": "en"})
    return before, render_html(spec.template, context, lang="en")


def test_register_markup_prints_the_same_pages_and_words_as_before() -> None:
    before, today = _register_html()
    assert 'id="transfer-' in before
    assert 'id="transfer-' not in today
    assert "<br><span" not in today
    old = page_texts(pdf_module.render_html_to_pdf(before, relax_collector=False))
    new = page_texts(pdf_module.render_html_to_pdf(today))
    assert len(old) == 11
    assert len(new) == len(old)
    assert [page.split() for page in new] == [page.split() for page in old]


def _layout_pages(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    return layout_pages(pdf)


def _rows_words(pages: list[list[str]]) -> list[str]:
    """The words of the pages without their running header, table header rows and footer."""
    return rows_words(pages, header_words=TRANSFER_HEADER_WORDS)


def test_part_count_is_a_multiple_of_the_workers_with_parts_of_at_most_part_rows() -> None:
    assert (pdf_module.PART_ROWS, pdf_module.MIN_PART_ROWS) == (1_000, 500)
    assert pdf_module.part_count(500, cores=2) == 1
    assert pdf_module.part_count(501, cores=2) == 2
    assert pdf_module.part_count(2_000, cores=2) == 2
    assert pdf_module.part_count(2_001, cores=2) == 4
    # Not 5 parts of 1,000 rows, the fifth laid out alone on one core: 6 of 834.
    assert pdf_module.part_count(5_000, cores=2) == 6
    assert pdf_module.part_count(20_000, cores=2) == 20
    assert pdf_module.part_count(5_000, cores=8) == 8
    assert pdf_module.part_count(9_000, cores=8) == 16
    # Fewer workers than cores when there are not MIN_PART_ROWS rows for each.
    assert pdf_module.part_count(1_200, cores=8) == 3
    assert pdf_module.part_count(5_000, cores=1) == 5


def test_register_in_parts_prints_the_same_rows_numbered_across_the_parts(
    tmp_path: Path,
) -> None:
    spec, context = _register_context()
    whole = _layout_pages(render_pdf(spec.template, context, lang="en"), tmp_path)
    parts = _layout_pages(
        pdf_module.render_pdf_in_parts(spec.template, context, lang="en", parts=3, processes=2),
        tmp_path,
    )

    assert len(whole) == 11
    # Each part starts on a page of its own: at most one page more per seam.
    assert len(whole) <= len(parts) <= len(whole) + 2
    total = len(parts)
    assert [lines[-1].split()[-4:] for lines in parts if lines] == [
        ["Page", str(n), "of", str(total)] for n in range(1, total + 1)
    ]
    assert _rows_words(parts) == _rows_words(whole)
    # The title and summary once, on the first page; the mesh once, at the end.
    text = [" ".join(" ".join(lines).split()) for lines in parts]
    assert [n for n, page in enumerate(text) if "Transfers in effect on" in page] == [0]
    assert [n for n, page in enumerate(text) if "SCC mesh without BCRs" in page] == [total - 1]
    # No table header without a row under it: every page of the table shows a transfer.
    assert all("Flow" in page for page in text[:-1])
