"""Adequacy decisions (GDPR Art. 45, UK GDPR Art. 45) as pure data with validity periods.

A transfer evaluated on a past date must be judged by the decisions in force on that date, so every
decision carries the first and last day on which it could be relied on, not just its adoption date.
The US frameworks show why: Safe Harbor and Privacy Shield were struck down by the CJEU with
immediate effect (C-362/14 "Schrems I", C-311/18 "Schrems II").

The EEA is not listed here: inside it there is no transfer for the EU, and the UK recognises EEA
states by territory (DPA 2018 Sch. 21 para. 5); both come from ``compliance.rules.territories``.

Sources: the Commission decisions (EUR-Lex, CELEX numbers given per row); DPA 2018 Sch. 21 para. 5
(inserted by SI 2019/419); SI 2022/1213; SI 2023/1028.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from compliance.rules.text import Text

__all__ = [
    "EU_DECISIONS",
    "HR_DATA_PROVISIONS",
    "INVALIDATING_JUDGMENTS",
    "SCOPE_LIMITS",
    "UK_DECISIONS",
    "AdequacyDecision",
    "AdequacyRegime",
    "decisions_in_force",
    "invalidated",
]

AdequacyRegime = Literal["EU", "UK"]

_KEY = re.compile(r"[a-z][a-z0-9_]*")
_JURISDICTION = re.compile(r"[A-Z]{2,}")


@dataclass(frozen=True, slots=True)
class AdequacyDecision:
    """One adequacy decision; ``valid_to`` is the last day it could be relied on (None: open)."""

    key: str
    regime: AdequacyRegime
    jurisdiction: str
    title: str
    reference: str
    adopted: date
    valid_from: date
    valid_to: date | None
    scope: str
    requires_certification: bool
    source: str

    def __post_init__(self) -> None:
        if not _KEY.fullmatch(self.key):
            raise ValueError(f"adequacy decision key {self.key!r} must be snake_case")
        if self.regime not in ("EU", "UK"):
            raise ValueError(f"{self.key}: regime must be 'EU' or 'UK', not {self.regime!r}")
        if not _JURISDICTION.fullmatch(self.jurisdiction):
            raise ValueError(
                f"{self.key}: jurisdiction {self.jurisdiction!r} must be an upper-case code"
            )
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(
                f"{self.key}: valid_to {self.valid_to} is before valid_from {self.valid_from}"
            )

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def _eu(
    key: str,
    jurisdiction: str,
    title: str,
    reference: str,
    adopted: date,
    scope: str,
    celex: str,
    *,
    valid_from: date | None = None,
    valid_to: date | None = None,
    requires_certification: bool = False,
    note: str = "",
) -> AdequacyDecision:
    # Unless stated otherwise, a Commission decision is relied on from the day it is adopted:
    # that is the date the Commission and the EDPB publish as the decision's date.
    source = f"EUR-Lex CELEX {celex}" if celex else "European Commission, adequacy decisions"
    return AdequacyDecision(
        key=key,
        regime="EU",
        jurisdiction=jurisdiction,
        title=title,
        reference=reference,
        adopted=adopted,
        valid_from=valid_from or adopted,
        valid_to=valid_to,
        scope=scope,
        requires_certification=requires_certification,
        source=f"{source}; {note}" if note else source,
    )


def _decision(number: str) -> Text:
    return Text("Commission Decision {number}", number=number)


def _implementing(number: str) -> Text:
    return Text("Commission Implementing Decision {number}", number=number)


def _implementing_eu(number: str) -> Text:
    return Text("Commission Implementing Decision (EU) {number}", number=number)


# Scopes written as sentences (``Text``), so that findings quoting them read in every language.
_AUTOMATED = Text("automated international transfers and their automated processing")
_PIPA_PROCESSING = Text("processing subject to the Personal Information Protection Act (PIPA)")

# Decisions adopted under Directive 95/46/EC Art. 25(6) stay in force under the GDPR (Art. 45(9)).
_KEPT = "kept in force by GDPR Art. 45(9)"
_ALL = Text("all personal data")

EU_DECISIONS: tuple[AdequacyDecision, ...] = (
    _eu("eu_switzerland_2000", "CH", Text("Switzerland"), _decision("2000/518/EC"),
        date(2000, 7, 26), _ALL, "32000D0518", note=_KEPT),
    _eu("eu_canada_2001", "CA", Text("Canada"), _decision("2002/2/EC"),
        date(2001, 12, 20), Text("commercial organisations subject to PIPEDA only"), "32002D0002",
        note=_KEPT),
    _eu("eu_argentina_2003", "AR", Text("Argentina"), _decision("2003/490/EC"),
        date(2003, 6, 30), _ALL, "32003D0490", note=_KEPT),
    _eu("eu_guernsey_2003", "GG", Text("Guernsey"), _decision("2003/821/EC"),
        date(2003, 11, 21), _ALL, "32003D0821", note=_KEPT),
    _eu("eu_isle_of_man_2004", "IM", Text("Isle of Man"), _decision("2004/411/EC"),
        date(2004, 4, 28), _ALL, "32004D0411", note=_KEPT),
    _eu("eu_jersey_2008", "JE", Text("Jersey"), _decision("2008/393/EC"),
        date(2008, 5, 8), _ALL, "32008D0393", note=_KEPT),
    _eu("eu_faroe_islands_2010", "FO", Text("Faroe Islands"), _decision("2010/146/EU"),
        date(2010, 3, 5), _ALL, "32010D0146", note=_KEPT),
    _eu("eu_andorra_2010", "AD", Text("Andorra"), _decision("2010/625/EU"),
        date(2010, 10, 19), _ALL, "32010D0625", note=_KEPT),
    _eu("eu_israel_2011", "IL", Text("Israel"), _decision("2011/61/EU"),
        date(2011, 1, 31), _AUTOMATED,
        "32011D0061", note=_KEPT),
    _eu("eu_uruguay_2012", "UY", Text("Uruguay"), _implementing("2012/484/EU"),
        date(2012, 8, 21), _ALL, "32012D0484", note=_KEPT),
    _eu("eu_new_zealand_2012", "NZ", Text("New Zealand"), _implementing("2013/65/EU"),
        date(2012, 12, 19), _ALL, "32013D0065", note=_KEPT),
    _eu("eu_us_safe_harbor", "US", Text("United States (Safe Harbor)"), _decision("2000/520/EC"),
        date(2000, 7, 26),
        Text("organisations self-certified to the Safe Harbor Privacy Principles"),
        "32000D0520", valid_to=date(2015, 10, 5), requires_certification=True,
        note="invalidated with immediate effect by CJEU C-362/14 (Schrems I), 2015-10-06"),
    _eu("eu_us_privacy_shield", "US", Text("United States (EU-US Privacy Shield)"),
        _implementing_eu("2016/1250"), date(2016, 7, 12),
        Text("organisations self-certified to the Privacy Shield Principles"), "32016D1250",
        valid_to=date(2020, 7, 15), requires_certification=True,
        note="invalidated without grace period by CJEU C-311/18 (Schrems II), 2020-07-16"),
    _eu("eu_japan_2019", "JP", Text("Japan"), _implementing_eu("2019/419"),
        date(2019, 1, 23),
        Text("private-sector business operators under the APPI; the PPC Supplementary Rules "
             "apply to data received from the EU"), "32019D0419"),
    # The 2021 UK decision had a four-year sunset (Art. 4: 2025-06-27), extended by six months to
    # 2025-12-27; the renewal takes over the next day, so EU-to-UK adequacy has no gap.
    _eu("eu_uk_2021", "GB", Text("United Kingdom"), _implementing_eu("2021/1772"),
        date(2021, 6, 28), Text("all personal data except for UK immigration control"),
        "32021D1772",
        valid_to=date(2025, 12, 27),
        note="sunset 2025-06-27 extended to 2025-12-27 (Commission decision of June 2025)"),
    _eu("eu_uk_2025", "GB", Text("United Kingdom (renewal)"),
        Text("Commission Implementing Decision of 19 December 2025 renewing Decision (EU) "
             "2021/1772"),
        date(2025, 12, 19), _ALL, "", valid_from=date(2025, 12, 28),
        valid_to=date(2031, 12, 27), note="renewed for six years, until 2031-12-27"),
    _eu("eu_korea_2021", "KR", Text("Republic of Korea"),
        _implementing_eu("2022/254"), date(2021, 12, 17),
        _PIPA_PROCESSING, "32022D0254"),
    _eu("eu_us_dpf_2023", "US", Text("United States (EU-US Data Privacy Framework)"),
        _implementing_eu("2023/1795"), date(2023, 7, 10),
        Text("organisations with active DPF certification covering the data transferred"),
        "32023D1795", requires_certification=True),
    _eu("eu_epo_2025", "EPO", Text("European Patent Organisation"),
        Text("Commission Implementing Decision of 15 July 2025 (European Patent Organisation)"),
        date(2025, 7, 15), Text("international organisation: processing under the EPO Data "
        "Protection Rules"), "", note="first adequacy decision for an international organisation"),
    _eu("eu_brazil_2026", "BR", Text("Brazil"), _implementing_eu("2026/179"),
        date(2026, 1, 26), Text("processing subject to the LGPD (mutual adequacy)"), "32026D0179"),
)  # fmt: skip

# The UK kept, as its own adequacy regulations, every EU decision in force at the end of the
# transition period (DPA 2018 Sch. 21 para. 5), plus Gibraltar. The first UK day is 2021-01-01.
_UK_TRANSITION_START = date(2021, 1, 1)
_SCH21 = Text("DPA 2018 Sch. 21 para. 5 (inserted by SI 2019/419)")


def _uk_kept(key: str, jurisdiction: str, title: str, scope: str) -> AdequacyDecision:
    # No separate UK act was adopted for these: the recognition applies from the first day of UK
    # GDPR, so adopted = valid_from = 2021-01-01.
    return AdequacyDecision(
        key=key,
        regime="UK",
        jurisdiction=jurisdiction,
        title=title,
        reference=_SCH21,
        adopted=_UK_TRANSITION_START,
        valid_from=_UK_TRANSITION_START,
        valid_to=None,
        scope=scope,
        requires_certification=False,
        source=f"{_SCH21}; ICO guidance on adequacy regulations",
    )


UK_DECISIONS: tuple[AdequacyDecision, ...] = (
    _uk_kept("uk_gibraltar", "GI", Text("Gibraltar"), _ALL),
    *(
        _uk_kept(
            "uk_" + eu.key.removeprefix("eu_").rsplit("_", 1)[0],
            eu.jurisdiction,
            eu.title,
            eu.scope,
        )
        for eu in EU_DECISIONS
        if eu.in_force(_UK_TRANSITION_START - timedelta(days=1))
    ),
    AdequacyDecision(
        key="uk_korea_2022",
        regime="UK",
        jurisdiction="KR",
        title=Text("Republic of Korea"),
        reference="Data Protection (Adequacy) (Republic of Korea) Regulations 2022 (SI 2022/1213)",
        adopted=date(2022, 11, 21),
        valid_from=date(2022, 12, 19),
        valid_to=None,
        scope=Text("persons subject to PIPA, including personal credit information"),
        requires_certification=False,
        source="legislation.gov.uk/uksi/2022/1213",
    ),
    AdequacyDecision(
        key="uk_us_data_bridge",
        regime="UK",
        jurisdiction="US",
        title=Text("United States (UK Extension to the EU-US Data Privacy Framework)"),
        reference="Data Protection (Adequacy) (United States of America) Regulations 2023 "
        "(SI 2023/1028)",
        adopted=date(2023, 9, 21),
        valid_from=date(2023, 10, 12),
        valid_to=None,
        scope=Text("organisations on the DPF List participating in the UK Extension"),
        requires_certification=True,
        source="legislation.gov.uk/uksi/2023/1028",
    ),
)


# Decisions that cover only part of what is processed in the jurisdiction (domain.md §8.3): the DPO
# must confirm that the importer is inside the limit. Keyed by decision key; the UK kept the EU
# decisions with their scope (DPA 2018 Sch. 21 para. 5). The 2025 UK renewal has no such limit.
_PIPEDA = Text(
    "commercial organisations subject to PIPEDA (not the public sector, not provinces' laws)"
)
_APPI = Text("business operators under the APPI (private sector), not the public sector")
SCOPE_LIMITS: dict[str, str] = {
    "eu_canada_2001": _PIPEDA,
    "uk_canada": _PIPEDA,
    "eu_israel_2011": _AUTOMATED,
    "uk_israel": _AUTOMATED,
    "eu_japan_2019": _APPI,
    "uk_japan": _APPI,
    "eu_korea_2021": _PIPA_PROCESSING,
    "uk_korea_2022": Text("persons subject to the Personal Information Protection Act (PIPA)"),
    "eu_uk_2021": Text(
        "not personal data processed under the UK immigration exemption (DPA 2018 Sch. 2 para. 4)"
    ),
}

# The US frameworks the CJEU struck down, with the judgment, for the finding that an importer's
# certification under them no longer counts.
INVALIDATING_JUDGMENTS: dict[str, str] = {
    "eu_us_safe_harbor": Text("CJEU C-362/14 (Schrems I), judgment of 2015-10-06"),
    "eu_us_privacy_shield": Text("CJEU C-311/18 (Schrems II), judgment of 2020-07-16"),
}

# Certification-based decisions cover human-resources data only for organisations that certified
# for it (each framework's principle on HR data).
HR_DATA_PROVISIONS: dict[str, str] = {
    "eu_us_safe_harbor": Text(
        "{decision}, Annex II, FAQ 9 (human resources)", decision=_decision("2000/520/EC")
    ),
    "eu_us_privacy_shield": Text(
        "{decision}, Annex II, Supplemental Principle 9 (human resources data)",
        decision=_implementing_eu("2016/1250"),
    ),
    "eu_us_dpf_2023": Text(
        "{decision}, Annex I, Supplemental Principle 9 (human resources data)",
        decision=_implementing_eu("2023/1795"),
    ),
    "uk_us_data_bridge": Text(
        "SI 2023/1028, reg. 2 (UK Extension to the DPF); DPF Supplemental "
        "Principle 9 (human resources data)"
    ),
}


def decisions_in_force(
    decisions: Iterable[AdequacyDecision], jurisdiction: str, on: date
) -> tuple[AdequacyDecision, ...]:
    """The decisions covering ``jurisdiction`` that could be relied on on ``on``, in table order."""
    return tuple(d for d in decisions if d.jurisdiction == jurisdiction and d.in_force(on))


def invalidated(
    decisions: Iterable[AdequacyDecision], key: str, from_date: date
) -> tuple[AdequacyDecision, ...]:
    """A copy of ``decisions`` where decision ``key`` can no longer be relied on from ``from_date``.

    For "what if decision X were struck down on D" questions: like Schrems I and II, the
    invalidation is immediate, so the decision's last day becomes D - 1. An earlier end stays as it
    was (invalidating never extends a decision); a decision that would not have started before D is
    left out entirely, since it would never have been in force.
    """
    rows = tuple(decisions)
    if not any(d.key == key for d in rows):
        raise ValueError(f"no adequacy decision with key {key!r}")
    last_day = from_date - timedelta(days=1)
    result: list[AdequacyDecision] = []
    for d in rows:
        if d.key != key or (d.valid_to is not None and d.valid_to <= last_day):
            result.append(d)
        elif d.valid_from <= last_day:
            result.append(replace(d, valid_to=last_day))
    return tuple(result)
