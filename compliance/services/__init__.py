"""Every write that matters goes through one of these functions (keyword-only, typed)."""

from compliance.services.registry import (
    derived_lead_authority,
    designate_main_establishment,
    save_entity,
)

__all__ = ["derived_lead_authority", "designate_main_establishment", "save_entity"]
