"""Issue 13 item 3: two people edit the same record; the second save is refused, not merged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import models
from django.urls import reverse

from compliance.breaches import services as breaches
from compliance.breaches.choices import ObligationKind
from compliance.reminders.models import ReminderPolicy
from tests.compliance.integrity.conftest import Scene
from tests.compliance.integrity.formdata import page_data
from transfers import services as transfers
from transfers.models import ProcessingActivity

pytestmark = pytest.mark.django_db


def _activity(scene: Scene) -> models.Model:
    return transfers.save_processing_activity(
        activity=ProcessingActivity(
            controller=scene.own,
            name="Payroll",
            purposes="pay",
            data_categories="salary",
            subject_categories="staff",
            retention="10 years",
        )
    )


def _draft(scene: Scene) -> models.Model:
    deadline = scene.breach.deadlines.get(kind=ObligationKind.AUTHORITY_NOTIFICATION)
    return breaches.start_notification(deadline=deadline, by=None, summary="first draft")


RECORDS: dict[str, tuple[Callable[[Scene], models.Model], str]] = {
    "group": (lambda s: s.group, "short_name"),
    "entity": (lambda s: s.own, "legal_name"),
    "processing activity": (_activity, "purposes"),
    "external recipient": (
        lambda s: transfers.record_external_recipient(name="Cloud Inc", country="US"),
        "name",
    ),
    "SCC contract": (
        lambda s: transfers.record_scc(reference="SCC-1", scc_version="2021", module=1),
        "notes",
    ),
    "reminder policy": (
        lambda s: ReminderPolicy.objects.create(kind="test.kind", lead_times="24h"),
        "description",
    ),
    "draft notification": (_draft, "summary"),
}


def _url(obj: models.Model) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("record", list(RECORDS))
def test_second_save_of_the_same_version_is_refused(
    scene: Scene, client_for: Any, dpo_user: Any, record: str
) -> None:
    make, field = RECORDS[record]
    obj = make(scene)
    client = client_for(dpo_user)
    page = client.get(_url(obj))
    assert page.status_code == 200
    first = {**page_data(page), field: "Alice's text"}
    second = {**page_data(page), field: "Bob's text"}

    saved = client.post(_url(obj), first)
    refused = client.post(_url(obj), second)

    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
    obj.refresh_from_db()
    assert getattr(obj, field) == "Alice's text"
    assert obj.version == 2  # type: ignore[attr-defined]
    shown = (
        " ".join(refused.context["adminform"].form.non_field_errors())
        if refused.status_code == 200
        else " ".join(str(m) for m in get_messages(refused.wsgi_request))
    )
    assert "after you opened it" in shown


@pytest.mark.parametrize("record", ["entity", "external recipient", "processing activity"])
def test_service_refuses_a_stale_version_atomically(scene: Scene, record: str) -> None:
    from compliance.registry import services as registry
    from compliance.workflow.services import EditConflict

    make, field = RECORDS[record]
    obj = make(scene)
    save = {
        "entity": lambda o, v: registry.save_entity(entity=o, expected_version=v),
        "external recipient": lambda o, v: transfers.save_external_recipient(
            recipient=o, expected_version=v
        ),
        "processing activity": lambda o, v: transfers.save_processing_activity(
            activity=o, expected_version=v
        ),
    }[record]
    stale = type(obj).objects.get(pk=obj.pk)
    setattr(obj, field, "first")
    save(obj, 1)
    setattr(stale, field, "second")

    with pytest.raises(EditConflict):
        save(stale, 1)
    assert getattr(type(obj).objects.get(pk=obj.pk), field) == "first"
