from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from compliance.breaches.reports import register as breach_register
from compliance.registry import services
from compliance.registry.models import CorporateGroup, GroupEntity
from compliance.registry.reports import group_status_context
from compliance.reports import jobs
from compliance.reports.pdf import render_pdf
from tests.compliance.reports.breach_setup import PortalBreach, portal_breach
from tests.factories import CorporateGroupFactory, GroupEntityFactory

AS_OF = date(2025, 3, 31)
GENERATED_AT = datetime(2025, 4, 2, 9, 30, tzinfo=UTC)


@dataclass
class Nordlicht:
    group: CorporateGroup
    hq: GroupEntity
    france: GroupEntity
    japan: GroupEntity


@pytest.fixture
def nordlicht(db: Any, django_user_model: Any) -> Nordlicht:
    """A group of three: the German EU main establishment, a French and a Japanese subsidiary."""
    group = CorporateGroupFactory(name="Nordlicht Holding AG", short_name="NLH")
    hq = services.save_entity(
        entity=GroupEntityFactory.build(
            group=group,
            legal_name="Nordlicht Deutschland GmbH",
            short_name="NL-DE",
            country_id="DE",
            region="DE-NW",
            time_zone="Europe/Berlin",
            is_eu_main_establishment=True,
            main_establishment_since=date(2019, 1, 1),
            active_from=date(2010, 5, 1),
        )
    )
    france = services.save_entity(
        entity=GroupEntityFactory.build(
            group=group,
            legal_name="Nordlicht France SAS",
            short_name="NL-FR",
            country_id="FR",
            region="",
            time_zone="Europe/Paris",
            parent=hq,
            is_processor=True,
        )
    )
    japan = services.save_entity(
        entity=GroupEntityFactory.build(
            group=group,
            legal_name="ノルドリヒト・ジャパン株式会社",
            short_name="NL-JP",
            country_id="JP",
            region="",
            time_zone="Asia/Tokyo",
            parent=hq,
        )
    )
    japan.coordinators.add(
        django_user_model.objects.create_user(
            username="sato", first_name="Hanako", last_name="Sato", password="pw"
        )
    )
    return Nordlicht(group=group, hq=hq, france=france, japan=japan)


@pytest.fixture
def portal(dpo_user: Any) -> PortalBreach:
    """The demo's portal breach (``breach_setup.portal_breach``); modules that add breaches to
    it define their own."""
    return portal_breach(dpo_user)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def small_threshold() -> Iterator[None]:
    """Every breach register renders in the background, as one of 201 breaches would."""
    jobs.register_async_threshold("breach_register", 0, breach_register.breach_count)
    yield
    jobs.register_async_threshold(
        "breach_register", breach_register.ASYNC_THRESHOLD, breach_register.breach_count
    )


def pdf_reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pdf_reader(pdf).pages]


def squeeze(text: str) -> str:
    """``text`` without whitespace: table cells and wrapped lines break text in odd places."""
    return re.sub(r"\s+", "", text)


def render_group_status(
    group: CorporateGroup, *, lang: str, user: Any = None, **kwargs: Any
) -> bytes:
    context = group_status_context(group=group, user=user, as_of=AS_OF, generated_at=GENERATED_AT)
    return render_pdf("reports/group_status.html", context, lang=lang, **kwargs)
