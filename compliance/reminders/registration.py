"""What the reminder system adds to the shared machinery: its dashboard panel (deliveries that
failed, a scheduler that stopped) and the default policies in a demo database."""

from __future__ import annotations

from compliance.registry.demo import register_demo
from compliance.registry.models import CorporateGroup
from compliance.reminders import panels
from compliance.reminders.defaults import ensure_default_policies


def _demo_policies(group: CorporateGroup) -> None:
    # The data migration ships the policies; a demo database flushed and re-seeded gets them too.
    ensure_default_policies()


def register() -> None:
    panels.register()
    register_demo(_demo_policies, order=30)
