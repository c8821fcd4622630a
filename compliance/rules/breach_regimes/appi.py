"""Japan: APPI Art. 26(1)-(2) with the PPC Rules Art. 7-10 (mandatory from 2022-04-01).

Deadlines are counted in days on the Asia/Tokyo calendar (``compliance.rules.jp_calendar``); day 1
is the day of awareness (PPC General Rules Guideline 3-5-3-4). The preliminary report's end of day 5
is the PPC's yardstick for "promptly" (GL 3-5-3-3: about 3-5 days), the final report's 30 or 60 days
a period the Rules fix.
"""

from __future__ import annotations

from datetime import date, datetime

from compliance.rules import jp_calendar
from compliance.rules.breach_regimes.applicability import Link
from compliance.rules.breach_regimes.vocabulary import (
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    FINAL_REPORT,
    GUIDELINE,
    INTERNAL,
    JP_APPI,
    PRELIMINARY_REPORT,
    PROCESSOR,
    STATUTE,
    BreachFacts,
    Obligation,
    RuleSet,
    not_required,
)
from compliance.rules.text import Text

__all__ = [
    "APPI_FINAL_DAY",
    "APPI_FINAL_DAY_WRONGFUL",
    "APPI_PRELIMINARY_DAY",
    "APPI_SUBJECT_THRESHOLD",
    "RULE_SET",
    "categories",
    "explain_reportability",
    "not_reportable",
    "obligations",
    "special_care",
]

APPI_SUBJECT_THRESHOLD = 1000  # "more than 1,000": 1,000 exactly is not reportable
APPI_PRELIMINARY_DAY = 5
APPI_FINAL_DAY = 30
APPI_FINAL_DAY_WRONGFUL = 60

RULE_SET = RuleSet(
    regime=JP_APPI,
    title=Text("APPI"),
    starts_at=datetime(2022, 4, 1, tzinfo=jp_calendar.TOKYO),
    starts_label="2022-04-01 00:00 Asia/Tokyo",
    start_source=Text("Act No. 44 of 2020 amending the APPI, in force 2022-04-01"),
    home="JP",
    territory_label=Text("Japan"),
    extraterritorial=Text("Art. 171"),
)

_DAY_ONE = Text(
    "day 1 = the day of awareness on the Asia/Tokyo calendar (PPC General Rules Guideline 3-5-3-4)"
)
_END_OF_DAY = Text("due 23:59:59 JST")
_ROLL_FORWARD = Text(
    "a last day on a Saturday, Sunday, national holiday or 29 Dec-3 Jan moves to the next open "
    "day (Act on Holidays of Administrative Organs Art. 2)"
)


def special_care(facts: BreachFacts) -> bool:
    """要配慮個人情報 (APPI Art. 2(3)); unanswered, ``special_category`` stands in (v1)."""
    if facts.appi_special_care is not None:
        return facts.appi_special_care
    return facts.special_category


def categories(facts: BreachFacts) -> tuple[str, ...]:
    """The PPC Rules Art. 7 categories the breach falls under, ignoring encryption."""
    found: list[str] = []
    if special_care(facts):
        category = Text("(i) special care-required personal information")
        if facts.appi_special_care is None:
            category += Text(" (taken from special_category: appi_special_care not answered)")
        found.append(category)
    if facts.property_damage_risk:
        found.append(Text("(ii) data whose misuse may cause property damage"))
    if facts.wrongful_purpose:
        found.append(Text("(iii) suspected wrongful purpose"))
    # An unknown count is not "more than 1,000"; the other categories may still apply.
    if facts.subject_count is not None and facts.subject_count > APPI_SUBJECT_THRESHOLD:
        found.append(
            Text("(iv) more than 1,000 principals ({count})", count=f"{facts.subject_count:,}")
        )
    elif facts.possibly_over_1000:
        found.append(
            Text(
                "(iv) more than 1,000 principals cannot be ruled out (the possibility counts: "
                "PPC Rules Art. 7(iv), GL 3-5-3-1)"
            )
        )
    return tuple(found)


def not_reportable(facts: BreachFacts) -> str | None:
    """Why the breach is not reportable under APPI, or None when it is."""
    if facts.encrypted:
        return Text(
            "not required: advanced encryption (PPC Rules Art. 7(1) proviso: data protected by "
            "advanced encryption or other necessary measures is excluded)"
        )
    if categories(facts):
        return None
    count = (
        Text("count unknown, not reportable on the count alone: reassess when known")
        if facts.subject_count is None
        else Text("count {count}", count=f"{facts.subject_count:,}")
    )
    special = (
        Text(
            " (the special-category data is not special care-required: appi_special_care is False)"
        )
        if facts.special_category and facts.appi_special_care is False
        else ""
    )
    return Text(
        "not required: no APPI reportable category (PPC Rules Art. 7): checked (i) special "
        "care-required personal information{special}, (ii) data whose misuse may cause property "
        "damage, (iii) suspected wrongful purpose, (iv) more than 1,000 principals ({count})",
        special=special,
        count=count,
    )


def _day_five(facts: BreachFacts) -> tuple[date, datetime]:
    # "Promptly" has no legal day count, so the statutory roll-forward does not apply to it.
    day = jp_calendar.nth_day(facts.aware_at, APPI_PRELIMINARY_DAY)
    return day, jp_calendar.end_of_day_jst(day)


def _final(facts: BreachFacts, note: str) -> Obligation:
    last = APPI_FINAL_DAY_WRONGFUL if facts.wrongful_purpose else APPI_FINAL_DAY
    nominal = jp_calendar.nth_day(facts.aware_at, last)
    due_day = jp_calendar.roll_forward(nominal)
    day = (
        Text(
            "day {last} for wrongful purpose = {nominal}",
            last=str(last),
            nominal=nominal.isoformat(),
        )
        if facts.wrongful_purpose
        else Text("day {last} = {nominal}", last=str(last), nominal=nominal.isoformat())
    )
    if due_day != nominal:
        day += Text(", moved to {due}", due=due_day.isoformat())
    return Obligation(
        regime=JP_APPI,
        kind=FINAL_REPORT,
        required=True,
        due_at=jp_calendar.end_of_day_jst(due_day),
        recipients=("JP",),
        basis=Text(
            "APPI Art. 26(1); PPC Rules Art. 8(2): final report within 30 days (60 days for "
            "wrongful purpose); {day}; convention: {day_one}, {end_of_day}, {roll_forward}",
            day=day,
            day_one=_DAY_ONE,
            end_of_day=_END_OF_DAY,
            roll_forward=_ROLL_FORWARD,
        )
        + note,
        deadline_source=STATUTE,
    )


def _preliminary(facts: BreachFacts, note: str) -> Obligation:
    day, due_at = _day_five(facts)
    return Obligation(
        regime=JP_APPI,
        kind=PRELIMINARY_REPORT,
        required=True,
        due_at=due_at,
        recipients=("JP",),
        basis=Text(
            "APPI Art. 26(1); PPC Rules Art. 8(1) (preliminary, 'promptly'; PPC guideline: "
            "3-5 days; convention: end of day 5 JST = {day}, {day_one}; "
            "no roll-forward, as 'promptly' is not a period in days)",
            day=day.isoformat(),
            day_one=_DAY_ONE,
        )
        + note,
        deadline_source=GUIDELINE,
    )


_PRINCIPALS = Text(
    "APPI Art. 26(2); PPC Rules Art. 10: notify the principals promptly (no fixed day)"
)


def _principals(note: str = "") -> Obligation:
    return Obligation(
        regime=JP_APPI,
        kind=DATA_SUBJECT_NOTIFICATION,
        required=True,
        due_at=None,
        recipients=(),
        basis=_PRINCIPALS + note,
    )


def _controller(facts: BreachFacts) -> tuple[Obligation, ...]:
    why_not = not_reportable(facts)
    if why_not is not None:
        kinds = (PRELIMINARY_REPORT, FINAL_REPORT, DATA_SUBJECT_NOTIFICATION)
        return tuple(not_required(JP_APPI, kind, why_not) for kind in kinds)
    return (_preliminary(facts, ""), _final(facts, ""), _principals())


_NOT_EXEMPT = Text(
    "; convention: the entrusting business is outside the APPI (controller_subject_to_appi "
    "False), so the Art. 26(1) proviso cannot exempt the entrusted business and it reports "
    "itself (GL 3-5-3-5 assumes a domestic entrusting business)"
)


def _to_controller(facts: BreachFacts, exempting: bool) -> Obligation:
    day, due_at = _day_five(facts)
    if exempting:
        law = Text(
            "APPI Art. 26(1) proviso; PPC Rules Art. 9: the entrusted business notifies the "
            "entrusting business promptly"
        )
    else:
        law = Text(
            "the entrusted business tells the entrusting business, outside the APPI, of the "
            "breach it reports; not an exemption under the APPI Art. 26(1) proviso (kept as the "
            "reading that notifies earlier)"
        )
    return Obligation(
        regime=JP_APPI,
        kind=CONTROLLER_NOTIFICATION,
        required=True,
        due_at=due_at,
        recipients=(),
        basis=law
        + Text(
            " (internal target: by the preliminary report's deadline, end of day 5 JST = "
            "{day}, {day_one})",
            day=day.isoformat(),
            day_one=_DAY_ONE,
        ),
        deadline_source=INTERNAL,
    )


def _processor(facts: BreachFacts) -> tuple[Obligation, ...]:
    why_not = not_reportable(facts)
    exempting = facts.controller_subject_to_appi
    if why_not is not None:
        kinds = [CONTROLLER_NOTIFICATION, PRELIMINARY_REPORT, FINAL_REPORT]
        if not exempting:
            kinds.append(DATA_SUBJECT_NOTIFICATION)
        return tuple(not_required(JP_APPI, kind, why_not) for kind in kinds)
    if not exempting:
        return (
            _to_controller(facts, exempting=False),
            _preliminary(facts, _NOT_EXEMPT),
            _final(facts, _NOT_EXEMPT),
            _principals(_NOT_EXEMPT),
        )
    exempt = Text(
        "not required: the entrusted business (processor) is exempt once it notifies the "
        "entrusting business (APPI Art. 26(1) proviso)"
    )
    return (
        _to_controller(facts, exempting=True),
        not_required(JP_APPI, PRELIMINARY_REPORT, exempt),
        not_required(JP_APPI, FINAL_REPORT, exempt),
    )


def obligations(facts: BreachFacts, found: Link) -> tuple[Obligation, ...]:
    """A business: preliminary report, final report (Art. 26(1)), principals (Art. 26(2)). An
    entrusted business: controller notification and the two reports, not required; when the
    entrusting business is outside the APPI, the two reports and the principals' notification are
    its own (after the controller notification)."""
    if facts.role == PROCESSOR:
        return _processor(facts)
    return _controller(facts)


def explain_reportability(facts: BreachFacts) -> str:
    """The ``explain`` line on whether the breach is reportable to the PPC, and why."""
    why_not = not_reportable(facts)
    if why_not is not None:
        return Text("APPI: nothing to report to the PPC; {reason}", reason=why_not)
    last = APPI_FINAL_DAY_WRONGFUL if facts.wrongful_purpose else APPI_FINAL_DAY
    line = Text(
        "APPI: reportable (PPC Rules Art. 7): {categories}; final report counted to day {last}",
        categories=Text.join_all("; ", categories(facts)),
        last=str(last),
    )
    if facts.role == PROCESSOR:
        line += (
            Text(
                "; the entrusting business is outside the APPI, so the entrusted business reports "
                "itself (convention, GL 3-5-3-5)"
            )
            if not facts.controller_subject_to_appi
            else Text(
                "; the entrusted business is exempt once it notifies the entrusting business "
                "(Art. 26(1) proviso)"
            )
        )
    return line
