"""The admin pages of the deadline list, reference search, reminders and labels, opened by the
DPO, Legal and a coordinator in each language: they answer, in the reader's language."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.urls import reverse

from tests.builders import breach, example_group

pytestmark = pytest.mark.django_db

PAGES = [
    ("admin:index", {}),
    ("admin:compliance_notificationdeadline_changelist", {}),
    ("admin:compliance_breachincident_changelist", {"q": "BR-2026-00001"}),
    ("admin:compliance_breachnotification_changelist", {}),
    ("admin:compliance_reminder_changelist", {}),
    ("admin:compliance_reminder_upcoming", {}),
    ("admin:compliance_reminderpolicy_changelist", {}),
    ("admin:compliance_reportjob_changelist", {}),
    ("admin:transfers_datatransfer_changelist", {"q": "TR-00001"}),
    ("admin:transfers_transferimpactassessment_changelist", {"q": "TR-00001"}),
    ("admin:transfers_scccontract_changelist", {"q": "SCC-2026-020"}),
]
# What a coordinator may not open: the group's reminder rows and policies, the report jobs.
COORDINATOR_REFUSED = {
    "admin:compliance_reminder_changelist",
    "admin:compliance_reminder_upcoming",
    "admin:compliance_reminderpolicy_changelist",
    "admin:compliance_reportjob_changelist",
}
HTML_LANG = {"en": '<html lang="en"', "de": '<html lang="de"', "ja": '<html lang="ja"'}


@pytest.mark.parametrize("language", ["en", "de", "ja"])
@pytest.mark.parametrize("role", ["dpo_user", "legal_user", "coordinator_user"])
def test_touched_pages_open_for_each_role_in_each_language(
    role: str, language: str, request: Any, client_for: Any, dpo_user: Any
) -> None:
    _group, _tokyo, duesseldorf = example_group()
    incident = breach(
        duesseldorf,
        dpo_user,
        title="Mail",
        aware_at=datetime(2026, 1, 8, tzinfo=UTC),
        affected_countries=("DE",),
    )
    user = dpo_user if role == "dpo_user" else request.getfixturevalue(role)
    if role == "coordinator_user":
        duesseldorf.coordinators.add(user)
    client = client_for(user)
    client.post(reverse("set_language"), {"language": language, "next": "/"})

    statuses = {}
    for name, query in PAGES:
        response = client.get(reverse(name), query)
        statuses[name] = response.status_code
        if response.status_code == 200:
            assert HTML_LANG[language] in response.content.decode(), name
    change = client.get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))

    refused = COORDINATOR_REFUSED if role == "coordinator_user" else set()
    assert {n for n, s in statuses.items() if s != 200} == refused, statuses
    assert change.status_code == 200
