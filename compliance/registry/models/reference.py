"""Reference data: countries, their EU/EEA membership periods, supervisory authorities.

Shipped as CSV files in ``compliance/registry/reference_data/`` and loaded by
``load_reference_data``; every
row has a natural key, a source and (where it matters) validity dates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from compliance.registry.choices import AuthorityBody, Bloc, Sector
from compliance.registry.names import authority_name, country_name


class CountryQuerySet(models.QuerySet["Country"]):
    def in_bloc(self, bloc: str, *, at: date) -> CountryQuerySet:
        """Countries that belonged to ``bloc`` on the day ``at``."""
        return self.filter(
            Exists(Membership.objects.of(bloc, at=at).filter(country=OuterRef("pk")))
        )


class MembershipQuerySet(models.QuerySet["Membership"]):
    def of(self, bloc: str, *, at: date) -> MembershipQuerySet:
        """The memberships of ``bloc`` in force on the day ``at``."""
        return self.filter(bloc=bloc, valid_from__lte=at).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=at)
        )


class CountryManager(models.Manager["Country"]):
    def get_by_natural_key(self, code: str) -> Country:
        return self.get(code=code)

    def get_queryset(self) -> CountryQuerySet:
        return CountryQuerySet(self.model, using=self._db)

    def in_bloc(self, bloc: str, *, at: date) -> CountryQuerySet:
        return self.get_queryset().in_bloc(bloc, at=at)


class Country(models.Model):
    coordinator_actions = ("view",)
    code = models.CharField(
        _("ISO code"), max_length=2, primary_key=True, help_text=_("ISO 3166-1 alpha-2")
    )
    name = models.CharField(_("name"), max_length=100)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = CountryManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.code})"

    @property
    def display_name(self) -> str:
        """The country's name in the active language (CLDR); the stored English ``name`` is the
        fallback (``compliance.registry.names``)."""
        return country_name(self.code, fallback=self.name)

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def is_member(self, bloc: str, *, at: date) -> bool:
        return any(m.bloc == bloc and m.covers(at) for m in self.memberships.all())


class Membership(models.Model):
    """A period during which a country belonged to the EU or the EEA (the UK's exit dated)."""

    coordinator_actions = ("view",)

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("country")
    )
    bloc = models.CharField(_("bloc"), max_length=3, choices=Bloc.choices)
    valid_from = models.DateField(_("member from"))
    valid_to = models.DateField(_("member until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)

    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["country", "bloc", "valid_from"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "bloc", "valid_from"], name="membership_natural_key"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_range",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "…"
        return f"{self.country_id} in {self.bloc} {self.valid_from.isoformat()}–{end}"

    def covers(self, at: date) -> bool:
        return self.valid_from <= at and (self.valid_to is None or at <= self.valid_to)


class SupervisoryAuthorityManager(models.Manager["SupervisoryAuthority"]):
    def get_by_natural_key(self, key: str) -> SupervisoryAuthority:
        return self.get(key=key)

    def competent_for(
        self,
        country_code: str,
        region: str = "",
        *,
        sector: str = Sector.PRIVATE,
        body: str = AuthorityBody.DATA_PROTECTION,
    ) -> SupervisoryAuthority | None:
        """The authority supervising a private company in ``country_code`` (and German Land).

        In Germany the authority of the Land where the company is established supervises the
        private sector (BDSG § 40); the federal BfDI only where no Land authority is recorded.
        ``body`` picks the kind of body (data protection authority by default).
        """
        candidates = list(
            self.filter(country_id=country_code, valid_to__isnull=True, body=body)
            .exclude(sector=Sector.PUBLIC if sector == Sector.PRIVATE else Sector.PRIVATE)
            .order_by("key")
        )
        regional = [a for a in candidates if region and a.region == region]
        if regional:
            return regional[0]
        if any(a.region for a in candidates):
            # A federal state (Germany): without the Land the competent authority is unknown; a
            # federal authority (BfDI) is not competent for private companies in general.
            return None
        national = [a for a in candidates if not a.region]
        return national[0] if national else None

    def nis2_recipient(self, country_code: str) -> SupervisoryAuthority | None:
        """Where an essential or important entity established in ``country_code`` reports a
        significant incident: its CSIRT, or where the member state has none recorded, its
        competent authority (NIS2 Art. 23(1))."""
        return self.competent_for(country_code, body=AuthorityBody.CSIRT) or self.competent_for(
            country_code, body=AuthorityBody.NIS2_AUTHORITY
        )


class SupervisoryAuthority(models.Model):
    coordinator_actions = ("view",)
    key = models.SlugField(_("key"), max_length=40, unique=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="authorities", verbose_name=_("country")
    )
    region = models.CharField(
        _("region"), max_length=6, blank=True, help_text=_("ISO 3166-2 code, e.g. DE-NW")
    )
    sector = models.CharField(_("sector"), max_length=8, choices=Sector.choices, default=Sector.ALL)
    body = models.CharField(
        _("kind of body"),
        max_length=10,
        choices=AuthorityBody.choices,
        default=AuthorityBody.DATA_PROTECTION,
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    website = models.URLField(_("website"), blank=True)
    breach_portal = models.URLField(_("breach notification portal"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = SupervisoryAuthorityManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "region", "short_name"]
        verbose_name = _("supervisory authority")
        verbose_name_plural = _("supervisory authorities")

    def __str__(self) -> str:
        return f"{self.short_name} ({self.region or self.country_id})"

    @property
    def display_name(self) -> str:
        """The authority's name in the active language where the catalogs have one, otherwise
        as recorded (``compliance.registry.names``)."""
        return authority_name(self.name)

    def natural_key(self) -> tuple[str]:
        return (self.key,)

    def as_row(self) -> dict[str, Any]:
        return {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}
