"""Which countries form the EU, the EEA and the GDPR's territory, and since when.

Pure data with validity periods, so that a question about 2015 gets the answer of 2015. The same
periods are shipped as reference data (``compliance/registry/reference_data/memberships.csv``)
for the
admin; a test keeps the two equal.

Sources: the accession treaties; EEA Agreement (OJ L 1, 3.1.1994) and its enlargement agreements;
Withdrawal Agreement (OJ C 384I, 12.11.2019) Art. 126-127 (the UK left the EU on 2020-01-31 and EU
law, GDPR included, applied to it until the end of the transition period, 2020-12-31).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = [
    "BRUSSELS",
    "EEA_MEMBERSHIP",
    "EU_MEMBERSHIP",
    "GDPR_TERRITORY",
    "Period",
    "in_gdpr_territory",
    "in_gdpr_territory_at",
    "is_member",
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
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a naive datetime cannot be placed in time; give a time zone")
    return in_gdpr_territory(country, at.astimezone(BRUSSELS).date())
