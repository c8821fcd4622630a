"""Clocks and checks of the BCR approval procedure (GDPR Art. 47, 64, 65). Pure: no ORM, no now().

The procedure: the BCR Lead submits its draft decision to the EDPB (Art. 64(1)(f)); the EDPB gives
its opinion within 8 weeks of a complete file, extendable by 6 weeks (Art. 64(3)); the Lead may not
adopt its decision before that (Art. 64(6)); within 2 weeks of receiving the opinion the Lead tells
the EDPB whether it follows it (Art. 64(7)); if not, the dispute resolution of Art. 65 applies
(binding decision within 1 month of the referral, extendable by 1 month, Art. 65(2)).

Date arithmetic is a **convention** stated in every basis: periods are counted on the calendar as
in Regulation (EEC, Euratom) No 1182/71 Art. 3(2)(c) — n weeks end on the same weekday 7·n days
later; n months end on the same day of the month n months later, or on the last day of that month
when it has no such day (31 Jan + 1 month = 28/29 Feb). The end is not moved off week-ends or
holidays (Art. 3(4) of that Regulation is not applied), and an extension is counted from the
start of the period, not from the end of the first one (so clamping never compounds).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

EDPB_OPINION = "bcr.edpb_opinion"
LEAD_RESPONSE = "bcr.lead_response"
ART65_DECISION = "bcr.art65_decision"
ANNUAL_UPDATE = "bcr.annual_update"

CONVENTION = (
    "Convention: calendar arithmetic as in Regulation 1182/71 Art. 3(2)(c) (weeks = 7·n days; "
    "months by calendar month, end of month clamped); no extension for week-ends or holidays."
)

OPINION_WEEKS = 8
OPINION_EXTENSION_WEEKS = 6
RESPONSE_WEEKS = 2
DISPUTE_MONTHS = 1
DISPUTE_EXTENSION_MONTHS = 1
ANNUAL_MONTHS = 12

MIN_CO_REVIEWERS = 1
MAX_CO_REVIEWERS = 2

# GDPR Art. 47(2): what approved BCRs must at least specify. Shipped as data: the checklist of an
# application is created from this table.
ART_47_2_ITEMS: tuple[tuple[str, str], ...] = (
    ("a", "the structure and contact details of the group and of each of its members"),
    (
        "b",
        "the data transfers or set of transfers, including the categories of personal data, the "
        "type of processing and its purposes, the type of data subjects affected and the "
        "identification of the third country or countries in question",
    ),
    ("c", "their legally binding nature, both internally and externally"),
    (
        "d",
        "the application of the general data protection principles, in particular purpose "
        "limitation, data minimisation, limited storage periods, data quality, data protection by "
        "design and by default, legal basis for processing, processing of special categories of "
        "personal data, measures to ensure data security, and the requirements in respect of "
        "onward transfers to bodies not bound by the binding corporate rules",
    ),
    (
        "e",
        "the rights of data subjects in regard to processing and the means to exercise those "
        "rights, including the right not to be subject to decisions based solely on automated "
        "processing, the right to lodge a complaint and to obtain redress and compensation",
    ),
    (
        "f",
        "the acceptance by the controller or processor established in a Member State of liability "
        "for any breaches of the binding corporate rules by any member concerned not established "
        "in the Union",
    ),
    (
        "g",
        "how the information on the binding corporate rules, in particular on points (d), (e) and "
        "(f), is provided to the data subjects in addition to Articles 13 and 14",
    ),
    (
        "h",
        "the tasks of any data protection officer or any other person or entity in charge of "
        "monitoring compliance with the binding corporate rules, training and complaint-handling",
    ),
    ("i", "the complaint procedures"),
    (
        "j",
        "the mechanisms within the group for ensuring the verification of compliance with the "
        "binding corporate rules (data protection audits and methods for corrective actions)",
    ),
    (
        "k",
        "the mechanisms for reporting and recording changes to the rules and reporting those "
        "changes to the supervisory authority",
    ),
    (
        "l",
        "the cooperation mechanism with the supervisory authority to ensure compliance by any "
        "member of the group",
    ),
    (
        "m",
        "the mechanisms for reporting to the competent supervisory authority any legal "
        "requirements to which a member is subject in a third country which are likely to have a "
        "substantial adverse effect on the guarantees provided by the binding corporate rules",
    ),
    (
        "n",
        "the appropriate data protection training to personnel having permanent or regular "
        "access to personal data",
    ),
)


@dataclass(frozen=True)
class Clock:
    """One statutory period of the procedure: when it started, when it ends, whether it was met.

    ``due_on`` is the last day on which the act is in time.
    """

    kind: str
    starts_on: date
    due_on: date
    basis: str
    met_on: date | None = None

    def is_overdue(self, on: date) -> bool:
        """Still open after its last day."""
        return self.met_on is None and on > self.due_on

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.due_on


@dataclass(frozen=True)
class Check:
    """The answer to "may this step happen?", with the reason and its legal source."""

    allowed: bool
    reason: str
    basis: str


@dataclass(frozen=True)
class ProcedureFacts:
    """The dates of one run of an application that the clocks depend on (None = not yet)."""

    file_complete_on: date | None = None
    opinion_extended: bool = False
    opinion_on: date | None = None
    response_on: date | None = None
    dispute_referred_on: date | None = None
    dispute_extended: bool = False
    dispute_decided_on: date | None = None


def add_weeks(start: date, weeks: int) -> date:
    return start + timedelta(days=7 * weeks)


def add_months(start: date, months: int) -> date:
    """Same day of the month ``months`` later, or the last day of that month (clamped)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def edpb_opinion_clock(
    *, file_complete_on: date, extended: bool = False, opinion_on: date | None = None
) -> Clock:
    weeks = OPINION_WEEKS + (OPINION_EXTENSION_WEEKS if extended else 0)
    extension = f", extended by {OPINION_EXTENSION_WEEKS} weeks for complexity" if extended else ""
    return Clock(
        kind=EDPB_OPINION,
        starts_on=file_complete_on,
        due_on=add_weeks(file_complete_on, weeks),
        basis=(
            f"GDPR Art. 64(3): EDPB opinion within {OPINION_WEEKS} weeks{extension} ({weeks} weeks "
            "from the day the file is complete; EDPB Rules of Procedure Art. 10(2)). " + CONVENTION
        ),
        met_on=opinion_on,
    )


def lead_response_clock(*, opinion_on: date, response_on: date | None = None) -> Clock:
    return Clock(
        kind=LEAD_RESPONSE,
        starts_on=opinion_on,
        due_on=add_weeks(opinion_on, RESPONSE_WEEKS),
        basis=(
            f"GDPR Art. 64(7): within {RESPONSE_WEEKS} weeks of receiving the opinion the lead "
            "authority tells the EDPB Chair whether it maintains or amends its draft decision "
            "(counted from the date of the opinion). " + CONVENTION
        ),
        met_on=response_on,
    )


def dispute_clock(
    *, referred_on: date, extended: bool = False, decided_on: date | None = None
) -> Clock:
    months = DISPUTE_MONTHS + (DISPUTE_EXTENSION_MONTHS if extended else 0)
    extension = f", extended by {DISPUTE_EXTENSION_MONTHS} month for complexity" if extended else ""
    return Clock(
        kind=ART65_DECISION,
        starts_on=referred_on,
        due_on=add_months(referred_on, months),
        basis=(
            f"GDPR Art. 64(8), 65(1)(c), 65(2): EDPB binding decision within {DISPUTE_MONTHS} "
            f"month{extension} of the referral. " + CONVENTION
        ),
        met_on=decided_on,
    )


def annual_update_clock(
    *, approved_on: date, last_update_on: date | None = None, sent_on: date | None = None
) -> Clock:
    start = last_update_on or approved_on
    since = "the last annual update" if last_update_on else "the approval"
    return Clock(
        kind=ANNUAL_UPDATE,
        starts_on=start,
        due_on=add_months(start, ANNUAL_MONTHS),
        basis=(
            "GDPR Art. 47(2)(k); EDPB Recommendations 1/2022 (BCR-C) and WP257 rev.01 (BCR-P): "
            "changes to the BCRs and the updated list of members are reported to the BCR Lead "
            f"at least once a year (due one year after {since}). " + CONVENTION
        ),
        met_on=sent_on,
    )


def procedure_clocks(facts: ProcedureFacts) -> tuple[Clock, ...]:
    """The clocks that have started in this run of the procedure, in procedure order."""
    clocks: list[Clock] = []
    if facts.file_complete_on is not None:
        clocks.append(
            edpb_opinion_clock(
                file_complete_on=facts.file_complete_on,
                extended=facts.opinion_extended,
                opinion_on=facts.opinion_on,
            )
        )
    if facts.opinion_on is not None:
        clocks.append(
            lead_response_clock(opinion_on=facts.opinion_on, response_on=facts.response_on)
        )
    if facts.dispute_referred_on is not None:
        clocks.append(
            dispute_clock(
                referred_on=facts.dispute_referred_on,
                extended=facts.dispute_extended,
                decided_on=facts.dispute_decided_on,
            )
        )
    return tuple(clocks)


def approval_check(
    *,
    approve_on: date,
    opinion_on: date | None,
    in_dispute: bool = False,
    dispute_decided_on: date | None = None,
) -> Check:
    """May the lead authority approve on ``approve_on``? Never before the EDPB opinion."""
    if opinion_on is None:
        return Check(
            False,
            "No EDPB opinion has been recorded: the lead authority may not approve the BCRs "
            "before the EDPB has given its opinion.",
            "GDPR Art. 64(1)(f), 64(6)",
        )
    if approve_on < opinion_on:
        return Check(
            False,
            f"The approval date {approve_on.isoformat()} is before the EDPB opinion of "
            f"{opinion_on.isoformat()}.",
            "GDPR Art. 64(6)",
        )
    if in_dispute:
        if dispute_decided_on is None:
            return Check(
                False,
                "The lead authority did not follow the opinion: record the EDPB's binding "
                "decision before approving.",
                "GDPR Art. 64(8), 65(1), 65(6)",
            )
        if approve_on < dispute_decided_on:
            return Check(
                False,
                f"The approval date {approve_on.isoformat()} is before the EDPB's binding "
                f"decision of {dispute_decided_on.isoformat()}.",
                "GDPR Art. 65(6)",
            )
    return Check(True, "", "GDPR Art. 47(1), 64(6)")


def co_reviewer_check(count: int) -> Check:
    """The co-operation procedure asks for one or two co-reviewer authorities."""
    basis = "EDPB BCR co-operation procedure (March 2025; formerly WP263 rev.01)"
    if count < MIN_CO_REVIEWERS:
        return Check(False, "Name at least one co-reviewer authority.", basis)
    if count > MAX_CO_REVIEWERS:
        return Check(False, f"Name one or two co-reviewer authorities, not {count}.", basis)
    return Check(True, "", basis)


def submission_check(open_items: tuple[str, ...]) -> Check:
    """The draft goes to the EDPB only when every Art. 47(2) element is covered."""
    if open_items:
        listed = ", ".join(f"({letter})" for letter in open_items)
        return Check(
            False,
            f"Art. 47(2) checklist items still open: {listed}. Record the evidence for each "
            "before submitting to the EDPB.",
            "GDPR Art. 47(2), 64(1)(f)",
        )
    return Check(True, "", "GDPR Art. 47(2), 64(1)(f)")
