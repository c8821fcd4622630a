"""The demo group's 2016–2021 procedure, replayed through the workflow by ``seed_demo``."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

import pytest
import time_machine

from compliance.bcr.demo import TIMELINE_CSV, seed_demo_bcr
from compliance.bcr.models import (
    Art47ChecklistItem,
    BCRApplication,
    BCRDocumentVersion,
    BCRMember,
    BCRTimelineEvent,
    BindingCorporateRules,
    LeadAuthorityChange,
)
from compliance.bcr.models.programme import (
    BCRAnnualUpdate,
    BCRComplaint,
    BCRTrainingRecord,
    bcr_covering,
)
from compliance.bcr.selectors import procedure_deadlines
from compliance.registry import demo
from compliance.registry.models import CorporateGroup, SupervisoryAuthority
from compliance.workflow.models import WorkflowEvent

pytestmark = pytest.mark.django_db

APPROVED = date(2021, 8, 5)


@pytest.fixture
def demo_group(reference_data: Any, monkeypatch: pytest.MonkeyPatch) -> CorporateGroup:
    # Only this seeder: the other apps' demo data is theirs to test.
    monkeypatch.setattr(demo, "DEMO_EXTENSIONS", [seed_demo_bcr])
    return demo.seed_demo()


def _csv_rows() -> list[tuple[str, str, str]]:
    with TIMELINE_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            (r["date"][:7] if r["precision"] == "month" else r["date"], r["kind"], r["event"])
            for r in csv.DictReader(handle)
        ]


def test_demo_replay_records_the_29_events_in_order(demo_group: CorporateGroup) -> None:
    expected = _csv_rows()

    for application in BCRApplication.objects.filter(group=demo_group):
        rows = [(e.when, e.category, e.note) for e in application.timeline.all()]
        assert len(rows) == 29
        assert rows == expected


def test_demo_replay_goes_through_the_real_transitions(demo_group: CorporateGroup) -> None:
    application = BCRApplication.objects.get(group=demo_group, kind="BCR-C")

    steps = list(
        WorkflowEvent.objects.filter(
            content_type__model="bcrapplication", object_id=application.pk
        ).values_list("transition", flat=True)
    )

    assert steps == [
        "create",
        "request_lead",
        "accept_lead",
        "start_co_review",
        "request_revision",
        "request_revision",
        "submit_revision",
        "start_concerned_review",
        "request_revision",
        "change_lead",
        "submit_revision",
        "submit_to_edpb",
        "record_plenary",
        "record_opinion",
        "approve",
    ]
    assert application.timeline.exclude(action="").count() == 14


def test_demo_replay_changes_lead_from_the_ico_to_ldi_nrw(demo_group: CorporateGroup) -> None:
    changes = list(
        LeadAuthorityChange.objects.filter(application__group=demo_group)
        .order_by("application__kind")
        .values_list("application__kind", "from_authority__key", "to_authority__key", "on")
    )

    assert changes == [
        ("BCR-C", "gb_ico", "de_nw_ldi", date(2020, 12, 2)),
        ("BCR-P", "gb_ico", "de_nw_ldi", date(2020, 12, 2)),
    ]
    application = BCRApplication.objects.get(group=demo_group, kind="BCR-P")
    assert sorted(application.co_reviewers.values_list("key", flat=True)) == ["de_nw_ldi", "nl_ap"]
    filed = application.timeline.get(action="request_lead")
    assert (filed.on, filed.authority, filed.organisation) == (
        date(2016, 10, 14),
        None,
        "Group GDPR office",
    )
    assert application.history.earliest("history_date").lead_authority is None
    assert application.timeline.get(action="accept_lead").authority.key == "gb_ico"


def test_demo_replay_has_ites_rounds_and_english_and_german_versions(
    demo_group: CorporateGroup,
) -> None:
    application = BCRApplication.objects.get(group=demo_group, kind="BCR-C")

    ites = list(
        application.timeline.filter(state_after="concerned_review")
        .exclude(action="")
        .values_list("on", "action", "round")
    )
    submitted = application.timeline.get(action="submit_to_edpb")

    assert ites == [
        (date(2019, 5, 16), "start_concerned_review", 1),
        (date(2020, 4, 1), "request_revision", 1),
        (date(2020, 12, 2), "change_lead", 1),
        (date(2021, 4, 1), "submit_revision", 2),
    ]
    assert sorted(str(v) for v in submitted.documents.all()) == [
        "BCR text (de) v2.0",
        "BCR text (en) v2.0",
    ]
    german = BCRDocumentVersion.objects.get(
        document__application=application, document__language="de"
    )
    assert german.created_on == date(2021, 5, 1)


def test_demo_replay_ends_approved_with_every_entity_bound_from_the_approval(
    demo_group: CorporateGroup,
) -> None:
    states = set(
        BCRApplication.objects.filter(group=demo_group).values_list("state", "approved_on")
    )
    rows = list(
        BindingCorporateRules.objects.filter(group=demo_group)
        .order_by("kind")
        .values_list("kind", "approved_on", "lead_authority__key", "invalid_from")
    )
    members = set(
        BCRMember.objects.filter(bcr__group=demo_group).values_list("bcr__kind", "joined_on")
    )
    tokyo = demo_group.entities.get(short_name="EIG Tokyo")
    duesseldorf = demo_group.entities.get(short_name="EIG Düsseldorf")

    assert states == {("approved", APPROVED)}
    assert rows == [
        ("BCR-C", APPROVED, "de_nw_ldi", None),
        ("BCR-P", APPROVED, "de_nw_ldi", None),
    ]
    assert members == {("BCR-C", APPROVED), ("BCR-P", APPROVED)}
    assert BCRMember.objects.filter(bcr__group=demo_group, bcr__kind="BCR-C").count() == 9
    assert bcr_covering(duesseldorf, tokyo, "BCR-C", date(2021, 8, 4)) is None
    assert bcr_covering(duesseldorf, tokyo, "BCR-C", APPROVED).kind == "BCR-C"


def _counts() -> dict[str, int]:
    models = (
        BCRApplication,
        BCRTimelineEvent,
        BCRDocumentVersion,
        Art47ChecklistItem,
        LeadAuthorityChange,
        BindingCorporateRules,
        BCRMember,
        BCRAnnualUpdate,
        BCRTrainingRecord,
        BCRComplaint,
        WorkflowEvent,
    )
    counts = {m.__name__: m.objects.count() for m in models}
    counts.update({f"history {m.__name__}": m.history.count() for m in models[:-1]})  # type: ignore[attr-defined]
    return counts


def test_seed_demo_twice_changes_nothing(demo_group: CorporateGroup) -> None:
    before = _counts()

    demo.seed_demo()

    assert _counts() == before
    assert before["BCRTimelineEvent"] == 58


def test_demo_replay_reuses_a_bcr_row_another_seeder_made(
    reference_data: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def transfers_seeder(group: CorporateGroup) -> None:
        BindingCorporateRules.objects.create(
            group=group,
            kind="BCR-C",
            title="BCR-C (transfers demo)",
            lead_authority=SupervisoryAuthority.objects.get(key="de_nw_ldi"),
            approved_on=APPROVED,
        )

    monkeypatch.setattr(demo, "DEMO_EXTENSIONS", [transfers_seeder, seed_demo_bcr])

    group = demo.seed_demo()

    assert BindingCorporateRules.objects.filter(group=group, kind="BCR-C").count() == 1
    assert BCRApplication.objects.get(group=group, kind="BCR-C").bcr.title == (
        "Controller BCRs of Example Internet Group"
    )


def test_demo_keeps_the_approved_bcrs_alive_with_yearly_updates(
    reference_data: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "DEMO_EXTENSIONS", [seed_demo_bcr])
    with time_machine.travel(date(2024, 9, 1), tick=False):
        group = demo.seed_demo()
    application = BCRApplication.objects.get(group=group, kind="BCR-C")

    sent = list(
        BCRAnnualUpdate.objects.filter(bcr__kind="BCR-C")
        .order_by("sent_on")
        .values_list("sent_on", "due_on")
    )

    assert sent == [
        (date(2022, 7, 20), date(2022, 8, 5)),
        (date(2023, 7, 20), date(2023, 7, 20)),
        (date(2024, 7, 20), date(2024, 7, 20)),
    ]
    assert [(k, d) for k, d, _ in procedure_deadlines(application)] == [
        ("bcr.annual_update", date(2025, 7, 20))
    ]
    assert BCRTrainingRecord.objects.get().entity.short_name == "EIG Tokyo"
    assert BCRComplaint.objects.get().handled is True
