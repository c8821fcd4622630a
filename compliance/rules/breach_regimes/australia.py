"""Australia: Notifiable Data Breaches scheme, Privacy Act 1988 Part IIIC, in force 2018-02-22
(Privacy Amendment (Notifiable Data Breaches) Act 2017).

An entity aware of reasonable grounds to suspect an eligible data breach assesses it within 30 days
(s 26WH); an eligible breach (likely to result in serious harm: risk ``"high"``) is notified to the
OAIC and the individuals as soon as practicable (s 26WK, 26WL). Days on the Australia/Sydney
calendar; "within 30 days after" leaves out the day of awareness (Acts Interpretation Act 1901
s 36(1)).
"""

from __future__ import annotations

from datetime import datetime

from compliance.rules.breach_regimes.applicability import Link, RegimeRules, Trigger
from compliance.rules.breach_regimes.calendars import SYDNEY, end_of_nth_day_after
from compliance.rules.breach_regimes.vocabulary import (
    ASSESSMENT,
    AU_NDB,
    AUTHORITY_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    RISK_HIGH,
    STATUTE,
    BreachFacts,
    Obligation,
    RuleSet,
    not_required,
)
from compliance.rules.text import Text

__all__ = ["AU_ASSESSMENT_DAYS", "RULES"]

AU_ASSESSMENT_DAYS = 30

RULE_SET = RuleSet(
    regime=AU_NDB,
    title=Text("Australia NDB"),
    starts_at=datetime(2018, 2, 22, tzinfo=SYDNEY),
    starts_label="2018-02-22 00:00 Australia/Sydney",
    start_source=Text(
        "{act}, in force {day}",
        act="Privacy Amendment (Notifiable Data Breaches) Act 2017",
        day="2018-02-22",
    ),
    home="AU",
    territory_label=Text("Australia"),
    extraterritorial=Text("Privacy Act 1988 s. 5B, Australian link"),
)

# An APP entity that holds the information has the duties whatever its role; s 26WJ lets one of
# several entities assess and notify for all.
_ROLE = Text(
    "the duties fall on every APP entity holding the information, whatever its role (s 26WJ: one "
    "entity may act for all)"
)


def trigger(facts: BreachFacts) -> Trigger:
    serious = (
        Text(
            "eligible data breach: serious harm likely (s 26WE(2)), notify the OAIC and the "
            "individuals"
        )
        if facts.risk == RISK_HIGH
        else Text(
            "serious harm not assessed as likely: no notification unless the assessment finds it"
        )
    )
    return Trigger(
        owed=True,
        why=Text(
            "a suspected breach is assessed within 30 days (s 26WH); {serious}", serious=serious
        ),
    )


def obligations(facts: BreachFacts, found: Link) -> tuple[Obligation, ...]:
    day, due_at = end_of_nth_day_after(facts.aware_at, SYDNEY, AU_ASSESSMENT_DAYS)
    assessment = Obligation(
        regime=AU_NDB,
        kind=ASSESSMENT,
        required=True,
        due_at=due_at,
        recipients=(),
        basis=Text(
            "Privacy Act 1988 s 26WH(2): take all reasonable steps to complete the assessment "
            "within 30 days after becoming aware; day 30 after the day of awareness = "
            "{day}, due 23:59:59 Australia/Sydney (the day of awareness not "
            "counted, Acts Interpretation Act 1901 s 36(1)); {role}",
            day=day.isoformat(),
            role=_ROLE,
        ),
        deadline_source=STATUTE,
    )
    if facts.risk != RISK_HIGH:
        why_not = Text(
            "not required: serious harm not assessed as likely, so not an eligible data breach "
            "(Privacy Act 1988 s 26WE(2)); reassess after the assessment"
        )
        return (
            assessment,
            not_required(AU_NDB, AUTHORITY_NOTIFICATION, why_not),
            not_required(AU_NDB, DATA_SUBJECT_NOTIFICATION, why_not),
        )
    authority = Obligation(
        regime=AU_NDB,
        kind=AUTHORITY_NOTIFICATION,
        required=True,
        due_at=None,
        recipients=found.recipients,
        basis=Text(
            "Privacy Act 1988 s 26WK: give the Commissioner (OAIC) a statement as soon as "
            "practicable after becoming aware of the eligible data breach (no fixed deadline); "
            "{role}",
            role=_ROLE,
        ),
    )
    subjects = Obligation(
        regime=AU_NDB,
        kind=DATA_SUBJECT_NOTIFICATION,
        required=True,
        due_at=None,
        recipients=(),
        basis=Text(
            "Privacy Act 1988 s 26WL: notify the individuals at risk (or publish) as soon as "
            "practicable after the statement to the Commissioner (no fixed deadline)"
        ),
    )
    return (assessment, authority, subjects)


RULES = RegimeRules(rule=RULE_SET, trigger=trigger, obligations=obligations)
