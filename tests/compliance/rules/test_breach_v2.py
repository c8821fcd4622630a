"""Breach engine v2 (domain brief §8.1, §8.2): extraterritorial reach, the APPI facts, deadline
sources, lateness and the group notification. Expected instants are worked out by hand in the
comments; the v1 rows are those of ``test_breach.py``.
"""

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from compliance.rules.breach import (
    AFTER_INTERNAL_TARGET,
    AFTER_REGULATORS_YARDSTICK,
    AUTHORITY_NOTIFICATION,
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    EU_GDPR,
    FINAL_REPORT,
    GROUP_BCR,
    GROUP_NOTIFICATION,
    GROUP_SCC,
    GUIDELINE,
    INTERNAL,
    JP_APPI,
    LATE,
    PRELIMINARY_REPORT,
    STATUTE,
    UK_GDPR,
    BreachFacts,
    Obligation,
    asks_reasons_for_delay,
    breach_obligations,
    explain,
    group_notification,
    lateness_label,
)
from tests.compliance.rules.test_breach import FULL_SET_CASES

TOKYO = ZoneInfo("Asia/Tokyo")
AUTH, SUBJ, CTRL = AUTHORITY_NOTIFICATION, DATA_SUBJECT_NOTIFICATION, CONTROLLER_NOTIFICATION
PRE, FIN = PRELIMINARY_REPORT, FINAL_REPORT

# Wednesday 2023-06-14 10:00 JST = 01:00 UTC.
WED = datetime(2023, 6, 14, 1, 0, tzinfo=UTC)
WED_72H = datetime(2023, 6, 17, 1, 0, tzinfo=UTC)
GDPR_PREFIX = "Assumed: extraterritorial applicability (Art. 3(2)) not assessed"
APPI_PREFIX = "Assumed: extraterritorial applicability (Art. 171) not assessed"


def eod_jst(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=TOKYO).astimezone(UTC)


def make_facts(**overrides: Any) -> BreachFacts:
    values: dict[str, Any] = {"aware_at": WED, "entity_country": "DE"}
    values.update(overrides)
    return BreachFacts(**values)


def rows(obligations: tuple[Obligation, ...]) -> list[tuple[Any, ...]]:
    return [
        (o.regime, o.kind, o.required, o.due_at, o.recipients, o.deadline_source, o.assumed)
        for o in obligations
    ]


# --- v1 unchanged -----------------------------------------------------------------------------

V2_DEFAULTS: dict[str, Any] = {
    "targeted_regimes": None,
    "appi_special_care": None,
    "possibly_over_1000": False,
    "controller_subject_to_appi": True,
    "assessed_at": None,
    "minors": False,
    "authentication_data": False,
    "financial_data": False,
    "unique_identifiers": False,
    "large_scale": False,
    "small_agent": False,
    "nis2_entity": False,
    "significant_incident": False,
    "nis2_notified_at": None,
}


@pytest.mark.parametrize(("overrides", "expected"), FULL_SET_CASES)
def test_v2_defaults_given_explicitly_change_nothing(
    overrides: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    implicit = breach_obligations(make_facts(**overrides))

    explicit = breach_obligations(make_facts(**overrides, **V2_DEFAULTS))

    assert explicit == implicit
    assert [(o.regime, o.kind, o.required, o.due_at, o.recipients) for o in explicit] == expected


# --- deadline sources -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"entity_country": "DE", "risk": "high"},
            [
                (EU_GDPR, AUTH, True, WED_72H, ("DE",), STATUTE, False),
                (EU_GDPR, SUBJ, True, None, (), None, False),
            ],
            id="gdpr-controller",
        ),
        pytest.param(
            {"entity_country": "DE", "role": "processor"},
            [
                (EU_GDPR, CTRL, True, None, (), None, False),
                (EU_GDPR, AUTH, False, None, (), None, False),
            ],
            id="gdpr-processor",
        ),
        pytest.param(
            # Day 5 = Sun 18 Jun; day 30 = Thu 13 Jul.
            {"entity_country": "JP", "special_category": True},
            [
                (JP_APPI, PRE, True, eod_jst(2023, 6, 18), ("JP",), GUIDELINE, False),
                (JP_APPI, FIN, True, eod_jst(2023, 7, 13), ("JP",), STATUTE, False),
                (JP_APPI, SUBJ, True, None, (), None, False),
            ],
            id="appi-controller",
        ),
        pytest.param(
            {"entity_country": "JP", "role": "processor", "special_category": True},
            [
                (JP_APPI, CTRL, True, eod_jst(2023, 6, 18), (), INTERNAL, False),
                (JP_APPI, PRE, False, None, (), None, False),
                (JP_APPI, FIN, False, None, (), None, False),
            ],
            id="appi-processor",
        ),
    ],
)
def test_obligations_name_their_deadline_source(
    overrides: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    assert rows(breach_obligations(make_facts(**overrides))) == expected


@pytest.mark.parametrize(
    ("due_at", "source"),
    [
        (WED, None),
        (None, STATUTE),
        (WED, "law"),
    ],
)
def test_obligation_rejects_an_inconsistent_deadline_source(
    due_at: datetime | None, source: str | None
) -> None:
    with pytest.raises(ValueError, match="deadline_source"):
        Obligation(
            regime=EU_GDPR,
            kind=AUTH,
            required=True,
            due_at=due_at,
            recipients=(),
            basis="x",
            deadline_source=source,
        )


@pytest.mark.parametrize(
    ("source", "label", "reasons"),
    [
        (STATUTE, LATE, True),
        (GUIDELINE, AFTER_REGULATORS_YARDSTICK, False),
        (INTERNAL, AFTER_INTERNAL_TARGET, False),
        (None, None, False),
    ],
)
def test_lateness_follows_the_deadline_source(
    source: str | None, label: str | None, reasons: bool
) -> None:
    assert (lateness_label(source), asks_reasons_for_delay(source)) == (label, reasons)


def test_lateness_labels_read_as_the_brief_says() -> None:
    assert (LATE, AFTER_REGULATORS_YARDSTICK, AFTER_INTERNAL_TARGET) == (
        "late",
        "after the regulator's yardstick",
        "after the internal target",
    )


def test_lateness_label_rejects_an_unknown_source() -> None:
    with pytest.raises(ValueError, match="deadline_source"):
        lateness_label("law")


# --- targeted_regimes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("targeted", "expected"),
    [
        pytest.param(
            None,
            [
                (EU_GDPR, AUTH, True, WED_72H, ("FR",), STATUTE, True),
                (EU_GDPR, SUBJ, False, None, (), None, True),
            ],
            id="not-assessed-assumed",
        ),
        pytest.param(
            {EU_GDPR},
            [
                (EU_GDPR, AUTH, True, WED_72H, ("FR",), STATUTE, False),
                (EU_GDPR, SUBJ, False, None, (), None, False),
            ],
            id="assessed-targeted",
        ),
        pytest.param(frozenset(), [], id="assessed-not-targeted"),
        pytest.param({UK_GDPR, JP_APPI}, [], id="other-regimes-targeted"),
    ],
)
def test_targeted_regimes_decide_the_gdpr_for_an_entity_outside_the_eea(
    targeted: set[str] | None, expected: list[tuple[Any, ...]]
) -> None:
    facts = make_facts(entity_country="US", affected_countries={"FR"}, targeted_regimes=targeted)

    assert rows(breach_obligations(facts)) == expected


@pytest.mark.parametrize("targeted", [None, frozenset(), {JP_APPI}])
def test_targeted_regimes_are_not_read_for_an_established_entity(
    targeted: set[str] | None,
) -> None:
    facts = make_facts(entity_country="DE", affected_countries={"FR"}, targeted_regimes=targeted)

    assert rows(breach_obligations(facts)) == [
        (EU_GDPR, AUTH, True, WED_72H, ("DE",), STATUTE, False),
        (EU_GDPR, SUBJ, False, None, (), None, False),
    ]


@pytest.mark.parametrize(
    ("targeted", "regimes", "assumed"),
    [
        (None, [UK_GDPR, UK_GDPR], True),
        ({UK_GDPR}, [UK_GDPR, UK_GDPR], False),
        ({EU_GDPR}, [], False),
    ],
)
def test_targeted_regimes_decide_the_uk_gdpr(
    targeted: set[str] | None, regimes: list[str], assumed: bool
) -> None:
    facts = make_facts(entity_country="US", affected_countries={"GB"}, targeted_regimes=targeted)

    obligations = breach_obligations(facts)

    assert [o.regime for o in obligations] == regimes
    assert all(o.assumed is assumed for o in obligations)


@pytest.mark.parametrize(
    ("targeted", "regimes", "assumed"),
    [
        (None, [JP_APPI] * 3, True),
        ({JP_APPI}, [JP_APPI] * 3, False),
        (frozenset(), [], False),
    ],
)
def test_targeted_regimes_decide_the_appi(
    targeted: set[str] | None, regimes: list[str], assumed: bool
) -> None:
    facts = make_facts(
        entity_country="US",
        affected_countries={"JP"},
        property_damage_risk=True,
        targeted_regimes=targeted,
    )

    obligations = breach_obligations(facts)

    assert [o.regime for o in obligations] == regimes
    assert all(o.assumed is assumed for o in obligations)


@pytest.mark.parametrize(
    ("overrides", "prefix"),
    [
        ({"entity_country": "US", "affected_countries": {"FR"}}, GDPR_PREFIX),
        ({"entity_country": "US", "affected_countries": {"GB"}}, GDPR_PREFIX),
        (
            {"entity_country": "US", "affected_countries": {"JP"}, "special_category": True},
            APPI_PREFIX,
        ),
    ],
)
def test_assumed_obligations_say_so_first(overrides: dict[str, Any], prefix: str) -> None:
    obligations = breach_obligations(make_facts(**overrides))

    assert obligations
    assert [o.basis.startswith(prefix) for o in obligations] == [True] * len(obligations)


def test_assumed_basis_keeps_the_v1_basis_after_the_prefix() -> None:
    facts = make_facts(entity_country="US", affected_countries={"FR"})
    assessed = make_facts(
        entity_country="US", affected_countries={"FR"}, targeted_regimes={EU_GDPR}
    )

    assumed_basis = breach_obligations(facts)[0].basis
    plain_basis = breach_obligations(assessed)[0].basis

    assert assumed_basis == f"{GDPR_PREFIX}; {plain_basis}"


@pytest.mark.parametrize(
    ("targeted", "expected_start", "expected_part"),
    [
        (None, "EU GDPR applies: people in FR are affected", "assumed: extraterritorial"),
        ({EU_GDPR}, "EU GDPR applies: people in FR are affected", "Art. 3(2), assessed"),
        (
            frozenset(),
            "EU GDPR not applicable: people in FR are affected, but the entity (US)",
            "targeted_regimes lacks EU_GDPR",
        ),
    ],
)
def test_explain_says_how_the_gdpr_reaches_the_entity(
    targeted: set[str] | None, expected_start: str, expected_part: str
) -> None:
    facts = make_facts(entity_country="US", affected_countries={"FR"}, targeted_regimes=targeted)

    line = explain(facts)[0]

    assert line.startswith(expected_start)
    assert expected_part in line


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("EU_GDPR", "single string"),
        ({"EU_GDPR", "US_CCPA"}, "unknown regime US_CCPA"),
    ],
)
def test_targeted_regimes_rejects_invalid_values(value: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_facts(targeted_regimes=value)


def test_targeted_regimes_is_stored_as_a_frozenset() -> None:
    facts = make_facts(targeted_regimes=[EU_GDPR, EU_GDPR])

    assert facts.targeted_regimes == frozenset({EU_GDPR})
    assert isinstance(facts.targeted_regimes, frozenset)


# --- APPI: special care, possible count, entrusting business outside the APPI ------------------


@pytest.mark.parametrize(
    ("special_category", "appi_special_care", "reportable"),
    [
        (False, None, False),
        (True, None, True),  # v1: special_category stands in
        (True, False, False),  # e.g. trade-union membership: Art. 9 data, not 要配慮
        (False, True, True),  # e.g. a criminal-victim record the form did not call Art. 9
        (True, True, True),
    ],
)
def test_appi_special_care_overrides_special_category(
    special_category: bool, appi_special_care: bool | None, reportable: bool
) -> None:
    facts = make_facts(
        entity_country="JP",
        special_category=special_category,
        appi_special_care=appi_special_care,
        subject_count=10,
    )

    assert [o.required for o in breach_obligations(facts)] == [reportable] * 3


@pytest.mark.parametrize(
    ("overrides", "reportable"),
    [
        ({"subject_count": 10, "possibly_over_1000": True}, True),
        ({"subject_count": None, "possibly_over_1000": True}, True),
        ({"subject_count": 1000, "possibly_over_1000": False}, False),
        ({"subject_count": 1001, "possibly_over_1000": False}, True),
        ({"subject_count": None, "possibly_over_1000": True, "encrypted": True}, False),
    ],
)
def test_appi_possibly_over_1000_is_reportable(overrides: dict[str, Any], reportable: bool) -> None:
    facts = make_facts(entity_country="JP", **overrides)

    assert [o.required for o in breach_obligations(facts)] == [reportable] * 3


def test_appi_processor_for_a_controller_outside_the_appi_reports_itself() -> None:
    # Day 5 = Sun 18 Jun; day 30 = Thu 13 Jul.
    facts = make_facts(
        entity_country="JP",
        role="processor",
        special_category=True,
        controller_subject_to_appi=False,
    )

    obligations = breach_obligations(facts)

    assert rows(obligations) == [
        (JP_APPI, CTRL, True, eod_jst(2023, 6, 18), (), INTERNAL, False),
        (JP_APPI, PRE, True, eod_jst(2023, 6, 18), ("JP",), GUIDELINE, False),
        (JP_APPI, FIN, True, eod_jst(2023, 7, 13), ("JP",), STATUTE, False),
        (JP_APPI, SUBJ, True, None, (), None, False),
    ]
    assert all("controller_subject_to_appi False" in o.basis for o in obligations[1:])
    assert "GL 3-5-3-5" in obligations[1].basis


def test_appi_processor_for_a_controller_outside_the_appi_not_reportable() -> None:
    facts = make_facts(
        entity_country="JP", role="processor", subject_count=5, controller_subject_to_appi=False
    )

    assert rows(breach_obligations(facts)) == [
        (JP_APPI, kind, False, None, (), None, False) for kind in (CTRL, PRE, FIN, SUBJ)
    ]


def test_controller_subject_to_appi_is_not_read_for_a_controller() -> None:
    facts = make_facts(entity_country="JP", special_category=True)

    assert breach_obligations(
        make_facts(entity_country="JP", special_category=True, controller_subject_to_appi=False)
    ) == breach_obligations(facts)


@pytest.mark.parametrize(
    ("overrides", "expected_part"),
    [
        (
            {"special_category": True},
            "(i) special care-required personal information (taken from special_category",
        ),
        ({"appi_special_care": True}, "(i) special care-required personal information;"),
        ({"possibly_over_1000": True}, "(iv) more than 1,000 principals cannot be ruled out"),
        (
            {"special_category": True, "appi_special_care": False},
            "the special-category data is not special care-required",
        ),
        (
            {"role": "processor", "wrongful_purpose": True, "controller_subject_to_appi": False},
            "the entrusting business is outside the APPI",
        ),
    ],
)
def test_explain_names_the_appi_answers_that_drove_the_result(
    overrides: dict[str, Any], expected_part: str
) -> None:
    lines = explain(make_facts(entity_country="JP", **overrides))

    assert expected_part in lines[3]


# --- validation of the new facts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"assessed_at": datetime(2023, 6, 15, 10, 0)}, "assessed_at has no time zone"),  # noqa: DTZ001
        ({"nis2_notified_at": datetime(2023, 6, 15, 10, 0)}, "no time zone"),  # noqa: DTZ001
        ({"assessed_at": WED - timedelta(seconds=1)}, "before the awareness"),
        ({"nis2_notified_at": WED - timedelta(seconds=1)}, "before the awareness"),
        ({"minors": None}, "minors must be True or False"),
        ({"possibly_over_1000": 1}, "possibly_over_1000 must be True or False"),
        ({"appi_special_care": "yes"}, "appi_special_care must be"),
    ],
)
def test_breach_facts_rejects_invalid_v2_values(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_facts(**overrides)


def test_breach_facts_accepts_assessment_at_the_awareness_instant() -> None:
    facts = make_facts(assessed_at=WED.astimezone(TOKYO), nis2_notified_at=WED)

    assert facts.assessed_at == WED


# --- §8.2: group notification -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "regime", "expected_part"),
    [
        ({"exporter_country": "DE", "tool": GROUP_BCR}, EU_GDPR, "GDPR Art. 47(2)(d)"),
        (
            {"exporter_country": "NL", "tool": GROUP_SCC, "scc_module": 1},
            EU_GDPR,
            "Module 1 Clause 8.5(e)",
        ),
        (
            {"exporter_country": "NL", "tool": GROUP_SCC, "scc_module": 2},
            EU_GDPR,
            "Module 2 Clause 8.6(c)",
        ),
        (
            {"exporter_country": "FR", "tool": GROUP_SCC, "scc_module": 3},
            EU_GDPR,
            "Module 3 Clause 8.6(c)",
        ),
        (
            {"exporter_country": "GB", "tool": GROUP_SCC, "scc_module": 2},
            UK_GDPR,
            "Module 2 Clause 8.6(c) as incorporated by the UK Addendum",
        ),
        ({"exporter_country": "GB", "tool": GROUP_BCR}, UK_GDPR, "UK GDPR Art. 47(2)(d)"),
    ],
)
def test_group_notification_is_an_internal_target_towards_the_exporter(
    overrides: dict[str, Any], regime: str, expected_part: str
) -> None:
    aware = datetime(2023, 6, 14, 10, 0, tzinfo=TOKYO)

    ob = group_notification(aware_at=aware, exporter="Example Europe GmbH", **overrides)

    assert (ob.regime, ob.kind, ob.required, ob.due_at, ob.recipients) == (
        regime,
        GROUP_NOTIFICATION,
        True,
        datetime(2023, 6, 15, 1, 0, tzinfo=UTC),
        (),
    )
    assert (ob.deadline_source, ob.assumed) == (INTERNAL, False)
    assert expected_part in ob.basis
    assert "the exporting member Example Europe GmbH" in ob.basis


@pytest.mark.parametrize(
    ("aware_at", "regime"),
    [
        (datetime(2020, 12, 31, 22, 59, 59, tzinfo=UTC), EU_GDPR),
        (datetime(2020, 12, 31, 23, 0, tzinfo=UTC), UK_GDPR),
    ],
)
def test_group_notification_to_a_uk_exporter_around_the_transition_end(
    aware_at: datetime, regime: str
) -> None:
    ob = group_notification(aware_at=aware_at, exporter="London", exporter_country="GB", tool="bcr")

    assert ob.regime == regime


def test_group_notification_target_is_configurable() -> None:
    ob = group_notification(
        aware_at=WED, exporter="X", exporter_country="DE", tool="bcr", target=timedelta(hours=12)
    )

    assert ob.due_at == WED + timedelta(hours=12)
    assert "internal target 12 hours" in ob.basis


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"exporter_country": "US"}, "must be under the GDPR or the UK GDPR"),
        ({"aware_at": datetime(2018, 7, 19, 12, 0, tzinfo=UTC), "exporter_country": "NO"}, "NO"),
        ({"tool": GROUP_SCC, "scc_module": 4}, "scc_module 1, 2 or 3"),
        ({"tool": GROUP_SCC}, "scc_module 1, 2 or 3"),
        ({"tool": "contract"}, "tool must be"),
        ({"aware_at": datetime(2023, 6, 14, 10, 0)}, "no time zone"),  # noqa: DTZ001
        ({"target": timedelta(0)}, "positive"),
        ({"exporter_country": "UK"}, "use 'GB'"),
    ],
)
def test_group_notification_rejects_invalid_arguments(
    overrides: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {
        "aware_at": WED,
        "exporter": "X",
        "exporter_country": "DE",
        "tool": GROUP_BCR,
    }
    arguments.update(overrides)

    with pytest.raises(ValueError, match=message):
        group_notification(**arguments)
