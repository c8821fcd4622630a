"""Forms of the compliance admin: parse and validate input, never decide legal outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.contrib.admin import widgets
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.breaches.choices import DeadlineStatus
from compliance.breaches.models import BreachIncident, BreachInvolvement
from compliance.breaches.services import FACT_FIELDS, FUTURE_TOLERANCE
from compliance.rules import breach as rules


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


# --- Breach engine v2 questions (domain brief §8.1, §8.2, §8.5) -------------------------------
# Kept together here: the plain-words questions with their legal test, "not assessed" as a real
# answer, the involved entities' form and the reason recorded with a correction of the facts.

# Whether a regime reaches an entity that is not established in its territory, asked per regime.
REACH_QUESTIONS = {
    rules.EU_GDPR: _(
        "Does this entity offer goods or services to, or monitor, people in the EU? "
        "(GDPR Art. 3(2))"
    ),
    rules.UK_GDPR: _(
        "Does this entity offer goods or services to, or monitor, people in the UK? "
        "(UK GDPR Art. 3(2))"
    ),
    rules.JP_APPI: _(
        "Does this entity handle personal information of people in Japan in connection with "
        "supplying goods or services to them? (APPI Art. 171)"
    ),
    rules.KR_PIPA: _(
        "Does this entity handle personal information of people in Korea, e.g. by offering "
        "them services? (PIPA Art. 31-2)"
    ),
    rules.SG_PDPA: _(
        "Does this entity collect, use or disclose personal data in Singapore? (PDPA s. 4)"
    ),
    rules.BR_LGPD: _(
        "Does this entity offer goods or services to, or process data of, people in Brazil? "
        "(LGPD Art. 3)"
    ),
    rules.CH_FADP: _("Does this entity's processing have effects in Switzerland? (FADP Art. 3(1))"),
    rules.AU_NDB: _(
        "Does this entity carry on business in Australia (an 'Australian link')? "
        "(Privacy Act 1988 s. 5B)"
    ),
    rules.CN_PIPL: _(
        "Does this entity provide products or services to, or analyse the behaviour of, "
        "people in China? (PIPL Art. 3(2))"
    ),
    rules.EU_NIS2: _("Does this entity provide its services in the EU? (NIS2 Art. 26)"),
}
NOT_ASSESSED = "not_assessed"
ASSESSED = "assessed"

# The v2 questions of the breach, in plain words with the legal test (the model's help text
# stays as the explanation under each).
QUESTIONS = {
    "special_category": _(
        "Does the data include special categories of personal data? (GDPR Art. 9, 10)"
    ),
    "appi_special_care": _(
        "Does the data include special care-required personal information under Japanese law? "
        "(APPI Art. 2(3))"
    ),
    "possibly_over_1000": _(
        "Can more than 1,000 people be affected, even if not confirmed? (PPC Rules Art. 7(iv))"
    ),
    "controller_subject_to_appi": _(
        "If this entity handles the data for another business: is that business itself under "
        "the APPI? (APPI Art. 26(1) proviso)"
    ),
    "assessed_at": _(
        "When was the assessment whether the breach must be notified completed? "
        "(Singapore PDPA s. 26D)"
    ),
    "minors": _("Does the data include data of children? (LGPD; ANPD Res. 15/2024 Art. 5)"),
    "authentication_data": _(
        "Does the data include passwords or other authentication data? (ANPD Res. 15/2024 Art. 5)"
    ),
    "financial_data": _(
        "Does the data include bank, card or payment data? (ANPD Res. 15/2024 Art. 5)"
    ),
    "unique_identifiers": _(
        "Does the data include national identification numbers? (PIPA Art. 24; PDPA)"
    ),
    "large_scale": _(
        "Are a significant number of people affected (large scale)? (ANPD Res. 15/2024 Art. 5)"
    ),
    "small_agent": _("Is the Brazilian entity a small processing agent? (ANPD Res. 2/2022)"),
    "nis2_entity": _("Is the entity an essential or important entity under NIS2? (NIS2 Art. 3)"),
    "significant_incident": _(
        "Is it a significant incident: severe disruption or loss, or considerable damage to "
        "others? (NIS2 Art. 23(3))"
    ),
    "nis2_notified_at": _(
        "When was the NIS2 incident notification submitted? (NIS2 Art. 23(4)(d))"
    ),
}
# Instants of the v2 facts, entered like the awareness time in the report's zone.
V2_LOCAL_TIMES = ("assessed_at", "nis2_notified_at")


class AppiSpecialCareSelect(forms.NullBooleanSelect):
    """'Not answered' is a real answer: the GDPR special-categories answer is then used."""

    def __init__(self, attrs: Any = None) -> None:
        super().__init__(attrs)
        self.choices = [
            ("unknown", _("not answered: use the GDPR special-categories answer")),
            ("true", _("yes")),
            ("false", _("no")),
        ]


class BreachV2QuestionsForm(forms.Form):
    """The breach's v2 questions (mixed into ``BreachIncidentForm``): labels in plain words,
    instants in the report's zone, and the reason for a correction of the facts."""

    change_reason = forms.CharField(
        label=_("Why are the facts changed?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Recorded with every deadline the change moves. Required when the breach has a "
            "met or waived deadline: they are re-judged against the corrected facts."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, question in QUESTIONS.items():
            if name in self.fields:
                self.fields[name].label = question
        if "appi_special_care" in self.fields:
            self.fields["appi_special_care"].widget = AppiSpecialCareSelect()
        instance = getattr(self, "instance", None)
        zone = _zone(instance.aware_time_zone) if instance is not None and instance.pk else None
        for name in V2_LOCAL_TIMES:
            if name not in self.fields:
                continue
            value = getattr(instance, name, None)
            if value is not None and zone is not None:
                self.initial[name] = value.astimezone(zone).replace(tzinfo=None)
            self.fields[name].help_text = (
                f"{self.fields[name].help_text} "
                + str(_("Enter the local time in the zone of the report."))
            ).strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone_name = cleaned.get("aware_time_zone")
        if zone_name and _zone(zone_name) is not None:
            for name in V2_LOCAL_TIMES:
                value = cleaned.get(name)
                if value is None:
                    continue
                try:
                    cleaned[name] = localize_wall_time(value, zone_name)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        instance = getattr(self, "instance", None)
        changed_facts = set(getattr(self, "changed_data", ())) & set(FACT_FIELDS)
        if (
            instance is not None
            and instance.pk is not None
            and changed_facts
            and not cleaned.get("change_reason", "").strip()
            and instance.deadlines.filter(
                status__in=(DeadlineStatus.MET, DeadlineStatus.WAIVED)
            ).exists()
        ):
            self.add_error(
                "change_reason",
                _(
                    "This breach has met or decided deadlines; they are re-judged against the "
                    "changed facts. Say why the facts change (recorded with each correction)."
                ),
            )
        return cleaned


class BreachInvolvementForm(forms.ModelForm):
    """One involved group entity: its role for this breach, whether other regimes reach it from
    outside (not assessed, or assessed: the ticked ones), and where it got the data from."""

    reach = forms.ChoiceField(
        label=_("Reach of other countries' laws"),
        choices=[
            (
                NOT_ASSESSED,
                _("not assessed: apply the law of every affected country as a precaution"),
            ),
            (ASSESSED, _("assessed: only the laws ticked below reach this entity")),
        ],
        initial=NOT_ASSESSED,
        help_text=_(
            "Only for laws of countries where the entity is not established. Where the affected "
            "people live is neither necessary nor sufficient. Obligations of a law applied "
            "without this assessment are marked assumed."
        ),
    )
    reached_by = forms.MultipleChoiceField(
        label=_("Laws that reach this entity from outside"),
        choices=list(REACH_QUESTIONS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = BreachInvolvement
        fields = (
            "entity",
            "role",
            "reach",
            "reached_by",
            "exporter",
            "transfer_tool",
            "scc_module",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is not None:
            targeted = instance.targeted_regimes
            self.initial["reach"] = NOT_ASSESSED if targeted is None else ASSESSED
            self.initial["reached_by"] = list(targeted or [])
            if instance.entity_id == instance.incident.entity_id:
                # The reporting entity: fixed, with the breach's role (set above).
                for name in ("entity", "role"):
                    if name in self.fields:
                        self.fields[name].disabled = True
                if "role" in self.fields:
                    self.fields["role"].help_text = _(
                        "the reporting entity's role is the breach's role above"
                    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        reached = cleaned.get("reached_by") or []
        if cleaned.get("reach") == NOT_ASSESSED:
            if reached:
                self.add_error(
                    "reached_by",
                    _("Tick laws only when the reach is assessed; or choose 'assessed'."),
                )
            cleaned["targeted_regimes"] = None
        else:
            cleaned["targeted_regimes"] = frozenset(reached)
        return cleaned


class BreachInvolvementFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        incident = self.instance
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not self.can_delete:
                continue
            entity = form.instance.entity_id if form.instance.pk else None
            if form.cleaned_data.get("DELETE") and entity == incident.entity_id:
                raise forms.ValidationError(
                    _("The reporting entity is always involved in its breach.")
                )


# --- end of the breach engine v2 questions ------------------------------------------------------


class BreachIncidentForm(BreachV2QuestionsForm, forms.ModelForm):
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


class LateReasonsForm(forms.Form):
    late_reasons = forms.CharField(
        label=_("Reasons for the delay"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "GDPR Art. 33(1), second sentence: a notification made after the 72 hours is "
            "accompanied by the reasons for the delay. Recorded with your name."
        ),
    )
