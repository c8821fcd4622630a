from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from compliance.registry.models import GroupEntity
from compliance.registry.reports import group_status_context
from compliance.reports import registry
from tests.compliance.reports.conftest import (
    AS_OF,
    GENERATED_AT,
    Nordlicht,
    page_texts,
    squeeze,
)

pytestmark = pytest.mark.django_db


def test_render_report_by_kind_and_id_as_a_task_would(nordlicht: Nordlicht) -> None:
    report = registry.render_report(
        "group_status",
        object_id=nordlicht.group.pk,
        user=None,
        lang="de",
        as_of=AS_OF,
        generated_at=GENERATED_AT,
    )

    assert report.filename == "group-status-NLH-2025-03-31-de.pdf"
    assert report.content_type == "application/pdf"
    pages = [squeeze(t) for t in page_texts(report.content)]
    assert len(pages) == 4
    assert squeeze("Compliance-Status der Unternehmensgruppe") in pages[0]
    assert squeeze("Erstellt 2025-04-02 09:30 UTC") in pages[0]


def _entity_card(
    entity: GroupEntity, /, *, user: Any, as_of: date, generated_at: datetime
) -> dict[str, Any]:
    context = group_status_context(
        group=entity.group, user=user, as_of=as_of, generated_at=generated_at
    )
    context["pages"] = [p for p in context["pages"] if p.entity.pk == entity.pk]
    return context


@pytest.fixture
def entity_card() -> Iterator[registry.ReportKind]:
    yield registry.register_report(
        "entity_card",
        model=GroupEntity,
        template="reports/group_status.html",
        context_builder=_entity_card,
        filename=lambda entity, as_of, lang: f"entity-{entity.short_name}-{lang}.pdf",
    )
    registry.unregister_report("entity_card")


def test_registered_report_kind_is_exportable_by_the_command(
    nordlicht: Nordlicht, entity_card: registry.ReportKind, tmp_path: Path
) -> None:
    output = tmp_path / "card.pdf"

    call_command(
        "export_report",
        "entity_card",
        "--id",
        str(nordlicht.japan.pk),
        "--lang",
        "ja",
        "--as-of",
        "2025-03-31",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )

    pages = [squeeze(t) for t in page_texts(output.read_bytes())]
    assert len(pages) == 2
    assert squeeze("ノルドリヒト・ジャパン株式会社") in pages[1]
    assert registry.get_report("entity_card").filename(nordlicht.japan, AS_OF, "ja") == (
        "entity-NL-JP-ja.pdf"
    )


def test_render_report_of_an_unknown_record_names_it() -> None:
    with pytest.raises(registry.UnknownReport, match=r"^No corporate group with id 424242\.$"):
        registry.render_report("group_status", object_id=424242, user=None, lang="en", as_of=AS_OF)
