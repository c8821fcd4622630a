"""The transfer register's PDF before and after the rendering changes of issue 21, interleaved.

Seeds (once) a group with ``--transfers`` transfers through ``seed_scale``, builds the register's
context once, and renders it in variants, each in a fresh forked process (so that its peak
memory is its own and one variant's garbage is not collected in another's time):

- ``before``: the markup of before (``tests/transfers/legacy_transfer_register.html``: an id on
  every row, second lines as ``<br><span>``), the collector's default thresholds;
- ``gc``: the markup of before, the collector relaxed while WeasyPrint renders;
- ``markup``: today's markup, the default thresholds;
- ``both``: today's markup, the collector relaxed (``compliance.reports.pdf.render_pdf``);
- ``chunked``: today's path for long registers (``render_pdf_in_parts``, ``--chunks`` parts
  in parallel forked children); its words are compared without the repeated table header
  and page furniture (see ``words``).

Each variant's pages, seconds, s/page, peak RSS (VmHWM after a reset) and whether its words
are those of ``before`` (``pdftotext``). Appends to ``benchmarks/results/pdf_speed.md``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dpo_desk_speed21 \\
        DJANGO_SECRET_KEY=x .venv/bin/python benchmarks/pdf_speed.py --transfers 500
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import multiprocessing
import os
import re
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from common import ROOT, ensure_database, hardware, setup_django
from pdf_text import TRANSFER_HEADER_WORDS, layout_pages, pdf_words, rows_words

RESULTS = ROOT / "benchmarks" / "results" / "pdf_speed.md"
LEGACY = ROOT / "tests" / "transfers" / "legacy_transfer_register.html"
HEADER = [
    "# Transfer register PDF: before and after (issue 21)",
    "",
    "Variants of one register, rendered one after the other in fresh forked processes in the same",
    "run (see `benchmarks/pdf_speed.py`). `ratio` is the variant's seconds over `before`'s;",
    "`words` says whether `pdftotext` finds exactly the words of `before` (`same rows`: the same",
    "words once the running header, the repeated table header and the footer are left out, as",
    "for a render in parts, whose seams may add a page each). Wall-clock on a shared",
    "2-core machine: compare ratios within a run, not seconds across runs.",
    "",
    "| run (UTC) | transfers | variant | pages | s | s/page | ratio | peak MB | words | load |",
    "|---|---:|---|---:|---:|---:|---:|---:|---|---:|",
]


def _peak_reset() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    match = re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text())
    return int(match.group(1)) / 1024 if match else float("nan")


def _rows_words(pdf: bytes) -> list[str]:
    """The words without the running header, the repeated table header rows and the footer:
    what a render in parts must keep (its seams add pages, and with them these lines)."""
    return rows_words(layout_pages(pdf), header_words=TRANSFER_HEADER_WORDS)


def _render(variant: str, html: str, chunks: int, queue: Any, parts: Any) -> None:
    from pypdf import PdfReader

    from compliance.reports import pdf as pdf_module

    gc.collect()
    _peak_reset()
    start = time.perf_counter()
    if variant in ("before", "markup"):
        content = pdf_module.render_html_to_pdf(html, relax_collector=False)
    elif variant == "chunked":
        content = parts(chunks)
    else:
        content = pdf_module.render_html_to_pdf(html)
    seconds = time.perf_counter() - start
    import io

    pages = len(PdfReader(io.BytesIO(content)).pages)
    words = hashlib.sha256("\n".join(pdf_words(content)).encode()).hexdigest()
    words += ":" + hashlib.sha256("\n".join(_rows_words(content)).encode()).hexdigest()
    queue.put((pages, seconds, _peak_mb(), words))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--entities", type=int, default=300)
    parser.add_argument("--transfers", type=int, default=500)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 1, 1))
    parser.add_argument("--chunks", type=int, default=2)
    parser.add_argument(
        "--variants", default="before,gc,markup,both,chunked", help="comma-separated, in order"
    )
    args = parser.parse_args()
    if "DATABASE_URL" in os.environ:
        ensure_database(os.environ["DATABASE_URL"])
    setup_django(sqlite_default="benchmark_reports.sqlite3")

    from django.core.management import call_command
    from django.template import engines
    from django.utils import translation

    from compliance.registry.demo import seed_scale
    from compliance.reports import registry
    from compliance.reports.pdf import render_html, render_pdf_in_parts
    from transfers.reports import transfer_count

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    group = seed_scale(entities=args.entities, transfers=args.transfers, breaches=0)
    printed = transfer_count(group, None, args.as_of)
    spec, _obj, context = registry.report_context(
        "transfer_register",
        obj=group,
        user=None,
        lang="en",
        as_of=args.as_of,
        generated_at=datetime(2026, 1, 2, 9, 0, tzinfo=UTC),
    )
    today = render_html(spec.template, context, lang="en")
    with translation.override("en"):
        legacy = engines["django"].from_string(LEGACY.read_text(encoding="utf-8"))
        before = legacy.render({**context, "lang": "en"})

    def render_parts(parts: int) -> bytes:
        return render_pdf_in_parts(spec.template, context, lang="en", parts=parts)

    load = os.getloadavg()[0]
    when = f"{datetime.now(tz=UTC):%Y-%m-%d %H:%M}"
    fork = multiprocessing.get_context("fork")
    results: dict[str, tuple[int, float, float, str]] = {}
    rows = []
    for variant in args.variants.split(","):
        queue = fork.Queue()
        html = before if variant in ("before", "gc") else today
        child = fork.Process(target=_render, args=(variant, html, args.chunks, queue, render_parts))
        child.start()
        results[variant] = queue.get()
        child.join()
        pages, seconds, peak, words = results[variant]
        base = results.get("before")
        ratio = f"{seconds / base[1]:.2f}" if base else "—"
        if base is None:
            same = "—"
        elif words == base[3]:
            same = "same"
        elif words.split(":")[1] == base[3].split(":")[1]:
            same = "same rows"
        else:
            same = "DIFFERENT"
        name = f"chunked ({args.chunks})" if variant == "chunked" else variant
        rows.append(
            f"| {when} | {printed} | {name} | {pages} | {seconds:.1f} | {seconds / pages:.3f} "
            f"| {ratio} | {peak:.0f} | {same} | {load:.1f} |"
        )
        print(rows[-1], flush=True)
    previous = []
    if RESULTS.exists():
        previous = [
            line for line in RESULTS.read_text(encoding="utf-8").splitlines() if line[:4] == "| 20"
        ]
    RESULTS.write_text(
        "\n".join([*HEADER, *previous, *rows, "", f"Machine: {hardware()}"]) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
