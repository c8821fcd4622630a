from compliance.models.bcr import BCRKind, BCRMember, BindingCorporateRules
from compliance.models.breaches import (
    BreachIncident,
    BreachNotification,
    NotificationDeadline,
    NotificationPhase,
)
from compliance.models.entities import CorporateGroup, GroupEntity
from compliance.models.reference import Country, Membership, SupervisoryAuthority
from compliance.models.scheduler import SchedulerHeartbeat
from compliance.models.workflow import WorkflowEvent

__all__ = [
    "BCRKind",
    "BCRMember",
    "BindingCorporateRules",
    "BreachIncident",
    "BreachNotification",
    "CorporateGroup",
    "Country",
    "GroupEntity",
    "Membership",
    "NotificationDeadline",
    "NotificationPhase",
    "SchedulerHeartbeat",
    "SupervisoryAuthority",
    "WorkflowEvent",
]
