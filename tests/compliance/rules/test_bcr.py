"""Clocks and checks of the BCR procedure (domain brief §5, §8.4). Every expected date is counted
by hand on the calendar: n weeks = 7·n days; n months = same day n months later, clamped to the end
of a shorter month; a last day on a Saturday, Sunday or Brussels holiday moves to the next working
day (Reg. 1182/71 Art. 3(4))."""

from datetime import date

import pytest

from compliance.rules.bcr import (
    ANNUAL_UPDATE,
    ART65_DECISION,
    ART65_MAJORITY_DECISION,
    ART_47_2_ITEMS,
    CONVENTION,
    DPF_CERTIFICATION_REVIEW,
    DPF_REVIEW_REMINDER_DAYS,
    EDPB_OPINION,
    GUIDELINE,
    INTERNAL,
    LEAD_FINAL_DECISION,
    LEAD_RESPONSE,
    STATUTE,
    SUBSTANTIAL_CHANGE_REPORT,
    Clock,
    ProcedureFacts,
    add_months,
    add_weeks,
    annual_update_clock,
    approval_check,
    co_reviewer_check,
    dispute_clock,
    dpf_review_clock,
    edpb_opinion_clock,
    lead_final_decision_clock,
    lead_response_clock,
    majority_decision_clock,
    period_end,
    procedure_clocks,
    submission_check,
    substantial_change_clock,
)


@pytest.mark.parametrize(
    ("start", "weeks", "expected"),
    [
        (date(2021, 6, 28), 8, date(2021, 8, 23)),  # Monday → Monday, 56 days
        (date(2021, 6, 28), 14, date(2021, 10, 4)),  # 98 days
        (date(2021, 8, 2), 2, date(2021, 8, 16)),
        (date(2020, 12, 28), 8, date(2021, 2, 22)),  # across the year end
        (date(2024, 1, 4), 8, date(2024, 2, 29)),  # into a leap day
    ],
)
def test_add_weeks_counts_seven_days_a_week(start: date, weeks: int, expected: date) -> None:
    assert add_weeks(start, weeks) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2021, 1, 15), 1, date(2021, 2, 15)),
        (date(2021, 1, 31), 1, date(2021, 2, 28)),  # clamped
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # clamped, leap year
        (date(2021, 1, 31), 2, date(2021, 3, 31)),  # from the start: no compounding
        (date(2021, 3, 31), 1, date(2021, 4, 30)),
        (date(2021, 12, 15), 1, date(2022, 1, 15)),  # across the year end
        (date(2021, 8, 5), 12, date(2022, 8, 5)),
        (date(2020, 2, 29), 12, date(2021, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("complete", "extended", "due"),
    [
        (date(2021, 6, 28), False, date(2021, 8, 23)),
        (date(2021, 6, 28), True, date(2021, 10, 4)),
        (date(2019, 12, 20), False, date(2020, 2, 14)),
        (date(2019, 12, 20), True, date(2020, 3, 27)),
    ],
)
def test_edpb_opinion_due_eight_weeks_from_complete_file_plus_six_when_extended(
    complete: date, extended: bool, due: date
) -> None:
    clock = edpb_opinion_clock(file_complete_on=complete, extended=extended)

    assert (clock.kind, clock.starts_on, clock.due_on) == (EDPB_OPINION, complete, due)
    assert clock.basis.startswith("GDPR Art. 64(3)")
    assert "Regulation 1182/71" in clock.basis  # the calendar convention is named


def test_edpb_opinion_basis_names_the_extension_only_when_extended() -> None:
    assert (
        "extended by 6 weeks"
        in edpb_opinion_clock(file_complete_on=date(2021, 6, 28), extended=True).basis
    )
    assert "extended" not in edpb_opinion_clock(file_complete_on=date(2021, 6, 28)).basis


def test_lead_response_due_two_weeks_after_the_opinion() -> None:
    clock = lead_response_clock(opinion_on=date(2021, 8, 2))

    assert (clock.kind, clock.due_on) == (LEAD_RESPONSE, date(2021, 8, 16))
    assert clock.basis.startswith("GDPR Art. 64(7)")


@pytest.mark.parametrize(
    ("referred", "extended", "due"),
    [
        (date(2021, 9, 15), False, date(2021, 10, 15)),
        (date(2021, 9, 15), True, date(2021, 11, 15)),
        (date(2021, 1, 31), False, date(2021, 3, 1)),  # clamped to Sunday 28 Feb, moved
        (date(2021, 1, 31), True, date(2021, 3, 31)),
        (date(2021, 9, 20), False, date(2021, 10, 20)),
    ],
)
def test_dispute_decision_due_one_month_plus_one_when_extended(
    referred: date, extended: bool, due: date
) -> None:
    clock = dispute_clock(referred_on=referred, extended=extended)

    assert (clock.kind, clock.due_on) == (ART65_DECISION, due)
    assert clock.basis.startswith("GDPR Art. 64(8), 65(1)(c), 65(2):")


@pytest.mark.parametrize(
    ("approved", "last", "due"),
    [
        (date(2021, 8, 5), None, date(2022, 8, 5)),
        (date(2021, 8, 5), date(2022, 7, 20), date(2023, 7, 20)),
    ],
)
def test_annual_update_due_a_year_after_approval_or_the_last_update(
    approved: date, last: date | None, due: date
) -> None:
    clock = annual_update_clock(approved_on=approved, last_update_on=last)

    assert (clock.kind, clock.due_on) == (ANNUAL_UPDATE, due)
    assert "Art. 47(2)(k)" in clock.basis


@pytest.mark.parametrize(
    ("clock_met", "on", "overdue", "late"),
    [
        (None, date(2021, 8, 23), False, False),  # the last day is still in time
        (None, date(2021, 8, 24), True, False),
        (date(2021, 8, 23), date(2021, 9, 30), False, False),
        (date(2021, 8, 24), date(2021, 9, 30), False, True),
    ],
)
def test_clock_overdue_after_its_last_day_and_late_when_met_after_it(
    clock_met: date | None, on: date, overdue: bool, late: bool
) -> None:
    clock = Clock(EDPB_OPINION, date(2021, 6, 28), date(2021, 8, 23), "basis", clock_met)

    assert (clock.is_overdue(on), clock.met_late) == (overdue, late)


def test_procedure_clocks_follow_the_run_in_order() -> None:
    facts = ProcedureFacts(
        file_complete_on=date(2021, 6, 28),
        opinion_on=date(2021, 8, 2),
        dispute_referred_on=date(2021, 8, 10),
        dispute_extended=True,
    )

    clocks = procedure_clocks(facts)

    assert [(c.kind, c.due_on, c.met_on) for c in clocks] == [
        (EDPB_OPINION, date(2021, 8, 23), date(2021, 8, 2)),
        (LEAD_RESPONSE, date(2021, 8, 16), None),
        (ART65_DECISION, date(2021, 10, 11), None),  # Sunday 10 Oct moved to Monday
    ]


def test_procedure_clocks_none_before_the_file_is_complete() -> None:
    assert procedure_clocks(ProcedureFacts()) == ()


@pytest.mark.parametrize(
    ("kwargs", "allowed", "basis"),
    [
        ({"opinion_on": None}, False, "GDPR Art. 64(1)(f), 64(6)"),
        ({"opinion_on": date(2021, 8, 6)}, False, "GDPR Art. 64(6)"),
        ({"opinion_on": date(2021, 8, 2)}, True, "GDPR Art. 47(1), 64(6)"),
        ({"opinion_on": date(2021, 8, 5)}, True, "GDPR Art. 47(1), 64(6)"),  # same day
        (
            {"opinion_on": date(2021, 8, 2), "in_dispute": True},
            False,
            "GDPR Art. 64(8), 65(1), 65(6)",
        ),
        (
            {
                "opinion_on": date(2021, 8, 2),
                "in_dispute": True,
                "dispute_decided_on": date(2021, 8, 4),
            },
            True,
            "GDPR Art. 47(1), 64(6)",
        ),
        (
            {
                "opinion_on": date(2021, 8, 2),
                "in_dispute": True,
                "dispute_decided_on": date(2021, 8, 9),
            },
            False,
            "GDPR Art. 65(6)",
        ),
    ],
)
def test_approval_check_refuses_before_an_opinion_exists(
    kwargs: dict[str, object], allowed: bool, basis: str
) -> None:
    check = approval_check(approve_on=date(2021, 8, 5), **kwargs)  # type: ignore[arg-type]

    assert (check.allowed, check.basis) == (allowed, basis)
    assert bool(check.reason) is not allowed


def test_approval_check_without_opinion_says_so() -> None:
    check = approval_check(approve_on=date(2021, 8, 5), opinion_on=None)

    assert check.reason == (
        "No EDPB opinion has been recorded: the lead authority may not approve the BCRs before "
        "the EDPB has given its opinion."
    )


@pytest.mark.parametrize(("count", "allowed"), [(0, False), (1, True), (2, True), (3, False)])
def test_co_reviewer_check_wants_one_or_two(count: int, allowed: bool) -> None:
    assert co_reviewer_check(count).allowed is allowed


def test_submission_check_lists_the_open_items() -> None:
    check = submission_check(("c", "k"))

    assert check.allowed is False
    assert check.reason.startswith("Art. 47(2) checklist items still open: (c), (k).")
    assert check.basis == "GDPR Art. 47(2), 64(1)(f)"
    assert submission_check(()).allowed is True


def test_art_47_2_items_are_a_to_n() -> None:
    assert [letter for letter, _ in ART_47_2_ITEMS] == list("abcdefghijklmn")
    assert dict(ART_47_2_ITEMS)["n"].startswith("the appropriate data protection training")


# --- v2 (domain brief §8.4) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar_end", "due", "moved_from"),
    [
        (date(2021, 8, 23), date(2021, 8, 23), None),  # a Monday stays
        (date(2021, 10, 10), date(2021, 10, 11), date(2021, 10, 10)),  # Sunday
        (date(2024, 5, 10), date(2024, 5, 13), date(2024, 5, 10)),  # day after Ascension (EU)
        (date(2024, 11, 11), date(2024, 11, 12), date(2024, 11, 11)),  # Armistice Day (BE)
        (date(2024, 12, 24), date(2025, 1, 3), date(2024, 12, 24)),  # year-end closure
    ],
)
def test_period_end_moves_off_week_ends_and_brussels_holidays(
    calendar_end: date, due: date, moved_from: date | None
) -> None:
    assert period_end(calendar_end) == (due, moved_from)


@pytest.mark.parametrize(
    ("complete", "extended", "due", "moved_from"),
    [
        (date(2024, 3, 14), False, date(2024, 5, 13), date(2024, 5, 9)),  # Ascension Thursday
        (date(2024, 9, 16), False, date(2024, 11, 12), date(2024, 11, 11)),  # Armistice Day
        (date(2024, 9, 20), True, date(2025, 1, 3), date(2024, 12, 27)),  # year-end closure
        (date(2021, 6, 28), False, date(2021, 8, 23), None),
    ],
)
def test_edpb_opinion_last_day_moves_to_the_next_brussels_working_day(
    complete: date, extended: bool, due: date, moved_from: date | None
) -> None:
    clock = edpb_opinion_clock(file_complete_on=complete, extended=extended)

    assert (clock.due_on, clock.moved_from) == (due, moved_from)
    assert (clock.deadline_source, clock.convention, clock.assumed) == (STATUTE, CONVENTION, False)


def test_moved_clock_basis_names_the_calendar_end_and_art_3_4() -> None:
    clock = edpb_opinion_clock(file_complete_on=date(2024, 3, 14))

    assert clock.basis == (
        "GDPR Art. 64(3): EDPB opinion within 8 weeks (8 weeks from the day the file is "
        "complete; EDPB Rules of Procedure Art. 10(2)). The period's last day 2024-05-09 "
        "(Thursday) is not a working day: it ends on 2024-05-13 (Monday) (Regulation 1182/71 "
        "Art. 3(4)). " + CONVENTION
    )
    assert "Belgium's public holidays and the EU institutions' public holidays" in CONVENTION


@pytest.mark.parametrize(
    ("received", "starts", "due", "assumed"),
    [
        (None, date(2021, 8, 2), date(2021, 8, 16), True),
        (date(2021, 8, 2), date(2021, 8, 2), date(2021, 8, 16), False),  # same day
        (date(2021, 8, 4), date(2021, 8, 4), date(2021, 8, 18), False),
        (date(2021, 8, 7), date(2021, 8, 7), date(2021, 8, 23), False),  # Saturday 21st moved
    ],
)
def test_lead_response_runs_from_receipt_of_the_opinion(
    received: date | None, starts: date, due: date, assumed: bool
) -> None:
    clock = lead_response_clock(opinion_on=date(2021, 8, 2), received_on=received)

    assert (clock.starts_on, clock.due_on, clock.assumed) == (starts, due, assumed)
    assert clock.basis.startswith("GDPR Art. 64(7)")


def test_lead_response_without_receipt_says_it_is_assumed() -> None:
    assumed = lead_response_clock(opinion_on=date(2021, 8, 2))
    recorded = lead_response_clock(opinion_on=date(2021, 8, 2), received_on=date(2021, 8, 4))

    assert (
        "Assumed: the day the opinion was received is not recorded; counted from the opinion's "
        "date 2021-08-02 (the earlier start)."
    ) in assumed.basis
    assert "Assumed" not in recorded.basis
    assert "Counted from the receipt of the opinion on 2021-08-04." in recorded.basis


def test_lead_response_refuses_a_receipt_before_the_opinion() -> None:
    with pytest.raises(ValueError, match="cannot be received on 2021-08-01"):
        lead_response_clock(opinion_on=date(2021, 8, 2), received_on=date(2021, 8, 1))


@pytest.mark.parametrize(
    ("referred", "extended", "starts", "due"),
    [
        # 65(2) ends 2021-10-10 (Sunday) → 2021-10-11; two weeks later.
        (date(2021, 8, 10), True, date(2021, 10, 11), date(2021, 10, 25)),
        # not extended: from the end of the one month (Friday 2021-09-10).
        (date(2021, 8, 10), False, date(2021, 9, 10), date(2021, 9, 24)),
        # 65(2) ends 2024-12-11; two weeks = 2024-12-25 → 2025-01-03.
        (date(2024, 10, 11), True, date(2024, 12, 11), date(2025, 1, 3)),
    ],
)
def test_majority_decision_due_two_weeks_after_the_art_65_2_period(
    referred: date, extended: bool, starts: date, due: date
) -> None:
    clock = majority_decision_clock(referred_on=referred, extended=extended)

    assert (clock.kind, clock.starts_on, clock.due_on) == (ART65_MAJORITY_DECISION, starts, due)
    assert clock.basis.startswith("GDPR Art. 65(3)")
    assert clock.deadline_source == STATUTE


def test_majority_decision_basis_states_the_reading_without_extension() -> None:
    reading = "counted from the end of its one month (the text names the second month"

    assert reading in majority_decision_clock(referred_on=date(2021, 8, 10)).basis
    assert (
        reading not in majority_decision_clock(referred_on=date(2021, 8, 10), extended=True).basis
    )


@pytest.mark.parametrize(
    ("notified", "due"),
    [
        (date(2021, 10, 20), date(2021, 11, 22)),  # Saturday 20 Nov → Monday
        (date(2024, 10, 1), date(2024, 11, 4)),  # All Saints' Friday → Monday
        (date(2021, 9, 15), date(2021, 10, 15)),
        (date(2021, 1, 31), date(2021, 3, 1)),  # clamped to Sunday 28 Feb, moved
    ],
)
def test_lead_final_decision_due_one_month_after_the_boards_notification(
    notified: date, due: date
) -> None:
    clock = lead_final_decision_clock(notified_on=notified)

    assert (clock.kind, clock.starts_on, clock.due_on) == (LEAD_FINAL_DECISION, notified, due)
    assert clock.basis.startswith("GDPR Art. 65(6)")


@pytest.mark.parametrize(
    ("on", "decided", "majority"),
    [
        (None, None, None),  # without the day of reading: as in v1
        (None, date(2021, 10, 20), None),
        (date(2021, 10, 11), None, None),  # last day of the 65(2) period
        (date(2021, 10, 12), None, (date(2021, 10, 11), date(2021, 10, 25), None)),
        (
            date(2021, 11, 30),
            date(2021, 10, 20),
            (date(2021, 10, 11), date(2021, 10, 25), date(2021, 10, 20)),
        ),
        (date(2021, 11, 30), date(2021, 10, 11), None),  # decided in time
    ],
)
def test_procedure_clocks_add_the_majority_clock_once_the_art_65_2_period_has_passed(
    on: date | None,
    decided: date | None,
    majority: tuple[date, date, date | None] | None,
) -> None:
    facts = ProcedureFacts(
        dispute_referred_on=date(2021, 8, 10), dispute_extended=True, dispute_decided_on=decided
    )

    clocks = procedure_clocks(facts, on=on)

    found = [(c.starts_on, c.due_on, c.met_on) for c in clocks if c.kind == ART65_MAJORITY_DECISION]
    assert found == ([majority] if majority else [])
    assert clocks[0].kind == ART65_DECISION


def test_procedure_clocks_use_the_receipt_and_the_boards_notification() -> None:
    facts = ProcedureFacts(
        file_complete_on=date(2021, 6, 28),
        opinion_on=date(2021, 8, 2),
        opinion_received_on=date(2021, 8, 4),
        dispute_referred_on=date(2021, 8, 10),
        dispute_decided_on=date(2021, 9, 8),
        dispute_notified_on=date(2021, 9, 9),
        final_decision_on=date(2021, 9, 30),
    )

    clocks = procedure_clocks(facts, on=date(2021, 10, 1))

    assert [(c.kind, c.starts_on, c.due_on, c.met_on, c.assumed) for c in clocks] == [
        (EDPB_OPINION, date(2021, 6, 28), date(2021, 8, 23), date(2021, 8, 2), False),
        (LEAD_RESPONSE, date(2021, 8, 4), date(2021, 8, 18), None, False),
        (ART65_DECISION, date(2021, 8, 10), date(2021, 9, 10), date(2021, 9, 8), False),
        (LEAD_FINAL_DECISION, date(2021, 9, 9), date(2021, 10, 11), date(2021, 9, 30), False),
    ]


def test_procedure_clocks_mark_the_lead_response_assumed_without_receipt() -> None:
    clocks = procedure_clocks(ProcedureFacts(opinion_on=date(2021, 8, 2)))

    assert [(c.kind, c.assumed) for c in clocks] == [(LEAD_RESPONSE, True)]


@pytest.mark.parametrize(
    ("changed", "working_days", "due"),
    [
        (date(2021, 6, 28), 10, date(2021, 7, 12)),
        (date(2021, 6, 28), 5, date(2021, 7, 5)),
        (date(2021, 6, 28), 1, date(2021, 6, 29)),
        (date(2024, 12, 20), 10, date(2025, 1, 15)),  # over the year-end closure
        (date(2024, 3, 27), 3, date(2024, 4, 4)),  # over Easter
    ],
)
def test_substantial_change_report_due_after_working_days_on_the_brussels_calendar(
    changed: date, working_days: int, due: date
) -> None:
    clock = substantial_change_clock(changed_on=changed, working_days=working_days)

    assert (clock.kind, clock.starts_on, clock.due_on) == (SUBSTANTIAL_CHANGE_REPORT, changed, due)
    assert (clock.deadline_source, clock.assumed) == (INTERNAL, False)


def test_substantial_change_report_defaults_to_ten_working_days_and_names_the_target() -> None:
    clock = substantial_change_clock(changed_on=date(2021, 6, 28), reported_on=date(2021, 7, 1))

    assert (clock.due_on, clock.met_on, clock.met_late) == (
        date(2021, 7, 12),
        date(2021, 7, 1),
        False,
    )
    assert clock.basis.startswith("GDPR Art. 47(2)(k); EDPB Recommendations 1/2022")
    assert "internal target of 10 working days after the change" in clock.basis
    assert clock.basis.endswith(clock.convention)


@pytest.mark.parametrize(
    ("until", "starts", "reminders"),
    [
        (date(2025, 12, 31), date(2025, 11, 1), (date(2025, 11, 1), date(2025, 12, 17))),
        (date(2026, 3, 1), date(2025, 12, 31), (date(2025, 12, 31), date(2026, 2, 15))),
    ],
)
def test_dpf_review_due_on_the_certifications_last_day_with_reminders(
    until: date, starts: date, reminders: tuple[date, ...]
) -> None:
    clock = dpf_review_clock(certified_until=until)

    assert (clock.kind, clock.starts_on, clock.due_on, clock.moved_from) == (
        DPF_CERTIFICATION_REVIEW,
        starts,
        until,  # not moved off a holiday or a Sunday
        None,
    )
    assert (clock.reminder_offsets, clock.reminder_dates) == (DPF_REVIEW_REMINDER_DAYS, reminders)
    assert clock.deadline_source == INTERNAL


def test_dpf_review_basis_names_the_framework() -> None:
    eu = dpf_review_clock(certified_until=date(2025, 12, 31))
    uk = dpf_review_clock(certified_until=date(2025, 12, 31), uk_extension=True)

    assert eu.basis.startswith("GDPR Art. 45; Commission Implementing Decision (EU) 2023/1795")
    assert uk.basis.startswith("UK GDPR Art. 45; The Data Protection (Adequacy)")
    assert "reminders 60 and 14 days before" in eu.convention


def test_dpf_review_takes_other_reminder_days() -> None:
    clock = dpf_review_clock(certified_until=date(2025, 12, 31), reminder_days=(7, 30))

    assert (clock.starts_on, clock.reminder_offsets) == (date(2025, 12, 1), (30, 7))


@pytest.mark.parametrize("reminder_days", [(), (14, -1)])
def test_dpf_review_refuses_missing_or_negative_reminder_days(
    reminder_days: tuple[int, ...],
) -> None:
    with pytest.raises(ValueError, match="reminder days"):
        dpf_review_clock(certified_until=date(2025, 12, 31), reminder_days=reminder_days)


def test_annual_update_is_not_moved_off_a_sunday() -> None:
    clock = annual_update_clock(approved_on=date(2021, 7, 10))

    assert (clock.due_on, clock.moved_from, clock.deadline_source) == (
        date(2022, 7, 10),  # a Sunday: the BCRs' own commitment, the earlier reading
        None,
        GUIDELINE,
    )
    assert "not moved off week-ends or holidays" in clock.basis
