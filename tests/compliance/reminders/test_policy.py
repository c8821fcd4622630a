from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from compliance.reminders.defaults import DEFAULT_POLICIES
from compliance.reminders.durations import (
    DurationError,
    format_duration,
    humanize,
    parse_durations,
)
from compliance.reminders.models import ReminderPolicy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h, 6h, 0h", [timedelta(hours=24), timedelta(hours=6), timedelta(0)]),
        ("0h,6h ,24h", [timedelta(hours=24), timedelta(hours=6), timedelta(0)]),
        ("10d; 3d; 1d", [timedelta(days=10), timedelta(days=3), timedelta(days=1)]),
        ("0", [timedelta(0)]),
        ("90m, 90m", [timedelta(minutes=90)]),
        ("400d", [timedelta(days=400)]),
        ("", []),
    ],
)
def test_parse_durations_reads_lists_longest_first(text: str, expected: list[timedelta]) -> None:
    assert parse_durations(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-6h", "“-6h” is negative"),
        ("24h, -1d", "“-1d” is negative"),
        ("401d", "“401d” is more than 400 days"),
        ("9999h", "“9999h” is more than 400 days"),
        ("soon", "“soon” is not a duration"),
        ("24h 6h", "“24h 6h” is not a duration"),
        ("5", "“5” has no unit: write 5d, 5h or 5m."),
    ],
)
def test_parse_durations_refuses_bad_lead_times_clearly(text: str, message: str) -> None:
    with pytest.raises(DurationError) as excinfo:
        parse_durations(text)

    assert message in str(excinfo.value)


@pytest.mark.parametrize(
    ("value", "token", "words"),
    [
        (timedelta(0), "0h", "0 hours"),
        (timedelta(hours=1), "1h", "1 hour"),
        (timedelta(hours=24), "24h", "24 hours"),
        (timedelta(hours=48), "2d", "2 days"),
        (timedelta(minutes=90), "90m", "90 minutes"),
    ],
)
def test_format_duration_is_canonical(value: timedelta, token: str, words: str) -> None:
    assert (format_duration(value), humanize(value)) == (token, words)


def _policy(**values: Any) -> ReminderPolicy:
    return ReminderPolicy(kind="test.kind", **values)


@pytest.mark.django_db
def test_policy_full_clean_reports_each_bad_field() -> None:
    policy = _policy(
        lead_times="24h, -6h",
        after_start="1000d",
        escalation_interval=timedelta(0),
        internal_target=timedelta(days=-1),
        notify_owner=False,
        notify_coordinators=False,
        notify_dpo=False,
        send_email=False,
        notify_in_admin=False,
    )

    with pytest.raises(ValidationError) as excinfo:
        policy.full_clean()

    assert excinfo.value.message_dict == {
        "lead_times": [
            "“-6h” is negative: give how long before the deadline to remind (0h means at "
            "expiry; reminders after expiry are the escalation's job)."
        ],
        "after_start": [
            "“1000d” is more than 400 days: a reminder that far ahead is surely a typo (check "
            "the unit: d, h or m)."
        ],
        "escalation_interval": ["This duration must be positive."],
        "internal_target": ["This cannot be negative."],
        "notify_dpo": [
            "Choose at least one audience: the owner, the coordinators or the DPO group."
        ],
        "send_email": ["Choose at least one channel: e-mail or the admin notification list."],
    }


@pytest.mark.django_db
def test_policy_clean_stores_canonical_lead_times() -> None:
    policy = _policy(lead_times="0h, 1d,6h", after_start=" 0 ")

    policy.full_clean()

    assert (policy.lead_times, policy.after_start) == ("24h, 6h, 0h", "0h")


@pytest.mark.django_db
def test_policy_audience_widens_once_overdue() -> None:
    policy = _policy(notify_owner=True, notify_coordinators=False, notify_dpo=False)

    assert policy.audience() == ("owner",)
    assert policy.audience(escalated=True) == ("owner", "coordinators", "dpo")


# The data migrations that ship policies, each a frozen copy of the kinds added then.
POLICY_MIGRATIONS = (
    "0006_reminder_policies",
    "0012_bcr_clocks",
    "0020_bcr_clocks_v2",
    "0028_breach_regime_reminder_policies",
)


@pytest.mark.django_db
def test_data_migration_creates_the_default_policies_and_keeps_edited_ones() -> None:
    import importlib

    from django.apps import apps

    ReminderPolicy.objects.all().delete()
    ReminderPolicy.objects.create(kind="JP_APPI.final_report", lead_times="5d")

    for name in POLICY_MIGRATIONS:
        migration = importlib.import_module(f"compliance.migrations.{name}")
        migration.create_policies(apps, None)
        migration.create_policies(apps, None)

    assert set(ReminderPolicy.objects.values_list("kind", flat=True)) == set(DEFAULT_POLICIES)
    assert ReminderPolicy.objects.get(kind="JP_APPI.final_report").lead_times == "5d"


def test_migration_copy_matches_the_defaults_module() -> None:
    import importlib

    copies: dict[str, Any] = {}
    for name in POLICY_MIGRATIONS:
        copies.update(importlib.import_module(f"compliance.migrations.{name}").POLICIES)

    assert copies == DEFAULT_POLICIES


@pytest.mark.parametrize("kind", sorted(DEFAULT_POLICIES))
def test_default_policies_are_valid(kind: str) -> None:
    ReminderPolicy(kind=kind, **DEFAULT_POLICIES[kind]).clean_fields()


def test_policy_admin_shows_the_validation_error_next_to_the_field(
    client_for: Any, dpo_user: Any
) -> None:
    response = client_for(dpo_user).post(
        reverse("admin:compliance_reminderpolicy_add"),
        {
            "kind": "transfers.custom_review",
            "lead_times": "30d, -2d",
            "after_start": "",
            "notify_owner": "on",
            "send_email": "on",
            "escalation_max": "3",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "lead_times": [
            "“-2d” is negative: give how long before the deadline to remind (0h means at "
            "expiry; reminders after expiry are the escalation's job)."
        ]
    }
    assert not ReminderPolicy.objects.filter(kind="transfers.custom_review").exists()


def test_policy_admin_saves_a_valid_policy_in_canonical_form(
    client_for: Any, dpo_user: Any
) -> None:
    response = client_for(dpo_user).post(
        reverse("admin:compliance_reminderpolicy_add"),
        {
            "kind": "transfers.custom_review",
            "lead_times": "7d,30d",
            "after_start": "",
            "notify_owner": "on",
            "send_email": "on",
            "escalation_interval": "7 00:00:00",
            "escalation_max": "3",
        },
    )

    assert response.status_code == 302
    saved = ReminderPolicy.objects.get(kind="transfers.custom_review")
    assert (saved.lead_times, saved.escalation_interval) == ("30d, 7d", timedelta(days=7))
