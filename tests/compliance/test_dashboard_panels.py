"""The BCR clocks and next-reminders panels of the dashboard, and Legal's export buttons."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from compliance.bcr import services as bcr
from compliance.bcr.dashboard import bcr_clocks_panel
from compliance.bcr.models import BCRApplication
from compliance.breaches.dashboard import breaches_panel
from compliance.breaches.services import Involvement
from compliance.dashboard import reminders_panel
from compliance.preferences.models import UserPreference
from compliance.reminders.defaults import ensure_default_policies
from tests.builders import breach
from tests.compliance.bcr.test_basis_language import OPINION
from tests.factories import CorporateGroupFactory, GroupEntityFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        ensure_default_policies()
        yield


def _application(title: str, by: Any, *, complete_on: date | None = None) -> BCRApplication:
    """An application; with ``complete_on``, one submitted to the EDPB with a complete file
    (the dates set directly: the procedure's steps are tested in tests/compliance/bcr)."""
    group = CorporateGroupFactory(name=f"{title} group", short_name=title)
    GroupEntityFactory(group=group, short_name=f"{title} entity")
    application = bcr.start_application(group=group, kind="BCR-C", title=title, by=by)
    if complete_on is not None:
        BCRApplication.objects.filter(pk=application.pk).update(
            state="submitted_to_edpb", submitted_on=complete_on, file_complete_on=complete_on
        )
    return application


def _breach(entity: Any, by: Any, title: str, *, owner: Any = None) -> Any:
    return breach(entity, by, title=title, aware_at=NOW - timedelta(hours=5), owner=owner)


def test_bcr_clocks_panel_lists_open_clocks_overdue_first(dpo_user: Any) -> None:
    _application("Late", dpo_user, complete_on=date(2024, 3, 1))
    _application("Running", dpo_user, complete_on=date(2024, 6, 3))
    _application("Drafting", dpo_user)

    panel = bcr_clocks_panel(dpo_user, NOW)

    assert panel is not None
    rows = [(app.title, status.label, status.overdue) for app, status in panel["rows"]]
    assert rows == [("Late", "EDPB opinion", True), ("Running", "EDPB opinion", False)]
    assert panel["overdue"] == 1


def test_bcr_clocks_panel_leaves_out_withdrawn_applications(dpo_user: Any) -> None:
    application = _application("Gone", dpo_user, complete_on=date(2024, 3, 1))
    BCRApplication.objects.filter(pk=application.pk).update(state="withdrawn")

    panel = bcr_clocks_panel(dpo_user, NOW)

    assert panel is not None
    assert panel["rows"] == []


def test_bcr_clocks_panel_for_a_coordinator_shows_only_their_groups(
    dpo_user: Any, coordinator_user: Any
) -> None:
    mine = _application("Mine", dpo_user, complete_on=date(2024, 3, 1))
    _application("Theirs", dpo_user, complete_on=date(2024, 3, 1))
    mine.group.entities.get().coordinators.add(coordinator_user)

    panel = bcr_clocks_panel(coordinator_user, NOW)

    assert panel is not None
    assert [app.title for app, _status in panel["rows"]] == ["Mine"]


def test_bcr_clocks_panel_renders_days_left_and_basis(client_for: Any, dpo_user: Any) -> None:
    _application("Late", dpo_user, complete_on=date(2024, 3, 1))

    html = client_for(dpo_user).get(reverse("admin:index")).content.decode()

    panel = html[html.index('id="panel-bcr-clocks"') :]
    panel = panel[: panel.index("</div>")]
    assert "countdown-overdue" in panel
    assert "Art. 64" in panel
    assert "?clocks=overdue" in panel


@pytest.mark.parametrize("language", ["de", "ja"])
def test_bcr_clocks_panel_gives_the_basis_in_the_readers_language(
    client_for: Any, dpo_user: Any, language: str
) -> None:
    _application("Late", dpo_user, complete_on=date(2024, 3, 1))
    UserPreference.objects.update_or_create(user=dpo_user, defaults={"language": language})

    html = client_for(dpo_user).get(reverse("admin:index")).content.decode()

    panel = html[html.index('id="panel-bcr-clocks"') :]
    panel = panel[: panel.index("</div>")]
    assert re.findall(r'<td class="basis">(.*?)</td>', panel) == [OPINION[language]]


def test_reminders_panel_lists_pending_reminders_soonest_first(dpo_user: Any) -> None:
    entity = GroupEntityFactory(country_id="FR", region="", time_zone="Europe/Paris")
    incident = _breach(entity, dpo_user, "Reminded")

    panel = reminders_panel(dpo_user, NOW)

    assert panel is not None
    times = [e.row.next_reminder_at for e in panel["entries"]]
    assert times == sorted(times)
    assert {e.deadline.record for e in panel["entries"]} == {incident.reference}
    assert panel["upcoming_url"] == reverse("admin:compliance_reminder_upcoming")


def test_reminders_panel_for_a_coordinator_shows_their_deadlines_only(
    dpo_user: Any, coordinator_user: Any
) -> None:
    own = GroupEntityFactory(country_id="FR", region="", time_zone="Europe/Paris")
    other = GroupEntityFactory(country_id="FR", region="", time_zone="Europe/Paris")
    own.coordinators.add(coordinator_user)
    mine = _breach(own, dpo_user, "Mine")
    _breach(other, dpo_user, "Not mine")

    panel = reminders_panel(coordinator_user, NOW)

    assert panel is not None
    assert {e.deadline.record for e in panel["entries"]} == {mine.reference}
    assert len(panel["entries"]) > 0
    assert panel["upcoming_url"] is None  # coordinators do not read the reminder tables


def test_reminders_panel_shows_at_most_25(dpo_user: Any) -> None:
    entity = GroupEntityFactory(country_id="FR", region="", time_zone="Europe/Paris")
    for i in range(10):
        _breach(entity, dpo_user, f"B{i}")

    panel = reminders_panel(dpo_user, NOW)

    assert panel is not None
    assert (len(panel["entries"]), panel["truncated"]) == (25, True)


def test_dashboard_for_legal_has_export_buttons_and_no_edit_links(
    client_for: Any, legal_user: Any
) -> None:
    group = CorporateGroupFactory(name="Export Group", short_name="EXG")

    html = client_for(legal_user).get(reverse("admin:index")).content.decode()

    panel = html[html.index('id="panel-reports"') :].split("</div>")[0]
    export = "admin:compliance_corporategroup_export"
    assert re.findall(r'<a class="button" href="([^"]+)">', panel) == [
        reverse(export, args=[group.pk, "breach_register"]),
        reverse("admin:compliance_corporategroup_export_status", args=[group.pk]),
        reverse(export, args=[group.pk, "record_of_processing"]),
        reverse(export, args=[group.pk, "transfer_register"]),
    ]
    assert "/add/" not in html[html.index('id="dpo-dashboard"') : html.index("app-compliance")]


def test_dashboard_for_a_coordinator_has_no_export_buttons(
    client_for: Any, coordinator_user: Any
) -> None:
    CorporateGroupFactory(name="Export Group", short_name="EXG")

    html = client_for(coordinator_user).get(reverse("admin:index")).content.decode()

    assert "export" not in html[html.index('id="dpo-dashboard"') :].split("app-")[0]


def test_dashboard_query_count_does_not_grow_with_clocks_and_reminders(
    client_for: Any, dpo_user: Any, django_assert_num_queries: Any
) -> None:
    entity = GroupEntityFactory(country_id="FR", region="", time_zone="Europe/Paris")
    client = client_for(dpo_user)

    def build(n: int, start: int) -> None:
        for i in range(start, start + n):
            _application(f"A{i}", dpo_user, complete_on=date(2024, 3, 1))
            _breach(entity, dpo_user, f"B{i}")

    build(2, 0)
    with django_assert_num_queries(32):
        assert client.get(reverse("admin:index")).status_code == 200

    build(4, 2)

    with django_assert_num_queries(32):
        assert client.get(reverse("admin:index")).status_code == 200


def test_bcr_changelist_saved_filter_clock_overdue(client_for: Any, dpo_user: Any) -> None:
    _application("Late", dpo_user, complete_on=date(2024, 3, 1))
    _application("Running", dpo_user, complete_on=date(2024, 6, 3))
    _application("Drafting", dpo_user)
    url = reverse("admin:compliance_bcrapplication_changelist")

    response = client_for(dpo_user).get(url, {"clocks": "overdue"})

    assert [a.title for a in response.context["cl"].result_list] == ["Late"]
    assert "clock overdue" in response.content.decode()


def test_bcr_changelist_clock_overdue_query_count_does_not_grow_with_rows(
    client_for: Any, dpo_user: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(dpo_user)
    url = reverse("admin:compliance_bcrapplication_changelist") + "?clocks=overdue"
    for i in range(2):
        _application(f"A{i}", dpo_user, complete_on=date(2024, 3, 1))
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200

    for i in range(2, 6):
        _application(f"A{i}", dpo_user, complete_on=date(2024, 3, 1))

    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200


def test_open_breaches_panel_for_a_coordinator_counts_each_of_their_breaches_once(
    dpo_user: Any, coordinator_user: Any
) -> None:
    own = GroupEntityFactory(short_name="Own", country_id="FR", region="", time_zone="UTC")
    other = GroupEntityFactory(group=own.group, short_name="Other", country_id="DE")
    own.coordinators.add(coordinator_user)
    # Two of theirs, aware at different instants; the second also involves the other entity
    # (two involvement rows); a third of the other entity only, outside their scope.
    breach(own, dpo_user, title="Mine 1", aware_at=NOW - timedelta(hours=5))
    breach(
        own,
        dpo_user,
        title="Mine 2",
        aware_at=NOW - timedelta(hours=30),
        involved=[Involvement(entity=own), Involvement(entity=other)],
    )
    breach(other, dpo_user, title="Theirs", aware_at=NOW - timedelta(hours=7))

    mine = breaches_panel(coordinator_user, NOW)
    everything = breaches_panel(dpo_user, NOW)

    assert [(state, n) for state, _label, n in mine["states"]] == [
        ("detected", 2),
        ("assessing", 0),
        ("notifying", 0),
        ("monitoring", 0),
    ]
    assert [(state, n) for state, _label, n in everything["states"]] == [
        ("detected", 3),
        ("assessing", 0),
        ("notifying", 0),
        ("monitoring", 0),
    ]
