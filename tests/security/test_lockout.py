"""Login throttling and lockout (django-axes) and the DPO's unlock."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from config.security.client_ip import client_ip
from tests.security.conftest import PASSWORD


def _attempt(client: Any, username: str, password: str, ip: str = "198.51.100.7") -> Any:
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password the hasher is asked to verify."""
    checked: list[str] = []
    original = MD5PasswordHasher.verify

    def verify(self: Any, password: str, encoded: str) -> bool:
        checked.append(password)
        return bool(original(self, password, encoded))

    monkeypatch.setattr(MD5PasswordHasher, "verify", verify)
    return checked


def test_lockout_refuses_the_sixth_attempt_without_checking_the_password(
    client: Any, dpo_user: Any, password_checks: list[str]
) -> None:
    dpo_user.set_password(PASSWORD)
    dpo_user.save()

    statuses = [_attempt(client, "dpo-user", f"wrong {n}").status_code for n in range(5)]
    sixth = _attempt(client, "dpo-user", PASSWORD)

    # The fifth failure is checked and answered with the lockout page; the sixth is not checked.
    assert statuses == [200, 200, 200, 200, 429]
    assert password_checks == [f"wrong {n}" for n in range(5)]
    assert sixth.status_code == 429
    assert b"Sign-in locked" in sixth.content
    assert "_auth_user_id" not in client.session


def test_lockout_counts_failures_per_user_name_from_any_address(client: Any, dpo_user: Any) -> None:
    for n in range(5):
        _attempt(client, "dpo-user", "wrong", ip=f"198.51.100.{n + 1}")

    assert _attempt(client, "dpo-user", PASSWORD, ip="203.0.113.9").status_code == 429


def test_lockout_counts_failures_per_address_for_any_user_name(client: Any, dpo_user: Any) -> None:
    dpo_user.set_password(PASSWORD)
    dpo_user.save()
    for n in range(5):
        _attempt(client, f"nobody-{n}", "wrong", ip="198.51.100.50")

    assert _attempt(client, "dpo-user", PASSWORD, ip="198.51.100.50").status_code == 429
    assert _attempt(client, "dpo-user", PASSWORD, ip="198.51.100.51").status_code == 302


@pytest.mark.parametrize(("failures", "status"), [(4, 302), (5, 429)])
def test_lockout_limit_boundary(client: Any, dpo_user: Any, failures: int, status: int) -> None:
    dpo_user.set_password(PASSWORD)
    dpo_user.save()
    for _ in range(failures):
        _attempt(client, "dpo-user", "wrong")

    assert _attempt(client, "dpo-user", PASSWORD).status_code == status


def test_lockout_lifts_after_the_cool_off(client: Any, dpo_user: Any, time_machine: Any) -> None:
    dpo_user.set_password(PASSWORD)
    dpo_user.save()
    time_machine.move_to("2025-03-03 09:00:00+00:00", tick=False)
    for _ in range(5):
        _attempt(client, "dpo-user", "wrong")
    time_machine.move_to("2025-03-03 09:29:00+00:00", tick=False)
    assert _attempt(client, "dpo-user", PASSWORD).status_code == 429

    time_machine.move_to("2025-03-03 10:00:00+00:00", tick=False)
    assert _attempt(client, "dpo-user", PASSWORD).status_code == 302


def test_dpo_unlocks_a_locked_sign_in_in_the_admin_and_it_is_logged(
    client: Any,
    dpo_user: Any,
    legal_user: Any,
    django_user_model: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    legal_user.set_password(PASSWORD)
    legal_user.save()
    for _ in range(5):
        _attempt(client, "legal-user", "wrong", ip="198.51.100.60")
    assert _attempt(client, "legal-user", PASSWORD, ip="198.51.100.60").status_code == 429
    attempt = AccessAttempt.objects.get(username="legal-user")

    dpo_client = type(client)()
    dpo_client.force_login(dpo_user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    with caplog.at_level(logging.WARNING, logger="dpo_desk.security"):
        response = dpo_client.post(
            changelist, {"action": "unlock", "_selected_action": [attempt.pk]}
        )

    assert response.status_code == 302
    assert AccessAttempt.objects.filter(username="legal-user").count() == 0
    unlocks = [r for r in caplog.records if getattr(r, "event", "") == "login_unlocked"]
    assert [(r.by_user_id, r.username) for r in unlocks] == [(dpo_user.pk, "legal-user")]
    assert _attempt(client, "legal-user", PASSWORD, ip="198.51.100.60").status_code == 302


def test_only_the_dpo_sees_the_lockouts(client: Any, legal_user: Any, dpo_user: Any) -> None:
    changelist = reverse("admin:axes_accessattempt_changelist")
    client.force_login(legal_user)
    assert client.get(changelist).status_code == 403
    client.force_login(dpo_user)
    assert client.get(changelist).status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "203.0.113.1", "10.0.0.2"),
        (1, "203.0.113.1", "203.0.113.1"),
        (1, "6.6.6.6, 203.0.113.1", "203.0.113.1"),
        (2, "6.6.6.6, 203.0.113.1, 10.0.0.3", "203.0.113.1"),
        (1, "", "10.0.0.2"),
    ],
)
def test_client_ip_believes_only_the_trusted_proxies(
    rf: Any, settings: Any, proxies: int, forwarded_for: str, expected: str
) -> None:
    settings.DPO_DESK_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip(request) == expected
