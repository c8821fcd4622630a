"""The first draft of a notification's content, written from the breach record.

"Prepare notification" opens a draft whose content already carries every item the law asks a
notification for (GDPR Art. 33(3); for the data subjects Art. 34(2)): the nature of the breach
with the categories and approximate numbers of the persons and records concerned, the contact
point, the likely consequences and the measures taken or proposed. The user edits it before it
is recorded as submitted; nothing here is sent anywhere.

The draft is written in the language of the document: Japanese for the PPC and for an entity in
Japan, German for an authority or entity in a German-speaking country, English otherwise.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance.breaches.choices import ObligationKind, Regime
from compliance.breaches.models import BreachIncident, NotificationDeadline
from compliance.breaches.reports.formatting import instant, persons, records
from compliance.breaches.reports.notification import report_title
from compliance.reports.pdf import check_language

GERMAN_SPEAKING = frozenset({"DE", "AT", "LI", "CH"})


def draft_language(deadline: NotificationDeadline) -> str:
    """The language the notification of ``deadline`` is written in: its recipient authority's
    country's; for the data subjects, their countries' when they share one language; for a
    controller or group member, the notifying entity's country's; English otherwise."""
    if deadline.regime == Regime.JP_APPI:
        return "ja"
    if deadline.recipient_key:
        countries = {deadline.recipient_key}
    elif deadline.kind == ObligationKind.DATA_SUBJECT_NOTIFICATION:
        countries = {c.code for c in deadline.incident.affected_countries.all()}
    else:
        countries = {deadline.entity.country_id}
    if countries == {"JP"}:
        return "ja"
    if countries and countries <= GERMAN_SPEAKING:
        return "de"
    return "en"


def contact_point(deadline: NotificationDeadline) -> str:
    """Who answers for the breach (GDPR Art. 33(3)(b)): the contact point recorded on the
    breach, else the DPO of the entity that notifies, else the group's DPO."""
    incident = deadline.incident
    entity = deadline.entity
    return incident.contact_point or entity.dpo_contact or entity.group.dpo_contact


def notification_draft(deadline: NotificationDeadline, lang: str) -> str:
    """The content of a new notification of ``deadline``, drafted from its breach in ``lang``."""
    check_language(lang)
    incident = deadline.incident
    with translation.override(lang):
        items = _items(incident, deadline)
        parts = [report_title(deadline)]
        for number, heading, lines in items:
            text = "\n".join(_line(label, value) for label, value in lines)
            parts.append(f"{number} {heading}\n{text}")
        return "\n\n".join(parts)


Lines = tuple[tuple[str | Promise, str], ...]


def _items(
    incident: BreachIncident, deadline: NotificationDeadline
) -> tuple[tuple[str, str | Promise, Lines], ...]:
    zone = "Asia/Tokyo" if deadline.regime == Regime.JP_APPI else incident.aware_time_zone
    return (
        (
            "(a)",
            _("Nature of the personal data breach"),
            (
                (_("What happened"), f"{incident.title}\n{incident.description}".strip()),
                (_("Occurred at"), instant(incident.occurred_at, zone)),
                (_("Became aware at"), instant(incident.aware_at, zone)),
                (_("Cause"), str(incident.get_cause_display())),
                (_("Categories of data subjects"), incident.subject_categories),
                (_("Approximate number of data subjects"), persons(incident.subject_count)),
                (_("Categories of personal data"), incident.data_categories),
                (_("Approximate number of records"), records(incident.record_count)),
            ),
        ),
        (
            "(b)",
            _("Name and contact details of the data protection officer or other contact point"),
            ((_("Contact point"), contact_point(deadline)),),
        ),
        (
            "(c)",
            _("Likely consequences of the personal data breach"),
            ((_("Likely consequences"), incident.likely_consequences),),
        ),
        (
            "(d)",
            _("Measures taken or proposed, including to mitigate possible adverse effects"),
            (
                (_("Containment measures"), incident.containment),
                (_("Remediation measures"), incident.remediation),
            ),
        ),
    )


def _line(label: str | Promise, value: str) -> str:
    # An item the record has nothing for stays empty after its label, for the user to fill in.
    return (gettext("%(label)s: %(value)s") % {"label": label, "value": value}).rstrip()
