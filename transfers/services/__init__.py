"""The transfers app's writes. Every write that matters goes through one of these functions.

Keyword-only, typed, verb-first; each is atomic. Split by concept: ``transfers`` (the register
and its approval workflow), ``contracts`` (SCCs and impact assessments), ``evaluations`` (the
engine's stored results).
"""

from compliance.workflow.services import EditConflict, TransitionRefused
from transfers.services.contracts import (
    TIA_FIELDS,
    add_scc_party,
    approve_tia,
    flag_due_reassessments,
    link_scc,
    record_scc,
    record_scc_for_transfer,
    record_tia,
    save_scc,
    save_tia,
    sign_scc,
    terminate_scc,
    transition_scc,
    transition_tia,
)
from transfers.services.evaluations import (
    ReevaluationResult,
    evaluate,
    reevaluate_group,
    reevaluate_transfers,
)
from transfers.services.transfers import (
    FACT_FIELDS,
    MATERIAL_FIELDS,
    activation_date,
    approve_transfer,
    blocker_problem,
    record_external_recipient,
    request_transfer,
    save_external_recipient,
    save_processing_activity,
    transition_transfer,
    update_transfer,
)

__all__ = [
    "FACT_FIELDS",
    "MATERIAL_FIELDS",
    "TIA_FIELDS",
    "EditConflict",
    "ReevaluationResult",
    "TransitionRefused",
    "activation_date",
    "add_scc_party",
    "approve_tia",
    "approve_transfer",
    "blocker_problem",
    "evaluate",
    "flag_due_reassessments",
    "link_scc",
    "record_external_recipient",
    "record_scc",
    "record_scc_for_transfer",
    "record_tia",
    "reevaluate_group",
    "reevaluate_transfers",
    "request_transfer",
    "save_external_recipient",
    "save_processing_activity",
    "save_scc",
    "save_tia",
    "sign_scc",
    "terminate_scc",
    "transition_scc",
    "transition_tia",
    "transition_transfer",
    "update_transfer",
]
