"""Checks that need more than one record: does a contract fit a transfer, may a party accede.

Used by the services (which refuse the write) and by the admin forms (which show the message on
the field); each message says what is wrong and what to do.
"""

from __future__ import annotations

from datetime import date

from transfers.choices import PartySide, SCCVersion
from transfers.models import MODULE_ROLES, DataTransfer, SCCContract

_SCC_2021 = "Implementing Decision (EU) 2021/914"


def _roles(exporter_role: str, importer_role: str) -> str:
    return f"{exporter_role} to {importer_role}"


def module_problem(contract: SCCContract, exporter_role: str, importer_role: str) -> str | None:
    """The contract's module against the transfer's roles (2021: 1 C→C, 2 C→P, 3 P→P, 4 P→C).

    The 2010 SCCs had no modules: their set follows from the roles (C→C 2001/497/EC and
    2004/915/EC, C→P 2010/87/EU), and there was none for P→P or P→C (domain.md §8.3).
    """
    if contract.scc_version == SCCVersion.UK_IDTA:
        return None  # the IDTA covers every combination of roles
    roles = (exporter_role, importer_role)
    expected = next(m for m, r in MODULE_ROLES.items() if r == roles)
    if contract.scc_version == SCCVersion.V2010 and expected > 2:
        return (
            f"{contract.reference}: the 2010 SCCs have no set for a {_roles(*roles)} transfer "
            f"(only controller to controller and controller to processor); use the 2021 SCCs, "
            f"module {expected}."
        )
    if contract.module is None or contract.module == expected:
        return None
    return (
        f"{contract.reference} is module {contract.module} "
        f"({_roles(*MODULE_ROLES[contract.module])}), which contradicts the transfer's roles "
        f"({_roles(*roles)}): that transfer needs module {expected} ({_SCC_2021}, Annex)."
    )


def scc_link_problems(contract: SCCContract, transfer: DataTransfer) -> list[str]:
    """Why ``contract`` cannot cover ``transfer``: module against roles, parties missing."""
    problems = []
    module = module_problem(contract, transfer.exporter_role, transfer.importer_role)
    if module:
        problems.append(module)
    parties = list(contract.parties.all())
    exporter_is_party = any(
        p.side == PartySide.EXPORTER and p.entity_id == transfer.exporter_id for p in parties
    )
    if not exporter_is_party:
        problems.append(
            f"{transfer.exporter} is not a data exporter party to {contract.reference}: add it "
            "as a party (or let it accede under the docking clause)."
        )
    importer_is_party = any(
        p.side == PartySide.IMPORTER
        and (
            (transfer.importer_id is not None and p.entity_id == transfer.importer_id)
            or (
                transfer.external_recipient_id is not None
                and p.external_recipient_id == transfer.external_recipient_id
            )
        )
        for p in parties
    )
    if not importer_is_party:
        problems.append(
            f"{transfer.recipient} is not a data importer party to {contract.reference}: add it "
            "as a party (or let it accede under the docking clause)."
        )
    return problems


def accession_problem(contract: SCCContract, acceded_on: date | None) -> str | None:
    """A party added after signature accedes under the docking clause (2021 SCCs, Clause 7)."""
    if contract.signed_on is None:
        if acceded_on is not None:
            return (
                "The contract is not signed yet: parties named now sign it; an accession date "
                "is only for a party joining a signed contract."
            )
        return None
    if not contract.docking_clause:
        return (
            f"{contract.reference} is signed and has no docking clause (Clause 7): a new party "
            "needs a new contract."
        )
    if acceded_on is None:
        return f"{contract.reference} is signed: give the date the new party accedes (Clause 7)."
    if acceded_on < contract.signed_on:
        return (
            f"An accession ({acceded_on}) cannot precede the signature of the contract "
            f"({contract.signed_on})."
        )
    if contract.terminated_on is not None and acceded_on >= contract.terminated_on:
        return f"{contract.reference} ended on {contract.terminated_on}: nothing to accede to."
    return None
