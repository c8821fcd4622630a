"""Switzerland: Federal Act on Data Protection (revised FADP), in force 2023-09-01, Art. 24.

A breach likely to result in a high risk is reported to the FDPIC "as quickly as possible"; the
law sets no period, so the deadline is the office's internal target, 72 hours after awareness
(the GDPR's yardstick). Elapsed hours on UTC instants.
"""

from __future__ import annotations

from datetime import datetime

from compliance.rules.breach_regimes.applicability import Link, RegimeRules, Trigger
from compliance.rules.breach_regimes.calendars import ZURICH
from compliance.rules.breach_regimes.vocabulary import (
    AUTHORITY_NOTIFICATION,
    CH_FADP,
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    INTERNAL,
    PROCESSOR,
    RISK_HIGH,
    BreachFacts,
    Obligation,
    RuleSet,
    hours_after,
    not_required,
)
from compliance.rules.text import Text

__all__ = ["CH_TARGET_HOURS", "RULES"]

CH_TARGET_HOURS = 72

RULE_SET = RuleSet(
    regime=CH_FADP,
    title=Text("Swiss FADP"),
    starts_at=datetime(2023, 9, 1, tzinfo=ZURICH),
    starts_label="2023-09-01 00:00 Europe/Zurich",
    start_source=Text("revised FADP of 25 September 2020, in force 2023-09-01"),
    home="CH",
    territory_label=Text("Switzerland"),
    extraterritorial=Text("FADP Art. 3(1), effects in Switzerland"),
)


def trigger(facts: BreachFacts) -> Trigger:
    if facts.risk == RISK_HIGH:
        return Trigger(
            owed=True, why=Text("reportable: likely to result in a high risk (FADP Art. 24(1))")
        )
    return Trigger(
        owed=False, why=Text("not reportable: risk not assessed as high (FADP Art. 24(1))")
    )


def obligations(facts: BreachFacts, found: Link) -> tuple[Obligation, ...]:
    if facts.role == PROCESSOR:
        controller_notifies = Text(
            "not required: the processor tells the controller, which reports (FADP Art. 24(3))"
        )
        return (
            Obligation(
                regime=CH_FADP,
                kind=CONTROLLER_NOTIFICATION,
                required=True,
                due_at=None,
                recipients=(),
                basis=Text(
                    "FADP Art. 24(3): the processor reports the breach to the controller as "
                    "quickly as possible (no fixed deadline)"
                ),
            ),
            not_required(CH_FADP, AUTHORITY_NOTIFICATION, controller_notifies),
            not_required(CH_FADP, DATA_SUBJECT_NOTIFICATION, controller_notifies),
        )
    authority = Obligation(
        regime=CH_FADP,
        kind=AUTHORITY_NOTIFICATION,
        required=True,
        due_at=hours_after(facts.aware_at, CH_TARGET_HOURS),
        recipients=found.recipients,
        basis=Text(
            "FADP Art. 24(1): report to the FDPIC as quickly as possible (high risk); the law "
            "fixes no period: internal target 72 hours after awareness, elapsed hours"
        ),
        deadline_source=INTERNAL,
    )
    subjects = Obligation(
        regime=CH_FADP,
        kind=DATA_SUBJECT_NOTIFICATION,
        required=True,
        due_at=None,
        recipients=(),
        basis=Text(
            "FADP Art. 24(4): inform the data subjects when necessary for their protection or "
            "when the FDPIC requests it; convention: treated as necessary for a high-risk breach "
            "(the reading that notifies earlier); exceptions Art. 24(5); no fixed deadline"
        ),
    )
    return (authority, subjects)


RULES = RegimeRules(rule=RULE_SET, trigger=trigger, obligations=obligations)
