"""The transfers' panels on the DPO's dashboard, registered from ``TransfersConfig.ready``.

Both read through the entity scope of ``compliance.access``: a coordinator sees the transfers
their entities export or import, and the assessments of those transfers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance import access
from compliance.dashboard import ROWS
from transfers.choices import TransferState
from transfers.finding_text import finding_message
from transfers.models import DataTransfer, TransferImpactAssessment
from transfers.selectors import (
    BLOCKED,
    NOT_ASSESSED,
    REVIEW_HORIZON,
    newest_evaluation_date,
    reviews_due_before,
    with_blockers,
)


def blocked_transfers(user: Any) -> Any:
    return access.scope_queryset(with_blockers(DataTransfer.objects.all()), user)


def reviews_due(user: Any, today: date) -> Any:
    """Assessments whose next review is overdue or within 30 days."""
    return access.scope_queryset(
        reviews_due_before(TransferImpactAssessment.objects.all(), today + REVIEW_HORIZON), user
    )


def blockers_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    if not user.has_perm("transfers.view_datatransfer"):
        return None
    transfers = blocked_transfers(user)
    rows = [
        (
            transfer,
            [
                finding_message(f)
                # As of the newest evaluation's date, where a finding names it.
                for f in transfer.current_result.blockers_on(transfer.latest_evaluated_on)
            ],
        )
        if transfer.current_result is not None
        else (transfer, [])
        for transfer in transfers.select_related(
            "exporter", "importer", "external_recipient", "current_result"
        )
        # The result's findings are shown, its stored facts are not (the larger column).
        .defer("current_result__facts")
        .annotate(latest_evaluated_on=newest_evaluation_date())
        .order_by("pk")[:ROWS]
    ]
    # Both counts in one pass over the entity's transfers, read from the index
    # ``transfer_register_counts`` alone (it holds the exporter, never empty, not the key, and
    # the pointer at the current result). Not assessed is neither blocked nor lawful: counted
    # apart, never with the lawful ones.
    counts = (
        access.scope_queryset(DataTransfer.objects.all(), user)
        .exclude(state=TransferState.RETIRED)
        .aggregate(
            count=Count("exporter", filter=BLOCKED),
            not_assessed=Count("exporter", filter=NOT_ASSESSED),
        )
    )
    return {
        "template": "admin/transfers/dashboard/blockers.html",
        "title": _("Transfers with blockers"),
        **counts,
        "rows": rows,
        "limit": ROWS,
    }


def reviews_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    if not user.has_perm("transfers.view_transferimpactassessment"):
        return None
    today = timezone.localdate(now)
    due = reviews_due(user, today)
    rows = list(due.select_related("transfer").order_by("next_review_on", "pk")[:ROWS])
    counts = due.aggregate(
        overdue=Count("pk", filter=Q(next_review_on__lt=today)),
        total=Count("pk"),
    )
    return {
        "template": "admin/transfers/dashboard/reviews.html",
        "title": _("Impact assessment reviews due within 30 days"),
        "rows": [(tia, (tia.next_review_on - today).days) for tia in rows],
        "limit": ROWS,
        **counts,
    }
