"""The API's operations. Thin: scope and permissions as in the admin (``compliance.access``,
the role permissions), then the features' services and selectors."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaError

from api.auth import PerUserThrottle, TokenAuth
from api.schemas import (
    BreachIn,
    BreachOut,
    DeadlineOut,
    EntityOut,
    ErrorOut,
    FindingOut,
    NotificationOut,
    TransferOut,
    TransferPage,
)
from compliance import access
from compliance.breaches import contents
from compliance.breaches import services as breach_services
from compliance.breaches.models import BreachIncident, BreachNotification, NotificationDeadline
from compliance.breaches.reports.formatting import exemption
from compliance.inputs import check_text, normalise_text
from compliance.registry.models import GroupEntity
from transfers.models import DataTransfer
from transfers.registers import basis_of, judged, judgement_label
from transfers.rules.mechanisms import Evaluation

api = NinjaAPI(
    title="DPO Desk API",
    version="1",
    description=(
        "Intake and integration: record a breach from a SIEM or ticketing system (the breach "
        "engine computes its obligations and deadlines), read a breach's deadlines, list "
        "transfers with the transfer engine's judgement. Authenticate with a personal token: "
        "`Authorization: Bearer <token>` (manage.py create_api_token). Scoped like the admin: "
        "a coordinator sees only their entities' records."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=[PerUserThrottle()],
)

MAX_PAGE = 500

# The facts of a breach that the PPC Rules (APPI report items) and the other regimes (their
# clocks and the items of their notifications) ask for: accepted by the intake and returned
# as recorded.
REGIME_FACTS = (
    "discovery",
    "entrustment",
    "cause_detail",
    "announced_on",
    "announcement_where",
    "announcement_text",
    "appi_special_care",
    "possibly_over_1000",
    "controller_subject_to_appi",
    "assessed_at",
    "minors",
    "authentication_data",
    "financial_data",
    "unique_identifiers",
    "large_scale",
    "small_agent",
    "nis2_entity",
    "significant_incident",
    "nis2_notified_at",
    "recommended_steps",
    "processing_subject_count",
    "indicators_of_compromise",
)


@api.exception_handler(SchemaError)
def _schema_error(request: HttpRequest, exc: SchemaError) -> Any:
    """A body or query that does not fit the schema: 422 with messages by field, in the same
    shape as a breach the services refuse (the default answer is a list that ``ErrorOut``
    does not describe)."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        field = location[0] if location else ""
        errors.setdefault(field, []).append(str(error.get("msg", "")))
    return api.create_response(
        request,
        ErrorOut(detail="The request does not fit the schema.", errors=errors).model_dump(),
        status=422,
    )


def _normalised_text(facts: dict[str, Any]) -> dict[str, list[str]]:
    """Text facts normalised as the admin form does (``compliance.inputs``): NFC, line ends,
    invisible characters at both ends gone; text of only invisible characters refused."""
    errors: dict[str, list[str]] = {}
    for name, value in facts.items():
        if not isinstance(value, str):
            continue
        field = BreachIncident._meta.get_field(name)
        multiline = field.get_internal_type() == "TextField"
        text = normalise_text(value, multiline=multiline)
        if not text and value.strip():
            try:
                check_text(value, multiline=multiline)
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.messages)
        facts[name] = text
    return errors


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise HttpError(403, "Your role does not allow this.")


def _deadline(deadline: NotificationDeadline) -> DeadlineOut:
    authority = deadline.recipient_authority
    return DeadlineOut(
        id=deadline.pk,
        regime=deadline.regime,
        obligation=deadline.kind,
        obligation_label=str(deadline.get_kind_display()),
        recipient_country=deadline.recipient_country_id,
        recipient_authority=authority.short_name if authority is not None else None,
        required=deadline.required,
        due_at=deadline.due_at,
        status=deadline.status,
        met_at=deadline.met_at,
        late=deadline.late,
        basis=deadline.basis,
        exemption=deadline.exemption,
        exemption_ground=exemption(deadline),
    )


def _deadlines(incident: BreachIncident) -> list[DeadlineOut]:
    rows = incident.deadlines.select_related("recipient_authority").order_by(
        "due_at", "regime", "kind", "recipient_key"
    )
    return [_deadline(d) for d in rows]


def _notification(notification: BreachNotification) -> NotificationOut:
    return NotificationOut(
        id=notification.pk,
        deadline=notification.deadline_id,
        obligation_label=str(notification.deadline),
        state=notification.state,
        submitted_at=notification.submitted_at,
        not_yet_known=list(notification.not_yet_known or ()),
        not_yet_known_labels=[str(item.label) for item in contents.unknown_items(notification)],
    )


def _breach(incident: BreachIncident) -> BreachOut:
    notifications = incident.notifications.select_related("deadline").order_by("pk")
    return BreachOut(
        id=incident.pk,
        reference=incident.reference,
        entity=incident.entity_id,
        entity_name=incident.entity.short_name,
        title=incident.title,
        state=incident.state,
        aware_at=incident.aware_at,
        aware_time_zone=incident.aware_time_zone,
        risk=incident.risk,
        next_due_at=incident.next_due_at,
        admin_url=reverse("admin:compliance_breachincident_change", args=[incident.pk]),
        deadlines=_deadlines(incident),
        notifications=[_notification(n) for n in notifications],
        **{name: getattr(incident, name) for name in REGIME_FACTS},
    )


def _scoped_breach(request: HttpRequest, breach_id: int) -> BreachIncident:
    _require(request, "compliance.view_breachincident")
    qs = access.scope_queryset(BreachIncident.objects.select_related("entity"), request.user)
    incident = qs.filter(pk=breach_id).first()
    if incident is None:
        raise HttpError(404, f"No breach {breach_id} that you may see.")
    return incident


@api.get("/entities", response=list[EntityOut], operation_id="list_entities")
def list_entities(request: HttpRequest) -> list[EntityOut]:
    """The group entities you may see: their ids identify the reporting entity of a breach."""
    _require(request, "compliance.view_groupentity")
    qs = access.scope_queryset(GroupEntity.objects.select_related("group"), request.user)
    return [
        EntityOut(
            id=e.pk,
            short_name=e.short_name,
            legal_name=e.legal_name,
            country=e.country_id,
            group=e.group.name,
        )
        for e in qs.order_by("group__name", "short_name")
    ]


@api.post(
    "/breaches",
    response={201: BreachOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="create_breach",
)
def create_breach(request: HttpRequest, payload: BreachIn) -> Status[Any]:
    """Record a breach (GDPR Art. 33(5)); the breach engine computes its obligations and
    deadlines at once. Refused (422) with messages by field when the facts do not hold."""
    if not request.user.has_perm("compliance.add_breachincident"):
        return Status(403, ErrorOut(detail="Your role does not allow recording breaches."))
    entities = access.scope_queryset(GroupEntity.objects.all(), request.user)
    entity = entities.filter(pk=payload.entity).first()
    if entity is None:
        return Status(404, ErrorOut(detail=f"No entity {payload.entity} that you may report for."))
    facts = payload.dict(exclude={"entity", "affected_countries"})
    refused = _normalised_text(facts)
    if refused:
        return Status(422, ErrorOut(detail="The breach was not recorded.", errors=refused))
    try:
        incident = breach_services.record_breach(
            entity=entity,
            by=request.user,
            affected_countries=payload.affected_countries,
            **facts,
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return Status(422, ErrorOut(detail="The breach was not recorded.", errors=errors))
    return Status(201, _breach(incident))


@api.get(
    "/breaches/{breach_id}",
    response={200: BreachOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="get_breach",
)
def get_breach(request: HttpRequest, breach_id: int) -> BreachOut:
    """A breach with its obligations and their deadlines, as the engine computed them."""
    return _breach(_scoped_breach(request, breach_id))


@api.get(
    "/breaches/{breach_id}/deadlines",
    response={200: list[DeadlineOut], 403: ErrorOut, 404: ErrorOut},
    operation_id="list_breach_deadlines",
)
def list_breach_deadlines(request: HttpRequest, breach_id: int) -> list[DeadlineOut]:
    """The obligations of a breach: regime, recipient, due instant, status and legal basis."""
    return _deadlines(_scoped_breach(request, breach_id))


def _findings(evaluation: Evaluation, severity: str) -> list[FindingOut]:
    return [
        FindingOut(code=f.code, message=f.message, basis=f.basis)
        for f in evaluation.findings
        if f.severity == severity
    ]


def _transfer(transfer: DataTransfer, evaluation: Evaluation, on: date) -> TransferOut:
    external = transfer.external_recipient
    return TransferOut(
        id=transfer.pk,
        reference=transfer.reference,
        name=transfer.name,
        group=transfer.exporter.group.name,
        exporter=transfer.exporter.short_name,
        importer=transfer.importer.short_name if transfer.importer else None,
        external_recipient=external.name if external else None,
        destination=transfer.importer_country_id or "",
        state=transfer.state,
        start_date=transfer.start_date,
        end_date=transfer.end_date,
        judged_on=on,
        regime=evaluation.regime,
        lawful=evaluation.lawful,
        judgement=judgement_label(evaluation.lawful),
        mechanism=evaluation.mechanism,
        basis=basis_of(evaluation),
        blockers=_findings(evaluation, "blocker"),
        warnings=_findings(evaluation, "warning"),
    )


@api.get(
    "/transfers",
    response={200: TransferPage, 403: ErrorOut},
    operation_id="list_transfers",
)
def list_transfers(
    request: HttpRequest,
    group: int | None = None,
    as_of: date | None = Query(None, description="date of the judgement; default today"),  # noqa: B008
    limit: int = Query(100, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0),
) -> TransferPage:
    """Transfers you may see, each with the transfer engine's judgement on ``as_of``
    (mechanism, legal basis, blockers); ``lawful`` null means not assessed."""
    _require(request, "transfers.view_datatransfer")
    on = as_of or timezone.localdate()
    qs: QuerySet[DataTransfer] = access.scope_queryset(
        DataTransfer.objects.select_related(
            "exporter__group", "importer", "external_recipient"
        ).order_by("pk"),
        request.user,
    )
    if group is not None:
        qs = qs.filter(exporter__group_id=group)
    count = qs.count()
    page = (
        DataTransfer.objects.filter(
            pk__in=list(qs.values_list("pk", flat=True)[offset : offset + limit])
        )
        .select_related("exporter__group", "importer", "external_recipient")
        .order_by("pk")
    )
    return TransferPage(count=count, items=[_transfer(t, e, on) for t, e in judged(page, on)])
