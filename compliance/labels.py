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

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_fsm import FSMFieldMixin

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


# -- workflows --------------------------------------------------------------------------------

# Events written outside a transition (the record's creation, a follow-up phase, a link).
EVENT_ACTIONS = {
    "record": _("recorded"),
    "create": _("created"),
    "request": _("requested"),
    "accession": _("accession"),
    "follow_up": _("follow-up phase recorded"),
    "late_reasons": _("reasons for the delay recorded"),
    "link": _("linked"),
}


def _humanized(code: str) -> str:
    return code.replace("_", " ")


@lru_cache(maxsize=64)
def _fsm_words(model: type[models.Model]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The transition labels and the state labels of a model's workflow field."""
    actions: dict[str, Any] = {}
    states: dict[str, Any] = {}
    for field in model._meta.get_fields():
        if not isinstance(field, FSMFieldMixin):
            continue
        states.update(dict(field.flatchoices))
        for t in field.get_all_transitions(model):
            label = t.custom.get("label")
            if label is not None:
                actions[t.name] = label
    return actions, states


def workflow_action(model: type[models.Model] | None, name: str) -> str:
    """'start_assessment' → 'Start assessment', from the transition's own label."""
    actions = _fsm_words(model)[0] if model is not None else {}
    label = actions.get(name) or EVENT_ACTIONS.get(name)
    return str(label) if label is not None else _humanized(name)


def workflow_state(model: type[models.Model] | None, code: str) -> str:
    """'dpo_review' → 'DPO review', from the state field's choices ('—' for none)."""
    if not code:
        return "—"
    states = _fsm_words(model)[1] if model is not None else {}
    label = states.get(code)
    return str(label) if label is not None else _humanized(code)


# -- transfer evaluation findings ---------------------------------------------------------------

SEVERITIES = {
    "blocker": _("blocker"),
    "warning": _("warning"),
    "info": _("info"),
}

# The engine's finding codes (transfers.rules.vocabulary), named for the reader. Kept here,
# as words, so that the dashboard, the registers and the PDFs share them.
FINDINGS = {
    "not_a_transfer": _("not a transfer"),
    "uk_bridge": _("UK data bridge"),
    "adequacy": _("adequacy decision"),
    "bcr": _("binding corporate rules"),
    "scc": _("standard contractual clauses"),
    "uk_idta": _("UK international data transfer agreement"),
    "uk_addendum": _("UK addendum to the SCCs"),
    "derogation": _("derogation (Art. 49)"),
    "designated_country": _("designated country"),
    "equivalent_measures": _("equivalent measures"),
    "consent": _("consent"),
    "importer_not_certified": _("importer not certified"),
    "dpf_scope_excludes_hr": _("certification excludes HR data"),
    "scc_module_mismatch": _("SCC module does not match the roles"),
    "scc_signed_before_2021_scc": _("SCCs signed before the 2021 SCCs applied"),
    "scc_2010_after_repeal": _("2010 SCCs concluded after their repeal"),
    "scc_2010_expired": _("2010 SCCs expired"),
    "scc_2010_no_set_for_roles": _("no 2010 SCC set for these roles"),
    "uk_tool_for_eu_export": _("UK tool used for an EU export"),
    "tia_missing": _("transfer impact assessment missing"),
    "eu_scc_without_uk_addendum": _("EU SCCs without the UK addendum"),
    "uk_tool_before_2022_03_21": _("UK tool dated before 21 March 2022"),
    "uk_scc_2010_after_cutoff": _("2010 SCCs concluded for the UK after the cut-off"),
    "uk_scc_2010_expired": _("2010 SCCs expired for the UK"),
    "cbpr_not_for_eu_origin": _("CBPR certification does not cover EU-origin data"),
    "derogation_not_available": _("derogation not available"),
    "bcr_not_yet_approved": _("BCRs not yet approved"),
    "scc_not_yet_signed": _("SCCs not yet signed"),
    "framework_invalidated": _("framework invalidated"),
    "adequacy_scope": _("outside the adequacy decision's scope"),
    "dpf_scope_unverified": _("certification scope not verified"),
    "derogation_occasional_only": _("derogation for occasional transfers only"),
    "derogation_compelling_duties": _("compelling legitimate interests: duties apply"),
    "no_mechanism": _("no transfer mechanism"),
    "out_of_scope": _("not assessed: no export rule governs the exporter"),
}


def severity(code: str) -> str:
    return str(SEVERITIES.get(code, code))


def finding(code: str) -> str:
    """A finding code in words; an unknown code as it is stored."""
    return str(FINDINGS.get(code, _humanized(code)))


def finding_line(severity_code: str, code: str) -> str:
    """'warning: importer not certified' in the reader's language."""
    return _("%(severity)s: %(finding)s") % {
        "severity": severity(severity_code),
        "finding": finding(code),
    }


# -- regimes ------------------------------------------------------------------------------------

# The breach regimes and the transfer regimes share their codes (EU_GDPR, UK_GDPR, JP_APPI).
REGIMES = {
    "EU_GDPR": _("EU GDPR"),
    "UK_GDPR": _("UK GDPR"),
    "JP_APPI": _("Japan APPI"),
    "KR_PIPA": _("Korea PIPA"),
    "SG_PDPA": _("Singapore PDPA"),
    "BR_LGPD": _("Brazil LGPD"),
    "CH_FADP": _("Swiss FADP"),
    "AU_NDB": _("Australia NDB scheme"),
    "CN_PIPL": _("China PIPL"),
    "EU_NIS2": _("EU NIS2"),
}


def regime(code: str) -> str:
    return str(REGIMES.get(code, code))


# -- reminders ----------------------------------------------------------------------------------

# Reminder kinds ("EU_GDPR.data_subject_notification", "transfers.tia_review"): each feature
# registers the words for its kinds when it registers its deadline source.
REMINDER_KINDS: dict[str, Any] = {}


def register_reminder_kinds(words: Mapping[str, Any]) -> None:
    REMINDER_KINDS.update(words)


def reminder_kind(code: str) -> str:
    return str(REMINDER_KINDS.get(code, _humanized(code)))


# What a reminder counts from ("24 hours after awareness"), as the deadline sources name it.
START_POINTS = {
    "awareness": _("awareness"),
    "the start of the period": _("the start of the period"),
    "the approval": _("the approval"),
    "the signature": _("the signature"),
    "the review window": _("the review window"),
}
_SPAN = re.compile(r"^(\d+)([dhm])$")
_OVERDUE_BY = re.compile(r"^overdue: (\d+) (day|hour|minute)s? past ")


def span(token: str) -> str:
    """'24h' → '24 hours', '1d' → '1 day', in the reader's language."""
    match = _SPAN.match(token)
    if match is None:
        return token
    n, unit = int(match.group(1)), match.group(2)
    if unit == "d":
        return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}
    if unit == "h":
        return ngettext("%(n)s hour", "%(n)s hours", n) % {"n": n}
    return ngettext("%(n)s minute", "%(n)s minutes", n) % {"n": n}


def reminder_threshold(threshold: str, *, internal: bool, stored: str) -> str:
    """A reminder's moment in the reader's words, from its threshold code ("due-24h",
    "start+0h", "overdue-2"); ``stored`` (the English text written when it was planned) where
    the code alone does not say it."""
    base, _sep, offset = (
        threshold.partition("+") if threshold.startswith("start+") else threshold.partition("-")
    )
    if base == "due" and _SPAN.match(offset):
        if int(offset[:-1]) == 0:
            return str(_("at the internal target") if internal else _("at the deadline"))
        before = (
            _("%(span)s before the internal target")
            if internal
            else _("%(span)s before the deadline")
        )
        return before % {"span": span(offset)}
    if base == "start" and _SPAN.match(offset):
        start = next((w for en, w in START_POINTS.items() if stored.endswith(en)), None)
        if start is None:
            return stored
        if int(offset[:-1]) == 0:
            return _("at %(start)s") % {"start": start}
        return _("%(span)s after %(start)s") % {"span": span(offset), "start": start}
    late = _OVERDUE_BY.match(stored)
    if base == "overdue" and offset.isdigit() and late is not None:
        overdue = (
            _("overdue: %(span)s past the internal target (repeat %(n)s)")
            if internal
            else _("overdue: %(span)s past the deadline (repeat %(n)s)")
        )
        return overdue % {"span": span(f"{late.group(1)}{late.group(2)[0]}"), "n": int(offset)}
    return stored
