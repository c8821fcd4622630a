from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident, BreachNotification
from tests.builders import NOTIFIABLE_FACTS, breach, tokyo
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _add_form(entity: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "entity": entity.pk,
        "role": "controller",
        "title": "Portal breach",
        "description": "Accounts taken over",
        "aware_at_0": "2024-06-10",
        "aware_at_1": "17:00:00",
        "aware_time_zone": "Asia/Tokyo",
        "occurred_at_0": "",
        "occurred_at_1": "",
        "subject_count": "1500",
        "cause": "cyber_attack",
        "wrongful_purpose": "on",
        "affected_countries": ["JP", "FR"],
    }
    data.update(overrides)
    return data


def test_dpo_records_the_demo_style_breach_and_sees_both_regimes(
    client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)
    entity = tokyo()

    response = client.post(reverse("admin:compliance_breachincident_add"), _add_form(entity))

    assert response.status_code == 302, response.context["adminform"].form.errors
    incident = BreachIncident.objects.get()
    # 17:00 in Tokyo is 08:00 UTC
    assert incident.aware_at == datetime(2024, 6, 10, 8, 0, tzinfo=UTC)
    page = client.get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))
    html = page.content.decode()
    assert "What applies and why" in html
    assert "GDPR Art. 33(1)" in html
    assert "PPC Rules" in html
    assert "2024-06-13 08:00:00" in html  # 72 h, UTC
    assert "2024-06-14 23:59:59 JST" in html  # APPI preliminary, in the report's zone


def test_breach_form_refuses_a_time_skipped_by_dst(client_for: Any, dpo_user: Any) -> None:
    entity = tokyo()

    response = client_for(dpo_user).post(
        reverse("admin:compliance_breachincident_add"),
        _add_form(
            entity, aware_at_0="2024-03-31", aware_at_1="02:30:00", aware_time_zone="Europe/Berlin"
        ),
    )

    assert response.status_code == 200
    assert "02:30 does not exist in Europe/Berlin" in response.content.decode()
    assert BreachIncident.objects.count() == 0


def test_breach_form_refuses_future_awareness(client_for: Any, dpo_user: Any) -> None:
    response = client_for(dpo_user).post(
        reverse("admin:compliance_breachincident_add"),
        _add_form(tokyo(), aware_at_0="2024-07-01"),
    )

    assert response.status_code == 200
    assert "This time is in the future." in response.content.decode()
    assert BreachIncident.objects.count() == 0


def test_stale_breach_form_is_refused_with_a_conflict_message(
    client_for: Any, dpo_user: Any
) -> None:
    incident = breaches.record_breach(
        entity=tokyo(),
        by=dpo_user,
        title="T",
        description="D",
        aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
        aware_time_zone="Asia/Tokyo",
        cause="other",
    )
    client = client_for(dpo_user)
    url = reverse("admin:compliance_breachincident_change", args=[incident.pk])
    stale_version = incident.version
    breaches.update_breach(
        incident=incident,
        by=dpo_user,
        expected_version=stale_version,
        changes={"title": "Changed meanwhile"},
    )

    response = client.post(
        url,
        {
            **_add_form(incident.entity, title="Mine"),
            "loaded_version": str(stale_version),
            "aware_at_1": "17:00:00",
        },
    )

    assert response.status_code == 200
    assert "changed by someone else after you opened it" in response.content.decode()
    incident.refresh_from_db()
    assert incident.title == "Changed meanwhile"


def test_transition_button_refusal_shows_the_reason(client_for: Any, dpo_user: Any) -> None:
    incident = breaches.record_breach(
        entity=tokyo(),
        by=dpo_user,
        title="T",
        description="D",
        aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
        aware_time_zone="Asia/Tokyo",
        cause="other",
    )
    breaches.transition_incident(incident=incident, name="start_assessment", by=dpo_user)
    url = reverse("admin:compliance_breachincident_change", args=[incident.pk])
    client = client_for(dpo_user)
    form = {
        **_add_form(incident.entity, affected_countries=[]),
        "loaded_version": BreachIncident.objects.get(pk=incident.pk).version,
    }

    response = client.post(url, {**form, "_fsm_transition_to": "complete_assessment"}, follow=True)

    assert "Record the risk assessment and its reasoning" in response.content.decode()
    incident.refresh_from_db()
    assert incident.state == "assessing"


def test_deadline_waive_and_notify_flow_in_admin(client_for: Any, dpo_user: Any) -> None:
    incident = breaches.record_breach(
        entity=tokyo(),
        by=dpo_user,
        title="T",
        description="D",
        wrongful_purpose=True,
        aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
        aware_time_zone="Asia/Tokyo",
        cause="cyber_attack",
        subject_count=40,
        **NOTIFIABLE_FACTS,
    )
    client = client_for(dpo_user)
    principals = incident.deadlines.get(kind="data_subject_notification")
    preliminary = incident.deadlines.get(kind="preliminary_report")

    client.post(
        reverse("admin:compliance_notificationdeadline_waive", args=[principals.pk]),
        {"reason": "Public announcement instead"},
    )
    response = client.post(
        reverse("admin:compliance_notificationdeadline_notify", args=[preliminary.pk])
    )
    notification = BreachNotification.objects.get()
    submit = client.post(
        reverse("admin:compliance_breachnotification_transition", args=[notification.pk, "submit"]),
        # typed in the breach's zone (Asia/Tokyo): 18:00 JST is 09:00 UTC
        {"submitted_at_0": "2024-06-11", "submitted_at_1": "18:00:00", "late_reasons": ""},
    )

    principals.refresh_from_db()
    preliminary.refresh_from_db()
    assert (principals.status, principals.decided_by) == ("waived", dpo_user)
    assert response.status_code == 302
    assert submit.status_code == 302
    assert (preliminary.status, preliminary.late) == ("met", False)
    assert preliminary.met_at == datetime(2024, 6, 11, 9, 0, tzinfo=UTC)


def test_coordinator_cannot_open_another_entitys_breach(
    client_for: Any, coordinator_user: Any, dpo_user: Any
) -> None:
    own, other = tokyo(), GroupEntityFactory(short_name="Other")
    own.coordinators.add(coordinator_user)
    secret = breaches.record_breach(
        entity=other,
        by=dpo_user,
        title="Secret breach",
        description="D",
        aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
        aware_time_zone="UTC",
        cause="other",
    )
    client = client_for(coordinator_user)

    listing = client.get(reverse("admin:compliance_breachincident_changelist"))
    page = client.get(reverse("admin:compliance_breachincident_change", args=[secret.pk]))
    deadline_page = client.get(
        reverse("admin:compliance_notificationdeadline_change", args=[secret.deadlines.first().pk])
    )

    assert "Secret breach" not in listing.content.decode()
    assert page.status_code == 302
    assert deadline_page.status_code == 302


def test_legal_sees_the_register_but_cannot_edit_or_transition(
    client_for: Any, legal_user: Any, dpo_user: Any
) -> None:
    incident = breaches.record_breach(
        entity=tokyo(),
        by=dpo_user,
        title="T",
        description="D",
        aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
        aware_time_zone="UTC",
        cause="other",
    )
    client = client_for(legal_user)

    page = client.get(reverse("admin:compliance_breachincident_change", args=[incident.pk]))
    client.post(
        reverse("admin:compliance_breachincident_change", args=[incident.pk]),
        {"_fsm_transition_to": "start_assessment"},
    )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    incident.refresh_from_db()
    assert incident.state == "detected"


def test_register_changelist_query_count_does_not_grow_with_rows(
    client_for: Any, dpo_user: Any, django_assert_num_queries: Any
) -> None:
    entity = tokyo()
    client = client_for(dpo_user)
    url = reverse("admin:compliance_breachincident_changelist")

    def add(n: int) -> None:
        for i in range(n):
            _breach_days_ago(entity, dpo_user, f"B{i}", i + 1)

    add(2)
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200

    add(20)

    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200


def test_register_lists_overdue_first_with_countdown(client_for: Any, dpo_user: Any) -> None:
    entity = tokyo()
    for title, days in (("Old", 10), ("Fresh", 1)):
        breaches.record_breach(
            entity=entity,
            by=dpo_user,
            title=title,
            description="D",
            aware_at=NOW - timedelta(days=days),
            aware_time_zone="Asia/Tokyo",
            cause="other",
            subject_count=2000,
            affected_countries=["FR"],
        )

    response = client_for(dpo_user).get(reverse("admin:compliance_breachincident_changelist"))

    titles = [i.title for i in response.context["cl"].result_list]
    assert titles == ["Old", "Fresh"]
    assert "countdown-overdue" in response.content.decode()


def _breach_days_ago(entity: Any, user: Any, title: str, days: int) -> Any:
    return breach(
        entity,
        user,
        title=title,
        aware_at=NOW - timedelta(days=days),
        aware_time_zone="Asia/Tokyo",
        subject_count=2000,
    )


def test_register_everything_overdue_filter_reads_the_stored_next_deadline(
    client_for: Any, dpo_user: Any
) -> None:
    entity = tokyo()
    _breach_days_ago(entity, dpo_user, "Old", 10)
    _breach_days_ago(entity, dpo_user, "Fresh", 1)
    url = reverse("admin:compliance_breachincident_changelist")

    response = client_for(dpo_user).get(url, {"deadlines": "overdue"})

    assert [i.title for i in response.context["cl"].result_list] == ["Old"]
    assert "everything overdue" in response.content.decode()


def test_deadline_changelist_everything_overdue_filter(client_for: Any, dpo_user: Any) -> None:
    entity = tokyo()
    old = _breach_days_ago(entity, dpo_user, "Old", 10)
    _breach_days_ago(entity, dpo_user, "Fresh", 1)
    url = reverse("admin:compliance_notificationdeadline_changelist")

    response = client_for(dpo_user).get(url, {"question": "overdue"})

    expected = set(
        old.deadlines.filter(required=True, status="open", due_at__lt=NOW).values_list(
            "pk", flat=True
        )
    )
    assert {d.pk for d in response.context["cl"].result_list} == expected
    assert "everything overdue" in response.content.decode()


def test_deadline_changelist_query_count_does_not_grow_with_rows(
    client_for: Any, dpo_user: Any, django_assert_num_queries: Any
) -> None:
    entity = tokyo()
    client = client_for(dpo_user)
    url = reverse("admin:compliance_notificationdeadline_changelist")
    _breach_days_ago(entity, dpo_user, "B0", 1)
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200

    for i in range(10):
        _breach_days_ago(entity, dpo_user, f"B{i + 1}", i + 2)

    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


def test_notification_changelist_query_count_does_not_grow_with_rows(
    client_for: Any, dpo_user: Any, django_assert_num_queries: Any
) -> None:
    entity = tokyo()
    client = client_for(dpo_user)
    url = reverse("admin:compliance_breachnotification_changelist")

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            incident = _breach_days_ago(entity, dpo_user, f"B{i}", i + 1)
            for deadline in incident.deadlines.filter(required=True):
                breaches.start_notification(deadline=deadline, by=dpo_user)

    add(2, 0)
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200

    add(4, 2)

    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


def _involvement_rows(rows: list[dict[str, Any]], initial: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "involvements-TOTAL_FORMS": str(len(rows)),
        "involvements-INITIAL_FORMS": str(initial),
        "involvements-MIN_NUM_FORMS": "0",
        "involvements-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"involvements-{n}-{key}"] = value
    return data


def test_dpo_records_a_breach_of_two_entities_each_with_its_own_obligations(
    client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)
    entity = tokyo()
    duesseldorf = GroupEntityFactory(
        group=entity.group,
        short_name="Düsseldorf",
        country_id="DE",
        region="DE-NW",
        time_zone="Europe/Berlin",
    )
    rows = [
        {"entity": entity.pk, "role": "controller", "reach": "assessed"},
        {
            "entity": duesseldorf.pk,
            "role": "controller",
            "reach": "assessed",
            "reached_by": [],
        },
    ]
    form = _add_form(entity, affected_countries=["JP", "DE"])
    form.update(_involvement_rows(rows, 0))

    response = client.post(reverse("admin:compliance_breachincident_add"), form)

    assert response.status_code == 302
    incident = BreachIncident.objects.get()
    assert sorted(
        (d.entity.short_name, d.regime, d.kind, d.recipient_key, d.assumed)
        for d in incident.deadlines.filter(required=True)
    ) == [
        ("Düsseldorf", "EU_GDPR", "authority_notification", "DE", False),
        ("Tokyo", "JP_APPI", "data_subject_notification", "", False),
        ("Tokyo", "JP_APPI", "final_report", "JP", False),
        ("Tokyo", "JP_APPI", "preliminary_report", "JP", False),
    ]
    html = client.get(
        reverse("admin:compliance_breachincident_change", args=[incident.pk])
    ).content.decode()
    assert "Answers that drove this result" in html
    assert "reach assessed: reached from outside by no other law" in html


def test_unassessed_reach_is_marked_assumed_on_the_breach_page(
    client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)
    incident = breaches.record_breach(
        entity=tokyo(),
        by=dpo_user,
        affected_countries=["JP", "FR"],
        title="Portal breach",
        description="Accounts taken over",
        aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
        aware_time_zone="Asia/Tokyo",
        cause="cyber_attack",
    )

    html = client.get(
        reverse("admin:compliance_breachincident_change", args=[incident.pk])
    ).content.decode()

    assert incident.deadlines.get(regime="EU_GDPR", kind="authority_notification").assumed
    assert 'class="dpo-assumed"' in html
    assert "laws reach Tokyo from outside is not assessed" in html


def test_breach_form_asks_the_other_regimes_items_with_their_facts_and_saves_them(
    client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)
    form = _add_form(
        tokyo(),
        recommended_steps="Change your password.",
        processing_subject_count="2400000",
        indicators_of_compromise="Source address 203.0.113.7",
    )

    response = client.post(reverse("admin:compliance_breachincident_add"), form)

    assert response.status_code == 302, response.context["adminform"].form.errors
    incident = BreachIncident.objects.get()
    assert (
        incident.recommended_steps,
        incident.processing_subject_count,
        incident.indicators_of_compromise,
    ) == ("Change your password.", 2_400_000, "Source address 203.0.113.7")
    html = client.get(
        reverse("admin:compliance_breachincident_change", args=[incident.pk])
    ).content.decode()
    start = html.index("Other countries&#x27; breach laws")
    section = html[start : html.index("</fieldset>", start)]
    items = ("recommended_steps", "processing_subject_count", "indicators_of_compromise")
    assert [n for n in re.findall(r'name="(\w+)"', section) if n in items] == list(items)
    assert "Which indicators of compromise are known? (NIS2 Art. 23(4)(b))" in section
