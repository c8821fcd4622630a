"""The breach register as a picture: breaches per quarter of awareness and regime (dashboard
and the first page of the group-status report)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from compliance import access, charts
from compliance.breaches.choices import Regime
from compliance.breaches.models import BreachIncident

QUARTERS = 8
NO_REGIME = "none"


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def last_quarters(today: date, n: int = QUARTERS) -> list[tuple[int, int]]:
    year, quarter = quarter_of(today)
    found = []
    for _i in range(n):
        found.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return found[::-1]


def quarter_label(year: int, quarter: int) -> str:
    return _("%(year)d Q%(quarter)d") % {"year": year, "quarter": quarter}


def counts_by_quarter_and_regime(
    incidents: QuerySet[BreachIncident], *, today: date
) -> dict[tuple[tuple[int, int], str], int]:
    """(quarter, regime) -> number of breaches the group became aware of in that quarter to
    which the regime applies (a breach under two regimes counts once for each); breaches
    under no regime count under ``NO_REGIME``. The last ``QUARTERS`` quarters up to ``today``."""
    quarters = last_quarters(today)
    first = date(quarters[0][0], 3 * (quarters[0][1] - 1) + 1, 1)
    start = datetime(first.year, first.month, 1, tzinfo=UTC)
    # Counted by the database in one query (the dashboard shows this on every visit; reading
    # every breach of two years and its regimes one by one cost most of the page, issue 21):
    # breaches per quarter and regime of their deadlines, a breach without any under none.
    found = (
        incidents.filter(aware_at__gte=start)
        .annotate(quarter=TruncQuarter("aware_at", tzinfo=UTC), regime=F("deadlines__regime"))
        .order_by()
        .values_list("quarter", "regime")
        .annotate(n=Count("pk", distinct=True))
    )
    counts: dict[tuple[tuple[int, int], str], int] = defaultdict(int)
    for day, regime, n in found:
        quarter = quarter_of(day.date() if isinstance(day, datetime) else day)
        if quarter in quarters:
            counts[(quarter, regime or NO_REGIME)] += n
    return dict(counts)


def breaches_chart(
    incidents: QuerySet[BreachIncident], *, today: date, element_id: str
) -> SafeString:
    counts = counts_by_quarter_and_regime(incidents, today=today)
    used = {regime for (_q, regime) in counts}
    series = [(r.value, str(r.label)) for r in Regime if r.value in used]
    if NO_REGIME in used:
        series.append((NO_REGIME, _("no regime applies")))
    quarters = last_quarters(today)
    labels = {q: quarter_label(*q) for q in quarters}
    return charts.stacked_bars(
        element_id=element_id,
        title=_("Breaches per quarter of awareness and regime"),
        categories=[labels[q] for q in quarters],
        series=series,
        values={(labels[q], regime): n for (q, regime), n in counts.items()},
        empty=_("No breaches in the last eight quarters."),
    )


def breaches_chart_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    if not user.has_perm("compliance.view_breachincident"):
        return None
    incidents = access.scope_queryset(BreachIncident.objects.all(), user)
    return {
        "template": "admin/compliance/dashboard/picture.html",
        "key": "breach-quarters",
        "title": _("Breaches per quarter and regime"),
        "svg": breaches_chart(
            incidents, today=now.astimezone(UTC).date(), element_id="chart-breach-quarters"
        ),
    }


def breaches_summary_picture(group: Any, entities: Any, as_of: date, user: Any) -> dict[str, Any]:
    """The executive summary's picture: the group's breaches the reader may see."""
    incidents = BreachIncident.objects.filter(entity__group=group)
    if user is not None:
        incidents = access.scope_queryset(incidents, user)
    return {
        "title": _("Breaches per quarter and regime"),
        "svg": breaches_chart(incidents, today=as_of, element_id="summary-breach-quarters"),
    }
