"""The BCR coverage and "transfers with blockers" blocks of each entity page of the
group-status report (``compliance.bcr.reports.sections``, ``transfers.reports``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from compliance.bcr.models import BCRMember
from compliance.bcr.reports.sections import bcr_coverage_sections
from compliance.registry.models import CorporateGroup, GroupEntity
from compliance.reports import registry
from tests.builders import bcr, recipient, transfer
from tests.compliance.reports.conftest import page_texts, squeeze
from tests.transfers.conftest import NOW, TODAY
from transfers.reports import blocked_transfers_sections

pytestmark = pytest.mark.django_db


def _rows(sections: dict[int, registry.Section], entity: GroupEntity) -> list[list[str]]:
    return [[str(cell) for cell in row] for row in sections[entity.pk].context["rows"]]


def test_bcr_coverage_starts_with_the_approval_and_ends_when_the_member_leaves(
    group: CorporateGroup, entities: dict[str, GroupEntity]
) -> None:
    rules = bcr(group, {entities["DE"]: date(2021, 8, 5), entities["US"]: date(2021, 8, 5)})
    BCRMember.objects.filter(bcr=rules, entity=entities["US"]).update(left_on=date(2025, 3, 31))
    printed = [entities["DE"], entities["US"], entities["FR"]]

    before = bcr_coverage_sections(printed, date(2021, 8, 4), None)
    bound = bcr_coverage_sections(printed, date(2025, 3, 31), None)
    left = bcr_coverage_sections(printed, date(2025, 4, 1), None)

    assert _rows(before, entities["DE"]) == []  # not a member yet on that date
    title = "controller BCRs (BCR-C): BCR-C of Test Group"
    approval = "approved 2021-08-05 by LDI NRW"
    assert _rows(bound, entities["US"]) == [[title, approval, "2021-08-05 to 2025-03-31", "yes"]]
    assert _rows(left, entities["US"]) == [[title, approval, "2021-08-05 to 2025-03-31", "no"]]
    assert _rows(left, entities["DE"]) == [[title, approval, "from 2021-08-05", "yes"]]
    assert _rows(left, entities["FR"]) == []


def test_bcr_coverage_of_an_approval_that_ceased_to_be_valid_is_no(
    group: CorporateGroup, entities: dict[str, GroupEntity]
) -> None:
    rules = bcr(group, {entities["GB"]: date(2019, 5, 1)}, approved_on=date(2019, 5, 1))
    rules.invalid_from = date(2021, 1, 1)
    rules.save()

    rows = _rows(bcr_coverage_sections([entities["GB"]], date(2022, 1, 1), None), entities["GB"])

    assert [row[1:] for row in rows] == [
        ["approved 2019-05-01 by LDI NRW; invalid from 2021-01-01", "from 2019-05-01", "no"]
    ]


def test_blocked_transfers_section_lists_only_unlawful_transfers_with_their_blocker(
    group: CorporateGroup, entities: dict[str, GroupEntity]
) -> None:
    blocked = transfer(entities["FR"], recipient("Adwise Media Inc.", "US"), name="Newsletters")
    transfer(entities["FR"], entities["JP"], name="Orders to Tokyo")  # adequacy: lawful

    sections = blocked_transfers_sections([entities["FR"], entities["JP"]], TODAY, None)

    [row] = _rows(sections, entities["FR"])
    assert row[:2] == [f"{blocked.reference} Newsletters", "Adwise Media Inc. (US)"]
    assert f"No transfer mechanism makes this transfer lawful on {TODAY.isoformat()}." in row[2]
    assert _rows(sections, entities["JP"]) == []


def test_blocked_transfers_section_leaves_out_transfers_not_yet_started(
    group: CorporateGroup, entities: dict[str, GroupEntity]
) -> None:
    transfer(entities["FR"], recipient(), name="Later", start_date=date(2026, 6, 1))

    sections = blocked_transfers_sections([entities["FR"]], TODAY, None)

    assert _rows(sections, entities["FR"]) == []


def test_entity_sections_take_a_fixed_number_of_queries_for_all_entities(
    group: CorporateGroup, entities: dict[str, GroupEntity], django_assert_num_queries: Any
) -> None:
    printed = list(entities.values())
    transfer(entities["FR"], recipient("One Inc."), name="One")
    bcr(group, {entities["DE"]: date(2021, 8, 5)})
    with django_assert_num_queries(8):
        bcr_coverage_sections(printed, TODAY, None)
        blocked_transfers_sections(printed, TODAY, None)

    for name in ("Two", "Three", "Four"):
        transfer(entities["DE"], recipient(f"{name} Inc."), name=name)
        transfer(entities["US"], recipient(f"{name} Co.", "IN"), name=f"{name} India")

    with django_assert_num_queries(8):
        bcr_coverage_sections(printed, TODAY, None)
        blocked_transfers_sections(printed, TODAY, None)


@pytest.mark.parametrize(
    ("lang", "bcr_title", "blocked_title"),
    [
        ("en", "BCR coverage", "Transfers with blockers"),
        ("de", "BCR-Abdeckung", "Übermittlungen mit Hinderungsgründen"),
        ("ja", "BCRの適用", "阻害要因のある移転"),
    ],
)
def test_group_status_prints_bcr_coverage_and_blocked_transfers_on_the_entity_page(
    group: CorporateGroup,
    entities: dict[str, GroupEntity],
    lang: str,
    bcr_title: str,
    blocked_title: str,
) -> None:
    bcr(group, {entities["FR"]: date(2021, 8, 5)})
    blocked = transfer(entities["FR"], recipient("Adwise Media Inc.", "US"), name="Newsletters")

    report = registry.render_report(
        "group_status", obj=group, user=None, lang=lang, as_of=TODAY, generated_at=NOW
    )

    text = squeeze(" ".join(page_texts(report.content)))
    # Every entity page has both blocks; the Paris page lists its blocked transfer.
    assert (text.count(squeeze(bcr_title)), text.count(squeeze(blocked_title))) == (6, 6)
    paris = text[text.index(squeeze("Paris Ltd")) :]
    assert squeeze(f"{blocked.reference} Newsletters") in paris
    assert squeeze("Adwise Media Inc. (US)") in paris
