"""The report kinds and the report sections other apps contribute.

Two registries, filled at import time (from an ``AppConfig.ready()``), read when a report renders:

- report kinds: ``register_report("breach_register", model=..., template=..., context_builder=...,
  filename=...)``. The admin, ``manage.py export_report`` and (later) a Celery task all go through
  ``render_report(kind, object_id=..., ...)``, so a kind registered once is exportable everywhere.
- sections of the group-status report: ``register_group_section`` (one block on the summary) and
  ``register_entity_section`` (one block on each entity's page). ``transfers`` contributes here
  without ``compliance`` importing it (see docs: compliance never imports transfers).

Providers run inside ``translation.override(lang)``, so plain ``gettext`` titles come out in the
report's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from compliance.inputs import check_date_range
from compliance.reports.pdf import check_language, render_pdf

if TYPE_CHECKING:
    from compliance.registry.models import CorporateGroup, GroupEntity

EXPORT_PERMISSION = "compliance.export_reports"

# ---------------------------------------------------------------------------------------------
# Sections


@dataclass(frozen=True)
class Section:
    """A block of a report, rendered by ``template`` with ``section`` in its context.

    ``key`` names the section in the document (anchors, CSS classes) and must be stable;
    ``title`` is a string already translated (or lazy). Values in ``context`` are printed as
    text by the template: never mark user data safe.
    """

    key: str
    title: str | Promise
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def table(
        cls,
        *,
        key: str,
        title: str | Promise,
        headers: Sequence[str | Promise],
        rows: Sequence[Sequence[Any]],
        empty: str | Promise = "",
        widths: Sequence[int] = (),
    ) -> Section:
        """A titled table with a repeating header row: the common case, no template needed.

        ``widths``: the columns' shares of the page in per cent (the table has a fixed layout);
        without them the first column gets 40 % and the others share the rest.
        """
        if widths and len(widths) != len(headers):
            raise ValueError(f"{len(widths)} widths for {len(headers)} columns in {key!r}")
        return cls(
            key=key,
            title=title,
            template="reports/sections/table.html",
            context={
                "headers": list(headers),
                "rows": [list(r) for r in rows],
                "empty": empty,
                "widths": list(widths),
            },
        )

    @classmethod
    def per_entity(
        cls,
        entities: Sequence[GroupEntity],
        rows: Mapping[int, Sequence[Sequence[Any]]],
        *,
        key: str,
        title: str | Promise,
        headers: Sequence[str | Promise],
        empty: str | Promise = "",
        widths: Sequence[int] = (),
    ) -> dict[int, Section]:
        """The same titled table on each entity's page, with that entity's ``rows`` (keyed by
        entity pk; an entity without rows gets ``empty``): what an entity section provider
        returns."""
        return {
            e.pk: cls.table(
                key=key,
                title=title,
                headers=headers,
                rows=rows.get(e.pk, []),
                empty=empty,
                widths=widths,
            )
            for e in entities
        }


# A group section sees the whole group; returns None when it has nothing to say.
GroupSectionProvider = Callable[
    ["CorporateGroup", Sequence["GroupEntity"], date, Any], Section | None
]
# An entity section is computed for all printed entities at once (one query for all, not one per
# entity) and returns the sections keyed by entity pk; entities without one are left out.
EntitySectionProvider = Callable[[Sequence["GroupEntity"], date, Any], Mapping[int, Section]]

_GROUP_SECTIONS: dict[str, tuple[int, GroupSectionProvider]] = {}
_ENTITY_SECTIONS: dict[str, tuple[int, EntitySectionProvider]] = {}


def register_group_section(key: str, provider: GroupSectionProvider, *, order: int = 50) -> None:
    """Add a block to the group-status summary (e.g. "transfers with blockers").

    Keyed so that registering again replaces rather than duplicates; blocks print by ``order``.
    """
    _GROUP_SECTIONS[key] = (order, provider)


def register_entity_section(key: str, provider: EntitySectionProvider, *, order: int = 50) -> None:
    """Add a block to every entity page of the group-status report (e.g. "open breaches")."""
    _ENTITY_SECTIONS[key] = (order, provider)


def group_section_providers() -> list[GroupSectionProvider]:
    return [p for _o, p in sorted(_GROUP_SECTIONS.values(), key=lambda item: item[0])]


def entity_section_providers() -> list[EntitySectionProvider]:
    return [p for _o, p in sorted(_ENTITY_SECTIONS.values(), key=lambda item: item[0])]


# A picture of the executive summary on the report's first page (breaches per quarter, transfers
# by destination), restricted to what the reader may see: {"title": ..., "svg": ...} (the SVG
# built with compliance.charts, data escaped), or None when it has nothing to show.
SummaryPictureProvider = Callable[["CorporateGroup", Sequence["GroupEntity"], date, Any], Any]
_SUMMARY_PICTURES: dict[str, tuple[int, SummaryPictureProvider]] = {}


def register_summary_picture(
    key: str, provider: SummaryPictureProvider, *, order: int = 50
) -> None:
    _SUMMARY_PICTURES[key] = (order, provider)


def summary_picture_providers() -> list[SummaryPictureProvider]:
    return [p for _o, p in sorted(_SUMMARY_PICTURES.values(), key=lambda item: item[0])]


def unregister_section(key: str) -> None:
    """Remove a section (tests; an app switched off)."""
    _GROUP_SECTIONS.pop(key, None)
    _ENTITY_SECTIONS.pop(key, None)
    _SUMMARY_PICTURES.pop(key, None)


# ---------------------------------------------------------------------------------------------
# Report kinds


class ContextBuilder(Protocol):
    """Builds a report's template context for one record, restricted to what ``user`` may see.

    ``user`` None means an operator (command line, scheduled job): no entity restriction.
    ``period_start`` is the first day of the period chosen for a kind registered with
    ``period=True`` (None: the kind's default period ending on ``as_of``); the builders of other
    kinds are called without it (``build_context``).
    """

    def __call__(
        self,
        obj: Any,
        /,
        *,
        user: Any,
        as_of: date,
        generated_at: datetime,
        period_start: date | None = None,
    ) -> dict[str, Any]: ...


class UnknownReport(LookupError):
    """No such report kind, or no such record for it; the message says which."""


class InvalidPeriod(ValueError):
    """A chosen period the report cannot cover; the message says why, for the user.

    ``field`` names the export form's field at fault (``period_start`` or ``as_of``).
    """

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def check_period(kind: ReportKind, period_start: date | None, as_of: date, *, today: date) -> None:
    """Refuse a period that cannot be printed: a start for a kind without a period, a start
    after the end, or an end after ``today`` (what is not known yet cannot be listed, and a
    register of a period not over yet would read as complete when it is not).

    The messages are translated into the active language (the admin form shows them).
    """
    if kind.period and as_of > today:
        # Also without a start: a register of a period not over yet would read as complete.
        raise InvalidPeriod(
            gettext("The period cannot end (%(end)s) after today (%(today)s).")
            % {"end": as_of.isoformat(), "today": today.isoformat()},
            field="as_of",
        )
    for name, value in (("as_of", as_of), ("period_start", period_start)):
        if value is not None:
            try:
                check_date_range(value)
            except ValidationError as exc:
                raise InvalidPeriod(" ".join(exc.messages), field=name) from None
    if period_start is None:
        return
    if not kind.period:
        raise InvalidPeriod(
            gettext("This report has no period to choose; leave the start date empty."),
            field="period_start",
        )
    if period_start > as_of:
        raise InvalidPeriod(
            gettext("The period cannot start (%(start)s) after it ends (%(end)s).")
            % {"start": period_start.isoformat(), "end": as_of.isoformat()},
            field="period_start",
        )
    if as_of > today:
        raise InvalidPeriod(
            gettext("The period cannot end (%(end)s) after today (%(today)s).")
            % {"end": as_of.isoformat(), "today": today.isoformat()},
            field="as_of",
        )


@dataclass(frozen=True)
class ReportKind:
    kind: str
    model: type[models.Model]
    template: str
    context_builder: ContextBuilder
    # The download's file name, from the record, the as-of date and the language.
    filename: Callable[[Any, date, str], str]
    title: str | Promise = ""
    # One sentence on the export form: what the PDF contains.
    description: str | Promise = ""
    # The export asks for the first day of a period ending on the as-of date.
    period: bool = False
    # The export form's help on the as-of date, when the default (entities active) does not fit.
    as_of_help: str | Promise = ""
    # The context key of the rows a long report may be rendered in parts along, in the
    # background (``pdf.render_pdf_in_parts``; the template handles ``chunk``); "": never.
    parts_along: str = ""
    # How many transfer-register rows (about 7.5 a page) one of those rows is worth, so that
    # parts are of a similar length whatever the report (``pdf.part_count``).
    part_weight: int = 1
    # The context key the template reads its anchors' page numbers from when rendered in parts
    # (a table of contents: ``pdf.render_pdf_in_parts(anchors_key=...)``); "": it prints none.
    parts_anchors: str = ""

    def get_object(self, object_id: Any, *, queryset: models.QuerySet[Any] | None = None) -> Any:
        qs = queryset if queryset is not None else self.model._default_manager.all()
        try:
            return qs.get(pk=object_id)
        except (ObjectDoesNotExist, ValueError, TypeError) as exc:
            raise UnknownReport(f"No {self.model._meta.verbose_name} with id {object_id}.") from exc


@dataclass(frozen=True)
class RenderedReport:
    filename: str
    content: bytes
    content_type: str = "application/pdf"


_REPORTS: dict[str, ReportKind] = {}


def register_report(
    kind: str,
    *,
    model: type[models.Model],
    template: str,
    context_builder: ContextBuilder,
    filename: Callable[[Any, date, str], str],
    title: str | Promise = "",
    description: str | Promise = "",
    period: bool = False,
    as_of_help: str | Promise = "",
    parts_along: str = "",
    part_weight: int = 1,
    parts_anchors: str = "",
) -> ReportKind:
    """Make ``kind`` exportable (admin, ``manage.py export_report``, tasks); idempotent.

    ``period=True``: the report covers a period ending on the as-of date whose first day the
    user may choose (``render_report(..., period_start=...)``).
    """
    spec = ReportKind(
        kind=kind,
        model=model,
        template=template,
        context_builder=context_builder,
        filename=filename,
        title=title or kind.replace("_", " "),
        description=description,
        period=period,
        as_of_help=as_of_help,
        parts_along=parts_along,
        part_weight=part_weight,
        parts_anchors=parts_anchors,
    )
    _REPORTS[kind] = spec
    return spec


def unregister_report(kind: str) -> None:
    """Remove a kind (tests; an app switched off)."""
    _REPORTS.pop(kind, None)


def report_kinds() -> list[str]:
    return sorted(_REPORTS)


def get_report(kind: str) -> ReportKind:
    try:
        return _REPORTS[kind]
    except KeyError:
        known = ", ".join(report_kinds()) or "none"
        raise UnknownReport(f"Unknown report kind {kind!r}; known kinds: {known}.") from None


def render_report(
    kind: str | ReportKind,
    *,
    obj: Any = None,
    object_id: Any = None,
    user: Any,
    lang: str,
    as_of: date,
    generated_at: datetime | None = None,
    period_start: date | None = None,
) -> RenderedReport:
    """Render one report to PDF: the single entry point of the admin, the command and tasks.

    Pass the record (``obj``, already looked up through the caller's scoped queryset) or its
    ``object_id``. A task passes ids only: ``render_report("group_status", object_id=7,
    user=User.objects.get(pk=uid), lang="de", as_of=date(2025, 3, 31))``. ``period_start``
    chooses the first day of the period of a kind registered with ``period=True``
    (``InvalidPeriod`` when it cannot be printed, see ``check_period``).
    """
    spec, obj, context = report_context(
        kind,
        obj=obj,
        object_id=object_id,
        user=user,
        lang=lang,
        as_of=as_of,
        generated_at=generated_at,
        period_start=period_start,
    )
    content = render_pdf(spec.template, context, lang=lang)
    return RenderedReport(filename=spec.filename(obj, as_of, lang), content=content)


def report_context(
    kind: str | ReportKind,
    *,
    obj: Any = None,
    object_id: Any = None,
    user: Any,
    lang: str,
    as_of: date,
    generated_at: datetime | None = None,
    period_start: date | None = None,
) -> tuple[ReportKind, Any, dict[str, Any]]:
    """The kind, the record and the template context that ``render_report`` prints; with
    ``pdf.render_html(spec.template, context, lang=lang)`` the HTML handed to WeasyPrint."""
    check_language(lang)
    spec = kind if isinstance(kind, ReportKind) else get_report(kind)
    generated_at = generated_at or timezone.now()
    check_period(spec, period_start, as_of, today=timezone.localdate())
    if obj is None:
        obj = spec.get_object(object_id)
    # The context is built in the report's language too: providers' titles and any gettext in
    # the builder come out in that language, not the requesting user's.
    with translation.override(lang):
        context = build_context(
            spec, obj, user=user, as_of=as_of, generated_at=generated_at, period_start=period_start
        )
    return spec, obj, context


def build_context(
    spec: ReportKind,
    obj: Any,
    *,
    user: Any,
    as_of: date,
    generated_at: datetime,
    period_start: date | None = None,
) -> dict[str, Any]:
    """Call the kind's builder in the active language; ``period_start`` reaches only kinds
    registered with ``period=True``, so that a builder without a period need not take it."""
    if spec.period:
        return spec.context_builder(
            obj, user=user, as_of=as_of, generated_at=generated_at, period_start=period_start
        )
    return spec.context_builder(obj, user=user, as_of=as_of, generated_at=generated_at)


def safe_filename_part(value: str) -> str:
    """``value`` reduced to characters every OS and mail client keeps in a file name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-.") or "report"
