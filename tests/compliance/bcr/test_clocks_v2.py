"""BCR clocks v2 wired into the product (domain brief §8.4): the receipt of the EDPB opinion,
the Art. 3(4) move stored and shown, the Art. 65(3) and 65(6) clocks, the substantial-change
"promptly" clock with its reminders, the daily sync, lateness by where a period comes from."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import translation

from compliance.bcr import services as bcr
from compliance.bcr import tasks
from compliance.bcr.models import BCRApplication, BCRClock, BCRClockKind, BCRSubstantialChange
from compliance.bcr.reminders import SUBSTANTIAL_CHANGE_NATURE, describe_bcr_clock
from compliance.bcr.reports.timeline import clock_row
from compliance.bcr.selectors import CLOCK_LABELS, ClockStatus, procedure_clocks
from compliance.choices import COORDINATOR_GROUP
from compliance.registry.models import CorporateGroup, GroupEntity
from compliance.registry.services import designate_main_establishment
from compliance.reminders.defaults import DEFAULT_POLICIES, ensure_default_policies
from compliance.reminders.models import Reminder, ReminderPolicy
from compliance.rules import bcr as rules
from tests.compliance.bcr.helpers import advance

pytestmark = pytest.mark.django_db

RESPONSE = rules.LEAD_RESPONSE
ART65 = rules.ART65_DECISION
MAJORITY = rules.ART65_MAJORITY_DECISION
FINAL = rules.LEAD_FINAL_DECISION
CHANGE = rules.SUBSTANTIAL_CHANGE_REPORT


@pytest.fixture
def main_establishment(group: CorporateGroup, django_user_model: Any) -> GroupEntity:
    entity = GroupEntity.objects.get(group=group, short_name="Düsseldorf")
    designate_main_establishment(entity=entity, since=date(2018, 5, 25), reason="EU headquarters")
    coordinator = django_user_model.objects.create_user(
        username="coord-dus", email="coord-dus@example.com", is_staff=True
    )
    coordinator.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    entity.coordinators.add(coordinator)
    return entity


def _step(application: BCRApplication, name: str, on: date, by: Any, **params: Any) -> None:
    bcr.transition_application(application=application, name=name, on=on, by=by, **params)


def _rows(
    application: BCRApplication, kind: str
) -> list[tuple[date, date, date | None, str, str, bool, date | None]]:
    return [
        (r.starts_on, r.due_on, r.met_on, r.status, r.deadline_source, r.assumed, r.moved_from)
        for r in BCRClock.objects.filter(application=application, kind=kind).order_by("pk")
    ]


def _in_lead_response(application: BCRApplication, by: Any, **opinion: Any) -> BCRApplication:
    advance(application, "opinion_pending", by)
    _step(application, "record_opinion", date(2021, 8, 2), by, **opinion)
    return application


def _in_dispute(application: BCRApplication, by: Any) -> BCRApplication:
    _in_lead_response(application, by, received_on=date(2021, 8, 3))
    _step(application, "refer_to_dispute", date(2021, 8, 10), by)
    return application


# Art. 64(7): from the receipt of the opinion; assumed while it is not recorded.


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        # Not recorded: counted from the opinion's date (Mon 2 Aug), marked assumed.
        (None, (date(2021, 8, 2), date(2021, 8, 16), None, "open", "statute", True, None)),
        # Received on Wednesday: two weeks to Wednesday 18 Aug.
        (
            date(2021, 8, 4),
            (date(2021, 8, 4), date(2021, 8, 18), None, "open", "statute", False, None),
        ),
        # Received on Saturday 7 Aug: the two weeks end on Saturday 21 Aug, moved to Monday.
        (
            date(2021, 8, 7),
            (
                date(2021, 8, 7),
                date(2021, 8, 23),
                None,
                "open",
                "statute",
                False,
                date(2021, 8, 21),
            ),
        ),
    ],
)
def test_lead_response_clock_runs_from_the_recorded_receipt_of_the_opinion(
    application: BCRApplication, dpo_user: Any, received_on: date | None, expected: tuple[Any, ...]
) -> None:
    with time_machine.travel(date(2021, 8, 9), tick=False):
        params = {} if received_on is None else {"received_on": received_on}
        _in_lead_response(application, dpo_user, **params)

    assert _rows(application, RESPONSE) == [expected]
    assert BCRApplication.objects.get(pk=application.pk).opinion_received_on == received_on


def test_recording_the_receipt_later_replaces_the_assumed_clock(
    application: BCRApplication, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 8, 9), tick=False):
        _in_lead_response(application, dpo_user)
        _step(application, "record_opinion_receipt", date(2021, 8, 4), dpo_user)

    assert _rows(application, RESPONSE) == [
        (date(2021, 8, 2), date(2021, 8, 16), None, "cancelled", "statute", True, None),
        (date(2021, 8, 4), date(2021, 8, 18), None, "open", "statute", False, None),
    ]
    assert list(application.timeline.values_list("action", "on").order_by("-pk")[:1]) == [
        ("record_opinion_receipt", date(2021, 8, 4))
    ]


@pytest.mark.parametrize(
    ("name", "on", "params", "message"),
    [
        (
            "record_opinion",
            date(2021, 8, 2),
            {"received_on": date(2021, 8, 1)},
            "The receipt of the opinion (2021-08-01) cannot precede 2021-08-02.",
        ),
        (
            "record_opinion",
            date(2021, 8, 2),
            {"received_on": date(2021, 8, 10)},
            "The receipt of the opinion is in the future.",
        ),
    ],
)
def test_receipt_of_the_opinion_is_refused_before_the_opinion_or_in_the_future(
    application: BCRApplication,
    dpo_user: Any,
    name: str,
    on: date,
    params: dict[str, Any],
    message: str,
) -> None:
    with time_machine.travel(date(2021, 8, 9), tick=False):
        advance(application, "opinion_pending", dpo_user)
        with pytest.raises(bcr.TransitionRefused) as refused:
            _step(application, name, on, dpo_user, **params)

    assert str(refused.value) == message


def test_receipt_step_is_refused_before_the_opinion(
    application: BCRApplication, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 8, 9), tick=False):
        _in_lead_response(application, dpo_user)
        application.refresh_from_db()
        with pytest.raises(bcr.TransitionRefused) as refused:
            # The guard of the step's own date order comes first.
            _step(application, "record_opinion_receipt", date(2021, 8, 1), dpo_user)

    assert str(refused.value) == (
        "The date 2021-08-01 is before the last step of the procedure (2021-08-02); steps are "
        "recorded in the order they happened."
    )


def test_assumed_and_moved_clocks_are_said_in_the_admin_and_the_report(
    application: BCRApplication, dpo_user: Any, client_for: Any
) -> None:
    with time_machine.travel(date(2021, 8, 9), tick=False):
        advance(application, "opinion_pending", dpo_user)
        # File complete Mon 28 Jun: eight weeks end on Mon 23 Aug (not moved). The opinion of
        # Sat 7 Aug, receipt unrecorded: two weeks end Sat 21 Aug, moved to Mon 23 Aug.
        _step(application, "record_opinion", date(2021, 8, 7), dpo_user)
        statuses = {s.clock.kind: s for s in procedure_clocks(application)}
        row = clock_row(statuses[RESPONSE])
        page = client_for(dpo_user).get(f"/compliance/bcrapplication/{application.pk}/change/")

    notes = [
        "assumed: the day the lead authority received the opinion is not recorded; counted "
        "from the opinion's date (the earlier start)",
        "moved from Saturday 21 Aug to Monday 23 Aug, Reg. 1182/71 Art. 3(4)",
    ]
    assert statuses[RESPONSE].notes == notes
    assert statuses[rules.EDPB_OPINION].notes == []
    assert (row.label, row.due_on, row.notes) == (
        "Lead authority's response to the EDPB",
        date(2021, 8, 23),
        notes,
    )
    html = page.content.decode().replace("&#x27;", "'")
    assert [note in html for note in notes] == [True, True]


def test_move_note_names_the_weekdays_in_the_reader_language() -> None:
    clock = rules.lead_response_clock(opinion_on=date(2021, 8, 7), received_on=date(2021, 8, 7))
    status = ClockStatus(clock=clock, label="x", on=date(2021, 8, 9))

    with translation.override("de"):
        notes = status.notes

    assert notes == ["verschoben von Samstag 21 Aug auf Montag 23 Aug, VO 1182/71 Art. 3 Abs. 4"]


# Art. 65(3) appears once the Art. 65(2) period has ended; Art. 65(6) from the notification.


def test_majority_clock_appears_with_the_daily_sync_once_the_dispute_period_ends(
    application: BCRApplication, main_establishment: GroupEntity, dpo_user: Any
) -> None:
    ensure_default_policies()
    with time_machine.travel(date(2021, 8, 11), tick=False):
        _in_dispute(application, dpo_user)
    # Referred Tue 10 Aug: Art. 65(2) ends Fri 10 Sep.
    with time_machine.travel(date(2021, 9, 10), tick=False):
        on_last_day = tasks.sync_bcr_clocks()
        before = _rows(application, MAJORITY)
    with time_machine.travel(date(2021, 9, 11), tick=False):
        after_last_day = tasks.sync_bcr_clocks()

    assert (on_last_day, before) == (1, [])
    assert after_last_day == 1
    assert _rows(application, ART65) == [
        (date(2021, 8, 10), date(2021, 9, 10), None, "open", "statute", False, None)
    ]
    assert _rows(application, MAJORITY) == [
        (date(2021, 9, 10), date(2021, 9, 24), None, "open", "statute", False, None)
    ]
    assert sorted(Reminder.objects.filter(kind=MAJORITY).values_list("threshold", flat=True)) == [
        "due-0h",
        "due-14d",
        "due-7d",
        "overdue-1",
    ]


def test_beat_runs_the_clock_sync_daily() -> None:
    from celery.schedules import crontab

    from config.celery import app

    entry = app.conf.beat_schedule["sync-bcr-clocks"]
    daily = crontab(minute=15, hour=0)

    assert (entry["task"], entry["schedule"]) == (tasks.SYNC_CLOCKS_TASK, daily)
    assert tasks.SYNC_CLOCKS_TASK in app.tasks


def test_final_decision_clock_runs_from_the_notification_and_is_met_by_the_approval(
    application: BCRApplication, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 9, 30), tick=False):
        _in_dispute(application, dpo_user)
        _step(
            application,
            "record_dispute_decision",
            date(2021, 8, 30),
            dpo_user,
            notified_on=date(2021, 9, 1),
        )
        open_rows = _rows(application, FINAL)
        bcr.approve_application(application=application, on=date(2021, 9, 20), by=dpo_user)

    assert open_rows == [
        (date(2021, 9, 1), date(2021, 10, 1), None, "open", "statute", False, None)
    ]
    assert _rows(application, FINAL) == [
        (date(2021, 9, 1), date(2021, 10, 1), date(2021, 9, 20), "met", "statute", False, None)
    ]
    assert BCRApplication.objects.get(pk=application.pk).final_decision_on == date(2021, 9, 20)


def test_notification_recorded_as_its_own_step_starts_the_final_decision_clock(
    application: BCRApplication, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 9, 30), tick=False):
        _in_dispute(application, dpo_user)
        _step(application, "record_dispute_decision", date(2021, 8, 30), dpo_user)
        without = _rows(application, FINAL)
        # Notified Thu 2 Sep: one month ends Sat 2 Oct, moved to Mon 4 Oct.
        _step(application, "record_dispute_notification", date(2021, 9, 2), dpo_user)

    assert without == []
    assert _rows(application, FINAL) == [
        (date(2021, 9, 2), date(2021, 10, 4), None, "open", "statute", False, date(2021, 10, 2))
    ]


def test_invalidation_clears_the_new_dates_of_the_procedure(
    application: BCRApplication, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 9, 30), tick=False):
        _in_dispute(application, dpo_user)
        _step(
            application,
            "record_dispute_decision",
            date(2021, 8, 30),
            dpo_user,
            notified_on=date(2021, 9, 1),
        )
        bcr.approve_application(application=application, on=date(2021, 9, 20), by=dpo_user)
        bcr.invalidate_approval(
            application=application, on=date(2021, 9, 29), reason="re-run", by=dpo_user
        )

    application.refresh_from_db()
    assert (
        application.opinion_received_on,
        application.dispute_notified_on,
        application.final_decision_on,
    ) == (None, None, None)


# The substantial change reported "promptly": an internal target with reminders.


@pytest.fixture
def approved(application: BCRApplication, dpo_user: Any) -> BCRApplication:
    with time_machine.travel(date(2021, 8, 6), tick=False):
        advance(application, "approved", dpo_user)
    application.refresh_from_db()
    return application


@pytest.mark.parametrize(
    ("working_days", "changed_on", "due_on"),
    [
        # Wed 1 Sep 2021 + 10 Brussels working days = Wed 15 Sep.
        (10, date(2021, 9, 1), date(2021, 9, 15)),
        (5, date(2021, 9, 1), date(2021, 9, 8)),
        # Fri 17 Dec 2021: the EU institutions' end-of-year days (24-31 Dec) and the
        # New Year's days (1-2 Jan) are not counted: 20, 21, 22, 23 Dec, 3, 4, ... Jan.
        (10, date(2021, 12, 17), date(2022, 1, 10)),
    ],
)
def test_substantial_change_starts_the_promptly_clock_of_the_setting(
    approved: BCRApplication,
    main_establishment: GroupEntity,
    dpo_user: Any,
    settings: Any,
    working_days: int,
    changed_on: date,
    due_on: date,
) -> None:
    ensure_default_policies()
    settings.BCR_SUBSTANTIAL_CHANGE_WORKING_DAYS = working_days
    assert approved.bcr is not None

    with time_machine.travel(changed_on, tick=False):
        change = bcr.report_substantial_change(
            bcr=approved.bcr, changed_on=changed_on, description="New member in Singapore"
        )

    assert _rows(approved, CHANGE) == [(changed_on, due_on, None, "open", "internal", False, None)]
    assert BCRClock.objects.get(kind=CHANGE).substantial_change == change
    assert sorted(Reminder.objects.filter(kind=CHANGE).values_list("threshold", flat=True)) == [
        "due-0h",
        "due-2d",
        "due-7d",
        "overdue-1",
        "start+0h",
    ]


def test_substantial_change_reported_meets_its_clock_and_an_unreportable_one_has_none(
    approved: BCRApplication, dpo_user: Any
) -> None:
    assert approved.bcr is not None
    with time_machine.travel(date(2021, 9, 20), tick=False):
        first = bcr.report_substantial_change(
            bcr=approved.bcr, changed_on=date(2021, 9, 1), description="Binding nature"
        )
        bcr.report_substantial_change(
            bcr=approved.bcr, changed_on=date(2021, 9, 1), description="A second one that day"
        )
        bcr.report_substantial_change(
            bcr=approved.bcr,
            changed_on=date(2021, 9, 1),
            description="Wording",
            affects_protection=False,
        )
        first.reported_on = date(2021, 9, 16)
        bcr.save_substantial_change(change=first, by=dpo_user)

    rows = [
        (r.substantial_change.description, r.due_on, r.met_on, r.status)
        for r in BCRClock.objects.filter(kind=CHANGE).select_related("substantial_change")
    ]
    assert sorted(rows) == [
        ("A second one that day", date(2021, 9, 15), None, "open"),
        ("Binding nature", date(2021, 9, 15), date(2021, 9, 16), "met"),
    ]
    first.refresh_from_db()
    assert first.reported_to == approved.lead_authority


def test_substantial_change_saved_in_the_admin_starts_its_clock(
    approved: BCRApplication, dpo_user: Any, client_for: Any
) -> None:
    assert approved.bcr is not None
    with time_machine.travel(date(2021, 9, 2), tick=False):
        response = client_for(dpo_user).post(
            "/compliance/bcrsubstantialchange/add/",
            {
                "bcr": approved.bcr.pk,
                "changed_on": "2021-09-01",
                "description": "New member",
                "affects_protection": "on",
            },
        )

    assert response.status_code == 302
    assert _rows(approved, CHANGE) == [
        (date(2021, 9, 1), date(2021, 9, 15), None, "open", "internal", False, None)
    ]


# Lateness by where the period comes from.


def test_missed_internal_target_is_not_late_but_a_missed_statute_period_is(
    approved: BCRApplication, dpo_user: Any
) -> None:
    assert approved.bcr is not None
    with time_machine.travel(date(2021, 9, 30), tick=False):
        bcr.report_substantial_change(
            bcr=approved.bcr,
            changed_on=date(2021, 9, 1),
            description="Binding nature",
            reported_on=date(2021, 9, 20),
        )
    statuses = {s.clock.kind: s for s in procedure_clocks(approved, on=date(2021, 9, 30))}
    internal = clock_row(statuses[CHANGE])
    statute = ClockStatus(
        clock=rules.lead_response_clock(opinion_on=date(2021, 8, 2), response_on=date(2021, 8, 20)),
        label="x",
        on=date(2021, 9, 30),
    )

    assert (internal.outcome, internal.late, statuses[CHANGE].late) == (
        "met on 2021-09-20 — after the target",
        False,
        False,
    )
    assert internal.notes == ["internal target of the DPO office, not a statutory deadline"]
    assert (clock_row(statute).outcome, clock_row(statute).late, statute.late) == (
        "met on 2021-08-20 — late",
        True,
        True,
    )


def test_reminder_says_the_substantial_change_date_is_an_internal_target(
    approved: BCRApplication, main_establishment: GroupEntity
) -> None:
    assert approved.bcr is not None
    with time_machine.travel(date(2021, 9, 2), tick=False):
        bcr.report_substantial_change(
            bcr=approved.bcr, changed_on=date(2021, 9, 1), description="Binding nature"
        )
    change_row = BCRClock.objects.get(kind=CHANGE)
    annual_row = BCRClock.objects.get(kind=rules.ANNUAL_UPDATE)
    response_row = BCRClock.objects.get(kind=RESPONSE)

    described = [describe_bcr_clock(r) for r in (change_row, annual_row, response_row)]

    assert [(d.title, d.nature) for d in described] == [
        (
            "Controller BCRs of BCR Group: Substantial change reported to the BCR Lead, "
            "internal target 2021-09-15",
            SUBSTANTIAL_CHANGE_NATURE,
        ),
        (
            "Controller BCRs of BCR Group: Annual update to the BCR Lead due 2022-08-05",
            "Due under the BCR's commitment to report changes yearly to the BCR Lead",
        ),
        ("Controller BCRs of BCR Group: Lead authority's response to the EDPB due 2021-08-16", ""),
    ]
    assert (annual_row.deadline_source, response_row.deadline_source) == ("guideline", "statute")


# Policies and labels.


def test_new_clock_kinds_have_their_shipped_policies() -> None:
    kinds = [MAJORITY, FINAL, CHANGE]

    migrated = {
        p.kind: (p.lead_times, p.notify_dpo) for p in ReminderPolicy.objects.filter(kind__in=kinds)
    }

    assert migrated == {
        MAJORITY: ("14d, 7d, 0h", True),
        FINAL: ("14d, 7d, 0h", True),
        CHANGE: ("7d, 2d, 0h", True),
    }
    assert [DEFAULT_POLICIES[k]["lead_times"] for k in kinds] == [
        "14d, 7d, 0h",
        "14d, 7d, 0h",
        "7d, 2d, 0h",
    ]


def test_every_bcr_clock_kind_has_one_translated_label() -> None:
    kinds = [
        rules.EDPB_OPINION,
        RESPONSE,
        ART65,
        MAJORITY,
        FINAL,
        rules.ANNUAL_UPDATE,
        CHANGE,
    ]

    assert list(CLOCK_LABELS) == kinds
    assert [CLOCK_LABELS[k] for k in kinds] == [BCRClockKind(k).label for k in kinds]
    with translation.override("de"):
        assert str(CLOCK_LABELS[rules.EDPB_OPINION]) == translation.gettext("EDPB opinion")


def test_substantial_change_clock_row_is_kept_when_the_change_is_kept(
    approved: BCRApplication,
) -> None:
    assert approved.bcr is not None
    with time_machine.travel(date(2021, 9, 2), tick=False):
        change = bcr.report_substantial_change(
            bcr=approved.bcr, changed_on=date(2021, 9, 1), description="Binding nature"
        )
        change.affects_protection = False
        bcr.save_substantial_change(change=change)

    assert _rows(approved, CHANGE) == [
        (date(2021, 9, 1), date(2021, 9, 15), None, "cancelled", "internal", False, None)
    ]
    assert BCRSubstantialChange.objects.count() == 1
