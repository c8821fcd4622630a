"""The breach form: dates, instants in the report's zone, readable text, duplicates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from compliance.breaches.models import BreachIncident
from compliance.registry.models import GroupEntity
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _berlin() -> Any:
    return GroupEntityFactory(
        short_name="Berlin", legal_name="Berlin GmbH", country_id="DE", time_zone="Europe/Berlin"
    )


def _form(entity: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "entity": entity.pk,
        "role": "controller",
        "title": "Lost laptop",
        "description": "A laptop was stolen from a car.",
        "aware_at_0": "2026-03-02",
        "aware_at_1": "09:00:00",
        "aware_time_zone": "",
        "occurred_at_0": "",
        "occurred_at_1": "",
        "cause": "lost_device",
    }
    data.update(overrides)
    return data


def _post(client: Any, data: dict[str, Any]) -> Any:
    return client.post(reverse("admin:compliance_breachincident_add"), data)


def _errors(response: Any) -> dict[str, list[str]]:
    form = response.context["adminform"].form
    return {k: [str(m) for m in v] for k, v in form.errors.items()}


def test_breach_times_default_to_the_entity_zone_and_show_utc_after_saving(
    client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)
    response = _post(client, _form(_berlin()))

    assert response.status_code == 302
    incident = BreachIncident.objects.get()
    assert (incident.aware_time_zone, incident.aware_at) == (
        "Europe/Berlin",
        datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
    )
    page = client.get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))
    assert "Saved: 2026-03-02 08:00 UTC = 2026-03-02 09:00 Europe/Berlin (UTC+01:00)." in (
        page.content.decode()
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"aware_at_0": "02/03/2026"},
            "aware_at",
            "“02/03/2026” can be read as two different dates (day/month or month/day). "
            "Enter the date as YYYY-MM-DD, e.g. 2026-12-05, or use the calendar.",
        ),
        (
            {"aware_at_0": "1900-01-01"},
            "aware_at",
            "1900-01-01 09:00 is before 25 May 2018, when the GDPR began to apply (Art. 99(2)): "
            "no GDPR clock starts there. Check the year; a breach before then is recorded "
            "outside this register.",
        ),
        (
            {"aware_at_0": "9999-12-31"},
            "aware_at",
            "9999-12-31 is after 2199-12-31; check the year.",
        ),
        (
            {"aware_at_0": "0001-01-01"},
            "aware_at",
            "0001-01-01 is before 1900-01-01; check the year.",
        ),
        (
            {"aware_at_1": "13:30:00"},
            "aware_at",
            "This time is in the future. Enter when it happened, in Europe/Berlin.",
        ),
        (
            {"title": "\u200b\u200b\u200b"},
            "title",
            "Enter visible text; this is only spaces or invisible characters.",
        ),
        (
            {"title": "Invoice \u202efdp.exe"},
            "title",
            "Remove the invisible direction control character U+202E: it makes the text "
            "display in a different order from how it is stored.",
        ),
        ({"title": "Lost\r\nlaptop"}, "title", "Enter this on one line (no line breaks)."),
        (
            {"description": "x" * 20_001},
            "description",
            "Ensure this value has at most 20000 characters (it has 20001).",
        ),
    ],
)
def test_breach_form_refuses_misread_and_unreadable_input(
    client_for: Any, dpo_user: Any, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = _post(client_for(dpo_user), _form(_berlin(), **overrides))

    assert response.status_code == 200
    assert _errors(response)[field] == [message]
    assert BreachIncident.objects.count() == 0


def test_breach_form_refuses_a_non_numeric_entity_without_500(
    client_for: Any, dpo_user: Any
) -> None:
    data = _form(_berlin())
    data["entity"] = "abc"
    response = _post(client_for(dpo_user), data)

    assert response.status_code == 200
    # without an entity, no zone to read the times in either
    assert list(_errors(response)) == ["entity", "aware_time_zone"]


def test_second_identical_breach_warns_of_the_likely_duplicate(
    client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)
    entity = _berlin()
    _post(client, _form(entity))
    first = BreachIncident.objects.get()

    response = _post(client, _form(entity, title="LOST LAPTOP"))

    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages if m.level_tag == "warning"]
    assert shown == [
        f"{first.reference} has the same entity, awareness time and title: if it is the same "
        "breach, record the facts there (each breach starts its own deadlines)."
    ]


def test_entities_cannot_share_a_registration_id_whatever_its_case() -> None:
    from django.core.exceptions import ValidationError

    first = GroupEntityFactory(registration_id="HRB 12345")
    second = GroupEntityFactory(group=first.group, short_name="Other", registration_id="")
    second.registration_id = "hrb 12345"

    with pytest.raises(ValidationError) as caught:
        second.validate_constraints()
    assert caught.value.messages == ["Another entity already has this registration identifier."]
    assert GroupEntity.objects.filter(registration_id__iexact="hrb 12345").count() == 1


def test_entities_of_a_group_cannot_share_a_short_name_whatever_its_case() -> None:
    first = GroupEntityFactory(short_name="Berlin")
    second = GroupEntityFactory(group=first.group, short_name="Other")
    second.short_name = "BERLIN"

    with pytest.raises(ValidationError) as caught:
        second.validate_constraints()
    assert caught.value.messages == [
        "Another entity of the group already has this short name (letter case aside)."
    ]


def test_zone_input_names_the_zone_of_each_entity_the_user_may_report_for(
    client_for: Any, coordinator_user: Any
) -> None:
    import json

    own = _berlin()
    own.coordinators.add(coordinator_user)
    GroupEntityFactory(short_name="Tokyo", country_id="JP", region="", time_zone="Asia/Tokyo")

    page = client_for(coordinator_user).get(reverse("admin:compliance_breachincident_add"))

    # read by the "Now" shortcut while the zone of the report is empty
    attrs = page.context["adminform"].form.fields["aware_time_zone"].widget.attrs
    assert attrs["data-entity-field"] == "id_entity"
    assert json.loads(attrs["data-entity-zones"]) == {str(own.pk): "Europe/Berlin"}
