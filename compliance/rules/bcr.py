"""Clocks and checks of the BCR approval procedure (GDPR Art. 47, 64, 65). Pure: no ORM, no now().

The procedure: the BCR Lead submits its draft decision to the EDPB (Art. 64(1)(f)); the EDPB gives
its opinion within 8 weeks of a complete file, extendable by 6 weeks (Art. 64(3)); the Lead may not
adopt its decision before that (Art. 64(6)); within 2 weeks of receiving the opinion the Lead tells
the EDPB whether it follows it (Art. 64(7)); if not, the dispute resolution of Art. 65 applies
(binding decision within 1 month of the referral, extendable by 1 month, Art. 65(2); failing that,
by simple majority within 2 weeks after the second month, Art. 65(3)); the Lead adopts its final
decision within one month of the Board's notification (Art. 65(6)).

Date arithmetic follows Regulation (EEC, Euratom) No 1182/71, stated in every clock's
``convention``: the day of the event is not counted (Art. 3(1)); n weeks end on the same weekday
7·n days later; n months end on the same day of the month n months later, or on the last day of
that month when it has no such day (31 Jan + 1 month = 28/29 Feb) (Art. 3(2)(c)); an extension is
counted from the start of the period, not from the end of the first one (so clamping never
compounds); a period whose last day is a Saturday, Sunday or public holiday ends at the end of the
next working day (Art. 3(4)) on the Brussels calendar (``brussels_calendar``: Belgium's public
holidays and the EU institutions', a convention). The periods here are two weeks or longer, so
the two-working-day floor of Art. 3(5) never binds.

Every basis, convention and check reason is a ``Text`` (``compliance.rules.text``): the English
string of the engine's contract, which also keeps its templates so that the product renders it in
the reader's language. The law's name is the parameter ``{law}`` (``Text("GDPR")``), as in the
breach engine; dates are ISO parameters, kept as they are in every language.

Upkeep and review clocks are not periods of the GDPR and are not moved: the annual update (the
BCRs' yearly reporting commitment), the internal target for reporting a substantial change, and
the review before a DPF certification ends.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from compliance.rules import brussels_calendar
from compliance.rules.text import Text

EDPB_OPINION = "bcr.edpb_opinion"
LEAD_RESPONSE = "bcr.lead_response"
ART65_DECISION = "bcr.art65_decision"
ART65_MAJORITY_DECISION = "bcr.art65_majority_decision"
LEAD_FINAL_DECISION = "bcr.lead_final_decision"
ANNUAL_UPDATE = "bcr.annual_update"
SUBSTANTIAL_CHANGE_REPORT = "bcr.substantial_change_report"
DPF_CERTIFICATION_REVIEW = "transfer.dpf_certification_review"

# Where a clock's period comes from (domain brief §8.1): only a missed statute period is late.
STATUTE = "statute"
GUIDELINE = "guideline"
INTERNAL = "internal"

GDPR = Text("GDPR")
UK_GDPR = Text("UK GDPR")

CONVENTION = Text(
    "Convention: periods counted as in Regulation 1182/71 — the day of the event not counted "
    "(Art. 3(1)); weeks = 7·n days, months by calendar month with the end of a shorter month "
    "clamped (Art. 3(2)(c)); an extension counted from the start of the period; a period ending "
    "on a Saturday, Sunday or public holiday ends at the end of the next working day (Art. 3(4)), "
    "where {calendar}.",
    calendar=brussels_calendar.CALENDAR_CONVENTION,
)
UNMOVED_CONVENTION = Text(
    "Convention: calendar months as in Regulation 1182/71 Art. 3(2)(c) (end of a shorter month "
    "clamped); not moved off week-ends or holidays, because the yearly date is the BCRs' own "
    "commitment, not a period of the {law} (the earlier reading).",
    law=GDPR,
)
WORKING_DAY_CONVENTION = Text(
    "Convention: working days counted after the day of the change (that day not counted), where "
    "{calendar}.",
    calendar=brussels_calendar.CALENDAR_CONVENTION,
)


def dpf_convention(offsets: tuple[int, ...]) -> Text:
    """The DPF review clock's convention, naming its reminder days (largest first)."""
    days: str = ""
    for day in offsets:
        # "60 and 14": a sentence of its own, so that no language borrows a bare " and " worded
        # for another place.
        days = Text("{earlier} and {later}", earlier=days, later=str(day)) if days else str(day)
    return Text(
        "Convention: due on the certification's last day as recorded; not moved off week-ends or "
        "holidays (adequacy ends with the certification); reminders {offsets} days before.",
        offsets=days,
    )


OPINION_WEEKS = 8
OPINION_EXTENSION_WEEKS = 6
RESPONSE_WEEKS = 2
DISPUTE_MONTHS = 1
DISPUTE_EXTENSION_MONTHS = 1
MAJORITY_WEEKS = 2
FINAL_DECISION_MONTHS = 1
ANNUAL_MONTHS = 12

# "Promptly" (EDPB Recommendations 1/2022, WP257 rev.01) is not a number: the office's own target,
# a parameter of ``substantial_change_clock``.
SUBSTANTIAL_CHANGE_WORKING_DAYS = 10
# Days before a DPF certification's last day on which the reminder layer reminds of the review.
DPF_REVIEW_REMINDER_DAYS: tuple[int, ...] = (60, 14)

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
    """One period of the procedure or of the upkeep: when it started, when it ends, whether met.

    ``due_on`` is the last day on which the act is in time, after any move off a week-end or
    holiday; ``moved_from`` is the calendar end it was moved from (None when not moved).
    ``deadline_source`` says where the period comes from: ``"statute"`` (the GDPR fixes it),
    ``"guideline"`` (a regulator's yardstick) or ``"internal"`` (the office's own target).
    ``assumed`` marks a clock counted from a date that was not recorded (shown in the basis).
    ``reminder_offsets`` are days before ``due_on`` on which to remind (empty: the reminder
    layer's own thresholds). ``basis`` names the law and ends with ``convention``.
    """

    kind: str
    starts_on: date
    due_on: date
    basis: str
    met_on: date | None = None
    deadline_source: str = STATUTE
    convention: str = CONVENTION
    assumed: bool = False
    moved_from: date | None = None
    reminder_offsets: tuple[int, ...] = ()

    def is_overdue(self, on: date) -> bool:
        """Still open after its last day."""
        return self.met_on is None and on > self.due_on

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.due_on

    @property
    def reminder_dates(self) -> tuple[date, ...]:
        """The days to remind on, earliest first."""
        return tuple(
            self.due_on - timedelta(days=d) for d in sorted(self.reminder_offsets, reverse=True)
        )


@dataclass(frozen=True)
class Check:
    """The answer to "may this step happen?", with the reason and its legal source."""

    allowed: bool
    reason: str
    basis: str


@dataclass(frozen=True)
class ProcedureFacts:
    """The dates of one run of an application that the clocks depend on (None = not yet).

    ``opinion_received_on``: the day the Lead received the EDPB opinion (Art. 64(7)); None = not
    recorded, the opinion's date is used and the clock is marked assumed.
    ``dispute_notified_on``: the day the Board notified its binding decision to the Lead (Art.
    65(5)); starts the Lead's final-decision clock (Art. 65(6)), met by ``final_decision_on``.
    """

    file_complete_on: date | None = None
    opinion_extended: bool = False
    opinion_on: date | None = None
    response_on: date | None = None
    dispute_referred_on: date | None = None
    dispute_extended: bool = False
    dispute_decided_on: date | None = None
    opinion_received_on: date | None = None
    dispute_notified_on: date | None = None
    final_decision_on: date | None = None


def add_weeks(start: date, weeks: int) -> date:
    return start + timedelta(days=7 * weeks)


def add_months(start: date, months: int) -> date:
    """Same day of the month ``months`` later, or the last day of that month (clamped)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def period_end(calendar_end: date) -> tuple[date, date | None]:
    """The last day of a period in days, weeks or months and the day it was moved from.

    Regulation 1182/71 Art. 3(4): a last day that is a Saturday, Sunday or public holiday gives way
    to the next working day (Brussels calendar). Periods in hours are not passed through here.
    """
    due = brussels_calendar.roll_forward(calendar_end)
    return due, (calendar_end if due != calendar_end else None)


# Not ``%A``: the basis is stored in English whatever the process locale (and rendered in the
# reader's language from these templates).
_WEEKDAYS = (
    Text("Monday"),
    Text("Tuesday"),
    Text("Wednesday"),
    Text("Thursday"),
    Text("Friday"),
    Text("Saturday"),
    Text("Sunday"),
)


def _moved(calendar_end: date, due: date) -> str:
    if due == calendar_end:
        return ""
    return " " + Text(
        "The period's last day {calendar_end} ({calendar_weekday}) is not a working day: it ends "
        "on {due} ({due_weekday}) (Regulation 1182/71 Art. 3(4)).",
        calendar_end=calendar_end.isoformat(),
        calendar_weekday=_WEEKDAYS[calendar_end.weekday()],
        due=due.isoformat(),
        due_weekday=_WEEKDAYS[due.weekday()],
    )


def _statute_clock(
    *,
    kind: str,
    starts_on: date,
    calendar_end: date,
    law: Text,
    met_on: date | None,
    assumed: bool = False,
) -> Clock:
    due, moved_from = period_end(calendar_end)
    return Clock(
        kind=kind,
        starts_on=starts_on,
        due_on=due,
        basis=law + _moved(calendar_end, due) + " " + CONVENTION,
        met_on=met_on,
        assumed=assumed,
        moved_from=moved_from,
    )


def edpb_opinion_clock(
    *, file_complete_on: date, extended: bool = False, opinion_on: date | None = None
) -> Clock:
    weeks = OPINION_WEEKS + (OPINION_EXTENSION_WEEKS if extended else 0)
    extension = (
        Text(", extended by {weeks} weeks for complexity", weeks=str(OPINION_EXTENSION_WEEKS))
        if extended
        else ""
    )
    return _statute_clock(
        kind=EDPB_OPINION,
        starts_on=file_complete_on,
        calendar_end=add_weeks(file_complete_on, weeks),
        law=Text(
            "{law} Art. 64(3): EDPB opinion within {weeks} weeks{extension} ({total} weeks "
            "from the day the file is complete; EDPB Rules of Procedure Art. 10(2)).",
            law=GDPR,
            weeks=str(OPINION_WEEKS),
            extension=extension,
            total=str(weeks),
        ),
        met_on=opinion_on,
    )


def lead_response_clock(
    *, opinion_on: date, response_on: date | None = None, received_on: date | None = None
) -> Clock:
    """Art. 64(7): two weeks from the Lead's receipt of the opinion.

    Without a recorded receipt the opinion's date stands in (the earlier start) and the clock is
    marked assumed.
    """
    if received_on is not None and received_on < opinion_on:
        raise ValueError(
            f"the opinion of {opinion_on.isoformat()} cannot be received on "
            f"{received_on.isoformat()}"
        )
    start = received_on or opinion_on
    if received_on is None:
        counted = Text(
            "Assumed: the day the opinion was received is not recorded; counted from the "
            "opinion's date {opinion_on} (the earlier start).",
            opinion_on=opinion_on.isoformat(),
        )
    else:
        counted = Text(
            "Counted from the receipt of the opinion on {received_on}.",
            received_on=received_on.isoformat(),
        )
    return _statute_clock(
        kind=LEAD_RESPONSE,
        starts_on=start,
        calendar_end=add_weeks(start, RESPONSE_WEEKS),
        law=Text(
            "{law} Art. 64(7): within {weeks} weeks of receiving the opinion the lead "
            "authority tells the EDPB Chair whether it maintains or amends its draft decision.",
            law=GDPR,
            weeks=str(RESPONSE_WEEKS),
        )
        + " "
        + counted,
        met_on=response_on,
        assumed=received_on is None,
    )


def dispute_clock(
    *, referred_on: date, extended: bool = False, decided_on: date | None = None
) -> Clock:
    months = DISPUTE_MONTHS + (DISPUTE_EXTENSION_MONTHS if extended else 0)
    extension = (
        Text(", extended by {months} month for complexity", months=str(DISPUTE_EXTENSION_MONTHS))
        if extended
        else ""
    )
    return _statute_clock(
        kind=ART65_DECISION,
        starts_on=referred_on,
        calendar_end=add_months(referred_on, months),
        law=Text(
            "{law} Art. 64(8), 65(1)(c), 65(2): EDPB binding decision within {months} "
            "month{extension} of the referral.",
            law=GDPR,
            months=str(DISPUTE_MONTHS),
            extension=extension,
        ),
        met_on=decided_on,
    )


def majority_decision_clock(
    *, referred_on: date, extended: bool = False, decided_on: date | None = None
) -> Clock:
    """Art. 65(3): when the Board has not decided within the Art. 65(2) period, it decides by
    simple majority within two weeks after the second month.

    Starts on the last day of the Art. 65(2) period as it runs (after any Art. 3(4) move). Without
    an extension there is no second month: the two weeks are then counted from the end of the one
    month (the earlier reading, stated in the basis).
    """
    art65_2 = dispute_clock(referred_on=referred_on, extended=extended)
    reading = (
        ""
        if extended
        else " "
        + Text(
            "The period was not extended: counted from the end of its one month (the text "
            "names the second month; the earlier reading)."
        )
    )
    return _statute_clock(
        kind=ART65_MAJORITY_DECISION,
        starts_on=art65_2.due_on,
        calendar_end=add_weeks(art65_2.due_on, MAJORITY_WEEKS),
        law=Text(
            "{law} Art. 65(3): the Board not having decided within the period of Art. 65(2) "
            "(ended {ended}), it adopts its decision by simple majority "
            "within {weeks} weeks following the expiry of the second month.",
            law=GDPR,
            ended=art65_2.due_on.isoformat(),
            weeks=str(MAJORITY_WEEKS),
        )
        + reading,
        met_on=decided_on,
    )


def lead_final_decision_clock(*, notified_on: date, decided_on: date | None = None) -> Clock:
    """Art. 65(6): the Lead's final decision at the latest one month after the Board notified
    its binding decision."""
    return _statute_clock(
        kind=LEAD_FINAL_DECISION,
        starts_on=notified_on,
        calendar_end=add_months(notified_on, FINAL_DECISION_MONTHS),
        law=Text(
            "{law} Art. 65(6): the lead authority adopts its final decision on the basis of the "
            "EDPB's binding decision without undue delay and at the latest "
            "{months} month after the Board notified it.",
            law=GDPR,
            months=str(FINAL_DECISION_MONTHS),
        ),
        met_on=decided_on,
    )


def annual_update_clock(
    *, approved_on: date, last_update_on: date | None = None, sent_on: date | None = None
) -> Clock:
    start = last_update_on or approved_on
    if last_update_on:
        basis = Text(
            "{law} Art. 47(2)(k); EDPB Recommendations 1/2022 (BCR-C) and WP257 rev.01 (BCR-P): "
            "changes to the BCRs and the updated list of members are reported to the BCR Lead "
            "at least once a year (due one year after the last annual update).",
            law=GDPR,
        )
    else:
        basis = Text(
            "{law} Art. 47(2)(k); EDPB Recommendations 1/2022 (BCR-C) and WP257 rev.01 (BCR-P): "
            "changes to the BCRs and the updated list of members are reported to the BCR Lead "
            "at least once a year (due one year after the approval).",
            law=GDPR,
        )
    return Clock(
        kind=ANNUAL_UPDATE,
        starts_on=start,
        due_on=add_months(start, ANNUAL_MONTHS),
        basis=basis + " " + UNMOVED_CONVENTION,
        met_on=sent_on,
        deadline_source=GUIDELINE,
        convention=UNMOVED_CONVENTION,
    )


def substantial_change_clock(
    *,
    changed_on: date,
    reported_on: date | None = None,
    working_days: int = SUBSTANTIAL_CHANGE_WORKING_DAYS,
) -> Clock:
    """A substantial change to approved BCRs, reported "promptly" to the BCR Lead: the office's
    own target of ``working_days`` Brussels working days after the day of the change."""
    due = brussels_calendar.add_working_days(changed_on, working_days)
    return Clock(
        kind=SUBSTANTIAL_CHANGE_REPORT,
        starts_on=changed_on,
        due_on=due,
        basis=Text(
            "{law} Art. 47(2)(k); EDPB Recommendations 1/2022 (BCR-C) and WP257 rev.01 (BCR-P): a "
            "change that may affect the level of protection or significantly affect the BCRs "
            '(e.g. their binding nature) is reported promptly to the BCR Lead. "Promptly" is '
            "not a fixed period: internal target of {days} after the change.",
            law=GDPR,
            days=(
                Text("{count} working day", count=str(working_days))
                if working_days == 1
                else Text("{count} working days", count=str(working_days))
            ),
        )
        + " "
        + WORKING_DAY_CONVENTION,
        met_on=reported_on,
        deadline_source=INTERNAL,
        convention=WORKING_DAY_CONVENTION,
    )


def dpf_review_clock(
    *,
    certified_until: date,
    uk_extension: bool = False,
    reviewed_on: date | None = None,
    reminder_days: tuple[int, ...] = DPF_REVIEW_REMINDER_DAYS,
) -> Clock:
    """Review of an importer relied on under the EU-US Data Privacy Framework (or its UK
    Extension) by the day its certification ends: adequacy covers certified organisations only.

    The clock opens on the first reminder day; ``reminder_offsets`` carry the reminder days.
    """
    if not reminder_days or min(reminder_days) < 0:
        raise ValueError(f"reminder days must be given and not negative, got {reminder_days}")
    if uk_extension:
        law = Text(
            "{law} Art. 45; The Data Protection (Adequacy) (United States of America) "
            "Regulations 2023 (SI 2023/1028) reg. 3: the UK data bridge covers only "
            "organisations certified under the DPF and participating in its UK Extension.",
            law=UK_GDPR,
        )
    else:
        law = Text(
            "{law} Art. 45; Commission Implementing Decision (EU) 2023/1795 Art. 1: the adequacy "
            "finding covers only organisations on the Data Privacy Framework List.",
            law=GDPR,
        )
    offsets = tuple(sorted(set(reminder_days), reverse=True))
    convention = dpf_convention(offsets)
    return Clock(
        kind=DPF_CERTIFICATION_REVIEW,
        starts_on=certified_until - timedelta(days=offsets[0]),
        due_on=certified_until,
        basis=law
        + " "
        + Text(
            "The certification's last day is {day}: confirm its "
            "renewal or move the transfer to another tool by then.",
            day=certified_until.isoformat(),
        )
        + " "
        + convention,
        met_on=reviewed_on,
        deadline_source=INTERNAL,
        convention=convention,
        reminder_offsets=offsets,
    )


def procedure_clocks(facts: ProcedureFacts, *, on: date | None = None) -> tuple[Clock, ...]:
    """The clocks that have started in this run of the procedure, in procedure order.

    The Art. 65(3) clock needs the day of reading (``on``): it runs once the Art. 65(2) period
    has ended without a decision (or is met by a decision taken after it). Without ``on`` it is
    left out, as before it existed.
    """
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
            lead_response_clock(
                opinion_on=facts.opinion_on,
                response_on=facts.response_on,
                received_on=facts.opinion_received_on,
            )
        )
    if facts.dispute_referred_on is not None:
        art65_2 = dispute_clock(
            referred_on=facts.dispute_referred_on,
            extended=facts.dispute_extended,
            decided_on=facts.dispute_decided_on,
        )
        clocks.append(art65_2)
        decided = facts.dispute_decided_on
        if on is not None and (decided or on) > art65_2.due_on:
            clocks.append(
                majority_decision_clock(
                    referred_on=facts.dispute_referred_on,
                    extended=facts.dispute_extended,
                    decided_on=decided,
                )
            )
    if facts.dispute_notified_on is not None:
        clocks.append(
            lead_final_decision_clock(
                notified_on=facts.dispute_notified_on, decided_on=facts.final_decision_on
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
            Text(
                "No EDPB opinion has been recorded: the lead authority may not approve the BCRs "
                "before the EDPB has given its opinion."
            ),
            Text("{law} Art. 64(1)(f), 64(6)", law=GDPR),
        )
    if approve_on < opinion_on:
        return Check(
            False,
            Text(
                "The approval date {approve_on} is before the EDPB opinion of {opinion_on}.",
                approve_on=approve_on.isoformat(),
                opinion_on=opinion_on.isoformat(),
            ),
            Text("{law} Art. 64(6)", law=GDPR),
        )
    if in_dispute:
        if dispute_decided_on is None:
            return Check(
                False,
                Text(
                    "The lead authority did not follow the opinion: record the EDPB's binding "
                    "decision before approving."
                ),
                Text("{law} Art. 64(8), 65(1), 65(6)", law=GDPR),
            )
        if approve_on < dispute_decided_on:
            return Check(
                False,
                Text(
                    "The approval date {approve_on} is before the EDPB's binding decision of "
                    "{decided_on}.",
                    approve_on=approve_on.isoformat(),
                    decided_on=dispute_decided_on.isoformat(),
                ),
                Text("{law} Art. 65(6)", law=GDPR),
            )
    return Check(True, "", Text("{law} Art. 47(1), 64(6)", law=GDPR))


def co_reviewer_check(count: int) -> Check:
    """The co-operation procedure asks for one or two co-reviewer authorities."""
    basis = Text("EDPB BCR co-operation procedure (March 2025; formerly WP263 rev.01)")
    if count < MIN_CO_REVIEWERS:
        return Check(False, Text("Name at least one co-reviewer authority."), basis)
    if count > MAX_CO_REVIEWERS:
        return Check(
            False,
            Text("Name one or two co-reviewer authorities, not {count}.", count=str(count)),
            basis,
        )
    return Check(True, "", basis)


def submission_check(open_items: tuple[str, ...]) -> Check:
    """The draft goes to the EDPB only when every Art. 47(2) element is covered."""
    if open_items:
        listed = ", ".join(f"({letter})" for letter in open_items)
        return Check(
            False,
            Text(
                "Art. 47(2) checklist items still open: {items}. Record the evidence for each "
                "before submitting to the EDPB.",
                items=listed,
            ),
            Text("{law} Art. 47(2), 64(1)(f)", law=GDPR),
        )
    return Check(True, "", Text("{law} Art. 47(2), 64(1)(f)", law=GDPR))
