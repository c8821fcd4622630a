"""The transfers' dashboard panels (blockers, assessment reviews) and their saved filters."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from compliance.dashboard import panels_for
from compliance.registry.models import GroupEntity
from tests.builders import approved_tia, recipient, transfer
from tests.transfers.conftest import NOW
from transfers.dashboard import blockers_panel, reviews_panel
from transfers.models import DataTransfer, TransferImpactAssessment

pytestmark = pytest.mark.django_db

TRANSFERS = reverse("admin:transfers_datatransfer_changelist")
TIAS = reverse("admin:transfers_transferimpactassessment_changelist")


def _blocked(exporter: GroupEntity, name: str) -> DataTransfer:
    # No adequacy, no SCC, no BCR to a US vendor: no mechanism, a blocker.
    return transfer(exporter, recipient(f"{name} Inc."), name=name)


def _tia(t: DataTransfer, next_review_on: date) -> TransferImpactAssessment:
    return approved_tia(t, date(2025, 3, 1), next_review_on=next_review_on)


def _panel(html: str, panel_id: str) -> str:
    start = html.index(f'id="{panel_id}"')
    return html[start : html.index("</table>", start)]


def test_blockers_panel_counts_and_lists_transfers_with_their_blocker_text(
    dpo_user: Any, entities: dict[str, GroupEntity]
) -> None:
    blocked = _blocked(entities["DE"], "To Adwise")
    transfer(entities["DE"], entities["FR"], name="Inside the EEA")

    panel = blockers_panel(dpo_user, NOW)

    assert panel is not None
    assert panel["count"] == 1
    assert [t for t, _texts in panel["rows"]] == [blocked]
    texts = panel["rows"][0][1]
    latest = blocked.latest_evaluation()
    assert latest is not None
    assert latest.result_id == blocked.current_result_id
    assert texts == [f["message"] for f in latest.blockers]
    # The result holds no date; the panel names the newest evaluation's.
    assert texts[-1] == "No transfer mechanism makes this transfer lawful on 2026-03-02."


def test_blockers_panel_leaves_out_retired_transfers(
    dpo_user: Any, entities: dict[str, GroupEntity]
) -> None:
    blocked = _blocked(entities["DE"], "To Adwise")
    DataTransfer.objects.filter(pk=blocked.pk).update(state="retired")

    panel = blockers_panel(dpo_user, NOW)

    assert panel is not None
    assert (panel["count"], panel["rows"]) == (0, [])


def test_blockers_panel_for_a_coordinator_shows_only_their_entities(
    coordinator_user: Any, entities: dict[str, GroupEntity]
) -> None:
    entities["FR"].coordinators.add(coordinator_user)
    mine = _blocked(entities["FR"], "From Paris")
    _blocked(entities["DE"], "From Berlin")

    panel = blockers_panel(coordinator_user, NOW)

    assert panel is not None
    assert (panel["count"], [t for t, _texts in panel["rows"]]) == (1, [mine])


def test_reviews_panel_lists_overdue_and_due_within_30_days(
    dpo_user: Any, entities: dict[str, GroupEntity]
) -> None:
    t = transfer(entities["DE"], entities["US"], name="To Boston")
    overdue = _tia(t, date(2026, 2, 1))
    soon = _tia(t, date(2026, 3, 20))
    _tia(t, date(2026, 6, 1))

    panel = reviews_panel(dpo_user, NOW)

    assert panel is not None
    assert panel["rows"] == [(overdue, -29), (soon, 18)]
    assert (panel["overdue"], panel["total"]) == (1, 2)


def test_reviews_panel_for_a_coordinator_shows_only_their_entities(
    dpo_user: Any, coordinator_user: Any, entities: dict[str, GroupEntity]
) -> None:
    entities["FR"].coordinators.add(coordinator_user)
    mine = _tia(transfer(entities["FR"], entities["US"], name="Paris-Boston"), date(2026, 2, 1))
    _tia(transfer(entities["DE"], entities["US"], name="Berlin-Boston"), date(2026, 2, 1))

    panel = reviews_panel(coordinator_user, NOW)

    assert panel is not None
    assert [tia for tia, _days in panel["rows"]] == [mine]


def test_dashboard_renders_the_transfer_panels_with_links(
    client_for: Any, dpo_user: Any, entities: dict[str, GroupEntity]
) -> None:
    blocked = _blocked(entities["DE"], "To Adwise")
    tia = _tia(transfer(entities["DE"], entities["US"], name="To Boston"), date(2026, 2, 1))

    html = client_for(dpo_user).get(reverse("admin:index")).content.decode()

    blockers = _panel(html, "panel-transfer-blockers")
    assert f"{TRANSFERS}?question=blockers" in blockers
    assert reverse("admin:transfers_datatransfer_change", args=[blocked.pk]) in blockers
    assert "2 transfers with blockers" in blockers  # the one to Boston too: no mechanism
    reviews = _panel(html, "panel-tia-reviews")
    assert f"{TIAS}?question=review_overdue" in reviews
    assert reverse("admin:transfers_transferimpactassessment_change", args=[tia.pk]) in reviews
    assert "countdown-overdue" in reviews


def test_transfer_changelist_saved_filter_with_blockers(
    client_for: Any, dpo_user: Any, entities: dict[str, GroupEntity]
) -> None:
    _blocked(entities["DE"], "To Adwise")
    transfer(entities["DE"], entities["FR"], name="Inside the EEA")

    response = client_for(dpo_user).get(TRANSFERS, {"question": "blockers"})

    assert [t.name for t in response.context["cl"].result_list] == ["To Adwise"]
    assert "with blockers" in response.content.decode()


@pytest.mark.parametrize(
    ("question", "expected"),
    [("review_overdue", [date(2026, 2, 1)]), ("review_due", [date(2026, 2, 1), date(2026, 3, 20)])],
)
def test_tia_changelist_saved_filters_on_review_dates(
    client_for: Any,
    dpo_user: Any,
    entities: dict[str, GroupEntity],
    question: str,
    expected: list[date],
) -> None:
    t = transfer(entities["DE"], entities["US"], name="To Boston")
    for day in (date(2026, 2, 1), date(2026, 3, 20), date(2026, 6, 1)):
        _tia(t, day)

    response = client_for(dpo_user).get(TIAS, {"question": question})

    assert sorted(tia.next_review_on for tia in response.context["cl"].result_list) == expected


def test_dashboard_query_count_does_not_grow_with_transfers_and_reviews(
    client_for: Any,
    dpo_user: Any,
    entities: dict[str, GroupEntity],
    django_assert_num_queries: Any,
) -> None:
    client = client_for(dpo_user)

    def build(n: int, start: int) -> None:
        for i in range(start, start + n):
            blocked = _blocked(entities["DE"], f"To vendor {i}")
            _tia(blocked, date(2026, 2, 1))

    build(2, 0)
    # 30 (the blockers' two counts in one query since issue 21), and three for the pictures (the
    # transfers by recipient, then the countries of the recipients among them in one query).
    with django_assert_num_queries(33):
        assert client.get(reverse("admin:index")).status_code == 200

    build(4, 2)

    with django_assert_num_queries(33):
        assert client.get(reverse("admin:index")).status_code == 200


def test_transfer_panels_are_registered_from_the_app(dpo_user: Any) -> None:
    templates = [p["template"] for p in panels_for(dpo_user, NOW)]

    assert "admin/transfers/dashboard/blockers.html" in templates
    assert "admin/transfers/dashboard/reviews.html" in templates


@pytest.mark.parametrize(
    ("url", "question", "queries"),
    [(TRANSFERS, "blockers", 15), (TIAS, "review_due", 13), (TIAS, "", 13)],
)
def test_saved_filter_changelists_query_count_does_not_grow_with_rows(
    client_for: Any,
    dpo_user: Any,
    entities: dict[str, GroupEntity],
    django_assert_num_queries: Any,
    url: str,
    question: str,
    queries: int,
) -> None:
    client = client_for(dpo_user)
    params = {"question": question} if question else {}

    def build(n: int, start: int) -> None:
        for i in range(start, start + n):
            _tia(_blocked(entities["DE"], f"To vendor {i}"), date(2026, 2, 1))

    build(2, 0)
    with django_assert_num_queries(queries):
        assert client.get(url, params).status_code == 200

    build(4, 2)

    with django_assert_num_queries(queries):
        assert client.get(url, params).status_code == 200
