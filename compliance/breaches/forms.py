"""Forms of the compliance admin: parse and validate input, never decide legal outcomes.

Every instant is typed as the wall-clock time of one stated zone: the breach's *time zone of the
report* (by default its entity's zone) for the breach and its notifications. The stored value is
UTC; the page shows both after saving (``compliance.inputs.describe_instant``).
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance import legal_text
from compliance.breaches import contents
from compliance.breaches.choices import Art34Exemption, DeadlineStatus
from compliance.breaches.models import (
    BreachIncident,
    BreachInvolvement,
    BreachNotification,
    NotificationDeadline,
)
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
from compliance.rules import breach as rules

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
# The provision named when the form has no deadline yet (a Text, rendered in the reader's words).
_GDPR_REASONS_FOR_DELAY = rules.reasons_for_delay_basis(
    rules.EU_GDPR, rules.AUTHORITY_NOTIFICATION, rules.STATUTE
)
BEFORE_GDPR = _(
    "%(value)s is before 25 May 2018, when the GDPR began to apply (Art. 99(2)): no GDPR clock "
    "starts there. Check the year; a breach before then is recorded outside this register."
)


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
    "recommended_steps": _(
        "What should the affected persons do in response to the breach? "
        "(Privacy Act s 26WK(3)(d); PDPA s 26D(2))"
    ),
    "processing_subject_count": _(
        "How many persons' data do the affected processing activities hold in total? "
        "(ANPD Res. 15/2024 Art. 6, XII)"
    ),
    "indicators_of_compromise": _("Which indicators of compromise are known? (NIS2 Art. 23(4)(b))"),
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
        zone = (
            zone_or_none(instance.aware_time_zone) if instance is not None and instance.pk else None
        )
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
        if zone_name and zone_or_none(zone_name) is not None:
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
        guard_autocomplete(self)
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
            entity_field = self.fields.get("entity")
            if isinstance(entity_field, forms.ModelChoiceField):
                # Empty, the "Now" shortcut fills the time of the chosen entity's zone, as
                # ``clean`` reads it (static/compliance/js/zoned_shortcuts.js).
                queryset: Any = entity_field.queryset
                zones = dict(queryset.order_by().values_list("pk", "time_zone"))
                self.fields["aware_time_zone"].widget.attrs.update(
                    {"data-entity-field": "id_entity", "data-entity-zones": json.dumps(zones)}
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
    exemption = forms.ChoiceField(
        label=_("Ground of GDPR Art. 34(3)"),
        choices=Art34Exemption.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The communication to the data subjects is not required only on one of these "
            "grounds (GDPR Art. 34(3)); for (c), say in the reason how the public is informed."
        ),
    )
    reason = ProseField(
        label=_("Why is this notification not required?"),
        help_text=_("Recorded with your name; e.g. the risk assessment that shows no risk."),
    )

    def __init__(self, *args: Any, deadline: NotificationDeadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The grounds are offered only where the law lists them.
        if not deadline.is_art34_communication:
            del self.fields["exemption"]


def _record_zone_label(text: Any) -> str:
    """A label naming the zone the time is typed in (the active zone: the breach's)."""
    return f"{text} ({timezone.get_current_timezone_name()})"


class _ZonedFields:
    """Instants typed in the active time zone, which the admin sets to the breach's zone."""

    instant_fields: tuple[str, ...] = ()
    fields: dict[str, Any]

    def _zone_fields(self) -> None:
        zone = timezone.get_current_timezone_name()
        for name in self.instant_fields:
            field = self.fields[name]
            assert isinstance(field, InstantField)
            field.set_zone(zone)
            field.label = _record_zone_label(field.label)
            field.help_text = gettext("Enter the local time in %(zone)s.") % {"zone": zone}


class _ZonedForm(_ZonedFields, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._zone_fields()


def _now_in_zone() -> Any:
    # The initial value of a zoned field: prepare_value shows it in the field's zone.
    return timezone.now().replace(second=0, microsecond=0)


class SubmitNotificationForm(_ZonedFields, forms.ModelForm):
    """Record a submission. A model form only to know its notification (django-fsm-2 passes
    it as ``instance``): it edits no field of it; the service records the submission."""

    instant_fields = ("submitted_at",)

    submitted_at = InstantField(label=_("Submitted at"), initial=_now_in_zone, not_future=True)
    late_reasons = ProseField(
        label=_("Reasons for the delay"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    not_yet_known = forms.MultipleChoiceField(
        label=_("Items not yet known"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = BreachNotification
        fields = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._zone_fields()
        deadline = self.instance.deadline if self.instance.deadline_id else None
        basis = deadline.reasons_for_delay_basis if deadline is not None else None
        if deadline is not None and (deadline.due_at is None or basis is None):
            # Asked only where the law asks a late notification for them (GDPR Art. 33(1));
            # not under the PPC Rules, nor without a fixed instant to be late against.
            del self.fields["late_reasons"]
        else:
            self.fields["late_reasons"].help_text = gettext(
                "Required when submitted after the deadline (%(basis)s)."
            ) % {"basis": legal_text.render(basis or _GDPR_REASONS_FOR_DELAY or "")}
        self._ask_open_items(deadline)

    def _ask_open_items(self, deadline: Any) -> None:
        """The items the law asks for that are empty on the breach: each may be recorded as
        not yet known (GDPR Art. 33(4); PPC GL 3-5-3-3); none empty, nothing to ask."""
        empty = (
            contents.empty_items(self.instance.incident, deadline.regime, deadline.kind)
            if deadline is not None
            else []
        )
        if not empty:
            del self.fields["not_yet_known"]
            return
        field = self.fields["not_yet_known"]
        field.choices = [(item.code, f"{item.label} ({item.citation})") for item in empty]
        field.help_text = gettext(
            "These items the law asks for are empty on the breach. Fill them in there, or tick "
            "those not known yet: the document then says “not yet known” (%(basis)s)."
        ) % {"basis": contents.open_items_basis(deadline.regime, deadline.kind)}


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


class LateReasonsForm(forms.Form):
    late_reasons = forms.CharField(
        label=_("Reasons for the delay"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "GDPR Art. 33(1), second sentence: a notification made after the 72 hours is "
            "accompanied by the reasons for the delay. Recorded with your name."
        ),
    )
