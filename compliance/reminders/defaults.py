"""The reminder policies DPO Desk ships (copied into the data migration, editable in the admin).

Why these values:
- GDPR / UK GDPR authority notification (Art. 33(1), 72 h after awareness): at awareness, 24 h
  and 6 h before, and at expiry; the DPO group from the start (the office usually notifies);
  every 6 hours once overdue, because each hour of delay must be justified (33(1), 2nd sentence).
- "Without undue delay" obligations (data subjects, Art. 34; processor → controller, Art. 33(2);
  APPI principals) get an internal target: 24 h for a processor telling its controller (the
  controller's own 72 h depend on it), 72 h for data subjects, 5 days for APPI principals (in
  step with the preliminary report).
- APPI preliminary report ("promptly", about 3–5 days) and controller notification: at
  awareness, 2 days and 1 day before, at expiry. Final report (30/60 days): 10, 3 and 1 days
  before (issue 6), at expiry; daily repeats once overdue.
- BCR annual update to the lead authority: 60, 30 and 7 days before; TIA and SCC reviews: 60 or
  90, 30 and 7 days before; weekly repeats once overdue.
- BCR procedure clocks the authorities must meet (EDPB opinion, Art. 64(3); lead authority's
  answer, Art. 64(7); EDPB binding decision, Art. 65(2), by majority, 65(3); lead authority's
  final decision, 65(6)): 14 and 7 days before and on the last day, to the DPO group only (the
  office deals with the authorities, not the entities); weekly repeats once overdue, because a
  late authority is chased, not waited for.
- BCR substantial change reported "promptly" to the BCR Lead (an internal target of 10 working
  days): when recorded, 7 and 2 days before and on the last day; repeats every 2 days after.
- ``default``: for any kind registered later without its own policy, so that a new kind of
  deadline is never silently left without reminders.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

_BREACH_72H: dict[str, Any] = {
    "after_start": "0h",
    "lead_times": "24h, 6h, 0h",
    "notify_dpo": True,
    "escalation_interval": 6 * HOUR,
    "escalation_max": 12,
}
_UNDUE_DELAY: dict[str, Any] = {
    "after_start": "0h",
    "lead_times": "24h, 0h",
    "escalation_interval": DAY,
    "escalation_max": 7,
}
_APPI_SHORT: dict[str, Any] = {
    "after_start": "0h",
    "lead_times": "2d, 24h, 0h",
    "escalation_interval": DAY,
    "escalation_max": 10,
}
_REVIEW: dict[str, Any] = {
    "lead_times": "60d, 30d, 7d, 0h",
    "escalation_interval": 7 * DAY,
    "escalation_max": 8,
}
_AUTHORITY_CLOCK: dict[str, Any] = {
    "lead_times": "14d, 7d, 0h",
    "notify_owner": False,
    "notify_coordinators": False,
    "notify_dpo": True,
    "escalation_interval": 7 * DAY,
    "escalation_max": 8,
    "escalate_to_owner": False,
    "escalate_to_coordinators": False,
}

DEFAULT_POLICIES: dict[str, dict[str, Any]] = {
    "EU_GDPR.authority_notification": {
        "description": "GDPR Art. 33(1): 72 hours after awareness",
        **_BREACH_72H,
    },
    "UK_GDPR.authority_notification": {
        "description": "UK GDPR Art. 33(1): 72 hours after awareness",
        **_BREACH_72H,
    },
    "EU_GDPR.data_subject_notification": {
        "description": "GDPR Art. 34(1): without undue delay (internal target 72 h)",
        **_UNDUE_DELAY,
        "internal_target": 72 * HOUR,
    },
    "UK_GDPR.data_subject_notification": {
        "description": "UK GDPR Art. 34(1): without undue delay (internal target 72 h)",
        **_UNDUE_DELAY,
        "internal_target": 72 * HOUR,
    },
    "EU_GDPR.controller_notification": {
        "description": "GDPR Art. 33(2): processor informs the controller without undue delay",
        **_UNDUE_DELAY,
        "lead_times": "6h, 0h",
        "internal_target": 24 * HOUR,
        "escalation_interval": 6 * HOUR,
    },
    "UK_GDPR.controller_notification": {
        "description": "UK GDPR Art. 33(2): processor informs the controller without undue delay",
        **_UNDUE_DELAY,
        "lead_times": "6h, 0h",
        "internal_target": 24 * HOUR,
        "escalation_interval": 6 * HOUR,
    },
    "JP_APPI.preliminary_report": {
        "description": "APPI Art. 26, PPC Rules Art. 8(1): preliminary report by day 5",
        **_APPI_SHORT,
    },
    "JP_APPI.controller_notification": {
        "description": "APPI Art. 26(1) proviso: entrusted business informs the entrusting one",
        **_APPI_SHORT,
    },
    "JP_APPI.final_report": {
        "description": "APPI Art. 26, PPC Rules Art. 8(2): final report by day 30 (60)",
        "lead_times": "10d, 3d, 24h, 0h",
        "escalation_interval": DAY,
        "escalation_max": 10,
    },
    "JP_APPI.data_subject_notification": {
        "description": "APPI Art. 26(2): principals notified promptly (internal target 5 days)",
        **_UNDUE_DELAY,
        "internal_target": 5 * DAY,
    },
    "bcr.annual_update": {
        "description": "BCR annual update of changes and members to the lead authority",
        **_REVIEW,
        "notify_owner": False,
        "notify_dpo": True,
    },
    "bcr.edpb_opinion": {
        "description": "GDPR Art. 64(3): EDPB opinion within 8 weeks of a complete file (+6)",
        **_AUTHORITY_CLOCK,
    },
    "bcr.lead_response": {
        "description": "GDPR Art. 64(7): lead authority answers the EDPB within 2 weeks",
        **_AUTHORITY_CLOCK,
    },
    "bcr.art65_decision": {
        "description": "GDPR Art. 65(2): EDPB binding decision within 1 month (+1)",
        **_AUTHORITY_CLOCK,
    },
    "bcr.art65_majority_decision": {
        "description": "GDPR Art. 65(3): EDPB decision by simple majority within 2 weeks",
        **_AUTHORITY_CLOCK,
    },
    "bcr.lead_final_decision": {
        "description": "GDPR Art. 65(6): lead authority's final decision within 1 month",
        **_AUTHORITY_CLOCK,
    },
    "bcr.substantial_change_report": {
        "description": "BCR substantial change reported promptly to the lead (internal target)",
        "after_start": "0h",
        "lead_times": "7d, 2d, 0h",
        "notify_owner": False,
        "notify_dpo": True,
        "escalation_interval": 2 * DAY,
        "escalation_max": 10,
    },
    "transfers.tia_review": {
        "description": "Transfer impact assessment due for review",
        **_REVIEW,
    },
    "transfers.scc_review": {
        "description": "Standard contractual clauses due for review",
        **_REVIEW,
        "lead_times": "90d, 30d, 7d, 0h",
    },
    "default": {
        "description": "Any kind of deadline without its own policy",
        "lead_times": "7d, 24h, 0h",
        "internal_target": 72 * HOUR,
        "notify_dpo": True,
        "escalation_interval": DAY,
        "escalation_max": 10,
    },
}


def ensure_default_policies() -> int:
    """Create the shipped policies that do not exist (never overwrites an edited one)."""
    from compliance.reminders.models import ReminderPolicy

    created = 0
    for kind, values in DEFAULT_POLICIES.items():
        _, was_created = ReminderPolicy.objects.get_or_create(kind=kind, defaults=values)
        created += was_created
    return created
