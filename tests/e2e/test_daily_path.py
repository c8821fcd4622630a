"""The DPO's daily path in headless Chromium: the deadlines list, reference search, the language
switch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from compliance.preferences.models import UserPreference
from tests.builders import breach, example_group
from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_deadlines_list_puts_the_overdue_first_with_the_time_left(
    page: Any, live_server: Any, dpo_user: Any, reference_data: Any
) -> None:
    _group, _tokyo, duesseldorf = example_group()
    now = timezone.now()
    breach(
        duesseldorf,
        dpo_user,
        title="Recent",
        aware_at=now - timedelta(hours=9, minutes=30),
        affected_countries=("DE",),
    )
    breach(
        duesseldorf,
        dpo_user,
        title="Forgotten",
        aware_at=now - timedelta(hours=80, minutes=30),
        affected_countries=("DE",),
    )
    login(page, live_server, dpo_user.username)

    page.goto(f"{live_server.url}/compliance/notificationdeadline/")
    rows = page.locator("#result_list tbody tr")
    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()

    assert "Forgotten" in first
    assert "overdue 8 h 30 min" in first
    assert "Recent" in second
    assert "2 d 14 h left" in second


def test_a_reference_typed_in_the_search_box_finds_its_breach(
    page: Any, live_server: Any, dpo_user: Any, reference_data: Any
) -> None:
    _group, tokyo, _duesseldorf = example_group()
    now = timezone.now()
    wanted = breach(tokyo, dpo_user, title="Mailbox", aware_at=now - timedelta(hours=2))
    breach(tokyo, dpo_user, title="Portal", aware_at=now - timedelta(hours=1))
    login(page, live_server, dpo_user.username)

    page.goto(f"{live_server.url}/compliance/breachincident/")
    page.fill("#searchbar", wanted.reference.lower())
    page.press("#searchbar", "Enter")
    page.wait_for_url("**/?q=*")

    titles = page.locator("#result_list tbody tr").all_inner_texts()
    assert len(titles) == 1
    assert "Mailbox" in titles[0]


@pytest.mark.parametrize("role", ["dpo_user", "legal_user", "coordinator_user"])
def test_the_language_switch_turns_the_admin_japanese_and_remembers_it(
    page: Any, live_server: Any, request: Any, role: str, reference_data: Any
) -> None:
    user = request.getfixturevalue(role)
    login(page, live_server, user.username)

    page.select_option("#language-switch", "ja")
    page.click(".language-switch button")
    page.wait_for_load_state()

    assert page.get_attribute("html", "lang") == "ja"
    assert UserPreference.objects.get(user=user).language == "ja"
    page.context.clear_cookies()  # a new session, as on another day
    login(page, live_server, user.username)
    assert page.get_attribute("html", "lang") == "ja"
