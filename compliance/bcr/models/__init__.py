"""The BCR programme (the rules, their members and upkeep), its approval procedure and the
procedure's stored clocks."""

from compliance.bcr.models.clocks import BCRClock, BCRClockKind, BCRClockStatus
from compliance.bcr.models.procedure import (
    ApplicationState,
    Art47ChecklistItem,
    BCRApplication,
    BCRDocument,
    BCRDocumentVersion,
    BCRTimelineEvent,
    LeadAuthorityChange,
)
from compliance.bcr.models.programme import (
    BCRAnnualUpdate,
    BCRComplaint,
    BCRKind,
    BCRMember,
    BCRSubstantialChange,
    BCRTrainingRecord,
    BindingCorporateRules,
)

__all__ = [
    "ApplicationState",
    "Art47ChecklistItem",
    "BCRAnnualUpdate",
    "BCRApplication",
    "BCRClock",
    "BCRClockKind",
    "BCRClockStatus",
    "BCRComplaint",
    "BCRDocument",
    "BCRDocumentVersion",
    "BCRKind",
    "BCRMember",
    "BCRSubstantialChange",
    "BCRTimelineEvent",
    "BCRTrainingRecord",
    "BindingCorporateRules",
    "LeadAuthorityChange",
]
