"""The breach page leads with what is due; workflow buttons that cannot be used yet say why."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from compliance.breaches import services as breaches
from tests.builders import breach, tokyo

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _assessing_breach(dpo_user: Any) -> Any:
    incident = breach(
        tokyo(), dpo_user, title="Portal", aware_at=datetime(2024, 6, 13, 8, tzinfo=UTC)
    )
    breaches.transition_incident(incident=incident, name="start_assessment", by=dpo_user)
    return incident


def test_breach_page_shows_obligations_and_why_before_the_form(
    client_for: Any, dpo_user: Any
) -> None:
    incident = _assessing_breach(dpo_user)

    html = (
        client_for(dpo_user)
        .get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))
        .content.decode()
    )

    first_fieldset = html.index("<fieldset")
    assert html.index('id="deadlines"') < first_fieldset
    assert html.index('id="what-applies"') < first_fieldset
    assert html.index('id="deadlines"') < html.index('id="what-applies"')
    # The open 72-hour obligation (due 2024-06-16 08:00 UTC) counts down on the first screen.
    assert "1 d 20 h" in html[:first_fieldset]


def test_a_transition_whose_conditions_fail_is_shown_disabled_with_its_reason(
    client_for: Any, dpo_user: Any
) -> None:
    incident = _assessing_breach(dpo_user)

    html = (
        client_for(dpo_user)
        .get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))
        .content.decode()
    )

    assert 'value="complete_assessment" disabled' in html
    assert html.count('class="button fsm-disabled"') == 1
    assert (
        "Record the risk assessment and its reasoning before leaving the assessment "
        "(GDPR Art. 33(1), 33(5))." in html
    )


def test_once_the_risk_is_recorded_the_button_is_enabled(client_for: Any, dpo_user: Any) -> None:
    incident = _assessing_breach(dpo_user)
    incident.risk = "high"
    incident.risk_reasoning = "Passwords exposed"
    incident.save()

    html = (
        client_for(dpo_user)
        .get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))
        .content.decode()
    )

    assert 'value="complete_assessment" disabled' not in html
    assert html.count('name="_fsm_transition_to" value="complete_assessment"') == 1


def test_a_role_without_the_permission_sees_no_disabled_button(
    client_for: Any, dpo_user: Any, legal_user: Any
) -> None:
    incident = _assessing_breach(dpo_user)

    html = (
        client_for(legal_user)
        .get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))
        .content.decode()
    )

    assert "complete_assessment" not in html
