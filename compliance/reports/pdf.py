"""The one PDF renderer: a Django template, in one language, to PDF bytes through WeasyPrint.

This is the only module that imports WeasyPrint, and it does so inside the functions: the import
loads Pango through cffi and costs a noticeable fraction of a second, which every web request,
command and test that never prints a PDF would otherwise pay. Every rendering goes through the
static-only fetcher of ``compliance.reports.fetcher``; there is no way to render without it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from compliance.reports.fetcher import StaticFileFetcher

# While WeasyPrint lays out a document it allocates millions of small objects that live until the
# end of the render; with the default thresholds (700, 10, 10) the cyclic collector walks them
# again and again (over a quarter of a long register's time). Raised for the render, restored
# after: the objects are freed with the document as before.
RENDER_GC_THRESHOLD = (200_000, 50, 1_000)

# The languages reports are written in (labels translated in locale/, dates formatted by Django).
REPORT_LANGUAGES = ("en", "de", "ja")


def check_language(lang: str) -> None:
    if lang not in REPORT_LANGUAGES:
        raise ValueError(
            f"Reports are available in {', '.join(REPORT_LANGUAGES)}; not in {lang!r}."
        )


def render_html(template_name: str, context: dict[str, Any], *, lang: str) -> str:
    """The report's HTML, as WeasyPrint will see it (handy to debug a layout in a browser)."""
    check_language(lang)
    with translation.override(lang):
        return render_to_string(template_name, {**context, "lang": lang})


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    lang: str,
    fetcher: StaticFileFetcher | None = None,
) -> bytes:
    """Render ``template_name`` with ``context`` in ``lang`` ("en", "de" or "ja") to PDF bytes.

    ``fetcher`` defaults to a fresh ``StaticFileFetcher``; pass one to inspect what the document
    asked for afterwards (``fetcher.attempts``).
    """
    html = render_html(template_name, context, lang=lang)
    return render_html_to_pdf(html, fetcher=fetcher)


def render_html_to_pdf(
    html: str,
    *,
    fetcher: StaticFileFetcher | None = None,
    relax_collector: bool = True,
) -> bytes:
    """The PDF of a report's ``html`` (from ``render_html``), through the static-only fetcher.

    ``relax_collector`` False renders with the collector's thresholds as they are (benchmarks
    compare the two).
    """
    from weasyprint import HTML

    # No base_url: a relative reference cannot be resolved and so is never fetched; the
    # templates name their stylesheet with the explicit ``static:`` scheme.
    document = HTML(string=html, url_fetcher=_weasyprint_fetcher(fetcher or StaticFileFetcher()))
    with collector_relaxed() if relax_collector else nullcontext():
        pdf: bytes = document.write_pdf()
    return pdf


@contextmanager
def collector_relaxed(threshold: tuple[int, int, int] = RENDER_GC_THRESHOLD) -> Iterator[None]:
    """Run the block with the cyclic garbage collector's thresholds raised to ``threshold``;
    the thresholds in force before are restored after, whether the block returns or raises.

    Never lowers a threshold already set higher (a process tuned by its operator keeps its
    tuning), and never disables the collector: a cycle made during the render is still freed.
    """
    before = gc.get_threshold()
    gc.set_threshold(*(max(new, old) for new, old in zip(threshold, before, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _weasyprint_fetcher(policy: StaticFileFetcher) -> Any:
    """Adapt the fetching policy to WeasyPrint's ``URLFetcher`` interface.

    The subclass overrides ``fetch``, the one method WeasyPrint calls, so the inherited urllib
    handlers (http, ftp, file, data) are never reached. A refusal raises ``FetchRefused``, an
    ordinary exception: WeasyPrint logs it and renders without the resource.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            resource = policy.resolve(url)
            return URLFetcherResponse(
                url,
                body=resource.read_bytes(),
                headers={"Content-Type": f"{resource.mime_type}; charset=utf-8"}
                if resource.mime_type == "text/css"
                else {"Content-Type": resource.mime_type},
            )

    return StaticOnlyURLFetcher()
