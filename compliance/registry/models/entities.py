"""The corporate group and its entities: the registry every other record hangs from."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from compliance.inputs import BoundedTextField, validate_single_line
from compliance.registry.models.reference import Country, SupervisoryAuthority
from compliance.workflow.models import VersionedModel


def validate_time_zone(value: str) -> None:
    if value not in _time_zones():
        raise ValidationError(
            _("%(value)s is not an IANA time zone (for example Europe/Berlin or Asia/Tokyo)."),
            params={"value": value},
            code="unknown_time_zone",
        )


_TZ_CACHE: frozenset[str] = frozenset()


def _time_zones() -> frozenset[str]:
    global _TZ_CACHE
    if not _TZ_CACHE:
        _TZ_CACHE = frozenset(available_timezones())
    return _TZ_CACHE


class CorporateGroup(VersionedModel):
    coordinator_actions = ("view",)
    name = models.CharField(
        _("name"), max_length=200, unique=True, validators=[validate_single_line]
    )
    short_name = models.CharField(_("short name"), max_length=60, validators=[validate_single_line])
    dpo_contact = models.CharField(
        _("group data protection officer"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "Name and contact details of the group's DPO (GDPR Art. 37(2)): the contact point of "
            "a notification where the entity has no DPO of its own (Art. 33(3)(b))."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("corporate group")
        verbose_name_plural = _("corporate groups")
        permissions = [("export_reports", _("Can export PDF reports"))]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.name,)


class GroupEntityQuerySet(models.QuerySet["GroupEntity"]):
    def active(self, *, at: date) -> GroupEntityQuerySet:
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=at),
            Q(active_to__isnull=True) | Q(active_to__gte=at),
        )

    def main_establishments(self) -> GroupEntityQuerySet:
        return self.filter(is_eu_main_establishment=True)


class GroupEntity(VersionedModel):
    """A legal entity of the group: a controller and/or processor in one country."""

    entity_scope = ("pk",)
    # Coordinators keep their entity's details current; they do not create entities.
    coordinator_actions = ("view", "change")

    group = models.ForeignKey(
        CorporateGroup, on_delete=models.PROTECT, related_name="entities", verbose_name=_("group")
    )
    legal_name = models.CharField(
        _("legal name"), max_length=200, validators=[validate_single_line]
    )
    short_name = models.CharField(_("short name"), max_length=60, validators=[validate_single_line])
    registration_id = models.CharField(
        _("registration identifier"),
        max_length=40,
        blank=True,
        help_text=_("LEI or commercial register number"),
        validators=[validate_single_line],
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="entities", verbose_name=_("country")
    )
    region = models.CharField(
        _("region"),
        max_length=6,
        blank=True,
        help_text=_(
            "ISO 3166-2 subdivision; for Germany the Land (e.g. DE-NW), which decides the "
            "competent authority"
        ),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent entity"),
    )
    is_controller = models.BooleanField(_("controller"), default=True)
    is_processor = models.BooleanField(_("processor"), default=False)
    is_eu_main_establishment = models.BooleanField(
        _("EU main establishment"),
        default=False,
        help_text=_("GDPR Art. 4(16): the place of central administration in the Union"),
    )
    main_establishment_since = models.DateField(
        _("main establishment since"), null=True, blank=True
    )
    lead_authority = models.ForeignKey(
        SupervisoryAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_for",
        verbose_name=_("lead supervisory authority"),
        help_text=_("Derived from the group's EU main establishment (GDPR Art. 56(1))"),
    )
    lead_authority_reason = BoundedTextField(
        _("reason for overriding the lead authority"), blank=True
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_entities",
        verbose_name=_("privacy coordinators"),
    )
    dpo_contact = models.CharField(
        _("data protection officer"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "Name and contact details of the entity's own DPO, if it has one; empty: the group's "
            "DPO is the contact point of its notifications (GDPR Art. 33(3)(b))."
        ),
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)

    objects = GroupEntityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[coordinators])

    class Meta:
        ordering = ["group", "short_name"]
        verbose_name = _("group entity")
        verbose_name_plural = _("group entities")
        constraints = [
            # "ACME" and "Acme" would be two entities nobody can tell apart in a list.
            models.UniqueConstraint(
                "group",
                Lower("short_name"),
                name="entity_short_name_unique",
                violation_error_message=_(
                    "Another entity of the group already has this short name (letter case aside)."
                ),
            ),
            # One legal person, one record: a registration id (LEI, register number) is not
            # reused, whatever its letter case.
            models.UniqueConstraint(
                Lower("registration_id"),
                condition=~Q(registration_id=""),
                name="entity_registration_id_unique",
                violation_error_message=_(
                    "Another entity already has this registration identifier."
                ),
            ),
            # At most one current EU main establishment per group (GDPR Art. 4(16), 56(1)).
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(is_eu_main_establishment=True),
                name="one_current_main_establishment_per_group",
                violation_error_message=_(
                    "The group already has an EU main establishment; a group has one at a "
                    "time. Use the action 'Designate as EU main establishment' to move it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_controller=True) | Q(is_processor=True),
                name="entity_has_a_role",
                violation_error_message=_("An entity is a controller, a processor, or both."),
            ),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="entity_active_range",
                violation_error_message=_("An entity cannot stop being active before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.short_name} ({self.country_id})"

    def natural_key(self) -> tuple[str, str]:
        return (self.group.name, self.short_name)

    @property
    def roles(self) -> list[str]:
        return [
            r
            for r, on in (("controller", self.is_controller), ("processor", self.is_processor))
            if on
        ]

    def ancestors(self) -> list[GroupEntity]:
        """Parents up to the root; stops (rather than loops) on a cycle already in the data."""
        chain: list[GroupEntity] = []
        seen = {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def main_establishment(self) -> GroupEntity | None:
        """The group's current EU main establishment (this entity itself, possibly)."""
        if self.is_eu_main_establishment:
            return self
        if self.group_id is None:
            return None
        return (
            GroupEntity.objects.filter(group_id=self.group_id, is_eu_main_establishment=True)
            .exclude(pk=self.pk)
            .select_related("country")
            .first()
        )

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.region and self.country_id and not self.region.startswith(f"{self.country_id}-"):
            errors.setdefault("region", []).append(
                _("Region %(region)s is not a subdivision of %(country)s.")
                % {"region": self.region, "country": self.country_id}
            )
        parent = self.parent if self.parent_id is not None else None
        if parent is not None:
            if self.pk is not None and parent.pk == self.pk:
                errors.setdefault("parent", []).append(_("An entity cannot be its own parent."))
            elif self.pk is not None and self.pk in {a.pk for a in parent.ancestors()}:
                errors.setdefault("parent", []).append(
                    _("%(parent)s is a subsidiary of %(entity)s: this parent would make a cycle.")
                    % {"parent": parent.short_name, "entity": self.short_name}
                )
            elif self.group_id and parent.group_id != self.group_id:
                errors.setdefault("parent", []).append(
                    _("The parent entity belongs to another group.")
                )
        if self.is_eu_main_establishment:
            self._clean_main_establishment(errors)
        self._clean_lead_authority(errors)
        if errors:
            raise ValidationError(errors)

    def _clean_main_establishment(self, errors: dict[str, list[Any]]) -> None:
        from compliance.rules.territories import in_gdpr_territory

        on = self.main_establishment_since or timezone.localdate()
        if self.country_id and not in_gdpr_territory(self.country_id, on):
            errors.setdefault("is_eu_main_establishment", []).append(
                _(
                    "An EU main establishment must be in the EEA (GDPR Art. 4(16)); %(country)s "
                    "is not on %(on)s."
                )
                % {"country": self.country_id, "on": on.isoformat()}
            )
        other = (
            GroupEntity.objects.filter(group_id=self.group_id, is_eu_main_establishment=True)
            .exclude(pk=self.pk)
            .first()
        )
        if other is not None:
            errors.setdefault("is_eu_main_establishment", []).append(
                _(
                    "%(other)s is already the group's EU main establishment; a group has one at a "
                    "time. Use the action 'Designate as EU main establishment' to move it."
                )
                % {"other": other.short_name}
            )

    def _clean_lead_authority(self, errors: dict[str, list[Any]]) -> None:
        authority = self.lead_authority if self.lead_authority_id is not None else None
        if authority is None:
            return
        main = self.main_establishment()
        if main is None:
            errors.setdefault("lead_authority", []).append(
                _(
                    "The group has no EU main establishment, so there is no lead authority to "
                    "record (GDPR Art. 56(1))."
                )
            )
            return
        if authority.country_id != main.country_id:
            errors.setdefault("lead_authority", []).append(
                _(
                    "%(authority)s is not an authority of %(country)s, where the group's main "
                    "establishment (%(main)s) is; the lead authority must be (GDPR Art. 56(1))."
                )
                % {
                    "authority": authority.short_name,
                    "country": main.country_id,
                    "main": main.short_name,
                }
            )
            return
        derived = SupervisoryAuthority.objects.competent_for(main.country_id, main.region)
        if derived is not None and derived.pk != authority.pk and not self.lead_authority_reason:
            errors.setdefault("lead_authority_reason", []).append(
                _(
                    "%(authority)s differs from the derived lead authority %(derived)s; record the "
                    "reason for the override."
                )
                % {"authority": authority.short_name, "derived": derived.short_name}
            )
