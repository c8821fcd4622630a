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
- Breach regimes beyond the EU, the UK and Japan (domain brief §8.5):
  - hour clocks of 72 hours (Korea PIPA, to the PIPC and the data subjects; NIS2 incident
    notification; the Swiss FDPIC's internal target): as the GDPR's 72 hours.
  - NIS2 early warning (24 h): at awareness, 12, 6 and 1 hours before, at expiry; every 2 hours
    once overdue.
  - China PIPL authority notification: 4 hours for a leak of 1,000,000 people or more (CAC
    Measures, from 2025-11-01), else the internal target of 24 hours. Lead times in minutes:
    at awareness, 12 h (only for the 24-hour clock: a lead time reaching before awareness is
    skipped), 3 h, 1 h and 30 minutes before, at expiry; every hour once overdue. With the
    one-minute sweep a reminder goes out at most a minute after its instant, a thirtieth of the
    shortest gap (30 minutes).
  - Brazil LGPD (3 or 6 business days, ANPD and data subjects): at awareness, 2 days, 24 h and
    6 h before, at expiry; every 6 hours once overdue.
  - Singapore PDPA (3 calendar days after the assessment): 2 days, 24 h and 6 h before, at
    expiry; the assessment (30 days, PDPC guide) and Australia's (30 days, s 26WH): 10, 3 and 1
    days before, at expiry, daily once overdue. NIS2 final report (one month after the
    notification): as the APPI final report.
  - No fixed instant ("as soon as practicable", "immediately"): an internal target, 1 hour for
    a Chinese processor telling the handler (the handler may have 4 hours), 24 hours for the
    other processors and for Chinese individuals, 72 hours for the OAIC statement and the Swiss
    data subjects, 5 days for Australian individuals (after the statement), 33 days for
    Singapore's individuals (not before the PDPC: the 30-day assessment plus its 3 days).
- ``default``: for any kind registered later without its own policy, so that a new kind of
  deadline is never silently left without reminders.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext, gettext_noop

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

_BRAZIL_DAYS: dict[str, Any] = {
    "after_start": "0h",
    "lead_times": "2d, 24h, 6h, 0h",
    "notify_dpo": True,
    "escalation_interval": 6 * HOUR,
    "escalation_max": 12,
}
_MONTH_CLOCK: dict[str, Any] = {
    "after_start": "0h",
    "lead_times": "10d, 3d, 24h, 0h",
    "notify_dpo": True,
    "escalation_interval": DAY,
    "escalation_max": 10,
}
_PROCESSOR_TELLS: dict[str, Any] = {
    **_UNDUE_DELAY,
    "lead_times": "6h, 0h",
    "internal_target": 24 * HOUR,
    "escalation_interval": 6 * HOUR,
}

# §8.5: one policy per (regime, kind) the engine can return as required.
REGIME_POLICIES: dict[str, dict[str, Any]] = {
    "KR_PIPA.authority_notification": {
        "description": gettext_noop("PIPA Art. 34(3): PIPC (or KISA) within 72 hours of awareness"),
        **_BREACH_72H,
    },
    "KR_PIPA.data_subject_notification": {
        "description": gettext_noop(
            "PIPA Art. 34(1), Decree Art. 39: data subjects within 72 hours"
        ),
        **_BREACH_72H,
    },
    "KR_PIPA.controller_notification": {
        "description": gettext_noop(
            "PIPA Art. 26: outsourcee tells the controller (internal target 24 h)"
        ),
        **_PROCESSOR_TELLS,
    },
    "SG_PDPA.assessment": {
        "description": gettext_noop(
            "PDPA s 26C(2): notifiability assessed within 30 days (PDPC guide)"
        ),
        **_MONTH_CLOCK,
    },
    "SG_PDPA.authority_notification": {
        "description": gettext_noop("PDPA s 26D(1): PDPC within 3 calendar days of the assessment"),
        "lead_times": "2d, 24h, 6h, 0h",
        "notify_dpo": True,
        "escalation_interval": 6 * HOUR,
        "escalation_max": 12,
    },
    "SG_PDPA.data_subject_notification": {
        "description": gettext_noop(
            "PDPA s 26D(2): individuals on or after the PDPC (internal target 33 days)"
        ),
        **_UNDUE_DELAY,
        "lead_times": "3d, 24h, 0h",
        "internal_target": 33 * DAY,
    },
    "SG_PDPA.controller_notification": {
        "description": gettext_noop(
            "PDPA s 26C(3)(a): data intermediary tells the organisation (24 h)"
        ),
        **_PROCESSOR_TELLS,
    },
    "BR_LGPD.authority_notification": {
        "description": gettext_noop(
            "Res. CD/ANPD 15/2024 Art. 6: ANPD within 3 business days (6 small)"
        ),
        **_BRAZIL_DAYS,
    },
    "BR_LGPD.data_subject_notification": {
        "description": gettext_noop(
            "Res. CD/ANPD 15/2024 Art. 9: data subjects within 3 business days"
        ),
        **_BRAZIL_DAYS,
    },
    "BR_LGPD.controller_notification": {
        "description": gettext_noop(
            "LGPD Art. 39, 48: operator tells the controller (internal target 24 h)"
        ),
        **_PROCESSOR_TELLS,
    },
    "CH_FADP.authority_notification": {
        "description": gettext_noop(
            "FADP Art. 24(1): FDPIC as quickly as possible (internal target 72 h)"
        ),
        **_BREACH_72H,
    },
    "CH_FADP.data_subject_notification": {
        "description": gettext_noop(
            "FADP Art. 24(4): data subjects when needed (internal target 72 h)"
        ),
        **_UNDUE_DELAY,
        "internal_target": 72 * HOUR,
    },
    "CH_FADP.controller_notification": {
        "description": gettext_noop(
            "FADP Art. 24(3): processor tells the controller (internal target 24 h)"
        ),
        **_PROCESSOR_TELLS,
    },
    "AU_NDB.assessment": {
        "description": gettext_noop(
            "Privacy Act s 26WH(2): assessment within 30 days of awareness"
        ),
        **_MONTH_CLOCK,
    },
    "AU_NDB.authority_notification": {
        "description": gettext_noop(
            "Privacy Act s 26WK: OAIC statement as soon as practicable (target 72 h)"
        ),
        **_UNDUE_DELAY,
        "notify_dpo": True,
        "internal_target": 72 * HOUR,
    },
    "AU_NDB.data_subject_notification": {
        "description": gettext_noop(
            "Privacy Act s 26WL: individuals as soon as practicable (target 5 days)"
        ),
        **_UNDUE_DELAY,
        "internal_target": 5 * DAY,
    },
    "CN_PIPL.authority_notification": {
        "description": gettext_noop(
            "PIPL Art. 57; CAC Measures: 4 hours for 1,000,000+ people (else 24 h)"
        ),
        "after_start": "0h",
        "lead_times": "12h, 3h, 1h, 30m, 0h",
        "notify_dpo": True,
        "escalation_interval": HOUR,
        "escalation_max": 24,
    },
    "CN_PIPL.data_subject_notification": {
        "description": gettext_noop(
            "PIPL Art. 57(1): individuals immediately (internal target 24 h)"
        ),
        "after_start": "0h",
        "lead_times": "6h, 1h, 0h",
        "internal_target": 24 * HOUR,
        "escalation_interval": 6 * HOUR,
        "escalation_max": 12,
    },
    "CN_PIPL.controller_notification": {
        "description": gettext_noop(
            "PIPL Art. 21, 59: entrusted party tells the handler (internal target 1 h)"
        ),
        "after_start": "0h",
        "lead_times": "30m, 0h",
        "internal_target": HOUR,
        "notify_dpo": True,
        "escalation_interval": HOUR,
        "escalation_max": 24,
    },
    "EU_NIS2.early_warning": {
        "description": gettext_noop(
            "NIS2 Art. 23(4)(a): early warning within 24 hours of awareness"
        ),
        "after_start": "0h",
        "lead_times": "12h, 6h, 1h, 0h",
        "notify_dpo": True,
        "escalation_interval": 2 * HOUR,
        "escalation_max": 12,
    },
    "EU_NIS2.incident_notification": {
        "description": gettext_noop("NIS2 Art. 23(4)(b): incident notification within 72 hours"),
        **_BREACH_72H,
    },
    "EU_NIS2.final_report": {
        "description": gettext_noop(
            "NIS2 Art. 23(4)(d): final report one month after the notification"
        ),
        **_MONTH_CLOCK,
        "after_start": "",
    },
}

DEFAULT_POLICIES: dict[str, dict[str, Any]] = {
    "EU_GDPR.authority_notification": {
        "description": gettext_noop("GDPR Art. 33(1): 72 hours after awareness"),
        **_BREACH_72H,
    },
    "UK_GDPR.authority_notification": {
        "description": gettext_noop("UK GDPR Art. 33(1): 72 hours after awareness"),
        **_BREACH_72H,
    },
    "EU_GDPR.data_subject_notification": {
        "description": gettext_noop("GDPR Art. 34(1): without undue delay (internal target 72 h)"),
        **_UNDUE_DELAY,
        "internal_target": 72 * HOUR,
    },
    "UK_GDPR.data_subject_notification": {
        "description": gettext_noop(
            "UK GDPR Art. 34(1): without undue delay (internal target 72 h)"
        ),
        **_UNDUE_DELAY,
        "internal_target": 72 * HOUR,
    },
    "EU_GDPR.controller_notification": {
        "description": gettext_noop(
            "GDPR Art. 33(2): processor informs the controller without undue delay"
        ),
        **_UNDUE_DELAY,
        "lead_times": "6h, 0h",
        "internal_target": 24 * HOUR,
        "escalation_interval": 6 * HOUR,
    },
    "UK_GDPR.controller_notification": {
        "description": gettext_noop(
            "UK GDPR Art. 33(2): processor informs the controller without undue delay"
        ),
        **_UNDUE_DELAY,
        "lead_times": "6h, 0h",
        "internal_target": 24 * HOUR,
        "escalation_interval": 6 * HOUR,
    },
    "JP_APPI.preliminary_report": {
        "description": gettext_noop(
            "APPI Art. 26, PPC Rules Art. 8(1): preliminary report by day 5"
        ),
        **_APPI_SHORT,
    },
    "JP_APPI.controller_notification": {
        "description": gettext_noop(
            "APPI Art. 26(1) proviso: entrusted business informs the entrusting one"
        ),
        **_APPI_SHORT,
    },
    "JP_APPI.final_report": {
        "description": gettext_noop(
            "APPI Art. 26, PPC Rules Art. 8(2): final report by day 30 (60)"
        ),
        "lead_times": "10d, 3d, 24h, 0h",
        "escalation_interval": DAY,
        "escalation_max": 10,
    },
    "JP_APPI.data_subject_notification": {
        "description": gettext_noop(
            "APPI Art. 26(2): principals notified promptly (internal target 5 days)"
        ),
        **_UNDUE_DELAY,
        "internal_target": 5 * DAY,
    },
    "bcr.annual_update": {
        "description": gettext_noop(
            "BCR annual update of changes and members to the lead authority"
        ),
        **_REVIEW,
        "notify_owner": False,
        "notify_dpo": True,
    },
    "bcr.edpb_opinion": {
        "description": gettext_noop(
            "GDPR Art. 64(3): EDPB opinion within 8 weeks of a complete file (+6)"
        ),
        **_AUTHORITY_CLOCK,
    },
    "bcr.lead_response": {
        "description": gettext_noop(
            "GDPR Art. 64(7): lead authority answers the EDPB within 2 weeks"
        ),
        **_AUTHORITY_CLOCK,
    },
    "bcr.art65_decision": {
        "description": gettext_noop("GDPR Art. 65(2): EDPB binding decision within 1 month (+1)"),
        **_AUTHORITY_CLOCK,
    },
    "bcr.art65_majority_decision": {
        "description": gettext_noop(
            "GDPR Art. 65(3): EDPB decision by simple majority within 2 weeks"
        ),
        **_AUTHORITY_CLOCK,
    },
    "bcr.lead_final_decision": {
        "description": gettext_noop(
            "GDPR Art. 65(6): lead authority's final decision within 1 month"
        ),
        **_AUTHORITY_CLOCK,
    },
    "bcr.substantial_change_report": {
        "description": gettext_noop(
            "BCR substantial change reported promptly to the lead (internal target)"
        ),
        "after_start": "0h",
        "lead_times": "7d, 2d, 0h",
        "notify_owner": False,
        "notify_dpo": True,
        "escalation_interval": 2 * DAY,
        "escalation_max": 10,
    },
    "transfers.tia_review": {
        "description": gettext_noop("Transfer impact assessment due for review"),
        **_REVIEW,
    },
    "transfers.scc_review": {
        "description": gettext_noop("Standard contractual clauses due for review"),
        **_REVIEW,
        "lead_times": "90d, 30d, 7d, 0h",
    },
    **REGIME_POLICIES,
    "default": {
        "description": gettext_noop("Any kind of deadline without its own policy"),
        "lead_times": "7d, 24h, 0h",
        "internal_target": 72 * HOUR,
        "notify_dpo": True,
        "escalation_interval": DAY,
        "escalation_max": 10,
    },
}


def policy_description(kind: str, stored: str) -> str:
    """A policy's description in the reader's language where it is still the English text
    DPO Desk seeded for its kind (translated from that text, which is its msgid); a description
    the office wrote or edited is its own wording and is shown as written."""
    seeded = DEFAULT_POLICIES.get(kind, {}).get("description")
    if stored and stored == seeded:
        return gettext(stored)
    return stored


def ensure_default_policies() -> int:
    """Create the shipped policies that do not exist (never overwrites an edited one)."""
    from compliance.reminders.models import ReminderPolicy

    created = 0
    for kind, values in DEFAULT_POLICIES.items():
        _, was_created = ReminderPolicy.objects.get_or_create(kind=kind, defaults=values)
        created += was_created
    return created
