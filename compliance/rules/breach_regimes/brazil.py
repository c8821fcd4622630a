"""Brazil: LGPD Art. 48 and the ANPD's Security Incident Communication Regulation (Resolution
CD/ANPD No. 15/2024, in force on its publication, 2024-04-26).

An incident that may bring relevant risk or damage to the data subjects is communicated to the
ANPD and to the data subjects within 3 business days of the controller's knowledge of it
(Res. 15/2024 Art. 6 and 9), when it involves sensitive data, data of children or adolescents,
financial data, authentication data, or large scale (Art. 5). Small processing agents have double
periods (Resolution CD/ANPD No. 2/2022 Art. 14). Business days on the America/Sao_Paulo calendar.
"""

from __future__ import annotations

from datetime import date, datetime

from compliance.rules.breach_regimes.applicability import Link, RegimeRules, Trigger
from compliance.rules.breach_regimes.calendars import (
    SAO_PAULO,
    end_of_day,
    local_day,
    nth_brazil_business_day_after,
)
from compliance.rules.breach_regimes.vocabulary import (
    AUTHORITY_NOTIFICATION,
    BR_LGPD,
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    PROCESSOR,
    RISK_UNLIKELY,
    STATUTE,
    BreachFacts,
    Obligation,
    RuleSet,
    not_required,
)
from compliance.rules.text import Text

__all__ = ["BR_BUSINESS_DAYS", "BR_BUSINESS_DAYS_SMALL_AGENT", "RULES"]

BR_BUSINESS_DAYS = 3
BR_BUSINESS_DAYS_SMALL_AGENT = 6

RULE_SET = RuleSet(
    regime=BR_LGPD,
    title=Text("Brazil LGPD"),
    starts_at=datetime(2024, 4, 26, tzinfo=SAO_PAULO),
    starts_label="2024-04-26 00:00 America/Sao_Paulo",
    start_source=Text(
        "{act}, in force on publication, {day}",
        act="Resolution CD/ANPD No. 15/2024",
        day="2024-04-26",
    ),
    home="BR",
    territory_label=Text("Brazil"),
    extraterritorial=Text("LGPD Art. 3"),
)

_COUNTING = Text(
    "business days on the America/Sao_Paulo calendar, skipping Saturdays, Sundays and national "
    "holidays, the day of knowledge not counted; due 23:59:59 local time; Carnival is not a "
    "national holiday and counts (the reading that notifies earlier)"
)


def criteria(facts: BreachFacts) -> tuple[str, ...]:
    """The Res. 15/2024 Art. 5 criteria the incident meets."""
    found = []
    if facts.special_category:
        found.append(Text("sensitive personal data"))
    if facts.minors:
        found.append(Text("data of children or adolescents"))
    if facts.financial_data:
        found.append(Text("financial data"))
    if facts.authentication_data:
        found.append(Text("authentication data"))
    if facts.large_scale:
        found.append(Text("large scale"))
    return tuple(found)


def trigger(facts: BreachFacts) -> Trigger:
    found = criteria(facts)
    if facts.risk == RISK_UNLIKELY:
        return Trigger(
            owed=False,
            why=Text(
                "not reportable: no relevant risk or damage to the data subjects "
                "(Res. CD/ANPD 15/2024 Art. 5)"
            ),
        )
    if not found:
        return Trigger(
            owed=False,
            why=Text(
                "not reportable: none of the Res. CD/ANPD 15/2024 Art. 5 criteria (sensitive "
                "data, children or adolescents, financial data, authentication data, large scale)"
            ),
        )
    return Trigger(
        owed=True,
        why=Text(
            "reportable (Res. CD/ANPD 15/2024 Art. 5): relevant risk, {criteria}",
            criteria=Text.join_all(", ", found),
        ),
    )


def _due(facts: BreachFacts) -> tuple[int, date, datetime]:
    days = BR_BUSINESS_DAYS_SMALL_AGENT if facts.small_agent else BR_BUSINESS_DAYS
    day = nth_brazil_business_day_after(local_day(facts.aware_at, SAO_PAULO), days)
    return days, day, end_of_day(day, SAO_PAULO)


def obligations(facts: BreachFacts, found: Link) -> tuple[Obligation, ...]:
    if facts.role == PROCESSOR:
        controller_notifies = Text(
            "not required: the operator (processor) tells the controller, which communicates "
            "(LGPD Art. 48)"
        )
        return (
            Obligation(
                regime=BR_LGPD,
                kind=CONTROLLER_NOTIFICATION,
                required=True,
                due_at=None,
                recipients=(),
                basis=Text(
                    "LGPD Art. 39, 48: the operator informs the controller of the incident so "
                    "that it can communicate within 3 business days (no fixed deadline)"
                ),
            ),
            not_required(BR_LGPD, AUTHORITY_NOTIFICATION, controller_notifies),
            not_required(BR_LGPD, DATA_SUBJECT_NOTIFICATION, controller_notifies),
        )
    days, day, due_at = _due(facts)
    period = (
        Text(
            "{days} business days (small processing agent: double period, "
            "Res. CD/ANPD 2/2022 Art. 14)",
            days=str(days),
        )
        if facts.small_agent
        else Text("{days} business days", days=str(days))
    )
    when = Text(
        "business day {days} after the day of knowledge = {day}; {counting}",
        days=str(days),
        day=day.isoformat(),
        counting=_COUNTING,
    )
    authority = Obligation(
        regime=BR_LGPD,
        kind=AUTHORITY_NOTIFICATION,
        required=True,
        due_at=due_at,
        recipients=found.recipients,
        basis=Text(
            "LGPD Art. 48; Res. CD/ANPD 15/2024 Art. 6: communicate to the ANPD within "
            "{period}; {when}",
            period=period,
            when=when,
        ),
        deadline_source=STATUTE,
    )
    subjects = Obligation(
        regime=BR_LGPD,
        kind=DATA_SUBJECT_NOTIFICATION,
        required=True,
        due_at=due_at,
        recipients=(),
        basis=Text(
            "LGPD Art. 48; Res. CD/ANPD 15/2024 Art. 9: communicate to the data subjects "
            "within {period}; {when}",
            period=period,
            when=when,
        ),
        deadline_source=STATUTE,
    )
    return (authority, subjects)


RULES = RegimeRules(rule=RULE_SET, trigger=trigger, obligations=obligations)
