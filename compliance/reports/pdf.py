"""The one PDF renderer: a Django template, in one language, to PDF bytes through WeasyPrint.

This is the only module that imports WeasyPrint, and it does so inside the functions: the import
loads Pango through cffi and costs a noticeable fraction of a second, which every web request,
command and test that never prints a PDF would otherwise pay. Every rendering goes through the
static-only fetcher of ``compliance.reports.fetcher``; there is no way to render without it.
"""

from __future__ import annotations

import gc
import io
import itertools
import math
import multiprocessing
import os
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from django.template.loader import render_to_string
from django.utils import translation

from compliance.collector import BULK_GC_THRESHOLD, collector_relaxed
from compliance.reports.fetcher import StaticFileFetcher

# While WeasyPrint lays out a document it allocates millions of small objects that live until the
# end of the render: the collector is relaxed for the render (``compliance.collector``).
RENDER_GC_THRESHOLD = BULK_GC_THRESHOLD

T = TypeVar("T")
R = TypeVar("R")

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
    with collector_relaxed(RENDER_GC_THRESHOLD) if relax_collector else nullcontext():
        pdf: bytes = document.write_pdf()
    return pdf


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


# Rendering in parts. One render uses one core, and a long register takes minutes: it is cut into
# parts of at most PART_ROWS rows (weighted), each laid out as a document of its own, in
# parallel child processes; the parts' pages are then numbered and joined. The number of parts is
# a multiple of the workers, so that no part is left to run alone on one core at the end while
# the others idle. A part of 250 to 2,500 register rows takes the same processor time a page
# (measured on the shared 2-core server: 0.085-0.091 s, and about half a second a part); a
# part of 1,000 (160 pages) keeps a child under half a gigabyte and leaves enough parts to
# even out the cores when other work takes one of them for a while.
PART_ROWS = 1_000
MIN_PART_ROWS = 500


@dataclass(frozen=True)
class Chunk:
    """What a template rendered in parts is told: which part it is. ``numbers_only``: the
    document that prints "Page x of y" alone on ``pages`` empty pages, numbered from
    ``first_page`` of ``total`` (the pages of a part, laid over it once every part is laid
    out)."""

    index: int = 0
    first: bool = False
    last: bool = False
    numbers_only: bool = False
    pages: Sequence[int] = ()
    first_page: int = 1
    total: int = 0


def part_count(rows: int, *, cores: int | None = None, weight: int = 1) -> int:
    """How many parts a report of ``rows`` rows is rendered in (1: in one piece): above
    MIN_PART_ROWS, the fewest parts of at most PART_ROWS rows whose number is a multiple of
    the workers: the ``cores`` (default: this machine's), or fewer when there are not
    MIN_PART_ROWS rows for each. ``weight``: how many rows of the transfer register
    (about 6 a page) one of its rows is worth in pages, for reports whose rows are longer (a
    breach with its obligations, an entity's page)."""
    rows *= weight
    if rows <= MIN_PART_ROWS:
        return 1
    workers = min(cores or os.cpu_count() or 1, math.ceil(rows / MIN_PART_ROWS))
    return workers * math.ceil(rows / (workers * PART_ROWS))


def render_pdf_in_parts(
    template_name: str,
    context: dict[str, Any],
    *,
    lang: str,
    rows_key: str = "rows",
    parts: int | None = None,
    processes: int | None = None,
    weight: int = 1,
    anchors_key: str = "",
) -> bytes:
    """Render ``template_name`` like ``render_pdf``, its ``context[rows_key]`` cut into ``parts``
    parts (default ``part_count`` of the rows and their ``weight``) laid out as separate
    documents, ``processes`` at a time in child processes (default: one per core; 1: in this
    process).

    The template is given ``chunk`` (a ``Chunk``): the first part prints what comes before the
    rows, the last what comes after. Each part starts on a new page, with the table's header
    row, as any page of the table does: a seam can leave the page before it part-empty (at
    most one page more per seam, never a header without a row). The page numbers ("Page x of
    y", in the template's words) are left out of the parts. Once every part is laid out, and so
    the page count of each known, each part's numbers are laid out, in the child processes
    again, as a document of empty pages with only the numbers (its first page numbered after
    the pages of the parts before it, CSS ``counter-reset: page``, and the total printed as
    text; WeasyPrint lays such pages out in a few milliseconds each) and laid over the part's
    pages with pikepdf (``_number_part``); the numbered parts are then joined (``_join``).
    The parts' HTML is rendered in the children as well.

    ``anchors_key``: the report prints the page numbers of its anchors (a table of contents,
    ``target-counter`` in one document). Then the first part holds only what comes before the
    rows, and once every part is laid out it is laid out again with ``context[anchors_key]``,
    the page number of every anchor (``id``) in the joined document, to print as text. It
    must keep its page count (a number in a fixed-width cell does not move a line).
    """
    rows = list(context[rows_key])
    count = parts if parts is not None else part_count(len(rows), weight=weight)
    if count <= 1 or len(rows) < 2:
        return render_pdf(template_name, context, lang=lang)
    size = math.ceil(len(rows) / count)
    slices: list[list[Any]] = [rows[i : i + size] for i in range(0, len(rows), size)]
    if anchors_key:
        slices.insert(0, [])  # the first part: the front matter and its table of contents

    def part_html(index: int, extra: dict[str, Any] | None = None) -> str:
        return render_html(
            template_name,
            {
                **context,
                **(extra or {}),
                rows_key: slices[index],
                "chunk": Chunk(index=index, first=index == 0, last=index == len(slices) - 1),
            },
            lang=lang,
        )

    # The parts' HTML is rendered in the children too (from the context they inherit when
    # forked): in this process it held the cores back for seconds before any part was laid out.
    rendered = _in_child_processes(
        lambda index: _render_part(part_html(index)), list(range(len(slices))), processes
    )
    numbers: dict[str, int] = {}
    front_links: list[InternalLink] = []
    if anchors_key:
        offset = 0
        for part in rendered:
            numbers.update({name: offset + page + 1 for name, page in part.anchors.items()})
            offset += part.pages
        front = _render_part(part_html(0, {anchors_key: numbers}))
        if front.pages != rendered[0].pages:
            raise RuntimeError("The front matter changed its page count once numbered.")
        front_links = front.links
        rendered[0] = front
    total = sum(part.pages for part in rendered)
    firsts = [1 + sum(part.pages for part in rendered[:n]) for n in range(len(rendered))]

    def numbered(index: int) -> bytes:
        numbers_html = render_html(
            template_name,
            {
                **context,
                rows_key: [],
                "chunk": Chunk(
                    numbers_only=True,
                    pages=range(rendered[index].pages),
                    first_page=firsts[index],
                    total=total,
                ),
            },
            lang=lang,
        )
        return _number_part(rendered[index].pdf, render_html_to_pdf(numbers_html))

    bookmarks = [
        replace(bookmark, page=first - 1 + bookmark.page)
        for part, first in zip(rendered, firsts, strict=True)
        for bookmark in part.bookmarks
    ]
    return _join(
        _in_child_processes(numbered, list(range(len(rendered))), processes),
        total=total,
        front_links=front_links,
        numbers=numbers,
        bookmarks=bookmarks,
    )


def _number_part(pdf: bytes, numbers: bytes) -> bytes:
    """A part's PDF with its page numbers (``numbers``: a PDF of as many pages, only the
    numbers on them) laid over its pages, each numbers page as a form XObject drawn after the
    page's content (pikepdf's ``add_overlay``: the content streams are not parsed again, and
    stay compressed as they are)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as part, pikepdf.open(io.BytesIO(numbers)) as overlay:
        if len(overlay.pages) != len(part.pages):
            raise RuntimeError(
                f"{len(overlay.pages)} page numbers laid out for {len(part.pages)} pages."
            )
        for page, numbers_page in zip(part.pages, overlay.pages, strict=True):
            page.add_overlay(numbers_page, pikepdf.Rectangle(page.mediabox))
        out = io.BytesIO()
        part.save(out)
    return out.getvalue()


def _join(
    parts: list[bytes],
    *,
    total: int,
    front_links: list[InternalLink],
    numbers: dict[str, int],
    bookmarks: list[Bookmark],
) -> bytes:
    """The numbered parts as one PDF: the first part's document (its title and metadata, as a
    render in one piece has them) with the pages of the others after its own, the outline of
    every part's ``bookmarks`` (on the joined pages) nested as one render nests them, and the
    front matter's links to the anchors of other parts (``numbers``: the page of each
    anchor, from 1)."""
    import pikepdf

    sources = [pikepdf.open(io.BytesIO(pdf)) for pdf in parts]
    try:
        joined = sources[0]
        for source in sources[1:]:
            joined.pages.extend(source.pages)
        if len(joined.pages) != total:
            raise RuntimeError(f"{len(joined.pages)} pages joined of {total} laid out.")
        with joined.open_outline() as outline:
            outline.root[:] = _outline(bookmarks, joined)
        # The front matter's links to the anchors of other parts (its contents): laid out
        # alone, the part had no such anchor and WeasyPrint left them out; they are added over
        # the joined pages, to the page each anchor is on. Layout rectangles are CSS px from
        # the top left, PDF rectangles points from the bottom left.
        for link in front_links:
            number = numbers.get(link.target)
            if number is None:
                continue
            page = joined.pages[link.page]
            x1, y1, x2, y2 = link.rectangle
            annotation = joined.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[*_pdf_point(page, x1, y2), *_pdf_point(page, x2, y1)],
                    Border=[0, 0, 0],
                    Dest=[joined.pages[number - 1].obj, pikepdf.Name.Fit],
                )
            )
            if pikepdf.Name.Annots not in page.obj:
                page.obj.Annots = pikepdf.Array()
            page.obj.Annots.append(annotation)
        out = io.BytesIO()
        joined.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
    finally:
        for source in sources:
            source.close()


def _outline(bookmarks: list[Bookmark], pdf: Any) -> list[Any]:
    """The outline of ``bookmarks`` (in the order of the document) for ``pdf``: each nested
    under the last bookmark of a lower level before it, a level skipped counting as none
    (WeasyPrint's ``Document.make_bookmark_tree``, which one render's outline comes from)."""
    import pikepdf

    root: list[pikepdf.OutlineItem] = []
    open_levels: list[tuple[int, list[pikepdf.OutlineItem]]] = [(0, root)]
    for bookmark in bookmarks:
        while open_levels[-1][0] >= bookmark.level:
            open_levels.pop()
        left, top = _pdf_point(pdf.pages[bookmark.page], bookmark.x, bookmark.y)
        item = pikepdf.OutlineItem(
            bookmark.label, bookmark.page, pikepdf.PageLocation.XYZ, left=left, top=top, zoom=0
        )
        item.is_closed = bookmark.state == "closed"
        open_levels[-1][1].append(item)
        open_levels.append((bookmark.level, item.children))
    return root


PT_PER_PX = 0.75  # a CSS px is 1/96 in, a PDF point 1/72 in


def _pdf_point(page: Any, x: float, y: float) -> tuple[float, float]:
    """A point of ``page`` laid out in CSS px from its top left, in PDF points from its bottom
    left."""
    height = float(page.mediabox[3]) - float(page.mediabox[1])
    return x * PT_PER_PX, height - y * PT_PER_PX


@dataclass(frozen=True)
class Bookmark:
    """A bookmark as laid out (``bookmark-level``, e.g. of a heading): its level, label, page
    (0-based) and point (CSS px from the page's top left), and whether it is open."""

    level: int
    label: str
    page: int
    x: float
    y: float
    state: str


@dataclass(frozen=True)
class InternalLink:
    """A link to an anchor (``href="#…"``) as laid out: its page (0-based, in its part), the
    anchor's name and its rectangle (x1, y1, x2, y2 in CSS px from the page's top left)."""

    page: int
    target: str
    rectangle: tuple[float, float, float, float]


@dataclass(frozen=True)
class RenderedPart:
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # the page (0-based, in the part) of each anchor (``id``)
    links: list[InternalLink]
    bookmarks: list[Bookmark]


def _render_part(html: str) -> RenderedPart:
    """One part's PDF, the page of each of its anchors, its links to anchors and its bookmarks,
    from WeasyPrint's laid-out document (``Document.pages[n].anchors``, ``.links`` and
    ``.bookmarks``)."""
    from weasyprint import HTML

    with collector_relaxed(RENDER_GC_THRESHOLD):
        document = HTML(string=html, url_fetcher=_weasyprint_fetcher(StaticFileFetcher()))
        laid_out = document.render()
        # An element laid out over several pages has its anchor on each: the first counts.
        anchors: dict[str, int] = {}
        links: list[InternalLink] = []
        bookmarks: list[Bookmark] = []
        for n, page in enumerate(laid_out.pages):
            for name in page.anchors:
                anchors.setdefault(name, n)
            for level, label, (x, y), state in page.bookmarks:
                bookmarks.append(Bookmark(level, label, n, float(x), float(y), state))
            for kind, target, rectangle, _box in page.links:
                if kind == "internal":
                    x1, y1, x2, y2 = (float(v) for v in rectangle)
                    links.append(InternalLink(n, str(target), (x1, y1, x2, y2)))
        pdf: bytes = laid_out.write_pdf()
    return RenderedPart(pdf, len(laid_out.pages), anchors, links, bookmarks)


# The work of the children of ``_in_child_processes`` running now, by a key each run has: a
# forked child finds it here (the closure and everything it refers to come with the fork; only
# the job, an index, and the result are sent through the pool).
_FORKED_WORK: dict[int, Callable[[Any], Any]] = {}
_FORKED_KEYS = itertools.count()


def _in_child_processes(work: Callable[[T], R], jobs: list[T], processes: int | None) -> list[R]:
    """``[work(job) for job in jobs]``, ``processes`` jobs at a time (default: one per core),
    each in a child process forked for it."""
    workers = min(len(jobs), processes or os.cpu_count() or 1)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(job) for job in jobs]
    # Forked children: WeasyPrint (with Pango and fontconfig) and pikepdf imported here, once,
    # before the fork, or each child imports them again (measured: a part of 20 rows took 2.3 s
    # forked from a process without them, 0.45 s with them); a child renders one part and
    # ends, so its memory and its garbage go with it.
    import pikepdf  # noqa: F401
    import weasyprint  # noqa: F401

    key = next(_FORKED_KEYS)
    _FORKED_WORK[key] = work
    try:
        with multiprocessing.get_context("fork").Pool(
            workers, initializer=_start_part_process, maxtasksperchild=1
        ) as pool:
            return pool.map(_forked_work, [(key, job) for job in jobs], chunksize=1)
    finally:
        del _FORKED_WORK[key]


def _forked_work(keyed: tuple[int, Any]) -> Any:
    key, job = keyed
    return _FORKED_WORK[key](job)


def _start_part_process() -> None:
    """In a forked child, first: what it inherited from the parent frozen out of the cyclic
    collector's reach (``gc.freeze``: a collection in the child walked every object of the
    parent, the report's whole context among them, and touched their pages, which the fork
    shared); and no handler the parent added to WeasyPrint's progress logger (a job's progress
    is written with the parent's database connection, which a child must never use)."""
    import logging

    gc.freeze()

    progress = logging.getLogger("weasyprint.progress")
    for handler in list(progress.handlers):
        progress.removeHandler(handler)
    progress.setLevel(logging.WARNING)
