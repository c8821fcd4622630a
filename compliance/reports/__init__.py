"""PDF reports: one renderer (``pdf``), a static-only URL fetcher, contexts and a registry.

The compliance app's own report kinds are registered here, on first import of the package; other
apps register theirs from their ``AppConfig.ready()`` through ``compliance.reports.registry``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from compliance.models import CorporateGroup
from compliance.reports import contexts, registry


def _register_builtin_reports() -> None:
    registry.register_report(
        "group_status",
        model=CorporateGroup,
        template="reports/group_status.html",
        context_builder=contexts.group_status_for,
        filename=contexts.group_status_filename,
        title=_("Group compliance status"),
        description=_(
            "The PDF lists the group's entities active on the chosen date, one page each, with "
            "their supervisory authority and coordinators."
        ),
    )


_register_builtin_reports()
