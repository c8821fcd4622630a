"""EU: NIS2 Directive (EU) 2022/2555, applied by the Member States from 2024-10-18 (Art. 41(1)),
incident reporting under Art. 23.

An essential or important entity reports a significant incident to its CSIRT or competent
authority: an early warning within 24 hours of becoming aware (Art. 23(4)(a)), an incident
notification within 72 hours (Art. 23(4)(b)) and a final report not later than one month after
the incident notification (Art. 23(4)(d)). Hours are elapsed hours on UTC instants; the month is a
calendar month on the entity's local clock (same clock time), the last day of a shorter month
standing in for a missing day (31 Jan -> 28/29 Feb: the reading that notifies earlier), and a
clock time that a summer-time change skips or repeats read at its earlier instant.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from compliance.rules.breach_regimes.applicability import Link, RegimeRules, Trigger
from compliance.rules.breach_regimes.vocabulary import (
    EARLY_WARNING,
    EU_NIS2,
    FINAL_REPORT,
    INCIDENT_NOTIFICATION,
    STATUTE,
    BreachFacts,
    Obligation,
    RuleSet,
    hours_after,
)
from compliance.rules.territories import BRUSSELS, brussels_day, in_eu, territory_state
from compliance.rules.text import Text

__all__ = [
    "NIS2_EARLY_WARNING_HOURS",
    "NIS2_NOTIFICATION_HOURS",
    "RULES",
    "add_calendar_month",
    "eu_authority_country_at",
    "local_zone",
]

NIS2_EARLY_WARNING_HOURS = 24
NIS2_NOTIFICATION_HOURS = 72

# The clock the month is counted on: the member state's (mainland) time; Brussels time for the
# states on Central European Time and when no single state applies.
_ZONES = {
    "PT": "Europe/Lisbon",
    "IE": "Europe/Dublin",
    **dict.fromkeys(("BG", "CY", "EE", "FI", "GR", "LT", "LV", "RO"), "Europe/Helsinki"),
}


def local_zone(country: str | None) -> ZoneInfo:
    """The clock of a member state (Central European Time when not listed or None)."""
    return ZoneInfo(_ZONES[country]) if country in _ZONES else BRUSSELS


def eu_authority_country_at(country: str, at: datetime) -> str | None:
    """The member state whose CSIRT is competent for ``country`` at ``at`` (RE -> FR), or None
    outside the EU."""
    day = brussels_day(at)
    return territory_state(country, day) if in_eu(country, day) else None


RULE_SET = RuleSet(
    regime=EU_NIS2,
    title=Text("NIS2"),
    starts_at=datetime(2024, 10, 18, tzinfo=BRUSSELS),
    starts_label="2024-10-18 00:00 Europe/Brussels",
    start_source=Text("Directive (EU) 2022/2555 Art. 41(1): applied from {day}", day="2024-10-18"),
    home=None,
    territory_label=Text("the EU"),
    authority_in=eu_authority_country_at,
    extraterritorial=Text("NIS2 Art. 26, services provided in the Union"),
)


def add_calendar_month(at: datetime, zone: ZoneInfo) -> datetime:
    """The same clock time in ``zone`` one calendar month after ``at``, as a UTC instant; a day
    the next month lacks becomes that month's last day."""
    local = at.astimezone(zone)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    day = min(local.day, calendar.monthrange(year, month)[1])
    target = datetime.combine(date(year, month, day), local.timetz().replace(tzinfo=zone))
    # A clock time the day repeats (autumn) or skips (spring) has two readings (PEP 495 fold):
    # the earlier instant notifies earlier.
    return min(target.replace(fold=0).astimezone(UTC), target.replace(fold=1).astimezone(UTC))


def considered(facts: BreachFacts) -> bool:
    return facts.nis2_entity


def trigger(facts: BreachFacts) -> Trigger:
    if not facts.nis2_entity:
        return Trigger(owed=False, why=Text("not an essential or important entity (NIS2 Art. 3)"))
    if not facts.significant_incident:
        return Trigger(
            owed=False,
            why=Text("not reportable: the incident is not significant (NIS2 Art. 23(3))"),
        )
    return Trigger(
        owed=True, why=Text("reportable: significant incident of a NIS2 entity (Art. 23(1))")
    )


def _final_report(facts: BreachFacts, found: Link) -> Obligation:
    law = Text(
        "NIS2 Art. 23(4)(d): final report not later than one month after the submission of the "
        "incident notification"
    )
    if facts.nis2_notified_at is None:
        return Obligation(
            regime=EU_NIS2,
            kind=FINAL_REPORT,
            required=True,
            due_at=None,
            recipients=found.recipients,
            basis=Text(
                "{law}; no instant until the incident notification is recorded (nis2_notified_at)",
                law=law,
            ),
        )
    zone = local_zone(found.established)
    return Obligation(
        regime=EU_NIS2,
        kind=FINAL_REPORT,
        required=True,
        due_at=add_calendar_month(facts.nis2_notified_at, zone),
        recipients=found.recipients,
        basis=Text(
            "{law}; one calendar month at the same clock time ({zone}), a day the month "
            "lacks becoming its last day, a clock time the day skips or repeats read at its "
            "earlier instant (the reading that notifies earlier)",
            law=law,
            zone=zone.key,
        ),
        deadline_source=STATUTE,
    )


def obligations(facts: BreachFacts, found: Link) -> tuple[Obligation, ...]:
    early = Obligation(
        regime=EU_NIS2,
        kind=EARLY_WARNING,
        required=True,
        due_at=hours_after(facts.aware_at, NIS2_EARLY_WARNING_HOURS),
        recipients=found.recipients,
        basis=Text(
            "NIS2 Art. 23(4)(a): early warning to the CSIRT or competent authority without undue "
            "delay and in any event within 24 hours of becoming aware of the significant "
            "incident; elapsed hours"
        ),
        deadline_source=STATUTE,
    )
    notification = Obligation(
        regime=EU_NIS2,
        kind=INCIDENT_NOTIFICATION,
        required=True,
        due_at=hours_after(facts.aware_at, NIS2_NOTIFICATION_HOURS),
        recipients=found.recipients,
        basis=Text(
            "NIS2 Art. 23(4)(b): incident notification without undue delay and in any event "
            "within 72 hours of becoming aware of the significant incident; elapsed hours"
        ),
        deadline_source=STATUTE,
    )
    return (early, notification, _final_report(facts, found))


RULES = RegimeRules(rule=RULE_SET, trigger=trigger, obligations=obligations, considered=considered)
