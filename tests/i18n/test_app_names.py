"""The admin's sections (apps) are named in the reader's language, the sign-in records of
django-axes too, which ships no Japanese catalogue."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from compliance.preferences.models import UserPreference

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected", "english"),
    [
        ("de", ["Internationale Übermittlungen", "Zugriffslogs"], "International transfers"),
        ("ja", ["国際データ移転", "コンプライアンス", "アクセスログ"], "Access logs"),
    ],
)
def test_the_admin_sections_are_named_in_the_readers_language(
    client_for: Any, dpo_user: Any, language: str, expected: list[str], english: str
) -> None:
    UserPreference.objects.update_or_create(user=dpo_user, defaults={"language": language})

    html = client_for(dpo_user).get(reverse("admin:index")).content.decode()

    assert [name in html for name in expected] == [True] * len(expected)
    assert english not in html
