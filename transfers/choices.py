"""Enumerations of the transfers app (layer 0: no imports from the project's models)."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from transfers.rules.adequacy import EU_DECISIONS, UK_DECISIONS
from transfers.rules.vocabulary import COMPELLING_INTERESTS, DEROGATIONS


class AdequacyRegime(models.TextChoices):
    EU = "EU", _("EU (GDPR Art. 45)")
    UK = "UK", _("UK (UK GDPR Art. 45, DPA 2018 s. 17A)")


class ExportRegime(models.TextChoices):
    """The export rules the transfer engine implements (``transfers.rules.vocabulary.Regime``);
    an evaluation's regime is empty when none governs the exporter (not assessed)."""

    EU_GDPR = "EU_GDPR", _("EU GDPR")
    UK_GDPR = "UK_GDPR", _("UK GDPR")
    JP_APPI = "JP_APPI", _("Japan APPI")


class Frequency(models.TextChoices):
    CONTINUOUS = "continuous", _("continuous")
    REGULAR = "regular", _("regular")
    # Art. 49 derogations cover only occasional, non-repetitive transfers (EDPB Guidelines 2/2018).
    OCCASIONAL = "occasional", _("occasional (non-repetitive)")


class TransferState(models.TextChoices):
    REQUESTED = "requested", _("requested")
    DPO_REVIEW = "dpo_review", _("DPO review")
    LEGAL_APPROVAL = "legal_approval", _("legal approval")
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    RETIRED = "retired", _("retired")


class SCCVersion(models.TextChoices):
    V2010 = "2010", _("2010 SCCs (2001/497/EC, 2004/915/EC, 2010/87/EU)")
    V2021 = "2021", _("2021 SCCs (Implementing Decision (EU) 2021/914)")
    UK_ADDENDUM = "uk_addendum", _("UK Addendum to the 2021 SCCs")
    UK_IDTA = "uk_idta", _("UK International Data Transfer Agreement (IDTA)")


class SCCModule(models.IntegerChoices):
    C2C = 1, _("Module 1: controller to controller")
    C2P = 2, _("Module 2: controller to processor")
    P2P = 3, _("Module 3: processor to processor")
    P2C = 4, _("Module 4: processor to controller")


class SCCState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed")
    SUPERSEDED = "superseded", _("superseded")
    TERMINATED = "terminated", _("terminated")


class PartySide(models.TextChoices):
    EXPORTER = "exporter", _("data exporter")
    IMPORTER = "importer", _("data importer")


class TIAState(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")
    REASSESSMENT_DUE = "reassessment_due", _("reassessment due")


class Mechanism(models.TextChoices):
    """The engine's mechanisms (domain.md §7), for the register's column and filter."""

    NOT_A_TRANSFER = "not_a_transfer", _("not a transfer")
    ADEQUACY = "adequacy", _("adequacy")
    BCR = "bcr", _("BCRs")
    SCC = "scc", _("SCCs")
    UK_IDTA = "uk_idta", _("UK IDTA")
    UK_ADDENDUM = "uk_addendum", _("UK Addendum")
    DEROGATION = "derogation", _("derogation (Art. 49)")
    DESIGNATED_COUNTRY = "designated_country", _("designated country (APPI)")
    EQUIVALENT_MEASURES = "equivalent_measures", _("equivalent measures (APPI)")
    CONSENT = "consent", _("consent (APPI)")


# The derogations in plain words (GDPR Art. 49(1); UK GDPR Art. 49(1) has the same points).
_DEROGATION_WORDS = {
    "49(1)(a)": _("explicit consent, after being told of the risks"),
    "49(1)(b)": _("necessary for a contract with the data subject"),
    "49(1)(c)": _("necessary for a contract concluded in the data subject's interest"),
    "49(1)(d)": _("important reasons of public interest"),
    "49(1)(e)": _("establishing, exercising or defending legal claims"),
    "49(1)(f)": _("vital interests, where the data subject cannot consent"),
    "49(1)(g)": _("from a public register"),
    COMPELLING_INTERESTS: _("compelling legitimate interests (last resort; duties apply)"),
}
DEROGATION_CHOICES = [
    (d, format_lazy("GDPR / UK GDPR Art. {}: {}", d, _DEROGATION_WORDS[d])) for d in DEROGATIONS
]


def _organisations() -> list[tuple[str, str]]:
    """The international organisations the adequacy data knows (GDPR Art. 4(26), 45): their
    codes have three or more letters, a country's two (e.g. "EPO")."""
    titles: dict[str, str] = {}
    for decision in (*EU_DECISIONS, *UK_DECISIONS):
        if len(decision.jurisdiction) > 2:
            titles.setdefault(decision.jurisdiction, decision.title)
    return sorted(titles.items())


ORGANISATION_CHOICES = [(code, f"{title} ({code})") for code, title in _organisations()]
