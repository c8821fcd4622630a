"""Breach regimes beyond the EU, the UK and Japan (domain brief §8.5), on their boundaries.

Every expected instant is worked out by hand in the comment beside it: "end of day" is 23:59:59
on the regime's local calendar, given here as UTC. The standard awareness is Tuesday 2025-06-10
01:00 UTC (09:00 in Singapore, 10:00 in Seoul, 11:00 in Sydney, 09:00 in Shanghai, 22:00 on Mon
9 Jun in São Paulo, 03:00 in Zurich and Brussels).
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from compliance.rules.breach import (
    ASSESSMENT,
    AU_NDB,
    AUTHORITY_NOTIFICATION,
    BR_LGPD,
    CH_FADP,
    CN_PIPL,
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    EARLY_WARNING,
    EU_GDPR,
    EU_NIS2,
    FINAL_REPORT,
    GUIDELINE,
    INCIDENT_NOTIFICATION,
    INTERNAL,
    KR_PIPA,
    REGIMES,
    SG_PDPA,
    STATUTE,
    BreachFacts,
    Obligation,
    breach_obligations,
    explain,
)
from compliance.rules.breach_regimes.calendars import SAO_PAULO, end_of_day

SEOUL = ZoneInfo("Asia/Seoul")
SINGAPORE = ZoneInfo("Asia/Singapore")
SYDNEY = ZoneInfo("Australia/Sydney")
SHANGHAI = ZoneInfo("Asia/Shanghai")
ZURICH = ZoneInfo("Europe/Zurich")
BRUSSELS = ZoneInfo("Europe/Brussels")
HELSINKI = ZoneInfo("Europe/Helsinki")

AUTH, SUBJ, CTRL = AUTHORITY_NOTIFICATION, DATA_SUBJECT_NOTIFICATION, CONTROLLER_NOTIFICATION

TUE = datetime(2025, 6, 10, 1, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def eod(zone: ZoneInfo, year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=zone).astimezone(UTC)


def make_facts(**overrides: Any) -> BreachFacts:
    values: dict[str, Any] = {"aware_at": TUE, "entity_country": "DE"}
    values.update(overrides)
    return BreachFacts(**values)


def rows(facts: BreachFacts, regime: str) -> list[tuple[Any, ...]]:
    """The regime's obligations without the basis: kind, required, due, recipients, source."""
    return [
        (o.kind, o.required, o.due_at, o.recipients, o.deadline_source)
        for o in breach_obligations(facts)
        if o.regime == regime
    ]


def pick(facts: BreachFacts, regime: str, kind: str) -> Obligation:
    (found,) = [o for o in breach_obligations(facts) if o.regime == regime and o.kind == kind]
    return found


# --- start instants: one second before and at the start -------------------------------------------


@pytest.mark.parametrize(
    ("regime", "overrides", "start"),
    [
        # 2023-09-15 00:00 KST = 2023-09-14 15:00 UTC.
        (KR_PIPA, {"entity_country": "KR"}, utc(2023, 9, 14, 15, 0)),
        # 2021-02-01 00:00 SGT = 2021-01-31 16:00 UTC.
        (SG_PDPA, {"entity_country": "SG", "risk": "high"}, utc(2021, 1, 31, 16, 0)),
        # 2024-04-26 00:00 BRT (UTC-3) = 03:00 UTC.
        (BR_LGPD, {"entity_country": "BR", "special_category": True}, utc(2024, 4, 26, 3, 0)),
        # 2023-09-01 00:00 CEST = 2023-08-31 22:00 UTC.
        (CH_FADP, {"entity_country": "CH", "risk": "high"}, utc(2023, 8, 31, 22, 0)),
        # 2018-02-22 00:00 AEDT (UTC+11) = 2018-02-21 13:00 UTC.
        (AU_NDB, {"entity_country": "AU"}, utc(2018, 2, 21, 13, 0)),
        # 2021-11-01 00:00 CST (UTC+8) = 2021-10-31 16:00 UTC.
        (CN_PIPL, {"entity_country": "CN"}, utc(2021, 10, 31, 16, 0)),
        # 2024-10-18 00:00 CEST = 2024-10-17 22:00 UTC.
        (
            EU_NIS2,
            {"entity_country": "DE", "nis2_entity": True, "significant_incident": True},
            utc(2024, 10, 17, 22, 0),
        ),
    ],
)
@pytest.mark.parametrize(
    ("offset", "applies"), [(timedelta(seconds=-1), False), (timedelta(), True)]
)
def test_regime_starts_at_its_local_midnight(
    regime: str, overrides: dict[str, Any], start: datetime, offset: timedelta, applies: bool
) -> None:
    facts = make_facts(aware_at=start + offset, **overrides)

    assert bool(rows(facts, regime)) is applies


@pytest.mark.parametrize(
    ("regime", "overrides", "expected"),
    [
        (KR_PIPA, {"entity_country": "KR"}, "awareness before 2023-09-15 00:00 Asia/Seoul"),
        (CN_PIPL, {"entity_country": "CN"}, "awareness before 2021-11-01 00:00 Asia/Shanghai"),
    ],
)
def test_explain_says_a_regime_was_not_yet_in_force(
    regime: str, overrides: dict[str, Any], expected: str
) -> None:
    facts = make_facts(aware_at=utc(2021, 1, 1), **overrides)

    assert [line for line in explain(facts) if expected in line] != []


# --- Korea PIPA ---------------------------------------------------------------------------------

TUE_72H = utc(2025, 6, 13, 1, 0)


@pytest.mark.parametrize(
    ("overrides", "authority_required"),
    [
        ({"subject_count": 999}, False),
        ({"subject_count": 1000}, True),  # "1,000 or more"
        ({"subject_count": None}, False),
        ({"subject_count": None, "possibly_over_1000": True}, True),
        ({"subject_count": 10, "special_category": True}, True),
        ({"subject_count": 10, "unique_identifiers": True}, True),
        ({"subject_count": 10, "wrongful_purpose": True}, True),
        ({"subject_count": 10, "property_damage_risk": True}, False),
        ({"subject_count": 10, "risk": "unlikely"}, False),
    ],
)
def test_kr_pipa_reports_to_the_pipc_on_its_grounds_and_always_tells_the_people(
    overrides: dict[str, Any], authority_required: bool
) -> None:
    facts = make_facts(entity_country="KR", **overrides)

    authority = (
        (AUTH, True, TUE_72H, ("KR",), STATUTE)
        if authority_required
        else (AUTH, False, None, (), None)
    )
    assert rows(facts, KR_PIPA) == [authority, (SUBJ, True, TUE_72H, (), STATUTE)]


def test_kr_pipa_hours_are_elapsed_hours() -> None:
    facts = make_facts(entity_country="KR", aware_at=datetime(2025, 6, 10, 23, 30, tzinfo=SEOUL))

    assert pick(facts, KR_PIPA, SUBJ).due_at == datetime(2025, 6, 13, 23, 30, tzinfo=SEOUL)


def test_kr_pipa_processor_tells_the_controller() -> None:
    facts = make_facts(entity_country="KR", role="processor", subject_count=5000)

    assert rows(facts, KR_PIPA) == [
        (CTRL, True, None, (), None),
        (AUTH, False, None, (), None),
        (SUBJ, False, None, (), None),
    ]


# --- Singapore PDPA -----------------------------------------------------------------------------

# Aware 09:00 SGT Tue 10 Jun: day 30 after = Thu 10 Jul, 23:59:59 SGT = 15:59:59 UTC.
SG_ASSESS_DUE = eod(SINGAPORE, 2025, 7, 10)


@pytest.mark.parametrize(
    ("overrides", "notifiable"),
    [
        ({"subject_count": 499}, False),
        ({"subject_count": 500}, True),  # "500 or more"
        ({"subject_count": None}, False),
        ({"subject_count": None, "possibly_over_1000": True}, True),
        ({"subject_count": 10, "risk": "high"}, True),
        ({"subject_count": 10, "special_category": True}, False),
    ],
)
def test_sg_pdpa_is_returned_only_when_notifiable(
    overrides: dict[str, Any], notifiable: bool
) -> None:
    facts = make_facts(entity_country="SG", **overrides)

    assert bool(rows(facts, SG_PDPA)) is notifiable


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"subject_count": 500},
            [
                (ASSESSMENT, True, SG_ASSESS_DUE, (), GUIDELINE),
                (AUTH, True, None, ("SG",), None),
                (SUBJ, False, None, (), None),
            ],
            id="scale-unassessed",
        ),
        pytest.param(
            # Assessed 11:00 SGT Thu 12 Jun: day 3 after = Sun 15 Jun, calendar days.
            {"subject_count": 500, "assessed_at": datetime(2025, 6, 12, 11, 0, tzinfo=SINGAPORE)},
            [
                (ASSESSMENT, True, SG_ASSESS_DUE, (), GUIDELINE),
                (AUTH, True, eod(SINGAPORE, 2025, 6, 15), ("SG",), STATUTE),
                (SUBJ, False, None, (), None),
            ],
            id="scale-assessed",
        ),
        pytest.param(
            {"risk": "high", "assessed_at": utc(2025, 6, 12, 15, 59, 59)},  # 23:59:59 SGT 12 Jun
            [
                (ASSESSMENT, True, SG_ASSESS_DUE, (), GUIDELINE),
                (AUTH, True, eod(SINGAPORE, 2025, 6, 15), ("SG",), STATUTE),
                (SUBJ, True, None, (), None),
            ],
            id="harm-assessed-last-second-of-the-day",
        ),
        pytest.param(
            {"risk": "high", "assessed_at": utc(2025, 6, 12, 16, 0)},  # 00:00 SGT 13 Jun
            [
                (ASSESSMENT, True, SG_ASSESS_DUE, (), GUIDELINE),
                (AUTH, True, eod(SINGAPORE, 2025, 6, 16), ("SG",), STATUTE),
                (SUBJ, True, None, (), None),
            ],
            id="harm-assessed-first-second-of-the-next-day",
        ),
        pytest.param(
            # Assessed Sat 28 Jun: day 3 after = Tue 1 Jul, across the month end.
            {"risk": "high", "assessed_at": datetime(2025, 6, 28, 9, 0, tzinfo=SINGAPORE)},
            [
                (ASSESSMENT, True, SG_ASSESS_DUE, (), GUIDELINE),
                (AUTH, True, eod(SINGAPORE, 2025, 7, 1), ("SG",), STATUTE),
                (SUBJ, True, None, (), None),
            ],
            id="across-the-month-end",
        ),
    ],
)
def test_sg_pdpa_counts_calendar_days_in_singapore(
    overrides: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    assert rows(make_facts(entity_country="SG", **overrides), SG_PDPA) == expected


@pytest.mark.parametrize(
    ("aware_at", "due"),
    [
        (utc(2025, 6, 10, 15, 59, 59), eod(SINGAPORE, 2025, 7, 10)),  # 23:59:59 SGT 10 Jun
        (utc(2025, 6, 10, 16, 0), eod(SINGAPORE, 2025, 7, 11)),  # 00:00 SGT 11 Jun
    ],
)
def test_sg_pdpa_assessment_day_zero_is_the_singapore_day_of_awareness(
    aware_at: datetime, due: datetime
) -> None:
    facts = make_facts(aware_at=aware_at, entity_country="SG", risk="high")

    assert pick(facts, SG_PDPA, ASSESSMENT).due_at == due


def test_sg_pdpa_people_are_told_not_before_the_pdpc() -> None:
    facts = make_facts(entity_country="SG", risk="high")

    assert "on or after notifying the PDPC" in pick(facts, SG_PDPA, SUBJ).basis


def test_sg_pdpa_data_intermediary_tells_the_organisation() -> None:
    facts = make_facts(entity_country="SG", role="processor", risk="high")

    assert rows(facts, SG_PDPA) == [
        (CTRL, True, None, (), None),
        (ASSESSMENT, False, None, (), None),
        (AUTH, False, None, (), None),
        (SUBJ, False, None, (), None),
    ]


# --- Brazil LGPD --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "reportable"),
    [
        ({}, False),
        ({"special_category": True}, True),
        ({"minors": True}, True),
        ({"financial_data": True}, True),
        ({"authentication_data": True}, True),
        ({"large_scale": True}, True),
        ({"unique_identifiers": True}, False),
        ({"subject_count": 1_000_000}, False),  # a count alone is not "large scale"
        ({"special_category": True, "risk": "unlikely"}, False),
        ({"minors": True, "risk": "high"}, True),
    ],
)
def test_br_lgpd_reportable_on_risk_and_one_criterion(
    overrides: dict[str, Any], reportable: bool
) -> None:
    facts = make_facts(entity_country="BR", **overrides)

    assert bool(rows(facts, BR_LGPD)) is reportable


@pytest.mark.parametrize(
    ("aware_local", "small_agent", "due_on"),
    [
        # Tue 10 Jun 2025: Wed 11, Thu 12, Fri 13.
        ((2025, 6, 10, 10, 0), False, (2025, 6, 13)),
        # Fri 13 Jun: Mon 16, Tue 17, Wed 18 (the week-end does not count).
        ((2025, 6, 13, 10, 0), False, (2025, 6, 18)),
        # Sat 14 Jun: Mon 16, Tue 17, Wed 18.
        ((2025, 6, 14, 10, 0), False, (2025, 6, 18)),
        # Thu 17 Apr 2025: Fri 18 Good Friday, Mon 21 Tiradentes; Tue 22, Wed 23, Thu 24.
        ((2025, 4, 17, 10, 0), False, (2025, 4, 24)),
        # Fri 28 Feb 2025: Carnival Mon 3 / Tue 4 Mar is not a national holiday; Wed 5 Mar.
        ((2025, 2, 28, 10, 0), False, (2025, 3, 5)),
        # Tue 24 Dec 2024: Wed 25 Christmas; Thu 26, Fri 27, Mon 30.
        ((2024, 12, 24, 10, 0), False, (2024, 12, 30)),
        # Fri 14 Nov 2025: Sat 15 Republic Day, Thu 20 Black Awareness Day; Mon 17, Tue 18, Wed 19.
        ((2025, 11, 14, 10, 0), False, (2025, 11, 19)),
        # Tue 18 Nov 2025: Wed 19 (1), Thu 20 holiday, Fri 21 (2), Mon 24 (3).
        ((2025, 11, 18, 10, 0), False, (2025, 11, 24)),
        # Small agent, Tue 10 Jun 2025: 11, 12, 13, 16, 17, 18.
        ((2025, 6, 10, 10, 0), True, (2025, 6, 18)),
        # Small agent, Tue 24 Dec 2024: 26, 27, 30, 31, (1 Jan holiday) 2, 3 Jan.
        ((2024, 12, 24, 10, 0), True, (2025, 1, 3)),
    ],
)
def test_br_lgpd_counts_business_days_in_sao_paulo(
    aware_local: tuple[int, int, int, int, int],
    small_agent: bool,
    due_on: tuple[int, int, int],
) -> None:
    facts = make_facts(
        aware_at=datetime(*aware_local, tzinfo=SAO_PAULO),
        entity_country="BR",
        financial_data=True,
        small_agent=small_agent,
    )

    due = eod(SAO_PAULO, *due_on)
    assert rows(facts, BR_LGPD) == [
        (AUTH, True, due, ("BR",), STATUTE),
        (SUBJ, True, due, (), STATUTE),
    ]


@pytest.mark.parametrize(
    ("aware_at", "due_on"),
    [
        # 23:59:59 BRT on Tue 10 Jun: day of knowledge Tue; Wed, Thu, Fri 13.
        (utc(2025, 6, 11, 2, 59, 59), (2025, 6, 13)),
        # 00:00 BRT on Wed 11 Jun: Thu, Fri, Mon 16.
        (utc(2025, 6, 11, 3, 0), (2025, 6, 16)),
    ],
)
def test_br_lgpd_day_of_knowledge_is_the_sao_paulo_day(
    aware_at: datetime, due_on: tuple[int, int, int]
) -> None:
    facts = make_facts(aware_at=aware_at, entity_country="BR", large_scale=True)

    assert pick(facts, BR_LGPD, AUTH).due_at == eod(SAO_PAULO, *due_on)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Since 2019 São Paulo keeps UTC-3 all year: 23:59:59 BRT = 02:59:59 UTC next day.
        (date(2025, 1, 15), utc(2025, 1, 16, 2, 59, 59)),
        # Summer time (UTC-2) in December 2018.
        (date(2018, 12, 1), utc(2018, 12, 2, 1, 59, 59)),
        # 16 Feb 2019: summer time ended at midnight, 23:00-23:59:59 ran twice; the first counts.
        (date(2019, 2, 16), utc(2019, 2, 17, 1, 59, 59)),
    ],
)
def test_end_of_day_in_sao_paulo_across_historic_summer_time(day: date, expected: datetime) -> None:
    assert end_of_day(day, SAO_PAULO) == expected


def test_br_lgpd_operator_tells_the_controller() -> None:
    facts = make_facts(entity_country="BR", role="processor", special_category=True)

    assert rows(facts, BR_LGPD) == [
        (CTRL, True, None, (), None),
        (AUTH, False, None, (), None),
        (SUBJ, False, None, (), None),
    ]


def test_br_lgpd_basis_names_the_count_and_the_small_agent_rule() -> None:
    facts = make_facts(entity_country="BR", minors=True, small_agent=True)

    basis = pick(facts, BR_LGPD, AUTH).basis

    assert "Res. CD/ANPD 15/2024 Art. 6" in basis
    assert "Res. CD/ANPD 2/2022 Art. 14" in basis
    # Known 22:00 BRT on Mon 9 Jun: 10, 11, 12, 13, 16, 17 Jun.
    assert "business day 6 after the day of knowledge = 2025-06-17" in basis
    assert "Carnival" in basis


# --- Switzerland FADP ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("risk", "expected"),
    [
        ("unlikely", []),
        ("risk", []),
        (
            "high",
            [
                (AUTH, True, TUE + timedelta(hours=72), ("CH",), INTERNAL),
                (SUBJ, True, None, (), None),
            ],
        ),
    ],
)
def test_ch_fadp_reports_a_high_risk_with_an_internal_target(
    risk: str, expected: list[tuple[Any, ...]]
) -> None:
    assert rows(make_facts(entity_country="CH", risk=risk), CH_FADP) == expected


def test_ch_fadp_target_is_72_elapsed_hours_across_dst() -> None:
    # Fri 28 Mar 2025 10:00 CET; summer time from Sun 30 Mar: Mon 31 Mar 11:00 CEST.
    facts = make_facts(
        aware_at=datetime(2025, 3, 28, 10, 0, tzinfo=ZURICH), entity_country="CH", risk="high"
    )

    assert pick(facts, CH_FADP, AUTH).due_at == datetime(2025, 3, 31, 11, 0, tzinfo=ZURICH)


def test_ch_fadp_processor_tells_the_controller() -> None:
    facts = make_facts(entity_country="CH", role="processor", risk="high")

    assert rows(facts, CH_FADP) == [
        (CTRL, True, None, (), None),
        (AUTH, False, None, (), None),
        (SUBJ, False, None, (), None),
    ]


# --- Australia NDB ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aware_at", "due"),
    [
        # 11:00 AEST Tue 10 Jun: day 30 after = Thu 10 Jul, 23:59:59 AEST (UTC+10).
        (TUE, utc(2025, 7, 10, 13, 59, 59)),
        # 23:59:59 AEST on 10 Jun, then 00:00 on 11 Jun.
        (utc(2025, 6, 10, 13, 59, 59), utc(2025, 7, 10, 13, 59, 59)),
        (utc(2025, 6, 10, 14, 0), utc(2025, 7, 11, 13, 59, 59)),
        # Aware in summer time (AEDT), due after it ends on Sun 6 Apr 2025: Wed 9 Apr AEST.
        (datetime(2025, 3, 10, 12, 0, tzinfo=SYDNEY), utc(2025, 4, 9, 13, 59, 59)),
        # Aware in AEST, due after summer time starts on Sun 5 Oct 2025: Fri 10 Oct AEDT.
        (datetime(2025, 9, 10, 12, 0, tzinfo=SYDNEY), utc(2025, 10, 10, 12, 59, 59)),
        # 2024 is a leap year: aware Wed 31 Jan, day 30 after = Fri 1 Mar (AEDT).
        (datetime(2024, 1, 31, 12, 0, tzinfo=SYDNEY), utc(2024, 3, 1, 12, 59, 59)),
    ],
)
def test_au_ndb_assessment_is_due_at_the_end_of_day_30_in_sydney(
    aware_at: datetime, due: datetime
) -> None:
    facts = make_facts(aware_at=aware_at, entity_country="AU")

    assert pick(facts, AU_NDB, ASSESSMENT).due_at == due


@pytest.mark.parametrize("role", ["controller", "processor"])
@pytest.mark.parametrize(
    ("risk", "notify"),
    [("unlikely", False), ("risk", False), ("high", True)],
)
def test_au_ndb_always_assesses_and_notifies_serious_harm(
    role: str, risk: str, notify: bool
) -> None:
    facts = make_facts(entity_country="AU", role=role, risk=risk)

    assert rows(facts, AU_NDB) == [
        (ASSESSMENT, True, utc(2025, 7, 10, 13, 59, 59), (), STATUTE),
        (AUTH, notify, None, ("AU",) if notify else (), None),
        (SUBJ, notify, None, (), None),
    ]


# --- China PIPL ---------------------------------------------------------------------------------

# 2025-11-01 00:00 CST = 2025-10-31 16:00 UTC.
CAC_START = utc(2025, 10, 31, 16, 0)


@pytest.mark.parametrize(
    ("aware_at", "count", "hours", "source"),
    [
        (TUE, None, 24, INTERNAL),
        (TUE, 1_000_000, 24, INTERNAL),  # before the CAC Measures
        (CAC_START - timedelta(seconds=1), 1_000_000, 24, INTERNAL),
        (CAC_START, 1_000_000, 4, STATUTE),
        (CAC_START, 999_999, 24, INTERNAL),
        (CAC_START, 5_000_000, 4, STATUTE),
        (CAC_START, None, 24, INTERNAL),
    ],
)
def test_cn_pipl_reports_immediately_and_major_leaks_within_4_hours(
    aware_at: datetime, count: int | None, hours: int, source: str
) -> None:
    facts = make_facts(aware_at=aware_at, entity_country="CN", subject_count=count)

    assert rows(facts, CN_PIPL) == [
        (AUTH, True, aware_at + timedelta(hours=hours), ("CN",), source),
        (SUBJ, True, None, (), None),
    ]


def test_cn_pipl_unknown_count_after_the_cac_measures_says_to_reassess() -> None:
    facts = make_facts(aware_at=CAC_START, entity_country="CN")

    assert "4 hours apply once 1,000,000 or more" in pick(facts, CN_PIPL, AUTH).basis


def test_cn_pipl_entrusted_party_tells_the_handler() -> None:
    facts = make_facts(entity_country="CN", role="processor")

    assert rows(facts, CN_PIPL) == [
        (CTRL, True, None, (), None),
        (AUTH, False, None, (), None),
        (SUBJ, False, None, (), None),
    ]


# --- NIS2 ---------------------------------------------------------------------------------------

NIS2 = {"nis2_entity": True, "significant_incident": True}


@pytest.mark.parametrize(
    ("overrides", "reportable"),
    [
        ({}, False),
        ({"nis2_entity": True}, False),
        ({"significant_incident": True}, False),
        (NIS2, True),
    ],
)
def test_nis2_needs_an_entity_and_a_significant_incident(
    overrides: dict[str, Any], reportable: bool
) -> None:
    assert bool(rows(make_facts(**overrides), EU_NIS2)) is reportable


@pytest.mark.parametrize(
    ("aware_at", "early", "notification"),
    [
        # Aware 12:00 CEST Sat 25 Oct 2025; the clocks go back on Sun 26: 24 and 72 elapsed
        # hours, 11:00 CET on the wall clock.
        (utc(2025, 10, 25, 10, 0), utc(2025, 10, 26, 10, 0), utc(2025, 10, 28, 10, 0)),
        # Aware 12:00 CET Sat 29 Mar 2025; the clocks go forward on Sun 30: 13:00 CEST.
        (utc(2025, 3, 29, 11, 0), utc(2025, 3, 30, 11, 0), utc(2025, 4, 1, 11, 0)),
        # At the start instant itself.
        (utc(2024, 10, 17, 22, 0), utc(2024, 10, 18, 22, 0), utc(2024, 10, 20, 22, 0)),
    ],
)
def test_nis2_hours_are_elapsed_hours_across_summer_time(
    aware_at: datetime, early: datetime, notification: datetime
) -> None:
    facts = make_facts(**{**NIS2, "aware_at": aware_at})

    assert [o.due_at for o in breach_obligations(facts) if o.regime == EU_NIS2][:2] == [
        early,
        notification,
    ]


def test_nis2_early_warning_notification_and_final_report_pending() -> None:
    assert rows(make_facts(**NIS2), EU_NIS2) == [
        (EARLY_WARNING, True, TUE + timedelta(hours=24), ("DE",), STATUTE),
        (INCIDENT_NOTIFICATION, True, TUE + timedelta(hours=72), ("DE",), STATUTE),
        (FINAL_REPORT, True, None, ("DE",), None),
    ]


@pytest.mark.parametrize(
    ("entity", "notified_at", "due"),
    [
        # Same clock time one calendar month later.
        (
            "DE",
            datetime(2025, 6, 12, 10, 0, tzinfo=BRUSSELS),
            datetime(2025, 7, 12, 10, 0, tzinfo=BRUSSELS),
        ),
        # 31 Jan -> 28 Feb (no 31 Feb): the month's last day.
        (
            "DE",
            datetime(2026, 1, 31, 10, 0, tzinfo=BRUSSELS),
            datetime(2026, 2, 28, 10, 0, tzinfo=BRUSSELS),
        ),
        # Leap year: 31 Jan 2028 -> 29 Feb 2028.
        (
            "DE",
            datetime(2028, 1, 31, 10, 0, tzinfo=BRUSSELS),
            datetime(2028, 2, 29, 10, 0, tzinfo=BRUSSELS),
        ),
        # 31 Mar -> 30 Apr; 31 Dec -> 31 Jan of the next year.
        (
            "FR",
            datetime(2025, 3, 31, 10, 0, tzinfo=BRUSSELS),
            datetime(2025, 4, 30, 10, 0, tzinfo=BRUSSELS),
        ),
        (
            "DE",
            datetime(2025, 12, 31, 10, 0, tzinfo=BRUSSELS),
            datetime(2026, 1, 31, 10, 0, tzinfo=BRUSSELS),
        ),
        # Across the spring change: 10:00 CET (09:00 UTC) -> 10:00 CEST (08:00 UTC).
        ("DE", utc(2025, 3, 15, 9, 0), utc(2025, 4, 15, 8, 0)),
        # Across the autumn change: 10:00 CEST (08:00 UTC) -> 10:00 CET (09:00 UTC).
        ("DE", utc(2025, 10, 15, 8, 0), utc(2025, 11, 15, 9, 0)),
        # Finland keeps its own clock: 10:00 EET (08:00 UTC) -> 10:00 EEST (07:00 UTC).
        ("FI", utc(2025, 3, 15, 8, 0), utc(2025, 4, 15, 7, 0)),
        # 02:30 on 28 Mar 2027 does not exist (02:00 CET -> 03:00 CEST): the earlier reading,
        # 02:30 CEST = 00:30 UTC, not 02:30 CET = 01:30 UTC.
        ("DE", utc(2027, 2, 28, 1, 30), utc(2027, 3, 28, 0, 30)),
        # 02:30 on 26 Oct 2025 happens twice: the first, CEST (00:30 UTC), not CET (01:30 UTC).
        ("DE", utc(2025, 9, 26, 0, 30), utc(2025, 10, 26, 0, 30)),
        # One second before and at the month's end of a leap day: 29 Feb 2028 -> 29 Mar 2028.
        ("DE", datetime(2028, 2, 29, 23, 59, 59, tzinfo=BRUSSELS), utc(2028, 3, 29, 21, 59, 59)),
    ],
)
def test_nis2_final_report_is_one_calendar_month_after_the_notification(
    entity: str, notified_at: datetime, due: datetime
) -> None:
    facts = make_facts(
        aware_at=notified_at - timedelta(days=2),
        entity_country=entity,
        nis2_notified_at=notified_at,
        **NIS2,
    )

    final = pick(facts, EU_NIS2, FINAL_REPORT)

    assert (final.due_at, final.deadline_source, final.recipients) == (due, STATUTE, (entity,))


@pytest.mark.parametrize(
    ("overrides", "recipients", "assumed"),
    [
        ({"entity_country": "RE"}, ("FR",), False),
        ({"entity_country": "AX"}, ("FI",), False),
        ({"entity_country": "US", "affected_countries": {"DE", "FR", "US"}}, ("DE", "FR"), True),
        (
            {
                "entity_country": "US",
                "affected_countries": {"DE"},
                "targeted_regimes": {EU_NIS2},
            },
            ("DE",),
            False,
        ),
        ({"entity_country": "NO"}, None, False),  # NIS2 is not (yet) EEA law here
        ({"entity_country": "GB"}, None, False),
    ],
)
def test_nis2_goes_to_the_member_state_of_the_entity(
    overrides: dict[str, Any], recipients: tuple[str, ...] | None, assumed: bool
) -> None:
    obligations = [
        o for o in breach_obligations(make_facts(**NIS2, **overrides)) if o.regime == EU_NIS2
    ]

    if recipients is None:
        assert obligations == []
    else:
        assert {(o.recipients, o.assumed) for o in obligations} == {(recipients, assumed)}


# --- applicability: established, targeted, assumed ---------------------------------------------

FACTS_BY_REGIME: dict[str, tuple[str, dict[str, Any]]] = {
    KR_PIPA: ("KR", {}),
    SG_PDPA: ("SG", {"risk": "high"}),
    BR_LGPD: ("BR", {"special_category": True}),
    CH_FADP: ("CH", {"risk": "high"}),
    AU_NDB: ("AU", {}),
    CN_PIPL: ("CN", {}),
}
PREFIXES = {
    KR_PIPA: "Assumed: extraterritorial applicability (PIPA Art. 31-2",
    SG_PDPA: "Assumed: extraterritorial applicability (PDPA s. 4",
    BR_LGPD: "Assumed: extraterritorial applicability (LGPD Art. 3) not assessed",
    CH_FADP: "Assumed: extraterritorial applicability (FADP Art. 3(1)",
    AU_NDB: "Assumed: extraterritorial applicability (Privacy Act 1988 s. 5B",
    CN_PIPL: "Assumed: extraterritorial applicability (PIPL Art. 3(2)) not assessed",
}


@pytest.mark.parametrize("regime", list(FACTS_BY_REGIME))
@pytest.mark.parametrize(
    ("targeted", "applies", "assumed"),
    [
        pytest.param(None, True, True, id="not-assessed"),
        pytest.param("self", True, False, id="targeted"),
        pytest.param(frozenset(), False, False, id="not-targeted"),
    ],
)
def test_regime_reaches_an_entity_abroad_only_through_targeted_regimes(
    regime: str, targeted: Any, applies: bool, assumed: bool
) -> None:
    country, extra = FACTS_BY_REGIME[regime]
    facts = make_facts(
        entity_country="US",
        affected_countries={country},
        targeted_regimes={regime} if targeted == "self" else targeted,
        **extra,
    )

    obligations = [o for o in breach_obligations(facts) if o.regime == regime]

    assert bool(obligations) is applies
    assert all(o.assumed is assumed for o in obligations)
    assert all(o.basis.startswith(PREFIXES[regime]) is assumed for o in obligations)


@pytest.mark.parametrize("regime", list(FACTS_BY_REGIME))
def test_regime_applies_to_an_established_entity_whatever_targeted_says(regime: str) -> None:
    country, extra = FACTS_BY_REGIME[regime]
    facts = make_facts(entity_country=country, targeted_regimes=frozenset(), **extra)

    obligations = [o for o in breach_obligations(facts) if o.regime == regime]

    assert obligations
    assert not any(o.assumed for o in obligations)


@pytest.mark.parametrize("regime", list(FACTS_BY_REGIME))
def test_regime_does_not_apply_without_a_territorial_link(regime: str) -> None:
    _, extra = FACTS_BY_REGIME[regime]
    facts = make_facts(entity_country="US", affected_countries={"US"}, **extra)

    assert [o for o in breach_obligations(facts) if o.regime == regime] == []


def test_results_come_in_regime_order() -> None:
    facts = make_facts(
        entity_country="DE",
        affected_countries={"GB", "JP", "KR", "SG", "BR", "CH", "AU", "CN"},
        risk="high",
        special_category=True,
        **NIS2,
    )

    seen = list(dict.fromkeys(o.regime for o in breach_obligations(facts)))

    assert seen == list(REGIMES)


def test_every_dated_obligation_is_utc_and_names_its_source() -> None:
    facts = make_facts(
        entity_country="DE",
        affected_countries={"GB", "JP", "KR", "SG", "BR", "CH", "AU", "CN"},
        risk="high",
        special_category=True,
        assessed_at=TUE + timedelta(days=1),
        nis2_notified_at=TUE + timedelta(days=2),
        **NIS2,
    )

    dated = [o for o in breach_obligations(facts) if o.due_at is not None]

    assert {o.due_at.tzinfo for o in dated if o.due_at is not None} == {UTC}
    assert all(o.deadline_source in {STATUTE, GUIDELINE, INTERNAL} for o in dated)
    assert [o for o in breach_obligations(facts) if o.required is False and o.due_at] == []


# --- explain ------------------------------------------------------------------------------------

TITLES = {
    EU_GDPR: "EU GDPR",
    KR_PIPA: "Korea PIPA",
    SG_PDPA: "Singapore PDPA",
    BR_LGPD: "Brazil LGPD",
    CH_FADP: "Swiss FADP",
    AU_NDB: "Australia NDB",
    CN_PIPL: "China PIPL",
    EU_NIS2: "NIS2",
}

EXPLAIN_CASES = [
    pytest.param({"entity_country": "SG"}, id="sg-not-notifiable"),
    pytest.param({"entity_country": "SG", "subject_count": 500}, id="sg-notifiable"),
    pytest.param({"entity_country": "US", "affected_countries": {"CH"}}, id="ch-not-high"),
    pytest.param(
        {"entity_country": "US", "affected_countries": {"CH"}, "risk": "high"}, id="ch-assumed"
    ),
    pytest.param(
        {"entity_country": "US", "affected_countries": {"KR"}, "targeted_regimes": frozenset()},
        id="kr-not-targeted",
    ),
    pytest.param({"entity_country": "BR", "minors": True}, id="br-minors"),
    pytest.param({"entity_country": "DE", "nis2_entity": True}, id="nis2-not-significant"),
    pytest.param({"entity_country": "DE", **NIS2}, id="nis2-significant"),
    pytest.param({"entity_country": "AU", "affected_countries": {"CN", "KR"}}, id="au-cn-kr"),
]


@pytest.mark.parametrize("overrides", EXPLAIN_CASES)
def test_explain_says_applies_exactly_for_the_returned_regimes(overrides: dict[str, Any]) -> None:
    facts = make_facts(**overrides)

    said = {
        r
        for r, title in TITLES.items()
        if any(line.startswith(f"{title} applies") for line in explain(facts))
    }

    assert said == {o.regime for o in breach_obligations(facts)}


@pytest.mark.parametrize(
    ("overrides", "expected_start", "expected_part"),
    [
        (
            {"entity_country": "SG"},
            "Singapore PDPA: nothing to notify: the entity is established in SG",
            "fewer than 500 individuals (count unknown)",
        ),
        (
            {"entity_country": "SG", "subject_count": 500},
            "Singapore PDPA applies: the entity is established in SG",
            "500 or more individuals (500)",
        ),
        (
            {"entity_country": "US", "affected_countries": {"CH"}, "risk": "high"},
            "Swiss FADP applies: people in CH are affected",
            "assumed: extraterritorial applicability (FADP Art. 3(1)",
        ),
        (
            {"entity_country": "US", "affected_countries": {"KR"}, "targeted_regimes": frozenset()},
            "Korea PIPA not applicable: people in KR are affected, but the entity (US)",
            "targeted_regimes lacks KR_PIPA",
        ),
        (
            {"entity_country": "BR", "minors": True, "risk": "unlikely"},
            "Brazil LGPD: nothing to notify",
            "no relevant risk",
        ),
        (
            {"entity_country": "DE", "nis2_entity": True},
            "NIS2: nothing to notify: the entity is established in DE",
            "not significant",
        ),
        (
            {"aware_at": CAC_START, "entity_country": "CN", "subject_count": 1_000_000},
            "China PIPL applies: the entity is established in CN",
            "relatively major incident",
        ),
    ],
)
def test_explain_covers_the_new_regimes_and_facts(
    overrides: dict[str, Any], expected_start: str, expected_part: str
) -> None:
    lines = [line for line in explain(make_facts(**overrides)) if line.startswith(expected_start)]

    assert len(lines) == 1
    assert expected_part in lines[0]


def test_explain_is_silent_on_nis2_for_an_entity_outside_it() -> None:
    lines = explain(make_facts(entity_country="DE", significant_incident=True))

    assert [line for line in lines if line.startswith("NIS2")] == []
