"""Reads that build inputs for the rule engines and contexts for pages and reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from compliance.rules.breach import BreachFacts

if TYPE_CHECKING:
    from compliance.breaches.models import BreachIncident


def breach_facts(incident: BreachIncident) -> BreachFacts:
    """The engine's view of a breach. An unassessed breach is treated as a risk (the default
    of GDPR Art. 33(1): notify unless the breach is *unlikely* to result in a risk)."""
    return BreachFacts(
        aware_at=incident.aware_at,
        entity_country=incident.entity.country_id,
        role=incident.role,
        affected_countries=frozenset(c.pk for c in incident.affected_countries.all()),
        risk=incident.risk or "risk",
        subject_count=incident.subject_count,
        special_category=incident.special_category,
        property_damage_risk=incident.property_damage_risk,
        wrongful_purpose=incident.wrongful_purpose,
        encrypted=incident.encrypted,
    )
