"""The reminder policies DPO Desk ships (see compliance/reminders/defaults.py for the reasons).

A frozen copy: later edits of the defaults module do not rewrite history. Existing rows (edited
in the admin) are never overwritten.
"""

from datetime import timedelta

from django.db import migrations

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

BREACH_72H = {
    "after_start": "0h",
    "lead_times": "24h, 6h, 0h",
    "notify_dpo": True,
    "escalation_interval": 6 * HOUR,
    "escalation_max": 12,
}
UNDUE_DELAY = {
    "after_start": "0h",
    "lead_times": "24h, 0h",
    "escalation_interval": DAY,
    "escalation_max": 7,
}
APPI_SHORT = {
    "after_start": "0h",
    "lead_times": "2d, 24h, 0h",
    "escalation_interval": DAY,
    "escalation_max": 10,
}
REVIEW = {
    "lead_times": "60d, 30d, 7d, 0h",
    "escalation_interval": 7 * DAY,
    "escalation_max": 8,
}

POLICIES = {
    "EU_GDPR.authority_notification": {
        "description": "GDPR Art. 33(1): 72 hours after awareness",
        **BREACH_72H,
    },
    "UK_GDPR.authority_notification": {
        "description": "UK GDPR Art. 33(1): 72 hours after awareness",
        **BREACH_72H,
    },
    "EU_GDPR.data_subject_notification": {
        "description": "GDPR Art. 34(1): without undue delay (internal target 72 h)",
        **UNDUE_DELAY,
        "internal_target": 72 * HOUR,
    },
    "UK_GDPR.data_subject_notification": {
        "description": "UK GDPR Art. 34(1): without undue delay (internal target 72 h)",
        **UNDUE_DELAY,
        "internal_target": 72 * HOUR,
    },
    "EU_GDPR.controller_notification": {
        "description": "GDPR Art. 33(2): processor informs the controller without undue delay",
        **UNDUE_DELAY,
        "lead_times": "6h, 0h",
        "internal_target": 24 * HOUR,
        "escalation_interval": 6 * HOUR,
    },
    "UK_GDPR.controller_notification": {
        "description": "UK GDPR Art. 33(2): processor informs the controller without undue delay",
        **UNDUE_DELAY,
        "lead_times": "6h, 0h",
        "internal_target": 24 * HOUR,
        "escalation_interval": 6 * HOUR,
    },
    "JP_APPI.preliminary_report": {
        "description": "APPI Art. 26, PPC Rules Art. 8(1): preliminary report by day 5",
        **APPI_SHORT,
    },
    "JP_APPI.controller_notification": {
        "description": "APPI Art. 26(1) proviso: entrusted business informs the entrusting one",
        **APPI_SHORT,
    },
    "JP_APPI.final_report": {
        "description": "APPI Art. 26, PPC Rules Art. 8(2): final report by day 30 (60)",
        "lead_times": "10d, 3d, 24h, 0h",
        "escalation_interval": DAY,
        "escalation_max": 10,
    },
    "JP_APPI.data_subject_notification": {
        "description": "APPI Art. 26(2): principals notified promptly (internal target 5 days)",
        **UNDUE_DELAY,
        "internal_target": 5 * DAY,
    },
    "bcr.annual_update": {
        "description": "BCR annual update of changes and members to the lead authority",
        **REVIEW,
        "notify_owner": False,
        "notify_dpo": True,
    },
    "transfers.tia_review": {
        "description": "Transfer impact assessment due for review",
        **REVIEW,
    },
    "transfers.scc_review": {
        "description": "Standard contractual clauses due for review",
        **REVIEW,
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


def create_policies(apps, schema_editor):
    ReminderPolicy = apps.get_model("compliance", "ReminderPolicy")
    for kind, values in POLICIES.items():
        ReminderPolicy.objects.get_or_create(kind=kind, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("compliance", "0005_reminders")]

    operations = [migrations.RunPython(create_policies, migrations.RunPython.noop)]
