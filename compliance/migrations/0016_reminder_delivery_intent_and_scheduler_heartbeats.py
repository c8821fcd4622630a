"""Reminder deliveries recorded before they are sent (intent, retries, Message-ID); one
heartbeat row per beat and per worker; scheduler outages."""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def forget_ambiguous_heartbeats(apps, schema_editor):
    # The single row "beat" was written by whichever worker ran the heartbeat task: it told a
    # dead beat from a dead worker apart no more than two beats from one. The new rows are
    # written by each process itself within a sweep interval of the upgrade.
    apps.get_model("compliance", "SchedulerHeartbeat").objects.all().delete()


def date_past_deliveries(apps, schema_editor):
    Delivery = apps.get_model("compliance", "ReminderDelivery")
    Delivery.objects.filter(sent_at__isnull=False).update(recorded_at=models.F("sent_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0015_versions_everywhere'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(forget_ambiguous_heartbeats, migrations.RunPython.noop),
        migrations.CreateModel(
            name='SchedulerOutage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope', models.CharField(default='reminders', editable=False, max_length=20)),
                ('since', models.DateTimeField(blank=True, null=True, verbose_name='no sweep since')),
                ('noticed_at', models.DateTimeField(verbose_name='noticed at')),
                ('cause', models.CharField(choices=[('beat', 'the scheduler (beat) is down'), ('worker', 'no worker is running the sweeps')], max_length=10, verbose_name='cause')),
                ('alerted_at', models.DateTimeField(blank=True, null=True, verbose_name='DPO group e-mailed at')),
                ('alert_error', models.TextField(blank=True, verbose_name='why the e-mail failed')),
                ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='ended at')),
            ],
            options={
                'verbose_name': 'scheduler outage',
                'verbose_name_plural': 'scheduler outages',
                'ordering': ['-noticed_at', '-pk'],
            },
        ),
        migrations.AlterModelOptions(
            name='reminderdelivery',
            options={'ordering': ['-recorded_at', '-pk'], 'verbose_name': 'reminder delivery', 'verbose_name_plural': 'reminder delivery log'},
        ),
        migrations.AlterModelOptions(
            name='schedulerheartbeat',
            options={'ordering': ['role', 'name'], 'verbose_name': 'scheduler heartbeat', 'verbose_name_plural': 'scheduler heartbeats'},
        ),
        migrations.AddField(
            model_name='reminderdelivery',
            name='attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='attempts'),
        ),
        migrations.AddField(
            model_name='reminderdelivery',
            name='claim_token',
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name='reminderdelivery',
            name='claimed_until',
            field=models.DateTimeField(blank=True, null=True, verbose_name='claimed until'),
        ),
        migrations.AddField(
            model_name='reminderdelivery',
            name='escalated_at',
            field=models.DateTimeField(blank=True, help_text='of a failed delivery', null=True, verbose_name='DPO group told at'),
        ),
        migrations.AddField(
            model_name='reminderdelivery',
            name='message_id',
            field=models.CharField(blank=True, max_length=200, verbose_name='Message-ID'),
        ),
        migrations.AddField(
            model_name='reminderdelivery',
            name='subject',
            field=models.CharField(blank=True, editable=False, max_length=300, verbose_name='subject'),
        ),
        migrations.AddField(
            model_name='reminderdelivery',
            name='body',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='reminderdelivery',
            name='html',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='reminderdelivery',
            name='next_attempt_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='next attempt at'),
        ),
        migrations.AddField(
            model_name='reminderdelivery',
            name='recorded_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at'),
        ),
        migrations.AddField(
            model_name='schedulerheartbeat',
            name='last_sweep_at',
            field=models.DateTimeField(blank=True, help_text='workers only', null=True, verbose_name='last reminder sweep at'),
        ),
        migrations.AddField(
            model_name='schedulerheartbeat',
            name='role',
            field=models.CharField(choices=[('beat', 'beat (schedules the sweeps)'), ('worker', 'worker (runs the sweeps)')], default='worker', max_length=10, verbose_name='role'),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='reminderdelivery',
            name='sent_at',
            field=models.DateTimeField(blank=True, help_text='when it was sent, or given up', null=True, verbose_name='at'),
        ),
        migrations.AlterField(
            model_name='reminderdelivery',
            name='status',
            field=models.CharField(choices=[('pending', 'to be sent'), ('sent', 'sent'), ('failed', 'failed')], max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='schedulerheartbeat',
            name='last_run_at',
            field=models.DateTimeField(verbose_name='last seen at'),
        ),
        migrations.AlterField(
            model_name='schedulerheartbeat',
            name='name',
            field=models.CharField(max_length=200, verbose_name='name'),
        ),
        migrations.AddIndex(
            model_name='reminderdelivery',
            index=models.Index(condition=models.Q(('status', 'pending')), fields=['next_attempt_at'], name='delivery_mail_due'),
        ),
        migrations.AddConstraint(
            model_name='schedulerheartbeat',
            constraint=models.UniqueConstraint(fields=('role', 'name'), name='heartbeat_one_per_process'),
        ),
        migrations.AddConstraint(
            model_name='scheduleroutage',
            constraint=models.UniqueConstraint(condition=models.Q(('ended_at__isnull', True)), fields=('scope',), name='one_open_outage'),
        ),
        migrations.RunPython(date_past_deliveries, migrations.RunPython.noop),
    ]
