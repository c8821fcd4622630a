"""Issue 13 item 10: exports by POST, seeding and overwriting only on purpose, calendar links
that expire, a breach owner from the coordinator's own people."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from compliance.breaches.models import BreachIncident
from compliance.choices import DPO_GROUP
from compliance.reminders.calendar import (
    TokenRefused,
    issue_calendar_token,
    resolve_calendar_token,
)
from compliance.reminders.models import CalendarToken
from tests.compliance.integrity.conftest import Scene
from tests.compliance.integrity.formdata import page_data

pytestmark = pytest.mark.django_db


def _status_url(scene: Scene) -> str:
    return reverse("admin:compliance_corporategroup_export_status", args=[scene.group.pk])


def test_export_by_get_shows_the_form_and_renders_nothing(
    scene: Scene, client_for: Any, dpo_user: Any
) -> None:
    response = client_for(dpo_user).get(_status_url(scene), {"lang": "en"})

    assert (response.status_code, response["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert 'method="post"' in response.content.decode()


def test_export_post_without_csrf_token_is_refused(scene: Scene, dpo_user: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(dpo_user)

    response = client.post(_status_url(scene), {"lang": "en"})

    assert response.status_code == 403


def test_export_post_with_the_form_downloads_the_pdf(
    scene: Scene, client_for: Any, dpo_user: Any
) -> None:
    response = client_for(dpo_user).post(_status_url(scene), {"lang": "en", "as_of": ""})

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


@pytest.mark.parametrize("debug", [False])
def test_seed_demo_refuses_without_debug_or_force(settings: Any, debug: bool) -> None:
    settings.DEBUG = debug

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not Group.objects.filter(user__username="dpo").exists()


def test_export_report_refuses_to_overwrite_an_existing_file(scene: Scene, tmp_path: Path) -> None:
    output = tmp_path / "status.pdf"
    output.write_bytes(b"keep me")

    with pytest.raises(CommandError, match="--force"):
        call_command(
            "export_report", "group_status", "--id", str(scene.group.pk), "--output", str(output)
        )
    assert output.read_bytes() == b"keep me"


def test_export_report_overwrites_with_force(scene: Scene, tmp_path: Path) -> None:
    output = tmp_path / "status.pdf"
    output.write_bytes(b"old")

    call_command(
        "export_report",
        "group_status",
        "--id",
        str(scene.group.pk),
        "--output",
        str(output),
        "--force",
        stdout=open(tmp_path / "out.txt", "w"),  # noqa: SIM115 - closed with the test's tmp dir
    )

    assert output.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(("days", "expected"), [(None, 365), (30, 30)])
def test_calendar_token_gets_an_expiry_by_default(
    settings: Any, dpo_user: Any, days: int | None, expected: int
) -> None:
    if days is not None:
        settings.CALENDAR_TOKEN_DAYS = days

    token, _raw = issue_calendar_token(user=dpo_user)

    assert token.expires_at == timezone.now() + timedelta(days=expected)


def test_calendar_token_without_expiry_stops_after_the_lifetime(dpo_user: Any) -> None:
    token, raw = issue_calendar_token(user=dpo_user)
    CalendarToken.objects.filter(pk=token.pk).update(
        expires_at=None, created_at=timezone.now() - timedelta(days=366)
    )

    with pytest.raises(TokenRefused, match="expired"):
        resolve_calendar_token(raw)


@pytest.mark.parametrize(
    ("is_active", "is_staff", "refused"),
    [(True, True, False), (False, True, True), (True, False, True)],
)
def test_calendar_token_refused_for_inactive_or_non_staff_users(
    dpo_user: Any, is_active: bool, is_staff: bool, refused: bool
) -> None:
    _token, raw = issue_calendar_token(user=dpo_user)
    type(dpo_user).objects.filter(pk=dpo_user.pk).update(is_active=is_active, is_staff=is_staff)

    if refused:
        with pytest.raises(TokenRefused):
            resolve_calendar_token(raw)
    else:
        assert resolve_calendar_token(raw).user == dpo_user


def test_coordinator_cannot_name_an_outsider_as_breach_owner(
    scene: Scene, client_for: Any, coordinator_user: Any, django_user_model: Any
) -> None:
    outsider = django_user_model.objects.create_user(
        username="outsider", password="pw", is_staff=True
    )
    dpo = django_user_model.objects.create_user(username="dpo2", password="pw", is_staff=True)
    dpo.groups.add(Group.objects.get(name=DPO_GROUP))
    client = client_for(coordinator_user)
    url = reverse("admin:compliance_breachincident_change", args=[scene.breach.pk])
    page = client.get(url)
    choices = {
        int(pk.value) for pk, _ in page.context["adminform"].form.fields["owner"].choices if pk
    }

    response = client.post(url, {**page_data(page), "owner": outsider.pk})

    assert choices == {coordinator_user.pk, dpo.pk}
    assert response.status_code == 200
    assert "owner" in response.context["adminform"].form.errors
    assert BreachIncident.objects.get(pk=scene.breach.pk).owner_id is None
