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

A notification is recorded as submitted only when every item its law asks for is filled on the
breach or recorded as "not yet known" (``missing_items``). Other regimes' content is not
modelled item by item: nothing is checked for them here.
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

REQUIRED_ITEMS: dict[tuple[str, str], tuple[RequiredItem, ...]] = {
    (Regime.EU_GDPR, ObligationKind.AUTHORITY_NOTIFICATION): GDPR_AUTHORITY,
    (Regime.UK_GDPR, ObligationKind.AUTHORITY_NOTIFICATION): GDPR_AUTHORITY,
    (Regime.EU_GDPR, ObligationKind.DATA_SUBJECT_NOTIFICATION): GDPR_DATA_SUBJECTS,
    (Regime.UK_GDPR, ObligationKind.DATA_SUBJECT_NOTIFICATION): GDPR_DATA_SUBJECTS,
    (Regime.JP_APPI, ObligationKind.PRELIMINARY_REPORT): APPI_REPORT,
    (Regime.JP_APPI, ObligationKind.FINAL_REPORT): APPI_REPORT,
    (Regime.JP_APPI, ObligationKind.CONTROLLER_NOTIFICATION): APPI_REPORT,
    (Regime.JP_APPI, ObligationKind.DATA_SUBJECT_NOTIFICATION): APPI_PRINCIPALS_NOTICE,
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
