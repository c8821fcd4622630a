"""Enumerations of the breach register. Regimes, kinds and risks are the engine's codes
(``compliance.rules.breach``), so the stored value and the engine's output cannot drift apart."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from compliance.rules import breach as rules


class Risk(models.TextChoices):
    """Risk to the rights and freedoms of natural persons (GDPR Art. 33(1), 34(1))."""

    UNLIKELY = rules.RISK_UNLIKELY, _("unlikely to result in a risk")
    RISK = rules.RISK_LIKELY, _("risk")
    HIGH = rules.RISK_HIGH, _("high risk")


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
    EU_GDPR = rules.EU_GDPR, _("EU GDPR")
    UK_GDPR = rules.UK_GDPR, _("UK GDPR")
    JP_APPI = rules.JP_APPI, _("Japan APPI")
    KR_PIPA = rules.KR_PIPA, _("Korea PIPA")
    SG_PDPA = rules.SG_PDPA, _("Singapore PDPA")
    BR_LGPD = rules.BR_LGPD, _("Brazil LGPD")
    CH_FADP = rules.CH_FADP, _("Swiss FADP")
    AU_NDB = rules.AU_NDB, _("Australia NDB scheme")
    CN_PIPL = rules.CN_PIPL, _("China PIPL")
    EU_NIS2 = rules.EU_NIS2, _("EU NIS2")


class ObligationKind(models.TextChoices):
    AUTHORITY_NOTIFICATION = rules.AUTHORITY_NOTIFICATION, _("notification to the authority")
    DATA_SUBJECT_NOTIFICATION = rules.DATA_SUBJECT_NOTIFICATION, _("notification to data subjects")
    CONTROLLER_NOTIFICATION = rules.CONTROLLER_NOTIFICATION, _("notification to the controller")
    PRELIMINARY_REPORT = rules.PRELIMINARY_REPORT, _("preliminary report")
    FINAL_REPORT = rules.FINAL_REPORT, _("final report")
    ASSESSMENT = rules.ASSESSMENT, _("notifiability assessment")
    EARLY_WARNING = rules.EARLY_WARNING, _("early warning")
    INCIDENT_NOTIFICATION = rules.INCIDENT_NOTIFICATION, _("incident notification")
    GROUP_NOTIFICATION = rules.GROUP_NOTIFICATION, _("notification to the exporting group member")


class DeadlineSource(models.TextChoices):
    """Where a due instant comes from (domain brief §8.1); only a missed statute is late."""

    STATUTE = rules.STATUTE, _("period fixed by law")
    GUIDELINE = rules.GUIDELINE, _("regulator's yardstick")
    INTERNAL = rules.INTERNAL, _("internal target")


class TransferTool(models.TextChoices):
    """How a group member received the breached data from the member that exported it (§8.2)."""

    BCR = rules.GROUP_BCR, _("binding corporate rules")
    SCC = rules.GROUP_SCC, _("standard contractual clauses")


class SccModule(models.IntegerChoices):
    CONTROLLER_TO_CONTROLLER = 1, _("Module 1 (controller to controller)")
    CONTROLLER_TO_PROCESSOR = 2, _("Module 2 (controller to processor)")
    PROCESSOR_TO_PROCESSOR = 3, _("Module 3 (processor to processor)")


class Art34Exemption(models.TextChoices):
    """Why a communication to the data subjects is not required although the risk is high
    (GDPR Art. 34(3)); the code names the point, the label says what it requires."""

    UNINTELLIGIBLE = (
        "a",
        _(
            "the data is unintelligible to anyone not authorised to access it, "
            "such as by encryption"
        ),
    )
    SUBSEQUENT_MEASURES = (
        "b",
        _("subsequent measures ensure that the high risk is no longer likely to materialise"),
    )
    PUBLIC_COMMUNICATION = (
        "c",
        _(
            "it would involve disproportionate effort: a public communication or similar measure "
            "informs the data subjects instead, in an equally effective manner"
        ),
    )
