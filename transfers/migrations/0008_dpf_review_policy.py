"""The reminder policy of the DPF certification-end review (domain.md §8.4; see
compliance/reminders/defaults.py for the reasons). A frozen copy: later edits of the defaults do
not rewrite history; an existing row (edited in the admin) is never overwritten."""

from datetime import timedelta

from django.db import migrations

KIND = "transfer.dpf_certification_review"
POLICY = {
    "description": "DPF / UK Extension certification of a recipient ends: review",
    "lead_times": "60d, 14d",
    "notify_dpo": True,
    "escalation_interval": timedelta(days=7),
    "escalation_max": 8,
}


def create_policy(apps, schema_editor):
    ReminderPolicy = apps.get_model("compliance", "ReminderPolicy")
    ReminderPolicy.objects.get_or_create(kind=KIND, defaults=POLICY)


class Migration(migrations.Migration):

    dependencies = [
        ("compliance", "0006_reminder_policies"),
        ("transfers", "0007_transfer_v2_facts_not_assessed"),
    ]

    operations = [
        migrations.RunPython(create_policy, migrations.RunPython.noop),
    ]
