"""A policy and a deadline give the reminder thresholds and the instant of each.

Threshold keys name their own offset — ``start+0h`` (after the clock starts), ``due-24h``
(before the deadline or internal target), ``overdue-2`` (second repeat once overdue) — so the
instant of any existing row can be recomputed when the deadline moves or the policy changes.
Instants are UTC arithmetic on aware datetimes: a "24 hours before" is 24 elapsed hours.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from compliance.reminders.defaults import DEFAULT_POLICIES
from compliance.reminders.durations import (
    DurationError,
    format_duration,
    humanize,
    parse_duration,
    parse_durations,
)
from compliance.reminders.models import DEFAULT_KIND, ReminderPolicy
from compliance.reminders.registry import Deadline


@dataclass(frozen=True)
class Threshold:
    key: str
    label: str
    nominal: datetime
    escalation: int
    audience: tuple[str, ...]


def policy_for(kind: str, policies: dict[str, ReminderPolicy] | None = None) -> ReminderPolicy:
    """The policy of ``kind``, else the ``default`` policy, else the shipped default (unsaved):
    a deadline is never left without reminders because a policy row is missing."""
    if policies is None:
        policies = {p.kind: p for p in ReminderPolicy.objects.filter(kind__in=[kind, DEFAULT_KIND])}
    policy = policies.get(kind) or policies.get(DEFAULT_KIND)
    if policy is None:
        policy = ReminderPolicy(kind=DEFAULT_KIND, **DEFAULT_POLICIES[DEFAULT_KIND])
    return policy


def _durations(text: str) -> list[timedelta]:
    try:
        return parse_durations(text)
    except DurationError:
        # A row edited around the validation (shell, SQL): remind by the valid ones only.
        return []


class Schedule:
    def __init__(self, policy: ReminderPolicy, deadline: Deadline) -> None:
        self.policy = policy
        self.deadline = deadline
        self.internal = False
        self.target: datetime | None = deadline.due_at
        if self.target is None and policy.internal_target is not None and deadline.start_at:
            self.target = deadline.start_at + policy.internal_target
            self.internal = True

    @property
    def target_name(self) -> str:
        return "the internal target" if self.internal else "the deadline"

    def planned(self, existing: Iterable[str] = ()) -> dict[str, Threshold]:
        """The thresholds the policy wants now; existing overdue repeats past the first (the
        sweep creates each as the previous one is sent) are kept while the policy allows."""
        keys: list[str] = []
        if self.deadline.start_at is not None:
            keys += [f"start+{format_duration(d)}" for d in _durations(self.policy.after_start)]
        if self.target is not None:
            keys += [f"due-{format_duration(d)}" for d in _durations(self.policy.lead_times)]
            keys += ["overdue-1"] + [k for k in existing if k.startswith("overdue-")]
        planned = {}
        for key in keys:
            threshold = self.threshold(key)
            if threshold is not None:
                planned[key] = threshold
        return planned

    def threshold(self, key: str) -> Threshold | None:
        """The threshold named ``key`` under this policy, or None if the policy or the
        deadline no longer gives it an instant."""
        base, _, offset = key.partition("+") if key.startswith("start+") else key.partition("-")
        start = self.deadline.start_at
        if base == "start" and start is not None:
            delta = parse_duration(offset)
            label = (
                f"at {self.deadline.start_label}"
                if not delta
                else (f"{humanize(delta)} after {self.deadline.start_label}")
            )
            return self._make(key, label, start + delta, 0)
        if base == "due" and self.target is not None:
            delta = parse_duration(offset)
            nominal = self.target - delta
            if start is not None and nominal < start:
                return None  # before the clock started: nothing to remind of yet
            label = (
                f"at {self.target_name}"
                if not delta
                else (f"{humanize(delta)} before {self.target_name}")
            )
            return self._make(key, label, nominal, 0)
        if base == "overdue" and offset.isdigit():
            return self._overdue(key, int(offset))
        return None

    def _overdue(self, key: str, number: int) -> Threshold | None:
        interval = self.policy.escalation_interval
        if self.target is None or not interval or not 1 <= number <= self.policy.escalation_max:
            return None
        late_by = humanize(number * interval)
        label = f"overdue: {late_by} past {self.target_name} (repeat {number})"
        return self._make(key, label, self.target + number * interval, number)

    def _make(self, key: str, label: str, nominal: datetime, escalation: int) -> Threshold:
        return Threshold(
            key=key,
            label=label,
            nominal=nominal,
            escalation=escalation,
            audience=self.policy.audience(escalated=escalation > 0),
        )

    def next_escalation(self, *, after: int, now: datetime) -> Threshold | None:
        """The first repeat after number ``after`` still in the future: after downtime, the
        repeats that were missed are not all sent at once (one late reminder says it)."""
        interval = self.policy.escalation_interval
        if self.target is None or not interval or now < self.target:
            return None
        number = max(after + 1, int((now - self.target) / interval) + 1)
        return self._overdue(f"overdue-{number}", number)
