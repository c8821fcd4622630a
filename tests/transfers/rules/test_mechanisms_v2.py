"""Transfer engine contract v2 (domain.md §8.3). Every expected row is worked out by hand.

Rows give (lawful, regime, mechanism, findings as (code, severity) pairs), compared as in
``test_mechanisms``: findings as sorted lists, so a duplicated or missing finding fails.
"""

from datetime import date

import pytest

from transfers.rules.adequacy import EU_DECISIONS, invalidated
from transfers.rules.mechanisms import (
    FINDING_CODES,
    ContractFacts,
    Evaluation,
    Finding,
    TransferFacts,
    available_tools,
    evaluate_transfer,
)

d = date
EU, UK, JP = "EU_GDPR", "UK_GDPR", "JP_APPI"
INFO, WARNING, BLOCKER = "info", "warning", "blocker"
NO_MECHANISM = ("no_mechanism", BLOCKER)
C2P = {"exporter_role": "controller", "importer_role": "processor"}
P2P = {"exporter_role": "processor", "importer_role": "processor"}
P2C = {"exporter_role": "processor", "importer_role": "controller"}
CERT = {"importer_certified": True}
TIA = {"tia_done": True}

EU_NOTHING = (False, EU, None, [NO_MECHANISM])
EU_ADEQUATE = (True, EU, "adequacy", [("adequacy", INFO)])
EU_SCC = (True, EU, "scc", [("scc", INFO)])
UK_NOTHING = (False, UK, None, [NO_MECHANISM])
UK_ADEQUATE = (True, UK, "adequacy", [("adequacy", INFO)])
UK_SCC = (True, UK, "scc", [("scc", INFO)])
JP_NOTHING = (False, JP, None, [NO_MECHANISM])
IN_SCOPE = ("adequacy_scope", WARNING)


def eu(on, importer="SG", **kwargs):
    return TransferFacts(on=on, exporter_country="DE", importer_country=importer, **kwargs)


def uk(on, importer="SG", **kwargs):
    return TransferFacts(on=on, exporter_country="GB", importer_country=importer, **kwargs)


def jp(on, importer="US", **kwargs):
    return TransferFacts(on=on, exporter_country="JP", importer_country=importer, **kwargs)


def scc(version, module, signed):
    return {"scc_version": version, "scc_module": module, "scc_signed_on": signed}


def contracts(*rows):
    return {"contracts": tuple(ContractFacts(*row) for row in rows)}


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
    assert all(f.code in FINDING_CODES and f.basis and f.message for f in evaluation.findings)


def finding(facts, code):
    """The one finding with ``code``."""
    (found,) = [f for f in evaluate_transfer(facts).findings if f.code == code]
    return found


# --- lawful: True, False or None (not assessed) --------------------------------------------------


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(
            TransferFacts(on=d(2024, 1, 1), exporter_country="US", importer_country="DE"), id="us"
        ),
        pytest.param(
            TransferFacts(on=d(2024, 1, 1), exporter_country="CH", importer_country="US"),
            id="switzerland",
        ),
        pytest.param(jp(d(2017, 5, 29)), id="japan-before-export-rule"),
        pytest.param(
            TransferFacts(on=d(2024, 1, 1), exporter_country="SG", importer_country="JP"),
            id="singapore",
        ),
        pytest.param(
            TransferFacts(
                on=d(2025, 8, 1),
                exporter_country="US",
                importer_country="DE",
                importer_organisation="EPO",
            ),
            id="us-to-epo",
        ),
    ],
)
def test_evaluate_transfer_outside_every_regime_is_not_assessed(facts):
    evaluation = evaluate_transfer(facts)

    assert outcome(evaluation) == (None, None, None, [("out_of_scope", INFO)])
    assert evaluation.findings[0].message.startswith("Not assessed")


@pytest.mark.parametrize(
    ("exporter", "on", "expected"),
    [
        ("JP", d(2017, 5, 29), None),
        ("JP", d(2017, 5, 30), False),
        ("GB", d(2020, 12, 31), False),  # EU_GDPR: the transition period
        ("GB", d(2021, 1, 1), False),  # UK_GDPR
        ("US", d(2024, 1, 1), None),
    ],
)
def test_evaluate_transfer_lawful_is_none_only_outside_every_regime(exporter, on, expected):
    facts = TransferFacts(on=on, exporter_country=exporter, importer_country="SG")

    assert evaluate_transfer(facts).lawful is expected


@pytest.mark.parametrize(
    ("regime", "severities"),
    [
        pytest.param(None, ["blocker"], id="blocker"),
        pytest.param(None, ["info", "blocker"], id="info-and-blocker"),
        pytest.param("EU_GDPR", ["info"], id="with-regime"),
    ],
)
def test_evaluation_rejects_not_assessed_with_blocker_or_regime(regime, severities):
    findings = tuple(Finding(f"code_{i}", s, "message", "basis") for i, s in enumerate(severities))

    with pytest.raises(ValueError, match="not-assessed"):
        Evaluation(None, regime, None, findings)


def test_evaluation_accepts_not_assessed_with_info():
    finding_ = Finding("out_of_scope", "info", "message", "basis")

    assert Evaluation(None, None, None, (finding_,)).lawful is None


# --- 2010 SCCs: the set follows from the roles ---------------------------------------------------

OLD = d(2020, 1, 1)
NO_SET = (False, EU, None, [("scc_2010_no_set_for_roles", BLOCKER), NO_MECHANISM])
MISMATCH = (False, EU, None, [("scc_module_mismatch", BLOCKER), NO_MECHANISM])

SCC_2010_ROWS = [
    pytest.param(eu(d(2021, 1, 1), **scc("2010", None, OLD), **TIA), EU_SCC, id="c2c"),
    pytest.param(eu(d(2021, 1, 1), **scc("2010", None, OLD), **C2P, **TIA), EU_SCC, id="c2p"),
    pytest.param(eu(d(2021, 1, 1), **scc("2010", None, OLD), **P2P, **TIA), NO_SET, id="p2p"),
    pytest.param(eu(d(2021, 1, 1), **scc("2010", None, OLD), **P2C, **TIA), NO_SET, id="p2c"),
    # No TIA is asked for a set that did not exist: the fix is another contract.
    pytest.param(eu(d(2021, 1, 1), **scc("2010", None, OLD), **P2P), NO_SET, id="p2p-no-tia"),
    pytest.param(
        eu(d(2021, 1, 1), **scc("2010", None, OLD), **P2P, derogation="49(1)(b)"),
        (
            True,
            EU,
            "derogation",
            [
                ("scc_2010_no_set_for_roles", WARNING),
                ("derogation", INFO),
                ("derogation_occasional_only", WARNING),
            ],
        ),
        id="p2p-then-derogation",
    ),
    # A module given with "2010" must be 1 or 2 and match the roles.
    pytest.param(eu(d(2021, 1, 1), **scc("2010", 1, OLD), **TIA), EU_SCC, id="module-1-c2c"),
    pytest.param(eu(d(2021, 1, 1), **scc("2010", 2, OLD), **C2P, **TIA), EU_SCC, id="module-2-c2p"),
    pytest.param(eu(d(2021, 1, 1), **scc("2010", 1, OLD), **C2P, **TIA), MISMATCH, id="1-for-c2p"),
    pytest.param(eu(d(2021, 1, 1), **scc("2010", 3, OLD), **P2P, **TIA), MISMATCH, id="3-for-p2p"),
    pytest.param(eu(d(2021, 1, 1), **scc("2010", 4, OLD), **P2C, **TIA), MISMATCH, id="4-for-p2c"),
    # The dates of v1, without a module.
    pytest.param(
        eu(d(2021, 10, 1), **scc("2010", None, d(2021, 9, 26)), **TIA),
        EU_SCC,
        id="signed-last-day",
    ),
    pytest.param(
        eu(d(2021, 10, 1), **scc("2010", None, d(2021, 9, 27)), **TIA),
        (False, EU, None, [("scc_2010_after_repeal", BLOCKER), NO_MECHANISM]),
        id="signed-after-repeal",
    ),
    pytest.param(
        eu(d(2022, 12, 26), **scc("2010", None, OLD), **C2P, **TIA), EU_SCC, id="relied-last-day"
    ),
    pytest.param(
        eu(d(2022, 12, 27), **scc("2010", None, OLD), **C2P, **TIA),
        (False, EU, None, [("scc_2010_expired", BLOCKER), NO_MECHANISM]),
        id="relied-after-lapse",
    ),
    pytest.param(
        eu(d(2022, 12, 27), **scc("2010", None, OLD), **P2P, **TIA),
        (
            False,
            EU,
            None,
            [("scc_2010_expired", BLOCKER), ("scc_2010_no_set_for_roles", BLOCKER), NO_MECHANISM],
        ),
        id="p2p-after-lapse",
    ),
    pytest.param(
        eu(d(2020, 7, 15), **scc("2010", None, OLD), **C2P), EU_SCC, id="no-tia-before-schrems-ii"
    ),
    pytest.param(
        eu(d(2020, 7, 16), **scc("2010", None, OLD), **C2P),
        (False, EU, None, [("tia_missing", BLOCKER), NO_MECHANISM]),
        id="no-tia-from-schrems-ii",
    ),
    # The UK's old EU SCCs follow the same sets.
    pytest.param(uk(d(2023, 1, 1), **scc("2010", None, OLD), **TIA), UK_SCC, id="uk-c2c"),
    pytest.param(uk(d(2023, 1, 1), **scc("2010", None, OLD), **C2P, **TIA), UK_SCC, id="uk-c2p"),
    pytest.param(
        uk(d(2023, 1, 1), **scc("2010", None, OLD), **P2P, **TIA),
        (False, UK, None, [("scc_2010_no_set_for_roles", BLOCKER), NO_MECHANISM]),
        id="uk-p2p",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), SCC_2010_ROWS)
def test_evaluate_transfer_2010_scc_set_follows_the_roles(facts, expected):
    check(facts, expected)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(
            eu(d(2021, 1, 1), **scc("2010", None, OLD), **P2P),
            "There was no 2010 SCC set for processor to processor transfers (only controller to "
            "controller: 2001/497/EC set I, 2004/915/EC set II; controller to processor: "
            "2010/87/EU); use the 2021 SCCs, Module 3 instead.",
            id="eu-p2p",
        ),
        pytest.param(
            eu(d(2021, 1, 1), **scc("2010", None, OLD), **P2C),
            "There was no 2010 SCC set for processor to controller transfers (only controller to "
            "controller: 2001/497/EC set I, 2004/915/EC set II; controller to processor: "
            "2010/87/EU); use the 2021 SCCs, Module 4 instead.",
            id="eu-p2c",
        ),
        pytest.param(
            uk(d(2022, 1, 1), **scc("2010", None, OLD), **P2P),
            "There was no 2010 SCC set for processor to processor transfers (only controller to "
            "controller: 2001/497/EC set I, 2004/915/EC set II; controller to processor: "
            "2010/87/EU); use the IDTA or the UK Addendum to the 2021 SCCs, Module 3 instead.",
            id="uk-p2p",
        ),
    ],
)
def test_evaluate_transfer_2010_no_set_names_the_2021_module_to_use(facts, expected):
    assert finding(facts, "scc_2010_no_set_for_roles").message == expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        pytest.param({}, "GDPR Art. 46(2)(c); Decisions 2001/497/EC, 2004/915/EC", id="c2c"),
        pytest.param(C2P, "GDPR Art. 46(2)(c); Decision 2010/87/EU", id="c2p"),
    ],
)
def test_evaluate_transfer_2010_scc_basis_names_the_set(roles, expected):
    facts = eu(d(2021, 1, 1), **scc("2010", None, OLD), **roles, **TIA)

    assert finding(facts, "scc").basis == expected


# --- Several contracts ---------------------------------------------------------------------------

C2010 = ("2010", None, d(2019, 3, 1))
C2021 = ("2021", 1, d(2022, 2, 1))
IDTA = ("uk_idta", None, d(2022, 4, 1))

CONTRACT_ROWS = [
    # The oldest valid contract is the answer; a later one is not needed.
    pytest.param(
        eu(d(2022, 6, 1), **contracts(C2010, C2021), **TIA), EU_SCC, id="2010-still-valid"
    ),
    pytest.param(
        eu(d(2022, 12, 27), **contracts(C2010, C2021), **TIA),
        (True, EU, "scc", [("scc_2010_expired", WARNING), ("scc", INFO)]),
        id="2010-lapsed-2021-used",
    ),
    # Given newest first, still tried oldest first.
    pytest.param(
        eu(d(2022, 12, 27), **contracts(C2021, C2010), **TIA),
        (True, EU, "scc", [("scc_2010_expired", WARNING), ("scc", INFO)]),
        id="order-given-does-not-matter",
    ),
    pytest.param(
        eu(d(2022, 12, 27), **contracts(C2010, ("2021", 2, d(2022, 2, 1))), **TIA),
        (
            False,
            EU,
            None,
            [("scc_2010_expired", BLOCKER), ("scc_module_mismatch", BLOCKER), NO_MECHANISM],
        ),
        id="none-valid-all-block",
    ),
    pytest.param(
        eu(d(2022, 1, 1), **contracts(C2010, C2021), **TIA),
        EU_SCC,
        id="later-contract-not-yet-signed-not-tried",
    ),
    pytest.param(
        eu(d(2023, 1, 1), **contracts(IDTA, C2021), **TIA),
        (True, EU, "scc", [("scc", INFO)]),
        id="2021-older-than-idta",
    ),
    pytest.param(
        eu(d(2023, 1, 1), **contracts(("2021", 1, d(2022, 5, 1)), IDTA), **TIA),
        (True, EU, "scc", [("uk_tool_for_eu_export", WARNING), ("scc", INFO)]),
        id="idta-defect-warns",
    ),
    pytest.param(
        eu(d(2023, 1, 1), **contracts(C2010, ("2021", 1, d(2023, 6, 1))), **TIA),
        (
            False,
            EU,
            None,
            [("scc_2010_expired", BLOCKER), ("scc_not_yet_signed", INFO), NO_MECHANISM],
        ),
        id="lapsed-and-not-yet-signed",
    ),
    pytest.param(
        eu(d(2023, 1, 1), **contracts(C2010, C2021)),
        (False, EU, None, [("scc_2010_expired", BLOCKER), ("tia_missing", BLOCKER), NO_MECHANISM]),
        id="no-tia",
    ),
    # The shorthand is one more contract; the same contract twice counts once.
    pytest.param(
        eu(d(2023, 1, 1), **contracts(C2010), **scc(*C2021), **TIA),
        (True, EU, "scc", [("scc_2010_expired", WARNING), ("scc", INFO)]),
        id="shorthand-and-contracts",
    ),
    pytest.param(
        eu(d(2023, 1, 1), **contracts(C2010), **scc(*C2010), **TIA),
        (False, EU, None, [("scc_2010_expired", BLOCKER), NO_MECHANISM]),
        id="shorthand-repeats-a-contract",
    ),
    # A UK exporter: the first contract valid for the UK regime wins.
    pytest.param(
        uk(
            d(2022, 6, 1),
            **contracts(("2021", 1, d(2021, 10, 1)), ("uk_addendum", 1, d(2022, 4, 1))),
            **TIA,
        ),
        (True, UK, "uk_addendum", [("eu_scc_without_uk_addendum", WARNING), ("uk_addendum", INFO)]),
        id="uk-addendum-after-eu-scc",
    ),
    pytest.param(
        uk(d(2024, 3, 20), **contracts(C2010, IDTA), **TIA), UK_SCC, id="uk-old-scc-last-day"
    ),
    pytest.param(
        uk(d(2024, 3, 21), **contracts(C2010, IDTA), **TIA),
        (True, UK, "uk_idta", [("uk_scc_2010_expired", WARNING), ("uk_idta", INFO)]),
        id="uk-old-scc-lapsed-idta-used",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), CONTRACT_ROWS)
def test_evaluate_transfer_tries_every_contract_oldest_first(facts, expected):
    check(facts, expected)


def test_evaluate_transfer_names_the_contract_relied_on():
    facts = eu(d(2022, 6, 1), **contracts(C2021, C2010), **TIA)

    assert finding(facts, "scc").message == (
        "2010 SCCs (2001/497/EC set I or 2004/915/EC set II, controller to controller) signed on "
        "2019-03-01."
    )


def test_transfer_facts_all_contracts_oldest_first_with_the_shorthand():
    facts = eu(d(2023, 1, 1), **contracts(C2021, IDTA), **scc(*C2010))

    assert facts.all_contracts() == (
        ContractFacts(*C2010),
        ContractFacts(*C2021),
        ContractFacts(*IDTA),
    )


def test_transfer_facts_without_contracts_has_none():
    assert eu(d(2023, 1, 1)).all_contracts() == ()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        pytest.param(("2004", 1, OLD), "scc_version", id="unknown-version"),
        pytest.param(("2021", None, OLD), "needs scc_module", id="2021-without-module"),
        pytest.param(("2021", 5, OLD), "scc_module", id="module-5"),
        pytest.param(("2021", True, OLD), "scc_module", id="module-bool"),
        pytest.param(("uk_idta", 1, OLD), "IDTA has no modules", id="idta-with-module"),
        pytest.param(("2021", 1, "2022-01-01"), "scc_signed_on", id="string-date"),
        pytest.param(("2021", 1, None), "scc_signed_on", id="no-date"),
    ],
)
def test_contract_facts_rejects_invalid_input(row, message):
    with pytest.raises(ValueError, match=message):
        ContractFacts(*row)


@pytest.mark.parametrize(
    "row",
    [("2010", None, OLD), ("uk_addendum", None, OLD), ("uk_addendum", 2, OLD), ("2010", 3, OLD)],
)
def test_contract_facts_accepts_what_the_engine_judges(row):
    assert ContractFacts(*row).version == row[0]


def test_transfer_facts_rejects_contracts_that_are_not_contract_facts():
    with pytest.raises(ValueError, match="contracts"):
        eu(d(2023, 1, 1), contracts=(("2021", 1, OLD),))


def test_transfer_facts_accepts_2010_shorthand_without_module():
    assert eu(d(2021, 1, 1), **scc("2010", None, OLD)).scc_module is None


# --- The UK Addendum for an EEA exporter ---------------------------------------------------------

ADDENDUM_DAY = d(2022, 4, 1)

ADDENDUM_ROWS = [
    pytest.param(
        eu(d(2023, 1, 1), **scc("uk_addendum", 1, ADDENDUM_DAY), **TIA), EU_SCC, id="module-1-c2c"
    ),
    pytest.param(
        eu(d(2023, 1, 1), **scc("uk_addendum", 2, ADDENDUM_DAY), **C2P, **TIA),
        EU_SCC,
        id="module-2-c2p",
    ),
    pytest.param(
        eu(d(2023, 1, 1), **scc("uk_addendum", 4, ADDENDUM_DAY), **P2C, **TIA),
        EU_SCC,
        id="module-4-p2c",
    ),
    pytest.param(
        eu(d(2023, 1, 1), **scc("uk_addendum", 1, ADDENDUM_DAY), **C2P, **TIA),
        MISMATCH,
        id="module-1-for-c2p",
    ),
    pytest.param(
        eu(d(2023, 1, 1), **scc("uk_addendum", None, ADDENDUM_DAY), **TIA),
        MISMATCH,
        id="module-unknown",
    ),
    pytest.param(
        eu(d(2023, 1, 1), **scc("uk_addendum", 1, ADDENDUM_DAY)),
        (False, EU, None, [("tia_missing", BLOCKER), NO_MECHANISM]),
        id="no-tia",
    ),
    pytest.param(
        eu(d(2021, 7, 1), **scc("uk_addendum", 1, d(2021, 6, 26)), **TIA),
        (False, EU, None, [("scc_signed_before_2021_scc", BLOCKER), NO_MECHANISM]),
        id="signed-before-2021-sccs",
    ),
    pytest.param(
        eu(d(2021, 7, 1), **scc("uk_addendum", 1, d(2021, 6, 27)), **TIA),
        EU_SCC,
        id="signed-on-2021-scc-day",
    ),
    pytest.param(
        eu(d(2023, 1, 1), **scc("uk_idta", None, ADDENDUM_DAY), **TIA),
        (False, EU, None, [("uk_tool_for_eu_export", BLOCKER), NO_MECHANISM]),
        id="idta-still-not-an-eu-tool",
    ),
    # For a UK exporter it is the UK tool, as in v1.
    pytest.param(
        uk(d(2023, 1, 1), **scc("uk_addendum", 1, ADDENDUM_DAY), **TIA),
        (True, UK, "uk_addendum", [("uk_addendum", INFO)]),
        id="uk-exporter",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), ADDENDUM_ROWS)
def test_evaluate_transfer_uk_addendum_counts_as_2021_scc_for_eea_exporter(facts, expected):
    check(facts, expected)


def test_evaluate_transfer_uk_addendum_for_eea_exporter_cites_the_2021_sccs():
    facts = eu(d(2023, 1, 1), **scc("uk_addendum", 2, ADDENDUM_DAY), **C2P, **TIA)

    assert finding(facts, "scc").basis == (
        "GDPR Art. 46(2)(c); Implementing Decision (EU) 2021/914, Module 2"
    )


# --- eu_origin: received from the EEA or the UK --------------------------------------------------

JP_DAY = d(2024, 1, 1)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(
            jp(JP_DAY, appi_cbpr=True, eu_origin=True),
            (False, JP, None, [("cbpr_not_for_eu_origin", BLOCKER), NO_MECHANISM]),
            id="cbpr-not-enough",
        ),
        pytest.param(
            jp(JP_DAY, appi_cbpr=True, eu_origin=True, appi_equivalent_measures=True),
            (True, JP, "equivalent_measures", [("equivalent_measures", INFO)]),
            id="contract-enough",
        ),
        pytest.param(
            jp(JP_DAY, appi_cbpr=True),
            (True, JP, "equivalent_measures", [("equivalent_measures", INFO)]),
            id="cbpr-for-other-data",
        ),
    ],
)
def test_evaluate_transfer_eu_origin_keeps_supplementary_rule_4(facts, expected):
    check(facts, expected)


def test_evaluate_transfer_eu_origin_message_covers_uk_origin_data():
    message = finding(jp(JP_DAY, appi_cbpr=True, eu_origin=True), "cbpr_not_for_eu_origin").message

    assert message.startswith("Data received from the EEA or the UK under an adequacy decision")


# --- DPF scope: human-resources data -------------------------------------------------------------

DPF_DAY, UK_EXTENSION_DAY = d(2023, 7, 10), d(2023, 10, 12)
HR = {"hr_data": True}
EXCLUDED = (False, EU, None, [("dpf_scope_excludes_hr", BLOCKER), NO_MECHANISM])
UNVERIFIED = (True, EU, "adequacy", [("adequacy", INFO), ("dpf_scope_unverified", WARNING)])

DPF_ROWS = [
    pytest.param(
        eu(DPF_DAY, "US", **CERT, **HR, importer_certified_hr=False), EXCLUDED, id="excluded"
    ),
    pytest.param(eu(DPF_DAY, "US", **CERT, **HR), UNVERIFIED, id="unverified"),
    pytest.param(
        eu(DPF_DAY, "US", **CERT, **HR, importer_certified_hr=True), EU_ADEQUATE, id="hr-covered"
    ),
    pytest.param(
        eu(DPF_DAY, "US", **CERT, importer_certified_hr=False), EU_ADEQUATE, id="not-hr-data"
    ),
    pytest.param(
        eu(DPF_DAY, "US", **HR, importer_certified_hr=True),
        (False, EU, None, [("importer_not_certified", BLOCKER), NO_MECHANISM]),
        id="not-certified",
    ),
    pytest.param(
        eu(d(2023, 7, 9), "US", **CERT, **HR, importer_certified_hr=False),
        (False, EU, None, [("framework_invalidated", INFO), NO_MECHANISM]),
        id="day-before-dpf",
    ),
    pytest.param(
        eu(DPF_DAY, "US", **CERT, **HR, importer_certified_hr=False, **scc(*C2021), **TIA),
        (True, EU, "scc", [("dpf_scope_excludes_hr", WARNING), ("scc", INFO)]),
        id="excluded-then-scc",
    ),
    # The earlier frameworks had the same limit (Safe Harbor FAQ 9, Privacy Shield SP 9).
    pytest.param(
        eu(d(2020, 7, 15), "US", **CERT, **HR, importer_certified_hr=False),
        EXCLUDED,
        id="privacy-shield-excluded",
    ),
    pytest.param(
        eu(d(2015, 10, 5), "US", **CERT, **HR),
        (True, EU, "adequacy", [("adequacy", INFO), ("dpf_scope_unverified", WARNING)]),
        id="safe-harbor-unverified",
    ),
    # The UK Extension.
    pytest.param(
        uk(UK_EXTENSION_DAY, "US", **CERT, **HR, importer_certified_hr=False),
        (False, UK, None, [("dpf_scope_excludes_hr", BLOCKER), NO_MECHANISM]),
        id="uk-excluded",
    ),
    pytest.param(
        uk(UK_EXTENSION_DAY, "US", **CERT, **HR),
        (True, UK, "adequacy", [("adequacy", INFO), ("dpf_scope_unverified", WARNING)]),
        id="uk-unverified",
    ),
    pytest.param(
        uk(UK_EXTENSION_DAY, "US", **CERT, **HR, importer_certified_hr=True),
        UK_ADEQUATE,
        id="uk-hr-covered",
    ),
    pytest.param(
        uk(d(2023, 10, 11), "US", **CERT, **HR, importer_certified_hr=False),
        UK_NOTHING,
        id="uk-day-before-extension",
    ),
    # Not a certification-based decision: HR data change nothing.
    pytest.param(
        eu(d(2024, 1, 1), "CH", **HR, importer_certified_hr=False), EU_ADEQUATE, id="swiss"
    ),
]


@pytest.mark.parametrize(("facts", "expected"), DPF_ROWS)
def test_evaluate_transfer_dpf_covers_hr_data_only_when_certified_for_it(facts, expected):
    check(facts, expected)


@pytest.mark.parametrize(
    ("facts", "code", "expected"),
    [
        pytest.param(
            eu(DPF_DAY, "US", **CERT, **HR, importer_certified_hr=False),
            "dpf_scope_excludes_hr",
            "Commission Implementing Decision (EU) 2023/1795; Commission Implementing Decision "
            "(EU) 2023/1795, Annex I, Supplemental Principle 9 (human resources data)",
            id="dpf",
        ),
        pytest.param(
            uk(UK_EXTENSION_DAY, "US", **CERT, **HR),
            "dpf_scope_unverified",
            "Data Protection (Adequacy) (United States of America) Regulations 2023 "
            "(SI 2023/1028); SI 2023/1028, reg. 2 (UK Extension to the DPF); DPF Supplemental "
            "Principle 9 (human resources data)",
            id="uk-extension",
        ),
    ],
)
def test_evaluate_transfer_dpf_scope_names_supplemental_principle_9(facts, code, expected):
    assert finding(facts, code).basis == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(eu(DPF_DAY, "US", **CERT, **HR), ("adequacy", "bcr", "scc"), id="unverified"),
        pytest.param(
            eu(DPF_DAY, "US", **CERT, **HR, importer_certified_hr=False),
            ("bcr", "scc"),
            id="excluded",
        ),
    ],
)
def test_available_tools_follows_dpf_scope(facts, expected):
    assert available_tools(facts) == expected


# --- International organisations -----------------------------------------------------------------

EPO_DAY = d(2025, 7, 15)
EPO = {"importer_organisation": "EPO"}

ORGANISATION_ROWS = [
    # Seated in Munich, yet a Chapter V transfer (Art. 44).
    pytest.param(eu(d(2025, 7, 14), "DE", **EPO), EU_NOTHING, id="epo-day-before"),
    pytest.param(eu(EPO_DAY, "DE", **EPO), EU_ADEQUATE, id="epo-first-day"),
    pytest.param(eu(EPO_DAY, "NL", **EPO), EU_ADEQUATE, id="epo-the-hague"),
    pytest.param(
        eu(d(2025, 7, 14), "DE", **EPO, **scc("2021", 1, d(2024, 1, 1)), **TIA),
        EU_SCC,
        id="epo-before-decision-by-scc",
    ),
    pytest.param(
        eu(d(2024, 1, 1), "DE", **EPO, derogation="49(1)(d)"),
        (True, EU, "derogation", [("derogation", INFO), ("derogation_occasional_only", WARNING)]),
        id="epo-by-derogation",
    ),
    # Another organisation has no decision, wherever it sits.
    pytest.param(eu(EPO_DAY, "CH", importer_organisation="WIPO"), EU_NOTHING, id="wipo-geneva"),
    pytest.param(eu(EPO_DAY, "FR", importer_organisation="OECD"), EU_NOTHING, id="oecd-paris"),
    pytest.param(eu(d(2021, 3, 1), "GB", importer_organisation="IMO"), EU_NOTHING, id="no-bridge"),
    pytest.param(
        eu(d(2020, 12, 31), "GB", importer_organisation="IMO"), EU_NOTHING, id="no-transition"
    ),
    # The UK has no decision for the EPO and does not treat its seat as the EEA.
    pytest.param(uk(EPO_DAY, "DE", **EPO), UK_NOTHING, id="uk-to-epo"),
    pytest.param(uk(EPO_DAY, "GB", importer_organisation="IMO"), UK_NOTHING, id="uk-to-imo-london"),
    # APPI (convention): a designated country's designation does not cover an organisation there.
    pytest.param(jp(JP_DAY, "DE", **EPO), JP_NOTHING, id="jp-to-epo"),
    pytest.param(
        jp(JP_DAY, "JP", importer_organisation="UNU"),
        (True, JP, "not_a_transfer", [("not_a_transfer", INFO)]),
        id="jp-to-unu-tokyo",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), ORGANISATION_ROWS)
def test_evaluate_transfer_to_international_organisation_is_chapter_v(facts, expected):
    check(facts, expected)


def test_evaluate_transfer_to_epo_names_the_decision_and_art_44():
    found = finding(eu(EPO_DAY, "DE", **EPO), "adequacy")

    assert (found.message.split(".")[0], found.basis) == (
        "Transfer to the international organisation EPO (seat: DE): a transfer to an "
        "international organisation wherever it sits (Art",
        "GDPR Art. 45; Commission Implementing Decision of 15 July 2025 (European Patent "
        "Organisation)",
    )


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(eu(EPO_DAY, "DE", **EPO), ("adequacy", "bcr", "scc"), id="eu-epo"),
        pytest.param(eu(d(2025, 7, 14), "DE", **EPO), ("bcr", "scc"), id="eu-epo-day-before"),
        pytest.param(jp(JP_DAY, "DE", **EPO), ("equivalent_measures", "consent"), id="jp-epo"),
    ],
)
def test_available_tools_for_international_organisation(facts, expected):
    assert available_tools(facts) == expected


@pytest.mark.parametrize("value", ["epo", "EP", "DE", "", "E-PO", 1])
def test_transfer_facts_rejects_invalid_organisation(value):
    with pytest.raises(ValueError, match="importer_organisation"):
        eu(EPO_DAY, "DE", importer_organisation=value)


# --- Art. 49(1) second subparagraph --------------------------------------------------------------

COMPELLING = {"derogation": "49(1) second subparagraph"}
COMPELLING_LAWFUL = [
    ("derogation", INFO),
    ("derogation_occasional_only", WARNING),
    ("derogation_compelling_duties", WARNING),
]

COMPELLING_ROWS = [
    pytest.param(
        eu(d(2018, 5, 24), **COMPELLING),
        (False, EU, None, [("derogation_not_available", BLOCKER), NO_MECHANISM]),
        id="before-gdpr",
    ),
    pytest.param(
        eu(d(2018, 5, 25), **COMPELLING), (True, EU, "derogation", COMPELLING_LAWFUL), id="gdpr"
    ),
    pytest.param(
        uk(d(2021, 1, 1), **COMPELLING), (True, UK, "derogation", COMPELLING_LAWFUL), id="uk"
    ),
    # Last resort: any tool that works comes first.
    pytest.param(
        eu(d(2024, 1, 1), **COMPELLING, **scc("2021", 1, d(2022, 2, 1)), **TIA),
        EU_SCC,
        id="scc-first",
    ),
    pytest.param(
        eu(d(2024, 1, 1), **COMPELLING, **scc("2021", 1, d(2022, 2, 1))),
        (True, EU, "derogation", [("tia_missing", WARNING), *COMPELLING_LAWFUL]),
        id="after-a-defective-scc",
    ),
    pytest.param(
        eu(d(2018, 5, 24), **COMPELLING, **scc("2010", None, d(2017, 1, 1))),
        EU_SCC,
        id="before-gdpr-scc-used",
    ),
    # Other derogations have no such duties.
    pytest.param(
        eu(d(2024, 1, 1), derogation="49(1)(e)"),
        (True, EU, "derogation", [("derogation", INFO), ("derogation_occasional_only", WARNING)]),
        id="legal-claims",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), COMPELLING_ROWS)
def test_evaluate_transfer_compelling_interests_only_as_last_resort(facts, expected):
    check(facts, expected)


@pytest.mark.parametrize(
    "duty",
    [
        "no other ground",
        "not repetitive",
        "limited number of data subjects",
        "compelling legitimate interests",
        "assessed all the circumstances, provided suitable safeguards and documented both",
        "the supervisory authority is informed of the transfer",
        "the data subjects are informed of the transfer",
    ],
)
def test_evaluate_transfer_compelling_interests_lists_every_duty(duty):
    message = finding(eu(d(2024, 1, 1), **COMPELLING), "derogation_compelling_duties").message

    assert duty in message


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(
            eu(d(2024, 1, 1), **COMPELLING),
            "GDPR Art. 49(1) second subparagraph, 49(6); GDPR Art. 49; EDPB Guidelines 2/2018",
            id="eu",
        ),
        pytest.param(
            uk(d(2024, 1, 1), **COMPELLING),
            "UK GDPR Art. 49(1) second subparagraph, 49(6); UK GDPR Art. 49; ICO guidance on "
            "exceptions",
            id="uk",
        ),
    ],
)
def test_evaluate_transfer_compelling_interests_duties_basis(facts, expected):
    assert finding(facts, "derogation_compelling_duties").basis == expected


# --- Scope-limited adequacy ----------------------------------------------------------------------

IN_SCOPE_ROWS = [
    pytest.param(eu(d(2024, 1, 1), "CA"), "PIPEDA", id="canada"),
    pytest.param(eu(d(2024, 1, 1), "IL"), "automated", id="israel"),
    pytest.param(eu(d(2024, 1, 1), "JP"), "not the public sector", id="japan"),
    pytest.param(eu(d(2024, 1, 1), "KR"), "PIPA", id="korea"),
    pytest.param(eu(d(2021, 6, 28), "GB"), "immigration", id="uk-2021-first-day"),
    pytest.param(eu(d(2025, 12, 27), "GB"), "immigration", id="uk-2021-last-day"),
    pytest.param(uk(d(2024, 1, 1), "CA"), "PIPEDA", id="uk-canada"),
    pytest.param(uk(d(2024, 1, 1), "IL"), "automated", id="uk-israel"),
    pytest.param(uk(d(2024, 1, 1), "JP"), "not the public sector", id="uk-japan"),
    pytest.param(uk(d(2022, 12, 19), "KR"), "PIPA", id="uk-korea"),
]


@pytest.mark.parametrize(("facts", "limit"), IN_SCOPE_ROWS)
def test_evaluate_transfer_scope_limited_adequacy_warns_with_the_limit(facts, limit):
    evaluation = evaluate_transfer(facts)

    regime = UK if facts.exporter_country == "GB" else EU
    assert outcome(evaluation) == (True, regime, "adequacy", [("adequacy", INFO), IN_SCOPE])
    assert limit in finding(facts, "adequacy_scope").message


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(eu(d(2025, 12, 28), "GB"), id="uk-renewal"),
        pytest.param(eu(d(2024, 1, 1), "CH"), id="switzerland"),
        pytest.param(eu(d(2026, 1, 26), "BR"), id="brazil"),
        pytest.param(eu(d(2024, 1, 1), "US", **CERT), id="dpf"),
        pytest.param(uk(d(2024, 1, 1), "CH"), id="uk-switzerland"),
        pytest.param(uk(d(2024, 1, 1), "DE"), id="uk-eea"),
        pytest.param(eu(EPO_DAY, "DE", **EPO), id="epo"),
    ],
)
def test_evaluate_transfer_unlimited_adequacy_has_no_scope_warning(facts):
    assert outcome(evaluate_transfer(facts))[2:] == ("adequacy", [("adequacy", INFO)])


def test_evaluate_transfer_adequacy_scope_names_the_decision():
    found = finding(eu(d(2024, 1, 1), "CA"), "adequacy_scope")

    assert (found.message, found.basis) == (
        "The adequacy decision for Canada covers only commercial organisations subject to PIPEDA "
        "(not the public sector, not provinces' laws): confirm that the importer and this "
        "processing are inside it.",
        "GDPR Art. 45; Commission Decision 2002/2/EC",
    )


# --- A fallen US framework -----------------------------------------------------------------------

FALLEN = (False, EU, None, [("framework_invalidated", INFO), NO_MECHANISM])

FALLEN_ROWS = [
    pytest.param(eu(d(2015, 10, 5), "US", **CERT), EU_ADEQUATE, "", id="safe-harbor-last-day"),
    pytest.param(eu(d(2015, 10, 6), "US", **CERT), FALLEN, "C-362/14", id="schrems-i"),
    pytest.param(eu(d(2016, 7, 11), "US", **CERT), FALLEN, "C-362/14", id="before-privacy-shield"),
    pytest.param(eu(d(2016, 7, 12), "US", **CERT), EU_ADEQUATE, "", id="privacy-shield"),
    pytest.param(eu(d(2020, 7, 15), "US", **CERT), EU_ADEQUATE, "", id="privacy-shield-last-day"),
    pytest.param(eu(d(2020, 7, 16), "US", **CERT), FALLEN, "C-311/18", id="schrems-ii"),
    pytest.param(eu(d(2023, 7, 9), "US", **CERT), FALLEN, "C-311/18", id="before-dpf"),
    pytest.param(eu(d(2023, 7, 10), "US", **CERT), EU_ADEQUATE, "", id="dpf"),
    # Only a certified importer was under the framework.
    pytest.param(eu(d(2020, 7, 16), "US"), EU_NOTHING, "", id="uncertified"),
    pytest.param(eu(d(2000, 7, 25), "US", **CERT), EU_NOTHING, "", id="before-any-framework"),
    # Another tool may carry the transfer; the information stays.
    pytest.param(
        eu(d(2021, 1, 1), "US", **CERT, **scc("2010", None, OLD), **TIA),
        (True, EU, "scc", [("framework_invalidated", INFO), ("scc", INFO)]),
        "C-311/18",
        id="schrems-ii-scc",
    ),
    # The UK had no US framework of its own before the UK Extension.
    pytest.param(uk(d(2021, 6, 1), "US", **CERT), UK_NOTHING, "", id="uk-exporter"),
]


@pytest.mark.parametrize(("facts", "expected", "judgment"), FALLEN_ROWS)
def test_evaluate_transfer_framework_invalidated_names_the_judgment(facts, expected, judgment):
    check(facts, expected)
    findings = [f for f in evaluate_transfer(facts).findings if f.code == "framework_invalidated"]
    assert [judgment in f.message and judgment in f.basis for f in findings] == (
        [True] if judgment else []
    )


def test_evaluate_transfer_hypothetical_invalidation_names_no_judgment():
    without_dpf = invalidated(EU_DECISIONS, "eu_us_dpf_2023", d(2025, 3, 1))

    check(eu(d(2025, 3, 1), "US", **CERT), EU_NOTHING, eu_decisions=without_dpf)


# --- Conventions on the unsettled last days ------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "code", "convention"),
    [
        pytest.param(
            eu(d(2022, 12, 27), **scc("2010", None, OLD), **TIA),
            "scc_2010_expired",
            "convention: 2022-12-27 treated as lapsed",
            id="eu-2010",
        ),
        pytest.param(
            uk(d(2024, 3, 21), **scc("2010", None, OLD), **TIA),
            "uk_scc_2010_expired",
            "convention: 2024-03-21 treated as lapsed",
            id="uk-old-scc",
        ),
    ],
)
def test_evaluate_transfer_lapse_findings_show_the_convention(facts, code, convention):
    found = finding(facts, code)

    assert (convention in found.message, convention in found.basis) == (True, True)


# --- Codes and defaults --------------------------------------------------------------------------

V2_CODES = [
    "out_of_scope",
    "scc_2010_no_set_for_roles",
    "dpf_scope_excludes_hr",
    "dpf_scope_unverified",
    "derogation_compelling_duties",
    "adequacy_scope",
    "framework_invalidated",
    "derogation_not_available",
]


@pytest.mark.parametrize("code", V2_CODES)
def test_finding_codes_include_every_v2_code(code):
    assert code in FINDING_CODES


def test_transfer_facts_v2_defaults_reproduce_v1():
    facts = eu(d(2024, 1, 1))

    assert (
        facts.contracts,
        facts.hr_data,
        facts.importer_certified_hr,
        facts.importer_organisation,
    ) == ((), False, None, None)


# --- Territories (domain.md §8.1): attached territories, Gibraltar, the GDPR in the EEA EFTA ----

EU_NOT_A_TRANSFER = (True, EU, "not_a_transfer", [("not_a_transfer", INFO)])

TERRITORY_ROWS = [
    *(
        pytest.param(eu(d(2024, 1, 1), code), EU_NOT_A_TRANSFER, id=f"to-{code.lower()}")
        for code in ("RE", "GP", "MQ", "GF", "YT", "MF", "AX")
    ),
    pytest.param(eu(d(2013, 12, 31), "YT"), EU_NOTHING, id="to-mayotte-before-2014"),
    pytest.param(eu(d(2014, 1, 1), "YT"), EU_NOT_A_TRANSFER, id="to-mayotte-2014"),
    pytest.param(eu(d(2019, 6, 1), "GI"), EU_NOT_A_TRANSFER, id="to-gibraltar-2019"),
    pytest.param(eu(d(2020, 12, 31), "GI"), EU_NOT_A_TRANSFER, id="to-gibraltar-last-day"),
    # No TCA bridge and no EU decision for Gibraltar.
    pytest.param(eu(d(2021, 1, 1), "GI"), EU_NOTHING, id="to-gibraltar-2021"),
    pytest.param(
        TransferFacts(on=d(2024, 1, 1), exporter_country="RE", importer_country="SG"),
        EU_NOTHING,
        id="from-reunion",
    ),
    pytest.param(
        TransferFacts(on=d(2024, 1, 1), exporter_country="AX", importer_country="FR"),
        EU_NOT_A_TRANSFER,
        id="from-aland-to-france",
    ),
    pytest.param(
        TransferFacts(on=d(2020, 12, 31), exporter_country="GI", importer_country="SG"),
        EU_NOTHING,
        id="from-gibraltar-last-day",
    ),
    pytest.param(
        TransferFacts(on=d(2021, 1, 1), exporter_country="GI", importer_country="SG"),
        (None, None, None, [("out_of_scope", INFO)]),
        id="from-gibraltar-2021",
    ),
    # The UK: attached territories are EEA; Gibraltar has its own UK adequacy regulation.
    pytest.param(uk(d(2024, 1, 1), "RE"), UK_ADEQUATE, id="uk-to-reunion"),
    pytest.param(uk(d(2024, 1, 1), "AX"), UK_ADEQUATE, id="uk-to-aland"),
    pytest.param(uk(d(2024, 1, 1), "GI"), UK_ADEQUATE, id="uk-to-gibraltar"),
    # Japan: the designation of the EEA and the UK.
    pytest.param(
        jp(d(2024, 1, 1), "RE"),
        (True, JP, "designated_country", [("designated_country", INFO)]),
        id="jp-to-reunion",
    ),
    pytest.param(
        jp(d(2020, 12, 31), "GI"),
        (True, JP, "designated_country", [("designated_country", INFO)]),
        id="jp-to-gibraltar-last-day",
    ),
    pytest.param(jp(d(2021, 1, 1), "GI"), JP_NOTHING, id="jp-to-gibraltar-2021"),
    # Compelling interests exist where the GDPR applies: Norway from 2018-07-20.
    pytest.param(
        TransferFacts(
            on=d(2018, 7, 19), exporter_country="NO", importer_country="SG", **COMPELLING
        ),
        (False, EU, None, [("derogation_not_available", BLOCKER), NO_MECHANISM]),
        id="norway-before-gdpr",
    ),
    pytest.param(
        TransferFacts(
            on=d(2018, 7, 20), exporter_country="NO", importer_country="SG", **COMPELLING
        ),
        (True, EU, "derogation", COMPELLING_LAWFUL),
        id="norway-gdpr",
    ),
]


@pytest.mark.parametrize(("facts", "expected"), TERRITORY_ROWS)
def test_evaluate_transfer_follows_the_territory_table(facts, expected):
    check(facts, expected)


@pytest.mark.parametrize(
    ("facts", "code", "expected"),
    [
        pytest.param(
            eu(d(2024, 1, 1), "RE"),
            "not_a_transfer",
            "GDPR Art. 44; TFEU Art. 349, 355(1) (outermost region; EEC Treaty Art. 227(2) before)",
            id="reunion",
        ),
        pytest.param(
            eu(d(2020, 12, 31), "GI"),
            "not_a_transfer",
            "GDPR Art. 44; TFEU Art. 355(3); Withdrawal Agreement Art. 3(1)(b), 127; "
            "Withdrawal Agreement Art. 127 (transition period)",
            id="gibraltar-transition",
        ),
        pytest.param(
            TransferFacts(on=d(2018, 7, 19), exporter_country="IS", importer_country="CH"),
            "adequacy",
            "Directive 95/46/EC Art. 25(6); Commission Decision 2000/518/EC",
            id="iceland-before-gdpr",
        ),
        pytest.param(
            TransferFacts(on=d(2018, 7, 20), exporter_country="LI", importer_country="CH"),
            "adequacy",
            "GDPR Art. 45; Commission Decision 2000/518/EC",
            id="liechtenstein-gdpr",
        ),
        pytest.param(
            eu(d(2018, 5, 25), "CH"),
            "adequacy",
            "GDPR Art. 45; Commission Decision 2000/518/EC",
            id="germany-gdpr",
        ),
    ],
)
def test_evaluate_transfer_territory_basis(facts, code, expected):
    assert finding(facts, code).basis == expected
