"""Transfer engine (domain.md §7). Every expected row is worked out by hand from the brief.

Rows give (lawful, regime, mechanism, findings as (code, severity) pairs). Findings are compared
as sorted lists, so order does not matter but a duplicated or missing finding does.
"""

import re
from datetime import UTC, date, datetime

import pytest

from transfers.rules import mechanisms
from transfers.rules.adequacy import EU_DECISIONS, UK_DECISIONS, invalidated
from transfers.rules.mechanisms import (
    FINDING_CODES,
    Evaluation,
    Finding,
    TransferFacts,
    available_tools,
    evaluate_transfer,
)

d = date
EU, UK, JP = "EU_GDPR", "UK_GDPR", "JP_APPI"
INFO, WARNING, BLOCKER = "info", "warning", "blocker"


def eu(on, importer="SG", **kwargs):
    return TransferFacts(on=on, exporter_country="DE", importer_country=importer, **kwargs)


def uk(on, importer="SG", **kwargs):
    return TransferFacts(on=on, exporter_country="GB", importer_country=importer, **kwargs)


def jp(on, importer="US", **kwargs):
    return TransferFacts(on=on, exporter_country="JP", importer_country=importer, **kwargs)


def scc(version, module, signed, **kwargs):
    return {"scc_version": version, "scc_module": module, "scc_signed_on": signed, **kwargs}


C2P = {"exporter_role": "controller", "importer_role": "processor"}
P2P = {"exporter_role": "processor", "importer_role": "processor"}
P2C = {"exporter_role": "processor", "importer_role": "controller"}
NO_MECHANISM = ("no_mechanism", BLOCKER)

# Common outcomes, spelled out once: (lawful, regime, mechanism, findings).
EU_ADEQUATE = (True, EU, "adequacy", [("adequacy", INFO)])
# A decision limited in scope (§8.3): the DPO must confirm the importer is inside it.
EU_ADEQUATE_IN_SCOPE = (True, EU, "adequacy", [("adequacy", INFO), ("adequacy_scope", WARNING)])
# A certified US importer after its framework fell (§8.3).
EU_FALLEN = (False, EU, None, [("framework_invalidated", INFO), ("no_mechanism", BLOCKER)])
EU_NOTHING = (False, EU, None, [NO_MECHANISM])
EU_NOT_A_TRANSFER = (True, EU, "not_a_transfer", [("not_a_transfer", INFO)])
UK_ADEQUATE = (True, UK, "adequacy", [("adequacy", INFO)])
UK_ADEQUATE_IN_SCOPE = (True, UK, "adequacy", [("adequacy", INFO), ("adequacy_scope", WARNING)])
UK_NOTHING = (False, UK, None, [NO_MECHANISM])
UK_NOT_A_TRANSFER = (True, UK, "not_a_transfer", [("not_a_transfer", INFO)])
JP_NOTHING = (False, JP, None, [NO_MECHANISM])
JP_NOT_A_TRANSFER = (True, JP, "not_a_transfer", [("not_a_transfer", INFO)])
EU_BCR = (True, EU, "bcr", [("bcr", INFO)])
UK_BCR = (True, UK, "bcr", [("bcr", INFO)])
EU_SCC = (True, EU, "scc", [("scc", INFO)])
UK_SCC = (True, UK, "scc", [("scc", INFO)])
JP_DESIGNATED = (True, JP, "designated_country", [("designated_country", INFO)])
JP_EQUIVALENT = (True, JP, "equivalent_measures", [("equivalent_measures", INFO)])


def outcome(evaluation):
    return (
        evaluation.lawful,
        evaluation.regime,
        evaluation.mechanism,
        sorted((f.code, f.severity) for f in evaluation.findings),
    )


def check(facts, expected, **overrides):
    evaluation = evaluate_transfer(facts, **overrides)
    lawful, regime, mechanism, findings = expected

    assert outcome(evaluation) == (lawful, regime, mechanism, sorted(findings))
    # Invariants of §7 that hold for every row.
    assert all(f.code in FINDING_CODES and f.basis and f.message for f in evaluation.findings)
    if mechanism is not None:
        success = {"not_a_transfer", "uk_bridge"} if mechanism == "not_a_transfer" else {mechanism}
        assert [f.severity for f in evaluation.findings if f.code in success] == [INFO]


# --- EU exporter: adequacy ---------------------------------------------------------------------

CERT = {"importer_certified": True}

EU_ADEQUACY_ROWS = [
    pytest.param(
        eu(d(2000, 7, 25), "US", **CERT),
        EU_NOTHING,
        id="us-before-safe-harbor",
    ),
    pytest.param(
        eu(d(2000, 7, 26), "US", **CERT),
        EU_ADEQUATE,
        id="safe-harbor-first-day",
    ),
    pytest.param(
        eu(d(2015, 10, 5), "US", **CERT),
        EU_ADEQUATE,
        id="safe-harbor-last-day",
    ),
    pytest.param(eu(d(2015, 10, 6), "US", **CERT), EU_FALLEN, id="schrems-i"),
    pytest.param(
        eu(d(2015, 10, 5), "US"),
        (False, EU, None, [("importer_not_certified", BLOCKER), NO_MECHANISM]),
        id="safe-harbor-uncertified",
    ),
    pytest.param(
        eu(d(2016, 7, 11), "US", **CERT),
        EU_FALLEN,
        id="before-privacy-shield",
    ),
    pytest.param(
        eu(d(2016, 7, 12), "US", **CERT),
        EU_ADEQUATE,
        id="privacy-shield-first-day",
    ),
    pytest.param(
        eu(d(2020, 7, 15), "US", **CERT),
        EU_ADEQUATE,
        id="privacy-shield-last-day",
    ),
    pytest.param(eu(d(2020, 7, 16), "US", **CERT), EU_FALLEN, id="schrems-ii"),
    pytest.param(
        eu(d(2020, 7, 15), "US"),
        (False, EU, None, [("importer_not_certified", BLOCKER), NO_MECHANISM]),
        id="privacy-shield-uncertified",
    ),
    pytest.param(
        eu(d(2023, 7, 9), "US", **CERT),
        EU_FALLEN,
        id="before-dpf-certified",
    ),
    pytest.param(eu(d(2023, 7, 9), "US"), EU_NOTHING, id="before-dpf-uncertified"),
    pytest.param(
        eu(d(2023, 7, 10), "US", **CERT),
        EU_ADEQUATE,
        id="dpf-first-day-certified",
    ),
    pytest.param(
        eu(d(2023, 7, 10), "US"),
        (False, EU, None, [("importer_not_certified", BLOCKER), NO_MECHANISM]),
        id="dpf-first-day-uncertified",
    ),
    pytest.param(eu(d(2019, 1, 22), "JP"), EU_NOTHING, id="japan-day-before"),
    pytest.param(eu(d(2019, 1, 23), "JP"), EU_ADEQUATE_IN_SCOPE, id="japan-first-day"),
    pytest.param(eu(d(2021, 12, 16), "KR"), EU_NOTHING, id="korea-day-before"),
    pytest.param(
        eu(d(2021, 12, 17), "KR"),
        EU_ADEQUATE_IN_SCOPE,
        id="korea-first-day",
    ),
    pytest.param(eu(d(2024, 1, 1), "CH"), EU_ADEQUATE, id="switzerland"),
    pytest.param(eu(d(2026, 1, 25), "BR"), EU_NOTHING, id="brazil-day-before"),
    pytest.param(
        eu(d(2026, 1, 26), "BR"),
        EU_ADEQUATE,
        id="brazil-first-day",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), EU_ADEQUACY_ROWS)
def test_evaluate_transfer_eu_adequacy_follows_decision_dates(facts, expected):
    check(facts, expected)


# --- EU exporter: inside the EEA, the UK transition and the EU-UK bridge ------------------------

EU_TERRITORY_ROWS = [
    pytest.param(
        eu(d(2024, 1, 1), "FR"),
        EU_NOT_A_TRANSFER,
        id="within-eea",
    ),
    pytest.param(
        eu(d(2024, 1, 1), "NO"),
        EU_NOT_A_TRANSFER,
        id="to-efta-eea",
    ),
    pytest.param(
        TransferFacts(on=d(2024, 1, 1), exporter_country="NO", importer_country="SG"),
        EU_NOTHING,
        id="efta-exporter",
    ),
    pytest.param(
        eu(d(2020, 12, 31), "GB"),
        EU_NOT_A_TRANSFER,
        id="gb-as-eea-last-day",
    ),
    pytest.param(
        eu(d(2021, 1, 1), "GB"),
        (True, EU, "not_a_transfer", [("uk_bridge", INFO)]),
        id="bridge-first-day",
    ),
    pytest.param(
        eu(d(2021, 6, 27), "GB"),
        (True, EU, "not_a_transfer", [("uk_bridge", INFO)]),
        id="bridge-last-day",
    ),
    pytest.param(
        eu(d(2021, 6, 28), "GB"),
        EU_ADEQUATE_IN_SCOPE,
        id="uk-adequacy-first-day",
    ),
    pytest.param(
        eu(d(2025, 12, 27), "GB"),
        EU_ADEQUATE_IN_SCOPE,
        id="uk-adequacy-extended-last-day",
    ),
    pytest.param(
        eu(d(2025, 12, 28), "GB"),
        EU_ADEQUATE,
        id="uk-adequacy-renewed",
    ),
    pytest.param(
        eu(d(2031, 12, 27), "GB"),
        EU_ADEQUATE,
        id="uk-adequacy-renewal-last-day",
    ),
    pytest.param(eu(d(2031, 12, 28), "GB"), EU_NOTHING, id="uk-adequacy-after-renewal"),
    pytest.param(
        TransferFacts(on=d(2020, 12, 31), exporter_country="GB", importer_country="DE"),
        EU_NOT_A_TRANSFER,
        id="gb-exporter-in-transition",
    ),
    pytest.param(
        TransferFacts(
            on=d(2020, 7, 15), exporter_country="GB", importer_country="US", importer_certified=True
        ),
        EU_ADEQUATE,
        id="gb-exporter-privacy-shield",
    ),
    pytest.param(
        TransferFacts(on=d(2020, 12, 31), exporter_country="GB", importer_country="SG"),
        EU_NOTHING,
        id="gb-exporter-last-gdpr-day",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), EU_TERRITORY_ROWS)
def test_evaluate_transfer_eu_territory_and_uk_bridge(facts, expected):
    check(facts, expected)


# --- EU exporter: BCRs and the transfer impact assessment ----------------------------------------

BCR_DAY = d(2021, 8, 5)

EU_BCR_ROWS = [
    pytest.param(
        eu(BCR_DAY, bcr_approved_on=d(2021, 8, 4), tia_done=True),
        EU_BCR,
        id="approved-day-before",
    ),
    pytest.param(
        eu(BCR_DAY, bcr_approved_on=BCR_DAY, tia_done=True),
        EU_BCR,
        id="approved-same-day",
    ),
    pytest.param(
        eu(BCR_DAY, bcr_approved_on=d(2021, 8, 6), tia_done=True),
        (False, EU, None, [("bcr_not_yet_approved", INFO), NO_MECHANISM]),
        id="approved-day-after",
    ),
    pytest.param(
        eu(d(2020, 7, 15), bcr_approved_on=d(2019, 1, 1)),
        EU_BCR,
        id="no-tia-before-schrems-ii",
    ),
    pytest.param(
        eu(d(2020, 7, 16), bcr_approved_on=d(2019, 1, 1)),
        (False, EU, None, [("tia_missing", BLOCKER), NO_MECHANISM]),
        id="no-tia-from-schrems-ii",
    ),
    pytest.param(
        eu(d(2020, 7, 16), bcr_approved_on=d(2019, 1, 1), tia_done=True),
        EU_BCR,
        id="tia-from-schrems-ii",
    ),
    pytest.param(
        eu(d(2024, 1, 1), "US", bcr_approved_on=BCR_DAY, tia_done=True),
        (True, EU, "bcr", [("importer_not_certified", WARNING), ("bcr", INFO)]),
        id="uncertified-us-importer-bcr",
    ),
    pytest.param(
        eu(d(2024, 1, 1), "US", bcr_approved_on=BCR_DAY, tia_done=True, **CERT),
        EU_ADEQUATE,
        id="adequacy-before-bcr",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), EU_BCR_ROWS)
def test_evaluate_transfer_eu_bcr_needs_approval_and_tia(facts, expected):
    check(facts, expected)


# --- EU exporter: SCCs ---------------------------------------------------------------------------

EU_SCC_ROWS = [
    # 2021 SCCs: in force 2021-06-27.
    pytest.param(
        eu(d(2021, 7, 1), **scc("2021", 1, d(2021, 6, 26)), tia_done=True),
        (False, EU, None, [("scc_signed_before_2021_scc", BLOCKER), NO_MECHANISM]),
        id="2021-signed-day-before",
    ),
    pytest.param(
        eu(d(2021, 7, 1), **scc("2021", 1, d(2021, 6, 27)), tia_done=True),
        EU_SCC,
        id="2021-signed-first-day",
    ),
    # 2010 SCCs: no new contracts from 2021-09-27, none relied on from 2022-12-27.
    pytest.param(
        eu(d(2021, 10, 1), **scc("2010", 1, d(2021, 9, 26)), tia_done=True),
        EU_SCC,
        id="2010-signed-last-day",
    ),
    pytest.param(
        eu(d(2021, 10, 1), **scc("2010", 1, d(2021, 9, 27)), tia_done=True),
        (False, EU, None, [("scc_2010_after_repeal", BLOCKER), NO_MECHANISM]),
        id="2010-signed-after-repeal",
    ),
    pytest.param(
        eu(d(2022, 12, 26), **scc("2010", 2, d(2020, 1, 1), **C2P), tia_done=True),
        EU_SCC,
        id="2010-relied-last-day",
    ),
    pytest.param(
        eu(d(2022, 12, 27), **scc("2010", 2, d(2020, 1, 1), **C2P), tia_done=True),
        (False, EU, None, [("scc_2010_expired", BLOCKER), NO_MECHANISM]),
        id="2010-relied-after-lapse",
    ),
    pytest.param(
        eu(d(2023, 1, 1), **scc("2010", 1, d(2021, 10, 1)), tia_done=True),
        (
            False,
            EU,
            None,
            [("scc_2010_after_repeal", BLOCKER), ("scc_2010_expired", BLOCKER), NO_MECHANISM],
        ),
        id="2010-both-defects",
    ),
    # TIA from 2020-07-16.
    pytest.param(
        eu(d(2020, 7, 15), **scc("2010", 2, d(2019, 1, 1), **C2P)),
        EU_SCC,
        id="2010-no-tia-before-schrems-ii",
    ),
    pytest.param(
        eu(d(2020, 7, 16), **scc("2010", 2, d(2019, 1, 1), **C2P)),
        (False, EU, None, [("tia_missing", BLOCKER), NO_MECHANISM]),
        id="2010-no-tia-from-schrems-ii",
    ),
    pytest.param(
        eu(d(2022, 1, 1), **scc("2021", 1, d(2021, 7, 1))),
        (False, EU, None, [("tia_missing", BLOCKER), NO_MECHANISM]),
        id="2021-no-tia",
    ),
    # Signed after the date evaluated: the contract did not exist yet.
    pytest.param(
        eu(d(2022, 1, 1), **scc("2021", 1, d(2022, 2, 1)), tia_done=True),
        (False, EU, None, [("scc_not_yet_signed", INFO), NO_MECHANISM]),
        id="signed-after-on",
    ),
    pytest.param(
        eu(d(2022, 1, 1), **scc("2021", 1, d(2022, 1, 1)), tia_done=True),
        EU_SCC,
        id="signed-on-the-day",
    ),
    # UK tools are not EU tools.
    pytest.param(
        eu(d(2023, 1, 1), **scc("uk_idta", None, d(2022, 4, 1)), tia_done=True),
        (False, EU, None, [("uk_tool_for_eu_export", BLOCKER), NO_MECHANISM]),
        id="idta-for-eu-export",
    ),
    # The UK Addendum is appended to the 2021 SCCs: for an EU export it counts as them (§8.3).
    pytest.param(
        eu(d(2023, 1, 1), **scc("uk_addendum", 1, d(2022, 4, 1)), tia_done=True),
        EU_SCC,
        id="addendum-for-eu-export",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), EU_SCC_ROWS)
def test_evaluate_transfer_eu_scc_dates_and_tia(facts, expected):
    check(facts, expected)


SCC_DAY, SIGNED = d(2022, 1, 1), d(2021, 7, 1)
MISMATCH = (False, EU, None, [("scc_module_mismatch", BLOCKER), NO_MECHANISM])

EU_SCC_MODULES_ROWS = [
    pytest.param(eu(SCC_DAY, **scc("2021", 1, SIGNED), tia_done=True), EU_SCC, id="module-1-c2c"),
    pytest.param(
        eu(SCC_DAY, **scc("2021", 2, SIGNED, **C2P), tia_done=True), EU_SCC, id="module-2-c2p"
    ),
    pytest.param(
        eu(SCC_DAY, **scc("2021", 3, SIGNED, **P2P), tia_done=True), EU_SCC, id="module-3-p2p"
    ),
    pytest.param(
        eu(SCC_DAY, **scc("2021", 4, SIGNED, **P2C), tia_done=True), EU_SCC, id="module-4-p2c"
    ),
    pytest.param(
        eu(SCC_DAY, **scc("2021", 2, SIGNED), tia_done=True), MISMATCH, id="module-2-for-c2c"
    ),
    pytest.param(
        eu(SCC_DAY, **scc("2021", 1, SIGNED, **C2P), tia_done=True), MISMATCH, id="module-1-for-c2p"
    ),
    pytest.param(
        eu(SCC_DAY, **scc("2021", 1, SIGNED, **P2P), tia_done=True), MISMATCH, id="module-1-for-p2p"
    ),
    pytest.param(
        eu(SCC_DAY, **scc("2021", 3, SIGNED, **C2P), tia_done=True), MISMATCH, id="module-3-for-c2p"
    ),
    pytest.param(
        eu(SCC_DAY, **scc("2021", 4, SIGNED), tia_done=True), MISMATCH, id="module-4-for-c2c"
    ),
    pytest.param(
        eu(SCC_DAY, **scc("2021", 2, SIGNED, **P2C), tia_done=True), MISMATCH, id="module-2-for-p2c"
    ),
    # A mismatched contract is not assessed for a TIA: the fix is another module first.
    pytest.param(eu(SCC_DAY, **scc("2021", 2, SIGNED)), MISMATCH, id="mismatch-without-tia"),
    # The 2010 sets: 1 = controller to controller, 2 = controller to processor, nothing else.
    pytest.param(
        eu(d(2021, 1, 1), **scc("2010", 1, d(2020, 1, 1)), tia_done=True),
        EU_SCC,
        id="2010-module-1",
    ),
    pytest.param(
        eu(d(2021, 1, 1), **scc("2010", 3, d(2020, 1, 1), **P2P), tia_done=True),
        (False, EU, None, [("scc_module_mismatch", BLOCKER), NO_MECHANISM]),
        id="2010-module-3",
    ),
    pytest.param(
        eu(d(2021, 1, 1), **scc("2010", 2, d(2020, 1, 1)), tia_done=True),
        (False, EU, None, [("scc_module_mismatch", BLOCKER), NO_MECHANISM]),
        id="2010-module-2-for-c2c",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), EU_SCC_MODULES_ROWS)
def test_evaluate_transfer_eu_scc_module_must_match_roles(facts, expected):
    check(facts, expected)


# --- EU exporter: order of the chain, derogations, nothing ---------------------------------------

EXPIRED_2010 = scc("2010", 1, d(2020, 1, 1))

EU_CHAIN_ROWS = [
    pytest.param(eu(d(2024, 1, 1)), EU_NOTHING, id="nothing"),
    pytest.param(
        eu(d(2024, 1, 1), derogation="49(1)(b)"),
        (True, EU, "derogation", [("derogation", INFO), ("derogation_occasional_only", WARNING)]),
        id="derogation",
    ),
    pytest.param(
        eu(d(2024, 1, 1), derogation="49(1) second subparagraph"),
        (
            True,
            EU,
            "derogation",
            [
                ("derogation", INFO),
                ("derogation_occasional_only", WARNING),
                ("derogation_compelling_duties", WARNING),
            ],
        ),
        id="compelling-interests",
    ),
    pytest.param(
        eu(d(2024, 1, 1), derogation="49(1)(a)", tia_done=True, **EXPIRED_2010),
        (
            True,
            EU,
            "derogation",
            [
                ("scc_2010_expired", WARNING),
                ("derogation", INFO),
                ("derogation_occasional_only", WARNING),
            ],
        ),
        id="expired-scc-then-derogation",
    ),
    pytest.param(
        eu(d(2024, 1, 1), bcr_approved_on=BCR_DAY, tia_done=True, **EXPIRED_2010),
        EU_BCR,
        id="bcr-before-scc",
    ),
    pytest.param(
        eu(d(2024, 1, 1), bcr_approved_on=d(2024, 6, 1), tia_done=True, **scc("2021", 1, SIGNED)),
        (True, EU, "scc", [("bcr_not_yet_approved", INFO), ("scc", INFO)]),
        id="bcr-pending-scc-used",
    ),
    pytest.param(
        eu(d(2022, 1, 1), bcr_approved_on=BCR_DAY, **scc("2021", 1, SIGNED)),
        (False, EU, None, [("tia_missing", BLOCKER), ("tia_missing", BLOCKER), NO_MECHANISM]),
        id="no-tia-for-bcr-nor-scc",
    ),
    pytest.param(
        eu(d(2022, 1, 1), bcr_approved_on=BCR_DAY, derogation="49(1)(c)", **scc("2021", 1, SIGNED)),
        (
            True,
            EU,
            "derogation",
            [
                ("tia_missing", WARNING),
                ("tia_missing", WARNING),
                ("derogation", INFO),
                ("derogation_occasional_only", WARNING),
            ],
        ),
        id="no-tia-then-derogation",
    ),
    pytest.param(
        eu(d(2024, 1, 1), "US", derogation="49(1)(a)"),
        (
            True,
            EU,
            "derogation",
            [
                ("importer_not_certified", WARNING),
                ("derogation", INFO),
                ("derogation_occasional_only", WARNING),
            ],
        ),
        id="uncertified-then-derogation",
    ),
    pytest.param(
        eu(d(2022, 1, 1), derogation="49(1)(a)", tia_done=True, **scc("2021", 1, d(2022, 2, 1))),
        (
            True,
            EU,
            "derogation",
            [
                ("scc_not_yet_signed", INFO),
                ("derogation", INFO),
                ("derogation_occasional_only", WARNING),
            ],
        ),
        id="scc-not-yet-then-derogation",
    ),
    pytest.param(
        eu(d(2024, 1, 1), "US", derogation="49(1)(a)", **CERT),
        EU_ADEQUATE,
        id="adequacy-stops-the-chain",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), EU_CHAIN_ROWS)
def test_evaluate_transfer_eu_first_success_wins_and_earlier_defects_warn(facts, expected):
    check(facts, expected)


# --- UK exporter ---------------------------------------------------------------------------------

UK_ROWS = [
    pytest.param(
        uk(d(2021, 1, 1), "GB"),
        UK_NOT_A_TRANSFER,
        id="within-uk",
    ),
    pytest.param(uk(d(2021, 1, 1), "DE"), UK_ADEQUATE, id="eea-first-day"),
    pytest.param(uk(d(2021, 1, 1), "GI"), UK_ADEQUATE, id="gibraltar"),
    pytest.param(uk(d(2021, 1, 1), "CH"), UK_ADEQUATE, id="switzerland"),
    pytest.param(uk(d(2021, 1, 1), "JP"), UK_ADEQUATE_IN_SCOPE, id="japan"),
    pytest.param(uk(d(2022, 12, 18), "KR"), UK_NOTHING, id="korea-day-before"),
    pytest.param(
        uk(d(2022, 12, 19), "KR"),
        UK_ADEQUATE_IN_SCOPE,
        id="korea-first-day",
    ),
    pytest.param(
        uk(d(2021, 1, 1), "US", **CERT),
        UK_NOTHING,
        id="us-no-bridge-yet",
    ),
    pytest.param(
        uk(d(2023, 10, 11), "US", **CERT),
        UK_NOTHING,
        id="us-bridge-day-before",
    ),
    pytest.param(
        uk(d(2023, 10, 12), "US", **CERT),
        UK_ADEQUATE,
        id="us-bridge-first-day",
    ),
    pytest.param(
        uk(d(2023, 10, 12), "US"),
        (False, UK, None, [("importer_not_certified", BLOCKER), NO_MECHANISM]),
        id="us-bridge-uncertified",
    ),
    pytest.param(uk(d(2026, 6, 1), "BR"), UK_NOTHING, id="eu-only-decision"),
    pytest.param(
        uk(d(2021, 2, 1), bcr_approved_on=d(2021, 1, 5), tia_done=True),
        UK_BCR,
        id="bcr",
    ),
    pytest.param(
        uk(d(2021, 2, 1), bcr_approved_on=d(2021, 1, 5)),
        (False, UK, None, [("tia_missing", BLOCKER), NO_MECHANISM]),
        id="bcr-without-tra",
    ),
    pytest.param(
        uk(d(2021, 2, 1), bcr_approved_on=d(2021, 2, 2), tia_done=True),
        (False, UK, None, [("bcr_not_yet_approved", INFO), NO_MECHANISM]),
        id="bcr-not-yet",
    ),
    pytest.param(
        uk(d(2022, 6, 1), **scc("uk_idta", None, d(2022, 3, 20)), tia_done=True),
        (False, UK, None, [("uk_tool_before_2022_03_21", BLOCKER), NO_MECHANISM]),
        id="idta-day-before",
    ),
    pytest.param(
        uk(d(2022, 6, 1), **scc("uk_idta", None, d(2022, 3, 21)), tia_done=True),
        (True, UK, "uk_idta", [("uk_idta", INFO)]),
        id="idta-first-day",
    ),
    pytest.param(
        uk(d(2022, 6, 1), **scc("uk_addendum", 1, d(2022, 3, 20)), tia_done=True),
        (False, UK, None, [("uk_tool_before_2022_03_21", BLOCKER), NO_MECHANISM]),
        id="addendum-day-before",
    ),
    pytest.param(
        uk(d(2022, 6, 1), **scc("uk_addendum", 1, d(2022, 3, 21)), tia_done=True),
        (True, UK, "uk_addendum", [("uk_addendum", INFO)]),
        id="addendum-first-day",
    ),
    pytest.param(
        uk(d(2022, 6, 1), **scc("uk_addendum", None, d(2022, 3, 21)), tia_done=True),
        (True, UK, "uk_addendum", [("uk_addendum", INFO)]),
        id="addendum-without-module",
    ),
    pytest.param(
        uk(d(2022, 6, 1), **scc("uk_addendum", 2, d(2022, 3, 21), **C2P), tia_done=True),
        (True, UK, "uk_addendum", [("uk_addendum", INFO)]),
        id="addendum-module-2",
    ),
    pytest.param(
        uk(d(2022, 6, 1), **scc("uk_addendum", 1, d(2022, 3, 21), **C2P), tia_done=True),
        (False, UK, None, [("scc_module_mismatch", BLOCKER), NO_MECHANISM]),
        id="addendum-mismatch",
    ),
    pytest.param(
        uk(d(2022, 6, 1), **scc("uk_idta", None, d(2022, 3, 21))),
        (False, UK, None, [("tia_missing", BLOCKER), NO_MECHANISM]),
        id="idta-without-tra",
    ),
    pytest.param(
        uk(d(2023, 1, 1), **scc("2010", 1, d(2022, 9, 21)), tia_done=True),
        UK_SCC,
        id="old-scc-signed-last-day",
    ),
    pytest.param(
        uk(d(2023, 1, 1), **scc("2010", 1, d(2022, 9, 22)), tia_done=True),
        (False, UK, None, [("uk_scc_2010_after_cutoff", BLOCKER), NO_MECHANISM]),
        id="old-scc-signed-after-cutoff",
    ),
    pytest.param(
        uk(d(2024, 3, 20), **scc("2010", 1, d(2020, 6, 1)), tia_done=True),
        UK_SCC,
        id="old-scc-relied-last-day",
    ),
    pytest.param(
        uk(d(2024, 3, 21), **scc("2010", 1, d(2020, 6, 1)), tia_done=True),
        (False, UK, None, [("uk_scc_2010_expired", BLOCKER), NO_MECHANISM]),
        id="old-scc-relied-after-lapse",
    ),
    pytest.param(
        uk(d(2024, 3, 21), **scc("2010", 1, d(2022, 9, 22)), tia_done=True),
        (
            False,
            UK,
            None,
            [("uk_scc_2010_after_cutoff", BLOCKER), ("uk_scc_2010_expired", BLOCKER), NO_MECHANISM],
        ),
        id="old-scc-both-defects",
    ),
    # The EU cut-off (2021-09-27) and lapse (2022-12-27) do not apply to UK exports.
    pytest.param(
        uk(d(2023, 1, 1), **scc("2010", 2, d(2022, 1, 10), **C2P), tia_done=True),
        UK_SCC,
        id="old-scc-after-eu-repeal",
    ),
    pytest.param(
        uk(d(2022, 6, 1), **scc("2021", 1, d(2021, 7, 1)), tia_done=True),
        (False, UK, None, [("eu_scc_without_uk_addendum", BLOCKER), NO_MECHANISM]),
        id="eu-2021-scc-alone",
    ),
    pytest.param(
        uk(d(2022, 6, 1), derogation="49(1)(a)", **scc("2021", 1, d(2021, 7, 1))),
        (
            True,
            UK,
            "derogation",
            [
                ("eu_scc_without_uk_addendum", WARNING),
                ("derogation", INFO),
                ("derogation_occasional_only", WARNING),
            ],
        ),
        id="eu-2021-scc-then-derogation",
    ),
    pytest.param(
        uk(d(2022, 6, 1), **scc("uk_idta", None, d(2022, 7, 1)), tia_done=True),
        (False, UK, None, [("scc_not_yet_signed", INFO), NO_MECHANISM]),
        id="idta-signed-after-on",
    ),
    pytest.param(
        uk(d(2024, 1, 1), "US", bcr_approved_on=BCR_DAY, tia_done=True),
        (True, UK, "bcr", [("importer_not_certified", WARNING), ("bcr", INFO)]),
        id="uncertified-then-bcr",
    ),
    pytest.param(
        uk(d(2024, 1, 1), "CH"),
        UK_ADEQUATE,
        id="adequacy-needs-no-tra",
    ),
    pytest.param(uk(d(2024, 1, 1)), UK_NOTHING, id="nothing"),
]


@pytest.mark.parametrize(("facts", "expected"), UK_ROWS)
def test_evaluate_transfer_uk_exporter_rules(facts, expected):
    check(facts, expected)


# --- Japanese exporter ---------------------------------------------------------------------------

JP_DAY = d(2024, 1, 1)

JP_ROWS = [
    pytest.param(
        jp(d(2017, 5, 29)), (None, None, None, [("out_of_scope", INFO)]), id="before-export-rule"
    ),
    pytest.param(jp(d(2017, 5, 30)), JP_NOTHING, id="export-rule-first-day"),
    pytest.param(
        jp(d(2017, 5, 30), "JP"),
        JP_NOT_A_TRANSFER,
        id="within-japan",
    ),
    pytest.param(jp(d(2019, 1, 22), "DE"), JP_NOTHING, id="eea-before-designation"),
    pytest.param(
        jp(d(2019, 1, 23), "DE"),
        JP_DESIGNATED,
        id="eea-designated",
    ),
    pytest.param(
        jp(d(2019, 1, 23), "NO"),
        JP_DESIGNATED,
        id="efta-eea-designated",
    ),
    pytest.param(
        jp(d(2019, 1, 23), "GB"),
        JP_DESIGNATED,
        id="uk-designated-in-eu",
    ),
    pytest.param(
        jp(JP_DAY, "GB"),
        JP_DESIGNATED,
        id="uk-designated-after-brexit",
    ),
    pytest.param(
        jp(d(2019, 1, 22), "DE", appi_consent=True),
        (True, JP, "consent", [("consent", INFO)]),
        id="eea-before-designation-consent",
    ),
    pytest.param(
        jp(JP_DAY, appi_equivalent_measures=True), JP_EQUIVALENT, id="equivalent-measures"
    ),
    pytest.param(
        jp(JP_DAY, appi_consent=True), (True, JP, "consent", [("consent", INFO)]), id="consent"
    ),
    pytest.param(jp(JP_DAY, appi_cbpr=True), JP_EQUIVALENT, id="cbpr"),
    pytest.param(
        jp(JP_DAY, appi_cbpr=True, eu_origin=True),
        (False, JP, None, [("cbpr_not_for_eu_origin", BLOCKER), NO_MECHANISM]),
        id="cbpr-eu-origin",
    ),
    pytest.param(
        jp(JP_DAY, appi_cbpr=True, eu_origin=True, appi_consent=True),
        (True, JP, "consent", [("cbpr_not_for_eu_origin", WARNING), ("consent", INFO)]),
        id="cbpr-eu-origin-consent",
    ),
    pytest.param(
        jp(JP_DAY, appi_cbpr=True, eu_origin=True, appi_equivalent_measures=True),
        JP_EQUIVALENT,
        id="cbpr-eu-origin-contract",
    ),
    pytest.param(
        jp(JP_DAY, appi_equivalent_measures=True, eu_origin=True),
        JP_EQUIVALENT,
        id="contract-eu-origin",
    ),
    pytest.param(
        jp(JP_DAY, "DE", appi_cbpr=True, eu_origin=True),
        JP_DESIGNATED,
        id="eu-origin-back-to-eea",
    ),
    # Before the Supplementary Rules existed (2019-01-23) EU origin changes nothing.
    pytest.param(
        jp(d(2018, 6, 1), appi_cbpr=True, eu_origin=True),
        JP_EQUIVALENT,
        id="cbpr-before-supplementary-rules",
    ),
    pytest.param(jp(BCR_DAY, bcr_approved_on=d(2021, 8, 4)), JP_EQUIVALENT, id="bcr-day-before"),
    pytest.param(jp(BCR_DAY, bcr_approved_on=BCR_DAY), JP_EQUIVALENT, id="bcr-same-day"),
    pytest.param(
        jp(BCR_DAY, bcr_approved_on=d(2021, 8, 6)),
        (False, JP, None, [("bcr_not_yet_approved", INFO), NO_MECHANISM]),
        id="bcr-day-after",
    ),
    pytest.param(
        jp(BCR_DAY, bcr_approved_on=d(2021, 8, 6), appi_cbpr=True),
        (
            True,
            JP,
            "equivalent_measures",
            [("bcr_not_yet_approved", INFO), ("equivalent_measures", INFO)],
        ),
        id="bcr-pending-cbpr",
    ),
    pytest.param(
        jp(JP_DAY, bcr_approved_on=BCR_DAY, eu_origin=True), JP_EQUIVALENT, id="bcr-eu-origin"
    ),
    # Art. 46 tools and GDPR derogations are not APPI tools.
    pytest.param(
        jp(JP_DAY, derogation="49(1)(a)", tia_done=True, **scc("2021", 1, SIGNED)),
        JP_NOTHING,
        id="gdpr-tools-ignored",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), JP_ROWS)
def test_evaluate_transfer_japanese_exporter_rules(facts, expected):
    check(facts, expected)


# --- Other exporters -----------------------------------------------------------------------------

OTHER_ROWS = [
    pytest.param(TransferFacts(on=JP_DAY, exporter_country="US", importer_country="DE"), id="us"),
    pytest.param(
        TransferFacts(on=JP_DAY, exporter_country="SG", importer_country="JP"), id="singapore"
    ),
    pytest.param(
        TransferFacts(on=JP_DAY, exporter_country="CH", importer_country="US"), id="switzerland"
    ),
    pytest.param(
        TransferFacts(on=d(2020, 12, 31), exporter_country="KR", importer_country="GB"), id="korea"
    ),
]


@pytest.mark.parametrize("facts", OTHER_ROWS)
def test_evaluate_transfer_other_exporter_is_out_of_scope(facts):
    check(facts, (None, None, None, [("out_of_scope", INFO)]))


# --- Legal basis of key findings -----------------------------------------------------------------


def basis_of(facts, code):
    return [f.basis for f in evaluate_transfer(facts).findings if f.code == code]


BASIS_ROWS = [
    pytest.param(
        eu(d(2015, 10, 5), "US", **CERT),
        "adequacy",
        "Directive 95/46/EC Art. 25(6); Commission Decision 2000/520/EC",
        id="safe-harbor",
    ),
    pytest.param(
        eu(d(2023, 7, 10), "US", **CERT),
        "adequacy",
        "GDPR Art. 45; Commission Implementing Decision (EU) 2023/1795",
        id="dpf",
    ),
    pytest.param(
        eu(d(2023, 7, 10), "US"),
        "importer_not_certified",
        "Commission Implementing Decision (EU) 2023/1795, Art. 1",
        id="dpf-uncertified",
    ),
    pytest.param(
        eu(d(2021, 3, 1), "GB"),
        "uk_bridge",
        "EU-UK Trade and Cooperation Agreement Art. FINPROV.10A",
        id="bridge",
    ),
    pytest.param(
        eu(d(2020, 12, 31), "GB"),
        "not_a_transfer",
        "GDPR Art. 44; Withdrawal Agreement Art. 127 (transition period)",
        id="transition",
    ),
    pytest.param(
        eu(d(2022, 12, 27), **scc("2010", 1, d(2020, 1, 1)), tia_done=True),
        "scc_2010_expired",
        "Implementing Decision (EU) 2021/914 Art. 4(4); convention: 2022-12-27 treated as lapsed "
        '(cautious reading of Art. 4(4), "until 27 December 2022")',
        id="2010-lapse",
    ),
    pytest.param(
        eu(d(2022, 1, 1), **scc("2021", 1, d(2021, 7, 1))),
        "tia_missing",
        "GDPR Art. 46(2)(c); Implementing Decision (EU) 2021/914, Module 1, Clause 14; "
        "CJEU C-311/18 (Schrems II); EDPB Recommendations 01/2020",
        id="tia-2021-scc",
    ),
    pytest.param(
        eu(d(2024, 1, 1), derogation="49(1)(a)"),
        "derogation",
        "GDPR Art. 49(1)(a)",
        id="derogation",
    ),
    pytest.param(
        uk(d(2023, 10, 12), "US", **CERT),
        "adequacy",
        "UK GDPR Art. 45; DPA 2018 s. 17A; "
        "Data Protection (Adequacy) (United States of America) Regulations 2023 (SI 2023/1028)",
        id="uk-us-bridge",
    ),
    pytest.param(jp(d(2021, 6, 1), appi_consent=True), "consent", "APPI Art. 24", id="appi-art-24"),
    pytest.param(
        jp(d(2022, 4, 1), "FR"),
        "designated_country",
        "APPI Art. 28(1); PPC Notice No. 1 of 2019 (designated countries)",
        id="appi-art-28",
    ),
    pytest.param(
        jp(JP_DAY, appi_cbpr=True, eu_origin=True),
        "cbpr_not_for_eu_origin",
        "PPC Supplementary Rules (EU adequacy, Decision (EU) 2019/419), Rule (4)",
        id="supplementary-rule-4",
    ),
    pytest.param(
        jp(JP_DAY, appi_cbpr=True),
        "equivalent_measures",
        "APPI Art. 28(1), (3); PPC Enforcement Rules Art. 16(ii)",
        id="cbpr",
    ),
]


@pytest.mark.parametrize(("facts", "code", "expected"), BASIS_ROWS)
def test_evaluate_transfer_findings_name_their_legal_basis(facts, code, expected):
    assert basis_of(facts, code) == [expected]


# --- Impact analysis: hypothetical decision sets and alternatives --------------------------------

STRUCK_DOWN = d(2025, 3, 1)
WITHOUT_DPF = invalidated(EU_DECISIONS, "eu_us_dpf_2023", STRUCK_DOWN)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (d(2025, 2, 28), EU_ADEQUATE),
        (STRUCK_DOWN, EU_NOTHING),
        (d(2026, 1, 1), EU_NOTHING),
    ],
)
def test_evaluate_transfer_invalidated_dpf_turns_unlawful_from_the_date(on, expected):
    check(eu(on, "US", **CERT), expected, eu_decisions=WITHOUT_DPF)


def test_evaluate_transfer_default_decisions_unchanged_by_invalidation():
    check(eu(STRUCK_DOWN, "US", **CERT), EU_ADEQUATE)


def test_evaluate_transfer_invalidated_dpf_falls_back_to_bcr():
    facts = eu(STRUCK_DOWN, "US", bcr_approved_on=BCR_DAY, tia_done=True, **CERT)

    check(facts, EU_BCR, eu_decisions=WITHOUT_DPF)


def test_evaluate_transfer_invalidated_uk_bridge_only_affects_uk_exports():
    without_bridge = invalidated(UK_DECISIONS, "uk_us_data_bridge", STRUCK_DOWN)

    check(
        uk(STRUCK_DOWN, "US", **CERT),
        UK_NOTHING,
        uk_decisions=without_bridge,
    )
    check(
        eu(STRUCK_DOWN, "US", **CERT),
        EU_ADEQUATE,
        uk_decisions=without_bridge,
    )


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(eu(JP_DAY, "US"), ("bcr", "scc"), id="eu-us-lost-certification"),
        pytest.param(eu(JP_DAY, "US", **CERT), ("adequacy", "bcr", "scc"), id="eu-us-certified"),
        pytest.param(eu(d(2021, 1, 1), "US", **CERT), ("bcr", "scc"), id="eu-us-no-framework"),
        pytest.param(eu(JP_DAY, "JP"), ("adequacy", "bcr", "scc"), id="eu-japan"),
        pytest.param(eu(JP_DAY, "FR"), ("not_a_transfer",), id="eu-within-eea"),
        pytest.param(eu(d(2021, 3, 1), "GB"), ("not_a_transfer",), id="eu-uk-bridge"),
        pytest.param(uk(d(2022, 3, 20)), ("bcr", "scc"), id="uk-before-idta"),
        pytest.param(
            uk(d(2022, 3, 21)), ("bcr", "uk_idta", "uk_addendum", "scc"), id="uk-idta-and-old-scc"
        ),
        pytest.param(uk(d(2022, 9, 22)), ("bcr", "uk_idta", "uk_addendum"), id="uk-old-scc-closed"),
        pytest.param(uk(JP_DAY, "DE"), ("adequacy", "bcr", "uk_idta", "uk_addendum"), id="uk-eea"),
        pytest.param(uk(JP_DAY, "GB"), ("not_a_transfer",), id="uk-within-uk"),
        pytest.param(jp(JP_DAY), ("equivalent_measures", "consent"), id="jp-us"),
        pytest.param(
            jp(JP_DAY, "DE"), ("designated_country", "equivalent_measures", "consent"), id="jp-eea"
        ),
        pytest.param(jp(JP_DAY, "JP"), ("not_a_transfer",), id="jp-within-japan"),
        pytest.param(jp(d(2017, 5, 29)), (), id="jp-before-export-rule"),
        pytest.param(
            TransferFacts(on=JP_DAY, exporter_country="US", importer_country="DE"),
            (),
            id="out-of-scope",
        ),
    ],
)
def test_available_tools_lists_mechanisms_that_could_be_put_in_place(facts, expected):
    assert available_tools(facts) == expected


def test_available_tools_follows_a_hypothetical_decision_set():
    facts = eu(STRUCK_DOWN, "US", **CERT)

    assert available_tools(facts, eu_decisions=WITHOUT_DPF) == ("bcr", "scc")
    assert available_tools(eu(d(2025, 2, 28), "US", **CERT), eu_decisions=WITHOUT_DPF) == (
        "adequacy",
        "bcr",
        "scc",
    )


# --- Finding codes -------------------------------------------------------------------------------

SPEC_CODES = [
    "not_a_transfer",
    "adequacy",
    "importer_not_certified",
    "bcr",
    "bcr_not_yet_approved",
    "scc_module_mismatch",
    "scc_2010_after_repeal",
    "scc_2010_expired",
    "scc_signed_before_2021_scc",
    "tia_missing",
    "derogation_occasional_only",
    "no_mechanism",
    "eu_scc_without_uk_addendum",
    "uk_scc_2010_after_cutoff",
    "uk_scc_2010_expired",
    "uk_tool_before_2022_03_21",
    "designated_country",
    "equivalent_measures",
    "consent",
    "cbpr_not_for_eu_origin",
    "out_of_scope",
    "uk_bridge",
]


@pytest.mark.parametrize("code", SPEC_CODES)
def test_finding_codes_include_every_code_of_the_brief(code):
    assert code in FINDING_CODES


def test_finding_codes_are_unique_snake_case():
    assert len(FINDING_CODES) == len(set(FINDING_CODES))
    assert [c for c in FINDING_CODES if not re.fullmatch(r"[a-z][a-z0-9_]*", c)] == []


def test_finding_codes_are_module_constants():
    constants = {
        value
        for name, value in vars(mechanisms).items()
        if name.isupper() and isinstance(value, str) and value in FINDING_CODES
    }
    assert constants == set(FINDING_CODES)


# --- Validation ----------------------------------------------------------------------------------

BASE = {"on": d(2024, 1, 1), "exporter_country": "DE", "importer_country": "US"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"exporter_country": "de"}, "exporter_country", id="lower-case-country"),
        pytest.param({"importer_country": "USA"}, "importer_country", id="alpha-3-country"),
        pytest.param({"importer_country": "U1"}, "importer_country", id="digit-in-country"),
        pytest.param({"exporter_role": "joint_controller"}, "exporter_role", id="unknown-role"),
        pytest.param({"importer_role": "Processor"}, "importer_role", id="capitalised-role"),
        pytest.param(scc("2004", 1, d(2020, 1, 1)), "scc_version", id="unknown-scc-version"),
        pytest.param(scc("2021", 5, d(2022, 1, 1)), "scc_module", id="module-5"),
        pytest.param(scc("2021", 0, d(2022, 1, 1)), "scc_module", id="module-0"),
        pytest.param(scc("2021", True, d(2022, 1, 1)), "scc_module", id="module-bool"),
        pytest.param({"scc_module": 2}, "without scc_version", id="module-without-version"),
        pytest.param(
            scc("2021", None, d(2022, 1, 1)), "needs scc_module", id="2021-without-module"
        ),
        pytest.param(
            scc("uk_idta", 1, d(2022, 4, 1)), "IDTA has no modules", id="idta-with-module"
        ),
        pytest.param(scc("2021", 1, None), "scc_signed_on", id="version-without-signing-date"),
        pytest.param(
            {"scc_signed_on": d(2022, 1, 1)}, "scc_signed_on", id="signing-date-without-version"
        ),
        pytest.param({"derogation": "49(2)"}, "derogation", id="unknown-derogation"),
        pytest.param(
            {"on": datetime(2024, 1, 1, 12, 0, tzinfo=UTC)}, "on must be a date", id="datetime-on"
        ),
        pytest.param({"on": "2024-01-01"}, "on must be a date", id="string-on"),
        pytest.param({"bcr_approved_on": "2021-08-05"}, "bcr_approved_on", id="string-bcr-date"),
    ],
)
def test_transfer_facts_rejects_invalid_input(changes, message):
    with pytest.raises(ValueError, match=message):
        TransferFacts(**{**BASE, **changes})


def test_transfer_facts_accepts_a_contract_signed_after_the_date():
    facts = TransferFacts(**BASE, **scc("2021", 1, d(2024, 6, 1)))

    assert facts.scc_signed_on == d(2024, 6, 1)


def test_transfer_facts_takes_keyword_arguments_only():
    with pytest.raises(TypeError):
        TransferFacts(d(2024, 1, 1), "DE", "US")  # type: ignore[misc]


def test_transfer_facts_defaults():
    facts = TransferFacts(**BASE)

    assert (
        facts.exporter_role,
        facts.importer_role,
        facts.importer_certified,
        facts.bcr_approved_on,
        facts.scc_version,
        facts.scc_module,
        facts.scc_signed_on,
        facts.tia_done,
        facts.derogation,
        facts.eu_origin,
        facts.appi_consent,
        facts.appi_equivalent_measures,
        facts.appi_cbpr,
    ) == (
        "controller",
        "controller",
        False,
        None,
        None,
        None,
        None,
        False,
        None,
        False,
        False,
        False,
        False,
    )


@pytest.mark.parametrize(
    ("lawful", "severities"),
    [(True, ["blocker"]), (True, ["info", "blocker"]), (False, []), (False, ["warning", "info"])],
)
def test_evaluation_rejects_lawful_with_blocker_and_unlawful_without(lawful, severities):
    findings = tuple(Finding(f"code_{i}", s, "message", "basis") for i, s in enumerate(severities))

    with pytest.raises(ValueError, match="blocker"):
        Evaluation(lawful, "EU_GDPR", None, findings)


def test_evaluate_transfer_is_deterministic():
    facts = eu(
        d(2022, 1, 1), bcr_approved_on=BCR_DAY, derogation="49(1)(c)", **scc("2021", 1, SIGNED)
    )

    assert evaluate_transfer(facts) == evaluate_transfer(facts)
