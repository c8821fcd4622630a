"""Reads that build inputs for the rule engines and contexts for pages and reports."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from compliance.rules.breach import BreachFacts

if TYPE_CHECKING:
    from compliance.breaches.models import (
        BreachIncident,
        BreachInvolvement,
        NotificationDeadline,
    )


def involvements(incident: BreachIncident) -> list[BreachInvolvement]:
    """The involved entities, the reporting one first (domain brief §8.2).

    A breach always has its reporting entity among them (the services keep it so); a breach
    object not saved through them gets it here, unsaved, with the breach's role and its reach
    not assessed.
    """
    from compliance.breaches.models import BreachInvolvement

    found = list(incident.involvements.select_related("entity", "exporter").order_by("pk"))
    reporting = [i for i in found if i.entity_id == incident.entity_id]
    others = [i for i in found if i.entity_id != incident.entity_id]
    if not reporting:
        reporting = [
            BreachInvolvement(incident=incident, entity=incident.entity, role=incident.role)
        ]
    return reporting + others


def breach_facts(
    incident: BreachIncident, involvement: BreachInvolvement | None = None
) -> BreachFacts:
    """The engine's view of a breach for one involved entity, with that entity's establishment,
    its role for this breach and its ``targeted_regimes`` answer; the reporting entity when
    ``involvement`` is None. An unassessed breach is treated as a risk (the default of GDPR
    Art. 33(1): notify unless the breach is *unlikely* to result in a risk)."""
    if involvement is None:
        involvement = involvements(incident)[0]
    return BreachFacts(
        aware_at=incident.aware_at,
        entity_country=involvement.entity.country_id,
        role=involvement.role,
        affected_countries=frozenset(c.pk for c in incident.affected_countries.all()),
        risk=incident.risk or "risk",
        subject_count=incident.subject_count,
        special_category=incident.special_category,
        property_damage_risk=incident.property_damage_risk,
        wrongful_purpose=incident.wrongful_purpose,
        encrypted=incident.encrypted,
        targeted_regimes=involvement.targeted,
        appi_special_care=incident.appi_special_care,
        possibly_over_1000=incident.possibly_over_1000,
        controller_subject_to_appi=incident.controller_subject_to_appi,
        assessed_at=incident.assessed_at,
        minors=incident.minors,
        authentication_data=incident.authentication_data,
        financial_data=incident.financial_data,
        unique_identifiers=incident.unique_identifiers,
        large_scale=incident.large_scale,
        small_agent=incident.small_agent,
        nis2_entity=incident.nis2_entity,
        significant_incident=incident.significant_incident,
        nis2_notified_at=incident.nis2_notified_at,
    )


@dataclass(frozen=True)
class Correction:
    """A due instant moved after the obligation was first computed (issue 13 item 4): what it
    was, what it became, when, by whom and why; whether the move changed its lateness."""

    before: datetime | None
    after: datetime | None
    at: datetime
    by: object | None
    reason: str
    late_before: bool | None
    late_after: bool | None


def due_corrections(deadline: NotificationDeadline) -> list[Correction]:
    """Every change of the deadline's due instant, oldest first, from its history."""
    history = deadline.history
    return corrections_from(
        list(history.select_related("history_user").order_by("history_date", "pk"))
    )


def corrections_from(records: list[Any]) -> list[Correction]:
    """The due-instant changes between consecutive historical records of one deadline (given
    oldest first)."""
    found = []
    for earlier, later in itertools.pairwise(records):
        if earlier.due_at == later.due_at:
            continue
        found.append(
            Correction(
                before=earlier.due_at,
                after=later.due_at,
                at=later.history_date,
                by=later.history_user,
                reason=later.history_change_reason or "",
                late_before=earlier.late,
                late_after=later.late,
            )
        )
    return found
