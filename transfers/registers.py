"""The transfer registers in and out (``compliance.registers``).

- ``processing_activities``: the Art. 30(1) records, natural key controller (group and short
  name) and name; written through ``services.save_processing_activity``.
- ``external_recipients``: recipients outside the group, natural key name and country;
  ``services.save_external_recipient`` (which re-evaluates their transfers).
- ``transfers``: natural key exporter (group and short name) and name; a new transfer is
  requested (``services.request_transfer``), a known one changed (``services.update_transfer``,
  which sends an approved transfer back to review when its processing changed). The engine's
  judgement on the export's date (judgement, mechanism, legal basis, blockers, warnings), the
  workflow state and the approval are exported for reading and never imported: approval is a
  decision recorded in the workflow, and the engine judges the facts the import writes.
- ``record_of_processing``: the Art. 30 record as supervisory authorities' templates lay it out,
  one row per processing activity, with its transfers and their safeguards (export only).

The judgement's ``lawful`` is None when no export rule applies to the exporter: written "not
assessed", never "lawful".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import partial
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import update_change_reason

from compliance import legal_text
from compliance.registers.importing import (
    CHANGED,
    CREATED,
    UNCHANGED,
    ImportContext,
    ImportRow,
    changes,
    differences,
    ordered_by_reference,
)
from compliance.registers.registry import Column, register_register
from compliance.registry.models import CorporateGroup, Country, GroupEntity
from transfers import services
from transfers.choices import Mechanism, TransferState
from transfers.models import DataTransfer, ExternalRecipient, ProcessingActivity
from transfers.rules.mechanisms import Evaluation, evaluate_transfer
from transfers.selectors import build_facts, load_context

# --- Judgement ------------------------------------------------------------------------------


def judgement_label(lawful: bool | None) -> str:
    """The engine's verdict in words; None is "not assessed" (no export rule applies)."""
    if lawful is None:
        return gettext("not assessed")
    return gettext("lawful") if lawful else gettext("not lawful")


def mechanism_label(evaluation: Evaluation) -> str:
    return str(Mechanism(evaluation.mechanism).label) if evaluation.mechanism else ""


def basis_of(evaluation: Evaluation) -> str:
    """The basis of the mechanism relied on, or of the conclusion when there is none."""
    code = evaluation.mechanism or (
        "no_mechanism" if evaluation.lawful is False else "out_of_scope"
    )
    return next((f.basis for f in evaluation.findings if f.code == code), "")


def _findings(evaluation: Evaluation, severity: str) -> str:
    """The findings of ``severity``, worded in the active language (the engine's Text)."""
    lines = []
    for f in evaluation.findings:
        if f.severity != severity:
            continue
        message, basis = legal_text.render(f.message), legal_text.render(f.basis)
        lines.append(f"{f.code}: {message} ({basis})" if basis else f"{f.code}: {message}")
    return "\n".join(lines)


def judged(transfers: QuerySet[DataTransfer], as_of: date) -> list[tuple[DataTransfer, Evaluation]]:
    """Each transfer with the engine's judgement on ``as_of`` (a fixed number of queries)."""
    rows, context = load_context(transfers)
    return [(t, evaluate_transfer(build_facts(t, as_of, context).facts)) for t in rows]


# --- Processing activities --------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "purposes",
    "subject_categories",
    "data_categories",
    "special_categories",
    "recipients",
    "retention",
    "security_measures",
    "controller_contact",
    "dpo_contact",
)
ACTIVITY_COLUMNS = (
    Column("group", _("group"), imported=True, width=26),
    Column("controller", _("controller"), imported=True, width=18),
    Column("name", _("name"), imported=True, width=30),
    Column("purposes", _("purposes"), imported=True, width=30),
    Column("subject_categories", _("categories of data subjects"), imported=True, width=24),
    Column("data_categories", _("categories of personal data"), imported=True, width=28),
    Column("special_categories", _("includes special categories"), "bool", imported=True),
    Column("recipients", _("categories of recipients"), imported=True, width=28),
    Column("retention", _("retention"), imported=True, width=24),
    Column(
        "security_measures",
        _("technical and organisational security measures"),
        imported=True,
        width=30,
    ),
    Column("controller_contact", _("controller contact"), imported=True, width=28),
    Column("dpo_contact", _("DPO contact"), imported=True, width=28),
)


def activity_rows(
    queryset: QuerySet[ProcessingActivity], as_of: date
) -> Iterable[Mapping[str, Any]]:
    qs = queryset.select_related("controller__group").order_by(
        "controller__group__name", "controller__short_name", "name"
    )
    for activity in qs:
        yield {
            "group": activity.controller.group.name,
            "controller": activity.controller.short_name,
            "name": activity.name,
            **{name: getattr(activity, name) for name in ACTIVITY_FIELDS},
        }


def _entity(
    row: ImportRow, context: ImportContext, group: CorporateGroup, key: str, required: bool
) -> GroupEntity | bool | None:
    """The group's entity named in column ``key``; False (error recorded) when unknown."""
    name = row.text(key)
    if not name:
        if required:
            context.error(row.number, key, gettext("Name the entity (its short name)."))
            return False
        return None
    entity = GroupEntity.objects.filter(group=group, short_name=name).first()
    if entity is None:
        context.error(
            row.number,
            key,
            gettext("No entity “%(name)s” in the group %(group)s.")
            % {"name": name, "group": group.name},
        )
        return False
    return entity


def _group(row: ImportRow, context: ImportContext) -> CorporateGroup | None:
    name = row.text("group")
    group = CorporateGroup.objects.filter(name=name).first() if name else None
    if group is None:
        message = (
            gettext("No corporate group “%(name)s”: import its entities first.") % {"name": name}
            if name
            else gettext("Name the group.")
        )
        context.error(row.number, "group", message)
    return group


def import_activities(rows: Sequence[ImportRow], context: ImportContext) -> None:
    for row in rows:
        group = _group(row, context)
        if group is None:
            continue
        controller = _entity(row, context, group, "controller", required=True)
        if not isinstance(controller, GroupEntity):
            continue
        name = row.text("name")
        activity = ProcessingActivity.objects.filter(controller=controller, name=name).first()
        action = CREATED if activity is None else CHANGED
        if activity is None:
            activity = ProcessingActivity(controller=controller, name=name)
        values = {f: row.get(f) for f in ACTIVITY_FIELDS if row.has(f)}
        if values.get("special_categories") is None and "special_categories" in values:
            values["special_categories"] = False
        _save_row(
            context,
            row,
            action,
            activity,
            values,
            f"{name} ({controller.short_name})",
            partial(services.save_processing_activity, activity=activity),
        )


def _save_row(
    context: ImportContext,
    row: ImportRow,
    action: str,
    obj: Any,
    values: dict[str, Any],
    label: str,
    save: Callable[..., Any],
) -> None:
    """Apply ``values`` to ``obj`` and save it through its service (``save(by=, reason=)``);
    an existing record whose values are all the same is recorded unchanged, not saved."""
    changed = changes(obj, values)
    if action == CHANGED and not changed:
        context.record(row.number, UNCHANGED, label)
        return
    saved = context.attempt(row.number, partial(save, by=context.by, reason=context.reason))
    if saved is not None:
        context.record(row.number, action, label, changed if action == CHANGED else ())


# --- External recipients ---------------------------------------------------------------------

RECIPIENT_FIELDS = (
    "organisation",
    "dpf_certified_from",
    "dpf_certified_until",
    "importer_certified_hr",
    "uk_extension_from",
    "uk_extension_until",
    "apec_cbpr",
    "notes",
)
RECIPIENT_COLUMNS = (
    Column("name", _("name"), imported=True, width=30),
    Column("country", _("country"), imported=True, width=8),
    Column("dpf_certified_from", _("DPF certified from"), "date", imported=True, width=12),
    Column("organisation", _("international organisation"), imported=True, width=10),
    Column("dpf_certified_until", _("DPF certified until"), "date", imported=True, width=12),
    Column(
        "importer_certified_hr",
        _("certification covers HR data (empty: unknown)"),
        "bool",
        imported=True,
        width=10,
    ),
    Column("uk_extension_from", _("UK Extension from"), "date", imported=True, width=12),
    Column("uk_extension_until", _("UK Extension until"), "date", imported=True, width=12),
    Column("apec_cbpr", _("APEC CBPR certified"), "bool", imported=True, width=10),
    Column("notes", _("notes"), imported=True, width=30),
)


def recipient_rows(
    queryset: QuerySet[ExternalRecipient], as_of: date
) -> Iterable[Mapping[str, Any]]:
    for recipient in queryset.order_by("name", "country_id"):
        yield {
            "name": recipient.name,
            "country": recipient.country_id,
            **{name: getattr(recipient, name) for name in RECIPIENT_FIELDS},
        }


def import_recipients(rows: Sequence[ImportRow], context: ImportContext) -> None:
    for row in rows:
        name, code = row.text("name"), row.text("country").upper()
        if not name:
            context.error(row.number, "name", gettext("Give the recipient's name."))
            continue
        country = Country.objects.filter(code=code).first()
        if country is None:
            context.error(
                row.number,
                "country",
                gettext("Unknown country code “%(code)s” (ISO 3166-1 alpha-2, e.g. US).")
                % {"code": code},
            )
            continue
        recipient = ExternalRecipient.objects.filter(name=name, country=country).first()
        action = CREATED if recipient is None else CHANGED
        if recipient is None:
            recipient = ExternalRecipient(name=name, country=country)
        values = {f: row.get(f) for f in RECIPIENT_FIELDS if row.has(f)}
        if "apec_cbpr" in values and values["apec_cbpr"] is None:
            values["apec_cbpr"] = False
        _save_row(
            context,
            row,
            action,
            recipient,
            values,
            f"{name} ({code})",
            partial(services.save_external_recipient, recipient=recipient),
        )


# --- Transfers ---------------------------------------------------------------------------------

TRANSFER_COLUMNS = (
    Column("reference", _("reference"), width=10),
    Column("group", _("group"), imported=True, width=26),
    Column("exporter", _("exporter"), imported=True, width=16),
    Column("name", _("name"), imported=True, width=34),
    Column("exporter_role", _("exporter's role"), imported=True, width=11),
    Column("importer", _("importing group entity"), imported=True, width=16),
    Column("external_recipient", _("external recipient"), imported=True, width=24),
    Column("external_recipient_country", _("external recipient's country"), imported=True),
    Column("destination", _("destination country"), width=10),
    Column("importer_role", _("importer's role"), imported=True, width=11),
    Column("processing_activity", _("processing activity"), imported=True, width=26),
    Column(
        "processing_activity_controller", _("controller of the processing activity"), imported=True
    ),
    Column("data_categories", _("categories of personal data"), imported=True, width=26),
    Column("special_categories", _("includes special categories"), "bool", imported=True),
    Column("purpose", _("purpose"), imported=True, width=26),
    Column("frequency", _("frequency"), imported=True, width=11),
    Column("start_date", _("starts on"), "date", imported=True, width=12),
    Column("end_date", _("ends on"), "date", imported=True, width=12),
    Column("continues_exporter", _("onward transfer of: exporter"), imported=True),
    Column("continues_name", _("onward transfer of: name"), imported=True, width=30),
    Column("eu_origin", _("EU-origin data (set)"), "bool", imported=True, width=10),
    Column("appi_consent", _("APPI: informed consent"), "bool", imported=True, width=10),
    Column(
        "appi_equivalent_measures", _("APPI: equivalent-measures system"), "bool", imported=True
    ),
    Column("derogation", _("derogation relied on"), imported=True, width=12),
    Column("hr_data", _("includes HR data"), "bool", imported=True, width=10),
    Column("compelling_interests", _("compelling legitimate interests"), imported=True, width=30),
    Column("authority_informed_on", _("authority informed on"), "date", imported=True),
    Column("subjects_informed_on", _("data subjects informed on"), "date", imported=True),
    Column("state", _("state"), width=14),
    Column("legal_approver", _("approving lawyer"), width=20),
    Column("approved_on", _("approved on"), "date", width=12),
    Column("judged_on", _("judged as of"), "date", width=12),
    Column("regime", _("regime"), width=10),
    Column("judgement", _("judgement"), width=12),
    Column("mechanism", _("mechanism"), width=22),
    Column("basis", _("legal basis"), width=40),
    Column("blockers", _("blockers"), width=40),
    Column("warnings", _("warnings"), width=40),
)
TRANSFER_FIELD_COLUMNS = {
    "continues": "continues_name",
    "exporter_role": "exporter_role",
    "importer_role": "importer_role",
}
# The import's columns that are plain values of the transfer (the rest are looked up).
PLAIN_FIELDS = (
    "exporter_role",
    "importer_role",
    "data_categories",
    "special_categories",
    "purpose",
    "frequency",
    "start_date",
    "end_date",
    "eu_origin",
    "appi_consent",
    "appi_equivalent_measures",
    "derogation",
    "hr_data",
    "compelling_interests",
    "authority_informed_on",
    "subjects_informed_on",
)
FLAGS = ("special_categories", "eu_origin", "appi_consent", "appi_equivalent_measures", "hr_data")


def transfer_rows(queryset: QuerySet[DataTransfer], as_of: date) -> Iterable[Mapping[str, Any]]:
    qs = queryset.select_related(
        "exporter__group",
        "importer",
        "external_recipient",
        "processing_activity__controller",
        "continues__exporter",
    ).order_by("exporter__group__name", "pk")
    for transfer, evaluation in judged(qs, as_of):
        external = transfer.external_recipient
        activity = transfer.processing_activity
        previous = transfer.continues
        yield {
            "reference": transfer.reference,
            "group": transfer.exporter.group.name,
            "exporter": transfer.exporter.short_name,
            "name": transfer.name,
            "exporter_role": transfer.exporter_role,
            "importer": transfer.importer.short_name if transfer.importer else "",
            "external_recipient": external.name if external else "",
            "external_recipient_country": external.country_id if external else "",
            "destination": transfer.importer_country_id or "",
            "importer_role": transfer.importer_role,
            "processing_activity": activity.name if activity else "",
            "processing_activity_controller": activity.controller.short_name if activity else "",
            "data_categories": transfer.data_categories,
            "special_categories": transfer.special_categories,
            "purpose": transfer.purpose,
            "frequency": transfer.frequency,
            "start_date": transfer.start_date,
            "end_date": transfer.end_date,
            "continues_exporter": previous.exporter.short_name if previous else "",
            "continues_name": previous.name if previous else "",
            "eu_origin": transfer.eu_origin,
            "appi_consent": transfer.appi_consent,
            "appi_equivalent_measures": transfer.appi_equivalent_measures,
            "derogation": transfer.derogation,
            "hr_data": transfer.hr_data,
            "compelling_interests": transfer.compelling_interests,
            "authority_informed_on": transfer.authority_informed_on,
            "subjects_informed_on": transfer.subjects_informed_on,
            "state": transfer.get_state_display(),
            "legal_approver": transfer.legal_approver,
            "approved_on": transfer.approved_on,
            "judged_on": as_of,
            "regime": evaluation.regime or "",
            "judgement": judgement_label(evaluation.lawful),
            "mechanism": mechanism_label(evaluation),
            # The engine's Text, worded in the reader's language (the API keeps the English).
            "basis": legal_text.render(basis_of(evaluation)),
            "blockers": _findings(evaluation, "blocker"),
            "warnings": _findings(evaluation, "warning"),
        }


def _recipient(row: ImportRow, context: ImportContext) -> ExternalRecipient | bool | None:
    name = row.text("external_recipient")
    if not name:
        return None
    code = row.text("external_recipient_country").upper()
    recipient = ExternalRecipient.objects.filter(name=name, country_id=code).first()
    if recipient is None:
        context.error(
            row.number,
            "external_recipient",
            gettext("No external recipient “%(name)s” in %(country)s: import it first.")
            % {"name": name, "country": code or "—"},
        )
        return False
    return recipient


def _activity(
    row: ImportRow, context: ImportContext, group: CorporateGroup
) -> ProcessingActivity | bool | None:
    name = row.text("processing_activity")
    if not name:
        return None
    controller_name = row.text("processing_activity_controller") or row.text("exporter")
    activity = ProcessingActivity.objects.filter(
        controller__group=group, controller__short_name=controller_name, name=name
    ).first()
    if activity is None:
        context.error(
            row.number,
            "processing_activity",
            gettext("No processing activity “%(name)s” of %(controller)s: import it first.")
            % {"name": name, "controller": controller_name},
        )
        return False
    return activity


def _previous(
    row: ImportRow, context: ImportContext, group: CorporateGroup
) -> DataTransfer | bool | None:
    name = row.text("continues_name")
    if not name:
        return None
    exporter = row.text("continues_exporter")
    previous = DataTransfer.objects.filter(
        exporter__group=group, exporter__short_name=exporter, name=name
    ).first()
    if previous is None:
        context.error(
            row.number,
            "continues_name",
            gettext("No transfer “%(name)s” exported by %(exporter)s in this group.")
            % {"name": name, "exporter": exporter or "—"},
        )
        return False
    return previous


def _transfer_values(
    row: ImportRow, context: ImportContext, group: CorporateGroup
) -> dict[str, Any] | None:
    lookups: dict[str, Callable[[], Any]] = {
        "importer": lambda: _entity(row, context, group, "importer", required=False),
        "external_recipient": lambda: _recipient(row, context),
        "processing_activity": lambda: _activity(row, context, group),
        "continues": lambda: _previous(row, context, group),
    }
    columns = {
        "importer": "importer",
        "external_recipient": "external_recipient",
        "processing_activity": "processing_activity",
        "continues": "continues_name",
    }
    values: dict[str, Any] = {}
    ok = True
    for name, lookup in lookups.items():
        if not row.has(columns[name]):
            continue
        found = lookup()
        if found is False:
            ok = False
        else:
            values[name] = found
    for name in PLAIN_FIELDS:
        if row.has(name):
            value = row.get(name)
            values[name] = bool(value) if name in FLAGS else value
    for name in ("exporter_role", "importer_role", "frequency"):
        if name in values and not values[name]:
            del values[name]  # empty: the model's default
    return values if ok else None


def import_transfers(rows: Sequence[ImportRow], context: ImportContext) -> None:
    ordered = ordered_by_reference(
        rows,
        key=lambda r: (r.text("group"), r.text("exporter"), r.text("name")),
        refers_to=lambda r: (
            r.text("group"),
            r.text("continues_exporter"),
            r.text("continues_name"),
        ),
    )
    for row in ordered:
        group = _group(row, context)
        if group is None:
            continue
        exporter = _entity(row, context, group, "exporter", required=True)
        if not isinstance(exporter, GroupEntity):
            continue
        name = row.text("name")
        if not name:
            context.error(row.number, "name", gettext("Give the transfer's name."))
            continue
        values = _transfer_values(row, context, group)
        if values is None:
            continue
        label = f"{name} ({exporter.short_name})"
        found = DataTransfer.objects.filter(exporter=exporter, name=name).order_by("pk")
        if found.count() > 1:
            context.error(
                row.number,
                "name",
                gettext("%(exporter)s exports more than one transfer named “%(name)s”.")
                % {"exporter": exporter.short_name, "name": name},
            )
            continue
        transfer = found.first()
        if transfer is None:
            created = context.attempt(
                row.number, partial(_request, exporter, name, values, context)
            )
            if created is not None:
                context.record(row.number, CREATED, label)
            continue
        changed = differences(transfer, values)
        if not changed:
            context.record(row.number, UNCHANGED, label)
            continue
        saved = context.attempt(
            row.number,
            partial(
                services.update_transfer,
                transfer=transfer,
                by=context.by,
                expected_version=transfer.version,
                changes={n: values[n] for n in changed},
                reason=context.reason,
            ),
        )
        if saved is not None:
            context.record(row.number, CHANGED, label, changed)


def _request(
    exporter: GroupEntity, name: str, values: dict[str, Any], context: ImportContext
) -> DataTransfer:
    transfer = services.request_transfer(exporter=exporter, by=context.by, name=name, **values)
    update_change_reason(transfer, context.reason)
    return transfer


# --- The Art. 30 record --------------------------------------------------------------------------

RECORD_COLUMNS = (
    Column("group", _("group"), width=24),
    Column("controller", _("controller"), width=32),
    Column("controller_country", _("country"), width=8),
    Column("controller_contact", _("controller contact"), width=28),
    Column("dpo_contact", _("DPO contact"), width=28),
    Column("name", _("processing activity"), width=30),
    Column("purposes", _("purposes"), width=30),
    Column("subject_categories", _("categories of data subjects"), width=24),
    Column("data_categories", _("categories of personal data"), width=28),
    Column("special_categories", _("includes special categories"), "bool", width=10),
    Column("recipients", _("categories of recipients"), width=28),
    Column("transfers", _("transfers to third countries and their safeguards"), width=60),
    Column("retention", _("retention"), width=24),
    Column("security_measures", _("technical and organisational security measures"), width=36),
)


def transfer_line(transfer: DataTransfer, evaluation: Evaluation) -> str:
    """One transfer of an activity as the record lists it: recipient, country, safeguard."""
    recipient = transfer.recipient
    who = getattr(recipient, "legal_name", None) or getattr(recipient, "name", "")
    safeguard = mechanism_label(evaluation) or judgement_label(evaluation.lawful)
    basis = legal_text.render(basis_of(evaluation))  # in the reader's language, like the label
    line = f"{transfer.reference} {who} ({transfer.importer_country_id}): {safeguard}"
    line += f" — {basis}" if basis else ""
    if evaluation.lawful is False:
        line += f" [{judgement_label(False)}]"
    return line


def activity_transfers(
    activities: Sequence[ProcessingActivity], as_of: date
) -> dict[int, list[str]]:
    """The transfers of each activity in effect on ``as_of`` (not retired), judged that day."""
    qs = (
        DataTransfer.objects.filter(processing_activity__in=[a.pk for a in activities])
        .filter(start_date__lte=as_of)
        .exclude(end_date__lt=as_of)
        .exclude(state=TransferState.RETIRED)
        .select_related("importer", "external_recipient")
        .order_by("pk")
    )
    lines: dict[int, list[str]] = defaultdict(list)
    for transfer, evaluation in judged(qs, as_of):
        assert transfer.processing_activity_id is not None  # filtered above
        lines[transfer.processing_activity_id].append(transfer_line(transfer, evaluation))
    return lines


def record_rows(queryset: QuerySet[ProcessingActivity], as_of: date) -> Iterable[Mapping[str, Any]]:
    activities = list(
        queryset.select_related("controller__group").order_by(
            "controller__group__name", "controller__short_name", "name"
        )
    )
    transfers = activity_transfers(activities, as_of)
    for activity in activities:
        controller = activity.controller
        yield {
            "group": controller.group.name,
            "controller": controller.legal_name,
            "controller_country": controller.country_id,
            "name": activity.name,
            "transfers": "\n".join(transfers.get(activity.pk, [])),
            **{name: getattr(activity, name) for name in ACTIVITY_FIELDS},
        }


def register() -> None:
    register_register(
        "processing_activities",
        model=ProcessingActivity,
        title=_("Processing activities"),
        columns=ACTIVITY_COLUMNS,
        rows=activity_rows,
        group_path="controller__group",
        importer=import_activities,
    )
    register_register(
        "external_recipients",
        model=ExternalRecipient,
        title=_("External recipients"),
        columns=RECIPIENT_COLUMNS,
        rows=recipient_rows,
        group_path="transfers__exporter__group",
        importer=import_recipients,
    )
    register_register(
        "transfers",
        model=DataTransfer,
        title=_("Transfer register"),
        columns=TRANSFER_COLUMNS,
        rows=transfer_rows,
        group_path="exporter__group",
        importer=import_transfers,
        field_columns=TRANSFER_FIELD_COLUMNS,
    )
    register_register(
        "record_of_processing",
        model=ProcessingActivity,
        title=_("Record of processing activities"),
        columns=RECORD_COLUMNS,
        rows=record_rows,
        group_path="controller__group",
    )
