"""Plain words, never codes: workflow actions and states, engine findings, in en/de/ja."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from compliance import labels
from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident
from tests.builders import breach, tokyo


@pytest.mark.parametrize(
    ("language", "action", "state"),
    [
        ("en", "Start assessment", "DPO review"),
        ("de", "Bewertung beginnen", "Prüfung durch den DSB"),
        ("ja", "評価を開始", "DPOによる審査"),
    ],
)
def test_workflow_actions_and_states_read_as_words(language: str, action: str, state: str) -> None:
    from transfers.models import DataTransfer

    with translation.override(language):
        assert labels.workflow_action(BreachIncident, "start_assessment") == action
        assert labels.workflow_state(DataTransfer, "dpo_review") == state
        assert labels.workflow_state(DataTransfer, "") == "—"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "warning: importer not certified"),
        ("de", "Warnung: Empfänger nicht zertifiziert"),
        ("ja", "警告：データ輸入者が認証を受けていない"),
    ],
)
def test_finding_reads_as_words(language: str, expected: str) -> None:
    with translation.override(language):
        assert labels.finding_line("warning", "importer_not_certified") == expected


def test_every_finding_code_of_the_engine_has_words_in_german_and_japanese() -> None:
    from transfers.rules.vocabulary import FINDING_CODES

    assert sorted(set(FINDING_CODES) - set(labels.FINDINGS)) == []
    for code in FINDING_CODES:
        english = labels.finding(code)
        for language in ("de", "ja"):
            with translation.override(language):
                assert labels.finding(code) != english, (language, code)


@pytest.mark.django_db
def test_breach_timeline_shows_actions_and_states_in_words(client_for: Any, dpo_user: Any) -> None:
    incident = breach(tokyo(), dpo_user, title="Portal", aware_at=datetime(2026, 1, 5, tzinfo=UTC))
    breaches.transition_incident(incident=incident, name="start_assessment", by=dpo_user)
    client = client_for(dpo_user)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})

    html = client.get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))
    text = html.content.decode()
    timeline = text[text.index("<h2>Verlauf</h2>") :]

    # The plain cells of each row: action, from, to, by, note (the instant's cell has its zones
    # on lines of their own).
    cells = re.findall(r"<td>([^<]*)</td>", timeline)[:10]
    assert cells[0:3] == ["erfasst", "—", "erkannt"]
    assert cells[5:8] == ["Bewertung beginnen", "erkannt", "in Bewertung"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Reopen: refused. Your role may not do this."),
        ("de", "Wieder öffnen: abgelehnt. Ihre Rolle darf das nicht."),
    ],
)
def test_a_transition_the_role_may_not_use_is_refused_in_words(
    client_for: Any, dpo_user: Any, legal_user: Any, language: str, expected: str
) -> None:
    incident = breach(tokyo(), dpo_user, title="Portal", aware_at=datetime(2026, 1, 5, tzinfo=UTC))
    client = client_for(legal_user)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    url = reverse("admin:compliance_breachincident_transition", args=[incident.pk, "reopen"])

    response = client.get(url, follow=True)

    shown = [str(m) for m in response.context["messages"]]
    assert shown == [expected]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Group compliance status #1 (de, 2026-01-05)"),
        ("ja", "グループのコンプライアンス状況 #1 (de, 2026-01-05)"),
    ],
)
def test_report_job_is_named_by_its_report_title(language: str, expected: str) -> None:
    from datetime import date

    from compliance.reports.models import ReportJob

    job = ReportJob(kind="group_status", object_id="1", lang="de", as_of=date(2026, 1, 5))

    with translation.override(language):
        assert str(job) == expected


@pytest.mark.django_db
def test_transition_form_has_the_admin_layout_and_no_literal_none(
    client_for: Any, dpo_user: Any
) -> None:
    incident = breach(tokyo(), dpo_user, title="Portal", aware_at=datetime(2026, 1, 5, tzinfo=UTC))
    url = reverse("admin:compliance_breachincident_transition", args=[incident.pk, "close"])

    html = client_for(dpo_user).get(url).content.decode()

    assert "<p>None</p>" not in html
    assert '<fieldset class="module aligned">' in html
    assert '<div class="form-row field-note">' in html
    assert '<div class="submit-row">' in html
