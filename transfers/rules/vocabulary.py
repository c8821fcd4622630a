"""The transfer engine's vocabulary: ``TransferFacts``, ``ContractFacts``, finding codes,
``Finding``, ``Evaluation``.

Part of the public contract of ``transfers.rules.mechanisms`` (domain.md §7 as amended by §8.3),
which re-exports every name here; kept apart so that the engine module stays about the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

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
]

Severity = Literal["blocker", "warning", "info"]
Regime = Literal["EU_GDPR", "UK_GDPR", "JP_APPI"]
Mechanism = Literal[
    "not_a_transfer",
    "adequacy",
    "bcr",
    "scc",
    "uk_idta",
    "uk_addendum",
    "derogation",
    "designated_country",
    "equivalent_measures",
    "consent",
]

# Finding codes. A successful tool reports the code equal to its mechanism, except the EU-UK
# bridge (mechanism not_a_transfer, code uk_bridge) whose legal reason differs.
NOT_A_TRANSFER = "not_a_transfer"
UK_BRIDGE = "uk_bridge"
ADEQUACY = "adequacy"
BCR = "bcr"
SCC = "scc"
UK_IDTA = "uk_idta"
UK_ADDENDUM = "uk_addendum"
DEROGATION = "derogation"
DESIGNATED_COUNTRY = "designated_country"
EQUIVALENT_MEASURES = "equivalent_measures"
CONSENT = "consent"
# Defects: warning when a later tool succeeds, blocker when none does.
IMPORTER_NOT_CERTIFIED = "importer_not_certified"
DPF_SCOPE_EXCLUDES_HR = "dpf_scope_excludes_hr"
SCC_MODULE_MISMATCH = "scc_module_mismatch"
SCC_SIGNED_BEFORE_2021_SCC = "scc_signed_before_2021_scc"
SCC_2010_AFTER_REPEAL = "scc_2010_after_repeal"
SCC_2010_EXPIRED = "scc_2010_expired"
SCC_2010_NO_SET_FOR_ROLES = "scc_2010_no_set_for_roles"
UK_TOOL_FOR_EU_EXPORT = "uk_tool_for_eu_export"
TIA_MISSING = "tia_missing"
EU_SCC_WITHOUT_UK_ADDENDUM = "eu_scc_without_uk_addendum"
UK_TOOL_BEFORE_2022_03_21 = "uk_tool_before_2022_03_21"
UK_SCC_2010_AFTER_CUTOFF = "uk_scc_2010_after_cutoff"
UK_SCC_2010_EXPIRED = "uk_scc_2010_expired"
CBPR_NOT_FOR_EU_ORIGIN = "cbpr_not_for_eu_origin"
DEROGATION_NOT_AVAILABLE = "derogation_not_available"
# Fixed severity: info for tools not yet in place, for a fallen US framework and for
# out-of-scope; warning for what the DPO must confirm or do next to a tool relied on (its scope,
# the duties of a derogation); blocker for the conclusion that nothing succeeded.
BCR_NOT_YET_APPROVED = "bcr_not_yet_approved"
SCC_NOT_YET_SIGNED = "scc_not_yet_signed"
FRAMEWORK_INVALIDATED = "framework_invalidated"
ADEQUACY_SCOPE = "adequacy_scope"
DPF_SCOPE_UNVERIFIED = "dpf_scope_unverified"
DEROGATION_OCCASIONAL_ONLY = "derogation_occasional_only"
DEROGATION_COMPELLING_DUTIES = "derogation_compelling_duties"
NO_MECHANISM = "no_mechanism"
OUT_OF_SCOPE = "out_of_scope"

FINDING_CODES: tuple[str, ...] = (
    NOT_A_TRANSFER,
    UK_BRIDGE,
    ADEQUACY,
    BCR,
    SCC,
    UK_IDTA,
    UK_ADDENDUM,
    DEROGATION,
    DESIGNATED_COUNTRY,
    EQUIVALENT_MEASURES,
    CONSENT,
    IMPORTER_NOT_CERTIFIED,
    DPF_SCOPE_EXCLUDES_HR,
    SCC_MODULE_MISMATCH,
    SCC_SIGNED_BEFORE_2021_SCC,
    SCC_2010_AFTER_REPEAL,
    SCC_2010_EXPIRED,
    SCC_2010_NO_SET_FOR_ROLES,
    UK_TOOL_FOR_EU_EXPORT,
    TIA_MISSING,
    EU_SCC_WITHOUT_UK_ADDENDUM,
    UK_TOOL_BEFORE_2022_03_21,
    UK_SCC_2010_AFTER_CUTOFF,
    UK_SCC_2010_EXPIRED,
    CBPR_NOT_FOR_EU_ORIGIN,
    DEROGATION_NOT_AVAILABLE,
    BCR_NOT_YET_APPROVED,
    SCC_NOT_YET_SIGNED,
    FRAMEWORK_INVALIDATED,
    ADEQUACY_SCOPE,
    DPF_SCOPE_UNVERIFIED,
    DEROGATION_OCCASIONAL_ONLY,
    DEROGATION_COMPELLING_DUTIES,
    NO_MECHANISM,
    OUT_OF_SCOPE,
)

ROLES = ("controller", "processor")
SCC_VERSIONS = ("2010", "2021", "uk_addendum", "uk_idta")
# Art. 49(1) second subparagraph: compelling legitimate interests, the derogation of last resort.
COMPELLING_INTERESTS = "49(1) second subparagraph"
# The Art. 49(1) derogations; UK GDPR Art. 49(1) has the same points.
DEROGATIONS = (
    *(f"49(1)({point})" for point in "abcdefg"),
    COMPELLING_INTERESTS,
)

_COUNTRY = re.compile(r"[A-Z]{2}")
# Three or more letters, so that an organisation never collides with a country's alpha-2 code in
# the adequacy tables (the EPO decision's jurisdiction is "EPO").
_ORGANISATION = re.compile(r"[A-Z][A-Z0-9]{2,}")


def _check_date(name: str, value: object) -> None:
    # A datetime is a date too, but comparing it with a date raises later: refuse it now.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"{name} must be a date, not {value!r}")


@dataclass(frozen=True, slots=True)
class ContractFacts:
    """One transfer contract between the parties (domain.md §8.3).

    ``version`` is one of ``SCC_VERSIONS``. ``module`` is the 2021 SCC module (1-4): required with
    ``"2021"``; with ``"uk_addendum"`` the module of the 2021 SCCs the Addendum is appended to;
    with ``"2010"`` normally None, since the 2010 sets had no modules and the set follows from the
    roles (a module given must be 1 or 2 and match the roles); never with ``"uk_idta"``.
    """

    version: str
    module: int | None
    signed_on: date

    def __post_init__(self) -> None:
        version, module = self.version, self.module
        if version not in SCC_VERSIONS:
            raise ValueError(f"scc_version must be one of {SCC_VERSIONS}, not {version!r}")
        if module is not None and (type(module) is not int or not 1 <= module <= 4):
            raise ValueError(f"scc_module must be 1, 2, 3, 4 or None, not {module!r}")
        if version == "2021" and module is None:
            raise ValueError("scc_version '2021' needs scc_module (1-4)")
        if version == "uk_idta" and module is not None:
            raise ValueError("the IDTA has no modules: leave scc_module None with 'uk_idta'")
        _check_date("scc_signed_on", self.signed_on)


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferFacts:
    """What is known about one transfer on the date ``on`` (domain.md §7, §8.3).

    v2 facts, each defaulting to v1's behaviour:

    - ``contracts``: every transfer contract in force between the parties; ``scc_version``,
      ``scc_module``, ``scc_signed_on`` remain a shorthand for one more contract.
    - ``eu_origin``: the data were received from the EEA **or the UK** under an adequacy decision
      (the PPC Supplementary Rules cover both since 2020-02-01).
    - ``hr_data``: the transfer includes human-resources data of the exporter's staff;
      ``importer_certified_hr``: the importer's US certification (DPF, UK Extension) covers HR data
      (None: not known).
    - ``importer_organisation``: the importer is this international organisation (e.g. "EPO"),
      whose seat is ``importer_country``.
    """

    on: date
    exporter_country: str
    importer_country: str
    exporter_role: str = "controller"
    importer_role: str = "controller"
    importer_certified: bool = False
    bcr_approved_on: date | None = None
    scc_version: str | None = None
    scc_module: int | None = None
    scc_signed_on: date | None = None
    tia_done: bool = False
    derogation: str | None = None
    eu_origin: bool = False
    appi_consent: bool = False
    appi_equivalent_measures: bool = False
    appi_cbpr: bool = False
    contracts: tuple[ContractFacts, ...] = ()
    hr_data: bool = False
    importer_certified_hr: bool | None = None
    importer_organisation: str | None = None

    def __post_init__(self) -> None:
        _check_date("on", self.on)
        for name in ("bcr_approved_on", "scc_signed_on"):
            if getattr(self, name) is not None:
                _check_date(name, getattr(self, name))
        for name in ("exporter_country", "importer_country"):
            value = getattr(self, name)
            if not isinstance(value, str) or not _COUNTRY.fullmatch(value):
                raise ValueError(
                    f"{name} must be two upper-case letters (ISO 3166-1), not {value!r}"
                )
        for name in ("exporter_role", "importer_role"):
            if getattr(self, name) not in ROLES:
                raise ValueError(f"{name} must be one of {ROLES}, not {getattr(self, name)!r}")
        if self.derogation is not None and self.derogation not in DEROGATIONS:
            raise ValueError(f"derogation must be one of {DEROGATIONS} or None")
        organisation = self.importer_organisation
        if organisation is not None and (
            not isinstance(organisation, str) or not _ORGANISATION.fullmatch(organisation)
        ):
            raise ValueError(
                "importer_organisation must be an upper-case code of three or more letters "
                f"(e.g. 'EPO'), not {organisation!r}"
            )
        if not isinstance(self.contracts, tuple) or not all(
            isinstance(c, ContractFacts) for c in self.contracts
        ):
            raise ValueError("contracts must be a tuple of ContractFacts")
        self._check_scc()

    def _check_scc(self) -> None:
        version, module = self.scc_version, self.scc_module
        if module is not None and version is None:
            raise ValueError("scc_module given without scc_version")
        if (version is None) != (self.scc_signed_on is None):
            raise ValueError("scc_version and scc_signed_on go together: give both or neither")
        if version is not None and self.scc_signed_on is not None:
            ContractFacts(version, module, self.scc_signed_on)  # the same checks as any contract

    def all_contracts(self) -> tuple[ContractFacts, ...]:
        """``contracts`` and the shorthand contract, oldest signature first (§8.3)."""
        shorthand: tuple[ContractFacts, ...] = ()
        if self.scc_version is not None and self.scc_signed_on is not None:
            shorthand = (ContractFacts(self.scc_version, self.scc_module, self.scc_signed_on),)
        unique = dict.fromkeys((*self.contracts, *shorthand))
        # sorted() is stable: contracts signed on the same day keep the order given.
        return tuple(sorted(unique, key=lambda c: c.signed_on))


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    basis: str


@dataclass(frozen=True, slots=True)
class Evaluation:
    """``lawful`` is True, False, or None: not assessed, no implemented export rule governs the
    exporter (finding ``out_of_scope``); such a transfer must be shown as "not assessed", never
    as lawful (§8.3)."""

    lawful: bool | None
    regime: Regime | None
    mechanism: Mechanism | None
    findings: tuple[Finding, ...]

    def __post_init__(self) -> None:
        # The contract's invariant, checked here so that no rule can break it silently.
        has_blocker = any(f.severity == "blocker" for f in self.findings)
        if self.lawful is None:
            if has_blocker or self.regime is not None:
                raise ValueError(
                    "a not-assessed evaluation (lawful None) has no regime and no blocker"
                )
        elif self.lawful == has_blocker:
            raise ValueError("a lawful evaluation has no blocker; an unlawful one has at least one")
