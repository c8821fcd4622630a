"""Personal-data breach obligations: the breach engine's public entry point (domain brief §6, §8).

``breach_obligations(facts)`` answers "who must be told what, by when" for one breach; ``explain``
says which regimes apply and why. Both are pure: time comes in as ``BreachFacts.aware_at`` and every
result names its legal basis, including the reason when something is *not* required, where its
deadline comes from (``Obligation.deadline_source``) and whether its regime was only assumed to
reach the entity (``Obligation.assumed``).

Regimes, in result order (``REGIMES``), each a dated rule set in
``compliance.rules.breach_regimes``:

- ``EU_GDPR``, ``UK_GDPR`` (``gdpr``): Art. 33, 34; elapsed hours on UTC instants.
- ``JP_APPI`` (``appi``): Art. 26, PPC Rules Art. 7-10; days on the Asia/Tokyo calendar.
- ``KR_PIPA``, ``SG_PDPA``, ``BR_LGPD``, ``CH_FADP``, ``AU_NDB``, ``CN_PIPL``, ``EU_NIS2`` (§8.5),
  each with its own calendar and counting.

A regime applies when it is in force at ``aware_at`` (a regime not yet in force is simply not
returned) and the entity is established in its territory, or people there are affected and the
regime reaches the entity from outside (``targeted_regimes``; None = not assessed: applied, each
obligation ``assumed`` with a basis starting "Assumed: extraterritorial applicability (...) not
assessed"). An applicable EU GDPR, UK GDPR or APPI regime returns all of its kinds for the role,
each with ``required`` set. A §8.5 regime is returned only when its "reportable when" column holds
(``Trigger``), so that a breach whose v2 facts keep their defaults gets exactly its v1 result; then
it too returns all of its kinds for the role. ``explain`` says why a linked regime returned nothing.

``group_notification`` builds the §8.2 obligation of a group member towards the member that
exported the data to it; ``lateness_label`` and ``asks_reasons_for_delay`` tell what a missed
deadline is called by its source.

Every sentence (a basis, an ``explain`` line, a reasons-for-delay citation) is a
``compliance.rules.text.Text``: its English text is the contract, its templates let the product
word it in the reader's language. Build them with ``Text`` and ``+``, never with an f-string or
``str.join``, which would flatten them to English.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from compliance.rules.breach_regimes import (
    appi,
    australia,
    brazil,
    china,
    gdpr,
    korea,
    nis2,
    singapore,
    switzerland,
)
from compliance.rules.breach_regimes.appi import (
    APPI_FINAL_DAY,
    APPI_FINAL_DAY_WRONGFUL,
    APPI_PRELIMINARY_DAY,
    APPI_SUBJECT_THRESHOLD,
)
from compliance.rules.breach_regimes.applicability import (
    Link,
    RegimeRules,
    in_force,
    link,
    mark_assumed,
)
from compliance.rules.breach_regimes.vocabulary import (
    AFTER_INTERNAL_TARGET,
    AFTER_REGULATORS_YARDSTICK,
    ASSESSMENT,
    AU_NDB,
    AUTHORITY_NOTIFICATION,
    BR_LGPD,
    CH_FADP,
    CN_PIPL,
    CONTROLLER,
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    DEADLINE_SOURCES,
    EARLY_WARNING,
    EU_GDPR,
    EU_NIS2,
    FINAL_REPORT,
    GROUP_NOTIFICATION,
    GUIDELINE,
    INCIDENT_NOTIFICATION,
    INTERNAL,
    JP_APPI,
    KINDS,
    KR_PIPA,
    LATE,
    LATENESS_LABELS,
    PRELIMINARY_REPORT,
    PROCESSOR,
    REGIMES,
    RISK_HIGH,
    RISK_LIKELY,
    RISK_UNLIKELY,
    RISKS,
    ROLES,
    SG_PDPA,
    STATUTE,
    UK_GDPR,
    BreachFacts,
    Obligation,
    RuleSet,
    asks_reasons_for_delay,
    country_code,
    lateness_label,
    reasons_for_delay_basis,
)
from compliance.rules.territories import gdpr_authority_country_at, in_gdpr_territory_at
from compliance.rules.text import Text

__all__ = [
    "AFTER_INTERNAL_TARGET",
    "AFTER_REGULATORS_YARDSTICK",
    "APPI_FINAL_DAY",
    "APPI_FINAL_DAY_WRONGFUL",
    "APPI_PRELIMINARY_DAY",
    "APPI_SUBJECT_THRESHOLD",
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
    "GDPR_NOTIFICATION_WINDOW",
    "GROUP_BCR",
    "GROUP_NOTIFICATION",
    "GROUP_NOTIFICATION_TARGET",
    "GROUP_SCC",
    "GROUP_TOOLS",
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
    "RULE_SETS",
    "SG_PDPA",
    "STATUTE",
    "UK_GDPR",
    "BreachFacts",
    "Obligation",
    "RuleSet",
    "asks_reasons_for_delay",
    "breach_obligations",
    "explain",
    "group_notification",
    "lateness_label",
    "reasons_for_delay_basis",
]

GDPR_NOTIFICATION_WINDOW = timedelta(hours=gdpr.GDPR_NOTIFICATION_HOURS)

# The §8.5 regimes, in result order after the v1 ones.
_MORE: tuple[RegimeRules, ...] = (
    korea.RULES,
    singapore.RULES,
    brazil.RULES,
    switzerland.RULES,
    australia.RULES,
    china.RULES,
    nis2.RULES,
)
_MORE_BY_REGIME = {rules.rule.regime: rules for rules in _MORE}

RULE_SETS: tuple[RuleSet, ...] = (
    gdpr.EU_RULE_SET,
    gdpr.UK_RULE_SET,
    appi.RULE_SET,
    *(rules.rule for rules in _MORE),
)
assert tuple(rule.regime for rule in RULE_SETS) == REGIMES


def _v1_obligations(rule: RuleSet, facts: BreachFacts, found: Link) -> tuple[Obligation, ...]:
    if rule.regime == JP_APPI:
        return appi.obligations(facts, found)
    return gdpr.obligations(rule, facts, found)


def _regime_obligations(rule: RuleSet, facts: BreachFacts) -> tuple[Obligation, ...]:
    found = link(rule, facts)
    if not found.applies:
        return ()
    more = _MORE_BY_REGIME.get(rule.regime)
    if more is None:
        result = _v1_obligations(rule, facts, found)
    elif more.trigger(facts).owed:
        result = more.obligations(facts, found)
    else:
        return ()
    return mark_assumed(rule, found, result)


def breach_obligations(facts: BreachFacts) -> tuple[Obligation, ...]:
    """Every obligation of every regime that governs the breach, in ``REGIMES`` order.

    Within a regime the kinds come in a fixed order:

    - GDPR / UK GDPR controller: authority (Art. 33), data subjects (Art. 34); processor:
      controller notification (Art. 33(2)), authority (not required).
    - APPI business: preliminary report, final report, principals; entrusted business: controller
      notification, the two reports (not required, or its own when ``controller_subject_to_appi``
      is False, then followed by the principals' notification).
    - KR_PIPA, BR_LGPD, CH_FADP, CN_PIPL controller: authority, data subjects.
    - SG_PDPA controller and AU_NDB (either role): assessment, authority, data subjects.
    - KR, SG, BR, CH, CN processor: controller notification, then the controller's kinds not
      required.
    - EU_NIS2 (either role): early warning, incident notification, final report.
    """
    obligations: list[Obligation] = []
    for rule in RULE_SETS:
        obligations.extend(_regime_obligations(rule, facts))
    return tuple(obligations)


# --- §8.2: a group member's notice to the member that exported the data ---------------------------

GROUP_BCR = "bcr"
GROUP_SCC = "scc"
GROUP_TOOLS = (GROUP_BCR, GROUP_SCC)
# "Without undue delay" has no period: the office's target leaves the exporter most of its own 72
# hours (GDPR Art. 33(1)) once it hears of the breach.
GROUP_NOTIFICATION_TARGET = timedelta(hours=24)

_SCC_CLAUSES = {
    module: Text("2021 SCCs Module {module} Clause {clause}", module=str(module), clause=clause)
    for module, clause in ((1, "8.5(e)"), (2, "8.6(c)"), (3, "8.6(c)"))
}


def group_notification(
    *,
    aware_at: datetime,
    exporter: str,
    exporter_country: str,
    tool: str,
    scc_module: int | None = None,
    target: timedelta = GROUP_NOTIFICATION_TARGET,
) -> Obligation:
    """The notice a group member owes the member that exported the breached data to it (§8.2).

    For an entity that received the data from an EEA or UK group member under BCRs or SCCs: it
    tells that member without undue delay (BCR commitment; 2021 SCCs Module 2/3 Clause 8.6(c),
    Module 1 Clause 8.5(e); the UK Addendum keeps those clauses), even when no regime applies to it
    directly. The services call this once per exporting member; the engine does not decide whether
    the entity owes it.

    ``aware_at``: when the receiving entity became aware (aware datetime). ``exporter``: the
    exporting member's name or identifier, shown in the basis. ``exporter_country``: its country,
    which picks the regime (``EU_GDPR`` when the GDPR applies there at ``aware_at``, ``UK_GDPR``
    for GB from 2021; anything else is a ``ValueError``). ``tool``: ``GROUP_BCR`` or ``GROUP_SCC``
    (with ``scc_module`` 1, 2 or 3). ``target``: the internal target, 24 hours by default.

    Returns a required ``group_notification`` due ``aware_at + target`` with ``deadline_source``
    ``"internal"``; ``recipients`` is empty (the recipient is the exporting member, not an
    authority).
    """
    if aware_at.tzinfo is None or aware_at.utcoffset() is None:
        raise ValueError("aware_at has no time zone; give it with its time zone")
    country = country_code(exporter_country, "exporter_country")
    if target <= timedelta(0):
        raise ValueError("the internal target must be a positive duration")
    if gdpr_authority_country_at(country, aware_at) is not None:
        regime, law = EU_GDPR, Text("GDPR")
    elif country == "GB" and in_force(gdpr.UK_RULE_SET, aware_at):
        regime, law = UK_GDPR, Text("UK GDPR")
    else:
        raise ValueError(
            f"the exporting member must be under the GDPR or the UK GDPR at awareness; "
            f"{country} is not on {aware_at.isoformat()}"
        )
    if tool == GROUP_BCR:
        commitment = Text(
            "binding corporate rules ({law} Art. 47(2)(d), (l); EDPB Recommendations 1/2022): "
            "a member tells the member with data-protection responsibility of a breach without "
            "undue delay",
            law=law,
        )
    elif tool == GROUP_SCC and scc_module in _SCC_CLAUSES:
        clause = (
            Text("{clause} as incorporated by the UK Addendum", clause=_SCC_CLAUSES[scc_module])
            if regime == UK_GDPR
            else _SCC_CLAUSES[scc_module]
        )
        commitment = Text(
            "{clause}: the data importer notifies the data exporter without undue delay after "
            "becoming aware",
            clause=clause,
        )
    else:
        raise ValueError(
            f"tool must be {GROUP_BCR!r} or {GROUP_SCC!r} with scc_module 1, 2 or 3, not "
            f"{tool!r} with module {scc_module!r}"
        )
    hours = int(target.total_seconds() // 3600)
    span = (
        Text("{hours} hours", hours=str(hours)) if target == timedelta(hours=hours) else str(target)
    )
    return Obligation(
        regime=regime,
        kind=GROUP_NOTIFICATION,
        required=True,
        due_at=aware_at.astimezone(UTC) + target,
        recipients=(),
        basis=commitment
        + Text(
            "; recipient: the exporting member {exporter} ({country}); no period fixed: internal "
            "target {span} after awareness, so that the exporter can meet its own 72 hours "
            "({law} Art. 33(1))",
            exporter=exporter,
            country=country,
            span=span,
            law=law,
        ),
        deadline_source=INTERNAL,
    )


# --- explanation -------------------------------------------------------------------------------


def _applies_because(rule: RuleSet, facts: BreachFacts, found: Link) -> str:
    """Why the regime applies (the line after "<title> applies: "), for a link that applies."""
    if found.established is not None:
        return Text(
            "the entity is established in {country}, in {territory} at awareness",
            country=facts.entity_country,
            territory=rule.territory_label,
        )
    reason = Text(
        "people in {affected} are affected, in {territory} at awareness; the entity ({country}) "
        "is not established there",
        affected=", ".join(found.affected),
        territory=rule.territory_label,
        country=facts.entity_country,
    )
    if rule.regime == EU_GDPR:
        reason += Text(
            ", so the authority of every affected country is notified "
            "(EDPB Guidelines 9/2022, para. 73)"
        )
    if found.assumed:
        reason += Text(
            "; assumed: extraterritorial applicability ({provision}) not assessed "
            "(targeted_regimes unknown), so the regime is applied as a precaution",
            provision=rule.extraterritorial,
        )
    else:
        reason += Text(
            "; it reaches the entity from outside ({provision}, assessed)",
            provision=rule.extraterritorial,
        )
    return reason


def _territory_line(rule: RuleSet, facts: BreachFacts, found: Link) -> str:
    if found.established is not None or (found.affected and not found.excluded):
        return Text(
            "{regime} applies: {reason}",
            regime=rule.title,
            reason=_applies_because(rule, facts, found),
        )
    if found.affected:
        return Text(
            "{regime} not applicable: people in {affected} are affected, but the entity "
            "({country}) is not established in {territory} and the regime does not reach it "
            "from outside (assessed: targeted_regimes lacks {code}; {provision}); where the "
            "affected people are is neither necessary nor sufficient",
            regime=rule.title,
            affected=", ".join(found.affected),
            country=facts.entity_country,
            territory=rule.territory_label,
            code=rule.regime,
            provision=rule.extraterritorial,
        )
    places = ", ".join(sorted(facts.affected_countries)) or Text("none given")
    return Text(
        "{regime} not applicable: neither the entity ({country}) nor any affected country "
        "({places}) is in {territory} at awareness",
        regime=rule.title,
        country=facts.entity_country,
        places=places,
        territory=rule.territory_label,
    )


def _applicability_line(rule: RuleSet, facts: BreachFacts, found: Link) -> str:
    if not found.in_force:
        return Text(
            "{regime} not applicable: awareness before {start} ({source})",
            regime=rule.title,
            start=rule.starts_label,
            source=rule.start_source,
        )
    line = _territory_line(rule, facts, found)
    if rule.regime == EU_GDPR:
        # The UK's place changed at the end of the transition period; say which side it is on.
        if "GB" in {facts.entity_country, *facts.affected_countries}:
            if in_gdpr_territory_at("GB", facts.aware_at):
                line += Text("; the UK counts as part of the EEA until 2020-12-31T23:00Z")
            else:
                line += Text(
                    "; the UK is outside the EEA since 2020-12-31T23:00Z (end of transition)"
                )
        line += Text.join_all("", gdpr.territory_notes(facts))
    return line


def _more_lines(more: RegimeRules, facts: BreachFacts) -> list[str]:
    """Lines for a §8.5 regime, only when the breach is linked to its territory."""
    rule = more.rule
    found = link(rule, facts)
    if not found.territorial or not more.considered(facts):
        return []
    line = _applicability_line(rule, facts, found)
    if not found.applies:
        return [line]
    trigger = more.trigger(facts)
    if trigger.owed:
        return [Text.join_all("; ", (line, trigger.why))]
    # Nothing owed: the regime is not returned, so the line must not say it applies.
    return [
        Text(
            "{regime}: nothing to notify: {reason}; {why}",
            regime=rule.title,
            reason=_applies_because(rule, facts, found),
            why=trigger.why,
        )
    ]


def explain(facts: BreachFacts) -> tuple[str, ...]:
    """Human-readable lines: which regimes apply to the breach and why, or why not.

    One line per EU GDPR, UK GDPR and APPI regime, plus, where the APPI applies, a line on whether
    the breach is reportable and under which PPC Rules Art. 7 categories. A §8.5 regime gets a line
    only when the entity or an affected country is in its territory (NIS2: for a NIS2 entity): it
    applies and what it owes, or why nothing, or why it does not apply.
    """
    lines: list[str] = []
    for rule in (gdpr.EU_RULE_SET, gdpr.UK_RULE_SET, appi.RULE_SET):
        found = link(rule, facts)
        lines.append(_applicability_line(rule, facts, found))
        if rule.regime == JP_APPI and found.applies:
            lines.append(appi.explain_reportability(facts))
    for more in _MORE:
        lines.extend(_more_lines(more, facts))
    return tuple(lines)
