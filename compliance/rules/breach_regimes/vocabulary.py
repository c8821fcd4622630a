"""The breach engine's vocabulary: regime and kind identifiers, the facts, the obligation.

``compliance.rules.breach`` is the public entry point and re-exports everything here; the regime
modules beside this one import it from here to avoid a cycle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from compliance.rules.text import Text

__all__ = [
    "AFTER_INTERNAL_TARGET",
    "AFTER_REGULATORS_YARDSTICK",
    "ASSESSMENT",
    "AUTHORITY_NOTIFICATION",
    "AU_NDB",
    "BR_LGPD",
    "CH_FADP",
    "CN_PIPL",
    "CONTROLLER",
    "CONTROLLER_NOTIFICATION",
    "DATA_SUBJECT_NOTIFICATION",
    "DEADLINE_SOURCES",
    "EARLY_WARNING",
    "EU_GDPR",
    "EU_NIS2",
    "FINAL_REPORT",
    "GROUP_NOTIFICATION",
    "GUIDELINE",
    "INCIDENT_NOTIFICATION",
    "INTERNAL",
    "JP_APPI",
    "KINDS",
    "KR_PIPA",
    "LATE",
    "LATENESS_LABELS",
    "PRELIMINARY_REPORT",
    "PROCESSOR",
    "REGIMES",
    "RISKS",
    "RISK_HIGH",
    "RISK_LIKELY",
    "RISK_UNLIKELY",
    "ROLES",
    "SG_PDPA",
    "STATUTE",
    "UK_GDPR",
    "BreachFacts",
    "Obligation",
    "RuleSet",
    "asks_reasons_for_delay",
    "country_code",
    "hours_after",
    "lateness_label",
    "not_required",
    "reasons_for_delay_basis",
]

# Regimes, in the order results are returned.
EU_GDPR = "EU_GDPR"
UK_GDPR = "UK_GDPR"
JP_APPI = "JP_APPI"
KR_PIPA = "KR_PIPA"
SG_PDPA = "SG_PDPA"
BR_LGPD = "BR_LGPD"
CH_FADP = "CH_FADP"
AU_NDB = "AU_NDB"
CN_PIPL = "CN_PIPL"
EU_NIS2 = "EU_NIS2"
REGIMES = (EU_GDPR, UK_GDPR, JP_APPI, KR_PIPA, SG_PDPA, BR_LGPD, CH_FADP, AU_NDB, CN_PIPL, EU_NIS2)

AUTHORITY_NOTIFICATION = "authority_notification"
DATA_SUBJECT_NOTIFICATION = "data_subject_notification"
CONTROLLER_NOTIFICATION = "controller_notification"
PRELIMINARY_REPORT = "preliminary_report"
FINAL_REPORT = "final_report"
# v2: the notifiability assessment itself (SG PDPA s 26C, AU Privacy Act s 26WH), the NIS2 steps
# (Art. 23(4)) and a group member's notice to the member that exported the data to it (§8.2).
ASSESSMENT = "assessment"
EARLY_WARNING = "early_warning"
INCIDENT_NOTIFICATION = "incident_notification"
GROUP_NOTIFICATION = "group_notification"
KINDS = (
    AUTHORITY_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    CONTROLLER_NOTIFICATION,
    PRELIMINARY_REPORT,
    FINAL_REPORT,
    ASSESSMENT,
    EARLY_WARNING,
    INCIDENT_NOTIFICATION,
    GROUP_NOTIFICATION,
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

# Where an obligation's ``due_at`` comes from (domain brief §8.1).
STATUTE = "statute"  # a period the law fixes
GUIDELINE = "guideline"  # a regulator's yardstick for "promptly"
INTERNAL = "internal"  # the office's own target where the law says "without undue delay"
DEADLINE_SOURCES = (STATUTE, GUIDELINE, INTERNAL)

# What to call an obligation met after its ``due_at``: only a statutory period makes it late.
LATE = "late"
AFTER_REGULATORS_YARDSTICK = "after the regulator's yardstick"
AFTER_INTERNAL_TARGET = "after the internal target"
LATENESS_LABELS = {
    STATUTE: LATE,
    GUIDELINE: AFTER_REGULATORS_YARDSTICK,
    INTERNAL: AFTER_INTERNAL_TARGET,
}


def _check_source(deadline_source: str | None) -> None:
    if deadline_source is not None and deadline_source not in DEADLINE_SOURCES:
        raise ValueError(
            f"deadline_source must be one of {', '.join(DEADLINE_SOURCES)} or None, "
            f"not {deadline_source!r}"
        )


def lateness_label(deadline_source: str | None) -> str | None:
    """How to call an obligation done after its ``due_at``, by where the deadline comes from.

    ``"late"`` for a statutory period, ``"after the regulator's yardstick"`` for a guideline,
    ``"after the internal target"`` for the office's own target; None when there is no deadline
    (``deadline_source`` None), so nothing can be late.
    """
    _check_source(deadline_source)
    return None if deadline_source is None else LATENESS_LABELS[deadline_source]


def asks_reasons_for_delay(deadline_source: str | None) -> bool:
    """True when missing the deadline calls for reasons for the delay: a statutory period only
    (GDPR Art. 33(1) second sentence); a missed yardstick or internal target does not."""
    _check_source(deadline_source)
    return deadline_source == STATUTE


# Where a notification made after its statutory period must give the reasons for the delay, and
# the provision that says so. Other regimes fix periods without that duty: the PPC Rules (APPI
# final report), Korea's PIPA, NIS2.
# Citations are ``Text``: the article is cited in the reader's style ("Art. 33 Abs. 1 DSGVO").
_GDPR_33_1 = Text("{law} Art. 33(1)", law=Text("GDPR"))
_LGPD_48 = Text("{law} Art. 48(1)(VI)", law="LGPD")
REASONS_FOR_DELAY: dict[tuple[str, str], str] = {
    (EU_GDPR, AUTHORITY_NOTIFICATION): _GDPR_33_1,
    (UK_GDPR, AUTHORITY_NOTIFICATION): Text("{law} Art. 33(1)", law=Text("UK GDPR")),
    # LGPD Art. 48 §1 VI: "os motivos da demora", for the ANPD and the data subjects alike.
    (BR_LGPD, AUTHORITY_NOTIFICATION): _LGPD_48,
    (BR_LGPD, DATA_SUBJECT_NOTIFICATION): _LGPD_48,
}


def reasons_for_delay_basis(regime: str, kind: str, deadline_source: str | None) -> str | None:
    """The provision that asks a notification made after ``deadline_source``'s instant for the
    reasons of its delay, or None where the law asks for none: only a missed statutory period
    (``asks_reasons_for_delay``), and only under a regime whose law asks (GDPR Art. 33(1);
    not the PPC Rules)."""
    if not asks_reasons_for_delay(deadline_source):
        return None
    return REASONS_FOR_DELAY.get((regime, kind))


_COUNTRY_CODE = re.compile(r"[A-Z]{2}")
# Codes people type that are not ISO 3166-1 alpha-2 and would silently miss a regime.
_NOT_ISO = {"UK": "GB", "EL": "GR"}


def country_code(value: object, what: str) -> str:
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
    return frozenset(country_code(value, what) for value in values)


def _regime_ids(values: Iterable[str], what: str) -> frozenset[str]:
    if isinstance(values, str):
        raise ValueError(f"{what} must be a set of regime ids, not the single string {values!r}")
    found = frozenset(values)
    unknown = sorted(str(v) for v in found if v not in REGIMES)
    if unknown:
        raise ValueError(
            f"{what}: unknown regime {', '.join(unknown)}; known: {', '.join(REGIMES)}"
        )
    return found


def _check_aware(value: datetime | None, what: str) -> None:
    if value is None:
        return
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} has no time zone; give it with its time zone (for example UTC)")


_FLAGS = (
    "special_category",
    "property_damage_risk",
    "wrongful_purpose",
    "encrypted",
    "possibly_over_1000",
    "controller_subject_to_appi",
    "minors",
    "authentication_data",
    "financial_data",
    "unique_identifiers",
    "large_scale",
    "small_agent",
    "nis2_entity",
    "significant_incident",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class BreachFacts:
    """What is known about a breach when its obligations are worked out.

    ``affected_countries`` accepts any iterable of codes and is stored as a frozenset of uppercase
    codes; ``entity_country`` is uppercased too. ``subject_count`` None means not yet known.

    v2 facts (domain brief §8.1, §8.5), each defaulting to the v1 result:

    - ``targeted_regimes``: the regimes that reach the entity from outside their territory (GDPR
      and UK GDPR Art. 3(2), APPI Art. 171, ...); read only for a regime the entity is not
      established in. None = not assessed: the regime applies and its obligations are marked
      ``assumed``. A set without the regime: it does not apply.
    - ``appi_special_care``: 要配慮個人情報 (APPI Art. 2(3)); None falls back to
      ``special_category`` (GDPR Art. 9/10 data).
    - ``possibly_over_1000``: more than 1,000 principals cannot be ruled out (PPC Rules Art. 7(iv)).
    - ``controller_subject_to_appi``: for an APPI processor, whether the entrusting business is
      under the APPI (False: the Art. 26(1) proviso cannot exempt it).
    - ``assessed_at``: when the notifiability assessment was completed (Singapore).
    - ``minors``, ``authentication_data``, ``financial_data``, ``unique_identifiers``,
      ``large_scale``: kinds of data and scale; ``small_agent``: a Brazilian small processing agent.
    - ``nis2_entity``, ``significant_incident``, ``nis2_notified_at``: NIS2 Art. 23; the last is
      when the incident notification was submitted.
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
    # v2, §8.1
    targeted_regimes: frozenset[str] | None = None
    appi_special_care: bool | None = None
    possibly_over_1000: bool = False
    controller_subject_to_appi: bool = True
    # v2, §8.5
    assessed_at: datetime | None = None
    minors: bool = False
    authentication_data: bool = False
    financial_data: bool = False
    unique_identifiers: bool = False
    large_scale: bool = False
    small_agent: bool = False
    nis2_entity: bool = False
    significant_incident: bool = False
    nis2_notified_at: datetime | None = None

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
        for name in _FLAGS:
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be True or False, not {getattr(self, name)!r}")
        if self.appi_special_care is not None and not isinstance(self.appi_special_care, bool):
            raise ValueError("appi_special_care must be True, False or None (not answered)")
        for name in ("assessed_at", "nis2_notified_at"):
            moment = getattr(self, name)
            _check_aware(moment, name)
            if moment is not None and moment.astimezone(UTC) < self.aware_at.astimezone(UTC):
                raise ValueError(f"{name} ({moment.isoformat()}) is before the awareness")
        # Frozen: normalised values are written once, here, before anyone can read them.
        entity = country_code(self.entity_country, "entity_country")
        affected = _country_codes(self.affected_countries, "affected_countries")
        object.__setattr__(self, "entity_country", entity)
        object.__setattr__(self, "affected_countries", affected)
        if self.targeted_regimes is not None:
            targeted = _regime_ids(self.targeted_regimes, "targeted_regimes")
            object.__setattr__(self, "targeted_regimes", targeted)


@dataclass(frozen=True, slots=True, kw_only=True)
class Obligation:
    """One thing to do (or, with ``required`` False, one thing not to do and why not).

    ``deadline_source`` says where ``due_at`` comes from (``STATUTE``, ``GUIDELINE``,
    ``INTERNAL``) and is None exactly when ``due_at`` is None; ``assumed`` is True when the regime
    was applied only because its extraterritorial reach was not assessed.
    """

    regime: str
    kind: str
    required: bool
    due_at: datetime | None
    recipients: tuple[str, ...]
    basis: str
    deadline_source: str | None = None
    assumed: bool = False

    def __post_init__(self) -> None:
        _check_source(self.deadline_source)
        if (self.due_at is None) != (self.deadline_source is None):
            raise ValueError(
                "an obligation has a deadline_source exactly when it has a due_at "
                f"({self.regime} {self.kind}: due_at={self.due_at!r}, "
                f"deadline_source={self.deadline_source!r})"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleSet:
    """A breach regime and the instant from which it governs breaches."""

    regime: str
    title: str
    starts_at: datetime
    starts_label: str
    start_source: str
    # The one country of a single-country regime; None for the GDPR and NIS2, whose territory
    # changes over time and is looked up with ``authority_in``.
    home: str | None
    # "the EEA", "Japan": said in ``explain``'s sentences, so a ``Text`` (like ``title``) where
    # the words differ by language.
    territory_label: str
    # For a territory that is not one country: the authority's country for a country code at an
    # instant, or None outside the territory.
    authority_in: Callable[[str, datetime], str | None] | None = None
    # The provision that reaches an entity established elsewhere (cited when assumed).
    extraterritorial: str = "Art. 3(2)"


def not_required(regime: str, kind: str, basis: str) -> Obligation:
    """An obligation that is not owed, with the reason in ``basis``."""
    return Obligation(
        regime=regime, kind=kind, required=False, due_at=None, recipients=(), basis=basis
    )


def hours_after(at: datetime, hours: int) -> datetime:
    """``hours`` elapsed hours after ``at``, on UTC instants (a DST change does not move it)."""
    return at.astimezone(UTC) + timedelta(hours=hours)
