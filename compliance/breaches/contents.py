"""What a notification must contain by law, and which of it the breach record still lacks.

- GDPR / UK GDPR Art. 33(3), to the authority: (a) the nature of the breach with the categories
  and approximate numbers of data subjects and of records, (b) the contact point, (c) the likely
  consequences, (d) the measures taken or proposed. Art. 34(2), to the data subjects: (b)-(d).
  What is not known yet may follow in phases (Art. 33(4)).
- APPI, PPC Rules Art. 8(1): the report to the PPC (preliminary and final) and, Rule 9, the
  entrusted business's notice to the entrusting business; Rule 10, the notice to the principals
  (items (1), (2), (4), (5), (9)). A report gives the items known when it is made (PPC GL
  3-5-3-3 for the preliminary report; 3-5-3-4: what the final report still cannot give after
  reasonable efforts is added when known).

- The other regimes (domain brief §8.5), with the items their documents print
  (``compliance.breaches.reports.regimes``) that a field of the breach holds: Korea PIPA
  Art. 34(1) items 1, 3-5; Singapore PDPA s 26D and the Notification of Data Breaches
  Regulations 2021 reg. 5; Brazil Res. CD/ANPD 15/2024 Art. 6 and 9; Switzerland Data
  Protection Ordinance Art. 15(1) and (3); Australia Privacy Act s 26WK(3); China PIPL Art. 57;
  NIS2 Art. 23(4)(b) and (d). Facts every breach records (what happened, when the entity
  became aware, the cause) are not checked; nor are yes/no facts, which always have an answer.

A notification is recorded as submitted only when every item its law asks for is filled on the
breach or recorded as "not yet known" (``missing_items``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from compliance.breaches.choices import ObligationKind, Regime


@dataclass(frozen=True)
class RequiredItem:
    """One item the law asks a notification to contain, filled by any of ``fields`` of the
    breach. ``code`` is what a "not yet known" answer stores."""

    code: str
    label: str | Promise
    citation: str | Promise
    fields: tuple[str, ...]

    def is_filled(self, incident: Any) -> bool:
        return any(_filled(getattr(incident, name, None)) for name in self.fields)


def _filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


# GDPR Art. 33(3); the same items as UK GDPR Art. 33(3).
SUBJECT_CATEGORIES = RequiredItem(
    "subject_categories",
    _("categories of data subjects concerned"),
    _("Art. 33(3)(a)"),
    ("subject_categories",),
)
SUBJECT_COUNT = RequiredItem(
    "subject_count",
    _("approximate number of data subjects concerned"),
    _("Art. 33(3)(a)"),
    ("subject_count",),
)
DATA_CATEGORIES = RequiredItem(
    "data_categories",
    _("categories of personal data records concerned"),
    _("Art. 33(3)(a)"),
    ("data_categories",),
)
RECORD_COUNT = RequiredItem(
    "record_count",
    _("approximate number of personal data records concerned"),
    _("Art. 33(3)(a)"),
    ("record_count",),
)
CONTACT_POINT = RequiredItem(
    "contact_point",
    _("name and contact details of the data protection officer or other contact point"),
    _("Art. 33(3)(b)"),
    ("contact_point",),
)
CONSEQUENCES = RequiredItem(
    "likely_consequences",
    _("likely consequences of the breach"),
    _("Art. 33(3)(c)"),
    ("likely_consequences",),
)
MEASURES = RequiredItem(
    "measures",
    _("measures taken or proposed"),
    _("Art. 33(3)(d)"),
    ("containment", "remediation"),
)

# PPC Rules Art. 8(1), numbered as on the PPC's form.
APPI_DISCOVERY = RequiredItem(
    "discovery",
    _("(1) overview: how the leak was discovered"),
    _("PPC Rules Art. 8(1)(i)"),
    ("discovery",),
)
APPI_DATA_ITEMS = RequiredItem(
    "data_categories",
    _("(2) items of the personal data leaked or possibly leaked"),
    _("PPC Rules Art. 8(1)(ii)"),
    ("data_categories",),
)
APPI_PRINCIPALS = RequiredItem(
    "subject_count",
    _("(3) number of principals"),
    _("PPC Rules Art. 8(1)(iii)"),
    ("subject_count",),
)
APPI_CAUSE = RequiredItem(
    "cause_detail",
    _("(4) cause"),
    _("PPC Rules Art. 8(1)(iv)"),
    ("cause_detail",),
)
APPI_SECONDARY_DAMAGE = RequiredItem(
    "likely_consequences",
    _("(5) secondary damage or its risk"),
    _("PPC Rules Art. 8(1)(v)"),
    ("likely_consequences",),
)
APPI_RECURRENCE = RequiredItem(
    "remediation",
    _("(8) measures to prevent recurrence"),
    _("PPC Rules Art. 8(1)(viii)"),
    ("remediation",),
)

GDPR_AUTHORITY = (
    SUBJECT_CATEGORIES,
    SUBJECT_COUNT,
    DATA_CATEGORIES,
    RECORD_COUNT,
    CONTACT_POINT,
    CONSEQUENCES,
    MEASURES,
)
# Art. 34(2): the nature in clear and plain language (the description, always recorded) and
# at least the information of Art. 33(3)(b), (c) and (d).
GDPR_DATA_SUBJECTS = (CONTACT_POINT, CONSEQUENCES, MEASURES)
APPI_REPORT = (
    APPI_DISCOVERY,
    APPI_DATA_ITEMS,
    APPI_PRINCIPALS,
    APPI_CAUSE,
    APPI_SECONDARY_DAMAGE,
    APPI_RECURRENCE,
)
# PPC Rules Art. 10: items (1), (2), (4), (5) and (9) of Art. 8(1).
APPI_PRINCIPALS_NOTICE = (APPI_DATA_ITEMS, APPI_CAUSE, APPI_SECONDARY_DAMAGE)


# --- the other regimes (domain brief §8.5) -----------------------------------------------------
# Codes are the breach's fields (or "measures" for containment and remediation), as for the GDPR,
# so that the documents mark the same lines "not yet known". Citations are the provisions as
# the documents cite them.


def _item(code: str, label: str | Promise, citation: str) -> RequiredItem:
    fields = ("containment", "remediation") if code == "measures" else (code,)
    return RequiredItem(code, label, citation, fields)


KR_PIPA_ITEMS = (
    _item(
        "data_categories", _("Items of the personal information leaked"), "PIPA Art. 34(1) item 1"
    ),
    _item(
        "recommended_steps",
        _("What the data subjects can do to minimise the possible harm"),
        "PIPA Art. 34(1) item 3",
    ),
    _item(
        "measures",
        _("Measures taken by the controller and the procedure for redress"),
        "PIPA Art. 34(1) item 4",
    ),
    _item(
        "contact_point",
        _("Department and contact details that receive reports of harm"),
        "PIPA Art. 34(1) item 5",
    ),
)
SG_REG = "PDPA s 26D(1); reg. 5"
SG_PDPC_ITEMS = (
    _item("subject_count", _("Number of affected individuals"), SG_REG),
    _item("data_categories", _("Personal data or classes of personal data affected"), SG_REG),
    _item("likely_consequences", _("Potential harm to the affected individuals"), SG_REG),
    _item(
        "measures",
        _("Action taken or to be taken to eliminate or mitigate the potential harm"),
        SG_REG,
    ),
    _item(
        "contact_point",
        _("Business contact information of an authorised representative"),
        SG_REG,
    ),
)
SG_INDIVIDUALS = "PDPA s 26D(2)"
SG_INDIVIDUALS_ITEMS = (
    _item(
        "data_categories", _("Personal data or classes of personal data affected"), SG_INDIVIDUALS
    ),
    _item("likely_consequences", _("Potential harm to the affected individuals"), SG_INDIVIDUALS),
    _item(
        "measures",
        _("Action taken or to be taken to eliminate or mitigate the potential harm"),
        SG_INDIVIDUALS,
    ),
    _item(
        "recommended_steps",
        _("Steps the individuals may take to protect themselves"),
        SG_INDIVIDUALS,
    ),
    _item(
        "contact_point",
        _("Business contact information of an authorised representative"),
        SG_INDIVIDUALS,
    ),
)
ANPD = "Res. CD/ANPD 15/2024"
BR_ANPD_ITEMS = (
    _item(
        "data_categories",
        _("Nature and categories of the personal data affected"),
        f"{ANPD} Art. 6, I",
    ),
    _item(
        "subject_count",
        _("Number of data subjects affected, with children, adolescents and the elderly"),
        f"{ANPD} Art. 6, II",
    ),
    _item(
        "likely_consequences",
        _("Risks of the incident and its possible impacts on the data subjects"),
        f"{ANPD} Art. 6, IV",
    ),
    _item(
        "measures",
        _("Measures taken or to be taken to reverse or mitigate the effects"),
        f"{ANPD} Art. 6, VI",
    ),
    _item(
        "contact_point",
        _("Details of the data protection officer or the controller's representative"),
        f"{ANPD} Art. 6, VIII",
    ),
    _item(
        "processing_subject_count",
        _("Total number of data subjects of the processing affected"),
        f"{ANPD} Art. 6, XII",
    ),
)
BR_DATA_SUBJECT_ITEMS = (
    _item(
        "data_categories",
        _("Nature and categories of the personal data affected"),
        f"{ANPD} Art. 9, I",
    ),
    _item(
        "likely_consequences",
        _("Risks of the incident and its possible impacts on the data subjects"),
        f"{ANPD} Art. 9, III",
    ),
    _item(
        "measures",
        _("Measures taken or to be taken to reverse or mitigate the effects"),
        f"{ANPD} Art. 9, V",
    ),
    _item(
        "contact_point",
        _("Details of the data protection officer or the controller's representative"),
        f"{ANPD} Art. 9, VII",
    ),
)
DPO_CH = "Data Protection Ordinance Art. 15(1)"
CH_FDPIC_ITEMS = (
    _item("data_categories", _("categories of personal data records concerned"), f"{DPO_CH}(c)"),
    _item(
        "record_count", _("approximate number of personal data records concerned"), f"{DPO_CH}(c)"
    ),
    _item("subject_categories", _("categories of data subjects concerned"), f"{DPO_CH}(d)"),
    _item("subject_count", _("approximate number of data subjects concerned"), f"{DPO_CH}(d)"),
    _item("likely_consequences", _("likely consequences of the breach"), f"{DPO_CH}(e)"),
    _item("measures", _("measures taken or proposed"), f"{DPO_CH}(f)"),
    _item("contact_point", _("Name and contact details of a contact person"), f"{DPO_CH}(g)"),
)
# Art. 15(3): the data subjects are told at least (a) and (e)-(g); (a) the kind of breach is the
# description every breach records.
CH_SUBJECTS = "Data Protection Ordinance Art. 15(3), 15(1)"
CH_DATA_SUBJECT_ITEMS = (
    _item("likely_consequences", _("likely consequences of the breach"), f"{CH_SUBJECTS}(e)"),
    _item("measures", _("measures taken or proposed"), f"{CH_SUBJECTS}(f)"),
    _item("contact_point", _("Name and contact details of a contact person"), f"{CH_SUBJECTS}(g)"),
)
NDB = "Privacy Act 1988 s 26WK(3)"
AU_NDB_ITEMS = (
    _item("contact_point", _("Identity and contact details of the entity"), f"{NDB}(a)"),
    _item("data_categories", _("Kinds of information concerned"), f"{NDB}(c)"),
    _item("recommended_steps", _("Recommended steps for the individuals"), f"{NDB}(d)"),
)
CN_PIPL_ITEMS = (
    _item("data_categories", _("categories of personal data records concerned"), "PIPL Art. 57(1)"),
    _item("likely_consequences", _("likely consequences of the breach"), "PIPL Art. 57(1)"),
    _item("measures", _("measures taken or proposed"), "PIPL Art. 57(2)"),
    _item("recommended_steps", _("steps recommended to the affected persons"), "PIPL Art. 57(2)"),
    _item(
        "contact_point",
        _("Contact details of the personal information handler"),
        "PIPL Art. 57(3)",
    ),
)
NIS2_NOTIFICATION_ITEMS = (
    _item(
        "likely_consequences",
        _("Initial assessment of the incident, its severity and impact"),
        "NIS2 Art. 23(4)(b)",
    ),
)
NIS2_FINAL_ITEMS = (
    _item(
        "likely_consequences",
        _("Detailed description of the incident, its severity and impact"),
        "NIS2 Art. 23(4)(d)(i)",
    ),
    _item("measures", _("Applied and ongoing mitigation measures"), "NIS2 Art. 23(4)(d)(iii)"),
)

_AUTHORITY = ObligationKind.AUTHORITY_NOTIFICATION
_SUBJECTS = ObligationKind.DATA_SUBJECT_NOTIFICATION

REQUIRED_ITEMS: dict[tuple[str, str], tuple[RequiredItem, ...]] = {
    (Regime.EU_GDPR, ObligationKind.AUTHORITY_NOTIFICATION): GDPR_AUTHORITY,
    (Regime.UK_GDPR, ObligationKind.AUTHORITY_NOTIFICATION): GDPR_AUTHORITY,
    (Regime.EU_GDPR, ObligationKind.DATA_SUBJECT_NOTIFICATION): GDPR_DATA_SUBJECTS,
    (Regime.UK_GDPR, ObligationKind.DATA_SUBJECT_NOTIFICATION): GDPR_DATA_SUBJECTS,
    (Regime.JP_APPI, ObligationKind.PRELIMINARY_REPORT): APPI_REPORT,
    (Regime.JP_APPI, ObligationKind.FINAL_REPORT): APPI_REPORT,
    (Regime.JP_APPI, ObligationKind.CONTROLLER_NOTIFICATION): APPI_REPORT,
    (Regime.JP_APPI, ObligationKind.DATA_SUBJECT_NOTIFICATION): APPI_PRINCIPALS_NOTICE,
    (Regime.KR_PIPA, _AUTHORITY): KR_PIPA_ITEMS,
    (Regime.KR_PIPA, _SUBJECTS): KR_PIPA_ITEMS,
    (Regime.SG_PDPA, _AUTHORITY): SG_PDPC_ITEMS,
    (Regime.SG_PDPA, _SUBJECTS): SG_INDIVIDUALS_ITEMS,
    (Regime.BR_LGPD, _AUTHORITY): BR_ANPD_ITEMS,
    (Regime.BR_LGPD, _SUBJECTS): BR_DATA_SUBJECT_ITEMS,
    (Regime.CH_FADP, _AUTHORITY): CH_FDPIC_ITEMS,
    (Regime.CH_FADP, _SUBJECTS): CH_DATA_SUBJECT_ITEMS,
    (Regime.AU_NDB, _AUTHORITY): AU_NDB_ITEMS,
    (Regime.AU_NDB, _SUBJECTS): AU_NDB_ITEMS,
    (Regime.CN_PIPL, _AUTHORITY): CN_PIPL_ITEMS,
    (Regime.CN_PIPL, _SUBJECTS): CN_PIPL_ITEMS,
    (Regime.EU_NIS2, ObligationKind.INCIDENT_NOTIFICATION): NIS2_NOTIFICATION_ITEMS,
    (Regime.EU_NIS2, ObligationKind.FINAL_REPORT): NIS2_FINAL_ITEMS,
}

# Why an item may be left open, by regime and kind: printed with the refusal and the form.
OPEN_ITEMS_BASIS: dict[tuple[str, str], str | Promise] = {
    (Regime.JP_APPI, ObligationKind.PRELIMINARY_REPORT): _(
        "the preliminary report gives the items known when it is made (PPC GL 3-5-3-3)"
    ),
    (Regime.JP_APPI, ObligationKind.FINAL_REPORT): _(
        "an item still unknown after reasonable efforts is reported when known (PPC GL 3-5-3-4)"
    ),
    (Regime.JP_APPI, ObligationKind.CONTROLLER_NOTIFICATION): _(
        "the entrusting business is told the items known at the time (PPC Rules Art. 9)"
    ),
    (Regime.JP_APPI, ObligationKind.DATA_SUBJECT_NOTIFICATION): _(
        "the principals are told what is needed to protect their rights (PPC Rules Art. 10)"
    ),
}
# The other regimes: where the law says how missing information follows, that; elsewhere the
# document states what is not yet known and a follow-up records what was added when known.
_FOLLOWS = _("what is not yet known is stated so and given in a follow-up when known")
OPEN_ITEMS_BASIS.update(
    {
        key: _FOLLOWS
        for key in REQUIRED_ITEMS
        if key[0] not in (Regime.EU_GDPR, Regime.UK_GDPR, Regime.JP_APPI)
    }
)
OPEN_ITEMS_BASIS[(Regime.CH_FADP, _AUTHORITY)] = _(
    "information not available at once is provided as soon as possible "
    "(Data Protection Ordinance Art. 15(2))"
)
OPEN_ITEMS_BASIS[(Regime.EU_NIS2, ObligationKind.INCIDENT_NOTIFICATION)] = _(
    "the final report gives the detailed description no later than one month after the "
    "incident notification (NIS2 Art. 23(4)(d))"
)
OPEN_ITEMS_BASIS[(Regime.EU_NIS2, ObligationKind.FINAL_REPORT)] = _(
    "where the incident is still ongoing, a progress report is given and the final report "
    "follows within one month of its handling (NIS2 Art. 23(4)(e))"
)
GDPR_OPEN_ITEMS_BASIS = _(
    "information not known yet may be provided in phases without undue further delay (Art. 33(4))"
)


def required_items(regime: str, kind: str) -> tuple[RequiredItem, ...]:
    """The items the law asks a notification of this regime and kind to contain."""
    return REQUIRED_ITEMS.get((regime, kind), ())


def open_items_basis(regime: str, kind: str) -> str | Promise:
    return OPEN_ITEMS_BASIS.get((regime, kind), GDPR_OPEN_ITEMS_BASIS)


def missing_items(
    incident: Any, regime: str, kind: str, not_yet_known: Iterable[str] = ()
) -> list[RequiredItem]:
    """The required items that are empty on the breach and not recorded as not yet known."""
    unknown = set(not_yet_known)
    return [
        item
        for item in required_items(regime, kind)
        if item.code not in unknown and not item.is_filled(incident)
    ]


def unknown_items(notification: Any) -> list[RequiredItem]:
    """The items recorded as not yet known when ``notification`` was submitted."""
    codes = set(notification.not_yet_known or ())
    deadline = notification.deadline
    return [i for i in required_items(deadline.regime, deadline.kind) if i.code in codes]


def empty_items(incident: Any, regime: str, kind: str) -> list[RequiredItem]:
    """The required items that are empty on the breach: those that can be marked not known."""
    return missing_items(incident, regime, kind)
