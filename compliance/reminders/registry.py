"""Where deadlines come from: each model with deadlines registers a source once.

A source says which rows are live deadlines, how to read one (``Deadline``: kind key for the
policy, due instant or clock start, title, basis, link, done or not) and who is responsible for
it. Each feature registers its own from its ``registration.register()`` (breach deadlines,
BCR clocks, TIA and SCC reviews): this package imports no feature.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Deadline:
    """One deadline as the reminder system sees it, whatever model it is stored in.

    ``kind`` selects the policy (``EU_GDPR.authority_notification``, ``bcr.annual_update``).
    ``due_at`` is the statutory instant, or None where the law sets none ("without undue
    delay"); then the policy's internal target counts from ``start_at``.
    """

    kind: str
    title: str
    basis: str
    admin_url: str
    start_at: datetime | None
    due_at: datetime | None
    done: bool
    time_zone: str = "UTC"
    record: str = ""
    start_label: str = "the start"
    # Shown when reminders are cancelled because the deadline is done ("met", "withdrawn").
    status: str = ""
    # Empty for a period the law sets. Otherwise what fixes the date, in words, so that a review
    # date the office chose is never presented as a statutory deadline.
    nature: str = ""


@dataclass(frozen=True)
class DeadlineSource:
    model: type[models.Model]
    # Rows that are live deadlines (open, required): reminders are sent for these only.
    live: Callable[[], models.QuerySet[Any]]
    describe: Callable[[Any], Deadline]
    # The user ids of the audiences a policy can name ("owner", "coordinators"); the DPO group
    # is resolved once per sweep by the reminder system itself.
    audiences: Callable[[Any], Mapping[str, Iterable[int]]]
    # A filter on ``live()`` for the deadlines a user (not in the DPO group) is responsible for.
    responsible: Callable[[Any], Q]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    # Filters on ``responsible`` cross many-to-many relations: de-duplicate.
    distinct: bool = field(default=True)
    # Stores the deadline rows anew from their records before a full resync (rows written by a
    # service that may predate them); returns one line for the operator. None: nothing to do.
    refresh: Callable[[], str] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def queryset(self) -> models.QuerySet[Any]:
        return (
            self.model._default_manager.select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
            .order_by("pk")
        )

    def load(self, ids: Iterable[int]) -> dict[int, Any]:
        """The objects with these ids, with what ``describe`` and ``audiences`` need, in a
        constant number of queries."""
        return {obj.pk: obj for obj in self.queryset().filter(pk__in=list(ids))}


_SOURCES: dict[str, DeadlineSource] = {}


def register_deadline_source(
    model: type[models.Model],
    *,
    live: Callable[[], models.QuerySet[Any]],
    describe: Callable[[Any], Deadline],
    audiences: Callable[[Any], Mapping[str, Iterable[int]]],
    responsible: Callable[[Any], Q],
    select_related: tuple[str, ...] = (),
    prefetch_related: tuple[str, ...] = (),
    refresh: Callable[[], str] | None = None,
) -> DeadlineSource:
    """Register (or re-register, idempotently) the deadlines stored in ``model``."""
    source = DeadlineSource(
        model=model,
        live=live,
        describe=describe,
        audiences=audiences,
        responsible=responsible,
        select_related=select_related,
        prefetch_related=prefetch_related,
        refresh=refresh,
    )
    _SOURCES[source.label] = source
    return source


def source_for(model_or_obj: type[models.Model] | models.Model) -> DeadlineSource:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    label = model._meta.label_lower
    try:
        return _SOURCES[label]
    except KeyError:
        raise LookupError(
            f"{label} is not a registered deadline source; call register_deadline_source() "
            "from its app's ready()."
        ) from None


def all_sources() -> tuple[DeadlineSource, ...]:
    return tuple(_SOURCES.values())


def admin_change_url(obj: models.Model) -> str:
    """The record's admin page (a path; prefix ``settings.SITE_URL`` for e-mails)."""
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        # The model's admin is not registered (yet): the path the admin will give it.
        return f"{reverse('admin:index')}{opts.app_label}/{opts.model_name}/{obj.pk}/change/"


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def start_of_day(day: date, time_zone: str) -> datetime:
    """The first instant of ``day`` in ``time_zone`` (UTC if the zone is unknown), in UTC."""
    return datetime.combine(day, time(0, 0), tzinfo=_zone(time_zone)).astimezone(UTC)


def end_of_day(day: date, time_zone: str) -> datetime:
    """The last second of ``day`` in ``time_zone`` (UTC if the zone is unknown).

    A deadline given as a date (a review, a period of weeks or months) is met by an act on any
    moment of that day where the day is counted, so its instant is the end of the day there, as
    ``compliance.rules.jp_calendar`` does for APPI day counts. ``combine`` with a zone, not a
    fixed offset: the day's own UTC offset applies, summer time included. Returned in UTC, so
    that the schedule's lead times ("60 days before") are elapsed time, as for every deadline.
    """
    return datetime.combine(day, time(23, 59, 59), tzinfo=_zone(time_zone)).astimezone(UTC)
