"""Who processes and who receives: Art. 30 records and recipients outside the group."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from compliance.inputs import BoundedTextField, validate_single_line
from compliance.registry.models import Country, GroupEntity
from compliance.workflow.models import VersionedModel
from transfers.choices import ORGANISATION_CHOICES


class ProcessingActivity(VersionedModel):
    """A record of processing activities (GDPR Art. 30(1)) kept by a group controller."""

    entity_scope = ("controller",)

    controller = models.ForeignKey(
        GroupEntity,
        on_delete=models.PROTECT,
        related_name="processing_activities",
        verbose_name=_("controller"),
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    purposes = BoundedTextField(_("purposes"), help_text=_("Art. 30(1)(b)"))
    data_categories = BoundedTextField(_("categories of personal data"))
    special_categories = models.BooleanField(
        _("includes special categories"),
        default=False,
        help_text=_("GDPR Art. 9/10; APPI special care-required personal information"),
    )
    subject_categories = BoundedTextField(_("categories of data subjects"))
    retention = models.CharField(
        _("retention"), max_length=300, help_text=_("time limits for erasure, Art. 30(1)(f)")
    )
    controller_contact = models.TextField(
        _("controller contact"),
        blank=True,
        help_text=_(
            "name and contact details of the controller and, where applicable, the joint "
            "controller and the representative, Art. 30(1)(a)"
        ),
    )
    dpo_contact = models.TextField(
        _("DPO contact"),
        blank=True,
        help_text=_("contact details of the data protection officer, Art. 30(1)(a)"),
    )
    recipients = models.TextField(
        _("categories of recipients"),
        blank=True,
        help_text=_(
            "to whom the data are disclosed, including recipients in third countries, Art. 30(1)(d)"
        ),
    )
    security_measures = models.TextField(
        _("technical and organisational security measures"),
        blank=True,
        help_text=_("a general description, Art. 30(1)(g) and 32(1)"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["controller", "name"]
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities (Art. 30)")
        constraints = [
            models.UniqueConstraint(
                fields=["controller", "name"], name="processing_activity_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


def _period_ok(start: str, end: str) -> Q:
    return Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": models.F(start)})


class ExternalRecipient(VersionedModel):
    """A recipient outside the group, with the certifications that matter for adequacy.

    The US adequacy decisions cover only listed organisations (Decision (EU) 2023/1795 Art. 1; the
    UK data bridge, SI 2023/1028 reg. 3, only those also in the UK Extension), so the dates of
    each certification are recorded, not a yes/no flag: a transfer evaluated on a past date must
    see the status of that date.
    """

    coordinator_actions = ("view",)

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    dpf_certified_from = models.DateField(
        _("DPF certified from"),
        null=True,
        blank=True,
        help_text=_(
            "active self-certification on the Data Privacy Framework List (Privacy Shield "
            "participants were carried over to it on 2023-07-10)"
        ),
    )
    dpf_certified_until = models.DateField(
        _("DPF certified until"), null=True, blank=True, help_text=_("last day; empty: active")
    )
    uk_extension_from = models.DateField(
        _("UK Extension from"), null=True, blank=True, help_text=_("UK Extension to the DPF")
    )
    uk_extension_until = models.DateField(_("UK Extension until"), null=True, blank=True)
    importer_certified_hr = models.BooleanField(
        _("certification covers HR data"),
        null=True,
        blank=True,
        help_text=_(
            "Does the recipient's DPF certification (and UK Extension) cover human-resources "
            "data of employees? An organisation is covered only for the data types it certified "
            "(Decision (EU) 2023/1795; DPF Supplemental Principle 9). 'Unknown' until checked "
            "on the DPF List: HR data is then flagged for confirmation."
        ),
    )
    organisation = models.CharField(
        _("international organisation"),
        max_length=8,
        choices=ORGANISATION_CHOICES,
        blank=True,
        help_text=_(
            "Is the recipient an international organisation (GDPR Art. 4(26))? A transfer to it "
            "is a transfer wherever it sits (Art. 44), and only a decision for the organisation "
            "itself is adequacy for it. The country is its seat."
        ),
    )
    apec_cbpr = models.BooleanField(
        _("APEC CBPR certified"),
        default=False,
        help_text=_("PPC Enforcement Rules Art. 16(ii); not enough for EU-origin data"),
    )
    notes = BoundedTextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("external recipient")
        verbose_name_plural = _("external recipients")
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="recipient_unique_name"),
            models.CheckConstraint(
                condition=_period_ok("dpf_certified_from", "dpf_certified_until")
                & (Q(dpf_certified_until__isnull=True) | Q(dpf_certified_from__isnull=False)),
                name="recipient_dpf_period",
                violation_error_message=_("The DPF certification cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=_period_ok("uk_extension_from", "uk_extension_until")
                & (Q(uk_extension_until__isnull=True) | Q(uk_extension_from__isnull=False)),
                name="recipient_uk_extension_period",
                violation_error_message=_("The UK Extension cannot end before it starts."),
            ),
            # The UK Extension is an add-on to a DPF certification (SI 2023/1028 reg. 3).
            models.CheckConstraint(
                condition=Q(uk_extension_from__isnull=True) | Q(dpf_certified_from__isnull=False),
                name="recipient_uk_extension_needs_dpf",
                violation_error_message=_(
                    "The UK Extension is part of a DPF certification: record the DPF "
                    "certification first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id})"

    def dpf_certified_on(self, on: date) -> bool:
        return _covers(self.dpf_certified_from, self.dpf_certified_until, on)

    def uk_extension_on(self, on: date) -> bool:
        return self.dpf_certified_on(on) and _covers(
            self.uk_extension_from, self.uk_extension_until, on
        )


def _covers(start: date | None, end: date | None, on: date) -> bool:
    return start is not None and start <= on and (end is None or on <= end)
