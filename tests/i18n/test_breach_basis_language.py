"""A breach's legal bases on its page and in its notification PDF, in the reader's language."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.urls import reverse

from compliance.preferences.models import UserPreference
from tests.builders import breach, entity
from tests.factories import CorporateGroupFactory

pytestmark = pytest.mark.django_db

GERMAN_BASIS = (
    "Art. 33 Abs. 1 DSGVO: Meldung an die Aufsichtsbehörde unverzüglich und möglichst binnen 72 "
    "Stunden, nachdem die Verletzung bekannt wurde"
)
JAPANESE_BASIS = (
    "GDPR 第33条第1項：不当な遅滞なく、可能な場合は認識後72時間以内に監督機関へ通知する"
)
ENGLISH_BASIS = "GDPR Art. 33(1): notify the supervisory authority without undue delay"


@pytest.fixture
def laptop(dpo_user: Any) -> Any:
    group = CorporateGroupFactory()
    berlin = entity(
        group, short_name="Berlin", country_id="DE", region="DE-BE", time_zone="Europe/Berlin"
    )
    return breach(berlin, dpo_user, title="Laptop", aware_at=datetime(2024, 6, 12, 8, tzinfo=UTC))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", GERMAN_BASIS), ("ja", JAPANESE_BASIS), ("en", ENGLISH_BASIS)],
)
def test_the_breach_page_gives_the_basis_in_the_readers_language(
    laptop: Any, client_for: Any, dpo_user: Any, language: str, expected: str
) -> None:
    UserPreference.objects.update_or_create(user=dpo_user, defaults={"language": language})

    html = (
        client_for(dpo_user)
        .get(reverse("admin:compliance_breachincident_change", args=[laptop.pk]))
        .content.decode()
    )

    assert expected in html
    if language != "en":
        assert ENGLISH_BASIS not in html


def test_the_stored_english_basis_stays_the_record(laptop: Any) -> None:
    deadline = laptop.deadlines.get(regime="EU_GDPR", kind="authority_notification")

    assert deadline.basis.startswith(ENGLISH_BASIS)
    assert deadline.basis_parts[0][0].startswith("{law} Art. 33(1): notify")
