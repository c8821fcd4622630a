from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import resolve, reverse

from tests.compliance.reports.conftest import Nordlicht, page_texts, squeeze

pytestmark = pytest.mark.django_db


def _export_url(nordlicht: Nordlicht) -> str:
    return reverse("admin:compliance_corporategroup_export_status", args=[nordlicht.group.pk])


def test_admin_export_gives_a_dpo_the_pdf_in_the_chosen_language(
    nordlicht: Nordlicht, dpo_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(dpo_user).post(
        _export_url(nordlicht), {"lang": "de", "as_of": "2025-03-31"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="group-status-NLH-2025-03-31-de.pdf"'
    )
    pages = [squeeze(t) for t in page_texts(response.content)]
    assert len(pages) == 4
    assert squeeze("Datenstand 31. März 2025") in pages[0]
    assert squeeze("Federführende Aufsichtsbehörde LDI NRW") in pages[0]


def test_admin_export_lets_legal_export(
    nordlicht: Nordlicht, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(legal_user).post(
        _export_url(nordlicht), {"lang": "ja", "as_of": "2025-03-31"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="group-status-NLH-2025-03-31-ja.pdf"'
    )


def test_admin_export_is_forbidden_to_a_coordinator(
    nordlicht: Nordlicht, coordinator_user: Any, client_for: Callable[[Any], Any]
) -> None:
    nordlicht.japan.coordinators.add(coordinator_user)

    response = client_for(coordinator_user).post(
        _export_url(nordlicht), {"lang": "en", "as_of": "2025-03-31"}
    )

    assert response.status_code == 403


def test_admin_export_without_parameters_shows_the_form(
    nordlicht: Nordlicht, dpo_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(dpo_user).get(_export_url(nordlicht))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.context["form"].is_bound is False
    assert b'<option value="ja">' in response.content
    assert b"one page each, with their supervisory authority and coordinators." in response.content


def test_admin_export_with_a_bad_language_redisplays_the_form(
    nordlicht: Nordlicht, dpo_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(dpo_user).post(_export_url(nordlicht), {"lang": "fr"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "lang": ["Select a valid choice. fr is not one of the available choices."]
    }


def test_admin_export_defaults_the_as_of_date_to_today(
    nordlicht: Nordlicht, dpo_user: Any, client_for: Callable[[Any], Any], time_machine: Any
) -> None:
    time_machine.move_to("2025-06-30 10:00:00+00:00")

    response = client_for(dpo_user).post(_export_url(nordlicht), {"lang": "en", "as_of": ""})

    assert response["Content-Disposition"] == (
        'attachment; filename="group-status-NLH-2025-06-30-en.pdf"'
    )


def test_admin_export_of_an_unknown_group_is_not_found(
    dpo_user: Any, client_for: Callable[[Any], Any]
) -> None:
    url = reverse("admin:compliance_corporategroup_export_status", args=[999999])

    response = client_for(dpo_user).post(url, {"lang": "en"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "shown"), [("dpo_user", True), ("legal_user", True), ("coordinator_user", False)]
)
def test_admin_group_change_page_shows_the_export_button_to_exporters(
    nordlicht: Nordlicht,
    client_for: Callable[[Any], Any],
    request: pytest.FixtureRequest,
    role: str,
    shown: bool,
) -> None:
    user = request.getfixturevalue(role)
    url = reverse("admin:compliance_corporategroup_change", args=[nordlicht.group.pk])

    response = client_for(user).get(url)

    assert response.status_code == 200
    assert (f'href="{_export_url(nordlicht)}"'.encode() in response.content) is shown


def test_admin_group_action_leads_to_the_export_form(
    nordlicht: Nordlicht, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(legal_user).post(
        reverse("admin:compliance_corporategroup_changelist"),
        {"action": "export_group_status", "_selected_action": [nordlicht.group.pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == _export_url(nordlicht)


def test_admin_group_action_is_not_offered_to_a_coordinator(
    nordlicht: Nordlicht, coordinator_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(coordinator_user).get(
        reverse("admin:compliance_corporategroup_changelist")
    )

    assert response.status_code == 200
    assert b"export_group_status" not in response.content


def test_admin_export_runs_outside_the_request_transaction(nordlicht: Nordlicht) -> None:
    # Rendering takes seconds; inside ATOMIC_REQUESTS it would hold SQLite's write lock.
    view = resolve(_export_url(nordlicht)).func

    assert view._non_atomic_requests == {"default"}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("9999-12-31", "9999-12-31 is after 2199-12-31; check the year."),
        ("0001-01-01", "0001-01-01 is before 1900-01-01; check the year."),
    ],
)
def test_admin_export_as_of_year_one_or_9999_is_refused_on_the_form(
    nordlicht: Nordlicht, dpo_user: Any, client_for: Callable[[Any], Any], as_of: str, message: str
) -> None:
    response = client_for(dpo_user).post(_export_url(nordlicht), {"lang": "en", "as_of": as_of})

    assert response.status_code == 200
    assert response.context["form"].errors == {"as_of": [message]}
