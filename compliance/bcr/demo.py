"""The demo group's BCR procedure, 2016–2021, replayed event by event (domain brief §1).

Each row of ``reference_data/demo_bcr_timeline.csv`` is recorded on the timeline; ``procedure``
rows drive the workflow through ``compliance.bcr.services`` (no state is ever written directly).
BCR-C and BCR-P are two applications that went through the same steps on the same days — the
EDPB gave one opinion on each and LDI NRW approved each — so the replay runs once per kind and
each application's timeline reads as the full 29-line history. Then a few years of life after
approval (annual updates, a training, a complaint). Idempotent: a kind whose application exists
is left as it is.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from compliance.access import Actor
from compliance.bcr import services as bcr
from compliance.bcr.models import (
    BCRApplication,
    BCRComplaint,
    BCRDocumentVersion,
    BCRKind,
    BCRTrainingRecord,
)
from compliance.bcr.models.procedure import EventCategory, OrganisationKind
from compliance.registry.models import CorporateGroup, SupervisoryAuthority

TIMELINE_CSV = Path(__file__).resolve().parent / "reference_data" / "demo_bcr_timeline.csv"

AUTHORITIES = {
    "ICO": "gb_ico",
    "LDI NRW": "de_nw_ldi",
    "Dutch Data Protection Authority": "nl_ap",
}

# The step each procedure row drives, keyed by (date, organisation) as in the CSV. None: a step
# of the procedure that changes no state (a request, a handover), recorded on the timeline only.
STEPS: dict[tuple[str, str], tuple[str, dict[str, Any]] | None] = {
    ("2016-10-14", "Group GDPR office"): ("request_lead", {"lead": "gb_ico"}),
    ("2017-08-01", "ICO"): ("accept_lead", {}),
    ("2019-01-10", "ICO"): ("start_co_review", {"co_reviewers": ["de_nw_ldi", "nl_ap"]}),
    ("2019-03-01", "LDI NRW"): ("request_revision", {}),
    ("2019-03-21", "Dutch Data Protection Authority"): ("request_revision", {}),
    ("2019-03-28", "Group GDPR office"): ("submit_revision", {}),
    ("2019-05-16", "ICO"): ("start_concerned_review", {}),
    # ITES round 1: comments; round 2 (the revised draft) passes at the 2021 ITES meeting.
    ("2020-04-01", "EDPB ITES"): ("request_revision", {}),
    ("2020-09-01", "Group GDPR office"): None,
    ("2020-09-01", "ICO"): None,
    (
        "2020-12-02",
        "LDI NRW",
    ): (
        "change_lead",
        {
            "lead": "de_nw_ldi",
            "reason": "Brexit: the group's EU main establishment moved from London to "
            "Düsseldorf; ICO approvals would not be valid for the EU after 2020.",
        },
    ),
    ("2021-04-01", "EDPB ITES"): ("submit_revision", {}),
    # The CSV gives no date for the complete file: the day of submission is used (demo data).
    ("2021-06-28", "LDI NRW"): ("submit_to_edpb", {"file_complete_on": date(2021, 6, 28)}),
    ("2021-07-28", "EDPB"): ("record_plenary", {}),
    ("2021-08-02", "EDPB"): ("record_opinion", {"reference": "EDPB opinion on the {kind}"}),
    ("2021-08-05", "LDI NRW"): ("approve", {"reference": "LDI NRW approval of the {kind}"}),
}

# Document versions sent or prepared at an event: (document kind, language, version).
DOCUMENTS: dict[tuple[str, str], list[tuple[str, str, str]]] = {
    ("2016-10-14", "Group GDPR office"): [
        ("bcr_text", "en", "1.0"),
        ("application_form", "en", "1.0"),
    ],
    ("2019-03-28", "Group GDPR office"): [("bcr_text", "en", "1.1")],
    ("2021-04-01", "EDPB ITES"): [("bcr_text", "en", "2.0")],
    ("2021-05-01", "Group GDPR office"): [("bcr_text", "de", "2.0")],
    ("2021-06-28", "LDI NRW"): [("bcr_text", "en", "2.0"), ("bcr_text", "de", "2.0")],
}

TITLES = {
    BCRKind.CONTROLLER: "Controller BCRs of Example Internet Group",
    BCRKind.PROCESSOR: "Processor BCRs of Example Internet Group",
}


@dataclass(frozen=True)
class TimelineRow:
    on: date
    precision: str
    kind: str
    organisation: str
    event: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.on.isoformat(), self.organisation)


def read_timeline(path: Path = TIMELINE_CSV) -> list[TimelineRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            TimelineRow(
                on=date.fromisoformat(row["date"]),
                precision=row["precision"],
                kind=row["kind"],
                organisation=row["organisation"],
                event=row["event"],
            )
            for row in csv.DictReader(handle)
        ]


@transaction.atomic
def seed_demo_bcr(group: CorporateGroup) -> None:
    dpo = get_user_model().objects.filter(username="dpo").first()
    rows = read_timeline()
    authorities = {
        a.key: a for a in SupervisoryAuthority.objects.filter(key__in=AUTHORITIES.values())
    }
    for kind in (BCRKind.CONTROLLER, BCRKind.PROCESSOR):
        if BCRApplication.objects.filter(group=group, kind=kind).exists():
            continue
        application = bcr.start_application(group=group, kind=kind, title=TITLES[kind], by=dpo)
        for row in rows:
            replay_row(application, row, authorities, dpo)
        seed_upkeep(application, dpo)


def replay_row(
    application: BCRApplication,
    row: TimelineRow,
    authorities: dict[str, SupervisoryAuthority],
    by: Actor | None,
) -> None:
    organisation = _organisation(row, authorities)
    documents = _documents(application, row, by)
    if row.kind == EventCategory.PROCEDURE and row.key not in STEPS:
        raise ValueError(f"No step of the procedure is mapped for {row.key}: add it to STEPS.")
    step = STEPS[row.key] if row.kind == EventCategory.PROCEDURE else None
    if step is None:
        bcr.record_timeline_event(
            application=application,
            on=row.on,
            precision=row.precision,
            category=row.kind,
            organisation=organisation,
            note=row.event,
            documents=documents,
            by=by,
        )
        return
    name, params = step
    if name == "submit_to_edpb":
        _complete_checklist(application, by)
    bcr.transition_application(
        application=application,
        name=name,
        on=row.on,
        precision=row.precision,
        by=by,
        note=row.event,
        organisation=organisation,
        documents=documents,
        **_resolve(params, authorities, application),
    )


def _resolve(
    params: dict[str, Any], authorities: dict[str, SupervisoryAuthority], app: BCRApplication
) -> dict[str, Any]:
    resolved: dict[str, Any] = {}
    for name, value in params.items():
        if name == "lead":
            resolved[name] = authorities[value]
        elif name == "co_reviewers":
            resolved[name] = [authorities[key] for key in value]
        elif isinstance(value, str):
            resolved[name] = value.format(kind=app.get_kind_display())
        else:
            resolved[name] = value
    return resolved


def _organisation(
    row: TimelineRow, authorities: dict[str, SupervisoryAuthority]
) -> bcr.Organisation:
    key = AUTHORITIES.get(row.organisation)
    if key is not None:
        return bcr.Organisation.of(authorities[key])
    if row.organisation.startswith("EDPB"):
        return bcr.Organisation(OrganisationKind.EDPB, name=row.organisation)
    if row.kind == EventCategory.CONTEXT:
        return bcr.Organisation(OrganisationKind.CONTEXT, name=row.organisation)
    return bcr.Organisation(OrganisationKind.INTERNAL, name=row.organisation)


def _documents(
    application: BCRApplication, row: TimelineRow, by: Actor | None
) -> list[BCRDocumentVersion]:
    versions = []
    for kind, language, label in DOCUMENTS.get(row.key, []):
        version = BCRDocumentVersion.objects.filter(
            document__application=application,
            document__kind=kind,
            document__language=language,
            label=label,
        ).first()
        if version is None:
            slug = application.kind.lower()
            version = bcr.record_document_version(
                application=application,
                kind=kind,
                language=language,
                label=label,
                created_on=row.on,
                url=f"https://dpo.example.com/bcr/{slug}/{kind}-{language}-{label}.pdf",
                by=by,
            )
        versions.append(version)
    return versions


def _complete_checklist(application: BCRApplication, by: Actor | None) -> None:
    """The demo's BCRs cover every Art. 47(2) element by the time they go to the EDPB."""
    text = f"{application.get_kind_display()} v2.0 (en)"
    for item in application.checklist.filter(status="open"):
        bcr.update_checklist_item(
            item=item,
            status="done",
            evidence=f"{text}: the section implementing Art. 47(2)({item.letter})",
            by=by,
        )


def seed_upkeep(application: BCRApplication, by: Actor | None) -> None:
    """Life after approval: a yearly update each July up to today, a training, a complaint."""
    rules = application.bcr
    if rules is None or rules.approved_on is None:
        return
    today = timezone.localdate()
    year = rules.approved_on.year + 1
    while (sent_on := date(year, 7, 20)) <= today:
        bcr.record_annual_update(
            bcr=rules,
            sent_on=sent_on,
            changes=f"Annual review {year}: member list unchanged; editorial updates to the BCRs.",
            by=by,
        )
        year += 1
    if application.kind != BCRKind.CONTROLLER:
        return
    entities = {e.short_name: e for e in application.group.entities.all()}
    bcr.save_record(
        record=BCRTrainingRecord(
            bcr=rules,
            entity=entities["EIG Tokyo"],
            held_on=date(2021, 10, 15),
            topic="BCR awareness for staff with access to personal data from the EU",
            audience="customer support and engineering",
            participants=120,
        ),
        by=by,
        reason="seed_demo",
    )
    bcr.save_record(
        record=BCRComplaint(
            bcr=rules,
            entity=entities["EIG US"],
            received_on=date(2023, 2, 6),
            subject="Access request not answered in time",
            handled_on=date(2023, 3, 1),
            outcome="Copy of the data provided; the request queue now escalates after 2 weeks.",
        ),
        by=by,
        reason="seed_demo",
    )
