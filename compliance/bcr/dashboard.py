"""The BCR programme's panel on the dashboard: the open clocks of the approval procedures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.bcr.models import ApplicationState
from compliance.bcr.selectors import applications_visible_to, procedure_clocks


def visible_applications(user: Any) -> Any:
    """BCR applications belong to a group: a coordinator sees those of their entities' groups
    (the same rule as the document downloads), withdrawn ones left out."""
    return applications_visible_to(user).exclude(state=ApplicationState.WITHDRAWN)


def bcr_clocks_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    """The open clocks of the BCR procedures (EDPB opinion, lead response, Art. 65 decisions,
    the lead's final decision, annual update, substantial-change reports), soonest first; two
    queries whatever the number of applications."""
    if not user.has_perm("compliance.view_bcrapplication"):
        return None
    today = timezone.localdate(now)
    applications = (
        visible_applications(user)
        .select_related("group", "bcr")
        .prefetch_related("bcr__substantial_changes")
        .annotate(last_update_on=Max("bcr__annual_updates__sent_on"))
        .order_by("pk")
    )
    rows = [
        (application, status)
        for application in applications
        for status in procedure_clocks(
            application, on=today, last_update_on=application.last_update_on, lookup=False
        )
        if status.open
    ]
    rows.sort(key=lambda row: (row[1].clock.due_on, row[0].pk))
    return {
        "template": "admin/compliance/dashboard/bcr_clocks.html",
        "title": _("BCR procedure clocks"),
        "rows": rows,
        "overdue": sum(1 for _app, status in rows if status.overdue),
    }
