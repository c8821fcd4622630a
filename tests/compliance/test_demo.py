from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from compliance.breaches.models import BreachIncident, NotificationDeadline
from compliance.registry.models import GroupEntity
from compliance.reminders.models import Reminder
from compliance.workflow.models import WorkflowEvent

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[int, ...]:
    return (
        GroupEntity.objects.count(),
        GroupEntity.history.count(),
        BreachIncident.objects.count(),
        NotificationDeadline.objects.count(),
        NotificationDeadline.history.count(),
        WorkflowEvent.objects.count(),
    )


def test_seed_demo_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_demo", force=True)
    first = _snapshot()

    call_command("seed_demo", force=True)

    assert _snapshot() == first
    assert "dpo              password dpo-desk-demo   (DPO)" in capsys.readouterr().out


def test_seed_demo_group_has_duesseldorf_as_main_establishment_led_by_ldi_nrw() -> None:
    call_command("seed_demo", force=True)

    main = GroupEntity.objects.get(is_eu_main_establishment=True, group__name__startswith="Ex")
    leads = set(
        GroupEntity.objects.filter(group=main.group).values_list(
            "lead_authority__short_name", flat=True
        )
    )

    assert main.short_name == "EIG Düsseldorf"
    assert leads == {"LDI NRW"}
    london = GroupEntity.objects.get(short_name="EIG London")
    flags = [h.is_eu_main_establishment for h in london.history.order_by("history_date")]
    assert True in flags
    assert flags[-1] is False


def test_seed_demo_breaches_exercise_every_regime_and_end_in_their_states() -> None:
    call_command("seed_demo", force=True)

    states = dict(BreachIncident.objects.values_list("title", "state"))
    regimes = set(
        NotificationDeadline.objects.filter(required=True).values_list("regime", flat=True)
    )
    portal = BreachIncident.objects.get(title="Credential stuffing on the customer portal")

    assert regimes == {"EU_GDPR", "UK_GDPR", "JP_APPI", "EU_NIS2", "KR_PIPA", "BR_LGPD"}
    assert states == {
        "Credential stuffing on the customer portal": "monitoring",
        "Misconfigured storage bucket at the hosting processor": "closed",
        "Newsletter sent with recipients in CC": "closed",
        "Laptop of a sales employee stolen": "assessing",
        "Ransomware on the group HR platform in Tokyo": "notifying",
        "Intrusion into the group's customer sign-in service": "notifying",
    }
    assert portal.open_required_deadlines() == []
    late = portal.deadlines.filter(late=True)
    assert [(d.regime, d.kind) for d in late] == [("UK_GDPR", "authority_notification")]


def test_seed_demo_hr_platform_breach_gives_each_involved_entity_its_own_obligations() -> None:
    call_command("seed_demo", force=True)

    incident = BreachIncident.objects.get(title="Ransomware on the group HR platform in Tokyo")
    rows = {
        (d.entity.short_name, d.regime, d.kind, d.recipient_key): d
        for d in incident.deadlines.filter(required=True).select_related(
            "entity", "recipient_authority"
        )
    }

    assert sorted(incident.involvements.values_list("entity__short_name", "role")) == [
        ("EIG Düsseldorf", "controller"),
        ("EIG Tokyo", "controller"),
    ]
    assert sorted(rows) == [
        ("EIG Düsseldorf", "EU_GDPR", "authority_notification", "DE"),
        ("EIG Düsseldorf", "EU_GDPR", "data_subject_notification", ""),
        ("EIG Tokyo", "EU_GDPR", "group_notification", ""),
        ("EIG Tokyo", "JP_APPI", "data_subject_notification", ""),
        ("EIG Tokyo", "JP_APPI", "final_report", "JP"),
        ("EIG Tokyo", "JP_APPI", "preliminary_report", "JP"),
    ]
    ldi = rows[("EIG Düsseldorf", "EU_GDPR", "authority_notification", "DE")]
    assert (ldi.recipient_authority.short_name, ldi.due_at - incident.aware_at) == (
        "LDI NRW",
        timedelta(hours=72),
    )
    assert (ldi.deadline_source, ldi.assumed, ldi.status) == ("statute", False, "open")
    group = rows[("EIG Tokyo", "EU_GDPR", "group_notification", "")]
    assert (group.status, group.deadline_source) == ("met", "internal")
    assert (
        rows[("EIG Tokyo", "JP_APPI", "preliminary_report", "JP")].recipient_authority.short_name
        == "PPC"
    )


def test_seed_scale_creates_entities_and_breaches_with_deadlines(capsys: Any) -> None:
    call_command("seed_scale", "--entities", "20", "--breaches", "30")

    group_entities = GroupEntity.objects.filter(group__name="Scale Group 20")
    breaches = BreachIncident.objects.filter(entity__group__name="Scale Group 20")
    assert group_entities.count() == 20
    assert breaches.count() == 30
    assert NotificationDeadline.objects.filter(incident__in=breaches).exists()


def test_seed_scale_reminders_follow_the_policy_and_none_is_due() -> None:
    call_command("seed_scale", "--entities", "5", "--breaches", "10", "--reminders", "40")
    call_command("seed_scale", "--entities", "5", "--breaches", "10", "--reminders", "40")

    rows = Reminder.objects.all()
    open_deadlines = NotificationDeadline.objects.filter(
        incident__entity__group__name="Scale Group 5", status="open", required=True
    )
    assert rows.count() == 40
    assert set(rows.values_list("object_id", flat=True)) <= set(
        open_deadlines.values_list("pk", flat=True)
    )
    assert rows.values("object_id").distinct().count() == min(40, open_deadlines.count())
    assert Reminder.objects.due(at=timezone.now()).count() == 0
