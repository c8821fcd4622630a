"""Scale reminders: pending reminder rows on a scale group's open breach deadlines (bulk).

Each row is one threshold of one deadline as its policy plans it (kind, threshold key, label,
audience, target), built with the same ``Schedule`` and ``reminder_values`` as
``sync_reminders`` but inserted in bulk: syncing 40,000 deadlines one by one takes minutes.
Thresholds are handed out round-robin (every deadline's first threshold, then every second
one...) so the rows spread over all deadlines as they do in a live system. Each deadline's list
ends with its policy's overdue repeats, reached only when the rows asked for outnumber the other
thresholds (a live system has one pending repeat per overdue deadline at a time: the sweep
creates the next as it sends one).

The send times are synthetic. The scale breaches are historic (2022 to now), so every real
threshold is past; a live system would long have sent them. Here the rows are pending and spread
over the next 400 days, none due: a benchmark makes the share it wants due.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from compliance.breaches.models import NotificationDeadline
from compliance.registry.models import CorporateGroup
from compliance.reminders.models import Reminder, ReminderPolicy
from compliance.reminders.registry import source_for
from compliance.reminders.schedule import Schedule, Threshold, policy_for
from compliance.reminders.sync import reminder_values

SPREAD_MINUTES = 400 * 24 * 60


def seed_scale_reminders(group: CorporateGroup, options: dict[str, Any]) -> None:
    """``options["reminders"]`` pending reminder rows on the group's open breach deadlines
    (fewer if the deadlines' policies plan fewer thresholds in all)."""
    count = int(options.get("reminders") or 0)
    source = source_for(NotificationDeadline)
    content_type = ContentType.objects.get_for_model(NotificationDeadline)
    live = source.live().filter(incident__entity__group=group)
    existing = Reminder.objects.filter(
        content_type=content_type, object_id__in=live.values("pk")
    ).count()
    if count <= existing:
        return
    policies = {p.kind: p for p in ReminderPolicy.objects.all()}
    plans: list[tuple[int, Schedule, list[Threshold]]] = []
    for deadline in live.select_related(*source.select_related).order_by("pk"):
        described = source.describe(deadline)
        schedule = Schedule(policy_for(described.kind, policies), described)
        # The overdue repeats the sweep would create one after another, up to the policy's limit.
        repeats = [f"overdue-{n}" for n in range(2, schedule.policy.escalation_max + 1)]
        plans.append((deadline.pk, schedule, list(schedule.planned(repeats).values())))
    rng = random.Random(options.get("seed", 1))
    now = timezone.now()
    rows: list[Reminder] = []
    wanted = count - existing
    depth = 0
    while len(rows) < wanted and any(len(t) > depth for _, _, t in plans):
        for pk, schedule, thresholds in plans:
            if len(rows) == wanted:
                break
            if len(thresholds) <= depth:
                continue
            send_at = now + timedelta(minutes=rng.randint(1, SPREAD_MINUTES))
            values = reminder_values(schedule, thresholds[depth], send_at)
            rows.append(
                Reminder(
                    content_type=content_type,
                    object_id=pk,
                    threshold=thresholds[depth].key,
                    **values,
                )
            )
        depth += 1
    Reminder.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
