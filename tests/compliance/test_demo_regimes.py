"""The demo's multi-regime breach: one intrusion, four regimes' clocks (domain brief §8.5), shown
on the dashboard, reminded and in the calendar feed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident
from compliance.reminders.calendar import issue_calendar_token
from compliance.reminders.defaults import ensure_default_policies
from compliance.reminders.models import Reminder, ReminderDelivery
from compliance.reminders.sweep import send_due_reminders
from compliance.reports import registry
from tests.compliance.reports.conftest import page_texts, squeeze

pytestmark = pytest.mark.django_db

# A Tuesday: the demo breach became aware ten hours earlier, 02:00 UTC = Monday 23:00 in São
# Paulo, so the ANPD's 3 business days end on Thursday 2026-03-05 23:59:59 BRT.
NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
AWARE = NOW - timedelta(hours=10)
TITLE = "Intrusion into the group's customer sign-in service"
BR_DUE = datetime(2026, 3, 6, 2, 59, 59, tzinfo=UTC)

# (owing entity, regime, kind, recipient authority, due instant, source)
_72H, _24H = AWARE + timedelta(hours=72), AWARE + timedelta(hours=24)
CLOCKS = [
    ("EIG Düsseldorf", "EU_GDPR", "authority_notification", "LDI NRW", _72H, "statute"),
    ("EIG Düsseldorf", "EU_GDPR", "data_subject_notification", None, None, ""),
    ("EIG Düsseldorf", "EU_NIS2", "early_warning", "BSI", _24H, "statute"),
    ("EIG Düsseldorf", "EU_NIS2", "final_report", "BSI", None, ""),
    ("EIG Düsseldorf", "EU_NIS2", "incident_notification", "BSI", _72H, "statute"),
    ("EIG Seoul", "KR_PIPA", "authority_notification", "PIPC", _72H, "statute"),
    ("EIG Seoul", "KR_PIPA", "data_subject_notification", None, _72H, "statute"),
    ("EIG São Paulo", "BR_LGPD", "authority_notification", "ANPD", BR_DUE, "statute"),
    ("EIG São Paulo", "BR_LGPD", "data_subject_notification", None, BR_DUE, "statute"),
]  # fmt: skip
TIMED = [c for c in CLOCKS if c[4] is not None]
COUNTRY = {"EU_GDPR": "DE", "EU_NIS2": "DE", "KR_PIPA": "KR", "BR_LGPD": "BR"}


@pytest.fixture
def incident() -> BreachIncident:
    ensure_default_policies()
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", force=True)
    return BreachIncident.objects.get(title=TITLE)


def _label(row: tuple[Any, ...]) -> str:
    regimes = {
        "EU_GDPR": "EU GDPR",
        "EU_NIS2": "EU NIS2",
        "KR_PIPA": "Korea PIPA",
        "BR_LGPD": "Brazil LGPD",
    }
    kinds = {
        "authority_notification": "notification to the authority",
        "data_subject_notification": "notification to data subjects",
        "early_warning": "early warning",
        "incident_notification": "incident notification",
        "final_report": "final report",
    }
    return f"{regimes[row[1]]} — {kinds[row[2]]}"


def test_demo_breach_starts_clocks_in_four_regimes(incident: BreachIncident) -> None:
    rows = incident.deadlines.filter(required=True).select_related("entity", "recipient_authority")

    assert incident.state == "notifying"
    assert sorted(incident.involvements.values_list("entity__short_name", flat=True)) == [
        "EIG Düsseldorf",
        "EIG Seoul",
        "EIG São Paulo",
    ]
    assert incident.aware_at == AWARE
    assert sorted(
        (
            d.entity.short_name,
            d.regime,
            d.kind,
            d.recipient_authority.short_name if d.recipient_authority else None,
            d.due_at,
            d.deadline_source,
        )
        for d in rows
    ) == sorted(CLOCKS, key=lambda c: (c[0], c[1], c[2]))
    assert set(rows.values_list("status", flat=True)) == {"open"}
    assert sorted({d.regime for d in rows}) == ["BR_LGPD", "EU_GDPR", "EU_NIS2", "KR_PIPA"]


def test_demo_dashboard_shows_every_clock_of_the_breach(
    incident: BreachIncident, client_for: Any, dpo_user: Any
) -> None:
    with time_machine.travel(NOW, tick=False):
        html = client_for(dpo_user).get(reverse("admin:index")).content.decode()

    panel = html[html.index('id="panel-deadlines"') : html.index('id="panel-breaches"')]
    cells = [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td>(.*?)</td>", tr, re.S)
        ]
        for tr in re.findall(r"<tr>(.*?)</tr>", panel, re.S)
    ]
    mine = sorted((c[2], c[3], c[4], c[5]) for c in cells if len(c) == 6 and c[1] == str(incident))
    # The last column is the owing entity's own clock.
    zones = {"EIG Düsseldorf": ("Europe/Berlin", "CET"), "EIG Seoul": ("Asia/Seoul", "KST")}
    zones["EIG São Paulo"] = ("America/Sao_Paulo", "-03")

    def local(c: tuple[Any, ...]) -> str:
        zone, abbreviation = zones[c[0]]
        return f"{c[4].astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M} {abbreviation}"

    assert mine == sorted(
        (_label(c), c[3] or "—", f"{c[4]:%Y-%m-%d %H:%M}", local(c)) for c in TIMED
    )


def test_demo_breach_reminds_every_clock_and_a_sweep_sends_them(
    incident: BreachIncident, mailoutbox: list[Any]
) -> None:
    ids = dict(incident.deadlines.values_list("pk", "regime"))
    kinds = dict(incident.deadlines.values_list("pk", "kind"))
    reminded = {
        (ids[r.object_id], kinds[r.object_id])
        for r in Reminder.objects.filter(object_id__in=ids, cancelled_at__isnull=True)
    }
    # Every running clock, and the GDPR's data subjects by the policy's internal target; the
    # NIS2 final report has no instant until the incident notification is submitted.
    assert reminded == {(c[1], c[2]) for c in CLOCKS if c[2] != "final_report"}

    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        send_due_reminders(budget=float("inf"))

    sent = {
        (ids[d.reminder.object_id], kinds[d.reminder.object_id])
        for d in ReminderDelivery.objects.filter(
            reminder__object_id__in=ids, recipient__username="dpo"
        ).select_related("reminder")
    }
    assert sent == reminded


def test_demo_calendar_feed_has_every_clock(
    incident: BreachIncident, client: Any, dpo_user: Any
) -> None:
    _token, raw = issue_calendar_token(user=dpo_user)
    with time_machine.travel(NOW, tick=False):
        body = client.get(f"/calendar/{raw}.ics").content.decode()

    unfolded = body.replace("\r\n ", "")
    events = re.findall(r"SUMMARY:([^\r]*)\r\nDTSTART:(\d{8}T\d{6}Z)", unfolded)
    ref = incident.reference
    mine = sorted((s, start) for s, start in events if ref in s)
    timed = [
        (
            f"Deadline: {ref} {TITLE}: {_label(c).replace(' — ', ' ')}"
            f"{f' ({COUNTRY[c[1]]})' if c[3] else ''}"
            f"{'' if c[0] == 'EIG Düsseldorf' else f' (owed by {c[0]})'}",
            f"{c[4]:%Y%m%dT%H%M%SZ}",
        )
        for c in TIMED
    ]
    internal = (
        f"Internal target: {ref} {TITLE}: EU GDPR notification to data subjects",
        f"{AWARE + timedelta(hours=72):%Y%m%dT%H%M%SZ}",
    )
    assert mine == sorted([*timed, internal])


STEPS = (
    "Recommended steps Change your password for the group's services and for any other service "
    "where you used the same one; ignore messages that ask for your resident registration or "
    "CPF number."
)
# (regime, kind, the item its law asks for, printed with the demo's recorded value)
DOCUMENT_ITEMS = [
    (
        "KR_PIPA",
        "authority_notification",
        f"— What the data subjects can do to minimise the possible harm {STEPS}",
    ),
    (
        "BR_LGPD",
        "authority_notification",
        "— Total number of data subjects of the processing affected Data subjects of the "
        "processing affected approximately 1,250,000 persons",
    ),
    (
        "EU_NIS2",
        "incident_notification",
        "4. Indicators of compromise, where available Indicators of compromise Requests from "
        "203.0.113.45 and 198.51.100.23 to /signin/api/v2/export; web shell "
        "/srv/signin/static/health.jsp.",
    ),
]


@pytest.mark.parametrize(("regime", "kind", "expected"), DOCUMENT_ITEMS)
def test_demo_breach_documents_print_what_each_regime_asks_for(
    incident: BreachIncident, regime: str, kind: str, expected: str, dpo_user: Any
) -> None:
    deadline = incident.deadlines.get(regime=regime, kind=kind)
    with time_machine.travel(NOW, tick=False):
        notification = breaches.start_notification(
            deadline=deadline, by=dpo_user, summary="As in the items."
        )
        pdf = registry.render_report(
            "breach_notification",
            obj=notification,
            user=None,
            lang="en",
            as_of=NOW.date(),
            generated_at=NOW,
        ).content

    assert squeeze(expected) in squeeze(" ".join(page_texts(pdf)))
