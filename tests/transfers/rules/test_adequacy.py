"""Adequacy decisions as dated data (domain.md §2-§3); expected values come from the brief."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from transfers.rules.adequacy import (
    EU_DECISIONS,
    HR_DATA_PROVISIONS,
    INVALIDATING_JUDGMENTS,
    SCOPE_LIMITS,
    UK_DECISIONS,
    AdequacyDecision,
    decisions_in_force,
    invalidated,
)

d = date


# domain.md §2, one line per row of the table plus the two historical US frameworks.
EU_TABLE = [
    ("CH", d(2000, 7, 26), "2000/518/EC"),
    ("CA", d(2001, 12, 20), "2002/2/EC"),
    ("AR", d(2003, 6, 30), "2003/490/EC"),
    ("GG", d(2003, 11, 21), None),
    ("IM", d(2004, 4, 28), None),
    ("JE", d(2008, 5, 8), None),
    ("FO", d(2010, 3, 5), None),
    ("AD", d(2010, 10, 19), None),
    ("IL", d(2011, 1, 31), None),
    ("UY", d(2012, 8, 21), None),
    ("NZ", d(2012, 12, 19), None),
    ("JP", d(2019, 1, 23), "2019/419"),
    ("GB", d(2021, 6, 28), "2021/1772"),
    ("KR", d(2021, 12, 17), "2022/254"),
    ("US", d(2023, 7, 10), "2023/1795"),
    ("EPO", d(2025, 7, 15), None),
    ("BR", d(2026, 1, 26), "2026/179"),
    ("US", d(2000, 7, 26), None),  # Safe Harbor
    ("US", d(2016, 7, 12), None),  # Privacy Shield
]


@pytest.mark.parametrize(("jurisdiction", "adopted", "reference"), EU_TABLE)
def test_eu_decisions_contain_each_row_of_the_domain_table(jurisdiction, adopted, reference):
    rows = [
        row
        for row in EU_DECISIONS
        if row.jurisdiction == jurisdiction and row.adopted == adopted and row.regime == "EU"
    ]

    assert len(rows) == 1
    if reference is not None:
        assert reference in rows[0].reference


def test_eu_decisions_have_no_row_outside_the_domain_table():
    listed = {(j, a) for j, a, _ in EU_TABLE} | {("GB", d(2025, 12, 19))}  # UK renewal

    assert {(row.jurisdiction, row.adopted) for row in EU_DECISIONS} == listed


def test_uk_decisions_cover_gibraltar_the_eu_pre_2021_list_korea_and_the_us_bridge():
    assert sorted(row.jurisdiction for row in UK_DECISIONS) == sorted(
        ["GI", "CH", "CA", "AR", "GG", "IM", "JE", "FO", "AD", "IL", "UY", "NZ", "JP", "KR", "US"]
    )
    assert {row.regime for row in UK_DECISIONS} == {"UK"}


@pytest.mark.parametrize("table", [EU_DECISIONS, UK_DECISIONS, EU_DECISIONS + UK_DECISIONS])
def test_decision_keys_are_unique(table):
    keys = [row.key for row in table]

    assert len(keys) == len(set(keys))


def test_decision_keys_named_in_the_brief_exist():
    keys = {row.key for row in EU_DECISIONS + UK_DECISIONS}

    assert {
        "eu_japan_2019",
        "eu_us_dpf_2023",
        "eu_us_privacy_shield",
        "eu_us_safe_harbor",
        "uk_us_data_bridge",
    } <= keys


def test_only_us_decisions_require_certification():
    requiring = {
        (row.key, row.jurisdiction)
        for row in EU_DECISIONS + UK_DECISIONS
        if row.requires_certification
    }

    assert requiring == {
        ("eu_us_safe_harbor", "US"),
        ("eu_us_privacy_shield", "US"),
        ("eu_us_dpf_2023", "US"),
        ("uk_us_data_bridge", "US"),
    }


def test_every_decision_names_its_reference_and_source():
    for row in EU_DECISIONS + UK_DECISIONS:
        assert row.title
        assert row.reference
        assert row.source
        assert row.scope


def _keys(decisions, jurisdiction, on):
    return tuple(row.key for row in decisions_in_force(decisions, jurisdiction, on))


@pytest.mark.parametrize(
    ("jurisdiction", "on", "expected"),
    [
        ("CH", d(2000, 7, 25), ()),
        ("CH", d(2000, 7, 26), ("eu_switzerland_2000",)),
        ("CA", d(2001, 12, 19), ()),
        ("CA", d(2001, 12, 20), ("eu_canada_2001",)),
        ("US", d(2000, 7, 25), ()),
        ("US", d(2000, 7, 26), ("eu_us_safe_harbor",)),
        ("US", d(2015, 10, 5), ("eu_us_safe_harbor",)),
        ("US", d(2015, 10, 6), ()),
        ("US", d(2016, 7, 11), ()),
        ("US", d(2016, 7, 12), ("eu_us_privacy_shield",)),
        ("US", d(2020, 7, 15), ("eu_us_privacy_shield",)),
        ("US", d(2020, 7, 16), ()),
        ("US", d(2023, 7, 9), ()),
        ("US", d(2023, 7, 10), ("eu_us_dpf_2023",)),
        ("JP", d(2019, 1, 22), ()),
        ("JP", d(2019, 1, 23), ("eu_japan_2019",)),
        ("KR", d(2021, 12, 16), ()),
        ("KR", d(2021, 12, 17), ("eu_korea_2021",)),
        ("GB", d(2021, 6, 27), ()),
        ("GB", d(2021, 6, 28), ("eu_uk_2021",)),
        ("GB", d(2025, 12, 27), ("eu_uk_2021",)),
        ("GB", d(2025, 12, 28), ("eu_uk_2025",)),
        ("GB", d(2031, 12, 27), ("eu_uk_2025",)),
        ("GB", d(2031, 12, 28), ()),
        ("EPO", d(2025, 7, 14), ()),
        ("EPO", d(2025, 7, 15), ("eu_epo_2025",)),
        ("BR", d(2026, 1, 25), ()),
        ("BR", d(2026, 1, 26), ("eu_brazil_2026",)),
        ("SG", d(2024, 1, 1), ()),
    ],
)
def test_eu_decisions_in_force_around_each_boundary(jurisdiction, on, expected):
    assert _keys(EU_DECISIONS, jurisdiction, on) == expected


@pytest.mark.parametrize(
    ("jurisdiction", "on", "expected"),
    [
        ("GI", d(2020, 12, 31), ()),
        ("GI", d(2021, 1, 1), ("uk_gibraltar",)),
        ("CH", d(2021, 1, 1), ("uk_switzerland",)),
        ("JP", d(2021, 1, 1), ("uk_japan",)),
        ("NZ", d(2024, 1, 1), ("uk_new_zealand",)),
        ("KR", d(2022, 12, 18), ()),
        ("KR", d(2022, 12, 19), ("uk_korea_2022",)),
        ("US", d(2021, 1, 1), ()),
        ("US", d(2023, 10, 11), ()),
        ("US", d(2023, 10, 12), ("uk_us_data_bridge",)),
        ("BR", d(2026, 6, 1), ()),
        ("DE", d(2024, 1, 1), ()),  # the EEA is covered by territory, not by a row
    ],
)
def test_uk_decisions_in_force_around_each_boundary(jurisdiction, on, expected):
    assert _keys(UK_DECISIONS, jurisdiction, on) == expected


def test_eu_uk_adequacy_has_no_gap_from_2021_06_28_to_2031_12_27():
    day, last = d(2021, 6, 28), d(2031, 12, 27)
    gaps = []
    while day <= last:
        if not decisions_in_force(EU_DECISIONS, "GB", day):
            gaps.append(day)
        day += timedelta(days=1)

    assert gaps == []


def test_invalidated_ends_the_decision_the_day_before():
    table = invalidated(EU_DECISIONS, "eu_us_dpf_2023", d(2025, 3, 1))

    dpf = next(row for row in table if row.key == "eu_us_dpf_2023")
    assert dpf.valid_to == d(2025, 2, 28)
    assert _keys(table, "US", d(2025, 2, 28)) == ("eu_us_dpf_2023",)
    assert _keys(table, "US", d(2025, 3, 1)) == ()


def test_invalidated_leaves_the_other_decisions_and_the_original_untouched():
    table = invalidated(EU_DECISIONS, "eu_us_dpf_2023", d(2025, 3, 1))

    assert [row for row in table if row.key != "eu_us_dpf_2023"] == [
        row for row in EU_DECISIONS if row.key != "eu_us_dpf_2023"
    ]
    assert next(row for row in EU_DECISIONS if row.key == "eu_us_dpf_2023").valid_to is None
    assert len(table) == len(EU_DECISIONS)


def test_invalidated_never_extends_a_decision_that_already_ended():
    table = invalidated(EU_DECISIONS, "eu_us_privacy_shield", d(2024, 1, 1))

    assert table == EU_DECISIONS


def test_invalidated_shortens_a_decision_with_an_end_date():
    table = invalidated(EU_DECISIONS, "eu_us_privacy_shield", d(2019, 1, 1))

    shield = next(row for row in table if row.key == "eu_us_privacy_shield")
    assert shield.valid_to == d(2018, 12, 31)


@pytest.mark.parametrize("from_date", [d(2023, 7, 10), d(2020, 1, 1)])
def test_invalidated_drops_a_decision_that_would_never_have_started(from_date):
    table = invalidated(EU_DECISIONS, "eu_us_dpf_2023", from_date)

    assert [row.key for row in table if row.key == "eu_us_dpf_2023"] == []
    assert len(table) == len(EU_DECISIONS) - 1


def test_invalidated_on_the_day_after_the_start_keeps_one_day():
    table = invalidated(EU_DECISIONS, "eu_us_dpf_2023", d(2023, 7, 11))

    assert _keys(table, "US", d(2023, 7, 10)) == ("eu_us_dpf_2023",)
    assert _keys(table, "US", d(2023, 7, 11)) == ()


def test_invalidated_works_on_uk_decisions():
    table = invalidated(UK_DECISIONS, "uk_us_data_bridge", d(2024, 6, 1))

    assert _keys(table, "US", d(2024, 5, 31)) == ("uk_us_data_bridge",)
    assert _keys(table, "US", d(2024, 6, 1)) == ()


def test_invalidated_rejects_an_unknown_key():
    with pytest.raises(ValueError, match="eu_atlantis"):
        invalidated(EU_DECISIONS, "eu_atlantis", d(2024, 1, 1))


_VALID = EU_DECISIONS[0]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"regime": "JP"}, "regime"),
        ({"key": "EU Switzerland"}, "snake_case"),
        ({"jurisdiction": "ch"}, "jurisdiction"),
        ({"valid_to": d(2000, 7, 25)}, "before valid_from"),
    ],
)
def test_adequacy_decision_rejects_invalid_rows(changes, message):
    with pytest.raises(ValueError, match=message):
        replace(_VALID, **changes)


def test_adequacy_decision_in_force_includes_both_ends():
    row = AdequacyDecision(
        "x_test",
        "EU",
        "XX",
        "Test",
        "ref",
        d(2020, 1, 1),
        d(2020, 1, 2),
        d(2020, 1, 3),
        "all",
        False,
        "src",
    )

    assert [row.in_force(d(2020, 1, day)) for day in (1, 2, 3, 4)] == [False, True, True, False]


ALL_KEYS = {d.key: d for d in (*EU_DECISIONS, *UK_DECISIONS)}


def test_scope_limits_cover_the_limited_decisions_of_the_brief():
    # domain.md §8.3: Canada, Israel, Japan, Korea, UK 2021 (and the UK's kept copies).
    assert {ALL_KEYS[key].jurisdiction for key in SCOPE_LIMITS} == {"CA", "IL", "JP", "KR", "GB"}
    assert sorted(key for key in SCOPE_LIMITS if ALL_KEYS[key].jurisdiction == "GB") == [
        "eu_uk_2021"
    ]


@pytest.mark.parametrize(
    ("key", "judgment_day"),
    [("eu_us_safe_harbor", d(2015, 10, 6)), ("eu_us_privacy_shield", d(2020, 7, 16))],
)
def test_invalidating_judgments_date_is_the_day_after_the_last_day(key, judgment_day):
    assert (ALL_KEYS[key].valid_to + timedelta(days=1), sorted(INVALIDATING_JUDGMENTS)) == (
        judgment_day,
        ["eu_us_privacy_shield", "eu_us_safe_harbor"],
    )
    assert judgment_day.isoformat() in INVALIDATING_JUDGMENTS[key]


def test_hr_data_provisions_cover_every_certification_based_decision():
    certified = sorted(d.key for d in ALL_KEYS.values() if d.requires_certification)

    assert sorted(HR_DATA_PROVISIONS) == certified
