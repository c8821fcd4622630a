"""Forms of the compliance admin: parse and validate input, never decide legal outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.contrib.admin import widgets
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.breaches.models import BreachIncident
from compliance.breaches.services import FACT_FIELDS, FUTURE_TOLERANCE


def localize_wall_time(value: datetime, zone_name: str) -> datetime:
    """Read the wall-clock time the user typed as a time in ``zone_name``.

    Refuses a time that does not exist (skipped by a DST change) or exists twice (repeated by
    one), because a deadline computed from a guessed instant could be an hour off.
    """
    zone = ZoneInfo(zone_name)
    naive = timezone.make_naive(value) if timezone.is_aware(value) else value
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        round_trip = first.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
        if round_trip != naive:
            raise forms.ValidationError(
                _(
                    "%(time)s does not exist in %(zone)s on that day (the clocks jump forward). "
                    "Check the time, or enter it in UTC."
                ),
                params={"time": naive.strftime("%H:%M"), "zone": zone_name},
            )
        raise forms.ValidationError(
            _(
                "%(time)s occurs twice in %(zone)s on that day (the clocks go back). Enter the "
                "time in UTC (time zone of the report: UTC) so the deadline is exact."
            ),
            params={"time": naive.strftime("%H:%M"), "zone": zone_name},
        )
    return first


class BreachIncidentForm(forms.ModelForm):
    """Times are entered as the wall-clock time in the zone the breach was reported in."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BreachIncident
        # every fact a DPO records; the state changes only through transitions
        fields = ("entity", "affected_countries", *FACT_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is not None:
            self.fields["loaded_version"].initial = instance.version
            zone = _zone(instance.aware_time_zone)
            for name in ("aware_at", "occurred_at"):
                value = getattr(instance, name)
                if value is not None and zone is not None and name in self.fields:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)
        for name in ("aware_at", "occurred_at"):
            if name in self.fields:
                self.fields[name].help_text = (
                    f"{self.fields[name].help_text} "
                    + str(_("Enter the local time in the zone of the report below."))
                ).strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone_name = cleaned.get("aware_time_zone")
        if zone_name and _zone(zone_name) is not None:
            # The widgets show and take the wall-clock time of the report's zone (see __init__).
            for name in ("aware_at", "occurred_at"):
                value = cleaned.get(name)
                if value is None:
                    continue
                try:
                    cleaned[name] = localize_wall_time(value, zone_name)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
                    continue
                if cleaned[name] > timezone.now() + FUTURE_TOLERANCE:
                    self.add_error(name, _("This time is in the future."))
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
                        "This breach was changed by someone else after you opened it. Your changes "
                        "were not saved; reload the page to see the current version."
                    ),
                    code="conflict",
                )
        return cleaned


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class WaiveDeadlineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this notification not required?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded with your name; e.g. the risk assessment that shows no risk."),
    )


class SubmitNotificationForm(forms.Form):
    submitted_at = forms.SplitDateTimeField(
        label=_("Submitted at (UTC)"),
        widget=widgets.AdminSplitDateTime,
        initial=timezone.now,
    )
    late_reasons = forms.CharField(
        label=_("Reasons for the delay"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when submitted after the deadline (GDPR Art. 33(1))."),
    )


class AcknowledgeNotificationForm(forms.Form):
    acknowledged_at = forms.SplitDateTimeField(
        label=_("Acknowledged at (UTC)"),
        widget=widgets.AdminSplitDateTime,
        initial=timezone.now,
    )
    authority_reference = forms.CharField(
        label=_("Authority's case reference"), required=False, max_length=100
    )


class FollowUpForm(forms.Form):
    submitted_at = forms.SplitDateTimeField(
        label=_("Provided at (UTC)"), widget=widgets.AdminSplitDateTime, initial=timezone.now
    )
    content = forms.CharField(
        label=_("Information provided"), widget=forms.Textarea(attrs={"rows": 5})
    )


class TransitionNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why, recorded on the timeline."),
    )
