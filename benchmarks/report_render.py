"""PDF rendering at scale: the transfer register of a 5,000-transfer group, WeasyPrint vs Chromium.

Seeds (once) a group with ``--transfers`` transfers through ``seed_scale``, renders its transfer
register through the background path (a ``ReportJob`` run by the Celery task function, called
eagerly in this process: never inside a web request) and records pages, total time and time per
page; then prints the very HTML WeasyPrint was given (``registry.report_context`` +
``pdf.render_html``, the stylesheet inlined since Chromium cannot read the ``static:`` scheme)
with headless Chromium through Playwright, and records its pages and time per page. Writes
``benchmarks/results/reports.md`` (previous runs kept). Ratios, not timed assertions.

    DJANGO_SECRET_KEY=x .venv/bin/python benchmarks/report_render.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dpo_desk_bench_reports \
        DJANGO_SECRET_KEY=x .venv/bin/python benchmarks/report_render.py

Without ``DATABASE_URL`` it uses its own SQLite file (``var/benchmark_reports.sqlite3``), never
the development database.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from common import ROOT, setup_django

RESULTS = ROOT / "benchmarks" / "results" / "reports.md"
CHROMIUM = os.environ.get("DPO_DESK_CHROMIUM", "/usr/bin/chromium")
HEADER = [
    "# PDF report rendering benchmark",
    "",
    "The transfer register (`transfer_register`) of a synthetic group (`seed_scale`, 300",
    "entities) rendered through the background path: a `ReportJob` run by the Celery task",
    "function `render_report_job`, called eagerly (context from the selectors, HTML, WeasyPrint",
    "layout, PDF stored). `context s` is the context alone (a separate run). Then the same HTML,",
    "with the stylesheet inlined, printed by headless Chromium (Playwright, `page.pdf`, CSS page",
    "size) on the same machine. Chromium honours the landscape page size, the margins and the",
    "repeated table header, so its pages hold the same rows (page counts within one), but it",
    "prints no running header or footer (`string-set` in CSS margin boxes, `page X of Y`), which",
    "WeasyPrint lays out on every page. `ratio` is WeasyPrint's time per page over Chromium's;",
    "Chromium's time is the HTML to PDF only, WeasyPrint's the whole job. Wall-clock on a shared",
    "machine: the load average at the start of the run is recorded with it.",
    "",
    "| run (UTC) | database | transfers | engine | pages | total s | s/page | context s "
    "| ratio | load avg | machine |",
    "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|",
]


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
    return f"{model}, {os.cpu_count()} cores (nproc), {kib / 1024 / 1024:.0f} GiB RAM"


@dataclass(frozen=True)
class Run:
    engine: str
    pages: int
    seconds: float

    @property
    def per_page(self) -> float:
        return self.seconds / self.pages


def pages_of(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def weasyprint_job(group: object, as_of: date) -> tuple[Run, bytes]:
    """The background path: a job row, then the Celery task function run in this process."""
    from compliance.reports.models import ReportJob, ReportJobState
    from compliance.tasks import render_report_job

    job = ReportJob.objects.create(
        kind="transfer_register",
        object_id=str(group.pk),
        lang="en",
        as_of=as_of,  # type: ignore[attr-defined]
    )
    start = time.perf_counter()
    state = render_report_job(job.pk)
    seconds = time.perf_counter() - start
    job.refresh_from_db()
    assert state == ReportJobState.DONE, (state, job.error)
    with job.file.open("rb") as handle:
        pdf = handle.read()
    return Run("WeasyPrint (job)", pages_of(pdf), seconds), pdf


def report_html(group: object, as_of: date) -> tuple[str, float]:
    """The HTML WeasyPrint is given, with the stylesheet inlined; and the context's time."""
    from django.contrib.staticfiles import finders

    from compliance.reports import registry
    from compliance.reports.pdf import render_html

    start = time.perf_counter()
    spec, _obj, context = registry.report_context(
        "transfer_register", obj=group, user=None, lang="en", as_of=as_of
    )
    context_seconds = time.perf_counter() - start
    html = render_html(spec.template, context, lang="en")
    css = Path(str(finders.find("reports/print.css"))).read_text(encoding="utf-8")
    link = '<link rel="stylesheet" href="static:reports/print.css">'
    assert link in html
    return html.replace(link, f"<style>{css}</style>"), context_seconds


def chromium_print(html: str) -> tuple[Run, bytes]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = browser.new_page()
        # Nothing is fetched: the HTML is self-contained, as WeasyPrint's fetcher ensures.
        page.route("**/*", lambda route: route.abort())
        start = time.perf_counter()
        page.set_content(html, wait_until="load")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        seconds = time.perf_counter() - start
        browser.close()
    return Run("Chromium (Playwright)", pages_of(pdf), seconds), pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--entities", type=int, default=300)
    parser.add_argument("--transfers", type=int, default=5000)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 1, 1))
    parser.add_argument("--keep", type=Path, help="directory to keep both PDFs in, to compare")
    args = parser.parse_args()
    setup_django(sqlite_default="benchmark_reports.sqlite3")

    from django.core.management import call_command
    from django.db import connection

    from compliance.registry.demo import seed_scale
    from transfers.reports import transfer_count

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    group = seed_scale(entities=args.entities, transfers=args.transfers, breaches=0)
    printed = transfer_count(group, None, args.as_of)

    load = os.getloadavg()[0]
    weasy, weasy_pdf = weasyprint_job(group, args.as_of)
    html, context_seconds = report_html(group, args.as_of)
    chromium, chromium_pdf = chromium_print(html)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "weasyprint.pdf").write_bytes(weasy_pdf)
        (args.keep / "chromium.pdf").write_bytes(chromium_pdf)

    vendor = f"{connection.vendor} {'.'.join(map(str, connection.get_database_version()))}"
    when = f"{datetime.now(tz=UTC):%Y-%m-%d %H:%M}"
    ratio = weasy.per_page / chromium.per_page
    rows = [
        f"| {when} | {vendor} | {printed} | {weasy.engine} | {weasy.pages} | {weasy.seconds:.1f} "
        f"| {weasy.per_page:.3f} | {context_seconds:.1f} | {ratio:.1f} | {load:.1f} | "
        f"{machine()} |",
        f"| {when} | {vendor} | {printed} | {chromium.engine} | {chromium.pages} | "
        f"{chromium.seconds:.1f} | {chromium.per_page:.3f} | — | 1.0 | {load:.1f} | {machine()} |",
    ]
    previous = []
    if RESULTS.exists():
        previous = [
            line for line in RESULTS.read_text(encoding="utf-8").splitlines() if line[:4] == "| 20"
        ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join([*HEADER, *previous, *rows]) + "\n", encoding="utf-8")
    print("\n".join(rows))
    print(f"HTML {len(html) / 1e6:.1f} MB; {printed} transfers in effect on {args.as_of}")


if __name__ == "__main__":
    main()
