"""Forms of the transfers admin: parse and validate input, never decide legal outcomes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.inputs import (
    TRANSFER_EARLIEST,
    CaseVariantNameForm,
    IsoDateField,
    LineField,
    ProseField,
    case_variants,
    guard_autocomplete,
    normalise_cleaned_text,
)
from compliance.registry.models import CorporateGroup, GroupEntity
from transfers.choices import PartySide, SCCState
from transfers.models import DataTransfer, ExternalRecipient, SCCContract
from transfers.rules.adequacy import EU_DECISIONS, UK_DECISIONS
from transfers.services.transfers import FACT_FIELDS, date_problems


def _today() -> Any:
    return timezone.localdate()


def _tomorrow() -> Any:
    return timezone.localdate() + timedelta(days=1)


class UnknownYesNo(forms.NullBooleanSelect):
    """Yes / no / unknown, where the engine takes None as an answer (it flags it)."""

    def __init__(self, attrs: Any = None) -> None:
        super().__init__(attrs)
        self.choices = [
            ("unknown", _("Unknown (not checked yet)")),
            ("true", _("Yes")),
            ("false", _("No")),
        ]


# The engine's questions in plain words, each with the legal test it answers (domain.md §8.3).
TRANSFER_QUESTIONS = {
    "hr_data": _(
        "Does the transfer include human-resources data of employees? "
        "(DPF Supplemental Principle 9)"
    ),
    "eu_origin": _(
        "Did the data reach this Japanese exporter from the EEA or the UK under an adequacy "
        "decision? (PPC Supplementary Rule (4))"
    ),
    "derogation": _("Which derogation does the transfer rely on, if any? (GDPR Art. 49(1))"),
    "compelling_interests": _(
        "Which compelling legitimate interests does it serve, and which safeguards did you "
        "assess? (GDPR Art. 49(1) second subparagraph, Art. 49(6))"
    ),
    "authority_informed_on": _(
        "When was the supervisory authority informed of the transfer? (GDPR Art. 49(1) second "
        "subparagraph)"
    ),
    "subjects_informed_on": _(
        "When were the data subjects told of the transfer and the interests pursued? (GDPR Art. "
        "49(1) second subparagraph)"
    ),
    "appi_consent": _(
        "Did the principals give informed consent to the transfer abroad? (APPI Art. 28(1)-(2))"
    ),
    "appi_equivalent_measures": _(
        "Is the recipient bound by a contract or binding intra-group rules meeting PPC Rule 16? "
        "(APPI Art. 28(1))"
    ),
}
RECIPIENT_QUESTIONS = {
    "organisation": _("Is the recipient an international organisation? (GDPR Art. 4(26), Art. 44)"),
    "importer_certified_hr": _(
        "Does its DPF certification cover human-resources data? (DPF Supplemental Principle 9)"
    ),
    "apec_cbpr": _(
        "Is it certified under the APEC CBPR system? (PPC Enforcement Rules Art. 16(ii))"
    ),
}


class DataTransferForm(forms.ModelForm):
    """Carries the version it was loaded at, so that a stale save is refused, not merged."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DataTransfer
        fields = FACT_FIELDS
        labels = TRANSFER_QUESTIONS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
        guard_autocomplete(self)
        self.similar_names: list[DataTransfer] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        normalise_cleaned_text(self, cleaned)
        for name, problem in date_problems(cleaned).items():
            self.add_error(name, problem)
        title = cleaned.get("name")
        if title:
            others = DataTransfer.objects.exclude(pk=self.instance.pk).filter(name__iexact=title)
            found = case_variants(((t, t.name) for t in others[:20]), title)
            self.similar_names = found
        return cleaned


class ExternalRecipientForm(CaseVariantNameForm):
    """An external recipient: "Acme Inc." and "ACME INC." are one vendor recorded twice, said,
    not refused (two companies may share a name in different countries)."""

    class Meta:
        model = ExternalRecipient
        fields = (
            "name",
            "country",
            "organisation",
            "dpf_certified_from",
            "dpf_certified_until",
            "importer_certified_hr",
            "uk_extension_from",
            "uk_extension_until",
            "apec_cbpr",
            "notes",
        )
        labels = RECIPIENT_QUESTIONS
        widgets = {"importer_certified_hr": UnknownYesNo}


class ProcessingActivityForm(CaseVariantNameForm):
    """The admin's form of a processing activity (its fields are the admin's): "Payroll" and
    "PAYROLL" are likely one activity recorded twice, said, not refused."""


class TransitionReasonForm(forms.Form):
    reason = ProseField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ApproveTransferForm(forms.Form):
    """Legal records its own sign-off; a DPO may record one given outside the tool."""

    approving_lawyer = LineField(
        label=_("Approving lawyer"),
        max_length=200,
        required=False,
        help_text=_(
            "Name of the lawyer in Legal who signed off; recorded with your name. Empty when "
            "you are that lawyer: your own name is recorded."
        ),
    )
    approved_on = IsoDateField(label=_("Signed off on"), initial=_today, not_future=True)
    note = ProseField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class SignForm(forms.Form):
    signed_on = IsoDateField(
        label=_("Signed on"), initial=_today, earliest=TRANSFER_EARLIEST, not_future=True
    )
    next_review_on = IsoDateField(
        label=_("Next review on"),
        required=False,
        help_text=_("periodic review of the clauses and of the TIA they rely on"),
    )


class TerminateForm(forms.Form):
    terminated_on = IsoDateField(
        label=_("Ends on"),
        earliest=TRANSFER_EARLIEST,
        initial=_today,
        help_text=_("first day it no longer applies"),
    )


class SupersedeForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("New contract"), queryset=SCCContract.objects.filter(state=SCCState.SIGNED)
    )


class ApproveTIAForm(forms.Form):
    approved_on = IsoDateField(label=_("Approved on"), initial=_today, not_future=True)
    next_review_on = IsoDateField(label=_("Next review on"), required=False)


class AddPartyForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), choices=PartySide.choices)
    entity = forms.ModelChoiceField(
        label=_("Group entity"), queryset=GroupEntity.objects.all(), required=False
    )
    external_recipient = forms.ModelChoiceField(
        label=_("External recipient"), queryset=ExternalRecipient.objects.all(), required=False
    )
    acceded_on = IsoDateField(
        label=_("Accedes on"),
        earliest=TRANSFER_EARLIEST,
        required=False,
        help_text=_("only for a party joining a signed contract (docking clause, Clause 7)"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("entity") is None) == (cleaned.get("external_recipient") is None):
            raise forms.ValidationError(_("Choose a group entity or an external recipient."))
        return cleaned


class TransferSCCForm(forms.ModelForm):
    """A new SCC for one transfer: its parties are the transfer's, its module the roles'."""

    class Meta:
        model = SCCContract
        fields = ("reference", "scc_version", "module", "docking_clause", "notes")


class LinkTransferForm(forms.Form):
    transfer = forms.ModelChoiceField(
        label=_("Transfer covered"), queryset=DataTransfer.objects.none()
    )

    def __init__(self, *args: Any, transfers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["transfer"].queryset = transfers  # type: ignore[attr-defined]


class ReevaluateForm(forms.Form):
    as_of = IsoDateField(
        label=_("Re-evaluate as of"),
        earliest=TRANSFER_EARLIEST,
        initial=_today,
        help_text=_("e.g. a past date, to answer whether each transfer was lawful on that day"),
    )


def decision_choices() -> list[tuple[str, str]]:
    return [
        (d.key, f"{d.regime}: {d.title} ({d.reference})") for d in (*EU_DECISIONS, *UK_DECISIONS)
    ]


class ImpactForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Group"), queryset=CorporateGroup.objects.all())
    decision = forms.ChoiceField(label=_("Adequacy decision invalidated"), choices=decision_choices)
    from_date = IsoDateField(
        label=_("Invalid from"),
        initial=_tomorrow,
        help_text=_("like Schrems I and II: immediately, without grace period"),
    )


class MeshForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Group"), queryset=CorporateGroup.objects.all())
    on = IsoDateField(label=_("As of"), initial=_today, earliest=TRANSFER_EARLIEST)
