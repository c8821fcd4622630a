"""Forms of the group's register (corporate groups, entities)."""

from __future__ import annotations

from typing import Any

from django import forms

from compliance.inputs import case_variants
from compliance.registry.models import CorporateGroup


class CorporateGroupForm(forms.ModelForm):
    """The admin's form of a group (its fields are the admin's)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # "Example Group" and "EXAMPLE GROUP" are one group recorded twice: said, not refused
        # (as external recipients are).
        name = cleaned.get("name")
        others = CorporateGroup.objects.exclude(pk=self.instance.pk).filter(name__iexact=name)
        self.similar_names = case_variants(((g, g.name) for g in others[:20]), name) if name else []
        return cleaned
