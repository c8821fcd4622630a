"""Waiving a statutory obligation and approving ask for a recent re-authentication."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse

from config.security.reauth import mark_reauthenticated
from tests.builders import breach, entity_in, tokyo, transfer
from tests.factories import CorporateGroupFactory
from transfers.models import DataTransfer

pytestmark = pytest.mark.django_db

AWARE = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def decisions_ask(settings: Any) -> None:
    settings.DPO_DESK_REAUTH_FOR_DECISIONS = True


def _open_gdpr_deadline(dpo_user: Any) -> Any:
    incident = breach(
        tokyo(), dpo_user, title="Leak", aware_at=AWARE, affected_countries=("FR",), risk="risk"
    )
    return incident.deadlines.get(regime="EU_GDPR", kind="authority_notification")


def test_waiver_page_sends_the_dpo_to_confirm_their_password_first(
    decisions_ask: None, client_for: Any, dpo_user: Any
) -> None:
    deadline = _open_gdpr_deadline(dpo_user)
    url = reverse("admin:compliance_notificationdeadline_waive", args=[deadline.pk])

    response = client_for(dpo_user).post(url, {"reason": "Not a personal-data breach."})

    deadline.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/account/reauthenticate/?next={url.replace('/', '%2F')}"
    assert deadline.status == "open"


def test_waiver_page_opens_after_a_recent_confirmation(
    decisions_ask: None, client_for: Any, dpo_user: Any
) -> None:
    deadline = _open_gdpr_deadline(dpo_user)
    client = client_for(dpo_user)
    session = client.session
    session["dpo_desk_reauthenticated_at"] = datetime.now(tz=UTC).timestamp()
    session.save()

    response = client.get(
        reverse("admin:compliance_notificationdeadline_waive", args=[deadline.pk])
    )

    assert response.status_code == 200


def _request(user: Any, client: Any, path: str) -> Any:
    client.force_login(user)
    request = RequestFactory().post(path)
    request.user = user
    request.session = client.session
    request._messages = FallbackStorage(request)
    return request


def test_approval_is_refused_without_a_recent_confirmation_and_done_with_one(
    decisions_ask: None, client: Any, dpo_user: Any
) -> None:
    group = CorporateGroupFactory()
    flow = transfer(entity_in(group, "Berlin", "DE"), entity_in(group, "Paris", "FR"))
    model_admin = admin.site._registry[DataTransfer]
    request = _request(dpo_user, client, f"/transfers/datatransfer/{flow.pk}/change/")
    calls: list[str] = []
    model_admin.perform_transition = lambda request, obj, name, data: calls.append(name)  # type: ignore[method-assign]
    try:
        refused = model_admin._apply_fsm_transition(
            obj=flow, transition_name="approve", request=request
        )
        refusal = [str(m) for m in get_messages(request)]
        mark_reauthenticated(request)
        done = model_admin._apply_fsm_transition(
            obj=flow, transition_name="approve", request=request
        )
    finally:
        del model_admin.perform_transition

    assert (refused, done, calls) == (False, True, ["approve"])
    assert refusal == [
        "Record legal approval: activate: refused. An approval is a decision: confirm who you "
        'are first. <a href="/account/reauthenticate/?next=%2Ftransfers%2Fdatatransfer%2F'
        f'{flow.pk}%2Fchange%2F">Confirm your password</a>'
    ]
