"""Forms of the compliance admin: parse and validate input, never decide legal outcomes.

Every instant is typed as the wall-clock time of one stated zone: the breach's *time zone of the
report* (by default its entity's zone) for the breach and its notifications. The stored value is
UTC; the page shows both after saving (``compliance.inputs.describe_instant``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance.breaches.models import BreachIncident
from compliance.breaches.services import FACT_FIELDS
from compliance.inputs import (
    EARLIEST_DATE,
    GDPR_APPLIES_FROM,
    InstantField,
    ProseField,
    check_instant_range,
    check_text,
    describe_instant,
    guard_autocomplete,
    localize_wall_time,
    normalise_cleaned_text,
    normalise_text,
    wall_time,
    zone_or_none,
)

__all__ = [
    "AcknowledgeNotificationForm",
    "BreachIncidentForm",
    "FollowUpForm",
    "SubmitNotificationForm",
    "TransitionNoteForm",
    "WaiveDeadlineForm",
    "localize_wall_time",
]

INSTANT_FIELDS = ("aware_at", "occurred_at")
BEFORE_GDPR = _(
    "%(value)s is before 25 May 2018, when the GDPR began to apply (Art. 99(2)): no GDPR clock "
    "starts there. Check the year; a breach before then is recorded outside this register."
)


class BreachIncidentForm(forms.ModelForm):
    """Times are entered as the wall-clock time in the zone the breach was reported in."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Read in the report's zone by ``clean`` (the zone is another field of the same form).
    occurred_at = InstantField(
        label=_("Occurred at"), required=False, not_future=False, help_text=_("empty when unknown")
    )
    aware_at = InstantField(
        label=_("Became aware at"),
        not_future=False,
        help_text=_("The instant the entity became aware of the breach: the clocks start here."),
    )

    class Meta:
        model = BreachIncident
        # every fact a DPO records; the state changes only through transitions
        fields = ("entity", "affected_countries", *FACT_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_autocomplete(self)
        instance = self.instance
        zone_name = instance.aware_time_zone if instance.pk is not None else ""
        if instance.pk is not None:
            self.fields["loaded_version"].initial = instance.version
            for name in INSTANT_FIELDS:
                value = getattr(instance, name)
                if name in self.fields and zone_or_none(zone_name) is not None:
                    self.initial[name] = wall_time(value, zone_name)
        if "aware_time_zone" in self.fields:
            self.fields["aware_time_zone"].required = False
            self.fields["aware_time_zone"].help_text = _(
                "IANA zone the times above are typed in, e.g. Asia/Tokyo. Empty: the zone of "
                "the reporting entity."
            )
        for name in INSTANT_FIELDS:
            field = self.fields.get(name)
            if field is None:
                continue
            if isinstance(field, InstantField):
                # Read by the form in the report's zone (see clean); the "Now" shortcut fills
                # the current time of the zone typed in that field.
                field.set_zone("", zone_field="aware_time_zone")
            help_text = [str(field.help_text or ""), gettext("Local time of the report's zone.")]
            value = getattr(instance, name, None) if instance.pk is not None else None
            if value is not None:
                help_text.append(gettext("Saved: %(instant)s.") % {"instant": self._shown(value)})
            field.help_text = " ".join(t for t in help_text if t)

    def _shown(self, value: Any) -> str:
        instance = self.instance
        text = describe_instant(value, instance.aware_time_zone)
        entity_zone = instance.entity.time_zone if instance.entity_id else ""
        if entity_zone and entity_zone not in (instance.aware_time_zone, "UTC"):
            text += "; " + describe_instant(value, entity_zone).split(" = ", 1)[-1]
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        normalise_cleaned_text(self, cleaned)
        zone_name = cleaned.get("aware_time_zone") or ""
        entity = cleaned.get("entity")
        if not zone_name and entity is not None:
            zone_name = cleaned["aware_time_zone"] = entity.time_zone
        if zone_name and zone_or_none(zone_name) is not None:
            # The widgets show and take the wall-clock time of the report's zone (see __init__).
            for name in INSTANT_FIELDS:
                value = cleaned.get(name)
                if value is None:
                    continue
                try:
                    cleaned[name] = localize_wall_time(value, zone_name)
                    check_instant_range(
                        cleaned[name],
                        earliest=GDPR_APPLIES_FROM if name == "aware_at" else EARLIEST_DATE,
                        earliest_reason=BEFORE_GDPR if name == "aware_at" else None,
                    )
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        elif "aware_time_zone" in self.fields and not self.has_error("aware_time_zone"):
            self.add_error(
                "aware_time_zone", gettext("Give the zone the times are typed in, e.g. UTC.")
            )
        self._check_version(cleaned)
        self.duplicates = self._likely_duplicates(cleaned)
        return cleaned

    def _check_version(self, cleaned: dict[str, Any]) -> None:
        version = cleaned.get("loaded_version")
        if self.instance.pk is not None and version is not None:
            current = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current != version:
                raise forms.ValidationError(
                    _(
                        "This breach was changed by someone else after you opened it. Your "
                        "changes were not saved; reload the page to see the current version."
                    ),
                    code="conflict",
                )

    def _likely_duplicates(self, cleaned: dict[str, Any]) -> list[BreachIncident]:
        """Breaches of the same entity, aware at the same instant, with the same title."""
        entity, aware_at, title = (
            cleaned.get("entity"),
            cleaned.get("aware_at"),
            cleaned.get("title"),
        )
        if entity is None or aware_at is None or not title or self.errors:
            return []
        same = BreachIncident.objects.filter(
            entity=entity, aware_at=aware_at, title__iexact=title
        ).exclude(pk=self.instance.pk)
        return list(same[:5])


class WaiveDeadlineForm(forms.Form):
    reason = ProseField(
        label=_("Why is this notification not required?"),
        help_text=_("Recorded with your name; e.g. the risk assessment that shows no risk."),
    )


def _record_zone_label(text: Any) -> str:
    """A label naming the zone the time is typed in (the active zone: the breach's)."""
    return f"{text} ({timezone.get_current_timezone_name()})"


class _ZonedForm(forms.Form):
    """Instants typed in the active time zone, which the admin sets to the breach's zone."""

    instant_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        for name in self.instant_fields:
            field = self.fields[name]
            assert isinstance(field, InstantField)
            field.set_zone(zone)
            field.label = _record_zone_label(field.label)
            field.help_text = gettext("Enter the local time in %(zone)s.") % {"zone": zone}


def _now_in_zone() -> Any:
    # The initial value of a zoned field: prepare_value shows it in the field's zone.
    return timezone.now().replace(second=0, microsecond=0)


class SubmitNotificationForm(_ZonedForm):
    instant_fields = ("submitted_at",)

    submitted_at = InstantField(label=_("Submitted at"), initial=_now_in_zone, not_future=True)
    late_reasons = ProseField(
        label=_("Reasons for the delay"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when submitted after the deadline (GDPR Art. 33(1))."),
    )


class AcknowledgeNotificationForm(_ZonedForm):
    instant_fields = ("acknowledged_at",)

    acknowledged_at = InstantField(
        label=_("Acknowledged at"), initial=_now_in_zone, not_future=True
    )
    authority_reference = forms.CharField(
        label=_("Authority's case reference"), required=False, max_length=100
    )

    def clean_authority_reference(self) -> str:
        value = normalise_text(self.cleaned_data.get("authority_reference", ""), multiline=False)
        check_text(value, multiline=False)
        return value


class FollowUpForm(_ZonedForm):
    instant_fields = ("submitted_at",)

    submitted_at = InstantField(label=_("Provided at"), initial=_now_in_zone, not_future=True)
    content = ProseField(
        label=_("Information provided"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class TransitionNoteForm(forms.Form):
    note = ProseField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why, recorded on the timeline."),
    )
