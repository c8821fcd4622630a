"""The transfer engine's vocabulary: ``TransferFacts``, finding codes, ``Finding``, ``Evaluation``.

Part of the public contract of ``transfers.rules.mechanisms`` (domain.md §7), which re-exports every
name here; kept apart so that the engine module stays about the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

__all__ = [
    "ADEQUACY",
    "BCR",
    "BCR_NOT_YET_APPROVED",
    "CBPR_NOT_FOR_EU_ORIGIN",
    "CONSENT",
    "DEROGATION",
    "DEROGATIONS",
    "DEROGATION_OCCASIONAL_ONLY",
    "DESIGNATED_COUNTRY",
    "EQUIVALENT_MEASURES",
    "EU_SCC_WITHOUT_UK_ADDENDUM",
    "FINDING_CODES",
    "IMPORTER_NOT_CERTIFIED",
    "NOT_A_TRANSFER",
    "NO_MECHANISM",
    "OUT_OF_SCOPE",
    "ROLES",
    "SCC",
    "SCC_2010_AFTER_REPEAL",
    "SCC_2010_EXPIRED",
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
SCC_MODULE_MISMATCH = "scc_module_mismatch"
SCC_SIGNED_BEFORE_2021_SCC = "scc_signed_before_2021_scc"
SCC_2010_AFTER_REPEAL = "scc_2010_after_repeal"
SCC_2010_EXPIRED = "scc_2010_expired"
UK_TOOL_FOR_EU_EXPORT = "uk_tool_for_eu_export"
TIA_MISSING = "tia_missing"
EU_SCC_WITHOUT_UK_ADDENDUM = "eu_scc_without_uk_addendum"
UK_TOOL_BEFORE_2022_03_21 = "uk_tool_before_2022_03_21"
UK_SCC_2010_AFTER_CUTOFF = "uk_scc_2010_after_cutoff"
UK_SCC_2010_EXPIRED = "uk_scc_2010_expired"
CBPR_NOT_FOR_EU_ORIGIN = "cbpr_not_for_eu_origin"
# Fixed severity: info for tools not yet in place and for out-of-scope, warning for derogations,
# blocker for the conclusion that nothing succeeded.
BCR_NOT_YET_APPROVED = "bcr_not_yet_approved"
SCC_NOT_YET_SIGNED = "scc_not_yet_signed"
DEROGATION_OCCASIONAL_ONLY = "derogation_occasional_only"
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
    SCC_MODULE_MISMATCH,
    SCC_SIGNED_BEFORE_2021_SCC,
    SCC_2010_AFTER_REPEAL,
    SCC_2010_EXPIRED,
    UK_TOOL_FOR_EU_EXPORT,
    TIA_MISSING,
    EU_SCC_WITHOUT_UK_ADDENDUM,
    UK_TOOL_BEFORE_2022_03_21,
    UK_SCC_2010_AFTER_CUTOFF,
    UK_SCC_2010_EXPIRED,
    CBPR_NOT_FOR_EU_ORIGIN,
    BCR_NOT_YET_APPROVED,
    SCC_NOT_YET_SIGNED,
    DEROGATION_OCCASIONAL_ONLY,
    NO_MECHANISM,
    OUT_OF_SCOPE,
)


ROLES = ("controller", "processor")
SCC_VERSIONS = ("2010", "2021", "uk_addendum", "uk_idta")
# The Art. 49(1) derogations; UK GDPR Art. 49(1) has the same points.
DEROGATIONS = (
    *(f"49(1)({point})" for point in "abcdefg"),
    "49(1) second subparagraph",
)

_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferFacts:
    """What is known about one transfer on the date ``on`` (domain.md §7)."""

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

    def __post_init__(self) -> None:
        for name in ("on", "bcr_approved_on", "scc_signed_on"):
            value = getattr(self, name)
            # A datetime is a date too, but comparing it with a date raises later: refuse it now.
            if (value is not None or name == "on") and (
                not isinstance(value, date) or isinstance(value, datetime)
            ):
                raise ValueError(f"{name} must be a date, not {value!r}")
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
        self._check_scc()

    def _check_scc(self) -> None:
        version, module = self.scc_version, self.scc_module
        if version is not None and version not in SCC_VERSIONS:
            raise ValueError(f"scc_version must be one of {SCC_VERSIONS} or None, not {version!r}")
        if module is not None and (type(module) is not int or not 1 <= module <= 4):
            raise ValueError(f"scc_module must be 1, 2, 3, 4 or None, not {module!r}")
        if module is not None and version is None:
            raise ValueError("scc_module given without scc_version")
        if version in ("2010", "2021") and module is None:
            raise ValueError(f"scc_version {version!r} needs scc_module (1-4)")
        if version == "uk_idta" and module is not None:
            raise ValueError("the IDTA has no modules: leave scc_module None with 'uk_idta'")
        if (version is None) != (self.scc_signed_on is None):
            raise ValueError("scc_version and scc_signed_on go together: give both or neither")


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    basis: str


@dataclass(frozen=True, slots=True)
class Evaluation:
    lawful: bool
    regime: Regime | None
    mechanism: Mechanism | None
    findings: tuple[Finding, ...]

    def __post_init__(self) -> None:
        # The contract's invariant, checked here so that no rule can break it silently.
        has_blocker = any(f.severity == "blocker" for f in self.findings)
        if self.lawful == has_blocker:
            raise ValueError("a lawful evaluation has no blocker; an unlawful one has at least one")
