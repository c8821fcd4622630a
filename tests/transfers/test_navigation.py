"""The entity page links to the entity's transfers, as exporter and as importer."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from compliance.registry.models import GroupEntity
from tests.builders import recipient, transfer
from tests.compliance.test_navigation import _related

pytestmark = pytest.mark.django_db


def test_entity_page_links_to_its_transfers_as_exporter_and_importer(
    client_for: Any, dpo_user: Any, entities: dict[str, GroupEntity]
) -> None:
    paris = entities["FR"]
    transfer(paris, entities["JP"], name="Paris to Tokyo")
    transfer(paris, recipient(), name="Paris to vendor")
    transfer(entities["DE"], paris, name="Berlin to Paris")
    transfer(entities["DE"], entities["JP"], name="Berlin to Tokyo")
    client = client_for(dpo_user)

    html = client.get(
        reverse("admin:compliance_groupentity_change", args=[paris.pk])
    ).content.decode()

    links = _related(html)
    url, count = links["Transfers exported by this entity"]
    names = sorted(t.name for t in client.get(url).context["cl"].result_list)
    assert (names, count) == (["Paris to Tokyo", "Paris to vendor"], "2")
    url, count = links["Transfers imported by this entity"]
    names = [t.name for t in client.get(url).context["cl"].result_list]
    assert (names, count) == (["Berlin to Paris"], "1")
