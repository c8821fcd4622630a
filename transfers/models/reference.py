"""Adequacy decisions as reference data (GDPR Art. 45, UK GDPR Art. 45).

The engine reads the same decisions from ``transfers.rules.adequacy`` (pure data with validity
periods); this table is their copy for the admin, loaded from
``transfers/reference_data/adequacy_decisions.csv``, which is generated from the Python tables and
kept equal to them by a test.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from transfers.choices import AdequacyRegime


class AdequacyDecisionManager(models.Manager["AdequacyDecision"]):
    def get_by_natural_key(self, key: str) -> AdequacyDecision:
        return self.get(key=key)


class AdequacyDecision(models.Model):
    coordinator_actions = ("view",)

    key = models.SlugField(_("key"), max_length=60, unique=True)
    regime = models.CharField(_("regime"), max_length=2, choices=AdequacyRegime.choices)
    # Not a country: the EU has found an international organisation adequate (the EPO).
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=8, help_text=_("ISO 3166-1 code, or EPO")
    )
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("legal act"), max_length=300)
    adopted = models.DateField(_("adopted"))
    valid_from = models.DateField(_("relied on from"))
    valid_to = models.DateField(
        _("relied on until"), null=True, blank=True, help_text=_("last day; empty: open")
    )
    scope = models.TextField(_("scope"))
    requires_certification = models.BooleanField(
        _("only certified organisations"),
        default=False,
        help_text=_("e.g. the EU-US Data Privacy Framework"),
    )
    source = models.CharField(_("source"), max_length=300)

    objects = AdequacyDecisionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["regime", "jurisdiction", "valid_from"]
        verbose_name = _("adequacy decision")
        verbose_name_plural = _("adequacy decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="adequacy_valid_range",
                violation_error_message=_("A decision cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regime}: {self.title}"

    def natural_key(self) -> tuple[str]:
        return (self.key,)

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)
