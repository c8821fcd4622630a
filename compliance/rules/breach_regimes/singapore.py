"""Singapore: Personal Data Protection Act 2012, Part 6A (ss 26A-26E), in force 2021-02-01, and
the Personal Data Protection (Notification of Data Breaches) Regulations 2021.

A breach is notifiable when it results in, or is likely to result in, significant harm (risk
``"high"``) or is of a significant scale (500 or more people, reg. 4). The organisation assesses
notifiability (PDPC guide: within 30 days), then notifies the PDPC within 3 calendar days of the
assessment and the affected people on or after that. Calendar days on the Asia/Singapore calendar.
"""

from __future__ import annotations

from datetime import datetime

from compliance.rules.breach_regimes.applicability import Link, RegimeRules, Trigger
from compliance.rules.breach_regimes.calendars import SINGAPORE, end_of_nth_day_after
from compliance.rules.breach_regimes.vocabulary import (
    ASSESSMENT,
    AUTHORITY_NOTIFICATION,
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    GUIDELINE,
    PROCESSOR,
    RISK_HIGH,
    SG_PDPA,
    STATUTE,
    BreachFacts,
    Obligation,
    RuleSet,
    not_required,
)
from compliance.rules.text import Text

__all__ = ["RULES", "SG_ASSESSMENT_DAYS", "SG_NOTIFICATION_DAYS", "SG_SUBJECT_THRESHOLD"]

SG_SUBJECT_THRESHOLD = 500  # "500 or more": 500 exactly is of significant scale
SG_ASSESSMENT_DAYS = 30
SG_NOTIFICATION_DAYS = 3

RULE_SET = RuleSet(
    regime=SG_PDPA,
    title=Text("Singapore PDPA"),
    starts_at=datetime(2021, 2, 1, tzinfo=SINGAPORE),
    starts_label="2021-02-01 00:00 Asia/Singapore",
    start_source=Text(
        "{act}, Part 6A in force {day}",
        act="Personal Data Protection (Amendment) Act 2020",
        day="2021-02-01",
    ),
    home="SG",
    territory_label=Text("Singapore"),
    extraterritorial=Text("PDPA s. 4, data collected, used or disclosed in Singapore"),
)

_CALENDAR = Text(
    "calendar days on the Asia/Singapore calendar, the day of the event not counted, due "
    "23:59:59 SGT"
)


def notifiable_grounds(facts: BreachFacts) -> tuple[str, ...]:
    """The PDPA s 26B(1) grounds that make the breach notifiable."""
    found = []
    if facts.risk == RISK_HIGH:
        found.append(Text("significant harm to the affected individuals (s 26B(1)(a))"))
    count = facts.subject_count
    if count is not None and count >= SG_SUBJECT_THRESHOLD:
        found.append(
            Text(
                "significant scale: 500 or more individuals ({count}) (s 26B(1)(b), reg. 4)",
                count=f"{count:,}",
            )
        )
    elif facts.possibly_over_1000:
        found.append(
            Text(
                "significant scale: more than 1,000 individuals cannot be ruled out (s 26B(1)(b) "
                "covers a breach 'likely to be' of significant scale)"
            )
        )
    return tuple(found)


def trigger(facts: BreachFacts) -> Trigger:
    grounds = notifiable_grounds(facts)
    if grounds:
        return Trigger(
            owed=True,
            why=Text("notifiable (PDPA s 26B): {grounds}", grounds=Text.join_all("; ", grounds)),
        )
    count = (
        Text("count unknown")
        if facts.subject_count is None
        else Text("count {count}", count=f"{facts.subject_count:,}")
    )
    return Trigger(
        owed=False,
        why=Text(
            "not notifiable (PDPA s 26B): risk not assessed as high (significant harm) and "
            "fewer than 500 individuals ({count})",
            count=count,
        ),
    )


def _assessment(facts: BreachFacts) -> Obligation:
    day, due_at = end_of_nth_day_after(facts.aware_at, SINGAPORE, SG_ASSESSMENT_DAYS)
    done = (
        Text("; completed at {at}", at=facts.assessed_at.isoformat())
        if facts.assessed_at is not None
        else ""
    )
    return Obligation(
        regime=SG_PDPA,
        kind=ASSESSMENT,
        required=True,
        due_at=due_at,
        recipients=(),
        basis=Text(
            "PDPA s 26C(2): assess whether the breach is notifiable in a reasonable and "
            "expeditious manner; PDPC Guide on Managing and Notifying Data Breaches: within 30 "
            "calendar days of becoming aware; day 30 after the day of awareness = "
            "{day}; {calendar}",
            day=day.isoformat(),
            calendar=_CALENDAR,
        )
        + done,
        deadline_source=GUIDELINE,
    )


def _authority(facts: BreachFacts, found: Link) -> Obligation:
    law = Text(
        "PDPA s 26D(1): notify the PDPC as soon as practicable, and in any case no later than 3 "
        "calendar days after the day the organisation assessed the breach as notifiable"
    )
    if facts.assessed_at is None:
        return Obligation(
            regime=SG_PDPA,
            kind=AUTHORITY_NOTIFICATION,
            required=True,
            due_at=None,
            recipients=found.recipients,
            basis=Text("{law}; no instant until the assessment is recorded (assessed_at)", law=law),
        )
    day, due_at = end_of_nth_day_after(facts.assessed_at, SINGAPORE, SG_NOTIFICATION_DAYS)
    return Obligation(
        regime=SG_PDPA,
        kind=AUTHORITY_NOTIFICATION,
        required=True,
        due_at=due_at,
        recipients=found.recipients,
        basis=Text(
            "{law}; day 3 after the day of assessment = {day}; {calendar}",
            law=law,
            day=day.isoformat(),
            calendar=_CALENDAR,
        ),
        deadline_source=STATUTE,
    )


def _subjects(facts: BreachFacts) -> Obligation:
    if facts.risk != RISK_HIGH:
        return not_required(
            SG_PDPA,
            DATA_SUBJECT_NOTIFICATION,
            Text(
                "not required: notifiable on scale only, no significant harm to the individuals "
                "(PDPA s 26D(2))"
            ),
        )
    return Obligation(
        regime=SG_PDPA,
        kind=DATA_SUBJECT_NOTIFICATION,
        required=True,
        due_at=None,
        recipients=(),
        basis=Text(
            "PDPA s 26D(2): notify each affected individual (significant harm) on or after "
            "notifying the PDPC, not before it; no fixed deadline (exceptions s 26D(5)-(6))"
        ),
    )


def obligations(facts: BreachFacts, found: Link) -> tuple[Obligation, ...]:
    if facts.role == PROCESSOR:
        organisation = Text(
            "not required: the data intermediary (processor) notifies the organisation, which "
            "assesses and notifies (PDPA s 26C(3))"
        )
        return (
            Obligation(
                regime=SG_PDPA,
                kind=CONTROLLER_NOTIFICATION,
                required=True,
                due_at=None,
                recipients=(),
                basis=Text(
                    "PDPA s 26C(3)(a): the data intermediary notifies the organisation without "
                    "undue delay from when it has reason to believe the breach occurred (no "
                    "fixed deadline)"
                ),
            ),
            *(
                not_required(SG_PDPA, kind, organisation)
                for kind in (ASSESSMENT, AUTHORITY_NOTIFICATION, DATA_SUBJECT_NOTIFICATION)
            ),
        )
    return (_assessment(facts), _authority(facts, found), _subjects(facts))


RULES = RegimeRules(rule=RULE_SET, trigger=trigger, obligations=obligations)
