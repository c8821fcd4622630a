"""PDF renders at group scale, before and after in one run, against headless Chromium (issue 21).

Used by ``group_scale.py`` (``make bench``) on the group it seeded. For each size (transfers in
the register: the first N rows of the group's register as of the run's date) it renders, one
after the other and each in a fresh forked process:

- ``Chromium``: today's HTML as one document, the stylesheet inlined, printed by headless
  Chromium (Playwright, ``page.pdf``): the yardstick of the issue (Chromium prints no running
  header or footer);
- ``before``: the markup of before (``tests/transfers/legacy_transfer_register.html``: an id on
  every row, second lines as ``<br><span>``) as one document with the collector's default
  thresholds, which is how every register was rendered before issue 21;
- ``job path``: what the report job runs today (``render_pdf_in_parts`` along the rows, with
  its default number of parts, on every core; the collector relaxed in each part).

Each render's wall-clock seconds, pages, seconds per page, and peak memory: the largest sum of
the proportional set sizes (PSS, so pages shared after a fork count once) over the process and
every process it started (parts, Chromium), sampled every 0.2 s for the first 5 s of a
render, then every second (``PeakSampler``: a sample costs the render processor time). ``CPU
s``: the processor seconds of that process tree (user and system, every process waited for):
on a server other work shares, the wall-clock seconds follow its load (the one-minute load
average at the end of each render is printed beside them), the processor seconds much less.
``words``: whether the job path prints the same rows' words as ``before`` (running header,
table header rows and footer left out: its seams may add a page each).

``BENCH_PDF_BEFORE=0`` leaves ``before`` out (the slowest render: about six minutes at 5,000
transfers), to compare the job path with Chromium while working on it; ``words`` is then not
compared. ``make bench`` renders all three.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from pdf_text import (
    BREACH_HEADER_WORDS,
    TRANSFER_HEADER_WORDS,
    layout_pages,
    rows_words,
)

ROOT = Path(__file__).resolve().parent.parent
LEGACY_TRANSFER_REGISTER = ROOT / "tests" / "transfers" / "legacy_transfer_register.html"
CHROMIUM = os.environ.get("DPO_DESK_CHROMIUM", "/usr/bin/chromium")
GENERATED_AT = datetime(2026, 1, 2, 9, 0, tzinfo=UTC)
# The sizes of the issue are 1,000, 5,000 and 20,000 transfers; the largest takes about ten
# minutes and 8 GB in the render of before, so it is asked for explicitly:
# BENCH_PDF_SIZES=1000,5000,20000 make bench
DEFAULT_SIZES = (1_000, 5_000)


def before_from_environment() -> bool:
    return os.environ.get("BENCH_PDF_BEFORE", "1").strip() != "0"


def sizes_from_environment() -> list[int]:
    raw = os.environ.get("BENCH_PDF_SIZES", "")
    if not raw.strip():
        return list(DEFAULT_SIZES)
    return [int(part) for part in raw.replace(" ", "").split(",") if part]


@dataclass
class PdfRun:
    report: str
    size: int  # rows asked for
    rows: int  # rows printed (at most the rows the group has)
    variant: str
    pages: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0
    cpu_seconds: float = 0.0  # of the process tree
    load: float = 0.0  # one-minute load average at the end of the render
    words: str = ""  # "same rows", "DIFFERENT", "" (not compared)
    error: str = ""

    @property
    def per_page(self) -> float:
        return self.seconds / self.pages if self.pages else float("nan")


# ---------------------------------------------------------------------------------------------
# Peak memory of a process tree


def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses; split after the last ')'
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    tree = _children_of()
    todo, found = [root], []
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, ()))
    return found


def tree_pss_mb(root: int) -> float:
    return sum(_pss_kib(pid) for pid in _tree(root)) / 1024


TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User and system seconds of ``pid`` so far (0 once it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


class PeakSampler:
    """Samples the PSS of ``pid`` and its descendants every ``interval`` seconds for the first
    ``ramp`` seconds, then every ``slow_interval`` seconds; ``peak`` MB. ``cpu_seconds``: the
    sum over every process seen in the tree of its last sampled processor seconds (a process's
    last interval before it ends is missed; Chromium's processes, started by its zygote, are
    counted although no process of the tree waits for them).

    A sample costs processor time the render is measured without: reading the PSS makes the
    kernel walk the mappings of every process of the tree (35 ms a sample for the job path's
    parts of the 5,000-transfer register, 3.2 processor seconds of its 36 s at five samples a
    second, taken from the two cores the render runs on). A long render's memory rises and
    falls over seconds (a part's layout, then its PDF): once a render has run ``ramp``
    seconds, a sample a second finds its peak at a fifth of that cost; a short one (Chromium
    at 1,000 transfers: 2.5 s) is still sampled five times a second."""

    def __init__(
        self, pid: int, interval: float = 0.2, slow_interval: float = 1.0, ramp: float = 5.0
    ) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0.0
        self.slow_interval, self.ramp = slow_interval, ramp
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def cpu_seconds(self) -> float:
        return sum(self._cpu.values())

    def _run(self) -> None:
        start = time.monotonic()
        while not self._stop.is_set():
            pids = _tree(self.pid)
            self.peak = max(self.peak, sum(_pss_kib(pid) for pid in pids) / 1024)
            for pid in pids:
                self._cpu[pid] = max(self._cpu.get(pid, 0.0), _cpu_seconds(pid))
            ramped = time.monotonic() - start >= self.ramp
            self._stop.wait(self.slow_interval if ramped else self.interval)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# ---------------------------------------------------------------------------------------------
# One render in a forked child


def _child(render: Callable[[], bytes], queue: Any) -> None:
    import gc

    try:
        gc.collect()
        start = time.perf_counter()
        content = render()
        seconds = time.perf_counter() - start
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(content)).pages)
        queue.put((pages, seconds, content, ""))
    except Exception as exc:  # recorded in the table (Chromium's "Printing failed")
        queue.put((0, 0.0, b"", f"{type(exc).__name__}: {str(exc)[:80]}"))


@dataclass
class Forked:
    pages: int
    seconds: float
    peak_mb: float
    cpu_seconds: float
    content: bytes
    error: str


def run_forked(render: Callable[[], bytes]) -> Forked:
    """``render()`` run in a fresh forked process: its pages, seconds, peak MB, processor
    seconds (of the process tree: the larger of what the child and the processes it waited
    for were charged and what the sampler saw), PDF and error."""
    fork = multiprocessing.get_context("fork")
    queue = fork.Queue()
    before = os.times()
    child = fork.Process(target=_child, args=(render, queue))
    child.start()
    assert child.pid is not None
    with PeakSampler(child.pid) as sampler:
        pages, seconds, content, error = queue.get()
    child.join()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return Forked(pages, seconds, sampler.peak, max(cpu, sampler.cpu_seconds), content, error)


# ---------------------------------------------------------------------------------------------
# The renders


def inline_stylesheet(html: str) -> str:
    """Chromium cannot read the ``static:`` scheme: the print stylesheet inlined."""
    from django.contrib.staticfiles import finders

    css = Path(str(finders.find("reports/print.css"))).read_text(encoding="utf-8")
    link = '<link rel="stylesheet" href="static:reports/print.css">'
    assert link in html
    return html.replace(link, f"<style>{css}</style>")


def chromium_pdf(html: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # self-contained: nothing fetched
            page.set_content(html, wait_until="load", timeout=0)
            pdf: bytes = page.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    return pdf


def _measure(
    report: str,
    size: int,
    rows: int,
    variant: str,
    render: Callable[[], bytes],
    *,
    compare_to: bytes | None,
    header_words: frozenset[str],
    running_title: tuple[str, ...],
) -> tuple[PdfRun, bytes]:
    forked = run_forked(render)
    content = forked.content
    run = PdfRun(
        report,
        size,
        rows,
        variant,
        forked.pages,
        forked.seconds,
        forked.peak_mb,
        cpu_seconds=forked.cpu_seconds,
        load=os.getloadavg()[0],
        error=forked.error,
    )
    if compare_to is not None and content:

        def words(pdf: bytes) -> list[str]:
            return rows_words(
                layout_pages(pdf), header_words=header_words, running_title=running_title
            )

        run.words = "same rows" if words(content) == words(compare_to) else "DIFFERENT"
    print(
        f"  PDF {report} {rows} rows, {variant}: {run.pages} pages, {run.seconds:.1f} s "
        f"(CPU {run.cpu_seconds:.1f} s, load {run.load:.2f}), {run.peak_mb:,.0f} MB "
        f"{run.words} {run.error}",
        flush=True,
    )
    return run, content


def transfer_register(
    group: Any, sizes: list[int], as_of: date, *, before: bool | None = None
) -> list[PdfRun]:
    """Chromium, ``before`` (unless ``before`` is False; default ``BENCH_PDF_BEFORE``) and the
    job path, one after the other at each size."""
    from django.template import engines
    from django.utils import translation

    from compliance.reports import registry
    from compliance.reports.pdf import render_html, render_html_to_pdf, render_pdf_in_parts

    spec, _obj, context = registry.report_context(
        "transfer_register",
        obj=group,
        user=None,
        lang="en",
        as_of=as_of,
        generated_at=GENERATED_AT,
    )
    with_before = before_from_environment() if before is None else before
    every = list(context["rows"])
    legacy = LEGACY_TRANSFER_REGISTER.read_text(encoding="utf-8")
    runs: list[PdfRun] = []
    for size in sizes:
        rows = min(size, len(every))
        sized = {**context, "rows": every[:rows]}
        today_html = render_html(spec.template, sized, lang="en")
        with translation.override("en"):
            before_html = engines["django"].from_string(legacy).render({**sized, "lang": "en"})
        chromium_html = inline_stylesheet(today_html)
        common: dict[str, Any] = {
            "header_words": TRANSFER_HEADER_WORDS,
            "running_title": ("Transfer", "register"),
        }
        chromium, _ = _measure(
            "transfer_register",
            size,
            rows,
            "Chromium",
            partial(chromium_pdf, chromium_html),
            compare_to=None,
            **common,
        )
        before_pdf = b""
        if with_before:
            old, before_pdf = _measure(
                "transfer_register",
                size,
                rows,
                "before",
                partial(render_html_to_pdf, before_html, relax_collector=False),
                compare_to=None,
                **common,
            )
        job, _ = _measure(
            "transfer_register",
            size,
            rows,
            "job path",
            partial(render_pdf_in_parts, spec.template, sized, lang="en"),
            compare_to=before_pdf or None,
            **common,
        )
        runs += [chromium, old, job] if with_before else [chromium, job]
    return runs


def breach_register(group: Any, as_of: date, period_start: date | None = None) -> list[PdfRun]:
    """The breach register of the period, as one document and as the job renders it."""
    from compliance.reports import registry
    from compliance.reports.pdf import render_pdf, render_pdf_in_parts

    spec, _obj, context = registry.report_context(
        "breach_register",
        obj=group,
        user=None,
        lang="en",
        as_of=as_of,
        generated_at=GENERATED_AT,
        period_start=period_start,
    )
    rows = len(context["rows"])
    common: dict[str, Any] = {
        "header_words": BREACH_HEADER_WORDS,
        "running_title": ("Breach", "register"),
    }
    whole, whole_pdf = _measure(
        "breach_register",
        rows,
        rows,
        "one document",
        lambda: render_pdf(spec.template, context, lang="en"),
        compare_to=None,
        **common,
    )
    along = spec.parts_along or "rows"
    job, _ = _measure(
        "breach_register",
        rows,
        rows,
        "job path",
        lambda: render_pdf_in_parts(spec.template, context, lang="en", rows_key=along),
        compare_to=whole_pdf or None,
        **common,
    )
    return [whole, job]


def table(runs: list[PdfRun]) -> list[str]:
    """Markdown rows: ratios to Chromium and to ``before`` (or ``one document``) of the same
    report and size."""
    lines = [
        "| report | rows | variant | pages | s | s/page | × Chromium (s/page) | × before (s) "
        "| CPU s | load | peak MB | words |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        same = [r for r in runs if r.report == run.report and r.size == run.size]
        chromium = next((r for r in same if r.variant == "Chromium" and r.pages), None)
        base = next((r for r in same if r.variant in ("before", "one document") and r.pages), None)
        if run.error:
            lines.append(
                f"| {run.report} | {run.rows:,} | {run.variant} | — | — | — | — | — | — "
                f"| {run.load:.1f} | {run.peak_mb:,.0f} | failed: {run.error} |"
            )
            continue
        to_chromium = f"{run.per_page / chromium.per_page:.1f}" if chromium else "—"
        to_before = f"{run.seconds / base.seconds:.2f}" if base else "—"
        lines.append(
            f"| {run.report} | {run.rows:,} | {run.variant} | {run.pages:,} | {run.seconds:,.1f} "
            f"| {run.per_page:.3f} | {to_chromium} | {to_before} | {run.cpu_seconds:,.1f} "
            f"| {run.load:.1f} | {run.peak_mb:,.0f} | {run.words or '—'} |"
        )
    return lines
