"""EU GDPR and UK GDPR: Art. 33(1), 33(2), 34(1), 34(3)(a).

Deadlines are elapsed hours on UTC instants, so a DST change moves the local clock time of the
deadline, not its length. The GDPR's territory is looked up in ``compliance.rules.territories``
(outermost regions and Åland are their state's; the EEA EFTA states from 2018-07-20).
"""

from __future__ import annotations

from datetime import UTC, datetime

from compliance.rules.breach_regimes.applicability import Link
from compliance.rules.breach_regimes.vocabulary import (
    AUTHORITY_NOTIFICATION,
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    EU_GDPR,
    PROCESSOR,
    RISK_HIGH,
    RISK_UNLIKELY,
    STATUTE,
    UK_GDPR,
    BreachFacts,
    Obligation,
    RuleSet,
    hours_after,
)
from compliance.rules.territories import (
    ATTACHED_TERRITORIES,
    BRUSSELS,
    EEA_EFTA_STATES,
    GDPR_APPLIES_IN_EEA_EFTA_FROM,
    GDPR_IN_EEA_EFTA_SOURCE,
    brussels_day,
    gdpr_authority_country_at,
)
from compliance.rules.text import Text

__all__ = [
    "EU_RULE_SET",
    "GDPR_NOTIFICATION_HOURS",
    "UK_RULE_SET",
    "obligations",
    "territory_notes",
]

GDPR_NOTIFICATION_HOURS = 72

EU_RULE_SET = RuleSet(
    regime=EU_GDPR,
    title=Text("EU GDPR"),
    starts_at=datetime(2018, 5, 25, tzinfo=BRUSSELS),
    starts_label="2018-05-25 00:00 Europe/Brussels",
    start_source=Text("{law} Art. 99(2)", law=Text("GDPR")),
    home=None,
    territory_label=Text("the EEA"),
    authority_in=gdpr_authority_country_at,
    extraterritorial=Text("Art. 3(2)"),
)

UK_RULE_SET = RuleSet(
    regime=UK_GDPR,
    title=Text("UK GDPR"),
    # IP completion day: the transition period ended at midnight Brussels time.
    starts_at=datetime(2020, 12, 31, 23, tzinfo=UTC),
    starts_label="2020-12-31T23:00Z",
    start_source="European Union (Withdrawal) Act 2018 s. 3; DPPEC (EU Exit) Regulations 2019",
    home="GB",
    territory_label=Text("the UK"),
    extraterritorial=Text("Art. 3(2)"),
)


def _law(rule: RuleSet) -> str:
    return Text("GDPR") if rule.regime == EU_GDPR else Text("UK GDPR")


def _authority(rule: RuleSet, facts: BreachFacts, found: Link) -> Obligation:
    law = _law(rule)
    if facts.role == PROCESSOR:
        required, basis = (
            False,
            Text(
                "not required: the processor notifies its controller ({law} Art. 33(2)); "
                "the controller notifies the supervisory authority",
                law=law,
            ),
        )
    elif facts.risk == RISK_UNLIKELY:
        required, basis = (
            False,
            Text(
                "not required: risk assessed as unlikely ({law} Art. 33(1)); "
                "the breach is still documented ({law} Art. 33(5))",
                law=law,
            ),
        )
    else:
        required, basis = (
            True,
            Text(
                "{law} Art. 33(1): notify the supervisory authority without undue delay and, "
                "where feasible, not later than 72 hours after becoming aware (elapsed hours: "
                "weekends and holidays count); a later notification gives reasons for the delay; "
                "information may be provided in phases ({law} Art. 33(4))",
                law=law,
            ),
        )
        if rule.regime == EU_GDPR and found.established is None:
            basis += Text(
                "; no establishment in the EEA: the authority of every affected country "
                "(EDPB Guidelines 9/2022, para. 73)"
            )
    return Obligation(
        regime=rule.regime,
        kind=AUTHORITY_NOTIFICATION,
        required=required,
        due_at=hours_after(facts.aware_at, GDPR_NOTIFICATION_HOURS) if required else None,
        recipients=found.recipients if required else (),
        basis=basis,
        deadline_source=STATUTE if required else None,
    )


def _data_subjects(rule: RuleSet, facts: BreachFacts) -> Obligation:
    law = _law(rule)
    reasons: list[str] = []
    if facts.risk != RISK_HIGH:
        reasons.append(Text("risk not assessed as high ({law} Art. 34(1))", law=law))
    if facts.encrypted:
        reasons.append(Text("data unintelligible/encrypted ({law} Art. 34(3)(a))", law=law))
    if reasons:
        basis = Text("not required: {reasons}", reasons=Text.join_all("; ", reasons))
    else:
        basis = Text(
            "{law} Art. 34(1): communicate the breach to the data subjects without undue delay "
            "(high risk; no fixed deadline)",
            law=law,
        )
    return Obligation(
        regime=rule.regime,
        kind=DATA_SUBJECT_NOTIFICATION,
        required=not reasons,
        due_at=None,
        recipients=(),
        basis=basis,
    )


def obligations(rule: RuleSet, facts: BreachFacts, found: Link) -> tuple[Obligation, ...]:
    """Controller: authority (Art. 33) then data subjects (Art. 34); processor: controller
    notification (Art. 33(2)) then the authority notification, not required."""
    if facts.role == PROCESSOR:
        to_controller = Obligation(
            regime=rule.regime,
            kind=CONTROLLER_NOTIFICATION,
            required=True,
            due_at=None,
            recipients=(),
            basis=Text(
                "{law} Art. 33(2): the processor notifies the controller without undue "
                "delay after becoming aware (no fixed deadline)",
                law=_law(rule),
            ),
        )
        return (to_controller, _authority(rule, facts, found))
    return (_authority(rule, facts, found), _data_subjects(rule, facts))


def territory_notes(facts: BreachFacts) -> list[str]:
    """Notes on codes whose GDPR status is not their own: attached territories and the EEA EFTA
    states before the GDPR reached them."""
    day = brussels_day(facts.aware_at)
    notes: list[str] = []
    for code in sorted({facts.entity_country, *facts.affected_countries}):
        attachment = ATTACHED_TERRITORIES.get(code)
        if attachment is not None and attachment.period.contains(day):
            notes.append(
                Text(
                    "; {code} is part of {state} for EU law ({source}), authority: {authority}",
                    code=code,
                    state=attachment.state,
                    source=attachment.period.source,
                    authority=attachment.authority_country,
                )
            )
        elif attachment is not None:
            notes.append(
                Text(
                    "; {code} is not part of {state} for EU law on {day}",
                    code=code,
                    state=attachment.state,
                    day=day.isoformat(),
                )
            )
        if code in EEA_EFTA_STATES and day < GDPR_APPLIES_IN_EEA_EFTA_FROM:
            notes.append(
                Text(
                    "; the GDPR does not yet apply in {code} ({source})",
                    code=code,
                    source=GDPR_IN_EEA_EFTA_SOURCE,
                )
            )
    return notes
