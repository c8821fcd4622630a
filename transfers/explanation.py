"""Which facts drove an evaluation: the engine's findings traced back to the answers they rest on.

The change page of a transfer shows, next to the findings, the facts each finding turned on, in
plain words and with their value on the date ("Includes HR data of employees: yes"; "The
recipient's certification covers HR data: unknown"). A fact left at its default is not stored
with the evaluation (``selectors.facts_as_json``); it is shown with its default value, since a
default ("no HR data", "no contract") decides as much as an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from transfers.rules import vocabulary as v
from transfers.selectors import (
    BCR_NOT_RECOGNISED,
    EU_ORIGIN_DERIVED,
    FACT_DEFAULTS,
    SCC_PARTY_NOT_BOUND,
)

# The engine's facts (TransferFacts) in the words of the forms.
FACT_LABELS: dict[str, Any] = {
    "on": _("Date evaluated"),
    "exporter_country": _("Exporter's country"),
    "importer_country": _("Recipient's country (the seat, for an international organisation)"),
    "exporter_role": _("Exporter's role"),
    "importer_role": _("Recipient's role"),
    "importer_certified": _(
        "Recipient certified under the US framework on the date (DPF; UK Extension for a UK "
        "exporter)"
    ),
    "hr_data": _("Includes HR data of employees (DPF Supplemental Principle 9)"),
    "importer_certified_hr": _("The recipient's certification covers HR data"),
    "importer_organisation": _("Recipient is an international organisation"),
    "bcr_approved_on": _("BCRs binding both parties, approved on"),
    "contracts": _("Contracts in force binding both parties"),
    "scc_version": _("Contract (shorthand)"),
    "scc_module": _("Contract module (shorthand)"),
    "scc_signed_on": _("Contract signed on (shorthand)"),
    "tia_done": _("Transfer impact assessment approved by the date"),
    "derogation": _("Derogation relied on (Art. 49)"),
    "eu_origin": _("Data received from the EEA or the UK under an adequacy decision"),
    "appi_consent": _("APPI: informed consent of the principals"),
    "appi_equivalent_measures": _("APPI: equivalent-measures system (contract or BCRs)"),
    "appi_cbpr": _("Recipient certified under APEC CBPR"),
}

_PLACE = ("exporter_country", "importer_country", "importer_organisation")
_US_ADEQUACY = ("importer_certified", "hr_data", "importer_certified_hr")
_CONTRACTS = ("contracts",)
_DEROGATION = ("derogation",)

# For each finding code, the facts it turns on.
CODE_FACTS: dict[str, tuple[str, ...]] = {
    v.NOT_A_TRANSFER: _PLACE,
    v.UK_BRIDGE: ("importer_country", "on"),
    v.ADEQUACY: (*_PLACE, *_US_ADEQUACY),
    v.ADEQUACY_SCOPE: ("importer_country",),
    v.IMPORTER_NOT_CERTIFIED: ("importer_country", "importer_certified"),
    v.FRAMEWORK_INVALIDATED: ("importer_certified", "on"),
    v.DPF_SCOPE_EXCLUDES_HR: ("hr_data", "importer_certified_hr"),
    v.DPF_SCOPE_UNVERIFIED: ("hr_data", "importer_certified_hr"),
    v.BCR: ("bcr_approved_on",),
    v.BCR_NOT_YET_APPROVED: ("bcr_approved_on",),
    v.SCC: (*_CONTRACTS, "exporter_role", "importer_role"),
    v.UK_IDTA: _CONTRACTS,
    v.UK_ADDENDUM: (*_CONTRACTS, "exporter_role", "importer_role"),
    v.SCC_MODULE_MISMATCH: (*_CONTRACTS, "exporter_role", "importer_role"),
    v.SCC_SIGNED_BEFORE_2021_SCC: _CONTRACTS,
    v.SCC_2010_AFTER_REPEAL: _CONTRACTS,
    v.SCC_2010_EXPIRED: (*_CONTRACTS, "on"),
    v.SCC_2010_NO_SET_FOR_ROLES: (*_CONTRACTS, "exporter_role", "importer_role"),
    v.SCC_NOT_YET_SIGNED: _CONTRACTS,
    v.UK_TOOL_FOR_EU_EXPORT: (*_CONTRACTS, "exporter_country"),
    v.EU_SCC_WITHOUT_UK_ADDENDUM: (*_CONTRACTS, "exporter_country"),
    v.UK_TOOL_BEFORE_2022_03_21: _CONTRACTS,
    v.UK_SCC_2010_AFTER_CUTOFF: _CONTRACTS,
    v.UK_SCC_2010_EXPIRED: (*_CONTRACTS, "on"),
    v.TIA_MISSING: ("tia_done",),
    v.DEROGATION: _DEROGATION,
    v.DEROGATION_NOT_AVAILABLE: (*_DEROGATION, "on"),
    v.DEROGATION_OCCASIONAL_ONLY: _DEROGATION,
    v.DEROGATION_COMPELLING_DUTIES: _DEROGATION,
    v.DESIGNATED_COUNTRY: ("importer_country", "importer_organisation"),
    v.EQUIVALENT_MEASURES: ("appi_equivalent_measures", "bcr_approved_on", "appi_cbpr"),
    v.CONSENT: ("appi_consent",),
    v.CBPR_NOT_FOR_EU_ORIGIN: ("eu_origin", "appi_cbpr"),
    v.NO_MECHANISM: (),
    v.OUT_OF_SCOPE: ("exporter_country", "on"),
    # The selectors' notes on the conventions they applied.
    BCR_NOT_RECOGNISED: ("bcr_approved_on",),
    SCC_PARTY_NOT_BOUND: _CONTRACTS,
    EU_ORIGIN_DERIVED: ("eu_origin",),
}


@dataclass(frozen=True)
class Driver:
    """One fact the result turned on: its words, its value, and the findings that used it."""

    name: str
    label: str
    value: str
    codes: tuple[str, ...]


def _yes_no(value: Any) -> str:
    return str(_("yes")) if value else str(_("no"))


def format_fact(name: str, value: Any) -> str:
    """A stored fact's value in words (dates stay ISO, as the findings print them)."""
    if name == "importer_certified_hr" and value is None:
        return str(_("unknown"))
    if isinstance(value, bool):
        return _yes_no(value)
    if value is None or value == "" or value == [] or value == ():
        return str(_("none"))
    if name == "contracts":
        return "; ".join(_contract(c) for c in value)
    return str(value)


def _contract(contract: dict[str, Any]) -> str:
    module = contract.get("module")
    version = contract.get("version", "")
    text = f"{version} module {module}" if module is not None else str(version)
    return str(_("%(contract)s signed %(on)s")) % {"contract": text, "on": contract["signed_on"]}


def _relevant(name: str, value: Any, facts: dict[str, Any]) -> bool:
    """Leave out what cannot have mattered: the US certification facts for a recipient outside
    the United States, the organisation line for a recipient that is none."""
    if name in _US_ADEQUACY:
        return facts.get("importer_country") == "US" and facts.get("importer_organisation") is None
    if name == "importer_organisation":
        return value is not None
    return True


def drivers(facts: dict[str, Any], findings: list[dict[str, str]]) -> list[Driver]:
    """The facts the findings turned on, in the order the findings name them (the success or
    the conclusion first, as the engine reports them), each once."""
    uses: dict[str, list[str]] = {}
    for finding in findings:
        code = finding.get("code", "")
        for name in CODE_FACTS.get(code, ()):
            codes = uses.setdefault(name, [])
            if code not in codes:
                codes.append(code)
    result = []
    for name, codes in uses.items():
        if name not in facts and name not in FACT_DEFAULTS:
            continue
        value = facts.get(name, FACT_DEFAULTS.get(name))
        if not _relevant(name, value, facts):
            continue
        result.append(
            Driver(
                name=name,
                label=str(FACT_LABELS.get(name, name)),
                value=format_fact(name, value),
                codes=tuple(codes),
            )
        )
    return result
