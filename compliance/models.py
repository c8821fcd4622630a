"""The compliance app's models, for Django and for code that reads across features.

Each feature defines its models in its own package; this module only gathers them so that Django
finds them (app label ``compliance``: tables, content types and permissions do not depend on the
module a model lives in). Infrastructure (``reminders``, ``reports``) imports its own models
directly, never this module, so that it stays free of the features.
"""

from compliance.bcr.models import (
    ApplicationState,
    Art47ChecklistItem,
    BCRAnnualUpdate,
    BCRApplication,
    BCRClock,
    BCRClockKind,
    BCRClockStatus,
    BCRComplaint,
    BCRDocument,
    BCRDocumentVersion,
    BCRKind,
    BCRMember,
    BCRSubstantialChange,
    BCRTimelineEvent,
    BCRTrainingRecord,
    BindingCorporateRules,
    LeadAuthorityChange,
)
from compliance.breaches.models import (
    BreachIncident,
    BreachNotification,
    NotificationDeadline,
    NotificationPhase,
)
from compliance.preferences.models import UserPreference
from compliance.registry.models import (
    CorporateGroup,
    Country,
    GroupEntity,
    Membership,
    SupervisoryAuthority,
)
from compliance.reminders.heartbeat import (
    OutageCause,
    SchedulerHeartbeat,
    SchedulerOutage,
    SchedulerRole,
)
from compliance.reminders.models import (
    CalendarToken,
    Reminder,
    ReminderDelivery,
    ReminderPolicy,
    UserNotification,
)
from compliance.reports.models import ReportJob, ReportJobState
from compliance.workflow.models import WorkflowEvent

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
    "UserPreference",
    "WorkflowEvent",
]
