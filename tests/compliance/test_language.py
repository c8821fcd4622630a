"""The language switch in the admin header: stored per user, applied on each request."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from compliance.preferences.models import UserPreference

pytestmark = pytest.mark.django_db


def _switch(client: Any, language: str) -> Any:
    return client.post(
        reverse("set_language"), {"language": language, "next": reverse("admin:index")}
    )


@pytest.mark.parametrize("role", ["dpo_user", "legal_user", "coordinator_user"])
def test_each_role_switches_language_and_keeps_it_in_a_new_session(
    role: str, request: Any, client_for: Any
) -> None:
    user = request.getfixturevalue(role)

    response = _switch(client_for(user), "ja")

    assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
    assert UserPreference.objects.get(user=user).language == "ja"
    # Another browser, no cookie: the stored choice applies.
    other = Client()
    other.force_login(user)
    page = other.get(reverse("admin:index"))
    assert page["Content-Language"] == "ja"
    assert '<html lang="ja"' in page.content.decode()


def test_header_offers_the_languages_with_the_current_one_selected(
    client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)
    _switch(client, "de")

    html = client.get(reverse("admin:index")).content.decode()

    assert f'action="{reverse("set_language")}"' in html
    assert '<option value="de" selected>Deutsch</option>' in html
    assert '<option value="ja">日本語</option>' in html
    assert '<option value="en">English</option>' in html


def test_unknown_language_changes_nothing(client_for: Any, dpo_user: Any) -> None:
    client = client_for(dpo_user)
    _switch(client, "de")

    response = _switch(client, "xx")

    assert response.status_code == 302
    assert UserPreference.objects.get(user=dpo_user).language == "de"
    assert client.get(reverse("admin:index"))["Content-Language"] == "de"


def test_without_a_stored_choice_the_browser_language_applies(
    client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)

    page = client.get(reverse("admin:index"), headers={"accept-language": "de"})

    assert page["Content-Language"] == "de"
    assert not UserPreference.objects.filter(user=dpo_user).exists()


def test_the_dashboard_title_and_the_undelivered_panel_read_japanese(
    client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)
    _switch(client, "ja")

    html = client.get(reverse("admin:index")).content.decode()

    assert "<h1>コンプライアンス業務</h1>" in html
    assert "Compliance workspace" not in html
    assert "配信されなかったリマインダー" in html
    assert "Reminders not delivered" not in html
