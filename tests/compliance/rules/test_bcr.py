"""Clocks and checks of the BCR procedure (domain brief §5). Every expected date is counted by
hand on the calendar: n weeks = 7·n days; n months = same day n months later, clamped to the end
of a shorter month."""

from datetime import date

import pytest

from compliance.rules.bcr import (
    ANNUAL_UPDATE,
    ART65_DECISION,
    ART_47_2_ITEMS,
    EDPB_OPINION,
    LEAD_RESPONSE,
    Clock,
    ProcedureFacts,
    add_months,
    add_weeks,
    annual_update_clock,
    approval_check,
    co_reviewer_check,
    dispute_clock,
    edpb_opinion_clock,
    lead_response_clock,
    procedure_clocks,
    submission_check,
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
        (date(2021, 1, 31), False, date(2021, 2, 28)),
        (date(2021, 1, 31), True, date(2021, 3, 31)),
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
        (ART65_DECISION, date(2021, 10, 10), None),
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
