"""Which countries form the EU, the EEA and the GDPR's territory, and since when.

Pure data with validity periods, so that a question about 2015 gets the answer of 2015. The same
periods are shipped as reference data (``compliance/registry/reference_data/memberships.csv``)
for the
admin; a test keeps the two equal.

Sources: the accession treaties; EEA Agreement (OJ L 1, 3.1.1994) and its enlargement agreements;
Withdrawal Agreement (OJ C 384I, 12.11.2019) Art. 126-127 (the UK left the EU on 2020-01-31 and EU
law, GDPR included, applied to it until the end of the transition period, 2020-12-31).

Territories with their own ISO 3166-1 code that are part of a member state for EU law
(``ATTACHED_TERRITORIES``): the French outermost regions and Saint-Martin (TFEU Art. 349, 355(1)),
the Åland Islands (TFEU Art. 355(4), Protocol No 2 to the 1994 Act of Accession) and, while the UK
was in, Gibraltar (TFEU Art. 355(3)). ``territory_state`` resolves them; ``in_eu``, ``in_eea``,
``gdpr_authority_country`` and ``under_gdpr`` answer for any code, attached or not.

The GDPR itself (as opposed to the EEA's data-protection area, which Directive 95/46/EC formed
before it) applies from 2018-05-25 in the EU and from 2018-07-20 in Iceland, Liechtenstein and
Norway, when EEA Joint Committee Decision 154/2018 incorporated it into the EEA Agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from compliance.rules.text import Text

__all__ = [
    "ATTACHED_TERRITORIES",
    "BRUSSELS",
    "EEA_EFTA_STATES",
    "EEA_MEMBERSHIP",
    "EU_MEMBERSHIP",
    "GDPR_APPLIES_FROM",
    "GDPR_APPLIES_IN_EEA_EFTA_FROM",
    "GDPR_IN_EEA_EFTA_SOURCE",
    "GDPR_TERRITORY",
    "Attachment",
    "Period",
    "brussels_day",
    "gdpr_authority_country",
    "gdpr_authority_country_at",
    "in_eea",
    "in_eu",
    "in_gdpr_territory",
    "in_gdpr_territory_at",
    "is_member",
    "territory_state",
    "under_gdpr",
    "under_gdpr_at",
]

BRUSSELS = ZoneInfo("Europe/Brussels")


@dataclass(frozen=True, slots=True)
class Period:
    """A closed interval of days; ``end`` None means still running."""

    start: date
    end: date | None = None
    source: str = ""

    def contains(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


_FOUNDERS = ("BE", "DE", "FR", "IT", "LU", "NL")

EU_MEMBERSHIP: dict[str, Period] = {
    **{c: Period(date(1958, 1, 1), None, "Treaty of Rome") for c in _FOUNDERS},
    "DK": Period(date(1973, 1, 1), None, "1972 Act of Accession"),
    "IE": Period(date(1973, 1, 1), None, "1972 Act of Accession"),
    "GB": Period(
        date(1973, 1, 1), date(2020, 1, 31), "1972 Act of Accession; Withdrawal Agreement Art. 185"
    ),
    "GR": Period(date(1981, 1, 1), None, "1979 Act of Accession"),
    "ES": Period(date(1986, 1, 1), None, "1985 Act of Accession"),
    "PT": Period(date(1986, 1, 1), None, "1985 Act of Accession"),
    **{c: Period(date(1995, 1, 1), None, "1994 Act of Accession") for c in ("AT", "FI", "SE")},
    **{
        c: Period(date(2004, 5, 1), None, "2003 Act of Accession")
        for c in ("CY", "CZ", "EE", "HU", "LV", "LT", "MT", "PL", "SK", "SI")
    },
    "BG": Period(date(2007, 1, 1), None, "2005 Act of Accession"),
    "RO": Period(date(2007, 1, 1), None, "2005 Act of Accession"),
    "HR": Period(date(2013, 7, 1), None, "2012 Act of Accession"),
}

_EEA_1994 = ("BE", "DE", "FR", "IT", "LU", "NL", "DK", "IE", "GB", "GR", "ES", "PT", "IS", "NO")

EEA_MEMBERSHIP: dict[str, Period] = {
    **{c: Period(date(1994, 1, 1), None, "EEA Agreement") for c in _EEA_1994},
    "GB": Period(date(1994, 1, 1), date(2020, 1, 31), "EEA Agreement; Withdrawal Agreement"),
    **{c: Period(date(1995, 1, 1), None, "EU accession 1995") for c in ("AT", "FI", "SE")},
    "LI": Period(date(1995, 5, 1), None, "EEA Council Decision 1/95"),
    **{
        c: Period(date(2004, 5, 1), None, "2004 EEA Enlargement Agreement")
        for c in ("CY", "CZ", "EE", "HU", "LV", "LT", "MT", "PL", "SK", "SI")
    },
    "BG": Period(date(2007, 8, 1), None, "2007 EEA Enlargement Agreement"),
    "RO": Period(date(2007, 8, 1), None, "2007 EEA Enlargement Agreement"),
    "HR": Period(date(2014, 4, 12), None, "2014 EEA Enlargement Agreement (provisional)"),
}

# Where the GDPR (and before it Directive 95/46/EC) governs transfers: every EU member from its
# accession and every EEA state from its EEA entry (EU law binds a new member before the EEA
# enlargement agreement takes effect, e.g. Croatia 2013-07-01 / 2014-04-12), plus the UK during
# the transition period (Withdrawal Agreement Art. 127: EU law applied until 2020-12-31).
GDPR_TERRITORY: dict[str, Period] = {
    code: Period(
        min(p.start for p in periods),
        None if any(p.end is None for p in periods) else max(p.end for p in periods if p.end),
        "; ".join(dict.fromkeys(p.source for p in periods)),
    )
    for code in sorted(set(EU_MEMBERSHIP) | set(EEA_MEMBERSHIP))
    for periods in [[t[code] for t in (EU_MEMBERSHIP, EEA_MEMBERSHIP) if code in t]]
}
GDPR_TERRITORY["GB"] = Period(
    date(1973, 1, 1), date(2020, 12, 31), "1972 Act of Accession; Withdrawal Agreement Art. 127"
)


# The GDPR's own start (Art. 99(2)) and its start in the three EEA EFTA states.
GDPR_APPLIES_FROM = date(2018, 5, 25)
GDPR_APPLIES_IN_EEA_EFTA_FROM = date(2018, 7, 20)
EEA_EFTA_STATES = frozenset({"IS", "LI", "NO"})
GDPR_IN_EEA_EFTA_SOURCE = "EEA Joint Committee Decision 154/2018 (GDPR in the EEA from 2018-07-20)"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A territory with its own ISO code that shares a member state's EU status.

    ``state`` is the member state it belongs to for EU law during ``period``; ``authority_country``
    is the country whose supervisory authority is competent there (the state's own for the
    outermost regions and Åland; Gibraltar had its own, the Gibraltar Regulatory Authority).
    """

    state: str
    authority_country: str
    period: Period


# Cited in ``explain`` (gdpr.territory_notes): a Text, worded in the reader's language.
_OUTERMOST = Text("TFEU Art. 349, 355(1) (outermost region; EEC Treaty Art. 227(2) before)")

ATTACHED_TERRITORIES: dict[str, Attachment] = {
    **{
        code: Attachment("FR", "FR", Period(date(1958, 1, 1), None, _OUTERMOST))
        for code in ("GP", "GF", "MQ", "RE")
    },
    # Part of Guadeloupe until 2007, then a separate collectivity kept in the Union (TFEU Art. 349).
    "MF": Attachment("FR", "FR", Period(date(1958, 1, 1), None, _OUTERMOST)),
    "YT": Attachment(
        "FR",
        "FR",
        Period(date(2014, 1, 1), None, "European Council Decision 2012/419/EU; " + _OUTERMOST),
    ),
    "AX": Attachment(
        "FI",
        "FI",
        Period(
            date(1995, 1, 1),
            None,
            Text("TFEU Art. 355(4); Protocol No 2 to the 1994 Act of Accession"),
        ),
    ),
    "GI": Attachment(
        "GB",
        "GI",
        Period(
            date(1973, 1, 1),
            date(2020, 12, 31),
            "TFEU Art. 355(3); Withdrawal Agreement Art. 3(1)(b), 127",
        ),
    ),
}


def territory_state(country: str, on: date) -> str:
    """The state whose EU and EEA status ``country`` shares on ``on``.

    ``RE`` → ``FR``, ``AX`` → ``FI``, ``GI`` → ``GB`` up to 2020-12-31; any other code (and an
    attached territory outside its period, e.g. Mayotte before 2014) is its own state.
    """
    code = country.upper()
    attachment = ATTACHED_TERRITORIES.get(code)
    if attachment is not None and attachment.period.contains(on):
        return attachment.state
    return code


def _authority_country(country: str, on: date) -> str:
    code = country.upper()
    attachment = ATTACHED_TERRITORIES.get(code)
    if attachment is not None and attachment.period.contains(on):
        return attachment.authority_country
    return code


def in_eu(country: str, on: date) -> bool:
    """True when ``country`` (or the member state it belongs to) was in the EU on ``on``."""
    return is_member(EU_MEMBERSHIP, territory_state(country, on), on)


def in_eea(country: str, on: date) -> bool:
    """True when ``country`` (or the state it belongs to) was in the EEA on ``on``."""
    return is_member(EEA_MEMBERSHIP, territory_state(country, on), on)


def under_gdpr(country: str, on: date) -> bool:
    """True when the GDPR itself applied in ``country`` on ``on``.

    From 2018-05-25 in the EU (the UK until 2020-12-31, Withdrawal Agreement Art. 127) and its
    attached territories; from 2018-07-20 in Iceland, Liechtenstein and Norway.
    """
    return gdpr_authority_country(country, on) is not None


def gdpr_authority_country(country: str, on: date) -> str | None:
    """The country of the supervisory authority competent under the GDPR in ``country`` on ``on``,
    or None when the GDPR did not apply there that day.

    ``RE`` → ``FR``, ``AX`` → ``FI``; ``GI`` → ``GI`` up to 2020-12-31; ``NO`` → None before
    2018-07-20.
    """
    if on < GDPR_APPLIES_FROM:
        return None
    state = territory_state(country, on)
    if not in_gdpr_territory(state, on):
        return None
    if state in EEA_EFTA_STATES and on < GDPR_APPLIES_IN_EEA_EFTA_FROM:
        return None
    return _authority_country(country, on)


def brussels_day(at: datetime) -> date:
    """The Brussels calendar day of an aware instant (the day EU dates are read on)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a naive datetime cannot be placed in time; give a time zone")
    return at.astimezone(BRUSSELS).date()


def under_gdpr_at(country: str, at: datetime) -> bool:
    """``under_gdpr`` for an instant, judged on the Brussels calendar day."""
    return under_gdpr(country, brussels_day(at))


def gdpr_authority_country_at(country: str, at: datetime) -> str | None:
    """``gdpr_authority_country`` for an instant, judged on the Brussels calendar day."""
    return gdpr_authority_country(country, brussels_day(at))


def is_member(table: dict[str, Period], country: str, on: date) -> bool:
    period = table.get(country.upper())
    return period is not None and period.contains(on)


def in_gdpr_territory(country: str, on: date) -> bool:
    """True when ``country`` belonged to the EEA (or the UK to the transition period) on ``on``."""
    return is_member(GDPR_TERRITORY, country, on)


def in_gdpr_territory_at(country: str, at: datetime) -> bool:
    """The same for an instant, judged on the Brussels calendar day.

    The transition period ended at midnight Brussels time (2020-12-31T23:00Z), so an instant is
    converted to Brussels before its day is looked up. ``at`` must be aware.
    """
    return in_gdpr_territory(country, brussels_day(at))
