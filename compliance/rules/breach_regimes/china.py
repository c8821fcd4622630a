"""China: Personal Information Protection Law (PIPL), in force 2021-11-01, Art. 57, and the CAC
Measures for the Administration of Reporting Cybersecurity Incidents, in force 2025-11-01.

A personal information handler that has, or may have, a leak takes remedial measures and notifies
the authorities and the individuals "immediately" (Art. 57(1)); the law sets no period, so the
deadline is the office's internal target, 24 hours after awareness. From 2025-11-01 a leak of the
personal information of 1,000,000 or more people is a relatively major incident, reported to the
provincial cyberspace administration within 4 hours. Elapsed hours on UTC instants.
"""

from __future__ import annotations

from datetime import datetime

from compliance.rules.breach_regimes.applicability import Link, RegimeRules, Trigger
from compliance.rules.breach_regimes.calendars import SHANGHAI
from compliance.rules.breach_regimes.vocabulary import (
    AUTHORITY_NOTIFICATION,
    CN_PIPL,
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    INTERNAL,
    PROCESSOR,
    STATUTE,
    BreachFacts,
    Obligation,
    RuleSet,
    hours_after,
    not_required,
)
from compliance.rules.text import Text

__all__ = [
    "CAC_MAJOR_FROM",
    "CAC_MAJOR_HOURS",
    "CAC_MAJOR_THRESHOLD",
    "CN_TARGET_HOURS",
    "RULES",
]

CN_TARGET_HOURS = 24
CAC_MAJOR_THRESHOLD = 1_000_000  # "1,000,000 or more"
CAC_MAJOR_HOURS = 4
CAC_MAJOR_FROM = datetime(2025, 11, 1, tzinfo=SHANGHAI)

RULE_SET = RuleSet(
    regime=CN_PIPL,
    title=Text("China PIPL"),
    starts_at=datetime(2021, 11, 1, tzinfo=SHANGHAI),
    starts_label="2021-11-01 00:00 Asia/Shanghai",
    start_source=Text("PIPL of 20 August 2021, in force {day}", day="2021-11-01"),
    home="CN",
    territory_label=Text("mainland China"),
    extraterritorial=Text("PIPL Art. 3(2)"),
)


def _major(facts: BreachFacts) -> bool:
    count = facts.subject_count
    in_force = facts.aware_at.astimezone(SHANGHAI) >= CAC_MAJOR_FROM
    return in_force and count is not None and count >= CAC_MAJOR_THRESHOLD


def trigger(facts: BreachFacts) -> Trigger:
    if _major(facts):
        return Trigger(
            owed=True,
            why=Text(
                "every leak is notified (PIPL Art. 57); 1,000,000 or more people: a relatively "
                "major incident under the CAC Measures (from 2025-11-01), reported within 4 hours"
            ),
        )
    return Trigger(owed=True, why=Text("every leak is notified immediately (PIPL Art. 57)"))


def _authority(facts: BreachFacts, found: Link) -> Obligation:
    if _major(facts):
        return Obligation(
            regime=CN_PIPL,
            kind=AUTHORITY_NOTIFICATION,
            required=True,
            due_at=hours_after(facts.aware_at, CAC_MAJOR_HOURS),
            recipients=found.recipients,
            basis=Text(
                "PIPL Art. 57(1); CAC Measures for the Administration of Reporting Cybersecurity "
                "Incidents (in force 2025-11-01): a leak of the personal information of "
                "1,000,000 or more people ({count}) is a relatively major "
                "incident, reported to the provincial cyberspace administration within 4 hours "
                "of becoming aware; elapsed hours",
                count=f"{facts.subject_count:,}",
            ),
            deadline_source=STATUTE,
        )
    note: str = ""
    if facts.subject_count is None and facts.aware_at.astimezone(SHANGHAI) >= CAC_MAJOR_FROM:
        note = Text(
            "; count unknown: 4 hours apply once 1,000,000 or more people are known affected"
        )
    return Obligation(
        regime=CN_PIPL,
        kind=AUTHORITY_NOTIFICATION,
        required=True,
        due_at=hours_after(facts.aware_at, CN_TARGET_HOURS),
        recipients=found.recipients,
        basis=Text(
            "PIPL Art. 57(1): take remedial measures and notify the authorities performing "
            "personal information protection duties immediately; the law fixes no period: "
            "internal target 24 hours after awareness, elapsed hours"
        )
        + note,
        deadline_source=INTERNAL,
    )


def obligations(facts: BreachFacts, found: Link) -> tuple[Obligation, ...]:
    if facts.role == PROCESSOR:
        handler_notifies = Text(
            "not required: the entrusted party (processor) tells the personal information "
            "handler, which notifies (PIPL Art. 21, 57)"
        )
        return (
            Obligation(
                regime=CN_PIPL,
                kind=CONTROLLER_NOTIFICATION,
                required=True,
                due_at=None,
                recipients=(),
                basis=Text(
                    "PIPL Art. 21, 59: the entrusted party assists the personal information "
                    "handler and tells it of the leak immediately (no fixed deadline)"
                ),
            ),
            not_required(CN_PIPL, AUTHORITY_NOTIFICATION, handler_notifies),
            not_required(CN_PIPL, DATA_SUBJECT_NOTIFICATION, handler_notifies),
        )
    subjects = Obligation(
        regime=CN_PIPL,
        kind=DATA_SUBJECT_NOTIFICATION,
        required=True,
        due_at=None,
        recipients=(),
        basis=Text(
            "PIPL Art. 57(1): notify the individuals immediately (no fixed deadline); Art. 57(2): "
            "may be omitted where the measures effectively avoid harm, unless the authority "
            "requires it"
        ),
    )
    return (_authority(facts, found), subjects)


RULES = RegimeRules(rule=RULE_SET, trigger=trigger, obligations=obligations)
