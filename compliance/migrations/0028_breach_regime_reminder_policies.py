# The reminder policies of the breach regimes beyond the EU, the UK and Japan (domain brief §8.5;
# see compliance/reminders/defaults.py for the reasons, lead times in minutes for the 4-hour CAC
# clock). A frozen copy: later edits of the defaults do not rewrite history; existing rows (edited
# in the admin) are never overwritten.

from datetime import timedelta

from django.db import migrations

POLICIES = {
    "KR_PIPA.authority_notification": {
        "description": "PIPA Art. 34(3): PIPC (or KISA) within 72 hours of awareness",
        "after_start": "0h",
        "lead_times": "24h, 6h, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 12,
    },
    "KR_PIPA.data_subject_notification": {
        "description": "PIPA Art. 34(1), Decree Art. 39: data subjects within 72 hours",
        "after_start": "0h",
        "lead_times": "24h, 6h, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 12,
    },
    "KR_PIPA.controller_notification": {
        "description": "PIPA Art. 26: outsourcee tells the controller (internal target 24 h)",
        "after_start": "0h",
        "lead_times": "6h, 0h",
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 7,
        "internal_target": timedelta(days=1),
    },
    "SG_PDPA.assessment": {
        "description": "PDPA s 26C(2): notifiability assessed within 30 days (PDPC guide)",
        "after_start": "0h",
        "lead_times": "10d, 3d, 24h, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(days=1),
        "escalation_max": 10,
    },
    "SG_PDPA.authority_notification": {
        "description": "PDPA s 26D(1): PDPC within 3 calendar days of the assessment",
        "lead_times": "2d, 24h, 6h, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 12,
    },
    "SG_PDPA.data_subject_notification": {
        "description": "PDPA s 26D(2): individuals on or after the PDPC (internal target 33 days)",
        "after_start": "0h",
        "lead_times": "3d, 24h, 0h",
        "escalation_interval": timedelta(days=1),
        "escalation_max": 7,
        "internal_target": timedelta(days=33),
    },
    "SG_PDPA.controller_notification": {
        "description": "PDPA s 26C(3)(a): data intermediary tells the organisation (24 h)",
        "after_start": "0h",
        "lead_times": "6h, 0h",
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 7,
        "internal_target": timedelta(days=1),
    },
    "BR_LGPD.authority_notification": {
        "description": "Res. CD/ANPD 15/2024 Art. 6: ANPD within 3 business days (6 small)",
        "after_start": "0h",
        "lead_times": "2d, 24h, 6h, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 12,
    },
    "BR_LGPD.data_subject_notification": {
        "description": "Res. CD/ANPD 15/2024 Art. 9: data subjects within 3 business days",
        "after_start": "0h",
        "lead_times": "2d, 24h, 6h, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 12,
    },
    "BR_LGPD.controller_notification": {
        "description": "LGPD Art. 39, 48: operator tells the controller (internal target 24 h)",
        "after_start": "0h",
        "lead_times": "6h, 0h",
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 7,
        "internal_target": timedelta(days=1),
    },
    "CH_FADP.authority_notification": {
        "description": "FADP Art. 24(1): FDPIC as quickly as possible (internal target 72 h)",
        "after_start": "0h",
        "lead_times": "24h, 6h, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 12,
    },
    "CH_FADP.data_subject_notification": {
        "description": "FADP Art. 24(4): data subjects when needed (internal target 72 h)",
        "after_start": "0h",
        "lead_times": "24h, 0h",
        "escalation_interval": timedelta(days=1),
        "escalation_max": 7,
        "internal_target": timedelta(days=3),
    },
    "CH_FADP.controller_notification": {
        "description": "FADP Art. 24(3): processor tells the controller (internal target 24 h)",
        "after_start": "0h",
        "lead_times": "6h, 0h",
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 7,
        "internal_target": timedelta(days=1),
    },
    "AU_NDB.assessment": {
        "description": "Privacy Act s 26WH(2): assessment within 30 days of awareness",
        "after_start": "0h",
        "lead_times": "10d, 3d, 24h, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(days=1),
        "escalation_max": 10,
    },
    "AU_NDB.authority_notification": {
        "description": "Privacy Act s 26WK: OAIC statement as soon as practicable (target 72 h)",
        "after_start": "0h",
        "lead_times": "24h, 0h",
        "escalation_interval": timedelta(days=1),
        "escalation_max": 7,
        "notify_dpo": True,
        "internal_target": timedelta(days=3),
    },
    "AU_NDB.data_subject_notification": {
        "description": "Privacy Act s 26WL: individuals as soon as practicable (target 5 days)",
        "after_start": "0h",
        "lead_times": "24h, 0h",
        "escalation_interval": timedelta(days=1),
        "escalation_max": 7,
        "internal_target": timedelta(days=5),
    },
    "CN_PIPL.authority_notification": {
        "description": "PIPL Art. 57; CAC Measures: 4 hours for 1,000,000+ people (else 24 h)",
        "after_start": "0h",
        "lead_times": "12h, 3h, 1h, 30m, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(seconds=3600),
        "escalation_max": 24,
    },
    "CN_PIPL.data_subject_notification": {
        "description": "PIPL Art. 57(1): individuals immediately (internal target 24 h)",
        "after_start": "0h",
        "lead_times": "6h, 1h, 0h",
        "internal_target": timedelta(days=1),
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 12,
    },
    "CN_PIPL.controller_notification": {
        "description": "PIPL Art. 21, 59: entrusted party tells the handler (internal target 1 h)",
        "after_start": "0h",
        "lead_times": "30m, 0h",
        "internal_target": timedelta(seconds=3600),
        "notify_dpo": True,
        "escalation_interval": timedelta(seconds=3600),
        "escalation_max": 24,
    },
    "EU_NIS2.early_warning": {
        "description": "NIS2 Art. 23(4)(a): early warning within 24 hours of awareness",
        "after_start": "0h",
        "lead_times": "12h, 6h, 1h, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(seconds=7200),
        "escalation_max": 12,
    },
    "EU_NIS2.incident_notification": {
        "description": "NIS2 Art. 23(4)(b): incident notification within 72 hours",
        "after_start": "0h",
        "lead_times": "24h, 6h, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(seconds=21600),
        "escalation_max": 12,
    },
    "EU_NIS2.final_report": {
        "description": "NIS2 Art. 23(4)(d): final report one month after the notification",
        "after_start": "",
        "lead_times": "10d, 3d, 24h, 0h",
        "notify_dpo": True,
        "escalation_interval": timedelta(days=1),
        "escalation_max": 10,
    },
}


def create_policies(apps, schema_editor):
    ReminderPolicy = apps.get_model("compliance", "ReminderPolicy")
    for kind, values in POLICIES.items():
        ReminderPolicy.objects.get_or_create(kind=kind, defaults=values)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0027_dpo_contacts"),
    ]

    operations = [migrations.RunPython(create_policies, migrations.RunPython.noop)]
