"""EU territory, the EEA and the GDPR's reach (domain brief §2 and §8.1, last paragraph)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from compliance.rules.breach import (
    AUTHORITY_NOTIFICATION,
    EU_GDPR,
    BreachFacts,
    breach_obligations,
    explain,
)
from compliance.rules.territories import (
    gdpr_authority_country,
    gdpr_authority_country_at,
    in_eea,
    in_eu,
    in_gdpr_territory,
    territory_state,
    under_gdpr,
    under_gdpr_at,
)

OSLO = ZoneInfo("Europe/Oslo")


@pytest.mark.parametrize(
    ("country", "on", "state"),
    [
        ("RE", date(2024, 1, 1), "FR"),
        ("GP", date(2024, 1, 1), "FR"),
        ("MQ", date(2024, 1, 1), "FR"),
        ("GF", date(2024, 1, 1), "FR"),
        ("MF", date(2024, 1, 1), "FR"),
        ("YT", date(2014, 1, 1), "FR"),
        ("YT", date(2013, 12, 31), "YT"),  # an outermost region from 2014 (Decision 2012/419/EU)
        ("AX", date(2024, 1, 1), "FI"),
        ("AX", date(1994, 12, 31), "AX"),  # Finland joined on 1995-01-01
        ("re", date(2024, 1, 1), "FR"),
        ("GI", date(2020, 12, 31), "GB"),
        ("GI", date(2021, 1, 1), "GI"),
        ("PM", date(2024, 1, 1), "PM"),  # Saint-Pierre-et-Miquelon is an OCT, not EU territory
        ("DE", date(2024, 1, 1), "DE"),
    ],
)
def test_territory_state_resolves_attached_territories(country: str, on: date, state: str) -> None:
    assert territory_state(country, on) == state


@pytest.mark.parametrize(
    ("country", "on", "eu", "eea"),
    [
        ("RE", date(2024, 1, 1), True, True),
        ("AX", date(2024, 1, 1), True, True),
        ("GI", date(2020, 1, 31), True, True),
        ("GI", date(2020, 2, 1), False, False),  # left with the UK
        ("NO", date(2024, 1, 1), False, True),
        ("NC", date(2024, 1, 1), False, False),  # New Caledonia: OCT
        ("FR", date(2024, 1, 1), True, True),
    ],
)
def test_in_eu_and_in_eea_count_attached_territories(
    country: str, on: date, eu: bool, eea: bool
) -> None:
    assert (in_eu(country, on), in_eea(country, on)) == (eu, eea)


@pytest.mark.parametrize(
    ("country", "on", "authority"),
    [
        ("DE", date(2018, 5, 24), None),
        ("DE", date(2018, 5, 25), "DE"),
        ("RE", date(2018, 5, 25), "FR"),
        ("YT", date(2024, 1, 1), "FR"),
        ("AX", date(2024, 1, 1), "FI"),
        # The EEA EFTA states: GDPR from 2018-07-20 (EEA Joint Committee Decision 154/2018).
        ("NO", date(2018, 7, 19), None),
        ("NO", date(2018, 7, 20), "NO"),
        ("IS", date(2018, 7, 19), None),
        ("IS", date(2018, 7, 20), "IS"),
        ("LI", date(2018, 7, 19), None),
        ("LI", date(2018, 7, 20), "LI"),
        # Gibraltar follows the UK to the end of the transition, with its own authority.
        ("GI", date(2020, 12, 31), "GI"),
        ("GI", date(2021, 1, 1), None),
        ("GB", date(2020, 12, 31), "GB"),
        ("GB", date(2021, 1, 1), None),
        ("CH", date(2024, 1, 1), None),
    ],
)
def test_gdpr_authority_country_is_dated(country: str, on: date, authority: str | None) -> None:
    assert gdpr_authority_country(country, on) == authority
    assert under_gdpr(country, on) is (authority is not None)


def test_in_gdpr_territory_keeps_the_directive_era_eea() -> None:
    # The data-protection area of Directive 95/46/EC covered Norway before the GDPR did.
    assert in_gdpr_territory("NO", date(2018, 6, 1)) is True
    assert under_gdpr("NO", date(2018, 6, 1)) is False


@pytest.mark.parametrize(
    ("at", "under"),
    [
        (datetime(2018, 7, 19, 23, 59, 59, tzinfo=OSLO), False),
        (datetime(2018, 7, 20, 0, 0, tzinfo=OSLO), True),
        (datetime(2018, 7, 19, 21, 59, 59, tzinfo=UTC), False),  # 23:59:59 CEST
        (datetime(2018, 7, 19, 22, 0, tzinfo=UTC), True),
    ],
)
def test_under_gdpr_at_reads_the_brussels_day(at: datetime, under: bool) -> None:
    assert under_gdpr_at("NO", at) is under
    assert (gdpr_authority_country_at("NO", at) == "NO") is under


def test_under_gdpr_at_rejects_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        under_gdpr_at("DE", datetime(2024, 1, 1))  # noqa: DTZ001 - the point of the test


# --- the breach engine on these territories -------------------------------------------------------

WED = datetime(2023, 6, 14, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("entity", "affected", "recipients"),
    [
        ("RE", (), ("FR",)),
        ("AX", ("SE",), ("FI",)),
        ("US", ("RE", "GP"), ("FR",)),
        ("US", ("RE", "DE"), ("DE", "FR")),
        ("US", ("AX",), ("FI",)),
        ("JP", ("YT", "MF", "GF", "MQ"), ("FR",)),
    ],
)
def test_breach_in_attached_territories_goes_to_the_states_authority(
    entity: str, affected: tuple[str, ...], recipients: tuple[str, ...]
) -> None:
    facts = BreachFacts(aware_at=WED, entity_country=entity, affected_countries=frozenset(affected))

    (authority,) = [o for o in breach_obligations(facts) if o.kind == AUTHORITY_NOTIFICATION]

    assert (authority.regime, authority.recipients) == (EU_GDPR, recipients)


@pytest.mark.parametrize(
    ("aware_at", "regimes"),
    [
        (datetime(2018, 7, 19, 12, 0, tzinfo=OSLO), []),
        (datetime(2018, 7, 20, 12, 0, tzinfo=OSLO), [EU_GDPR, EU_GDPR]),
    ],
)
def test_gdpr_reaches_norway_on_20_july_2018(aware_at: datetime, regimes: list[str]) -> None:
    facts = BreachFacts(aware_at=aware_at, entity_country="NO")

    assert [o.regime for o in breach_obligations(facts)] == regimes


def test_gdpr_in_june_2018_still_applies_to_an_eu_entity_affecting_norwegians() -> None:
    facts = BreachFacts(
        aware_at=datetime(2018, 6, 1, tzinfo=UTC),
        entity_country="US",
        affected_countries={"NO", "SE"},
    )

    (authority,) = [o for o in breach_obligations(facts) if o.kind == AUTHORITY_NOTIFICATION]

    assert authority.recipients == ("SE",)


@pytest.mark.parametrize(
    ("aware_at", "recipients"),
    [
        (datetime(2020, 12, 31, 22, 59, 59, tzinfo=UTC), ("GI",)),
        (datetime(2020, 12, 31, 23, 0, tzinfo=UTC), None),
    ],
)
def test_gibraltar_follows_the_uk_until_the_end_of_the_transition(
    aware_at: datetime, recipients: tuple[str, ...] | None
) -> None:
    facts = BreachFacts(aware_at=aware_at, entity_country="GI")

    authorities = [
        o.recipients for o in breach_obligations(facts) if o.kind == AUTHORITY_NOTIFICATION
    ]

    assert authorities == ([] if recipients is None else [recipients])


@pytest.mark.parametrize(
    ("facts", "expected_part"),
    [
        (
            BreachFacts(aware_at=WED, entity_country="RE"),
            "RE is part of FR for EU law (TFEU Art. 349, 355(1)",
        ),
        (
            BreachFacts(aware_at=WED, entity_country="US", affected_countries={"AX"}),
            "AX is part of FI for EU law (TFEU Art. 355(4)",
        ),
        (
            BreachFacts(aware_at=datetime(2018, 6, 1, tzinfo=UTC), entity_country="NO"),
            "the GDPR does not yet apply in NO (EEA Joint Committee Decision 154/2018",
        ),
        (
            BreachFacts(aware_at=WED, entity_country="GI"),
            "GI is not part of GB for EU law on 2023-06-14",
        ),
    ],
)
def test_explain_names_the_territory_rule(facts: BreachFacts, expected_part: str) -> None:
    assert expected_part in explain(facts)[0]
