from compliance.models.bcr import (
    BCRAnnualUpdate,
    BCRComplaint,
    BCRKind,
    BCRMember,
    BCRSubstantialChange,
    BCRTrainingRecord,
    BindingCorporateRules,
)
from compliance.models.bcr_clocks import BCRClock, BCRClockKind, BCRClockStatus
from compliance.models.bcr_procedure import (
    ApplicationState,
    Art47ChecklistItem,
    BCRApplication,
    BCRDocument,
    BCRDocumentVersion,
    BCRTimelineEvent,
    LeadAuthorityChange,
)
from compliance.models.breaches import (
    BreachIncident,
    BreachNotification,
    NotificationDeadline,
    NotificationPhase,
)
from compliance.models.entities import CorporateGroup, GroupEntity
from compliance.models.reference import Country, Membership, SupervisoryAuthority
from compliance.models.reminders import (
    CalendarToken,
    Reminder,
    ReminderDelivery,
    ReminderPolicy,
    UserNotification,
)
from compliance.models.report_jobs import ReportJob, ReportJobState
from compliance.models.scheduler import (
    OutageCause,
    SchedulerHeartbeat,
    SchedulerOutage,
    SchedulerRole,
)
from compliance.models.workflow import WorkflowEvent

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
    "BreachIncident",
    "BreachNotification",
    "CalendarToken",
    "CorporateGroup",
    "Country",
    "GroupEntity",
    "LeadAuthorityChange",
    "Membership",
    "NotificationDeadline",
    "NotificationPhase",
    "OutageCause",
    "Reminder",
    "ReminderDelivery",
    "ReminderPolicy",
    "ReportJob",
    "ReportJobState",
    "SchedulerHeartbeat",
    "SchedulerOutage",
    "SchedulerRole",
    "SupervisoryAuthority",
    "UserNotification",
    "WorkflowEvent",
]
