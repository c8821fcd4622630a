"""The procedure clocks of an application (for the admin and the reminders) and the records of
life after approval: annual updates, substantial changes, complaints."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from compliance.bcr import services as bcr
from compliance.bcr.models import BCRApplication, BCRComplaint, BindingCorporateRules
from compliance.bcr.selectors import procedure_clocks, procedure_deadlines
from tests.compliance.bcr.helpers import advance, application_in, complete_checklist

pytestmark = pytest.mark.django_db


def _clocks(app: BCRApplication, on: date) -> list[tuple[str, date, date | None, bool]]:
    return [
        (s.clock.kind, s.clock.due_on, s.clock.met_on, s.overdue)
        for s in procedure_clocks(app, on=on)
    ]


def test_no_clock_runs_before_the_file_is_complete(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "concerned_review", dpo_user)
    complete_checklist(application, dpo_user)
    bcr.transition_application(
        application=application, name="submit_to_edpb", on=date(2021, 6, 28), by=dpo_user
    )

    assert _clocks(application, date(2021, 7, 1)) == []
    assert procedure_deadlines(application) == []


def test_confirming_the_complete_file_starts_the_opinion_clock(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "concerned_review", dpo_user)
    complete_checklist(application, dpo_user)
    bcr.transition_application(
        application=application, name="submit_to_edpb", on=date(2021, 6, 28), by=dpo_user
    )

    bcr.transition_application(
        application=application, name="confirm_file_complete", on=date(2021, 7, 5), by=dpo_user
    )

    assert _clocks(application, date(2021, 7, 5)) == [
        ("bcr.edpb_opinion", date(2021, 8, 30), None, False)
    ]


def test_opinion_due_eight_weeks_then_fourteen_when_extended(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "submitted_to_edpb", dpo_user)
    before = _clocks(application, date(2021, 8, 24))

    bcr.transition_application(
        application=application, name="extend_opinion_period", on=date(2021, 8, 9), by=dpo_user
    )

    assert before == [("bcr.edpb_opinion", date(2021, 8, 23), None, True)]
    assert _clocks(application, date(2021, 8, 24)) == [
        ("bcr.edpb_opinion", date(2021, 10, 4), None, False)
    ]


def test_lead_response_due_two_weeks_after_the_opinion_and_overdue_after(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "lead_response", dpo_user)

    assert _clocks(application, date(2021, 8, 17)) == [
        ("bcr.edpb_opinion", date(2021, 8, 23), date(2021, 8, 2), False),
        ("bcr.lead_response", date(2021, 8, 16), None, True),
    ]


def test_dispute_decision_due_one_month_then_two_when_extended(
    application: BCRApplication, dpo_user: Any
) -> None:
    application_in(application, "edpb_dispute", dpo_user)
    before = _clocks(application, date(2021, 8, 20))[-1]

    bcr.transition_application(
        application=application, name="extend_dispute_period", on=date(2021, 9, 1), by=dpo_user
    )

    assert before == ("bcr.art65_decision", date(2021, 9, 10), None, False)
    assert _clocks(application, date(2021, 9, 20))[-1] == (
        "bcr.art65_decision",
        date(2021, 10, 11),  # Sunday 10 Oct moves to Monday (Reg. 1182/71 Art. 3(4))
        None,
        False,
    )
    # the lead answered (not following the opinion) on the day of the referral
    assert _clocks(application, date(2021, 9, 20))[1][2] == date(2021, 8, 10)


def test_procedure_deadlines_give_the_open_clocks_with_their_basis(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "lead_response", dpo_user)

    deadlines = procedure_deadlines(application)

    assert [(kind, due) for kind, due, _ in deadlines] == [("bcr.lead_response", date(2021, 8, 16))]
    assert deadlines[0][2].startswith("GDPR Art. 64(7)")


def test_procedure_deadlines_after_approval_is_the_annual_update(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "approved", dpo_user)

    deadlines = procedure_deadlines(application)

    assert [(kind, due) for kind, due, _ in deadlines] == [("bcr.annual_update", date(2022, 8, 5))]


def test_procedure_deadlines_of_a_withdrawn_application_are_none(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "submitted_to_edpb", dpo_user)
    bcr.transition_application(
        application=application, name="withdraw", on=date(2021, 7, 1), by=dpo_user
    )

    assert procedure_deadlines(application) == []


def test_annual_update_snapshots_the_members_and_moves_the_next_due_date(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "approved", dpo_user)
    rules = BindingCorporateRules.objects.get()

    update = bcr.record_annual_update(
        bcr=rules, sent_on=date(2022, 7, 20), changes="Hong Kong entity added", by=dpo_user
    )

    assert (update.period_start, update.period_end, update.due_on, update.late) == (
        date(2021, 8, 5),
        date(2022, 7, 20),
        date(2022, 8, 5),
        False,
    )
    assert [m["entity"] for m in update.members_snapshot] == ["Düsseldorf", "Tokyo", "US"]
    assert update.sent_to.key == "de_nw_ldi"
    assert [(k, d) for k, d, _ in procedure_deadlines(application)] == [
        ("bcr.annual_update", date(2023, 7, 20))
    ]


def test_annual_update_late_when_sent_after_a_year(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "approved", dpo_user)

    update = bcr.record_annual_update(
        bcr=BindingCorporateRules.objects.get(), sent_on=date(2022, 8, 6), changes="", by=dpo_user
    )

    assert update.late is True


def test_annual_update_before_the_approval_refused(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "approved", dpo_user)

    with pytest.raises(ValidationError) as excinfo:
        bcr.record_annual_update(
            bcr=BindingCorporateRules.objects.get(), sent_on=date(2021, 8, 4), changes=""
        )

    assert excinfo.value.messages == ["An annual update follows the approval of the BCRs."]


def test_substantial_change_cannot_be_reported_before_it_happened(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "approved", dpo_user)
    rules = BindingCorporateRules.objects.get()

    with pytest.raises(ValidationError) as excinfo:
        bcr.report_substantial_change(
            bcr=rules,
            changed_on=date(2022, 5, 1),
            reported_on=date(2022, 4, 30),
            description="New processing purpose",
        )
    change = bcr.report_substantial_change(
        bcr=rules, changed_on=date(2022, 5, 1), reported_on=date(2022, 5, 3), description="X"
    )

    assert excinfo.value.messages == ["A change cannot be reported before it happened."]
    assert change.reported_to.key == "de_nw_ldi"


def test_complaint_handled_needs_an_outcome(application: BCRApplication, dpo_user: Any) -> None:
    advance(application, "approved", dpo_user)
    complaint = BCRComplaint(
        bcr=BindingCorporateRules.objects.get(),
        entity=application.group.entities.get(short_name="US"),
        received_on=date(2022, 1, 10),
        subject="Access request unanswered",
        handled_on=date(2022, 1, 31),
    )

    with pytest.raises(ValidationError) as excinfo:
        bcr.save_record(record=complaint, by=dpo_user)

    assert excinfo.value.messages == ["Record the outcome of a handled complaint."]


def test_annual_update_sent_in_the_future_refused(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "approved", dpo_user)
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as excinfo:
        bcr.record_annual_update(
            bcr=BindingCorporateRules.objects.get(), sent_on=tomorrow, changes="", by=dpo_user
        )

    assert excinfo.value.messages == [
        f"The update cannot have been sent on {tomorrow.isoformat()}: that date is in the future."
    ]
    assert BindingCorporateRules.objects.get().annual_updates.count() == 0
