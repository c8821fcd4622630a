"""The intake API, driven through its OpenAPI schema: each call is looked up by operation id,
and each response body is validated against the schema the API publishes."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from api.models import ApiToken
from compliance.breaches.models import BreachIncident
from compliance.registry.demo import seed_demo
from compliance.registry.models import GroupEntity
from transfers.models import DataTransfer

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/v1/openapi.json"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def schema(client: Any) -> dict[str, Any]:
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    return response.json()


def _operation(schema: dict[str, Any], operation_id: str) -> tuple[str, str, dict[str, Any]]:
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if operation.get("operationId") == operation_id:
                return path, method, operation
    raise AssertionError(f"no operation {operation_id} in the schema")


def call(
    client: Any,
    schema: dict[str, Any],
    operation_id: str,
    token: str | None,
    *,
    path: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
) -> tuple[int, Any]:
    """Send the operation as the schema describes it; validate the answer against the schema."""
    template, method, operation = _operation(schema, operation_id)
    url = template.format(**(path or {}))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "post":
        response = client.post(
            url, data=json.dumps(body), content_type="application/json", **headers
        )
    else:
        response = client.get(url, query or {}, **headers)
    data = response.json()
    declared = operation["responses"].get(str(response.status_code))
    if declared is not None:
        body_schema = declared["content"]["application/json"]["schema"]
        OAS31Validator({**body_schema, "components": schema["components"]}).validate(data)
    return response.status_code, data


def _token(user: Any) -> str:
    return ApiToken.issue(user=user, name="SIEM")[1]


def _breach(entity_id: int, **changes: Any) -> dict[str, Any]:
    aware = timezone.now() - timedelta(hours=2)
    return {
        "entity": entity_id,
        "title": "Ransomware on the file server",
        "description": "Encrypted shares; exfiltration of HR files suspected.",
        "aware_at": aware.isoformat(),
        "aware_time_zone": "Europe/Berlin",
        "cause": "cyber_attack",
        "data_categories": "HR files",
        "subject_count": 1200,
        "affected_countries": ["DE", "NL"],
        "wrongful_purpose": True,
        **changes,
    }


def test_openapi_schema_is_valid_and_lists_the_operations(schema: dict[str, Any]) -> None:
    validate(schema)

    operations = sorted(
        op["operationId"] for methods in schema["paths"].values() for op in methods.values()
    )
    assert operations == [
        "create_breach",
        "get_breach",
        "list_breach_deadlines",
        "list_entities",
        "list_transfers",
    ]


def test_docs_page_is_served(client: Any) -> None:
    assert client.get("/api/v1/docs").status_code == 200


def test_breach_created_through_the_api_shows_its_deadlines_in_the_admin(
    client: Any, schema: dict[str, Any], dpo_user: Any
) -> None:
    seed_demo()
    entity = GroupEntity.objects.get(short_name="EIG Düsseldorf")

    status, created = call(
        client, schema, "create_breach", _token(dpo_user), body=_breach(entity.pk)
    )

    assert status == 201
    incident = BreachIncident.objects.get(pk=created["id"])
    stored = list(incident.deadlines.order_by("pk").values_list("pk", flat=True))
    assert sorted(d["id"] for d in created["deadlines"]) == stored
    assert {d["regime"] for d in created["deadlines"] if d["required"]} == {"EU_GDPR"}
    client.force_login(dpo_user)
    page = client.get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for deadline in incident.deadlines.filter(required=True):
        assert str(deadline.get_kind_display()) in html
        assert deadline.due_at is not None
        assert f"{deadline.due_at:%Y-%m-%d}" in html


def test_breach_deadlines_read_back_through_the_api(
    client: Any, schema: dict[str, Any], dpo_user: Any
) -> None:
    seed_demo()
    token = _token(dpo_user)
    entity = GroupEntity.objects.get(short_name="EIG Düsseldorf")
    _status, created = call(client, schema, "create_breach", token, body=_breach(entity.pk))

    status, breach = call(client, schema, "get_breach", token, path={"breach_id": created["id"]})
    status_deadlines, deadlines = call(
        client, schema, "list_breach_deadlines", token, path={"breach_id": created["id"]}
    )

    assert (status, status_deadlines) == (200, 200)
    assert breach["deadlines"] == deadlines == created["deadlines"]


def test_invalid_breach_is_refused_with_field_errors_and_nothing_recorded(
    client: Any, schema: dict[str, Any], dpo_user: Any
) -> None:
    seed_demo()
    entity = GroupEntity.objects.get(short_name="EIG Düsseldorf")
    future = (timezone.now() + timedelta(days=1)).isoformat()

    status, body = call(
        client,
        schema,
        "create_breach",
        _token(dpo_user),
        body=_breach(entity.pk, aware_at=future, affected_countries=["XX"]),
    )

    assert status == 422
    assert body["errors"] == {
        "aware_at": ["This time is in the future."],
        "affected_countries": ["Unknown country code(s): XX (use ISO 3166-1 alpha-2, e.g. GB)."],
    }
    assert not BreachIncident.objects.filter(title="Ransomware on the file server").exists()


def test_coordinator_reads_and_reports_only_for_their_entities(
    client: Any, schema: dict[str, Any], coordinator_user: Any, dpo_user: Any
) -> None:
    seed_demo()
    amsterdam = GroupEntity.objects.get(short_name="EIG Amsterdam")
    duesseldorf = GroupEntity.objects.get(short_name="EIG Düsseldorf")
    amsterdam.coordinators.add(coordinator_user)
    token = _token(coordinator_user)
    other = BreachIncident.objects.exclude(entity=amsterdam).first()
    assert other is not None

    _s, entities = call(client, schema, "list_entities", token)
    _s, page = call(client, schema, "list_transfers", token, query={"as_of": "2025-06-30"})
    refused, _body = call(client, schema, "create_breach", token, body=_breach(duesseldorf.pk))
    hidden, _body = call(client, schema, "get_breach", token, path={"breach_id": other.pk})
    own, created = call(client, schema, "create_breach", token, body=_breach(amsterdam.pk))

    assert [e["short_name"] for e in entities] == ["EIG Amsterdam"]
    expected = DataTransfer.objects.filter(exporter=amsterdam) | DataTransfer.objects.filter(
        importer=amsterdam
    )
    assert sorted(t["id"] for t in page["items"]) == sorted(expected.values_list("pk", flat=True))
    assert page["count"] == len(page["items"])
    assert (refused, hidden, own) == (404, 404, 201)
    assert created["entity_name"] == "EIG Amsterdam"


def test_transfers_carry_the_judgement_and_not_assessed_is_never_lawful(
    client: Any, schema: dict[str, Any], dpo_user: Any
) -> None:
    from transfers import services

    seed_demo()
    singapore = GroupEntity.objects.get(short_name="EIG Singapore")
    hong_kong = GroupEntity.objects.get(short_name="EIG Hong Kong")
    outside = services.request_transfer(
        exporter=singapore,
        name="Regional reporting",
        importer=hong_kong,
        start_date=timezone.localdate() - timedelta(days=30),
    )

    _s, page = call(
        client, schema, "list_transfers", _token(dpo_user), query={"as_of": "2025-06-30"}
    )

    by_name = {t["name"]: t for t in page["items"]}
    assert (
        by_name["Regional reporting"]["lawful"],
        by_name["Regional reporting"]["judgement"],
    ) == (
        None,
        "not assessed",
    )
    assert outside.pk == by_name["Regional reporting"]["id"]
    blocked = by_name["Support tickets to the Indian service desk"]
    assert (blocked["lawful"], blocked["judgement"]) == (False, "not lawful")
    assert blocked["blockers"] != []
    bcr = by_name["Customer accounts to group headquarters"]
    assert (bcr["lawful"], bcr["mechanism"]) == (True, "adequacy")


def test_legal_reads_but_does_not_record_breaches(
    client: Any, schema: dict[str, Any], legal_user: Any
) -> None:
    seed_demo()
    entity = GroupEntity.objects.get(short_name="EIG Düsseldorf")

    status, body = call(
        client, schema, "create_breach", _token(legal_user), body=_breach(entity.pk)
    )

    assert (status, body["detail"]) == (403, "Your role does not allow recording breaches.")


@pytest.mark.parametrize("token", ["", "dpo_not-a-token", "revoked"])
def test_requests_without_a_valid_token_are_refused(
    client: Any, schema: dict[str, Any], dpo_user: Any, token: str
) -> None:
    if token == "revoked":
        record, token = ApiToken.issue(user=dpo_user, name="old")
        record.revoke()

    status, _body = call(client, schema, "list_entities", token or None)

    assert status == 401


def test_tokens_are_stored_hashed(dpo_user: Any) -> None:
    record, token = ApiToken.issue(user=dpo_user, name="SIEM")

    assert token not in (record.key_hash, record.prefix)
    assert record.prefix == token[:12]
    assert ApiToken.objects.filter(key_hash__contains=token).count() == 0


def test_requests_beyond_the_rate_are_throttled(
    client: Any, schema: dict[str, Any], dpo_user: Any, settings: Any
) -> None:
    settings.DPO_DESK_API_RATE = "2/min"
    token = _token(dpo_user)

    statuses = [call(client, schema, "list_entities", token)[0] for _ in range(3)]

    assert statuses == [200, 200, 429]
