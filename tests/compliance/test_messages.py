"""Refusals and validation errors say what was refused and why, in an element announced at once
(role="alert"); confirmations are announced politely (role="status")."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident
from tests.builders import tokyo
from tests.compliance.test_breach_admin import NOW, _add_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _region(html: str, role: str) -> str:
    match = re.search(rf'<div[^>]*role="{role}"[^>]*>(.*?)</div>', html, re.S)
    assert match is not None, f'no role="{role}" element'
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def _assessing(by: Any) -> BreachIncident:
    incident = breaches.record_breach(
        entity=tokyo(),
        by=by,
        title="T",
        description="D",
        aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
        aware_time_zone="Asia/Tokyo",
        cause="other",
    )
    breaches.transition_incident(incident=incident, name="start_assessment", by=by)
    return incident


def _transition(client: Any, incident: BreachIncident, name: str) -> str:
    form = {
        **_add_form(incident.entity, affected_countries=[]),
        "loaded_version": BreachIncident.objects.get(pk=incident.pk).version,
        "_fsm_transition_to": name,
    }
    url = reverse("admin:compliance_breachincident_change", args=[incident.pk])
    return client.post(url, form, follow=True).content.decode()


def test_refused_transition_message_names_the_action_and_reason_in_an_alert(
    client_for: Any, dpo_user: Any
) -> None:
    incident = _assessing(dpo_user)

    html = _transition(client_for(dpo_user), incident, "complete_assessment")

    assert _region(html, "alert") == (
        "Assessment done: notify: refused. Record the risk assessment and its reasoning before "
        "leaving the assessment (GDPR Art. 33(1), 33(5))."
    )


def test_transition_from_the_wrong_state_is_refused_in_plain_words(dpo_user: Any) -> None:
    incident = _assessing(dpo_user)

    with pytest.raises(breaches.TransitionRefused) as refused:
        breaches.transition_incident(incident=incident, name="reopen", by=dpo_user)

    assert str(refused.value) == "Not possible while the breach is assessing."


def test_done_transition_message_is_a_status_not_an_alert(client_for: Any, dpo_user: Any) -> None:
    incident = _assessing(dpo_user)
    BreachIncident.objects.filter(pk=incident.pk).update(state="detected")

    html = _transition(client_for(dpo_user), incident, "start_assessment")

    assert _region(html, "status") == "Start assessment: done."
    assert 'role="alert"' not in html


def test_form_errors_are_summarised_with_their_fields_in_an_alert(
    client_for: Any, dpo_user: Any
) -> None:
    response = client_for(dpo_user).post(
        reverse("admin:compliance_breachincident_add"),
        _add_form(tokyo(), aware_at_0="2024-07-01"),
    )

    assert _region(response.content.decode(), "alert") == (
        "Not saved. Correct the following; each field concerned is marked below. "
        "Became aware at: This time is in the future. Enter when it happened, in Asia/Tokyo."
    )
