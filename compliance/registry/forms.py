"""Forms of the group's register (corporate groups, entities)."""

from __future__ import annotations

from compliance.inputs import CaseVariantNameForm


class CorporateGroupForm(CaseVariantNameForm):
    """The admin's form of a group (its fields are the admin's): "Example Group" and "EXAMPLE
    GROUP" are one group recorded twice, said, not refused (as external recipients are)."""
