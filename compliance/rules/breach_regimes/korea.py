"""Republic of Korea: Personal Information Protection Act (PIPA) as amended by Act No. 19234,
in force 2023-09-15, and its Enforcement Decree Art. 39-40.

Any leak is notified to the data subjects within 72 hours; the PIPC (or KISA) is told within 72
hours when 1,000 or more people, sensitive or unique identifying information, or an external
unlawful access are involved. Elapsed hours on UTC instants.
"""

from __future__ import annotations

from datetime import datetime

from compliance.rules.breach_regimes.applicability import Link, RegimeRules, Trigger
from compliance.rules.breach_regimes.calendars import SEOUL
from compliance.rules.breach_regimes.vocabulary import (
    AUTHORITY_NOTIFICATION,
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    KR_PIPA,
    PROCESSOR,
    STATUTE,
    BreachFacts,
    Obligation,
    RuleSet,
    hours_after,
    not_required,
)
from compliance.rules.text import Text

__all__ = ["KR_SUBJECT_THRESHOLD", "KR_WINDOW_HOURS", "RULES"]

KR_SUBJECT_THRESHOLD = 1000  # "1,000 or more": 1,000 exactly is reportable
KR_WINDOW_HOURS = 72

RULE_SET = RuleSet(
    regime=KR_PIPA,
    title=Text("Korea PIPA"),
    starts_at=datetime(2023, 9, 15, tzinfo=SEOUL),
    starts_label="2023-09-15 00:00 Asia/Seoul",
    start_source=Text("PIPA as amended by Act No. 19234, in force {day}", day="2023-09-15"),
    home="KR",
    territory_label=Text("Korea"),
    extraterritorial=Text(
        "PIPA Art. 31-2, foreign businesses handling information of people in Korea"
    ),
)


def reportable_categories(facts: BreachFacts) -> tuple[str, ...]:
    """The Decree Art. 40(1) grounds for reporting to the PIPC."""
    found = []
    count = facts.subject_count
    if count is not None and count >= KR_SUBJECT_THRESHOLD:
        found.append(Text("1,000 or more data subjects ({count})", count=f"{count:,}"))
    elif facts.possibly_over_1000:
        found.append(
            Text(
                "1,000 or more data subjects cannot be ruled out (convention: a possible count "
                "counts, the reading that notifies earlier)"
            )
        )
    if facts.special_category:
        found.append(Text("sensitive information (PIPA Art. 23)"))
    if facts.unique_identifiers:
        found.append(
            Text("unique identifying information such as the resident registration number")
        )
    if facts.wrongful_purpose:
        found.append(Text("leak by unlawful access from outside"))
    return tuple(found)


def trigger(facts: BreachFacts) -> Trigger:
    grounds = reportable_categories(facts)
    to_pipc = (
        Text("reportable to the PIPC: {grounds}", grounds=Text.join_all("; ", grounds))
        if grounds
        else Text(
            "not reportable to the PIPC (fewer than 1,000 people or count unknown, no "
            "sensitive or unique identifying information, no unlawful access from outside)"
        )
    )
    return Trigger(
        owed=True,
        why=Text("every leak is notified to the data subjects; {to_pipc}", to_pipc=to_pipc),
    )


def _authority(facts: BreachFacts, found: Link) -> Obligation:
    grounds = reportable_categories(facts)
    if not grounds:
        return not_required(
            KR_PIPA,
            AUTHORITY_NOTIFICATION,
            Text(
                "not required: no PIPA Enforcement Decree Art. 40(1) ground (1,000 or more data "
                "subjects, sensitive or unique identifying information, unlawful access from "
                "outside); {count}",
                count=(
                    Text("count unknown")
                    if facts.subject_count is None
                    else Text("count {count}", count=str(facts.subject_count))
                ),
            ),
        )
    return Obligation(
        regime=KR_PIPA,
        kind=AUTHORITY_NOTIFICATION,
        required=True,
        due_at=hours_after(facts.aware_at, KR_WINDOW_HOURS),
        recipients=found.recipients,
        basis=Text(
            "PIPA Art. 34(3); Enforcement Decree Art. 40(1): report to the PIPC (or KISA) within "
            "72 hours of becoming aware ({grounds}); elapsed hours",
            grounds=Text.join_all("; ", grounds),
        ),
        deadline_source=STATUTE,
    )


def obligations(facts: BreachFacts, found: Link) -> tuple[Obligation, ...]:
    if facts.role == PROCESSOR:
        controller_notifies = Text(
            "not required: the outsourcee (processor) tells the personal information controller, "
            "which notifies (PIPA Art. 26, 34)"
        )
        return (
            Obligation(
                regime=KR_PIPA,
                kind=CONTROLLER_NOTIFICATION,
                required=True,
                due_at=None,
                recipients=(),
                basis=Text(
                    "PIPA Art. 26: the outsourcee tells the personal information controller of the "
                    "leak without delay, so that it can notify within 72 hours (no fixed deadline)"
                ),
            ),
            not_required(KR_PIPA, AUTHORITY_NOTIFICATION, controller_notifies),
            not_required(KR_PIPA, DATA_SUBJECT_NOTIFICATION, controller_notifies),
        )
    subjects = Obligation(
        regime=KR_PIPA,
        kind=DATA_SUBJECT_NOTIFICATION,
        required=True,
        due_at=hours_after(facts.aware_at, KR_WINDOW_HOURS),
        recipients=(),
        basis=Text(
            "PIPA Art. 34(1); Enforcement Decree Art. 39(1): notify the data subjects of any leak "
            "within 72 hours of becoming aware; elapsed hours"
        ),
        deadline_source=STATUTE,
    )
    return (_authority(facts, found), subjects)


RULES = RegimeRules(rule=RULE_SET, trigger=trigger, obligations=obligations)
