"""What transfers add to compliance's shared machinery, the same way every compliance feature
does (``compliance.apps.FEATURES``): reference files, deadline sources (TIA and SCC reviews), the
transfer register report and its section, dashboard panels, links on the entity page, demo and
scale data. Compliance never imports transfers."""

from __future__ import annotations

from compliance.dashboard import register_panel
from compliance.registry.demo import register_demo, register_scale
from compliance.registry.links import register_entity_links
from compliance.reports.registry import register_summary_picture
from transfers import art30, demo, pictures, registers, reports
from transfers.dashboard import blockers_panel, reviews_panel
from transfers.navigation import transfer_entity_links
from transfers.reference_files import register_files
from transfers.reminders import register_sources


def register() -> None:
    register_files()
    register_sources()
    reports.register()
    registers.register()
    art30.register()
    register_panel(blockers_panel, order=30)
    register_panel(reviews_panel, order=35)
    register_panel(pictures.transfers_chart_panel, order=38)
    register_summary_picture("transfer-destinations", pictures.transfers_summary_picture, order=20)
    register_entity_links(transfer_entity_links)
    register_demo(demo.seed_demo_transfers, order=40)
    register_scale(demo.seed_scale_transfers, order=40)
