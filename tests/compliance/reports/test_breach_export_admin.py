from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import resolve, reverse

from tests.compliance.reports.breach_setup import PortalBreach, register_url
from tests.compliance.reports.conftest import page_texts, squeeze

pytestmark = pytest.mark.django_db


def _notification_url(portal: PortalBreach) -> str:
    return reverse("admin:compliance_breachnotification_export_report", args=[portal.appi.pk])


@pytest.mark.parametrize("role", ["dpo_user", "legal_user"])
def test_notification_export_gives_dpo_and_legal_the_pdf(
    portal: PortalBreach,
    client_for: Callable[[Any], Any],
    request: pytest.FixtureRequest,
    role: str,
) -> None:
    response = client_for(request.getfixturevalue(role)).post(
        _notification_url(portal), {"lang": "ja", "as_of": "2024-07-01"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="BR-2024-{portal.incident.pk:05d}-JP_APPI-preliminary_report-'
        f'{portal.appi.pk}-ja.pdf"'
    )
    assert squeeze("漏えい等報告（速報）") in squeeze(page_texts(response.content)[0])


def test_notification_export_is_forbidden_to_the_entitys_coordinator(
    portal: PortalBreach, coordinator_user: Any, client_for: Callable[[Any], Any]
) -> None:
    portal.tokyo.coordinators.add(coordinator_user)

    response = client_for(coordinator_user).post(
        _notification_url(portal), {"lang": "en", "as_of": "2024-07-01"}
    )

    assert response.status_code == 403


def test_notification_export_form_describes_the_report(
    portal: PortalBreach, legal_user: Any, client_for: Callable[[Any], Any]
) -> None:
    response = client_for(legal_user).get(_notification_url(portal))

    assert response.status_code == 200
    assert response.context["form"].is_bound is False
    assert b"the nine items of PPC Rules Art. 8(1) in Japanese" in response.content


@pytest.mark.parametrize(("role", "status"), [("legal_user", 200), ("coordinator_user", 403)])
def test_register_export_is_for_exporters_only(
    portal: PortalBreach,
    client_for: Callable[[Any], Any],
    request: pytest.FixtureRequest,
    role: str,
    status: int,
) -> None:
    user = request.getfixturevalue(role)
    portal.tokyo.coordinators.add(user)

    response = client_for(user).post(register_url(portal), {"lang": "de", "as_of": "2024-07-01"})

    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == (
            'attachment; filename="breach-register-EIG-2024-07-01-de.pdf"'
        )


def test_report_exports_run_outside_the_request_transaction(portal: PortalBreach) -> None:
    for url in (_notification_url(portal), register_url(portal)):
        view = resolve(url).func

        assert view._non_atomic_requests == {"default"}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("role", "shown"), [("dpo_user", True), ("legal_user", True), ("coordinator_user", False)]
)
def test_notification_change_page_shows_the_export_button_to_exporters(
    portal: PortalBreach,
    client_for: Callable[[Any], Any],
    request: pytest.FixtureRequest,
    role: str,
    shown: bool,
) -> None:
    user = request.getfixturevalue(role)
    portal.tokyo.coordinators.add(user)

    response = client_for(user).get(
        reverse("admin:compliance_breachnotification_change", args=[portal.appi.pk])
    )

    assert response.status_code == 200
    assert (f'href="{_notification_url(portal)}"'.encode() in response.content) is shown


@pytest.mark.parametrize(
    ("role", "shown"), [("dpo_user", True), ("legal_user", True), ("coordinator_user", False)]
)
def test_incident_change_page_links_the_register_and_each_notification_report(
    portal: PortalBreach,
    client_for: Callable[[Any], Any],
    request: pytest.FixtureRequest,
    role: str,
    shown: bool,
) -> None:
    user = request.getfixturevalue(role)
    portal.tokyo.coordinators.add(user)

    response = client_for(user).get(
        reverse("admin:compliance_breachincident_change", args=[portal.incident.pk])
    )

    assert response.status_code == 200
    links = [register_url(portal)] + [
        reverse("admin:compliance_breachnotification_export_report", args=[n.pk])
        for n in (portal.eu, portal.uk, portal.appi)
    ]
    assert [f'href="{link}"'.encode() in response.content for link in links] == [shown] * 4
