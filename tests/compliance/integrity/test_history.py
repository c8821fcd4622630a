"""Issue 13 items 1 and 10: History pages neither write behind the services nor leak existence."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import models
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from compliance.breaches import services as breaches
from compliance.breaches.choices import DeadlineStatus, Risk
from compliance.breaches.models import BreachIncident, NotificationDeadline
from compliance.registry.models import Country, SupervisoryAuthority
from compliance.workflow.history import HistoryAdmin
from tests.compliance.integrity.conftest import Scene
from transfers import services as transfers
from transfers.models import ExternalRecipient

pytestmark = pytest.mark.django_db


def _version_url(obj: models.Model, history_id: int) -> str:
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, history_id]
    )


def _history_url(model: type[models.Model], pk: Any) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[pk])


def _oldest(obj: models.Model) -> Any:
    rows = type(obj).history.filter(**{obj._meta.pk.attname: obj.pk})  # type: ignore[attr-defined]
    return rows.order_by("history_date", "history_id").first()


def _messages(response: Any) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def assessed(scene: Scene, dpo_user: Any) -> BreachIncident:
    """The breach at risk "unlikely" first, then assessed as a risk by the DPO."""
    incident = scene.breach
    breaches.update_breach(
        incident=incident,
        by=dpo_user,
        expected_version=incident.version,
        changes={"risk": Risk.UNLIKELY, "risk_reasoning": "encrypted"},
    )
    first = _oldest(incident)
    breaches.update_breach(
        incident=incident,
        by=dpo_user,
        expected_version=incident.version,
        changes={"risk": Risk.RISK, "risk_reasoning": "key was on the laptop"},
    )
    incident.refresh_from_db()
    incident._unlikely_version = (  # type: ignore[attr-defined]
        BreachIncident.history.filter(id=incident.pk, risk=Risk.UNLIKELY).first() or first
    )
    return incident


def test_every_history_admin_guards_reverts() -> None:
    plain = sorted(
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin) and not isinstance(model_admin, HistoryAdmin)
    )

    assert plain == []


def test_legal_cannot_revert_a_breach(
    assessed: BreachIncident, client_for: Any, legal_user: Any
) -> None:
    version = assessed._unlikely_version  # type: ignore[attr-defined]
    client = client_for(legal_user)

    page = client.get(_version_url(assessed, version.history_id))
    response = client.post(
        _version_url(assessed, version.history_id),
        {"reason": "looks better", "loaded_version": assessed.version, "risk": "unlikely"},
    )

    assert page.status_code == 200
    assert page.context["form"] is None
    assert response.status_code == 403
    assessed.refresh_from_db()
    assert assessed.risk == Risk.RISK


def test_coordinator_cannot_revert_a_recipient_they_may_only_read(
    scene: Scene, client_for: Any, coordinator_user: Any, dpo_user: Any
) -> None:
    recipient = transfers.record_external_recipient(
        name="Cloud Inc", country="US", dpf_certified_from="2024-01-01"
    )
    recipient.dpf_certified_from = None
    transfers.save_external_recipient(recipient=recipient, by=dpo_user)
    version = _oldest(recipient)

    response = client_for(coordinator_user).post(
        _version_url(recipient, version.history_id), {"reason": "certified again"}
    )

    assert response.status_code == 403
    assert ExternalRecipient.objects.get(pk=recipient.pk).dpf_certified_from is None


@pytest.mark.parametrize("who", ["coordinator", "dpo"])
def test_reference_data_cannot_be_reverted(
    client_for: Any, coordinator_user: Any, dpo_user: Any, reference_data: Any, who: str
) -> None:
    authority = SupervisoryAuthority.objects.filter(breach_portal__gt="").first()
    assert authority is not None
    before = authority.breach_portal
    version = _oldest(authority)
    user = coordinator_user if who == "coordinator" else dpo_user

    response = client_for(user).post(
        _version_url(authority, version.history_id),
        {"reason": "new portal", "breach_portal": "https://evil.example"},
    )

    assert response.status_code == 403
    assert SupervisoryAuthority.objects.get(pk=authority.pk).breach_portal == before


def test_dpo_cannot_revert_an_engine_derived_deadline(
    scene: Scene, client_for: Any, dpo_user: Any
) -> None:
    deadline = scene.breach.deadlines.filter(status=DeadlineStatus.OPEN).first()
    assert deadline is not None
    breaches.waive_deadline(deadline=deadline, by=dpo_user, reason="no risk at all")
    version = _oldest(deadline)

    response = client_for(dpo_user).post(
        _version_url(deadline, version.history_id), {"reason": "reopen it"}
    )

    assert response.status_code == 302
    assert "Reverting is not available" in _messages(response)
    assert NotificationDeadline.objects.get(pk=deadline.pk).status == DeadlineStatus.WAIVED


def test_dpo_revert_goes_through_the_breach_service(
    assessed: BreachIncident, client_for: Any, dpo_user: Any
) -> None:
    version = assessed._unlikely_version  # type: ignore[attr-defined]
    before = assessed.version

    response = client_for(dpo_user).post(
        _version_url(assessed, version.history_id),
        {"reason": "the key was never on the laptop", "loaded_version": before},
    )

    assert response.status_code == 302
    assessed.refresh_from_db()
    latest = BreachIncident.history.filter(id=assessed.pk).first()
    assert (assessed.risk, assessed.risk_reasoning, assessed.version) == (
        Risk.UNLIKELY,
        "encrypted",
        before + 1,
    )
    assert latest.history_change_reason == (
        f"Reverted to version of {version.history_date:%Y-%m-%d %H:%M} UTC by dpo-user: "
        "the key was never on the laptop"
    )
    assert latest.history_user == dpo_user


def test_stale_revert_is_a_message_not_a_500(
    assessed: BreachIncident, client_for: Any, dpo_user: Any
) -> None:
    version = assessed._unlikely_version  # type: ignore[attr-defined]
    stale = assessed.version - 1

    response = client_for(dpo_user).post(
        _version_url(assessed, version.history_id), {"reason": "undo", "loaded_version": stale}
    )

    assert response.status_code == 302
    assert "after you opened it" in _messages(response)
    assessed.refresh_from_db()
    assert assessed.risk == Risk.RISK


def test_dpo_reverts_an_entity_through_its_service(
    scene: Scene, client_for: Any, dpo_user: Any
) -> None:
    from compliance.registry import services as registry

    scene.own.legal_name = "Renamed GmbH"
    registry.save_entity(entity=scene.own, by=dpo_user, expected_version=scene.own.version)
    version = scene.own.history.filter(legal_name="Own GmbH").first()

    response = client_for(dpo_user).post(
        _version_url(scene.own, version.history_id),
        {"reason": "rename was a typo", "loaded_version": scene.own.version},
    )

    assert response.status_code == 302
    scene.own.refresh_from_db()
    assert (scene.own.legal_name, scene.own.version) == ("Own GmbH", 3)


@pytest.mark.parametrize("page", ["history", "version"])
def test_history_answers_404_alike_for_missing_and_out_of_scope(
    scene: Scene, client_for: Any, coordinator_user: Any, page: str
) -> None:
    client = client_for(coordinator_user)
    other = scene.other_breach
    version = _oldest(other)
    missing = BreachIncident.objects.order_by("-pk").first().pk + 100  # type: ignore[union-attr]

    if page == "history":
        urls = [_history_url(BreachIncident, other.pk), _history_url(BreachIncident, missing)]
    else:
        urls = [
            _version_url(other, version.history_id),
            reverse(
                "admin:compliance_breachincident_simple_history",
                args=[missing, version.history_id],
            ),
        ]

    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_coordinator_reads_the_history_of_their_own_breach(
    scene: Scene, client_for: Any, coordinator_user: Any
) -> None:
    response = client_for(coordinator_user).get(_history_url(BreachIncident, scene.breach.pk))

    assert response.status_code == 200


def test_country_history_version_page_is_read_only(
    client_for: Any, dpo_user: Any, reference_data: Any
) -> None:
    country = Country.objects.get(code="DE")
    version = _oldest(country)

    response = client_for(dpo_user).get(_version_url(country, version.history_id))

    assert response.status_code == 200
    assert response.context["form"] is None
