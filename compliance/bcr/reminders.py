"""The clocks of the BCR programme (EDPB opinion, lead response, Art. 65 decisions, the lead's
final decision, annual update, substantial-change report) as a reminder source (registered by
``compliance.bcr.registration``).

Lateness follows where a clock's period comes from (``BCRClock.deadline_source``): only a
statutory period missed is a late deadline; a guideline date (the annual update) or the
office's own target (a substantial change reported "promptly") says so in its ``nature``, so
that the e-mails, the calendar and the reminder list never present it as a statutory
deadline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from compliance import labels, legal_text
from compliance.bcr.models import BCRApplication, BCRClock, BCRClockKind, BCRClockStatus
from compliance.bcr.selectors import clock_label
from compliance.bcr.services import sync_bcr_clocks
from compliance.reminders.models import COORDINATORS, OWNER
from compliance.reminders.registry import (
    Deadline,
    admin_change_url,
    end_of_day,
    register_deadline_source,
    start_of_day,
)
from compliance.rules import bcr as rules

ANNUAL_UPDATE_NATURE = "Due under the BCR's commitment to report changes yearly to the BCR Lead"
SUBSTANTIAL_CHANGE_NATURE = (
    "Internal target of the DPO office for reporting the change promptly to the BCR Lead "
    "(EDPB Recommendations 1/2022); not a statutory deadline"
)
# Not translated: part of the reminder labels stored in English.
NATURES = {
    rules.GUIDELINE: {rules.ANNUAL_UPDATE: ANNUAL_UPDATE_NATURE},
    rules.INTERNAL: {rules.SUBSTANTIAL_CHANGE_REPORT: SUBSTANTIAL_CHANGE_NATURE},
}
FALLBACK_NATURES = {
    rules.GUIDELINE: "Date set by a regulator's guidance; not a statutory deadline",
    rules.INTERNAL: "Internal target of the DPO office; not a statutory deadline",
}


def _live_bcr_clocks() -> QuerySet[BCRClock]:
    return BCRClock.objects.open()


def clock_nature(kind: str, deadline_source: str) -> str:
    """Empty for a statutory period (a missed one is late); otherwise what fixes the date."""
    if deadline_source == rules.STATUTE:
        return ""
    return NATURES.get(deadline_source, {}).get(kind) or FALLBACK_NATURES.get(
        deadline_source, FALLBACK_NATURES[rules.INTERNAL]
    )


def describe_bcr_clock(clock: BCRClock) -> Deadline:
    application = clock.application
    # The days are counted where the BCR Lead sits: the authority of the group's EU main
    # establishment (GDPR Art. 56(1)), so the main establishment's zone; the whole last day
    # counts, so the instant is its end. UTC when the group has no main establishment.
    zone = clock.entity.time_zone if clock.entity is not None else "UTC"
    title = (
        gettext("%(application)s: %(clock)s, internal target %(due)s")
        if clock.deadline_source == rules.INTERNAL
        else gettext("%(application)s: %(clock)s due %(due)s")
    )
    return Deadline(
        kind=clock.kind,
        title=title
        % {
            "application": application.title,
            "clock": clock_label(clock.kind),
            "due": clock.due_on.isoformat(),
        },
        record=application.get_kind_display(),
        # The stored parts rebuild the basis's Text, which the e-mails render in the reader's
        # language (the English text of record when it has none).
        basis=legal_text.from_json(clock.basis_parts, clock.basis),
        admin_url=admin_change_url(application),
        start_at=start_of_day(clock.starts_on, zone),
        # Not translated: it becomes part of the reminder labels stored in English.
        start_label="the start of the period",
        due_at=end_of_day(clock.due_on, zone),
        done=clock.status != BCRClockStatus.OPEN,
        status=str(clock.get_status_display()),
        time_zone=zone,
        # The procedure's periods are set by the GDPR (Art. 64(3), 64(7), 65(2), 65(3), 65(6));
        # the annual update's date follows from the BCR's own reporting commitment (Art.
        # 47(2)(k)) and the substantial change's from the office's own target.
        nature=clock_nature(clock.kind, clock.deadline_source),
    )


def _bcr_clock_audiences(clock: BCRClock) -> Mapping[str, Iterable[int]]:
    # An application has no owner: the DPO office runs it (the policies notify the DPO group).
    coordinators = clock.entity.coordinators.all() if clock.entity is not None else []
    return {OWNER: [], COORDINATORS: [u.pk for u in coordinators]}


def _bcr_clock_responsible(user: Any) -> Q:
    return Q(entity__coordinators=user)


def store_all_clocks() -> str:
    """The clocks are rows written by the BCR services: store them for applications whose last
    step predates them."""
    applications = list(BCRApplication.objects.order_by("pk"))
    for application in applications:
        sync_bcr_clocks(application=application)
    return f"Clocks stored for {len(applications)} BCR application(s)."


def register() -> None:
    register_deadline_source(
        BCRClock,
        live=_live_bcr_clocks,
        describe=describe_bcr_clock,
        audiences=_bcr_clock_audiences,
        responsible=_bcr_clock_responsible,
        select_related=("application", "entity"),
        prefetch_related=("entity__coordinators",),
        refresh=store_all_clocks,
    )
    labels.register_reminder_kinds(dict(BCRClockKind.choices))
