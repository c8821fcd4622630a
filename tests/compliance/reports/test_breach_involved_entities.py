"""Reports of a breach that involves several group entities (domain brief §8.2)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from compliance.breaches import services as breaches
from compliance.breaches.reports.notification import notification_report_context
from tests.compliance.reports.breach_setup import (
    AS_OF,
    GENERATED_AT,
    NOW,
    example_group,
    portal_facts,
)

pytestmark = pytest.mark.django_db


def test_notification_of_an_involved_entity_is_made_by_that_entity(dpo_user: Any) -> None:
    _group, tokyo, duesseldorf = example_group()
    with time_machine.travel(NOW, tick=False):
        incident = breaches.record_breach(
            entity=tokyo,
            by=dpo_user,
            affected_countries=["JP", "DE"],
            involved=[
                breaches.Involvement(entity=tokyo, targeted_regimes=frozenset()),
                breaches.Involvement(
                    entity=duesseldorf, role="controller", targeted_regimes=frozenset()
                ),
            ],
            **portal_facts(),
        )
        deadline = incident.deadlines.get(regime="EU_GDPR", kind="authority_notification")
        notification = breaches.start_notification(deadline=deadline, by=dpo_user)

    context = notification_report_context(
        notification, user=None, as_of=AS_OF, generated_at=GENERATED_AT
    )
    lines = {str(line.label): line.value for line in context["facts"]}

    assert (deadline.entity, deadline.recipient_authority.short_name) == (duesseldorf, "LDI NRW")
    assert lines["Notifying entity"] == "Example Internet Europe GmbH (EIG Düsseldorf), Germany"
    assert lines["Role of the entity"] == "controller"
