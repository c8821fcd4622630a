"""The deadlines, audiences, policies and users behind a list of reminder rows, loaded in a
constant number of queries (one or two per deadline model, three for the users), for the
sweep and for the admin's "next 7 days" view."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType

from compliance.reminders.models import Reminder, ReminderPolicy
from compliance.reminders.recipients import Directory, Recipient
from compliance.reminders.registry import Deadline, DeadlineSource, source_for
from compliance.reminders.schedule import policy_for

Key = tuple[int, int]


class Batch:
    def __init__(self, rows: list[Reminder]) -> None:
        self.sources: dict[int, DeadlineSource] = {}
        self.objects: dict[Key, Any] = {}
        self.audiences: dict[Key, dict[str, list[int]]] = {}
        by_type: dict[int, set[int]] = {}
        for row in rows:
            by_type.setdefault(row.content_type_id, set()).add(row.object_id)
        user_ids: set[int] = set()
        for type_id, ids in by_type.items():
            source = _source(type_id)
            if source is None:
                continue  # reported per row by the caller
            self.sources[type_id] = source
            for pk, obj in source.load(ids).items():
                self.objects[(type_id, pk)] = obj
                audiences = {k: list(v) for k, v in source.audiences(obj).items()}
                self.audiences[(type_id, pk)] = audiences
                user_ids.update(i for v in audiences.values() for i in v)
        self.policies = {p.kind: p for p in ReminderPolicy.objects.all()}
        self.directory = Directory(user_ids)

    def policy(self, kind: str) -> ReminderPolicy:
        return policy_for(kind, self.policies)

    def deadline(self, row: Reminder) -> Deadline | None:
        key = (row.content_type_id, row.object_id)
        source = self.sources.get(row.content_type_id)
        obj = self.objects.get(key)
        return source.describe(obj) if source is not None and obj is not None else None

    def recipients(self, row: Reminder, audience: list[str], deadline: Deadline) -> list[Recipient]:
        key = (row.content_type_id, row.object_id)
        return self.directory.resolve(
            audience, self.audiences.get(key, {}), time_zone=deadline.time_zone
        )


def _source(type_id: int) -> DeadlineSource | None:
    model = ContentType.objects.get_for_id(type_id).model_class()
    if model is None:
        return None
    try:
        return source_for(model)
    except LookupError:
        return None
