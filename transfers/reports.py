"""The transfer register report: every transfer of a group in effect on a date, as the engine
judged it on that date (GDPR Art. 30(1)(e), 44-49; APPI Art. 28; domain.md §7).

For each transfer: exporter, recipient (group entity or external recipient), destination
country, data categories, the mechanism the engine found with its legal basis, the transfer
impact assessment as it stood on the date (conclusion, next review) and the engine's blockers
and warnings. Then the SCC mesh figures of the group (``selectors.scc_mesh``): what its
intra-group flows would need in SCCs without BCRs.

"As of D" means: transfers that started on or before D and had not ended before D (retired
transfers are left out, as in the SCC mesh and the impact analysis: their state is not dated),
evaluated by the engine on D with the facts as they stood on D (BCR membership, contracts and
their parties, assessments approved by D). Nothing is stored: the register is the engine's
answer for D, not the latest stored evaluation.

Registered from ``TransfersConfig.ready()`` (compliance never imports transfers). The context
takes a fixed number of queries however many transfers the group has (``load_context``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext, gettext_lazy

from compliance import access, legal_text
from compliance.registry.models import CorporateGroup, GroupEntity
from compliance.reports import jobs, registry
from compliance.reports.registry import safe_filename_part
from transfers.choices import Mechanism, TIAState, TransferState
from transfers.models import DataTransfer, TransferImpactAssessment
from transfers.models.transfers import verdict_label
from transfers.rules.mechanisms import Evaluation, Finding, evaluate_transfer
from transfers.selectors import MeshResult, build_facts, load_context, scc_mesh

KIND = "transfer_register"
# More transfers than this render in a Celery task: at about 7.5 transfers a landscape page,
# 300 are 40 pages, which WeasyPrint lays out in about 12 s on a 2-core machine
# (benchmarks/results/reports.md): longer would keep a web request waiting.
TRANSFER_REGISTER_ASYNC_THRESHOLD = 300


@dataclass(frozen=True)
class TIAStatus:
    """The impact assessment of a transfer as it stood on the report's date."""

    status: str
    conclusion: str = ""
    next_review: date | None = None
    review_overdue: bool = False


@dataclass(frozen=True)
class TransferRow:
    transfer: DataTransfer
    exporter: str
    recipient: str
    recipient_kind: str
    country: str
    data_categories: str
    # The processing activity the categories come from, when the transfer names none itself.
    categories_from: str
    # True, False, or None: not assessed (no implemented export rule governs the exporter),
    # printed as such and never counted as lawful (domain.md §8.3).
    lawful: bool | None
    verdict: str
    mechanism: str
    basis: str
    tia: TIAStatus
    blockers: list[Finding]
    warnings: list[Finding]


def transfers_in_effect(group: CorporateGroup, user: Any, as_of: date) -> QuerySet[DataTransfer]:
    """The group's transfers in effect on ``as_of`` that ``user`` may see (None: all)."""
    qs = (
        DataTransfer.objects.filter(exporter__group=group, start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
        .exclude(state=TransferState.RETIRED)
        .select_related(
            "exporter__country",
            "importer__country",
            "external_recipient__country",
            "processing_activity",
        )
        .order_by("exporter__short_name", "pk")
    )
    return qs if user is None else access.scope_queryset(qs, user)


def blocked_transfers_sections(
    entities: Sequence[GroupEntity], as_of: date, user: Any
) -> dict[int, registry.Section]:
    """The "transfers with blockers" block of each entity page of the group-status report: the
    transfers the entity exports, in effect on ``as_of``, that the engine finds unlawful on that
    date, with what blocks them. A fixed number of queries for all the printed entities."""
    qs = (
        DataTransfer.objects.filter(exporter__in=[e.pk for e in entities], start_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
        .exclude(state=TransferState.RETIRED)
        .select_related("exporter__country", "importer__country", "external_recipient__country")
        .order_by("pk")
    )
    transfers, facts_context = load_context(qs if user is None else access.scope_queryset(qs, user))
    rows: dict[int, list[list[str]]] = defaultdict(list)
    for transfer in transfers:
        evaluation = evaluate_transfer(build_facts(transfer, as_of, facts_context).facts)
        if evaluation.lawful is not False:  # lawful, or not assessed (None): nothing blocks it
            continue
        destination = transfer.importer or transfer.external_recipient
        assert destination is not None  # transfer_exactly_one_recipient
        name = getattr(destination, "legal_name", None) or getattr(destination, "name", "")
        rows[transfer.exporter_id].append(
            [
                f"{transfer.reference} {transfer.name}",
                f"{name} ({destination.country_id})",
                " · ".join(
                    _worded(f.message, f.basis)
                    for f in evaluation.findings
                    if f.severity == "blocker"
                ),
            ]
        )
    headers = [gettext_lazy("Transfer"), gettext_lazy("Recipient"), gettext_lazy("What blocks it")]
    return registry.Section.per_entity(
        entities,
        rows,
        key="transfers-with-blockers",
        title=gettext_lazy("Transfers with blockers"),
        headers=headers,
        empty=gettext_lazy("No transfer of this entity is blocked on this date."),
        widths=(28, 22, 50),
    )


def transfer_count(
    group: CorporateGroup, user: Any, as_of: date, period_start: date | None = None
) -> int:
    """How many transfers the register prints: decides whether it renders in the background."""
    return transfers_in_effect(group, user, as_of).count()


def transfer_register_context(
    group: CorporateGroup,
    /,
    *,
    user: Any,
    as_of: date,
    generated_at: datetime,
    period_start: date | None = None,
) -> dict[str, Any]:
    """The register's context: a fixed number of queries (the transfers and what their facts
    need, the assessments, and the SCC mesh's own load) whatever the number of transfers."""
    rows, facts_context = load_context(transfers_in_effect(group, user, as_of))
    assessments = _assessments([t.pk for t in rows])
    printed = []
    for transfer in rows:
        evaluation = evaluate_transfer(build_facts(transfer, as_of, facts_context).facts)
        printed.append(_row(transfer, evaluation, assessments.get(transfer.pk, []), as_of))
    mechanisms = Counter(row.mechanism for row in printed)
    by_mechanism = sorted(mechanisms.items(), key=lambda item: (-item[1], item[0]))
    # Group-wide figures cross every entity: shown to those who see the whole group.
    mesh: MeshResult | None = (
        scc_mesh(group, on=as_of) if user is None or access.sees_everything(user) else None
    )
    return {
        "report_title": gettext_lazy("Transfer register"),
        "group": group,
        "as_of": as_of,
        "generated_at": generated_at,
        "rows": printed,
        "summary": {
            "transfers": len(printed),
            "lawful": sum(1 for row in printed if row.lawful is True),
            "not_assessed": sum(1 for row in printed if row.lawful is None),
            "blocked": sum(1 for row in printed if row.lawful is False),
            "by_mechanism": " · ".join(f"{name} {count}" for name, count in by_mechanism),
        },
        "mesh": mesh,
    }


def transfer_register_filename(group: CorporateGroup, as_of: date, lang: str) -> str:
    name = safe_filename_part(group.short_name)
    return f"transfer-register-{name}-{as_of.isoformat()}-{lang}.pdf"


def _assessments(transfer_ids: list[int]) -> dict[int, list[TransferImpactAssessment]]:
    by_transfer: dict[int, list[TransferImpactAssessment]] = {}
    for tia in TransferImpactAssessment.objects.filter(transfer_id__in=transfer_ids).order_by(
        "transfer_id", "approved_on", "pk"
    ):
        by_transfer.setdefault(tia.transfer_id, []).append(tia)
    return by_transfer


def _row(
    transfer: DataTransfer,
    evaluation: Evaluation,
    assessments: list[TransferImpactAssessment],
    on: date,
) -> TransferRow:
    importer, external = transfer.importer, transfer.external_recipient
    activity = transfer.processing_activity
    if importer is not None:
        recipient, country, kind = importer.legal_name, importer.country, gettext("group entity")
    else:
        # The transfer_exactly_one_recipient constraint: no importer, so an external recipient.
        assert external is not None
        recipient, country, kind = external.name, external.country, gettext("external recipient")
    return TransferRow(
        transfer=transfer,
        exporter=f"{transfer.exporter.legal_name} ({transfer.exporter.country_id})",
        recipient=recipient,
        recipient_kind=kind,
        country=f"{country.display_name} ({country.code})",
        data_categories=transfer.data_categories or (activity.data_categories if activity else ""),
        categories_from=activity.name if activity and not transfer.data_categories else "",
        lawful=evaluation.lawful,
        verdict=verdict_label(evaluation.lawful),
        mechanism=_mechanism_label(evaluation),
        basis=_basis(evaluation),
        tia=tia_status(assessments, on),
        blockers=[f for f in evaluation.findings if f.severity == "blocker"],
        warnings=[f for f in evaluation.findings if f.severity == "warning"],
    )


def _mechanism_label(evaluation: Evaluation) -> str:
    if evaluation.mechanism is not None:
        return str(Mechanism(evaluation.mechanism).label)
    if evaluation.lawful is None:
        return gettext("not assessed: no export rule implemented here governs the exporter")
    return gettext("none")


def _basis(evaluation: Evaluation) -> str:
    """The legal basis of the mechanism relied on (the engine names it on its success finding),
    or of the conclusion when there is none (out of scope, no mechanism)."""
    code = evaluation.mechanism or (
        "no_mechanism" if evaluation.lawful is False else "out_of_scope"
    )
    return next((legal_text.render(f.basis) for f in evaluation.findings if f.code == code), "")


def _worded(message: str, basis: str) -> str:
    """A finding in the reader's language, its basis in brackets."""
    message, basis = legal_text.render(message), legal_text.render(basis)
    return f"{message} ({basis})" if basis else message


def tia_status(assessments: list[TransferImpactAssessment], on: date) -> TIAStatus:
    """The latest assessment approved on or before ``on`` (a later one did not exist yet); a
    draft only when none was approved by then."""
    approved = [
        a
        for a in assessments
        if a.state != TIAState.DRAFT and a.approved_on is not None and a.approved_on <= on
    ]
    if approved:
        latest = max(approved, key=lambda a: (a.approved_on or date.min, a.pk))
        review = latest.next_review_on
        assert latest.approved_on is not None  # filtered above
        status = gettext("approved on %(date)s") % {"date": latest.approved_on.isoformat()}
        if latest.state == TIAState.REASSESSMENT_DUE:
            status = f"{status} — {gettext('reassessment due')}"
        return TIAStatus(
            status=status,
            conclusion=latest.conclusion,
            next_review=review,
            review_overdue=review is not None and review < on,
        )
    if any(a.state == TIAState.DRAFT for a in assessments):
        return TIAStatus(status=gettext("draft, not approved"))
    return TIAStatus(status=gettext("none"))


def register() -> None:
    """Make the transfer register exportable (from ``transfers.registration``)."""
    registry.register_report(
        KIND,
        model=CorporateGroup,
        template="reports/transfer_register.html",
        context_builder=transfer_register_context,
        filename=transfer_register_filename,
        title=gettext_lazy("Transfer register"),
        description=gettext_lazy(
            "Every transfer of the group in effect on the chosen date, with exporter, "
            "recipient, destination, data categories, the mechanism the transfer engine finds "
            "on that date and its legal basis, the impact assessment and any blockers; then "
            "the SCC mesh figures of the group."
        ),
        as_of_help=gettext_lazy(
            "Transfers in effect on this date are printed, as the transfer engine judges them "
            "on that date. Empty means today."
        ),
        parts_along="rows",
    )
    jobs.register_async_threshold(KIND, TRANSFER_REGISTER_ASYNC_THRESHOLD, transfer_count)
    registry.register_entity_section(
        "transfers-with-blockers", blocked_transfers_sections, order=40
    )
