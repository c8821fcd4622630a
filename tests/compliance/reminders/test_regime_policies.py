"""Reminder policies of the §8.5 breach regimes, and a 4-hour CAC clock swept end to end."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from compliance.breaches import services as breaches
from compliance.reminders.defaults import DEFAULT_POLICIES, REGIME_POLICIES
from compliance.reminders.durations import parse_durations
from compliance.reminders.mail import send_pending_mail
from compliance.reminders.models import Reminder, ReminderDelivery
from compliance.reminders.sweep import send_due_reminders
from compliance.rules.breach import BreachFacts, breach_obligations
from tests.factories import GroupEntityFactory

NEW_REGIMES = ("KR_PIPA", "SG_PDPA", "BR_LGPD", "CH_FADP", "AU_NDB", "CN_PIPL", "EU_NIS2")
_HOMES = {"KR_PIPA": "KR", "SG_PDPA": "SG", "BR_LGPD": "BR", "CH_FADP": "CH", "AU_NDB": "AU"}


def _required_kinds() -> set[str]:
    """Every (regime, kind) of a §8.5 regime that the engine returns as required, over the
    facts that switch each branch on."""
    found = set()
    countries = [*_HOMES.values(), "CN", "DE"]
    for country, role, risk, count, assessed in itertools.product(
        countries, ("controller", "processor"), ("risk", "high"), (None, 2_000_000), (False, True)
    ):
        aware = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        facts = BreachFacts(
            aware_at=aware,
            entity_country=country,
            role=role,
            risk=risk,
            subject_count=count,
            special_category=True,
            financial_data=True,
            nis2_entity=True,
            significant_incident=True,
            nis2_notified_at=aware + timedelta(days=2),
            assessed_at=aware + timedelta(days=1) if assessed else None,
        )
        found |= {
            f"{o.regime}.{o.kind}"
            for o in breach_obligations(facts)
            if o.required and o.regime in NEW_REGIMES
        }
    return found


def test_every_required_kind_of_the_new_regimes_has_its_own_policy() -> None:
    assert set(REGIME_POLICIES) == _required_kinds()
    assert set(REGIME_POLICIES) <= set(DEFAULT_POLICIES)


def test_hour_clocks_remind_in_hours_and_the_cac_clock_in_minutes() -> None:
    def lead(kind: str) -> list[timedelta]:
        return parse_durations(REGIME_POLICIES[kind]["lead_times"])

    minutes = timedelta(minutes=1)
    assert lead("CN_PIPL.authority_notification") == [
        720 * minutes,
        180 * minutes,
        60 * minutes,
        30 * minutes,
        timedelta(0),
    ]
    assert lead("EU_NIS2.early_warning") == [
        timedelta(hours=12),
        timedelta(hours=6),
        timedelta(hours=1),
        timedelta(0),
    ]
    assert REGIME_POLICIES["CN_PIPL.authority_notification"]["escalation_interval"] == (
        timedelta(hours=1)
    )


def test_default_sweep_interval_is_a_thirtieth_of_the_shortest_lead_time_gap(
    settings: Any,
) -> None:
    """The sweep runs every DPO_DESK_SWEEP_SECONDS (60 by default): a reminder goes out at most
    one interval after its instant, which must stay small against the closest two reminders of
    any shipped policy (30 minutes, on the CAC 4-hour clock)."""
    gaps = []
    for values in DEFAULT_POLICIES.values():
        times = parse_durations(values.get("lead_times", ""))
        gaps += [a - b for a, b in itertools.pairwise(times)]

    assert min(gaps) == timedelta(minutes=30)
    assert settings.DPO_DESK_SWEEP_SECONDS == 60
    assert min(gaps) / timedelta(seconds=settings.DPO_DESK_SWEEP_SECONDS) == 30


# --- the 4-hour CAC clock, end to end -------------------------------------------------------

AWARE = datetime(2025, 11, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.fixture
def cac_deadline(policies: None, dpo_user: Any, owner: Any) -> Any:
    entity = GroupEntityFactory(
        short_name="Shanghai", country_id="CN", region="", time_zone="Asia/Shanghai"
    )
    with time_machine.travel(AWARE, tick=False):
        incident = breaches.record_breach(
            entity=entity,
            by=dpo_user,
            owner=owner,
            title="Customer database leaked",
            description="A database of 1.2 million customers was copied out.",
            aware_at=AWARE,
            aware_time_zone="Asia/Shanghai",
            cause="cyber_attack",
            subject_count=1_200_000,
            affected_countries=["CN"],
        )
    return incident.deadlines.get(regime="CN_PIPL", kind="authority_notification")


def _sweep(at: datetime) -> None:
    with time_machine.travel(at, tick=False):
        send_due_reminders(budget=float("inf"))
        send_pending_mail(budget=float("inf"))


def _sent(deadline: Any) -> list[str]:
    return list(
        ReminderDelivery.objects.filter(
            reminder__object_id=deadline.pk, recipient__username="owner", channel="email"
        )
        .order_by("reminder__next_reminder_at")
        .values_list("reminder__threshold", flat=True)
    )


def test_cac_four_hour_clock_is_reminded_at_the_right_instants(cac_deadline: Any) -> None:
    rows = Reminder.objects.filter(object_id=cac_deadline.pk).order_by("next_reminder_at")

    assert (cac_deadline.due_at, cac_deadline.deadline_source) == (
        AWARE + timedelta(hours=4),
        "statute",
    )
    # "12 hours before" a 4-hour clock falls before awareness: skipped.
    assert [(r.threshold, r.next_reminder_at - AWARE) for r in rows] == [
        ("start+0h", timedelta(0)),
        ("due-3h", timedelta(hours=1)),
        ("due-1h", timedelta(hours=3)),
        ("due-30m", timedelta(hours=3, minutes=30)),
        ("due-0h", timedelta(hours=4)),
        ("overdue-1", timedelta(hours=5)),
    ]


def test_cac_four_hour_clock_sweeps_send_each_reminder_within_a_minute(
    cac_deadline: Any, mailoutbox: list[Any]
) -> None:
    sent_by_sweep = []
    for offset in (
        timedelta(seconds=30),
        timedelta(minutes=59),
        timedelta(hours=1, seconds=40),
        timedelta(hours=3, seconds=20),
        timedelta(hours=3, minutes=29),
        timedelta(hours=3, minutes=30, seconds=50),
        timedelta(hours=4, seconds=10),
    ):
        _sweep(AWARE + offset)
        sent_by_sweep.append(_sent(cac_deadline))

    assert sent_by_sweep == [
        ["start+0h"],
        ["start+0h"],
        ["start+0h", "due-3h"],
        ["start+0h", "due-3h", "due-1h"],
        ["start+0h", "due-3h", "due-1h"],
        ["start+0h", "due-3h", "due-1h", "due-30m"],
        ["start+0h", "due-3h", "due-1h", "due-30m", "due-0h"],
    ]
    late = ReminderDelivery.objects.filter(reminder__object_id=cac_deadline.pk, late=True)
    assert late.count() == 0
    what = f"BR-2025-{cac_deadline.incident_id:05d} Customer database leaked: China PIPL "
    to_owner = [m.subject for m in mailoutbox if m.to == ["owner@example.com"]]
    assert [s for s in to_owner if "authority" in s] == [
        f"[DPO Desk] Reminder: {what}notification to the authority (CN) ({when})"
        for when in (
            "at awareness",
            "3 hours before the deadline",
            "1 hour before the deadline",
            "30 minutes before the deadline",
        )
    ] + [f"[DPO Desk] Overdue: {what}notification to the authority (CN) (at the deadline)"]
