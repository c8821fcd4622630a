"""Personal-data breach obligations under the EU GDPR, the UK GDPR and Japan's APPI.

``breach_obligations(facts)`` answers "who must be told what, by when" for one breach; ``explain``
says which regimes apply and why. Both are pure: time comes in as ``BreachFacts.aware_at`` and every
result names its legal basis, including the reason when something is *not* required.

Implements:

- GDPR Art. 33(1), 33(2), 34(1), 34(3)(a) and the same articles of the UK GDPR; deadlines in elapsed
  hours on UTC instants, so a DST change moves the local clock time of the deadline, not its length.
- APPI Art. 26(1)-(2) with the PPC Rules Art. 7-10 (mandatory from 2022-04-01); deadlines in days on
  the Asia/Tokyo calendar, see ``compliance.rules.jp_calendar``.

Each regime carries its start as data (``RULE_SETS``): a breach is judged by the rules of the day
the controller became aware of it, and a regime not yet in force is simply not returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from compliance.rules import jp_calendar
from compliance.rules.territories import (
    ATTACHED_TERRITORIES,
    BRUSSELS,
    EEA_EFTA_STATES,
    GDPR_APPLIES_IN_EEA_EFTA_FROM,
    GDPR_IN_EEA_EFTA_SOURCE,
    brussels_day,
    gdpr_authority_country_at,
    in_gdpr_territory_at,
)

__all__ = [
    "APPI_FINAL_DAY",
    "APPI_FINAL_DAY_WRONGFUL",
    "APPI_PRELIMINARY_DAY",
    "APPI_SUBJECT_THRESHOLD",
    "AUTHORITY_NOTIFICATION",
    "CONTROLLER",
    "CONTROLLER_NOTIFICATION",
    "DATA_SUBJECT_NOTIFICATION",
    "EU_GDPR",
    "FINAL_REPORT",
    "GDPR_NOTIFICATION_WINDOW",
    "JP_APPI",
    "KINDS",
    "PRELIMINARY_REPORT",
    "PROCESSOR",
    "REGIMES",
    "RISKS",
    "RISK_HIGH",
    "RISK_LIKELY",
    "RISK_UNLIKELY",
    "ROLES",
    "RULE_SETS",
    "UK_GDPR",
    "BreachFacts",
    "Obligation",
    "RuleSet",
    "breach_obligations",
    "explain",
]

# Regimes, in the order results are returned.
EU_GDPR = "EU_GDPR"
UK_GDPR = "UK_GDPR"
JP_APPI = "JP_APPI"
REGIMES = (EU_GDPR, UK_GDPR, JP_APPI)

AUTHORITY_NOTIFICATION = "authority_notification"
DATA_SUBJECT_NOTIFICATION = "data_subject_notification"
CONTROLLER_NOTIFICATION = "controller_notification"
PRELIMINARY_REPORT = "preliminary_report"
FINAL_REPORT = "final_report"
KINDS = (
    AUTHORITY_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    CONTROLLER_NOTIFICATION,
    PRELIMINARY_REPORT,
    FINAL_REPORT,
)

CONTROLLER = "controller"
PROCESSOR = "processor"
ROLES = (CONTROLLER, PROCESSOR)

# The controller's risk assessment: "risk" means the breach is likely to result in a risk to the
# rights and freedoms of natural persons (Art. 33(1)), "high" a high risk (Art. 34(1)).
RISK_UNLIKELY = "unlikely"
RISK_LIKELY = "risk"
RISK_HIGH = "high"
RISKS = (RISK_UNLIKELY, RISK_LIKELY, RISK_HIGH)

GDPR_NOTIFICATION_WINDOW = timedelta(hours=72)
APPI_SUBJECT_THRESHOLD = 1000  # "more than 1,000": 1,000 exactly is not reportable
APPI_PRELIMINARY_DAY = 5
APPI_FINAL_DAY = 30
APPI_FINAL_DAY_WRONGFUL = 60


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleSet:
    """A breach regime and the instant from which it governs breaches."""

    regime: str
    title: str
    starts_at: datetime
    starts_label: str
    start_source: str
    # The one country of a single-country regime; None for the GDPR, whose territory changes over
    # time and is looked up in ``territories``.
    home: str | None
    territory_label: str


RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(
        regime=EU_GDPR,
        title="EU GDPR",
        starts_at=datetime(2018, 5, 25, tzinfo=BRUSSELS),
        starts_label="2018-05-25 00:00 Europe/Brussels",
        start_source="GDPR Art. 99(2)",
        home=None,
        territory_label="the EEA",
    ),
    RuleSet(
        regime=UK_GDPR,
        title="UK GDPR",
        # IP completion day: the transition period ended at midnight Brussels time.
        starts_at=datetime(2020, 12, 31, 23, tzinfo=UTC),
        starts_label="2020-12-31T23:00Z",
        start_source="European Union (Withdrawal) Act 2018 s. 3; DPPEC (EU Exit) Regulations 2019",
        home="GB",
        territory_label="the UK",
    ),
    RuleSet(
        regime=JP_APPI,
        title="APPI",
        starts_at=datetime(2022, 4, 1, tzinfo=jp_calendar.TOKYO),
        starts_label="2022-04-01 00:00 Asia/Tokyo",
        start_source="Act No. 44 of 2020 amending the APPI, in force 2022-04-01",
        home="JP",
        territory_label="Japan",
    ),
)

_COUNTRY_CODE = re.compile(r"[A-Z]{2}")
# Codes people type that are not ISO 3166-1 alpha-2 and would silently miss a regime.
_NOT_ISO = {"UK": "GB", "EL": "GR"}


def _country_code(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a two-letter ISO 3166-1 country code such as 'DE'")
    code = value.upper()
    if code in _NOT_ISO:
        raise ValueError(
            f"{what}: {value!r} is not an ISO 3166-1 country code; use {_NOT_ISO[code]!r}"
        )
    if not _COUNTRY_CODE.fullmatch(code):
        raise ValueError(
            f"{what}: {value!r} is not a two-letter ISO 3166-1 country code such as 'DE'"
        )
    return code


def _country_codes(values: Iterable[str], what: str) -> frozenset[str]:
    # A bare string is iterable too; "FR" would otherwise become {"F", "R"}.
    if isinstance(values, str):
        raise ValueError(
            f"{what} must be a list of country codes, not the single string {values!r}"
        )
    return frozenset(_country_code(value, what) for value in values)


@dataclass(frozen=True, slots=True, kw_only=True)
class BreachFacts:
    """What is known about a breach when its obligations are worked out.

    ``affected_countries`` accepts any iterable of codes and is stored as a frozenset of uppercase
    codes; ``entity_country`` is uppercased too. ``subject_count`` None means not yet known.
    """

    aware_at: datetime
    entity_country: str
    role: str = CONTROLLER
    affected_countries: frozenset[str] = field(default_factory=frozenset)
    risk: str = RISK_LIKELY
    subject_count: int | None = None
    special_category: bool = False
    property_damage_risk: bool = False
    wrongful_purpose: bool = False
    encrypted: bool = False

    def __post_init__(self) -> None:
        if self.aware_at.tzinfo is None or self.aware_at.utcoffset() is None:
            raise ValueError(
                "the time of awareness has no time zone, so the 72-hour and day deadlines "
                "cannot be placed; give it with its time zone (for example UTC or Europe/Berlin)"
            )
        if self.role not in ROLES:
            raise ValueError(f"role must be 'controller' or 'processor', not {self.role!r}")
        if self.risk not in RISKS:
            raise ValueError(
                f"risk must be 'unlikely', 'risk' or 'high' (the controller's risk assessment), "
                f"not {self.risk!r}"
            )
        if self.subject_count is not None and (
            isinstance(self.subject_count, bool) or not isinstance(self.subject_count, int)
        ):
            raise ValueError("the number of affected people must be a whole number, or None")
        if self.subject_count is not None and self.subject_count < 0:
            raise ValueError(
                f"the number of affected people cannot be negative ({self.subject_count}); "
                "use None when it is not known"
            )
        # Frozen: normalised values are written once, here, before anyone can read them.
        entity = _country_code(self.entity_country, "entity_country")
        affected = _country_codes(self.affected_countries, "affected_countries")
        object.__setattr__(self, "entity_country", entity)
        object.__setattr__(self, "affected_countries", affected)


@dataclass(frozen=True, slots=True, kw_only=True)
class Obligation:
    """One thing to do (or, with ``required`` False, one thing not to do and why not)."""

    regime: str
    kind: str
    required: bool
    due_at: datetime | None
    recipients: tuple[str, ...]
    basis: str


# --- applicability ---------------------------------------------------------------------------


def _in_force(rule: RuleSet, facts: BreachFacts) -> bool:
    # Compare UTC instants: two datetimes sharing a ZoneInfo compare by wall-clock time.
    return facts.aware_at.astimezone(UTC) >= rule.starts_at.astimezone(UTC)


def _authority_in(rule: RuleSet, country: str, at: datetime) -> str | None:
    """The country of the authority competent for ``country`` under the regime, or None when
    ``country`` is outside the regime's territory at ``at`` (RE -> FR, AX -> FI under the GDPR)."""
    if rule.home is None:
        return gdpr_authority_country_at(country, at)
    return country if country == rule.home else None


def _in_territory(rule: RuleSet, country: str, at: datetime) -> bool:
    return _authority_in(rule, country, at) is not None


def _affected_in_territory(rule: RuleSet, facts: BreachFacts) -> tuple[str, ...]:
    """The affected countries inside the territory, as their authorities' countries."""
    inside = {_authority_in(rule, c, facts.aware_at) for c in facts.affected_countries}
    return tuple(sorted(c for c in inside if c is not None))


def _applies(rule: RuleSet, facts: BreachFacts) -> bool:
    if not _in_force(rule, facts):
        return False
    established = _in_territory(rule, facts.entity_country, facts.aware_at)
    return established or bool(_affected_in_territory(rule, facts))


def _authority_countries(rule: RuleSet, facts: BreachFacts) -> tuple[str, ...]:
    """The authorities' countries: the entity's own when established in the territory, else every
    affected country in the territory (no one-stop shop without an establishment: EDPB Guidelines
    9/2022, para. 73)."""
    own = _authority_in(rule, facts.entity_country, facts.aware_at)
    if own is not None:
        return (own,)
    return _affected_in_territory(rule, facts)


# --- GDPR and UK GDPR ------------------------------------------------------------------------


def _law(rule: RuleSet) -> str:
    return "GDPR" if rule.regime == EU_GDPR else "UK GDPR"


def _gdpr_authority(rule: RuleSet, facts: BreachFacts) -> Obligation:
    law = _law(rule)
    if facts.role == PROCESSOR:
        required, basis = (
            False,
            f"not required: the processor notifies its controller ({law} Art. 33(2)); "
            "the controller notifies the supervisory authority",
        )
    elif facts.risk == RISK_UNLIKELY:
        required, basis = (
            False,
            f"not required: risk assessed as unlikely ({law} Art. 33(1)); "
            f"the breach is still documented ({law} Art. 33(5))",
        )
    else:
        required, basis = (
            True,
            f"{law} Art. 33(1): notify the supervisory authority without undue delay and, where "
            "feasible, not later than 72 hours after becoming aware (elapsed hours: weekends and "
            f"holidays count); a later notification gives reasons for the delay; information may "
            f"be provided in phases ({law} Art. 33(4))",
        )
        if rule.regime == EU_GDPR and not _in_territory(rule, facts.entity_country, facts.aware_at):
            basis += (
                "; no establishment in the EEA: the authority of every affected country "
                "(EDPB Guidelines 9/2022, para. 73)"
            )
    return Obligation(
        regime=rule.regime,
        kind=AUTHORITY_NOTIFICATION,
        required=required,
        due_at=facts.aware_at.astimezone(UTC) + GDPR_NOTIFICATION_WINDOW if required else None,
        recipients=_authority_countries(rule, facts) if required else (),
        basis=basis,
    )


def _gdpr_data_subjects(rule: RuleSet, facts: BreachFacts) -> Obligation:
    law = _law(rule)
    reasons = []
    if facts.risk != RISK_HIGH:
        reasons.append(f"risk not assessed as high ({law} Art. 34(1))")
    if facts.encrypted:
        reasons.append(f"data unintelligible/encrypted ({law} Art. 34(3)(a))")
    if reasons:
        basis = "not required: " + "; ".join(reasons)
    else:
        basis = (
            f"{law} Art. 34(1): communicate the breach to the data subjects without undue delay "
            "(high risk; no fixed deadline)"
        )
    return Obligation(
        regime=rule.regime,
        kind=DATA_SUBJECT_NOTIFICATION,
        required=not reasons,
        due_at=None,
        recipients=(),
        basis=basis,
    )


def _gdpr_obligations(rule: RuleSet, facts: BreachFacts) -> tuple[Obligation, ...]:
    if facts.role == PROCESSOR:
        to_controller = Obligation(
            regime=rule.regime,
            kind=CONTROLLER_NOTIFICATION,
            required=True,
            due_at=None,
            recipients=(),
            basis=(
                f"{_law(rule)} Art. 33(2): the processor notifies the controller without undue "
                "delay after becoming aware (no fixed deadline)"
            ),
        )
        return (to_controller, _gdpr_authority(rule, facts))
    return (_gdpr_authority(rule, facts), _gdpr_data_subjects(rule, facts))


# --- APPI ------------------------------------------------------------------------------------

_DAY_ONE = (
    "day 1 = the day of awareness on the Asia/Tokyo calendar (PPC General Rules Guideline 3-5-3-4)"
)
_END_OF_DAY = "due 23:59:59 JST"
_ROLL_FORWARD = (
    "a last day on a Saturday, Sunday, national holiday or 29 Dec-3 Jan moves to the next open "
    "day (Act on Holidays of Administrative Organs Art. 2)"
)


def _appi_categories(facts: BreachFacts) -> tuple[str, ...]:
    """The PPC Rules Art. 7 categories the breach falls under, ignoring encryption."""
    found = []
    if facts.special_category:
        found.append("(i) special care-required personal information")
    if facts.property_damage_risk:
        found.append("(ii) data whose misuse may cause property damage")
    if facts.wrongful_purpose:
        found.append("(iii) suspected wrongful purpose")
    # An unknown count is not "more than 1,000"; the other categories may still apply.
    if facts.subject_count is not None and facts.subject_count > APPI_SUBJECT_THRESHOLD:
        found.append(f"(iv) more than 1,000 principals ({facts.subject_count:,})")
    return tuple(found)


def _appi_not_reportable(facts: BreachFacts) -> str | None:
    """Why the breach is not reportable under APPI, or None when it is."""
    if facts.encrypted:
        return (
            "not required: advanced encryption (PPC Rules Art. 7(1) proviso: data protected by "
            "advanced encryption or other necessary measures is excluded)"
        )
    if _appi_categories(facts):
        return None
    count = (
        "count unknown, not reportable on the count alone: reassess when known"
        if facts.subject_count is None
        else f"count {facts.subject_count:,}"
    )
    return (
        "not required: no APPI reportable category (PPC Rules Art. 7): checked (i) special "
        "care-required personal information, (ii) data whose misuse may cause property damage, "
        f"(iii) suspected wrongful purpose, (iv) more than 1,000 principals ({count})"
    )


def _appi_day_five(facts: BreachFacts) -> tuple[date, datetime]:
    # "Promptly" has no legal day count, so the statutory roll-forward does not apply to it.
    day = jp_calendar.nth_day(facts.aware_at, APPI_PRELIMINARY_DAY)
    return day, jp_calendar.end_of_day_jst(day)


def _appi_final(facts: BreachFacts) -> Obligation:
    last = APPI_FINAL_DAY_WRONGFUL if facts.wrongful_purpose else APPI_FINAL_DAY
    nominal = jp_calendar.nth_day(facts.aware_at, last)
    due_day = jp_calendar.roll_forward(nominal)
    moved = f", moved to {due_day.isoformat()}" if due_day != nominal else ""
    why = " for wrongful purpose" if facts.wrongful_purpose else ""
    return Obligation(
        regime=JP_APPI,
        kind=FINAL_REPORT,
        required=True,
        due_at=jp_calendar.end_of_day_jst(due_day),
        recipients=("JP",),
        basis=(
            "APPI Art. 26(1); PPC Rules Art. 8(2): final report within 30 days (60 days for "
            f"wrongful purpose); day {last}{why} = {nominal.isoformat()}{moved}; "
            f"convention: {_DAY_ONE}, {_END_OF_DAY}, {_ROLL_FORWARD}"
        ),
    )


def _appi_preliminary(facts: BreachFacts) -> Obligation:
    day, due_at = _appi_day_five(facts)
    return Obligation(
        regime=JP_APPI,
        kind=PRELIMINARY_REPORT,
        required=True,
        due_at=due_at,
        recipients=("JP",),
        basis=(
            "APPI Art. 26(1); PPC Rules Art. 8(1) (preliminary, 'promptly'; PPC guideline: "
            f"3-5 days; convention: end of day 5 JST = {day.isoformat()}, {_DAY_ONE}; "
            "no roll-forward, as 'promptly' is not a period in days)"
        ),
    )


def _not_required(regime: str, kind: str, basis: str) -> Obligation:
    return Obligation(
        regime=regime, kind=kind, required=False, due_at=None, recipients=(), basis=basis
    )


def _appi_controller(facts: BreachFacts) -> tuple[Obligation, ...]:
    why_not = _appi_not_reportable(facts)
    if why_not is not None:
        kinds = (PRELIMINARY_REPORT, FINAL_REPORT, DATA_SUBJECT_NOTIFICATION)
        return tuple(_not_required(JP_APPI, kind, why_not) for kind in kinds)
    principals = Obligation(
        regime=JP_APPI,
        kind=DATA_SUBJECT_NOTIFICATION,
        required=True,
        due_at=None,
        recipients=(),
        basis="APPI Art. 26(2); PPC Rules Art. 10: notify the principals promptly (no fixed day)",
    )
    return (_appi_preliminary(facts), _appi_final(facts), principals)


def _appi_processor(facts: BreachFacts) -> tuple[Obligation, ...]:
    why_not = _appi_not_reportable(facts)
    if why_not is not None:
        to_controller = _not_required(JP_APPI, CONTROLLER_NOTIFICATION, why_not)
    else:
        day, due_at = _appi_day_five(facts)
        to_controller = Obligation(
            regime=JP_APPI,
            kind=CONTROLLER_NOTIFICATION,
            required=True,
            due_at=due_at,
            recipients=(),
            basis=(
                "APPI Art. 26(1) proviso; PPC Rules Art. 9: the entrusted business notifies the "
                "entrusting business promptly (convention: by the preliminary report's deadline, "
                f"end of day 5 JST = {day.isoformat()}, {_DAY_ONE})"
            ),
        )
    exempt = (
        "not required: the entrusted business (processor) is exempt once it notifies the "
        "entrusting business (APPI Art. 26(1) proviso)"
    )
    reports = (PRELIMINARY_REPORT, FINAL_REPORT)
    return (to_controller, *(_not_required(JP_APPI, kind, why_not or exempt) for kind in reports))


def _appi_obligations(rule: RuleSet, facts: BreachFacts) -> tuple[Obligation, ...]:
    if facts.role == PROCESSOR:
        return _appi_processor(facts)
    return _appi_controller(facts)


_OBLIGATIONS: dict[str, Callable[[RuleSet, BreachFacts], tuple[Obligation, ...]]] = {
    EU_GDPR: _gdpr_obligations,
    UK_GDPR: _gdpr_obligations,
    JP_APPI: _appi_obligations,
}


def breach_obligations(facts: BreachFacts) -> tuple[Obligation, ...]:
    """Every obligation of every regime that governs the breach, in ``REGIMES`` order.

    Within a regime the kinds come in a fixed order: a GDPR controller gets the authority
    notification (Art. 33) then the data-subject notification (Art. 34); a GDPR processor the
    controller notification (Art. 33(2)) then the authority notification, not required. An APPI
    business gets the preliminary report, the final report (Art. 26(1)) and the principals'
    notification (Art. 26(2)); an entrusted business the controller notification and the two
    reports, not required.
    """
    obligations: list[Obligation] = []
    for rule in RULE_SETS:
        if _applies(rule, facts):
            obligations.extend(_OBLIGATIONS[rule.regime](rule, facts))
    return tuple(obligations)


# --- explanation -----------------------------------------------------------------------------


def _explain_territory(rule: RuleSet, facts: BreachFacts) -> str:
    affected = _affected_in_territory(rule, facts)
    if _in_territory(rule, facts.entity_country, facts.aware_at):
        return (
            f"{rule.title} applies: the entity is established in {facts.entity_country}, "
            f"in {rule.territory_label} at awareness"
        )
    if affected:
        line = (
            f"{rule.title} applies: people in {', '.join(affected)} are affected, in "
            f"{rule.territory_label} at awareness; the entity ({facts.entity_country}) is not "
            "established there"
        )
        if rule.regime == EU_GDPR:
            line += (
                ", so the authority of every affected country is notified "
                "(EDPB Guidelines 9/2022, para. 73)"
            )
        return line
    places = ", ".join(sorted(facts.affected_countries)) or "none given"
    return (
        f"{rule.title} not applicable: neither the entity ({facts.entity_country}) nor any "
        f"affected country ({places}) is in {rule.territory_label} at awareness"
    )


def _explain_applicability(rule: RuleSet, facts: BreachFacts) -> str:
    if not _in_force(rule, facts):
        return (
            f"{rule.title} not applicable: awareness before {rule.starts_label} "
            f"({rule.start_source})"
        )
    line = _explain_territory(rule, facts)
    # The UK's place changed at the end of the transition period; say which side the breach is on.
    if rule.home is None and "GB" in {facts.entity_country, *facts.affected_countries}:
        if in_gdpr_territory_at("GB", facts.aware_at):
            line += "; the UK counts as part of the EEA until 2020-12-31T23:00Z"
        else:
            line += "; the UK is outside the EEA since 2020-12-31T23:00Z (end of transition)"
    if rule.home is None:
        line += "".join(_gdpr_territory_notes(facts))
    return line


def _gdpr_territory_notes(facts: BreachFacts) -> list[str]:
    """Notes on codes whose GDPR status is not their own: attached territories and the EEA EFTA
    states before the GDPR reached them."""
    day = brussels_day(facts.aware_at)
    notes = []
    for code in sorted({facts.entity_country, *facts.affected_countries}):
        attachment = ATTACHED_TERRITORIES.get(code)
        if attachment is not None and attachment.period.contains(day):
            notes.append(
                f"; {code} is part of {attachment.state} for EU law ({attachment.period.source}),"
                f" authority: {attachment.authority_country}"
            )
        elif attachment is not None:
            notes.append(f"; {code} is not part of {attachment.state} for EU law on {day}")
        if code in EEA_EFTA_STATES and day < GDPR_APPLIES_IN_EEA_EFTA_FROM:
            notes.append(f"; the GDPR does not yet apply in {code} ({GDPR_IN_EEA_EFTA_SOURCE})")
    return notes


def _explain_appi_reportability(facts: BreachFacts) -> str:
    why_not = _appi_not_reportable(facts)
    if why_not is not None:
        return "APPI: nothing to report to the PPC; " + why_not
    categories = "; ".join(_appi_categories(facts))
    last = APPI_FINAL_DAY_WRONGFUL if facts.wrongful_purpose else APPI_FINAL_DAY
    return f"APPI: reportable (PPC Rules Art. 7): {categories}; final report counted to day {last}"


def explain(facts: BreachFacts) -> tuple[str, ...]:
    """Human-readable lines: which regimes apply to the breach and why, or why not.

    One line per regime in ``REGIMES`` order, plus, where the APPI applies, a line on whether the
    breach is reportable and under which PPC Rules Art. 7 categories.
    """
    lines: list[str] = []
    for rule in RULE_SETS:
        lines.append(_explain_applicability(rule, facts))
        if rule.regime == JP_APPI and _applies(rule, facts):
            lines.append(_explain_appi_reportability(facts))
    return tuple(lines)
