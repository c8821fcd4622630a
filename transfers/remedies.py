"""What would make an unlawful transfer lawful: the engine's blockers turned into the next step.

A refusal that only says "no mechanism" leaves the DPO to work out the tool; the remedy names it,
with the SCC module the parties' roles call for (Implementing Decision (EU) 2021/914, Modules 1-4)
and the assessment the clauses require (Clause 14).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from transfers.rules import vocabulary as v
from transfers.selectors import module_for


def remedy(
    *,
    codes: Iterable[str],
    regime: str | None,
    exporter_role: str,
    importer_role: str,
    importer: str,
) -> str:
    """One sentence for the blockers ``codes`` of a transfer to ``importer`` ("" if none helps)."""
    blockers = set(codes)
    module = module_for(exporter_role, importer_role)
    params = {"module": module, "importer": importer}
    if v.SCC_MODULE_MISMATCH in blockers:
        step = (
            _(
                "add a Module %(module)d SCC with %(importer)s, the module the parties' roles call "
                "for (Implementing Decision (EU) 2021/914)"
            )
            % params
        )
    elif v.TIA_MISSING in blockers:
        step = _(
            "record and approve a transfer impact assessment for it (SCC Clause 14, EDPB "
            "Recommendations 01/2020)"
        )
    elif v.NO_MECHANISM not in blockers:
        return ""
    elif regime == "JP_APPI":
        step = (
            _(
                "record the principals' consent, or a contract with %(importer)s meeting PPC "
                "Rule 16 (APPI Art. 28(1))"
            )
            % params
        )
    elif regime == "UK_GDPR":
        step = (
            _(
                "add a UK IDTA, or the UK Addendum to a Module %(module)d SCC, with %(importer)s "
                "and an approved transfer impact assessment (UK GDPR Art. 46(2)(d))"
            )
            % params
        )
    else:
        step = (
            _(
                "add a Module %(module)d SCC with %(importer)s and an approved transfer impact "
                "assessment (GDPR Art. 46(2)(c), SCC Clause 14)"
            )
            % params
        )
    return _("To make it lawful: %(step)s.") % {"step": step}


def remedy_for(transfer: object, findings: Iterable[dict[str, str]], regime: str | None) -> str:
    """``remedy`` for a stored evaluation's findings of ``transfer``."""
    return remedy(
        codes=[f["code"] for f in findings if f.get("severity") == "blocker"],
        regime=regime,
        exporter_role=transfer.exporter_role,  # type: ignore[attr-defined]
        importer_role=transfer.importer_role,  # type: ignore[attr-defined]
        importer=str(transfer.recipient),  # type: ignore[attr-defined]
    )
