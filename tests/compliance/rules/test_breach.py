"""Breach obligations (domain brief §4 and §6).

Every expected instant is worked out by hand: GDPR deadlines are the awareness instant + 72 h in
UTC; APPI deadlines are 23:59:59 Asia/Tokyo (14:59:59 UTC) of a day counted on the Tokyo calendar
from day 1 = the day of awareness, final reports moved past week-ends, national holidays (Cabinet
Office list) and 29 Dec - 3 Jan. The comment on each row shows the count.
"""

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from compliance.rules.breach import (
    AUTHORITY_NOTIFICATION,
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    EU_GDPR,
    FINAL_REPORT,
    JP_APPI,
    PRELIMINARY_REPORT,
    UK_GDPR,
    BreachFacts,
    Obligation,
    breach_obligations,
    explain,
)

BERLIN = ZoneInfo("Europe/Berlin")
BRUSSELS = ZoneInfo("Europe/Brussels")
TOKYO = ZoneInfo("Asia/Tokyo")

AUTH, SUBJ, CTRL = AUTHORITY_NOTIFICATION, DATA_SUBJECT_NOTIFICATION, CONTROLLER_NOTIFICATION
PRE, FIN = PRELIMINARY_REPORT, FINAL_REPORT

# Wednesday 2023-06-14 10:00 JST = 01:00 UTC; used where the date itself does not matter.
WED = datetime(2023, 6, 14, 1, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def eod_jst(year: int, month: int, day: int) -> datetime:
    """23:59:59 Asia/Tokyo on a day, as a UTC instant."""
    return datetime(year, month, day, 23, 59, 59, tzinfo=TOKYO).astimezone(UTC)


def make_facts(**overrides: Any) -> BreachFacts:
    values: dict[str, Any] = {"aware_at": WED, "entity_country": "DE"}
    values.update(overrides)
    return BreachFacts(**values)


def summary(obligations: tuple[Obligation, ...]) -> list[tuple[Any, ...]]:
    """Everything but the basis text, which is checked on its own below."""
    return [(o.regime, o.kind, o.required, o.due_at, o.recipients) for o in obligations]


def pick(obligations: tuple[Obligation, ...], regime: str, kind: str) -> Obligation:
    (found,) = [o for o in obligations if o.regime == regime and o.kind == kind]
    return found


# --- the full obligation set -------------------------------------------------------------------

WED_72H = utc(2023, 6, 17, 1, 0)

FULL_SET_CASES = [
    pytest.param(
        {"affected_countries": {"DE", "AT"}},
        [(EU_GDPR, AUTH, True, WED_72H, ("DE",)), (EU_GDPR, SUBJ, False, None, ())],
        id="eu-controller-risk",
    ),
    pytest.param(
        {"affected_countries": {"DE", "AT"}, "risk": "high"},
        [(EU_GDPR, AUTH, True, WED_72H, ("DE",)), (EU_GDPR, SUBJ, True, None, ())],
        id="eu-controller-high-risk",
    ),
    pytest.param(
        {"affected_countries": {"DE"}, "risk": "high", "encrypted": True},
        [(EU_GDPR, AUTH, True, WED_72H, ("DE",)), (EU_GDPR, SUBJ, False, None, ())],
        id="eu-controller-high-risk-encrypted",
    ),
    pytest.param(
        {"affected_countries": {"DE"}, "risk": "unlikely"},
        [(EU_GDPR, AUTH, False, None, ()), (EU_GDPR, SUBJ, False, None, ())],
        id="eu-controller-risk-unlikely",
    ),
    pytest.param(
        {"affected_countries": {"DE"}, "role": "processor", "risk": "high"},
        [(EU_GDPR, CTRL, True, None, ()), (EU_GDPR, AUTH, False, None, ())],
        id="eu-processor",
    ),
    pytest.param(
        {"entity_country": "FR", "affected_countries": {"US"}},
        [(EU_GDPR, AUTH, True, WED_72H, ("FR",)), (EU_GDPR, SUBJ, False, None, ())],
        id="eu-controller-affecting-only-non-eea-people",
    ),
    pytest.param(
        {"entity_country": "NO"},
        [(EU_GDPR, AUTH, True, WED_72H, ("NO",)), (EU_GDPR, SUBJ, False, None, ())],
        id="eea-non-eu-controller",
    ),
    pytest.param(
        {"entity_country": "US", "affected_countries": {"IS", "US", "IT", "CH"}},
        [(EU_GDPR, AUTH, True, WED_72H, ("IS", "IT")), (EU_GDPR, SUBJ, False, None, ())],
        id="us-controller-authorities-of-affected-eea-countries-only",
    ),
    pytest.param(
        {"entity_country": "US", "affected_countries": {"US", "CA", "CH"}},
        [],
        id="no-regime",
    ),
    pytest.param(
        # 10:00 JST Wed 14 Jun. Preliminary: day 5 = Sun 18 Jun (not moved). Final: day 30 =
        # Thu 13 Jul, open (Marine Day is 17 Jul).
        {
            "entity_country": "JP",
            "affected_countries": {"FR", "DE", "GB"},
            "special_category": True,
        },
        [
            (EU_GDPR, AUTH, True, WED_72H, ("DE", "FR")),
            (EU_GDPR, SUBJ, False, None, ()),
            (UK_GDPR, AUTH, True, WED_72H, ("GB",)),
            (UK_GDPR, SUBJ, False, None, ()),
            (JP_APPI, PRE, True, eod_jst(2023, 6, 18), ("JP",)),
            (JP_APPI, FIN, True, eod_jst(2023, 7, 13), ("JP",)),
            (JP_APPI, SUBJ, True, None, ()),
        ],
        id="jp-controller-affecting-fr-de-gb",
    ),
    pytest.param(
        {"entity_country": "GB", "affected_countries": {"GB", "IE"}, "role": "processor"},
        [
            (EU_GDPR, CTRL, True, None, ()),
            (EU_GDPR, AUTH, False, None, ()),
            (UK_GDPR, CTRL, True, None, ()),
            (UK_GDPR, AUTH, False, None, ()),
        ],
        id="uk-processor-affecting-gb-ie",
    ),
    pytest.param(
        # Day 5 = Sun 18 Jun, as for the controller's preliminary report.
        {
            "entity_country": "JP",
            "affected_countries": {"DE"},
            "role": "processor",
            "special_category": True,
        },
        [
            (EU_GDPR, CTRL, True, None, ()),
            (EU_GDPR, AUTH, False, None, ()),
            (JP_APPI, CTRL, True, eod_jst(2023, 6, 18), ()),
            (JP_APPI, PRE, False, None, ()),
            (JP_APPI, FIN, False, None, ()),
        ],
        id="jp-processor-in-both-regimes",
    ),
    pytest.param(
        {"entity_country": "JP", "role": "processor", "subject_count": 10},
        [
            (JP_APPI, CTRL, False, None, ()),
            (JP_APPI, PRE, False, None, ()),
            (JP_APPI, FIN, False, None, ()),
        ],
        id="jp-processor-not-reportable",
    ),
    pytest.param(
        {"entity_country": "JP", "subject_count": 1000},
        [
            (JP_APPI, PRE, False, None, ()),
            (JP_APPI, FIN, False, None, ()),
            (JP_APPI, SUBJ, False, None, ()),
        ],
        id="jp-controller-not-reportable",
    ),
    pytest.param(
        # Day 60 = Sat 12 Aug 2023 (14 Jun + 59 days); Sun 13 Aug -> Mon 14 Aug. Mountain Day is
        # Fri 11 Aug, before the last day, so it does not matter.
        {
            "entity_country": "JP",
            "wrongful_purpose": True,
            "special_category": True,
            "subject_count": 5000,
        },
        [
            (JP_APPI, PRE, True, eod_jst(2023, 6, 18), ("JP",)),
            (JP_APPI, FIN, True, eod_jst(2023, 8, 14), ("JP",)),
            (JP_APPI, SUBJ, True, None, ()),
        ],
        id="jp-wrongful-purpose-with-other-categories-60-days",
    ),
    pytest.param(
        {"entity_country": "JP", "special_category": True, "subject_count": 5000},
        [
            (JP_APPI, PRE, True, eod_jst(2023, 6, 18), ("JP",)),
            (JP_APPI, FIN, True, eod_jst(2023, 7, 13), ("JP",)),
            (JP_APPI, SUBJ, True, None, ()),
        ],
        id="jp-without-wrongful-purpose-30-days",
    ),
    pytest.param(
        {"entity_country": "JP", "property_damage_risk": True, "encrypted": True},
        [
            (JP_APPI, PRE, False, None, ()),
            (JP_APPI, FIN, False, None, ()),
            (JP_APPI, SUBJ, False, None, ()),
        ],
        id="jp-advanced-encryption",
    ),
    pytest.param(
        {"entity_country": "SG", "affected_countries": {"JP"}, "property_damage_risk": True},
        [
            (JP_APPI, PRE, True, eod_jst(2023, 6, 18), ("JP",)),
            (JP_APPI, FIN, True, eod_jst(2023, 7, 13), ("JP",)),
            (JP_APPI, SUBJ, True, None, ()),
        ],
        id="appi-through-affected-principals",
    ),
]


@pytest.mark.parametrize(("overrides", "expected"), FULL_SET_CASES)
def test_breach_obligations_returns_the_full_set_in_order(
    overrides: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    obligations = breach_obligations(make_facts(**overrides))

    assert summary(obligations) == expected


# --- GDPR: 72 elapsed hours across DST changes --------------------------------------------------


@pytest.mark.parametrize(
    ("aware_local", "due_local"),
    [
        # Friday before the spring change (Sun 26 Mar 2023): 10:00 CET -> Monday 11:00 CEST.
        (datetime(2023, 3, 24, 10, 0, tzinfo=BERLIN), datetime(2023, 3, 27, 11, 0, tzinfo=BERLIN)),
        # Friday before the autumn change (Sun 29 Oct 2023): 10:00 CEST -> Monday 09:00 CET.
        (datetime(2023, 10, 27, 10, 0, tzinfo=BERLIN), datetime(2023, 10, 30, 9, 0, tzinfo=BERLIN)),
        # The same in 2024 (changes on Sun 31 Mar and Sun 27 Oct).
        (datetime(2024, 3, 29, 10, 0, tzinfo=BERLIN), datetime(2024, 4, 1, 11, 0, tzinfo=BERLIN)),
        (datetime(2024, 10, 25, 10, 0, tzinfo=BERLIN), datetime(2024, 10, 28, 9, 0, tzinfo=BERLIN)),
    ],
)
def test_gdpr_authority_deadline_is_72_elapsed_hours_across_dst(
    aware_local: datetime, due_local: datetime
) -> None:
    facts = make_facts(aware_at=aware_local, affected_countries={"DE"})

    due = pick(breach_obligations(facts), EU_GDPR, AUTH).due_at

    assert due is not None
    assert due.tzinfo is UTC
    assert due == due_local
    assert due - aware_local.astimezone(UTC) == timedelta(hours=72)
    assert due.astimezone(BERLIN).hour == due_local.hour != aware_local.hour


@pytest.mark.parametrize(
    ("fold", "expected"),
    [
        # 02:30 on 29 Oct 2023 happens twice in Berlin: in CEST (00:30Z), then in CET (01:30Z).
        (0, utc(2023, 11, 1, 0, 30)),
        (1, utc(2023, 11, 1, 1, 30)),
    ],
)
def test_gdpr_authority_deadline_respects_the_repeated_hour(fold: int, expected: datetime) -> None:
    aware = datetime(2023, 10, 29, 2, 30, fold=fold, tzinfo=BERLIN)

    obligations = breach_obligations(make_facts(aware_at=aware))

    assert pick(obligations, EU_GDPR, AUTH).due_at == expected


# --- APPI: Tokyo calendar -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aware_at", "preliminary", "final"),
    [
        # 16:30Z on Fri 30 Jun is 18:30 in Berlin but 01:30 JST on Sat 1 Jul: day 1 = 1 Jul.
        # Day 5 = Wed 5 Jul; day 30 = Sun 30 Jul -> Mon 31 Jul.
        (utc(2023, 6, 30, 16, 30), eod_jst(2023, 7, 5), eod_jst(2023, 7, 31)),
        # 15:00Z is 00:00 JST on 1 Jul: still day 1 = 1 Jul.
        (utc(2023, 6, 30, 15, 0), eod_jst(2023, 7, 5), eod_jst(2023, 7, 31)),
        # One second earlier is 23:59:59 JST on Fri 30 Jun: day 1 = 30 Jun, day 5 = Tue 4 Jul,
        # day 30 = Sat 29 Jul -> Mon 31 Jul.
        (utc(2023, 6, 30, 14, 59, 59), eod_jst(2023, 7, 4), eod_jst(2023, 7, 31)),
    ],
)
def test_appi_day_one_is_the_tokyo_day_of_awareness(
    aware_at: datetime, preliminary: datetime, final: datetime
) -> None:
    obligations = breach_obligations(
        make_facts(aware_at=aware_at, entity_country="JP", special_category=True)
    )

    assert pick(obligations, JP_APPI, PRE).due_at == preliminary
    assert pick(obligations, JP_APPI, FIN).due_at == final


def test_tokyo_boundary_does_not_move_the_gdpr_deadline() -> None:
    facts = make_facts(
        aware_at=utc(2023, 6, 30, 16, 30), entity_country="JP", affected_countries={"DE"}
    )

    assert pick(breach_obligations(facts), EU_GDPR, AUTH).due_at == utc(2023, 7, 3, 16, 30)


@pytest.mark.parametrize(
    ("aware_on", "wrongful", "final_on"),
    [
        # 2023: 3, 4, 5 May are holidays (Wed-Fri), 6-7 May a week-end.
        ((2023, 4, 4), False, (2023, 5, 8)),  # day 30 = Wed 3 May -> Mon 8 May
        ((2023, 4, 6), False, (2023, 5, 8)),  # day 30 = Fri 5 May -> Mon 8 May
        # 2024: Fri 3 May holiday, 4-5 May week-end, Mon 6 May substitute holiday.
        ((2024, 4, 4), False, (2024, 5, 7)),  # day 30 = Fri 3 May -> Tue 7 May
        ((2024, 3, 5), True, (2024, 5, 7)),  # day 60 = Fri 3 May -> Tue 7 May
        # 2025: Mon 5 May holiday, Tue 6 May substitute (Greenery Day fell on a Sunday).
        ((2025, 4, 6), False, (2025, 5, 7)),  # day 30 = Mon 5 May -> Wed 7 May
        # 2022: Tue 3 - Thu 5 May holidays, Fri 6 May open.
        ((2022, 4, 4), False, (2022, 5, 6)),  # day 30 = Tue 3 May -> Fri 6 May
    ],
)
def test_appi_final_report_rolls_past_golden_week(
    aware_on: tuple[int, int, int], wrongful: bool, final_on: tuple[int, int, int]
) -> None:
    aware_at = datetime(*aware_on, 10, 0, tzinfo=TOKYO)
    facts = make_facts(
        aware_at=aware_at, entity_country="JP", special_category=True, wrongful_purpose=wrongful
    )

    assert pick(breach_obligations(facts), JP_APPI, FIN).due_at == eod_jst(*final_on)


@pytest.mark.parametrize(
    ("aware_on", "wrongful", "final_on"),
    [
        ((2023, 11, 30), False, (2024, 1, 4)),  # day 30 = Fri 29 Dec -> Thu 4 Jan
        ((2025, 12, 2), False, (2026, 1, 5)),  # day 30 = Wed 31 Dec; Sun 4 Jan -> Mon 5 Jan
        ((2024, 12, 4), False, (2025, 1, 6)),  # day 30 = Thu 2 Jan; Sat 4, Sun 5 -> Mon 6 Jan
        ((2023, 11, 5), True, (2024, 1, 4)),  # day 60 = Wed 3 Jan -> Thu 4 Jan
        ((2022, 11, 29), False, (2022, 12, 28)),  # day 30 = Wed 28 Dec, open: not moved
    ],
)
def test_appi_final_report_rolls_past_the_year_end_closure(
    aware_on: tuple[int, int, int], wrongful: bool, final_on: tuple[int, int, int]
) -> None:
    aware_at = datetime(*aware_on, 10, 0, tzinfo=TOKYO)
    facts = make_facts(
        aware_at=aware_at, entity_country="JP", special_category=True, wrongful_purpose=wrongful
    )

    assert pick(breach_obligations(facts), JP_APPI, FIN).due_at == eod_jst(*final_on)


def test_appi_preliminary_report_is_not_rolled_forward() -> None:
    # Aware Sat 29 Apr 2023 (Showa Day): day 5 = Wed 3 May, a holiday; it stays. Day 30 = Sun
    # 28 May -> Mon 29 May.
    facts = make_facts(
        aware_at=datetime(2023, 4, 29, 10, 0, tzinfo=TOKYO),
        entity_country="JP",
        property_damage_risk=True,
    )

    obligations = breach_obligations(facts)

    assert pick(obligations, JP_APPI, PRE).due_at == eod_jst(2023, 5, 3)
    assert pick(obligations, JP_APPI, FIN).due_at == eod_jst(2023, 5, 29)


@pytest.mark.parametrize(
    ("overrides", "reportable"),
    [
        ({"subject_count": 999}, False),
        ({"subject_count": 1000}, False),  # "more than 1,000": exactly 1,000 is not
        ({"subject_count": 1001}, True),
        ({"subject_count": 0}, False),
        ({"subject_count": None}, False),  # unknown: not reportable on the count alone
        ({"subject_count": None, "property_damage_risk": True}, True),
        ({"subject_count": None, "special_category": True}, True),
        ({"subject_count": None, "wrongful_purpose": True}, True),
        ({"subject_count": 1001, "encrypted": True}, False),
        ({"special_category": True, "wrongful_purpose": True, "encrypted": True}, False),
    ],
)
def test_appi_reportability(overrides: dict[str, Any], reportable: bool) -> None:
    obligations = breach_obligations(make_facts(entity_country="JP", **overrides))

    assert [o.required for o in obligations] == [reportable] * 3


# --- regimes in time ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"aware_at": utc(2020, 12, 31, 22, 59, 59), "affected_countries": {"GB"}},
            [(EU_GDPR, AUTH, True, utc(2021, 1, 3, 22, 59, 59), ("GB",))],
            id="uk-entity-before-transition-end-eu-gdpr-only",
        ),
        pytest.param(
            {"aware_at": utc(2020, 12, 31, 23, 0), "affected_countries": {"GB"}},
            [(UK_GDPR, AUTH, True, utc(2021, 1, 3, 23, 0), ("GB",))],
            id="uk-entity-after-transition-end-uk-gdpr-only",
        ),
        pytest.param(
            {"aware_at": utc(2020, 12, 31, 23, 0), "affected_countries": {"GB", "IE"}},
            [
                (EU_GDPR, AUTH, True, utc(2021, 1, 3, 23, 0), ("IE",)),
                (UK_GDPR, AUTH, True, utc(2021, 1, 3, 23, 0), ("GB",)),
            ],
            id="uk-entity-after-transition-end-with-eea-people",
        ),
    ],
)
def test_uk_entity_around_the_end_of_the_transition(
    overrides: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    obligations = breach_obligations(make_facts(entity_country="GB", **overrides))

    assert [row for row in summary(obligations) if row[1] == AUTH] == expected


def test_uk_people_count_as_eea_before_the_transition_end() -> None:
    facts = make_facts(
        aware_at=utc(2020, 12, 31, 22, 59, 59), entity_country="JP", affected_countries={"GB"}
    )

    assert summary(breach_obligations(facts)) == [
        (EU_GDPR, AUTH, True, utc(2021, 1, 3, 22, 59, 59), ("GB",)),
        (EU_GDPR, SUBJ, False, None, ()),
    ]


@pytest.mark.parametrize(
    ("aware_at", "applies"),
    [
        # 25 May 2018 00:00 in Brussels is CEST (UTC+2): 24 May 22:00 UTC.
        (utc(2018, 5, 24, 21, 59, 59), False),
        (utc(2018, 5, 24, 22, 0), True),
        (datetime(2018, 5, 25, 0, 0, tzinfo=BRUSSELS), True),
        (datetime(2018, 5, 24, 23, 59, 59, tzinfo=BRUSSELS), False),
    ],
)
def test_gdpr_starts_on_25_may_2018_brussels_time(aware_at: datetime, applies: bool) -> None:
    obligations = breach_obligations(make_facts(aware_at=aware_at, affected_countries={"DE"}))

    expected_due = aware_at.astimezone(UTC) + timedelta(hours=72)
    expected = (
        [(EU_GDPR, AUTH, True, expected_due, ("DE",)), (EU_GDPR, SUBJ, False, None, ())]
        if applies
        else []
    )
    assert summary(obligations) == expected


def test_appi_reporting_does_not_exist_before_1_april_2022_jst() -> None:
    # 23:59:59 JST on 31 Mar 2022.
    facts = make_facts(
        aware_at=utc(2022, 3, 31, 14, 59, 59), entity_country="JP", special_category=True
    )

    assert breach_obligations(facts) == ()


def test_appi_reporting_starts_at_midnight_jst_on_1_april_2022() -> None:
    # Day 1 = Fri 1 Apr 2022; day 5 = Tue 5 Apr; day 30 = Sat 30 Apr -> Sun 1 May -> Mon 2 May.
    facts = make_facts(aware_at=utc(2022, 3, 31, 15, 0), entity_country="JP", special_category=True)

    assert summary(breach_obligations(facts)) == [
        (JP_APPI, PRE, True, eod_jst(2022, 4, 5), ("JP",)),
        (JP_APPI, FIN, True, eod_jst(2022, 5, 2), ("JP",)),
        (JP_APPI, SUBJ, True, None, ()),
    ]


# --- result invariants ----------------------------------------------------------------------------


RICH_FACTS = {
    "aware_at": datetime(2023, 10, 27, 10, 0, tzinfo=BERLIN),
    "entity_country": "JP",
    "affected_countries": ["GB", "FR", "DE", "US"],
    "risk": "high",
    "special_category": True,
}


def test_due_at_is_utc_and_only_set_when_required() -> None:
    obligations = breach_obligations(make_facts(**RICH_FACTS))

    assert [o.due_at.tzinfo for o in obligations if o.due_at is not None] == [UTC] * 4
    assert all(o.due_at is None for o in obligations if not o.required)


def test_breach_obligations_is_deterministic() -> None:
    same = {**RICH_FACTS, "affected_countries": ("US", "DE", "GB", "FR")}

    first = breach_obligations(make_facts(**RICH_FACTS))

    assert breach_obligations(make_facts(**RICH_FACTS)) == first
    assert breach_obligations(make_facts(**same)) == first
    assert make_facts(**RICH_FACTS) == make_facts(**same)


# --- basis texts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "regime", "kind", "expected_parts"),
    [
        ({}, EU_GDPR, AUTH, ["GDPR Art. 33(1)", "72 hours after becoming aware"]),
        ({"risk": "unlikely"}, EU_GDPR, AUTH, ["not required", "unlikely", "GDPR Art. 33(1)"]),
        ({"role": "processor"}, EU_GDPR, AUTH, ["not required", "GDPR Art. 33(2)"]),
        ({"role": "processor"}, EU_GDPR, CTRL, ["GDPR Art. 33(2)"]),
        ({"risk": "high"}, EU_GDPR, SUBJ, ["GDPR Art. 34(1)"]),
        ({"risk": "high", "encrypted": True}, EU_GDPR, SUBJ, ["not required", "Art. 34(3)(a)"]),
        ({}, EU_GDPR, SUBJ, ["not required", "not assessed as high"]),
        (
            {"entity_country": "JP", "affected_countries": {"FR"}},
            EU_GDPR,
            AUTH,
            ["EDPB Guidelines 9/2022, para. 73"],
        ),
        ({"entity_country": "GB"}, UK_GDPR, AUTH, ["UK GDPR Art. 33(1)"]),
        (
            {"entity_country": "JP", "special_category": True},
            JP_APPI,
            PRE,
            ["APPI Art. 26(1); PPC Rules Art. 8(1)", "end of day 5 JST", "3-5-3-4"],
        ),
        (
            {"entity_country": "JP", "wrongful_purpose": True},
            JP_APPI,
            FIN,
            ["PPC Rules Art. 8(2)", "day 60", "3-5-3-4", "23:59:59 JST", "next open day"],
        ),
        (
            {"entity_country": "JP", "subject_count": None},
            JP_APPI,
            FIN,
            ["not required: no APPI reportable category (PPC Rules Art. 7)", "(i)", "(iv)"],
        ),
        (
            {"entity_country": "JP", "special_category": True, "encrypted": True},
            JP_APPI,
            PRE,
            ["not required: advanced encryption (PPC Rules Art. 7(1) proviso"],
        ),
        (
            {"entity_country": "JP", "role": "processor", "special_category": True},
            JP_APPI,
            FIN,
            ["not required", "Art. 26(1) proviso"],
        ),
        (
            {"entity_country": "JP", "role": "processor", "special_category": True},
            JP_APPI,
            CTRL,
            ["PPC Rules Art. 9", "end of day 5 JST"],
        ),
    ],
)
def test_obligation_basis_names_the_law_and_why_not(
    overrides: dict[str, Any], regime: str, kind: str, expected_parts: list[str]
) -> None:
    basis = pick(breach_obligations(make_facts(**overrides)), regime, kind).basis

    assert [part for part in expected_parts if part not in basis] == []


def test_final_report_basis_shows_the_roll_forward() -> None:
    # Day 30 = Wed 3 May 2023 (see the Golden Week table).
    facts = make_facts(
        aware_at=datetime(2023, 4, 4, 10, 0, tzinfo=TOKYO),
        entity_country="JP",
        special_category=True,
    )

    basis = pick(breach_obligations(facts), JP_APPI, FIN).basis

    assert "day 30 = 2023-05-03, moved to 2023-05-08" in basis


# --- validation ----------------------------------------------------------------------------------


def test_breach_facts_rejects_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        make_facts(aware_at=datetime(2023, 6, 14, 10, 0))  # noqa: DTZ001 - the point of the test


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"role": "joint_controller"}, "role must be"),
        ({"role": "Controller"}, "role must be"),
        ({"risk": "medium"}, "risk must be"),
        ({"entity_country": "DEU"}, "two-letter"),
        ({"entity_country": "D"}, "two-letter"),
        ({"entity_country": ""}, "two-letter"),
        ({"entity_country": "D1"}, "two-letter"),
        ({"entity_country": "UK"}, "use 'GB'"),
        ({"entity_country": "EL"}, "use 'GR'"),
        ({"entity_country": None}, "two-letter"),
        ({"affected_countries": {"FR", "Germany"}}, "two-letter"),
        ({"affected_countries": "FR"}, "single string"),
        ({"subject_count": -1}, "negative"),
        ({"subject_count": True}, "whole number"),
        ({"subject_count": 10.5}, "whole number"),
    ],
)
def test_breach_facts_rejects_invalid_values(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_facts(**overrides)


def test_breach_facts_normalises_country_codes() -> None:
    facts = make_facts(entity_country="jp", affected_countries=["fr", "DE", "fr"])

    assert facts.entity_country == "JP"
    assert facts.affected_countries == frozenset({"FR", "DE"})
    assert isinstance(facts.affected_countries, frozenset)


def test_breach_facts_and_obligations_are_frozen_and_keyword_only() -> None:
    facts = make_facts()

    with pytest.raises(AttributeError):
        facts.risk = "high"  # type: ignore[misc]
    with pytest.raises(TypeError):
        BreachFacts(WED, "DE")  # type: ignore[misc]


# --- explain -------------------------------------------------------------------------------------


def test_explain_non_eu_controller_with_eu_uk_and_japanese_people() -> None:
    facts = make_facts(
        entity_country="JP", affected_countries={"FR", "DE", "GB"}, special_category=True
    )

    lines = explain(facts)

    assert len(lines) == 4
    assert lines[0].startswith("EU GDPR applies: people in DE, FR are affected")
    assert "EDPB Guidelines 9/2022, para. 73" in lines[0]
    assert lines[1].startswith("UK GDPR applies: people in GB are affected")
    assert lines[2].startswith("APPI applies: the entity is established in JP")
    assert lines[3].startswith("APPI: reportable")
    assert "(i) special care-required" in lines[3]
    assert "day 30" in lines[3]


def test_explain_before_the_regimes_started() -> None:
    facts = make_facts(aware_at=utc(2018, 5, 1, 12, 0), entity_country="GB")

    assert [line.split(" (")[0] for line in explain(facts)] == [
        "EU GDPR not applicable: awareness before 2018-05-25 00:00 Europe/Brussels",
        "UK GDPR not applicable: awareness before 2020-12-31T23:00Z",
        "APPI not applicable: awareness before 2022-04-01 00:00 Asia/Tokyo",
    ]


def test_explain_uk_during_the_transition() -> None:
    facts = make_facts(aware_at=utc(2020, 12, 31, 22, 0), entity_country="GB")

    lines = explain(facts)

    assert lines[0].startswith("EU GDPR applies: the entity is established in GB")
    assert "the UK counts as part of the EEA until 2020-12-31T23:00Z" in lines[0]
    assert lines[1].startswith("UK GDPR not applicable: awareness before 2020-12-31T23:00Z")


def test_explain_no_territorial_link() -> None:
    facts = make_facts(entity_country="US", affected_countries={"CA"})

    assert [line.split(":")[0] for line in explain(facts)] == [
        "EU GDPR not applicable",
        "UK GDPR not applicable",
        "APPI not applicable",
    ]
    assert "neither the entity (US) nor any affected country (CA)" in explain(facts)[0]


def test_explain_appi_not_reportable_says_why() -> None:
    lines = explain(make_facts(entity_country="JP", subject_count=1000))

    assert lines[-1].startswith("APPI: nothing to report to the PPC; not required: no APPI")
    assert "count 1,000" in lines[-1]


@pytest.mark.parametrize(("overrides", "expected"), FULL_SET_CASES)
def test_explain_agrees_with_breach_obligations(
    overrides: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    facts = make_facts(**overrides)
    titles = {EU_GDPR: "EU GDPR", UK_GDPR: "UK GDPR", JP_APPI: "APPI"}

    said_to_apply = {
        regime
        for regime, title in titles.items()
        if any(line.startswith(f"{title} applies") for line in explain(facts))
    }

    assert said_to_apply == {row[0] for row in expected}
