"""Transfer engine: on a given date, is a transfer of personal data lawful, and on which basis?

Public contract: ``domain.md`` §7, amended by §8.3 (contract v2). Pure and deterministic: the date
comes in with the facts, and the adequacy decisions are data (``transfers.rules.adequacy``), so a
hypothetical decision set ("what if the DPF were struck down on D") can be passed instead of the
real one.

Three export regimes are implemented, each as an ordered chain of tools (§7): the first tool that
succeeds is the answer. Defects of tools tried before it are reported as warnings (they are not what
the transfer rests on), and as blockers only when nothing succeeds; then ``no_mechanism`` states the
conclusion. A tool that is not yet in place on the date (BCRs approved later, SCCs signed later) is
not defective, only absent: it gets an ``info`` finding and the chain goes on.

- EU_GDPR (GDPR Chapter V; Directive 95/46/EC Art. 25-26 before 2018-05-25): Art. 45 adequacy,
  Art. 46-47 BCRs and SCCs (with a transfer impact assessment from C-311/18), Art. 49 derogations.
- UK_GDPR (UK GDPR Chapter V, DPA 2018 s. 17A, 119A): UK adequacy regulations, BCRs, IDTA / UK
  Addendum, old EU SCCs under the ICO's transitional provisions, derogations.
- JP_APPI (APPI Art. 28, Art. 24 before 2022-04-01): designated countries, equivalent-measures
  systems (PPC Enforcement Rules Art. 16), consent; PPC Supplementary Rule (4) for EU-origin data.

Any other exporter is not assessed: ``Evaluation.lawful`` is None, never True (§8.3).

Contract v2 (§8.3), in short:

- Every contract between the parties (``TransferFacts.all_contracts()``) is tried, oldest signature
  first, inside the SCC step; the first valid for the exporter's regime is the answer.
- The 2010 SCCs had no modules: the set follows from the roles (C to C: 2001/497/EC set I,
  2004/915/EC set II; C to P: 2010/87/EU); there was none for P to P or P to C.
- For an EEA exporter a UK Addendum is the 2021 SCCs it is appended to, checked as such.
- ``eu_origin`` means received from the EEA or the UK under an adequacy decision: the PPC extended
  the Supplementary Rules to UK-origin data on 2020-02-01, and the rules applied are the same.
- A transfer to an international organisation (``importer_organisation``) is a Chapter V transfer
  wherever it sits (GDPR Art. 44, UK GDPR Art. 44): never "not a transfer", and only a decision for
  the organisation itself (the EPO's, from 2025-07-15) is adequacy for it. Convention for the APPI:
  an organisation seated in Japan is a domestic recipient, and one seated in a designated country
  is not covered by that country's designation (it is not subject to its law).
- Certification-based adequacy (Safe Harbor, Privacy Shield, DPF, UK Extension) covers HR data only
  when the importer certified for it.
- Territory (§8.1, ``compliance.rules.territories``): an outermost region (RE GP MQ GF YT MF) or
  Åland is its member state for every regime; Gibraltar is the UK up to 2020-12-31 (then neither
  the EU-UK bridge nor the UK's designation by the PPC covers it). The GDPR is cited, and its
  compelling-interests derogation exists, from 2018-05-25, and for exporters in Iceland,
  Liechtenstein and Norway from 2018-07-20; before, Directive 95/46/EC.

Conventions where the law is open (the cautious reading, shown in the findings): the 2010 SCCs
could be relied on until 2022-12-26, 2022-12-27 being treated as lapsed; the old EU SCCs for UK
exports until 2024-03-20, 2024-03-21 being treated as lapsed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from compliance.rules.territories import (
    ATTACHED_TERRITORIES,
    EEA_MEMBERSHIP,
    in_eea,
    in_gdpr_territory,
    is_member,
    territory_state,
    under_gdpr,
)
from compliance.rules.text import Text
from transfers.rules.adequacy import (
    EU_DECISIONS,
    HR_DATA_PROVISIONS,
    INVALIDATING_JUDGMENTS,
    SCOPE_LIMITS,
    UK_DECISIONS,
    AdequacyDecision,
    decisions_in_force,
)
from transfers.rules.vocabulary import (
    ADEQUACY,
    ADEQUACY_SCOPE,
    BCR,
    BCR_NOT_YET_APPROVED,
    CBPR_NOT_FOR_EU_ORIGIN,
    COMPELLING_INTERESTS,
    CONSENT,
    DEROGATION,
    DEROGATION_COMPELLING_DUTIES,
    DEROGATION_NOT_AVAILABLE,
    DEROGATION_OCCASIONAL_ONLY,
    DEROGATIONS,
    DESIGNATED_COUNTRY,
    DPF_SCOPE_EXCLUDES_HR,
    DPF_SCOPE_UNVERIFIED,
    EQUIVALENT_MEASURES,
    EU_SCC_WITHOUT_UK_ADDENDUM,
    FINDING_CODES,
    FRAMEWORK_INVALIDATED,
    IMPORTER_NOT_CERTIFIED,
    NO_MECHANISM,
    NOT_A_TRANSFER,
    OUT_OF_SCOPE,
    ROLES,
    SCC,
    SCC_2010_AFTER_REPEAL,
    SCC_2010_EXPIRED,
    SCC_2010_NO_SET_FOR_ROLES,
    SCC_MODULE_MISMATCH,
    SCC_NOT_YET_SIGNED,
    SCC_SIGNED_BEFORE_2021_SCC,
    SCC_VERSIONS,
    TIA_MISSING,
    UK_ADDENDUM,
    UK_BRIDGE,
    UK_IDTA,
    UK_SCC_2010_AFTER_CUTOFF,
    UK_SCC_2010_EXPIRED,
    UK_TOOL_BEFORE_2022_03_21,
    UK_TOOL_FOR_EU_EXPORT,
    ContractFacts,
    Evaluation,
    Finding,
    Mechanism,
    Regime,
    Severity,
    TransferFacts,
)

__all__ = [
    "ADEQUACY",
    "ADEQUACY_SCOPE",
    "BCR",
    "BCR_NOT_YET_APPROVED",
    "CBPR_NOT_FOR_EU_ORIGIN",
    "COMPELLING_INTERESTS",
    "CONSENT",
    "DEROGATION",
    "DEROGATIONS",
    "DEROGATION_COMPELLING_DUTIES",
    "DEROGATION_NOT_AVAILABLE",
    "DEROGATION_OCCASIONAL_ONLY",
    "DESIGNATED_COUNTRY",
    "DPF_SCOPE_EXCLUDES_HR",
    "DPF_SCOPE_UNVERIFIED",
    "EQUIVALENT_MEASURES",
    "EU_SCC_WITHOUT_UK_ADDENDUM",
    "FINDING_CODES",
    "FRAMEWORK_INVALIDATED",
    "IMPORTER_NOT_CERTIFIED",
    "NOT_A_TRANSFER",
    "NO_MECHANISM",
    "OUT_OF_SCOPE",
    "ROLES",
    "SCC",
    "SCC_2010_AFTER_REPEAL",
    "SCC_2010_EXPIRED",
    "SCC_2010_NO_SET_FOR_ROLES",
    "SCC_MODULE_MISMATCH",
    "SCC_NOT_YET_SIGNED",
    "SCC_SIGNED_BEFORE_2021_SCC",
    "SCC_VERSIONS",
    "TIA_MISSING",
    "UK_ADDENDUM",
    "UK_BRIDGE",
    "UK_IDTA",
    "UK_SCC_2010_AFTER_CUTOFF",
    "UK_SCC_2010_EXPIRED",
    "UK_TOOL_BEFORE_2022_03_21",
    "UK_TOOL_FOR_EU_EXPORT",
    "ContractFacts",
    "Evaluation",
    "Finding",
    "Mechanism",
    "Regime",
    "Severity",
    "TransferFacts",
    "available_tools",
    "evaluate_transfer",
]

# Key dates (§2-§3). Each is the first day on which the new rule applies.
SCHREMS_II = date(2020, 7, 16)  # C-311/18: TIA needed for every Art. 46 tool from this day
UK_GDPR_APPLIES = date(2021, 1, 1)
UK_ADEQUACY_EU = date(2021, 6, 28)  # the TCA bridge ran until the day before
SCC_2021_IN_FORCE = date(2021, 6, 27)
SCC_2010_REPEALED = date(2021, 9, 27)  # no new 2010 contracts from this day
SCC_2010_LAPSED = date(2022, 12, 27)  # existing 2010 contracts no longer relied on
UK_TOOLS_IN_FORCE = date(2022, 3, 21)  # IDTA and UK Addendum
UK_OLD_SCC_LAST_SIGNING = date(2022, 9, 21)  # last day to sign new contracts on old EU SCCs
UK_OLD_SCC_LAPSED = date(2024, 3, 21)
APPI_EXPORT_RULE = date(2017, 5, 30)  # 2015 amendment: APPI Art. 24 in force
APPI_DESIGNATION = date(2019, 1, 23)  # PPC designates EEA and UK; Supplementary Rules apply
APPI_2020_AMENDMENT = date(2022, 4, 1)  # export rule becomes Art. 28, with information duties

# The citations every evaluation of a regime starts from, built once (a Text keeps its parts, so
# sharing one is safe).
_GDPR_44 = Text("GDPR Art. 44")
_DIRECTIVE_25_1 = Text("Directive 95/46/EC Art. 25(1)")
_GDPR_45 = Text("GDPR Art. 45")
_DIRECTIVE_25_6 = Text("Directive 95/46/EC Art. 25(6)")
_GDPR_BCR = Text("GDPR Art. 46(2)(b), 47")
_DIRECTIVE_BCR = Text("Directive 95/46/EC Art. 26(2) (WP 74)")
_GDPR_DEROGATIONS = Text("GDPR Art. 49; EDPB Guidelines 2/2018")
_DIRECTIVE_DEROGATIONS = Text("Directive 95/46/EC Art. 26(1); WP 114")
_GDPR_SCC = Text("GDPR Art. 46(2)(c)")
_DIRECTIVE_SCC = Text("Directive 95/46/EC Art. 26(4)")
_GDPR = Text("GDPR")
_UK_GDPR = Text("UK GDPR")
_UK_GDPR_44 = Text("UK GDPR Art. 44")
_UK_BCR = Text("UK GDPR Art. 46(2)(b), 47")
_UK_DEROGATIONS = Text("UK GDPR Art. 49; ICO guidance on exceptions")
_UK_ADEQUACY = Text("UK GDPR Art. 45; DPA 2018 s. 17A")
_UK_SCC = Text("UK GDPR Art. 46(2)(d)")

_MODULE_ROLES = {
    1: ("controller", "controller"),
    2: ("controller", "processor"),
    3: ("processor", "processor"),
    4: ("processor", "controller"),
}


@dataclass(frozen=True, slots=True)
class _Defect:
    """A defect of a tool; its severity depends on whether a later tool succeeds."""

    code: str
    message: str
    basis: str


@dataclass(frozen=True, slots=True)
class _Step:
    """What trying one tool gave: a mechanism when it succeeded, and its findings in order."""

    mechanism: Mechanism | None = None
    items: tuple[Finding | _Defect, ...] = ()


_ABSENT = _Step()


def _info(code: str, message: str, basis: str) -> Finding:
    return Finding(code=code, severity="info", message=message, basis=basis)


def _success(mechanism: Mechanism, message: str, basis: str, *extra: Finding) -> _Step:
    return _Step(mechanism, (_info(mechanism, message, basis), *extra))


def _decide(
    regime: Regime, on: date, steps: Sequence[Callable[[], _Step]], basis: str
) -> Evaluation:
    """Try the tools in order; the first success is the answer (§7)."""
    tried: list[_Step] = []
    for step in steps:
        tried.append(step())
        if tried[-1].mechanism is not None:
            break
    mechanism = tried[-1].mechanism if tried else None
    severity: Severity = "warning" if mechanism is not None else "blocker"
    findings = [
        item
        if isinstance(item, Finding)
        else Finding(code=item.code, severity=severity, message=item.message, basis=item.basis)
        for step in tried
        for item in step.items
    ]
    if mechanism is None:
        findings.append(
            Finding(
                code=NO_MECHANISM,
                severity="blocker",
                message=Text(
                    "No transfer mechanism makes this transfer lawful on {on}.", on=str(on)
                ),
                basis=basis,
            )
        )
    return Evaluation(
        lawful=mechanism is not None, regime=regime, mechanism=mechanism, findings=tuple(findings)
    )


def _importer(facts: TransferFacts) -> str:
    """How findings name the importer's place: its country, or the organisation and its seat."""
    organisation, seat = facts.importer_organisation, facts.importer_country
    if organisation is not None:
        return Text(
            "the international organisation {organisation} (seat: {seat})",
            organisation=organisation,
            seat=seat,
        )
    return seat


def evaluate_transfer(
    facts: TransferFacts,
    *,
    eu_decisions: Sequence[AdequacyDecision] = EU_DECISIONS,
    uk_decisions: Sequence[AdequacyDecision] = UK_DECISIONS,
) -> Evaluation:
    """Is the transfer described by ``facts`` lawful on ``facts.on``, and on which basis (§7, §8.3)?

    ``lawful`` is None when no implemented export rule governs the exporter (not assessed).
    ``eu_decisions`` / ``uk_decisions`` replace the adequacy tables, for impact analysis.
    """
    exporter, on = facts.exporter_country, facts.on
    regime = _regime(facts)
    if regime == "EU_GDPR":
        return _evaluate_eu(facts, eu_decisions)
    if regime == "UK_GDPR":
        return _evaluate_uk(facts, uk_decisions)
    if regime == "JP_APPI":
        return _evaluate_jp(facts)
    if exporter == "JP":
        reason = Text("the APPI export rule (Art. 24, 2015 amendment) applies only from 2017-05-30")
        basis = Text("APPI Art. 24 (as amended in 2015, in force 2017-05-30)")
    else:
        reason = Text(
            "no export rule implemented here (EU GDPR, UK GDPR, APPI) governs {exporter}",
            exporter=exporter,
        )
        basis = Text("GDPR Art. 44; UK GDPR Art. 44; APPI Art. 28 (territorial scope)")
    message = Text("Not assessed: out of scope on {on}: {reason}.", on=str(on), reason=reason)
    finding = _info(OUT_OF_SCOPE, message, basis)
    return Evaluation(lawful=None, regime=None, mechanism=None, findings=(finding,))


def _regime(facts: TransferFacts) -> Regime | None:
    """Which export rule governs the exporter on the date (§7), if any."""
    exporter, on = facts.exporter_country, facts.on
    if _in_gdpr_area(exporter, on):  # the UK (and Gibraltar) count up to 2020-12-31
        return "EU_GDPR"
    if exporter == "GB" and on >= UK_GDPR_APPLIES:
        return "UK_GDPR"
    if exporter == "JP" and on >= APPI_EXPORT_RULE:
        return "JP_APPI"
    return None


# --- EU exporter ---------------------------------------------------------------------------------


def _in_gdpr_area(country: str, on: date) -> bool:
    """In the EEA's data-protection area on ``on`` (the EEA, the UK until 2020-12-31), counting an
    outermost region or Åland as its member state and Gibraltar as the UK until 2020-12-31
    (TFEU Art. 349, 355; domain.md §8.1)."""
    return in_gdpr_territory(territory_state(country, on), on)


_Cited = TypeVar("_Cited")


def _gdpr(facts: TransferFacts, gdpr: _Cited, directive: _Cited) -> _Cited:
    """Cite the GDPR, or Directive 95/46/EC where the GDPR did not apply yet to the exporter
    (before 2018-05-25; in Iceland, Liechtenstein and Norway before 2018-07-20)."""
    return gdpr if under_gdpr(facts.exporter_country, facts.on) else directive


def _evaluate_eu(facts: TransferFacts, decisions: Sequence[AdequacyDecision]) -> Evaluation:
    on = facts.on
    law = _gdpr(facts, _GDPR_44, _DIRECTIVE_25_1)
    tia_needed = on >= SCHREMS_II
    return _decide(
        "EU_GDPR",
        on,
        (
            lambda: _eu_not_a_transfer(facts),
            lambda: _adequacy(
                facts,
                decisions,
                _gdpr(facts, _GDPR_45, _DIRECTIVE_25_6),
            ),
            lambda: _bcr(
                facts,
                _gdpr(
                    facts,
                    _GDPR_BCR,
                    _DIRECTIVE_BCR,
                ),
                tia_needed=tia_needed,
            ),
            lambda: _contracts(facts, _eu_contract),
            lambda: _derogation(
                facts,
                _GDPR,
                _gdpr(
                    facts,
                    _GDPR_DEROGATIONS,
                    _DIRECTIVE_DEROGATIONS,
                ),
                under_directive=not under_gdpr(facts.exporter_country, on),
            ),
        ),
        law,
    )


def _eu_not_a_transfer(facts: TransferFacts) -> _Step:
    on, importer = facts.on, facts.importer_country
    if facts.importer_organisation is not None:
        return _ABSENT  # Art. 44: an international organisation is outside, wherever it sits
    if _in_gdpr_area(importer, on):
        state = territory_state(importer, on)
        parts: list[str] = [_gdpr(facts, _GDPR_44, _DIRECTIVE_25_1)]
        if state != importer:  # an outermost region, Åland, or Gibraltar while the UK was in
            parts.append(_attachment_source(ATTACHED_TERRITORIES[importer].period.source))
        if state == "GB" and not is_member(EEA_MEMBERSHIP, "GB", on):
            parts.append(Text("Withdrawal Agreement Art. 127 (transition period)"))
        basis = Text.join_all("; ", parts)
        message = Text(
            "{importer} is within the GDPR's territory on {on}: not a third-country transfer.",
            importer=importer,
            on=str(on),
        )
        return _success("not_a_transfer", message, basis)
    if importer == "GB" and UK_GDPR_APPLIES <= on < UK_ADEQUACY_EU:
        message = Text(
            "EU-UK bridge on {on}: until the UK adequacy decision (2021-06-28), transfers to the "
            "UK were not treated as transfers to a third country.",
            on=str(on),
        )
        finding = _info(
            UK_BRIDGE, message, Text("EU-UK Trade and Cooperation Agreement Art. FINPROV.10A")
        )
        return _Step("not_a_transfer", (finding,))
    return _ABSENT


# The sources of ``compliance.rules.territories.ATTACHED_TERRITORIES`` as sentences (that module
# keeps them as plain strings); a source not listed here is cited as it is.
_OUTERMOST = Text("TFEU Art. 349, 355(1) (outermost region; EEC Treaty Art. 227(2) before)")
_ATTACHMENT_SOURCES: dict[str, Text] = {
    str(source): source
    for source in (
        _OUTERMOST,
        Text("European Council Decision 2012/419/EU") + "; " + _OUTERMOST,
        Text("TFEU Art. 355(4); Protocol No 2 to the 1994 Act of Accession"),
        Text("TFEU Art. 355(3); Withdrawal Agreement Art. 3(1)(b), 127"),
    )
}


def _attachment_source(source: str) -> str:
    return _ATTACHMENT_SOURCES.get(source, source)


def _adequacy(facts: TransferFacts, decisions: Sequence[AdequacyDecision], article: str) -> _Step:
    """Art. 45: a decision in force on the date for the importer's country, or for the
    international organisation it is (§8.3), within the decision's scope."""
    on = facts.on
    jurisdiction = facts.importer_organisation or facts.importer_country
    in_force = decisions_in_force(decisions, jurisdiction, on)
    fallen = _framework_invalidated(facts, decisions, jurisdiction)
    hr_defect: _Defect | None = None
    for decision in in_force:
        extra: list[Finding] = []
        if decision.requires_certification:
            if not facts.importer_certified:
                continue
            if facts.hr_data and facts.importer_certified_hr is not True:
                hr_basis = Text.join_all("; ", (decision.reference, _hr_provision(decision)))
                if facts.importer_certified_hr is False:
                    message = Text(
                        "{title} covers only the data types the importer certified; its "
                        "certification does not cover human-resources data, which this transfer "
                        "includes.",
                        title=decision.title,
                    )
                    hr_defect = _Defect(DPF_SCOPE_EXCLUDES_HR, message, hr_basis)
                    continue
                message = Text(
                    "Human-resources data: confirm that the importer's certification covers HR "
                    "data (its entry on the list); otherwise {title} does not cover "
                    "this transfer.",
                    title=decision.title,
                )
                extra.append(Finding(DPF_SCOPE_UNVERIFIED, "warning", message, hr_basis))
        basis = Text.join_all("; ", (article, decision.reference))
        limit = SCOPE_LIMITS.get(decision.key)
        if limit is not None:
            message = Text(
                "The adequacy decision for {title} covers only {limit}: confirm that "
                "the importer and this processing are inside it.",
                title=decision.title,
                limit=limit,
            )
            extra.append(Finding(ADEQUACY_SCOPE, "warning", message, basis))
        message = Text(
            "Adequacy: {title} in force on {on} (scope: {scope}).",
            title=decision.title,
            on=str(on),
            scope=decision.scope,
        )
        if facts.importer_organisation is not None:
            message = Text(
                "Transfer to {importer}: a transfer to an international organisation "
                "wherever it sits (Art. 44). {adequacy}",
                importer=_importer(facts),
                adequacy=message,
            )
        return _success("adequacy", message, basis, *extra)
    if hr_defect is not None:
        return _Step(items=(hr_defect,))
    if not in_force:
        return _Step(items=(fallen,)) if fallen is not None else _ABSENT
    decision = in_force[0]
    message = Text(
        "{title} covers only certified organisations ({scope}); the importer is not certified.",
        title=decision.title,
        scope=decision.scope,
    )
    # Art. 1 of each US decision (reg. 3 of the UK regulations) limits it to listed organisations.
    if decision.regime == "UK":
        basis = Text("{reference}, reg. 3", reference=decision.reference)
    else:
        basis = Text("{reference}, Art. 1", reference=decision.reference)
    return _Step(items=(_Defect(IMPORTER_NOT_CERTIFIED, message, basis),))


def _hr_provision(decision: AdequacyDecision) -> str:
    return HR_DATA_PROVISIONS.get(
        decision.key, Text("the framework's principle on human-resources data")
    )


def _framework_invalidated(
    facts: TransferFacts, decisions: Sequence[AdequacyDecision], jurisdiction: str
) -> Finding | None:
    """The importer is certified, but the certification framework it relies on was struck down
    before ``on`` and nothing replaced it yet (§8.3): say so, naming the judgment."""
    if not facts.importer_certified:
        return None
    frameworks = [
        d for d in decisions if d.jurisdiction == jurisdiction and d.requires_certification
    ]
    if any(d.in_force(facts.on) for d in frameworks):
        return None
    ended = [d for d in frameworks if d.valid_to is not None and d.valid_to < facts.on]
    if not ended:
        return None
    latest = max(ended, key=lambda d: d.valid_to or d.valid_from)
    judgment = INVALIDATING_JUDGMENTS.get(latest.key)
    if judgment is None:
        return None
    message = Text(
        "The importer's certification under {title} no longer counts on {on}: the "
        "framework was invalidated by {judgment}; its last day was {last_day}.",
        title=latest.title,
        on=str(facts.on),
        judgment=judgment,
        last_day=str(latest.valid_to),
    )
    return _info(FRAMEWORK_INVALIDATED, message, Text.join_all("; ", (latest.reference, judgment)))


def _bcr(facts: TransferFacts, basis: str, *, tia_needed: bool) -> _Step:
    approved = facts.bcr_approved_on
    if approved is None:
        return _ABSENT
    if approved > facts.on:
        message = _bcr_not_yet(approved, facts.on)
        return _Step(items=(_info(BCR_NOT_YET_APPROVED, message, basis),))
    if tia_needed and not facts.tia_done:
        return _Step(items=(_tia_missing(facts, Text("BCRs"), basis),))
    message = Text(
        "BCRs approved on {approved} bind exporter and importer.", approved=str(approved)
    )
    return _success("bcr", message, basis)


def _bcr_not_yet(approved: date, on: date) -> Text:
    return Text(
        "The BCRs are approved only on {approved}: not usable on {on}.",
        approved=str(approved),
        on=str(on),
    )


def _tia_missing(facts: TransferFacts, tool: str, tool_basis: str) -> _Defect:
    if facts.exporter_country == "GB" and facts.on >= UK_GDPR_APPLIES:
        message = Text("No transfer risk assessment documented for the {tool}.", tool=tool)
        basis = Text.join_all(
            "; ",
            (
                tool_basis,
                Text("UK GDPR Art. 46(1); ICO guidance on transfer risk assessments"),
            ),
        )
    else:
        message = Text(
            "No transfer impact assessment documented for the {tool}: required for every "
            "Art. 46 tool since 2020-07-16.",
            tool=tool,
        )
        basis = Text.join_all(
            "; ",
            (tool_basis, Text("CJEU C-311/18 (Schrems II); EDPB Recommendations 01/2020")),
        )
    return _Defect(TIA_MISSING, message, basis)


def _contracts(facts: TransferFacts, one: Callable[[TransferFacts, ContractFacts], _Step]) -> _Step:
    """Every contract between the parties, oldest signature first; the first valid one is the
    answer, and what the contracts tried before it showed stays in the findings (§8.3)."""
    items: list[Finding | _Defect] = []
    for contract in facts.all_contracts():
        step = one(facts, contract)
        items += step.items
        if step.mechanism is not None:
            return _Step(step.mechanism, tuple(items))
    return _Step(items=tuple(items))


def _not_yet_signed(facts: TransferFacts, contract: ContractFacts) -> _Step | None:
    # The contract did not exist yet on the date: no SCCs, not a defect of them (see module doc).
    signed = contract.signed_on
    if signed <= facts.on:
        return None
    message = Text(
        "The {name} contract is signed only on {signed}: not in place on {on}.",
        name=_contract_name(contract),
        signed=str(signed),
        on=str(facts.on),
    )
    basis = _gdpr(facts, _GDPR_SCC, _DIRECTIVE_SCC)
    if facts.exporter_country == "GB" and facts.on >= UK_GDPR_APPLIES:
        basis = Text("UK GDPR Art. 46(2)(d); DPA 2018 s. 119A")
    return _Step(items=(_info(SCC_NOT_YET_SIGNED, message, basis),))


def _contract_name(contract: ContractFacts) -> str:
    names = {"2010": "2010 SCC", "2021": "2021 SCC", "uk_addendum": "UK Addendum"}
    return names.get(contract.version, "IDTA")


_SCC_2021 = Text("Implementing Decision (EU) 2021/914")
_SCC_2010_C2C = Text("Decisions 2001/497/EC, 2004/915/EC")
_SCC_2010_C2P = Text("Decision 2010/87/EU")
# The 2010 "modules": the sets of clauses that existed, by the roles they were made for.
_SCC_2010 = {1: _SCC_2010_C2C, 2: _SCC_2010_C2P}
_SCC_2010_SET_NAMES = {
    1: Text("2001/497/EC set I or 2004/915/EC set II, controller to controller"),
    2: Text("2010/87/EU, controller to processor"),
}
_NO_SET = Text("no set")
# The roles of a transfer, "exporter to importer", as the findings name them.
_ROLE_PAIRS = {
    ("controller", "controller"): Text("controller to controller"),
    ("controller", "processor"): Text("controller to processor"),
    ("processor", "processor"): Text("processor to processor"),
    ("processor", "controller"): Text("processor to controller"),
}


def _module_for_roles(facts: TransferFacts) -> int:
    roles = (facts.exporter_role, facts.importer_role)
    return next(m for m, r in _MODULE_ROLES.items() if r == roles)


def _scc_2010_set(facts: TransferFacts, contract: ContractFacts) -> int:
    """The 2010 set relied on: the module given, else the one the roles call for (§8.3)."""
    return contract.module or _module_for_roles(facts)


def _module_mismatch(facts: TransferFacts, contract: ContractFacts, basis: str) -> _Defect | None:
    module, roles = contract.module, (facts.exporter_role, facts.importer_role)
    expected = _module_for_roles(facts)
    if contract.version == "2010" and module is None:
        if expected in _SCC_2010:
            return None
        uk = facts.exporter_country == "GB" and facts.on >= UK_GDPR_APPLIES
        instead = (
            Text(
                "the IDTA or the UK Addendum to the 2021 SCCs, Module {module}",
                module=str(expected),
            )
            if uk
            else Text("the 2021 SCCs, Module {module}", module=str(expected))
        )
        message = Text(
            "There was no 2010 SCC set for {roles} transfers (only "
            "controller to controller: 2001/497/EC set I, 2004/915/EC set II; controller to "
            "processor: 2010/87/EU); use {instead} instead.",
            roles=_ROLE_PAIRS[roles],
            instead=instead,
        )
        no_set_basis = Text.join_all(
            "; ", (_SCC_2010_C2C, _SCC_2010_C2P, _scc_2021_module(expected))
        )
        return _Defect(SCC_2010_NO_SET_FOR_ROLES, message, no_set_basis)
    if module is None:
        return None
    if contract.version == "2010" and module > 2:
        message = Text(
            "The 2010 SCCs had no module {module}: only controller-to-controller (1, "
            "2001/497/EC, 2004/915/EC) and controller-to-processor (2, 2010/87/EU).",
            module=str(module),
        )
        return _Defect(SCC_MODULE_MISMATCH, message, basis)
    if _MODULE_ROLES[module] == roles:
        return None
    message = Text(
        "Module {module} is for {module_roles} transfers; a {roles} transfer needs module "
        "{expected}.",
        module=str(module),
        module_roles=_ROLE_PAIRS[_MODULE_ROLES[module]],
        roles=_ROLE_PAIRS[roles],
        expected=str(expected),
    )
    return _Defect(SCC_MODULE_MISMATCH, message, basis)


_SCC_2010_CONVENTION = Text(
    "convention: 2022-12-27 treated as lapsed (cautious reading of Art. 4(4), "
    '"until 27 December 2022")'
)
_UK_OLD_SCC_CONVENTION = Text(
    "convention: 2024-03-21 treated as lapsed (cautious reading of the ICO transitional "
    'provisions, "until 21 March 2024")'
)


def _scc_2021_module(module: int | None) -> Text:
    return Text("{decision}, Module {module}", decision=_SCC_2021, module=str(module))


def _eu_contract(facts: TransferFacts, contract: ContractFacts) -> _Step:
    """One contract for an EEA exporter: the 2021 SCCs (a UK Addendum counts as the 2021 SCCs it
    is appended to, §8.3) or the 2010 SCCs."""
    not_yet = _not_yet_signed(facts, contract)
    if not_yet is not None:
        return not_yet
    version, module, signed, on = contract.version, contract.module, contract.signed_on, facts.on
    article = _gdpr(facts, _GDPR_SCC, _DIRECTIVE_SCC)
    if version == "uk_idta":
        message = Text("The IDTA is a UK GDPR tool; it does not cover an EU export.")
        return _Step(
            items=(
                _Defect(UK_TOOL_FOR_EU_EXPORT, message, Text.join_all("; ", (article, _SCC_2021))),
            )
        )
    defects: list[_Defect] = []
    name: str
    if version in ("2021", "uk_addendum"):
        basis = Text.join_all("; ", (article, _scc_2021_module(module)))
        name = Text("2021 SCCs") if version == "2021" else Text("2021 SCCs with the UK Addendum")
        if signed < SCC_2021_IN_FORCE:
            message = Text(
                "Signed on {signed}, before the 2021 SCCs entered into force (2021-06-27).",
                signed=str(signed),
            )
            defects.append(
                _Defect(
                    SCC_SIGNED_BEFORE_2021_SCC,
                    message,
                    Text("{decision} Art. 4(1)", decision=_SCC_2021),
                )
            )
        if module is None:
            message = Text(
                "UK Addendum without the module of the 2021 SCCs it is appended to: the "
                "2021 SCCs cannot be checked against the roles (Module {module} needed).",
                module=str(_module_for_roles(facts)),
            )
            defects.append(
                _Defect(SCC_MODULE_MISMATCH, message, Text.join_all("; ", (article, _SCC_2021)))
            )
    else:
        scc_set = _scc_2010_set(facts, contract)
        basis = Text.join_all("; ", (article, _SCC_2010.get(scc_set, _SCC_2010_C2P)))
        name = Text("2010 SCCs ({set})", set=_SCC_2010_SET_NAMES.get(scc_set, _NO_SET))
        if signed >= SCC_2010_REPEALED:
            message = Text(
                "2010 SCCs signed on {signed}: no new contracts from 2021-09-27.",
                signed=str(signed),
            )
            defects.append(
                _Defect(
                    SCC_2010_AFTER_REPEAL,
                    message,
                    Text("{decision} Art. 4(2)-(3)", decision=_SCC_2021),
                )
            )
        if on >= SCC_2010_LAPSED:
            message = Text(
                "2010 SCC contracts could be relied on only until 2022-12-26 (on: {on}); "
                "{convention}.",
                on=str(on),
                convention=_SCC_2010_CONVENTION,
            )
            lapse_basis = Text.join_all(
                "; ", (Text("{decision} Art. 4(4)", decision=_SCC_2021), _SCC_2010_CONVENTION)
            )
            defects.append(_Defect(SCC_2010_EXPIRED, message, lapse_basis))
    mismatch = _module_mismatch(facts, contract, basis)
    defects += [mismatch] if mismatch is not None else []
    if defects:
        return _Step(items=tuple(defects))
    if on >= SCHREMS_II and not facts.tia_done:
        tool_basis = basis + Text(", Clause 14") if version != "2010" else basis
        return _Step(items=(_tia_missing(facts, name, tool_basis),))
    return _success("scc", _signed(name, signed), basis)


def _signed(name: str, signed: date) -> Text:
    return Text("{name} signed on {signed}.", name=name, signed=str(signed))


_COMPELLING_DUTIES = (
    Text(
        "no other ground: no adequacy decision, no Art. 46 safeguard (BCRs, SCCs) and no other "
        "Art. 49(1) derogation can be used"
    ),
    Text("the transfer is not repetitive"),
    Text("it concerns only a limited number of data subjects"),
    Text(
        "it is necessary for compelling legitimate interests of the exporter not overridden by "
        "the data subjects' interests, rights and freedoms"
    ),
    Text(
        "the exporter has assessed all the circumstances, provided suitable safeguards and "
        "documented both in its records"
    ),
    Text("the supervisory authority is informed of the transfer"),
    Text(
        "the data subjects are informed of the transfer and of the compelling legitimate "
        "interests pursued"
    ),
)

# The Art. 49(1) points as cited after "Art." (GDPR and UK GDPR alike).
_POINTS: dict[str, Text] = {
    "49(1)(a)": Text("49(1)(a)"),
    "49(1)(b)": Text("49(1)(b)"),
    "49(1)(c)": Text("49(1)(c)"),
    "49(1)(d)": Text("49(1)(d)"),
    "49(1)(e)": Text("49(1)(e)"),
    "49(1)(f)": Text("49(1)(f)"),
    "49(1)(g)": Text("49(1)(g)"),
    COMPELLING_INTERESTS: Text("49(1) second subparagraph"),
}


def _derogation(
    facts: TransferFacts,
    law: Text,
    warning_basis: str,
    *,
    under_directive: bool = False,
) -> _Step:
    """``law`` names the regulation ("GDPR", "UK GDPR"); ``under_directive``: the exporter was
    still under Directive 95/46/EC (which had no compelling-interests derogation)."""
    if facts.derogation is None:
        return _ABSENT
    compelling = facts.derogation == COMPELLING_INTERESTS
    if compelling and under_directive:
        message = Text(
            "Directive 95/46/EC Art. 26(1) had no derogation for compelling legitimate interests; "
            "it exists from 2018-05-25 (GDPR Art. 49(1) second subparagraph)."
        )
        basis = Text(
            "Directive 95/46/EC Art. 26(1); GDPR Art. 49(1) second subparagraph, Art. 99(2)"
        )
        return _Step(items=(_Defect(DEROGATION_NOT_AVAILABLE, message, basis),))
    warnings = [
        Finding(
            code=DEROGATION_OCCASIONAL_ONLY,
            severity="warning",
            message=Text(
                "A derogation covers only occasional, non-repetitive transfers, "
                "not a regular data flow."
            ),
            basis=warning_basis,
        )
    ]
    if compelling:
        message = Text(
            "Compelling legitimate interests are a last resort, lawful only when every duty is "
            "met: {duties}.",
            duties=Text.join_all("; ", _COMPELLING_DUTIES),
        )
        basis = Text.join_all(
            "; ",
            (Text("{law} Art. 49(1) second subparagraph, 49(6)", law=law), warning_basis),
        )
        warnings.append(Finding(DEROGATION_COMPELLING_DUTIES, "warning", message, basis))
    point = _POINTS[facts.derogation]
    message = Text("Derogation {point} relied on.", point=point)
    if under_directive:
        article = Text(
            "Directive 95/46/EC Art. 26(1) (now {law} Art. {point})", law=law, point=point
        )
    else:
        article = Text("{law} Art. {point}", law=law, point=point)
    return _success("derogation", message, article, *warnings)


# --- UK exporter ---------------------------------------------------------------------------------


def _evaluate_uk(facts: TransferFacts, decisions: Sequence[AdequacyDecision]) -> Evaluation:
    return _decide(
        "UK_GDPR",
        facts.on,
        (
            lambda: _uk_not_a_transfer(facts),
            lambda: _uk_adequacy(facts, decisions),
            lambda: _bcr(facts, _UK_BCR, tia_needed=True),
            lambda: _contracts(facts, _uk_contract),
            lambda: _derogation(facts, _UK_GDPR, _UK_DEROGATIONS),
        ),
        _UK_GDPR_44,
    )


def _uk_not_a_transfer(facts: TransferFacts) -> _Step:
    if facts.importer_country != "GB" or facts.importer_organisation is not None:
        return _ABSENT
    message = Text("Importer in the UK: not a restricted transfer.")
    return _success("not_a_transfer", message, _UK_GDPR_44)


def _uk_adequacy(facts: TransferFacts, decisions: Sequence[AdequacyDecision]) -> _Step:
    article = _UK_ADEQUACY
    organisation = facts.importer_organisation
    if organisation is None and in_eea(facts.importer_country, facts.on):
        message = Text(
            "{country} is an EEA state, covered by UK adequacy regulations.",
            country=facts.importer_country,
        )
        basis = Text.join_all("; ", (article, Text("DPA 2018 Sch. 21 para. 5")))
        return _success("adequacy", message, basis)
    return _adequacy(facts, decisions, article)


_UK_TOOLS = Text("DPA 2018 s. 119A; ICO IDTA and UK Addendum (in force 2022-03-21)")
_UK_TRANSITIONAL = Text("DPA 2018 s. 119A; ICO transitional provisions for the old EU SCCs")
# Proper names of the ICO's instruments, the same in every language.
_UK_TOOL_NAMES = {"uk_idta": "IDTA", "uk_addendum": "UK Addendum"}


def _uk_contract(facts: TransferFacts, contract: ContractFacts) -> _Step:
    """One contract for a UK exporter: the IDTA, the UK Addendum, or the old EU SCCs under the
    transitional provisions; the 2021 EU SCCs alone are not a UK tool."""
    not_yet = _not_yet_signed(facts, contract)
    if not_yet is not None:
        return not_yet
    version, signed, on = contract.version, contract.signed_on, facts.on
    article = _UK_SCC
    if version == "2021":
        message = Text("The 2021 EU SCCs are a UK tool only with the UK Addendum attached.")
        basis = Text.join_all("; ", (article, _UK_TOOLS))
        return _Step(items=(_Defect(EU_SCC_WITHOUT_UK_ADDENDUM, message, basis),))
    defects: list[_Defect] = []
    mechanism: Mechanism
    name: str
    if version in ("uk_idta", "uk_addendum"):
        mechanism = "uk_idta" if version == "uk_idta" else "uk_addendum"
        name = _UK_TOOL_NAMES[version]
        basis = Text.join_all("; ", (article, _UK_TOOLS))
        if signed < UK_TOOLS_IN_FORCE:
            message = Text(
                "Signed on {signed}, before the IDTA and UK Addendum came into force.",
                signed=str(signed),
            )
            defects.append(_Defect(UK_TOOL_BEFORE_2022_03_21, message, basis))
    else:
        mechanism, basis = "scc", Text.join_all("; ", (article, _UK_TRANSITIONAL))
        scc_set = _SCC_2010_SET_NAMES.get(_scc_2010_set(facts, contract), _NO_SET)
        name = Text("old EU SCCs ({set})", set=scc_set)
        if signed > UK_OLD_SCC_LAST_SIGNING:
            message = Text(
                "Old EU SCCs signed on {signed}: new UK contracts only until 2022-09-21.",
                signed=str(signed),
            )
            defects.append(_Defect(UK_SCC_2010_AFTER_CUTOFF, message, basis))
        if on >= UK_OLD_SCC_LAPSED:
            message = Text(
                "Old EU SCC contracts could be relied on only until 2024-03-20 (on: {on}); "
                "{convention}.",
                on=str(on),
                convention=_UK_OLD_SCC_CONVENTION,
            )
            defects.append(
                _Defect(
                    UK_SCC_2010_EXPIRED,
                    message,
                    Text.join_all("; ", (basis, _UK_OLD_SCC_CONVENTION)),
                )
            )
    mismatch = _module_mismatch(facts, contract, basis)
    defects += [mismatch] if mismatch is not None else []
    if defects:
        return _Step(items=tuple(defects))
    if not facts.tia_done:
        return _Step(items=(_tia_missing(facts, name, basis),))
    return _success(mechanism, _signed(name, signed), basis)


# --- Japanese exporter ---------------------------------------------------------------------------

_SUPPLEMENTARY_RULE_4 = Text(
    "PPC Supplementary Rules (EU adequacy, Decision (EU) 2019/419), Rule (4)"
)
_APPI_ART_28 = {
    "(1)": Text("APPI Art. 28(1)"),
    "(1), (3)": Text("APPI Art. 28(1), (3)"),
    "(1)-(2)": Text("APPI Art. 28(1)-(2)"),
}


def _appi(on: date, paragraphs: str) -> Text:
    """The export rule was APPI Art. 24 (one paragraph) until the 2020 amendment took effect."""
    return _APPI_ART_28[paragraphs] if on >= APPI_2020_AMENDMENT else Text("APPI Art. 24")


def _ppc_rule(on: date, article: int, subject: Text) -> Text:
    # The PPC Enforcement Rules were renumbered with the 2020 amendment; cite today's number only
    # for dates on which it existed.
    if on >= APPI_2020_AMENDMENT:
        return Text("PPC Enforcement Rules Art. {article}", article=str(article))
    return Text(
        "PPC Enforcement Rules ({subject}; Art. {article} from 2022-04-01)",
        subject=subject,
        article=str(article),
    )


def _evaluate_jp(facts: TransferFacts) -> Evaluation:
    return _decide(
        "JP_APPI",
        facts.on,
        (
            lambda: _jp_not_a_transfer(facts),
            lambda: _jp_designated(facts),
            lambda: _jp_equivalent_measures(facts),
            lambda: _jp_consent(facts),
        ),
        _appi(facts.on, "(1)"),
    )


def _supplementary_rules_apply(facts: TransferFacts) -> bool:
    # The Supplementary Rules exist only since the Japan adequacy decision (2019-01-23); from
    # 2020-02-01 they also cover UK-origin data, which ``eu_origin`` includes (§8.3): for UK-origin
    # data received before 2020-02-01 the services leave it False.
    return facts.eu_origin and facts.on >= APPI_DESIGNATION


def _jp_not_a_transfer(facts: TransferFacts) -> _Step:
    # Convention (module doc): an international organisation seated in Japan is a domestic
    # recipient (APPI Art. 27), not a third party in a foreign country.
    if facts.importer_country != "JP":
        return _ABSENT
    message = Text("Importer in Japan: not a provision to a third party in a foreign country.")
    return _success("not_a_transfer", message, _appi(facts.on, "(1)"))


def _jp_designated(facts: TransferFacts) -> _Step:
    importer, on = facts.importer_country, facts.on
    # Convention (module doc): the designation covers recipients subject to the designated
    # country's law, which an international organisation seated there is not.
    designated = facts.importer_organisation is None and (
        territory_state(importer, on) == "GB" or in_eea(importer, on)
    )
    if not designated or on < APPI_DESIGNATION:
        return _ABSENT
    message = Text(
        "{importer} is a PPC-designated country (EEA and UK, from 2019-01-23).", importer=importer
    )
    basis = Text.join_all(
        "; ", (_appi(on, "(1)"), Text("PPC Notice No. 1 of 2019 (designated countries)"))
    )
    return _success("designated_country", message, basis)


def _jp_equivalent_measures(facts: TransferFacts) -> _Step:
    on, approved = facts.on, facts.bcr_approved_on
    supplementary = _supplementary_rules_apply(facts)
    rule = _ppc_rule(on, 16, Text("standards for equivalent-measures systems"))
    cited = [_appi(on, "(1), (3)"), rule + "(i)"]
    by_contract = Text.join_all("; ", (*cited, *([_SUPPLEMENTARY_RULE_4] if supplementary else [])))
    if facts.appi_equivalent_measures:
        message = Text("Equivalent-measures system: contract or binding intra-group rules.")
        return _success("equivalent_measures", message, by_contract)
    if approved is not None and approved <= on:
        message = Text(
            "Equivalent-measures system: the group's BCRs approved on {approved}.",
            approved=str(approved),
        )
        return _success("equivalent_measures", message, by_contract)
    items: list[Finding | _Defect] = []
    if approved is not None:
        items.append(_info(BCR_NOT_YET_APPROVED, _bcr_not_yet(approved, on), by_contract))
    if facts.appi_cbpr and not supplementary:
        message = Text("Equivalent-measures system: the importer is APEC CBPR certified.")
        cbpr_basis = Text.join_all("; ", (_appi(on, "(1), (3)"), rule + "(ii)"))
        finding = _info(EQUIVALENT_MEASURES, message, cbpr_basis)
        return _Step("equivalent_measures", (*items, finding))
    if facts.appi_cbpr:
        message = Text(
            "Data received from the EEA or the UK under an adequacy decision: APEC CBPR "
            "certification does not suffice; a contract or binding intra-group arrangement, or "
            "consent, is needed."
        )
        items.append(_Defect(CBPR_NOT_FOR_EU_ORIGIN, message, _SUPPLEMENTARY_RULE_4))
    return _Step(items=tuple(items))


def _jp_consent(facts: TransferFacts) -> _Step:
    if not facts.appi_consent:
        return _ABSENT
    on = facts.on
    basis = _appi(on, "(1)-(2)")
    if on >= APPI_2020_AMENDMENT:
        basis = Text.join_all(
            "; ", (basis, Text("PPC Enforcement Rules Art. 17 (information to give)"))
        )
    message = Text(
        "The principal's prior informed consent to the provision to a foreign third party."
    )
    if _supplementary_rules_apply(facts):
        basis = Text.join_all("; ", (basis, _SUPPLEMENTARY_RULE_4))
        message += Text(
            " Data from the EEA or the UK: the consent must follow information on the "
            "circumstances."
        )
    return _success("consent", message, basis)


# --- Alternatives --------------------------------------------------------------------------------


def available_tools(
    facts: TransferFacts,
    *,
    eu_decisions: Sequence[AdequacyDecision] = EU_DECISIONS,
    uk_decisions: Sequence[AdequacyDecision] = UK_DECISIONS,
) -> tuple[str, ...]:
    """The mechanisms that could make this transfer lawful on ``facts.on`` if put in place.

    In the order of the chain. Adequacy is listed only when it covers this importer as the facts
    stand (a US importer without certification cannot rely on it); derogations are never listed,
    since they cannot carry a regular flow (Art. 49). BCRs are listed for EU and UK exports because
    a group can adopt them, though only for transfers between its members. No export rule: ().
    """
    on, regime = facts.on, _regime(facts)
    if regime == "EU_GDPR":
        if _eu_not_a_transfer(facts).mechanism is not None:
            return ("not_a_transfer",)
        adequacy = _adequacy(facts, eu_decisions, "").mechanism is not None
        return (*(("adequacy",) if adequacy else ()), "bcr", "scc")
    if regime == "UK_GDPR":
        if _uk_not_a_transfer(facts).mechanism is not None:
            return ("not_a_transfer",)
        adequacy = _uk_adequacy(facts, uk_decisions).mechanism is not None
        uk_tools = ("uk_idta", "uk_addendum") if on >= UK_TOOLS_IN_FORCE else ()
        old_scc = ("scc",) if on <= UK_OLD_SCC_LAST_SIGNING else ()
        return (*(("adequacy",) if adequacy else ()), "bcr", *uk_tools, *old_scc)
    if regime == "JP_APPI":
        if _jp_not_a_transfer(facts).mechanism is not None:
            return ("not_a_transfer",)
        designated = _jp_designated(facts).mechanism is not None
        return (*(("designated_country",) if designated else ()), "equivalent_measures", "consent")
    return ()
