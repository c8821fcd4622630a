"""Enumerations shared by the compliance models (layer 0: imports only the pure rule engines, so
that a regime or obligation kind is spelt once, in ``compliance.rules.breach``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.rules import breach


class Bloc(models.TextChoices):
    EU = "EU", _("European Union")
    EEA = "EEA", _("European Economic Area")


class Sector(models.TextChoices):
    ALL = "all", _("public and private sector")
    PRIVATE = "private", _("private sector")
    PUBLIC = "public", _("public sector")


class Role(models.TextChoices):
    CONTROLLER = "controller", _("controller")
    PROCESSOR = "processor", _("processor")


# Names of the auth groups created by migration 0002; the role matrix lives in compliance.roles.
DPO_GROUP = "DPO"
LEGAL_GROUP = "Legal"
COORDINATOR_GROUP = "Entity coordinator"


class Risk(models.TextChoices):
    """Risk to the rights and freedoms of natural persons (GDPR Art. 33(1), 34(1))."""

    UNLIKELY = "unlikely", _("unlikely to result in a risk")
    RISK = "risk", _("risk")
    HIGH = "high", _("high risk")


class BreachCause(models.TextChoices):
    CYBER_ATTACK = "cyber_attack", _("cyber attack (unauthorised access, ransomware)")
    INSIDER = "insider", _("malicious insider")
    HUMAN_ERROR = "human_error", _("human error (misdirected e-mail, wrong recipient)")
    LOST_DEVICE = "lost_device", _("lost or stolen device or document")
    SYSTEM_FAILURE = "system_failure", _("system failure or bug")
    PROCESSOR = "processor", _("incident at a processor")
    OTHER = "other", _("other")


class IncidentState(models.TextChoices):
    DETECTED = "detected", _("detected")
    ASSESSING = "assessing", _("assessing")
    NOTIFYING = "notifying", _("notifying")
    MONITORING = "monitoring", _("monitoring")
    CLOSED = "closed", _("closed")


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("open")
    MET = "met", _("met")
    NOT_REQUIRED = "not_required", _("not required by law")
    WAIVED = "waived", _("decided not required")
    WITHDRAWN = "withdrawn", _("no longer applies (facts changed)")


class NotificationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")


class Regime(models.TextChoices):
    EU_GDPR = breach.EU_GDPR, _("EU GDPR")
    UK_GDPR = breach.UK_GDPR, _("UK GDPR")
    JP_APPI = breach.JP_APPI, _("Japan APPI")
    KR_PIPA = breach.KR_PIPA, _("Korea PIPA")
    SG_PDPA = breach.SG_PDPA, _("Singapore PDPA")
    BR_LGPD = breach.BR_LGPD, _("Brazil LGPD")
    CH_FADP = breach.CH_FADP, _("Swiss FADP")
    AU_NDB = breach.AU_NDB, _("Australia NDB scheme")
    CN_PIPL = breach.CN_PIPL, _("China PIPL")
    EU_NIS2 = breach.EU_NIS2, _("EU NIS2")


class ObligationKind(models.TextChoices):
    AUTHORITY_NOTIFICATION = breach.AUTHORITY_NOTIFICATION, _("notification to the authority")
    DATA_SUBJECT_NOTIFICATION = breach.DATA_SUBJECT_NOTIFICATION, _("notification to data subjects")
    CONTROLLER_NOTIFICATION = breach.CONTROLLER_NOTIFICATION, _("notification to the controller")
    PRELIMINARY_REPORT = breach.PRELIMINARY_REPORT, _("preliminary report")
    FINAL_REPORT = breach.FINAL_REPORT, _("final report")
    ASSESSMENT = breach.ASSESSMENT, _("notifiability assessment")
    EARLY_WARNING = breach.EARLY_WARNING, _("early warning")
    INCIDENT_NOTIFICATION = breach.INCIDENT_NOTIFICATION, _("incident notification")
    GROUP_NOTIFICATION = breach.GROUP_NOTIFICATION, _("notification to the exporting group member")
