"""Words for the codes the engines and the workflow store, in the reader's language.

Stored values are codes (conventions.md §18): a regime (``EU_GDPR``), a reminder kind
(``EU_GDPR.data_subject_notification``), an engine finding (``importer_not_certified``), a
workflow action (``start_assessment``). Admin, dashboard, reminders and PDFs turn them into words
here, at display time, so the same code reads in English, German or Japanese. A code without a
label is shown as it is stored, never hidden.

This module holds words only: it imports the pure engines' constants and nothing of a feature,
so the infrastructure (reminders, reports, dashboard) may use it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from compliance.rules.breach_regimes import vocabulary as breach

# What to call an obligation met after its due instant, by where the due instant comes from
# (domain brief §8.1: only a statutory period makes it "late").
LATENESS = {
    breach.STATUTE: _("late"),
    breach.GUIDELINE: _("after the regulator's yardstick"),
    breach.INTERNAL: _("after the internal target"),
}


def lateness(deadline_source: str | None, late: bool | None) -> str:
    """'late' (or what missing a yardstick or target is called), 'in time', or '—' while the
    obligation has not been met."""
    if late is None:
        return "—"
    if not late:
        return str(_("in time"))
    return str(LATENESS.get(deadline_source or "", _("late")))
