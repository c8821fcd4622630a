"""The transfer register as pictures: transfers by destination and basis (dashboard, group
report) and the SCC mesh as an entity × entity matrix."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from compliance import access, charts
from compliance.registry.models import GroupEntity
from transfers.choices import Mechanism, TransferState
from transfers.models import DataTransfer, ExternalRecipient

NOT_ASSESSED = "not_assessed"
NO_MECHANISM = "none"
SHOWN_DESTINATIONS = 12


def counts_by_destination_and_basis(transfers: QuerySet[DataTransfer]) -> Counter[tuple[str, str]]:
    """(destination country, basis) -> transfers not retired. The basis is the current
    evaluation's mechanism, ``NO_MECHANISM`` when it found none (unlawful) and ``NOT_ASSESSED``
    before an evaluation or when no export rule implemented here applies (domain.md §8.3)."""
    # Counted by the database, one row per (recipient, basis): the dashboard shows it on every
    # visit, and 20,000 transfers read one by one cost most of the page (issue 21). Grouped by
    # the recipient's key, not its country: the count then reads the register's index alone
    # (``transfer_register_counts``), and the few hundred recipients' countries come apart.
    rows = list(
        transfers.exclude(state=TransferState.RETIRED)
        .annotate(
            basis=Case(
                # Before the first evaluation ``current_lawful`` is empty too (the services write
                # the result and its verdict columns together): one condition for both, read
                # from the index's verdict columns.
                When(Q(current_lawful__isnull=True), then=Value(NOT_ASSESSED)),
                When(
                    Q(current_mechanism__isnull=True) | Q(current_mechanism=""),
                    then=Value(NO_MECHANISM),
                ),
                default=F("current_mechanism"),
                output_field=CharField(),
            ),
        )
        .order_by()
        .values_list("importer_id", "external_recipient_id", "basis")
        .annotate(n=Count("*"))
    )
    # The countries of the entities (E) and external recipients (R) among them, in one query.
    entities = GroupEntity.objects.filter(pk__in={i for i, _r, _b, _n in rows if i is not None})
    recipients = ExternalRecipient.objects.filter(
        pk__in={r for _i, r, _b, _n in rows if r is not None}
    )
    countries = {
        (kind, pk): country
        for kind, pk, country in entities.order_by()
        .values_list(Value("E"), "pk", "country_id")
        .union(recipients.order_by().values_list(Value("R"), "pk", "country_id"), all=True)
    }
    counts: Counter[tuple[str, str]] = Counter()
    for importer, recipient, basis, n in rows:
        # As ``Coalesce(importer's country, recipient's country)`` did in the query.
        destination = countries.get(("E", importer))
        if destination is None:
            destination = countries.get(("R", recipient))
        counts[(destination or "—", basis)] += n
    return counts


def transfers_chart(transfers: QuerySet[DataTransfer], *, element_id: str) -> SafeString:
    counts = counts_by_destination_and_basis(transfers)
    totals: Counter[str] = Counter()
    for (destination, _basis), n in counts.items():
        totals[destination] += n
    # The busiest destinations first (then by code): the long tail is in the register.
    destinations = sorted(totals, key=lambda d: (-totals[d], d))[:SHOWN_DESTINATIONS]
    used = {basis for (_d, basis) in counts}
    series = [(m.value, str(m.label)) for m in Mechanism if m.value in used]
    if NO_MECHANISM in used:
        series.append((NO_MECHANISM, _("no mechanism (unlawful)")))
    if NOT_ASSESSED in used:
        series.append((NOT_ASSESSED, _("not assessed")))
    return charts.stacked_bars(
        element_id=element_id,
        title=_("Transfers by destination and basis"),
        categories=destinations,
        series=series,
        values=dict(counts),
        empty=_("No transfers in the register."),
        colours={NO_MECHANISM: charts.ALARM, NOT_ASSESSED: charts.NEUTRAL},
    )


def transfers_chart_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    if not user.has_perm("transfers.view_datatransfer"):
        return None
    return {
        "template": "admin/compliance/dashboard/picture.html",
        "key": "transfer-destinations",
        "title": _("Transfers by destination and basis"),
        "svg": transfers_chart(
            access.scope_queryset(DataTransfer.objects.all(), user),
            element_id="chart-transfer-destinations",
        ),
    }


def transfers_summary_picture(group: Any, entities: Any, as_of: date, user: Any) -> dict[str, Any]:
    """The executive summary's picture: the group's transfers (as they stand now, not as of
    ``as_of``: the register keeps the current evaluation) the reader may see."""
    transfers = DataTransfer.objects.filter(exporter__group=group)
    if user is not None:
        transfers = access.scope_queryset(transfers, user)
    return {
        "title": _("Transfers by destination and basis"),
        "svg": transfers_chart(transfers, element_id="summary-transfer-destinations"),
    }


REGIME_NAMES = {"EU_GDPR": "EU", "UK_GDPR": "UK"}


def mesh_matrix(mesh: Any) -> SafeString:
    """The SCC mesh as exporter × importer: a cell per directed pair whose flows need a tool,
    with the modules of the contracts it would need; green where approved BCRs cover it."""
    index = {pk: i for i, (pk, _name) in enumerate(mesh.entity_names)}
    names = [name for _pk, name in mesh.entity_names]
    cells = {}
    for (exporter, importer), needed in mesh.pair_contracts.items():
        if exporter not in index or importer not in index:
            continue
        modules = sorted({module for _regime, module in needed})
        contracts = "; ".join(
            _("%(regime)s SCC module %(module)d")
            % {"regime": REGIME_NAMES.get(regime, regime), "module": module}
            for regime, module in sorted(needed)
        )
        covered = (exporter, importer) in mesh.pairs_covered_by_bcr
        tooltip = _("%(exporter)s → %(importer)s: %(contracts)s") % {
            "exporter": names[index[exporter]],
            "importer": names[index[importer]],
            "contracts": contracts,
        }
        if covered:
            tooltip = _("%(pair)s (covered by approved BCRs)") % {"pair": tooltip}
        cells[(index[exporter], index[importer])] = charts.Cell(
            text="M" + "+".join(str(m) for m in modules), tooltip=tooltip, tone=2 if covered else 0
        )
    return charts.matrix(
        element_id="scc-mesh-matrix",
        title=_("SCC contracts needed between the group's entities without BCRs"),
        rows=names,
        columns=names,
        cells=cells,
        corner=_("exporter ↓ importer →"),
    )
