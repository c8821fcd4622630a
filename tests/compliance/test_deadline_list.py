"""The deadlines list is a deadline list: time left, overdue first, due in the owing entity's
zone and in UTC, APPI clocks also in JST, and lateness in words."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from compliance import labels
from compliance.breaches.models import NotificationDeadline
from compliance.countdowns import due_in_zones
from tests.builders import breach, example_group

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 9, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _changelist(client: Any) -> Any:
    response = client.get(reverse("admin:compliance_notificationdeadline_changelist"))
    assert response.status_code == 200
    return response


def _row_texts(response: Any, deadline: NotificationDeadline) -> list[str]:
    cl = response.context["cl"]
    from django.contrib.admin.templatetags.admin_list import items_for_result

    return [str(cell) for cell in items_for_result(cl, deadline, None)]


def test_deadlines_are_listed_open_first_by_due_instant(client_for: Any, dpo_user: Any) -> None:
    _group, _tokyo, duesseldorf = example_group()
    older = breach(
        duesseldorf,
        dpo_user,
        title="Old",
        aware_at=datetime(2026, 1, 2, tzinfo=UTC),
        affected_countries=("DE",),
    )
    newer = breach(
        duesseldorf,
        dpo_user,
        title="New",
        aware_at=datetime(2026, 1, 8, tzinfo=UTC),
        affected_countries=("DE",),
    )

    listed = list(_changelist(client_for(dpo_user)).context["cl"].result_list)

    open_ones = [d for d in listed if d.status == "open"]
    assert listed[: len(open_ones)] == open_ones
    dues = [d.due_at for d in open_ones if d.due_at is not None]
    assert dues == sorted(dues)
    assert [d.due_at is None for d in open_ones] == sorted(d.due_at is None for d in open_ones)
    first = open_ones[0]
    assert (first.incident_id, first.due_at) == (older.pk, datetime(2026, 1, 5, tzinfo=UTC))
    assert newer.pk in {d.incident_id for d in open_ones}


def test_deadline_row_shows_time_left_and_due_in_entity_zone_and_utc(
    client_for: Any, dpo_user: Any
) -> None:
    _group, _tokyo, duesseldorf = example_group()
    incident = breach(
        duesseldorf,
        dpo_user,
        title="Mail",
        aware_at=datetime(2026, 1, 8, tzinfo=UTC),
        affected_countries=("DE",),
    )
    deadline = incident.deadlines.get(regime="EU_GDPR", kind="authority_notification")

    html = " ".join(_row_texts(_changelist(client_for(dpo_user)), deadline))

    assert "1 d 12 h left" in html
    assert "2026-01-11 01:00 CET (Europe/Berlin)" in html
    assert "2026-01-11 00:00 UTC" in html


def test_appi_deadline_is_also_shown_in_japan_time(client_for: Any, dpo_user: Any) -> None:
    _group, tokyo, _duesseldorf = example_group()
    incident = breach(
        tokyo,
        dpo_user,
        title="Portal",
        aware_at=datetime(2026, 1, 8, tzinfo=UTC),
        affected_countries=("JP",),
        aware_time_zone="Asia/Tokyo",
        wrongful_purpose=True,
    )
    deadline = incident.deadlines.filter(regime="JP_APPI", due_at__isnull=False).first()
    assert deadline is not None

    texts = _row_texts(_changelist(client_for(dpo_user)), deadline)

    local = deadline.due_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    assert f"{local:%Y-%m-%d %H:%M} JST (Asia/Tokyo)" in " ".join(texts)


def test_late_column_says_late_in_time_or_dash(client_for: Any, dpo_user: Any) -> None:
    _group, _tokyo, duesseldorf = example_group()
    incident = breach(
        duesseldorf,
        dpo_user,
        title="Mail",
        aware_at=datetime(2026, 1, 2, tzinfo=UTC),
        affected_countries=("DE",),
    )
    deadline = incident.deadlines.get(regime="EU_GDPR", kind="authority_notification")
    admin_obj = _changelist(client_for(dpo_user)).context["cl"].model_admin

    assert admin_obj.lateness_label(deadline) == "—"
    deadline.late = False
    assert admin_obj.lateness_label(deadline) == "in time"
    deadline.late = True
    assert admin_obj.lateness_label(deadline) == "late"


def test_due_in_zones_names_each_zone_and_adds_japan_time_for_appi_clocks() -> None:
    due = datetime(2026, 1, 11, 0, 0, tzinfo=UTC)

    html = due_in_zones(due, "Europe/Berlin", also=("Asia/Tokyo",))

    assert html == (
        '<span class="due-instant">2026-01-11 01:00 CET (Europe/Berlin)</span><br>'
        '<span class="due-instant">2026-01-11 00:00 UTC</span><br>'
        '<span class="due-instant">2026-01-11 09:00 JST (Asia/Tokyo)</span>'
    )
    assert due_in_zones(due, "UTC") == '<span class="due-instant">2026-01-11 00:00 UTC</span>'
    assert due_in_zones(None, "UTC") == "—"


def test_late_column_reads_german_and_japanese(client_for: Any, dpo_user: Any) -> None:
    with translation.override("de"):
        assert labels.lateness("statute", False) == "rechtzeitig"
        assert labels.lateness("guideline", True) == "nach dem Richtwert der Aufsichtsbehörde"
    with translation.override("ja"):
        assert labels.lateness("statute", True) == "遅延"
        assert labels.lateness("internal", True) == "社内目標の経過後"


def test_a_row_fits_in_eight_columns_with_source_lateness_and_assumption_as_lines(
    client_for: Any, dpo_user: Any
) -> None:
    _group, _tokyo, duesseldorf = example_group()
    incident = breach(
        duesseldorf,
        dpo_user,
        title="Mail",
        aware_at=datetime(2026, 1, 2, tzinfo=UTC),
        affected_countries=("DE",),
    )
    deadline = incident.deadlines.get(regime="EU_GDPR", kind="authority_notification")
    deadline.status, deadline.late, deadline.assumed = "met", True, True

    cells = _row_texts(_changelist(client_for(dpo_user)), deadline)

    assert len(cells) == 8
    assert cells[6].endswith(
        '<span class="due-instant">2026-01-05 00:00 UTC</span><br>'
        '<span class="due-source">period fixed by law</span></td>'
    )
    assert cells[7] == (
        '<td class="field-status_shown">met<br><span class="due-late">late</span><br>'
        '<span class="due-assumed">assumed</span></td>'
    )
