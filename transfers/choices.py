"""Enumerations of the transfers app (layer 0: no imports from the project's models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from transfers.rules.vocabulary import DEROGATIONS


class AdequacyRegime(models.TextChoices):
    EU = "EU", _("EU (GDPR Art. 45)")
    UK = "UK", _("UK (UK GDPR Art. 45, DPA 2018 s. 17A)")


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


DEROGATION_CHOICES = [(d, f"GDPR / UK GDPR Art. {d}") for d in DEROGATIONS]
