from transfers.models.assessments import TransferImpactAssessment
from transfers.models.contracts import MODULE_ROLES, SCCContract, SCCParty
from transfers.models.parties import ExternalRecipient, ProcessingActivity
from transfers.models.reference import AdequacyDecision
from transfers.models.transfers import DataTransfer, EvaluationResult, TransferEvaluation

__all__ = [
    "MODULE_ROLES",
    "AdequacyDecision",
    "DataTransfer",
    "EvaluationResult",
    "ExternalRecipient",
    "ProcessingActivity",
    "SCCContract",
    "SCCParty",
    "TransferEvaluation",
    "TransferImpactAssessment",
]
