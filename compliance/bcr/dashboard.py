"""The BCR programme's panel on the dashboard: the open clocks of the approval procedures."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance import access
from compliance.bcr.models import ApplicationState, BCRApplication
from compliance.bcr.selectors import procedure_clocks
from compliance.registry.models import GroupEntity


def visible_applications(user: Any) -> Any:
    """BCR applications belong to a group: a coordinator sees those of their entities' groups."""
    applications = BCRApplication.objects.exclude(state=ApplicationState.WITHDRAWN)
    if access.sees_everything(user):
        return applications
    ids = access.coordinated_entity_ids(user) if access.is_coordinator(user) else frozenset()
    return applications.filter(group__in=GroupEntity.objects.filter(pk__in=ids).values("group_id"))


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
