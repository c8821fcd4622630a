"""The intake API carries the APPI report items (PPC Rules Art. 8(1)) and the facts the other
regimes ask for, validated as the admin form validates them, and returns what the record holds
about them: the ground of GDPR Art. 34(3) of a decision, the items recorded as not yet known."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from compliance.breaches import services
from compliance.breaches.choices import ObligationKind, Regime
from compliance.breaches.models import BreachIncident
from tests import builders
from tests.api.test_api import SCHEMA_URL, _token, call

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def schema(client: Any) -> dict[str, Any]:
    return client.get(SCHEMA_URL).json()


APPI_ITEMS: dict[str, Any] = {
    "discovery": "The monitoring team saw unusual logins on 3 June and escalated them.",
    "entrustment": "Entrusted by Example Retail K.K. (payroll processing).",
    "cause_detail": "Passwords leaked from another service were tried against the login.",
    "announced_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
    "announcement_where": "https://example.com/notice",
    "announcement_text": "We regret to inform our customers of unauthorised access.",
}
REGIME_FACTS: dict[str, Any] = {
    "appi_special_care": False,
    "possibly_over_1000": True,
    "controller_subject_to_appi": False,
    "minors": True,
    "authentication_data": True,
    "financial_data": True,
    "unique_identifiers": True,
    "large_scale": True,
    "small_agent": True,
    "nis2_entity": True,
    "significant_incident": True,
    "recommended_steps": "Change your password; watch your card statements.",
    "processing_subject_count": 250000,
    "indicators_of_compromise": "203.0.113.7; evil.example.net",
}


def _body(entity_id: int, **changes: Any) -> dict[str, Any]:
    aware = timezone.now() - timedelta(days=3)
    return {
        "entity": entity_id,
        "title": "Credential stuffing on the portal",
        "description": "Logins with leaked passwords.",
        "aware_at": aware.isoformat(),
        "aware_time_zone": "Asia/Tokyo",
        "cause": "cyber_attack",
        "affected_countries": ["JP"],
        **changes,
    }


def test_appi_items_and_regime_facts_are_recorded_and_returned(
    client: Any, schema: dict[str, Any], dpo_user: Any
) -> None:
    tokyo = builders.tokyo()
    token = _token(dpo_user)
    assessed = timezone.now() - timedelta(hours=1)
    body = _body(tokyo.pk, **APPI_ITEMS, **REGIME_FACTS, assessed_at=assessed.isoformat())

    status, created = call(client, schema, "create_breach", token, body=body)
    _s, read = call(client, schema, "get_breach", token, path={"breach_id": created["id"]})

    assert status == 201
    incident = BreachIncident.objects.get(pk=created["id"])
    stored = {name: getattr(incident, name) for name in [*APPI_ITEMS, *REGIME_FACTS]}
    assert stored == {
        **APPI_ITEMS,
        **REGIME_FACTS,
        "announced_on": date.fromisoformat(APPI_ITEMS["announced_on"]),
    }
    assert incident.assessed_at == assessed
    returned = {name: created[name] for name in [*APPI_ITEMS, *REGIME_FACTS]}
    assert returned == {**APPI_ITEMS, **REGIME_FACTS}
    assert read == created


def test_facts_left_out_keep_their_defaults(
    client: Any, schema: dict[str, Any], dpo_user: Any
) -> None:
    tokyo = builders.tokyo()

    status, created = call(client, schema, "create_breach", _token(dpo_user), body=_body(tokyo.pk))

    assert status == 201
    assert {name: created[name] for name in [*APPI_ITEMS, *REGIME_FACTS, "assessed_at"]} == {
        "discovery": "",
        "entrustment": "",
        "cause_detail": "",
        "announced_on": None,
        "announcement_where": "",
        "announcement_text": "",
        "appi_special_care": None,
        "possibly_over_1000": False,
        "controller_subject_to_appi": True,
        "minors": False,
        "authentication_data": False,
        "financial_data": False,
        "unique_identifiers": False,
        "large_scale": False,
        "small_agent": False,
        "nis2_entity": False,
        "significant_incident": False,
        "recommended_steps": "",
        "processing_subject_count": None,
        "indicators_of_compromise": "",
        "assessed_at": None,
    }


def test_text_is_normalised_as_the_admin_form_does(
    client: Any, schema: dict[str, Any], dpo_user: Any
) -> None:
    tokyo = builders.tokyo()
    body = _body(tokyo.pk, discovery="\u200b Found by the SOC.\r\nEscalated. \n", cause_detail="")

    status, created = call(client, schema, "create_breach", _token(dpo_user), body=body)

    assert status == 201
    assert created["discovery"] == "Found by the SOC.\nEscalated."


def test_facts_the_services_refuse_are_named_by_field_and_nothing_is_recorded(
    client: Any, schema: dict[str, Any], dpo_user: Any
) -> None:
    tokyo = builders.tokyo()
    token = _token(dpo_user)
    too_early = (timezone.now() - timedelta(days=4)).isoformat()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    without_day, first = call(
        client,
        schema,
        "create_breach",
        token,
        body=_body(
            tokyo.pk,
            announcement_where="https://example.com/notice",
            announcement_text="Notice.",
            assessed_at=too_early,
        ),
    )
    future, second = call(
        client,
        schema,
        "create_breach",
        token,
        body=_body(tokyo.pk, announced_on=tomorrow),
    )
    invisible, third = call(
        client,
        schema,
        "create_breach",
        token,
        body=_body(tokyo.pk, entrustment="\u200b\u200b", recommended_steps="Reset \u202epassword"),
    )

    assert (without_day, future, invisible) == (422, 422, 422)
    assert first == {
        "detail": "The breach was not recorded.",
        "errors": {
            "assessed_at": ["This cannot be before the entity became aware of the breach."],
            "announced_on": ["Give the day the announcement was made."],
        },
    }
    assert second["errors"] == {
        "announcement_where": ["Say where the announcement was made and what it said."],
        "announcement_text": ["Say where the announcement was made and what it said."],
        "announced_on": ["This day is in the future."],
    }
    assert third["errors"] == {
        "entrustment": ["Enter visible text; this is only spaces or invisible characters."],
    }
    assert BreachIncident.objects.count() == 0


def test_values_that_do_not_fit_the_schema_are_named_by_field(
    client: Any, schema: dict[str, Any], dpo_user: Any
) -> None:
    tokyo = builders.tokyo()

    status, body = call(
        client,
        schema,
        "create_breach",
        _token(dpo_user),
        body=_body(tokyo.pk, processing_subject_count=-1, announced_on="2024-02-30", minors="?"),
    )

    assert status == 422
    assert body["detail"] == "The request does not fit the schema."
    assert sorted(body["errors"]) == ["announced_on", "minors", "processing_subject_count"]
    assert body["errors"]["processing_subject_count"] == [
        "Input should be greater than or equal to 0"
    ]
    assert BreachIncident.objects.count() == 0


def test_a_bidi_control_in_a_regime_fact_is_refused(
    client: Any, schema: dict[str, Any], dpo_user: Any
) -> None:
    tokyo = builders.tokyo()

    status, body = call(
        client,
        schema,
        "create_breach",
        _token(dpo_user),
        body=_body(tokyo.pk, indicators_of_compromise="evil\u202e.example"),
    )

    assert status == 422
    assert body["errors"] == {
        "indicators_of_compromise": [
            "Remove the invisible direction control character U+202E: it makes the text "
            "display in a different order from how it is stored."
        ]
    }
    assert BreachIncident.objects.count() == 0


def test_a_role_that_only_reads_cannot_record_regime_facts(
    client: Any, schema: dict[str, Any], legal_user: Any
) -> None:
    tokyo = builders.tokyo()

    status, body = call(
        client,
        schema,
        "create_breach",
        _token(legal_user),
        body=_body(tokyo.pk, **APPI_ITEMS, **REGIME_FACTS),
    )

    assert (status, body["detail"]) == (403, "Your role does not allow recording breaches.")
    assert BreachIncident.objects.count() == 0


def test_the_art_34_3_ground_and_the_items_not_yet_known_are_returned(
    client: Any, schema: dict[str, Any], dpo_user: Any
) -> None:
    berlin = builders.entity(country_id="DE", region="DE-BE", time_zone="Europe/Berlin")
    incident = builders.breach(
        berlin,
        dpo_user,
        title="Laptop stolen",
        aware_at=timezone.now() - timedelta(hours=5),
        affected_countries=["DE"],
        risk="high",
        risk_reasoning="Health data of patients.",
        record_count=None,
    )
    deadlines = incident.deadlines.filter(regime=Regime.EU_GDPR)
    communication = deadlines.get(kind=ObligationKind.DATA_SUBJECT_NOTIFICATION)
    services.waive_deadline(
        deadline=communication, by=dpo_user, reason="Disk encrypted.", exemption="a"
    )
    notification = services.start_notification(
        deadline=deadlines.get(kind=ObligationKind.AUTHORITY_NOTIFICATION), by=dpo_user
    )
    services.submit_notification(
        notification=notification,
        submitted_at=timezone.now() - timedelta(hours=1),
        by=dpo_user,
        not_yet_known=["record_count"],
    )

    status, read = call(
        client, schema, "get_breach", _token(dpo_user), path={"breach_id": incident.pk}
    )

    assert status == 200
    waived = next(d for d in read["deadlines"] if d["id"] == communication.pk)
    assert (waived["exemption"], waived["exemption_ground"]) == (
        "a",
        "GDPR Art. 34(3)(a): the data is unintelligible to anyone not authorised to access "
        "it, such as by encryption",
    )
    assert [
        (n["id"], n["state"], n["not_yet_known"], n["not_yet_known_labels"])
        for n in read["notifications"]
    ] == [
        (
            notification.pk,
            "submitted",
            ["record_count"],
            ["approximate number of personal data records concerned"],
        )
    ]
