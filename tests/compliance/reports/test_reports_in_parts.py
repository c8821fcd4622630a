"""The breach register and the group-status report rendered in parts print what one render
prints (issue 21), and the breach register's markup of today prints what the markup of before
printed (``legacy_breach_register.html``, a frozen copy: an id on every breach's rows, second
lines as ``<br><span>``).

The data is fixed: a synthetic group seeded with the clock stopped, so that every breach's
instant of awareness, and with it every page, is the same on every run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.template import engines
from django.utils import translation

from benchmarks.pdf_text import BREACH_HEADER_WORDS, layout_pages, page_numbers, rows_words
from compliance.registry.demo import seed_scale
from compliance.reports import jobs, registry
from compliance.reports import pdf as pdf_module
from compliance.reports.models import ReportJob, ReportJobState
from compliance.reports.pdf import render_html, render_pdf, render_pdf_in_parts

pytestmark = pytest.mark.django_db

LEGACY = Path(__file__).with_name("legacy_breach_register.html")
NOW = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)
AS_OF = date(2026, 1, 1)
PERIOD_START = date(2022, 1, 1)  # every synthetic breach (aware from 2022 to the seeding)


@pytest.fixture
def stopped_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def scale_group(stopped_clock: None) -> Any:
    call_command("load_reference_data", verbosity=0)
    return seed_scale(entities=6, breaches=24, transfers=0)


def _breach_register(group: Any) -> tuple[registry.ReportKind, dict[str, Any]]:
    spec, _obj, context = registry.report_context(
        "breach_register",
        obj=group,
        user=None,
        lang="en",
        as_of=AS_OF,
        generated_at=NOW,
        period_start=PERIOD_START,
    )
    return spec, context


def _rows_words(pages: list[list[str]]) -> list[str]:
    return rows_words(pages, header_words=BREACH_HEADER_WORDS, running_title=("Breach", "register"))


def test_breach_register_markup_prints_the_same_pages_and_words_as_before(
    scale_group: Any,
) -> None:
    spec, context = _breach_register(scale_group)
    assert len(context["rows"]) == 24
    with translation.override("en"):
        legacy = engines["django"].from_string(LEGACY.read_text(encoding="utf-8"))
        before = legacy.render({**context, "lang": "en"})
    today = render_html(spec.template, context, lang="en")
    assert 'id="breach-' in before
    assert "<br><span" in before
    assert 'id="breach-' not in today
    assert "<br><span" not in today

    old = layout_pages(pdf_module.render_html_to_pdf(before, relax_collector=False))
    new = layout_pages(pdf_module.render_html_to_pdf(today))
    assert len(old) == 24
    assert len(new) == len(old)
    assert [" ".join(lines).split() for lines in new] == [" ".join(lines).split() for lines in old]


def test_breach_register_in_parts_prints_the_same_rows_numbered_across_the_seams(
    scale_group: Any,
) -> None:
    spec, context = _breach_register(scale_group)
    whole = layout_pages(render_pdf(spec.template, context, lang="en"))
    parts = layout_pages(
        render_pdf_in_parts(spec.template, context, lang="en", parts=3, processes=2)
    )

    assert len(whole) == 24
    # Each part starts on a page of its own: at most one page more per seam.
    assert len(whole) <= len(parts) <= len(whole) + 2
    total = len(parts)
    assert page_numbers(parts) == [["Page", str(n), "of", str(total)] for n in range(1, total + 1)]
    assert _rows_words(parts) == _rows_words(whole)
    text = [" ".join(" ".join(lines).split()) for lines in parts]
    assert [n for n, page in enumerate(text) if "Breaches in the period" in page] == [0]
    # No page more without a breach on it than in one render (no header left alone at a seam).
    whole_text = [" ".join(" ".join(lines).split()) for lines in whole]
    assert sum("Synthetic breach" not in page for page in text) == sum(
        "Synthetic breach" not in page for page in whole_text
    )


def test_breach_register_parts_follow_the_breaches_weight() -> None:
    spec = registry.get_report("breach_register")
    assert (spec.parts_along, spec.part_weight, spec.parts_anchors) == ("rows", 4, "")
    assert pdf_module.part_count(125, cores=2, weight=spec.part_weight) == 1
    assert pdf_module.part_count(126, cores=2, weight=spec.part_weight) == 2
    assert pdf_module.part_count(5_000, cores=2, weight=spec.part_weight) == 20


def _group_status(group: Any) -> tuple[registry.ReportKind, dict[str, Any]]:
    spec, _obj, context = registry.report_context(
        "group_status", obj=group, user=None, lang="en", as_of=AS_OF, generated_at=NOW
    )
    return spec, context


def _group_status_in_parts(spec: registry.ReportKind, context: dict[str, Any]) -> bytes:
    """The group status as its job renders it: along its entity pages, its contents numbered,
    in three parts on two processes."""
    return render_pdf_in_parts(
        spec.template,
        context,
        lang="en",
        rows_key="pages",
        anchors_key="anchor_pages",
        parts=3,
        processes=2,
    )


def test_group_status_in_parts_prints_the_same_pages_with_the_contents_numbered(
    scale_group: Any,
) -> None:
    spec, context = _group_status(scale_group)
    assert (spec.parts_along, spec.parts_anchors) == ("pages", "anchor_pages")
    assert len(context["pages"]) == 6
    whole = layout_pages(render_pdf(spec.template, context, lang="en"))
    parts = layout_pages(_group_status_in_parts(spec, context))

    # Every entity starts a page in one render too: the seams add no page, and every page
    # prints the same words, its "Page x of y" and the contents' page numbers included.
    assert len(whole) == 14
    assert len(parts) == len(whole)
    assert [" ".join(lines).split() for lines in parts] == [
        " ".join(lines).split() for lines in whole
    ]
    total = len(parts)
    assert page_numbers(parts) == [["Page", str(n), "of", str(total)] for n in range(1, total + 1)]
    # The contents list every entity with its page number (the same as target-counter's in
    # the one render, compared above), though the first part holds none of the entity pages.
    contents = [
        line
        for lines in parts
        for line in lines
        if re.search(r"\(S000\d\)\s+[A-Z]{2}\s+\d+$", line)
    ]
    assert len(contents) == 6


def test_page_in_prints_a_known_number_and_nothing_else() -> None:
    from compliance.templatetags.dpo_desk import page_in

    assert page_in("entity-7", {"entity-7": 12}) == "12"
    assert page_in("entity-8", {"entity-7": 12}) == ""
    assert page_in("entity-7", None) == ""


def test_a_long_group_status_job_renders_in_parts(
    scale_group: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, Any]] = []
    real = jobs.render_pdf_in_parts

    def spy(template: str, context: dict[str, Any], **kwargs: Any) -> bytes:
        seen.append(kwargs)
        return real(template, context, **{**kwargs, "parts": 2, "processes": 1})

    monkeypatch.setattr(jobs, "render_pdf_in_parts", spy)
    job = ReportJob.objects.create(
        kind="group_status", object_id=str(scale_group.pk), lang="en", as_of=AS_OF
    )
    from compliance.tasks import render_report_job

    assert render_report_job(job.pk) == ReportJobState.DONE
    assert seen == [
        {"lang": "en", "rows_key": "pages", "weight": 60, "anchors_key": "anchor_pages"}
    ]


def _link_targets(pdf: bytes) -> list[list[int]]:
    """Per page, the pages (0-based) its internal links go to, however the PDF writes them
    (a named destination, or an explicit page)."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    page_of_ref = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    named = {str(name): dest for name, dest in reader.named_destinations.items()}

    def page_of(dest: Any) -> int:
        dest = dest.get_object() if hasattr(dest, "get_object") else dest
        if isinstance(dest, str):
            return reader.get_destination_page_number(named[str(dest)])
        return page_of_ref[dest[0].idnum]

    targets = []
    for page in reader.pages:
        found = []
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annotation:
                found.append(page_of(annotation["/Dest"]))
            elif annotation.get("/A", {}).get("/S") == "/GoTo":
                found.append(page_of(annotation["/A"]["/D"]))
        targets.append(sorted(found))
    return targets


def test_group_status_in_parts_links_its_contents_to_the_pages_as_one_render_does(
    scale_group: Any,
) -> None:
    """The contents' entries are links in one render; laid out in parts, the front matter has
    none of the anchors, so the links are added over the joined pages: the same pages."""
    spec, context = _group_status(scale_group)
    whole = _link_targets(render_pdf(spec.template, context, lang="en"))
    parts = _link_targets(_group_status_in_parts(spec, context))

    # Each entity's name and page number link to its page (one render lists the page
    # number's link twice: its box and its generated text), each section's title and page
    # number to the section: the same pages from the same pages.
    assert [sorted(set(t)) for t in parts] == [sorted(set(t)) for t in whole]
    entity_pages = sorted({t for targets in whole for t in targets})
    assert len(entity_pages) >= len(context["pages"])
    assert sum(len(t) for t in parts) == 2 * (
        len(context["pages"]) + len(context.get("group_sections") or [])
    )


def test_numbers_of_a_part_start_after_the_parts_before_it_and_print_the_total() -> None:
    numbers = render_html(
        "reports/base.html",
        {
            "report_title": "Register",
            "as_of": AS_OF,
            "generated_at": NOW,
            "chunk": pdf_module.Chunk(numbers_only=True, pages=range(3), first_page=7, total=40),
        },
        lang="en",
    )
    pages = layout_pages(pdf_module.render_html_to_pdf(numbers))
    assert page_numbers(pages) == [
        ["Page", "7", "of", "40"],
        ["Page", "8", "of", "40"],
        ["Page", "9", "of", "40"],
    ]


def test_pages_joined_from_parts_keep_their_content_compressed(scale_group: Any) -> None:
    """Numbered with pypdf, a page's content was written out uncompressed: the joined register
    was ten times the size of its parts."""
    import io

    from pypdf import PdfReader

    spec, context = _breach_register(scale_group)
    joined = PdfReader(
        io.BytesIO(render_pdf_in_parts(spec.template, context, lang="en", parts=3, processes=1))
    )

    def filters(page: Any) -> list[str]:
        contents = page["/Contents"].get_object()
        streams = contents if isinstance(contents, list) else [contents]
        return [str(stream.get_object().get("/Filter")) for stream in streams]

    assert len(joined.pages) >= 24
    assert [filters(page) for page in joined.pages] == [["/FlateDecode"]] * len(joined.pages)


def _outline(pdf: bytes) -> tuple[str, list[Any]]:
    """The document's title and its outline: per bookmark its title, the page (0-based) and the
    height it goes to, and its children."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))

    def items(outline: list[Any]) -> list[Any]:
        found: list[Any] = []
        for item in outline:
            if isinstance(item, list):
                found.append(items(item))
            else:
                top = item.get("/Top")
                found.append(
                    (
                        str(item["/Title"]),
                        reader.get_destination_page_number(item),
                        None if top is None else round(float(top), 1),
                    )
                )
        return found

    return str((reader.metadata or {}).get("/Title")), items(reader.outline)


def test_group_status_in_parts_keeps_the_title_and_bookmarks_of_one_render(
    scale_group: Any,
) -> None:
    """Joined from parts, the document keeps the title of its metadata and an outline whose
    bookmarks go to the same places as one render's (each part's bookmarks point at its own
    pages: they are moved to the joined pages)."""
    spec, context = _group_status(scale_group)
    title, whole = _outline(render_pdf(spec.template, context, lang="en"))
    parts = _outline(_group_status_in_parts(spec, context))

    assert title == str(context["report_title"])
    assert parts == (title, whole)
    # The entities' names are bookmarks under the report's title, each on its own page.
    assert whole[0] == (title, 0, 767.9)
    nested = [item for item in whole[1] if not isinstance(item, list)]
    entities = [name for name, _page, _top in nested if name.startswith("Scale ")]
    assert len(entities) == 6
    assert len({page for name, page, _top in nested if name in entities}) == 6


def test_children_leave_what_they_inherited_out_of_the_collectors_reach() -> None:
    """A forked child freezes what it inherited first (``gc.freeze``): a collection in the
    child walked every object of the parent, a report's whole context among them."""
    import gc

    marker: list[object] = [object()]

    def inherited_is_collectable(_job: int) -> bool:
        return any(obj is marker for obj in gc.get_objects())

    assert inherited_is_collectable(0) is True
    assert pdf_module._in_child_processes(inherited_is_collectable, [0, 1], 2) == [False, False]


def test_parts_html_is_rendered_in_the_children(
    scale_group: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parts' HTML (and their numbers') is rendered by the forked children: this process
    renders none of it (it held the cores back for seconds before any part was laid out)."""
    spec, context = _breach_register(scale_group)
    calls: list[str] = []
    real = pdf_module.render_html

    def spy(template_name: str, context: dict[str, Any], *, lang: str) -> str:
        calls.append(template_name)
        return real(template_name, context, lang=lang)

    monkeypatch.setattr(pdf_module, "render_html", spy)
    pdf = render_pdf_in_parts(spec.template, context, lang="en", parts=3, processes=2)

    assert calls == []
    assert len(layout_pages(pdf)) >= 24
