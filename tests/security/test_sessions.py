"""Passwords, idle timeout, absolute session lifetime and re-authentication."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from config.security.reauth import (
    mark_reauthenticated,
    reauthentication_required,
    recently_reauthenticated,
)
from tests.security.conftest import PASSWORD

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("password", "valid"),
    [("kite-lamp-07", True), ("kite-lamp-7", False), ("dpo-desk-demo", True)],
)
def test_passwords_need_twelve_characters(
    password: str, valid: bool, django_user_model: Any, db: Any
) -> None:
    user = django_user_model(username="dpo", email="dpo@example.com")
    if valid:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError) as refused:
            validate_password(password, user)
        assert refused.value.messages == [
            "This password is too short. It must contain at least 12 characters."
        ]


@pytest.mark.parametrize(("idle_minutes", "status"), [(29, 200), (31, 302)])
def test_idle_session_expires_after_thirty_minutes(
    signed_in: Any, dpo_user: Any, time_machine: Any, idle_minutes: int, status: int
) -> None:
    time_machine.move_to(START, tick=False)
    client = signed_in(dpo_user)
    assert client.get("/").status_code == 200

    time_machine.move_to(START + timedelta(minutes=idle_minutes), tick=False)
    response = client.get("/")

    assert response.status_code == status
    if status == 302:
        assert response["Location"] == "/login/?next=/"


def test_activity_keeps_a_session_alive_until_its_twelve_hours(
    signed_in: Any, dpo_user: Any, time_machine: Any
) -> None:
    time_machine.move_to(START, tick=False)
    client = signed_in(dpo_user)
    statuses = {}
    for minutes in range(20, 13 * 60, 20):
        time_machine.move_to(START + timedelta(minutes=minutes), tick=False)
        statuses[minutes] = client.get("/").status_code

    ended = range(12 * 60 + 20, 13 * 60, 20)
    assert {m: s for m, s in statuses.items() if s != 200} == dict.fromkeys(ended, 302)


def _view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("waived")


protected = reauthentication_required(_view)


def _request(user: Any, client: Any, method: str = "get") -> HttpRequest:
    client.force_login(user)
    request = getattr(RequestFactory(), method)("/compliance/breachincident/1/waive/")
    request.user = user
    request.session = client.session
    return request


def test_reauthentication_required_redirects_until_confirmed(
    client: Any, dpo_user: Any, time_machine: Any
) -> None:
    time_machine.move_to(START, tick=False)
    request = _request(dpo_user, client)

    before = protected(request)
    mark_reauthenticated(request)
    after = protected(request)
    time_machine.move_to(START + timedelta(seconds=301), tick=False)
    later = protected(request)

    assert before.status_code == 302
    assert before["Location"] == (
        "/account/reauthenticate/?next=%2Fcompliance%2Fbreachincident%2F1%2Fwaive%2F"
    )
    assert after.content == b"waived"
    assert later.status_code == 302


@pytest.mark.parametrize(("seconds", "fresh"), [(300, True), (301, False)])
def test_reauthentication_window_boundary(
    client: Any, dpo_user: Any, time_machine: Any, seconds: int, fresh: bool
) -> None:
    time_machine.move_to(START, tick=False)
    request = _request(dpo_user, client)
    mark_reauthenticated(request)
    time_machine.move_to(START + timedelta(seconds=seconds), tick=False)

    assert recently_reauthenticated(request) is fresh


def test_reauthentication_page_checks_the_password_and_returns(
    signed_in: Any, dpo_user: Any
) -> None:
    client = signed_in(dpo_user)
    url = "/account/reauthenticate/?next=/compliance/breachincident/"

    wrong = client.post(url, {"password": "not it"})
    right = client.post(url, {"password": PASSWORD})

    assert wrong.context["form"].errors == {"password": ["That password is not correct."]}
    assert right.status_code == 302
    assert right["Location"] == "/compliance/breachincident/"
    assert "dpo_desk_reauthenticated_at" in client.session


def test_reauthentication_failures_count_towards_the_lockout(signed_in: Any, dpo_user: Any) -> None:
    client = signed_in(dpo_user)
    statuses = [
        client.post("/account/reauthenticate/", {"password": "wrong"}).status_code for _ in range(5)
    ]

    assert statuses == [200, 200, 200, 200, 429]
