"""The clocks of the BCR programme as rows, so that the reminder system can follow them.

``compliance.rules.bcr`` computes the clocks from the dates of an application (and of the
annual updates of its approved BCR); ``compliance.bcr.services.sync_bcr_clocks`` stores each one
here after every step that can change them, and daily (a clock may start with the passing of
time: GDPR Art. 65(3)). A clock is one row per start (and per substantial change): a re-run of
the procedure after an invalidation, and each year's annual update, get their own rows, because
a reminder is sent once per threshold of a row and a new period must be reminded of again. Rows
are never deleted: a clock that no longer applies (withdrawal, invalidation) is cancelled.
Each row keeps where its period comes from (``deadline_source``: only a missed statutory period
is late), whether it counts from an assumed date, and the calendar end it was moved from off a
week-end or holiday (Reg. 1182/71 Art. 3(4)).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from compliance import legal_text
from compliance.bcr.models.procedure import BCRApplication
from compliance.bcr.models.programme import BCRSubstantialChange
from compliance.registry.models.entities import GroupEntity
from compliance.rules import bcr as rules


class BCRClockKind(models.TextChoices):
    """The clocks of the programme. Their labels are the one place the clocks are named
    (``compliance.bcr.selectors.CLOCK_LABELS`` reads them)."""

    EDPB_OPINION = rules.EDPB_OPINION, _("EDPB opinion")
    LEAD_RESPONSE = rules.LEAD_RESPONSE, _("Lead authority's response to the EDPB")
    ART65_DECISION = rules.ART65_DECISION, _("EDPB binding decision (dispute)")
    ART65_MAJORITY_DECISION = (
        rules.ART65_MAJORITY_DECISION,
        _("EDPB decision by simple majority (dispute)"),
    )
    LEAD_FINAL_DECISION = (
        rules.LEAD_FINAL_DECISION,
        _("Lead authority's final decision after the binding decision"),
    )
    ANNUAL_UPDATE = rules.ANNUAL_UPDATE, _("Annual update to the BCR Lead")
    SUBSTANTIAL_CHANGE_REPORT = (
        rules.SUBSTANTIAL_CHANGE_REPORT,
        _("Substantial change reported to the BCR Lead"),
    )


class DeadlineSource(models.TextChoices):
    """Where a clock's period comes from: only a missed statute period is late."""

    STATUTE = rules.STATUTE, _("statute")
    GUIDELINE = rules.GUIDELINE, _("regulator's guideline")
    INTERNAL = rules.INTERNAL, _("internal target")


class BCRClockStatus(models.TextChoices):
    OPEN = "open", _("open")
    MET = "met", _("met")
    CANCELLED = "cancelled", _("cancelled")


class BCRClockQuerySet(models.QuerySet["BCRClock"]):
    def open(self) -> BCRClockQuerySet:
        return self.filter(status=BCRClockStatus.OPEN)


class BCRClock(models.Model):
    """One period of the procedure or of the upkeep, from its start to its last day."""

    coordinator_actions = ("view",)

    application = models.ForeignKey(
        BCRApplication,
        on_delete=models.PROTECT,
        related_name="clocks",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("clock"), max_length=40, choices=BCRClockKind.choices)
    starts_on = models.DateField(_("runs from"))
    due_on = models.DateField(_("last day"))
    basis = models.TextField(_("legal basis"))
    # The English basis's templates and parameters (compliance.legal_text), so that the reader
    # gets it in their language; ``basis`` stays the English text of record.
    basis_parts = models.JSONField(
        _("legal basis (parts)"), default=list, blank=True, editable=False
    )
    met_on = models.DateField(_("met on"), null=True, blank=True)
    deadline_source = models.CharField(
        _("period set by"),
        max_length=10,
        choices=DeadlineSource.choices,
        default=DeadlineSource.STATUTE,
        help_text=_("only a missed statutory period is late"),
    )
    assumed = models.BooleanField(
        _("assumed"),
        default=False,
        help_text=_("counted from a date that is not recorded (see the legal basis)"),
    )
    moved_from = models.DateField(
        _("moved from"),
        null=True,
        blank=True,
        help_text=_("the calendar end, when it is not a working day (Reg. 1182/71 Art. 3(4))"),
    )
    # The change a substantial-change clock is about: several changes may fall on one day.
    substantial_change = models.ForeignKey(
        BCRSubstantialChange,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clocks",
        verbose_name=_("substantial change"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BCRClockStatus.choices,
        default=BCRClockStatus.OPEN,
        db_index=True,
    )
    # The group's EU main establishment when the clock was last synced: the BCR Lead is the
    # authority of the main establishment (GDPR Art. 56(1); domain brief §5), so its coordinators
    # are the ones to remind and its time zone is the calendar on which the days are counted.
    entity = models.ForeignKey(
        GroupEntity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinating entity"),
        help_text=_("the group's EU main establishment: its coordinators are reminded"),
    )

    history = HistoricalRecords()

    objects = BCRClockQuerySet.as_manager()

    class Meta:
        ordering = ["application", "starts_on", "kind"]
        verbose_name = _("BCR clock")
        verbose_name_plural = _("BCR clocks")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "starts_on"],
                condition=Q(substantial_change__isnull=True),
                name="bcr_clock_unique",
            ),
            models.UniqueConstraint(
                fields=["application", "substantial_change", "starts_on"],
                condition=Q(substantial_change__isnull=False),
                name="bcr_clock_unique_per_change",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("starts_on")),
                name="bcr_clock_due_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=BCRClockStatus.MET) | Q(met_on__isnull=False),
                name="bcr_clock_met_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on.isoformat()}"

    @property
    def statutory(self) -> bool:
        return self.deadline_source == DeadlineSource.STATUTE

    @property
    def basis_text(self) -> str:
        """The legal basis in the active language (the stored English text when it has no
        parts)."""
        return legal_text.render(self.basis, self.basis_parts)
