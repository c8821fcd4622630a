"""Large reports in the background: when to, and the job a Celery worker runs.

A report is rendered in the web request unless its size is over the threshold registered for
its kind; then the export view stores a ``ReportJob`` and redirects to the job's admin page,
where the progress shows until the download link appears. The thresholds are constants here
(one place, reviewed with the code) rather than settings: they follow from how long WeasyPrint
takes per page, not from a deployment.

- breach register: more than ``BREACH_REGISTER_ASYNC_THRESHOLD`` breaches in the period;
- group status: more than ``GROUP_STATUS_ASYNC_THRESHOLD`` entities (one page each).

Other apps register theirs with ``register_async_threshold`` (the transfer register: more than
``transfers.reports.TRANSFER_REGISTER_ASYNC_THRESHOLD`` transfers in effect on the date).

Every kind, with a threshold or without, also goes to the background when its HTML is longer than
``REQUEST_HTML_LIMIT`` characters (``renders_in_request``): a notification whose description
runs to a megabyte, or a register just under its threshold with long rows.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from compliance import access
from compliance.reports import registry
from compliance.reports.models import ReportJob, ReportJobState
from compliance.reports.pdf import check_language, render_pdf, render_pdf_in_parts

logger = logging.getLogger(__name__)

# A job running for longer than this was lost with its worker (acks_late redelivers the
# message; the redelivery may claim it again).
STALE_AFTER = timedelta(minutes=30)

# Progress: claimed, context built, layout (pages), PDF written, stored.
CLAIMED, CONTEXT_BUILT, LAYOUT_DONE = 5, 30, 90

# size(obj, user, as_of, period_start): the number the threshold is compared with.
SizeFunction = Callable[[Any, Any, date, date | None], int]


@dataclass(frozen=True)
class AsyncThreshold:
    limit: int
    size: SizeFunction


_THRESHOLDS: dict[str, AsyncThreshold] = {}


def register_async_threshold(kind: str, limit: int, size: SizeFunction) -> None:
    """Render ``kind`` in the background when ``size(obj, user, as_of, period_start)`` exceeds
    ``limit``."""
    _THRESHOLDS[kind] = AsyncThreshold(limit=limit, size=size)


# WeasyPrint lays out about 45 kB of report HTML per second on one free core of a shared 2-core
# server (the transfer register at 80,000 characters, 123 rows on 21 pages: 1.7–2.0 s of
# processor time; a notification with a 1 MB description: 16.5 s), after a fixed start of a few
# tenths: 60,000 characters keep a render in a request under about 1.5 s, with room under two
# (benchmarks/results/pdf_speed.md, issue21.md).
REQUEST_HTML_LIMIT = 60_000


def renders_in_request(html: str) -> bool:
    """Whether a report of this HTML is short enough to render in a web request."""
    return len(html) <= REQUEST_HTML_LIMIT


def renders_in_background(
    kind: str, obj: Any, *, user: Any, as_of: date, period_start: date | None = None
) -> bool:
    threshold = _THRESHOLDS.get(kind)
    return (
        threshold is not None and threshold.size(obj, user, as_of, period_start) > threshold.limit
    )


def start_report_job(
    *,
    kind: str,
    obj: Any,
    user: Any,
    lang: str,
    as_of: date,
    period_start: date | None = None,
) -> ReportJob:
    """Queue the rendering of report ``kind`` for ``obj``; the worker starts after commit."""
    check_language(lang)
    # An unknown kind or a period the report cannot cover fails here, not in the worker.
    spec = registry.get_report(kind)
    registry.check_period(spec, period_start, as_of, today=timezone.localdate())
    job = ReportJob.objects.create(
        kind=kind,
        object_id=str(obj.pk),
        lang=lang,
        as_of=as_of,
        period_start=period_start,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from compliance.tasks import render_report_job

    render_report_job.delay(job_id)


def run_report_job(*, job_id: int) -> ReportJob | None:
    """Claim the job, render its report as the requester would see it, store the PDF.

    Returns None when there was nothing to claim (done, failed, or running elsewhere): a
    message delivered twice renders once. A failure is stored on the job, not raised, so the
    admin shows it and the broker does not retry a report that cannot render.
    """
    now = timezone.now()
    claimable = Q(state=ReportJobState.QUEUED) | Q(
        state=ReportJobState.RUNNING, started_at__lt=now - STALE_AFTER
    )
    claimed = ReportJob.objects.filter(claimable, pk=job_id).update(
        state=ReportJobState.RUNNING, started_at=now, progress=CLAIMED, error=""
    )
    if not claimed:
        return None
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        report = _render(job)
    except Exception as exc:
        logger.exception("Report job %s (%s) failed", job.pk, job.kind)
        ReportJob.objects.filter(pk=job.pk).update(
            state=ReportJobState.FAILED, error=_describe(exc), finished_at=timezone.now()
        )
    else:
        job.file.save(report.filename, ContentFile(report.content), save=False)
        ReportJob.objects.filter(pk=job.pk).update(
            state=ReportJobState.DONE,
            progress=100,
            file=job.file.name,
            filename=report.filename,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def _render(job: ReportJob) -> registry.RenderedReport:
    # The steps of registry.render_report, with the progress recorded between them and the
    # record looked up through the requester's scope (an operator's job, requester None, sees
    # everything, as on the command line).
    spec = registry.get_report(job.kind)
    user = job.requested_by
    if user is not None and not user.has_perm(registry.EXPORT_PERMISSION):
        raise PermissionError("The requester may no longer export reports.")
    queryset = spec.model._default_manager.all()
    if user is not None:
        queryset = access.scope_queryset(queryset, user)
    obj = spec.get_object(job.object_id, queryset=queryset)
    with translation.override(job.lang):
        context = registry.build_context(
            spec,
            obj,
            user=user,
            as_of=job.as_of,
            generated_at=timezone.now(),
            period_start=job.period_start,
        )
    _set_progress(job.pk, CONTEXT_BUILT)
    with _layout_progress(job.pk):
        if spec.parts_along:
            # A long register: in parts, on every core (one part: as render_pdf).
            content = render_pdf_in_parts(
                spec.template,
                context,
                lang=job.lang,
                rows_key=spec.parts_along,
                weight=spec.part_weight,
                anchors_key=spec.parts_anchors,
            )
        else:
            content = render_pdf(spec.template, context, lang=job.lang)
    _set_progress(job.pk, LAYOUT_DONE)
    return registry.RenderedReport(
        filename=spec.filename(obj, job.as_of, job.lang), content=content
    )


def _set_progress(job_id: int, percent: int) -> None:
    ReportJob.objects.filter(pk=job_id, progress__lt=percent).update(progress=percent)


_PAGE = re.compile(r"Page (\d+)")


class _ProgressHandler(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page N" log lines into the job's progress.

    The page count is not known before the layout, so the share of the layout phase grows as
    N / (N + 20): 20 pages are half of it, and it never claims 100 % before the PDF exists.
    """

    def __init__(self, job_id: int) -> None:
        super().__init__(logging.INFO)
        self.job_id = job_id
        self.percent = CONTEXT_BUILT

    def emit(self, record: logging.LogRecord) -> None:
        match = _PAGE.search(record.getMessage())
        if match is None:
            return
        pages = int(match.group(1))
        span = LAYOUT_DONE - CONTEXT_BUILT - 1
        percent = CONTEXT_BUILT + int(span * pages / (pages + 20))
        if percent > self.percent:
            self.percent = percent
            _set_progress(self.job_id, percent)


@contextmanager
def _layout_progress(job_id: int) -> Iterator[None]:
    # WeasyPrint reports its steps on this logger at INFO, which the settings silence; open it
    # to our handler alone for the duration, without sending the lines to the console.
    progress_logger = logging.getLogger("weasyprint.progress")
    level, propagate = progress_logger.level, progress_logger.propagate
    handler = _ProgressHandler(job_id)
    progress_logger.addHandler(handler)
    progress_logger.setLevel(logging.INFO)
    progress_logger.propagate = False
    try:
        yield
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.setLevel(level)
        progress_logger.propagate = propagate


def _describe(exc: Exception) -> str:
    if isinstance(exc, registry.UnknownReport | PermissionError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"[:2000]
