"""APPI documents carry the PPC Rules' items: the report's nine items of Art. 8(1) with the
public announcement (item 7, and item 6's alternative measure), the cause in words (item 4) and
how the leak was discovered with the entrusting/entrusted businesses (item 1); the entrusted
business's notice to the entrusting business the same nine items (Rule 9; GL 3-5-3-5); the
notice to the principals items (1), (2), (4), (5) and (9) (Rule 10)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident, BreachNotification
from compliance.reports import registry
from tests.builders import NOTIFIABLE_FACTS, tokyo
from tests.compliance.integrity.formdata import page_data
from tests.compliance.reports.breach_setup import AS_OF, GENERATED_AT, NOW, PortalBreach, positions
from tests.compliance.reports.conftest import page_texts, squeeze
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db

HEADINGS = [
    "(1)概要",
    "(2)漏えい等が発生し、又は発生したおそれがある個人データの項目",
    "(3)漏えい等が発生し、又は発生したおそれがある個人データに係る本人の数",
    "(4)原因",
    "(5)二次被害又はそのおそれの有無及びその内容",
    "(6)本人への対応の実施状況",
    "(7)公表の実施状況",
    "(8)再発防止のための措置",
    "(9)その他参考となる事項",
]
ANNOUNCEMENT = {
    "announced_on": date(2024, 6, 12),
    "announcement_where": "https://shop.example.jp/notice/2024-06-12",
    "announcement_text": "Notice of unauthorised access to customer accounts.",
    "entrustment": "none: the portal is run by the entity itself",
}


def _text(notification: BreachNotification, lang: str) -> str:
    report = registry.render_report(
        "breach_notification",
        obj=notification,
        user=None,
        lang=lang,
        as_of=AS_OF,
        generated_at=GENERATED_AT,
    )
    return squeeze(" ".join(page_texts(report.content)))


REPORT = {
    "en": [
        "(1)概要",
        "How the breach was discovered The security team saw a surge of failed logins on 10 June.",
        "Entrusting or entrusted businesses none: the portal is run by the entity itself",
        "(4)原因",
        "Cause cyber attack (unauthorised access, ransomware)",
        "Cause in detail Passwords leaked from other services were tried against the login.",
        "(7)公表の実施状況",
        "Day of the announcement 2024-06-12",
        "Where announced https://shop.example.jp/notice/2024-06-12",
        "Text of the announcement Notice of unauthorised access to customer accounts.",
        "(8)再発防止のための措置",
    ],
    "ja": [
        "(1)概要",
        "発覚の経緯 The security team saw a surge of failed logins on 10 June.",
        "委託元及び委託先の有無 none: the portal is run by the entity itself",
        "(4)原因",
        "原因の詳細 Passwords leaked from other services were tried against the login.",
        "(7)公表の実施状況",
        "公表日 2024-06-12",
        "公表の方法 https://shop.example.jp/notice/2024-06-12",
        "公表の内容 Notice of unauthorised access to customer accounts.",
        "(8)再発防止のための措置",
    ],
}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_appi_report_prints_announcement_discovery_entrustment_and_cause_in_words(
    portal: PortalBreach, lang: str
) -> None:
    BreachIncident.objects.filter(pk=portal.incident.pk).update(**ANNOUNCEMENT)

    text = _text(portal.appi, lang)

    found = positions(text, [squeeze(s) for s in REPORT[lang]])
    assert -1 not in found
    assert found == sorted(found)


def test_appi_report_without_announcement_says_none_was_made(portal: PortalBreach) -> None:
    text = _text(portal.appi, "ja")

    assert squeeze("(7)公表の実施状況 公表 未実施 (8)") in text


def test_announcement_is_the_alternative_measure_when_principals_cannot_be_notified(
    portal: PortalBreach, dpo_user: Any
) -> None:
    BreachIncident.objects.filter(pk=portal.incident.pk).update(**ANNOUNCEMENT)
    with time_machine.travel(NOW, tick=False):
        breaches.waive_deadline(
            deadline=portal.incident.deadlines.get(
                regime="JP_APPI", kind="data_subject_notification"
            ),
            by=dpo_user,
            reason="Contact details of the principals are not held.",
        )

    text = _text(portal.appi, "en")

    assert (
        squeeze(
            "Alternative measure (APPI Art. 26(2) proviso) public announcement on 2024-06-12: "
            "https://shop.example.jp/notice/2024-06-12"
        )
        in text
    )
    assert text.index(squeeze("Alternative measure")) < text.index(HEADINGS[6])


def test_notice_to_the_principals_carries_items_1_2_4_5_9(
    portal: PortalBreach, dpo_user: Any
) -> None:
    deadline = portal.incident.deadlines.get(regime="JP_APPI", kind="data_subject_notification")
    with time_machine.travel(NOW, tick=False):
        notification = breaches.start_notification(deadline=deadline, by=dpo_user)

    text = _text(notification, "ja")

    shown = [heading for heading in HEADINGS if heading in text]
    assert shown == [HEADINGS[0], HEADINGS[1], HEADINGS[3], HEADINGS[4], HEADINGS[8]]
    assert (
        squeeze("個人情報の保護に関する法律第26条第2項、個人情報の保護に関する法律施行規則第10条")
        in text
    )
    assert "33" not in text.split(HEADINGS[0], 1)[1]  # no GDPR Art. 33(3) item


def test_processors_notice_to_the_entrusting_business_carries_the_nine_items(
    dpo_user: Any,
) -> None:
    with time_machine.travel(datetime(2024, 6, 11, 8, 0, tzinfo=UTC), tick=False):
        incident = breaches.record_breach(
            entity=tokyo(),
            by=dpo_user,
            role="processor",
            affected_countries=["JP"],
            title="Payroll files of a client exposed",
            description="A client's payroll export was readable by other clients.",
            aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
            aware_time_zone="Asia/Tokyo",
            cause="system_failure",
            subject_count=1200,
            **NOTIFIABLE_FACTS,
        )
        deadline = incident.deadlines.get(regime="JP_APPI", kind="controller_notification")
        notification = breaches.start_notification(deadline=deadline, by=dpo_user)

    text = _text(notification, "en")

    found = positions(text, HEADINGS)
    assert -1 not in found
    assert found == sorted(found)
    assert squeeze("APPI Art. 26(1) proviso; PPC Rules Art. 9 and 8(1)") in text
    assert "Art.33" not in text


def test_dpo_records_the_appi_items_on_the_breach_form(
    client_for: Any, dpo_user: Any, coordinator_user: Any
) -> None:
    with time_machine.travel(NOW, tick=False):
        incident = breaches.record_breach(
            entity=tokyo(),
            by=dpo_user,
            affected_countries=["JP"],
            title="Portal breach",
            description="Accounts taken over",
            aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
            aware_time_zone="Asia/Tokyo",
            cause="cyber_attack",
            subject_count=40,
        )
        url = reverse("admin:compliance_breachincident_change", args=[incident.pk])
        client = client_for(dpo_user)
        page = client.get(url)
        data = page_data(page)
        data.update(
            {
                "discovery": "Alert of the monitoring team.",
                "entrustment": "none",
                "cause_detail": "Passwords leaked elsewhere were tried.",
                "announced_on": "2024-06-12",
                "announcement_where": "https://shop.example.jp/notice",
                "announcement_text": "Notice of unauthorised access.",
            }
        )

        saved = client.post(url, data)

    assert page.status_code == 200
    for name in ANNOUNCEMENT:
        assert f'name="{name}"' in page.content.decode()
    assert saved.status_code == 302
    incident.refresh_from_db()
    assert (
        incident.discovery,
        incident.entrustment,
        incident.cause_detail,
        incident.announced_on,
        incident.announcement_where,
        incident.announcement_text,
    ) == (
        "Alert of the monitoring team.",
        "none",
        "Passwords leaked elsewhere were tried.",
        date(2024, 6, 12),
        "https://shop.example.jp/notice",
        "Notice of unauthorised access.",
    )


def test_announcement_without_its_day_is_refused_on_the_form(
    client_for: Any, dpo_user: Any
) -> None:
    with time_machine.travel(NOW, tick=False):
        incident = breaches.record_breach(
            entity=tokyo(),
            by=dpo_user,
            affected_countries=["JP"],
            title="Portal breach",
            description="Accounts taken over",
            aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
            aware_time_zone="Asia/Tokyo",
            cause="cyber_attack",
        )
        url = reverse("admin:compliance_breachincident_change", args=[incident.pk])
        client = client_for(dpo_user)
        data = page_data(client.get(url))
        data.update({"announcement_text": "Notice.", "announcement_where": "website"})

        response = client.post(url, data, follow=True)

    assert response.status_code == 200
    incident.refresh_from_db()
    assert (incident.announcement_text, incident.announced_on) == ("", None)
    assert "Give the day the announcement was made." in response.content.decode()


def test_coordinator_cannot_change_another_entitys_announcement(
    client_for: Any, dpo_user: Any, coordinator_user: Any
) -> None:
    own: Any = GroupEntityFactory(short_name="Own")
    own.coordinators.add(coordinator_user)
    with time_machine.travel(NOW, tick=False):
        other = breaches.record_breach(
            entity=tokyo(),
            by=dpo_user,
            affected_countries=["JP"],
            title="Portal breach",
            description="Accounts taken over",
            aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
            aware_time_zone="Asia/Tokyo",
            cause="cyber_attack",
        )
        url = reverse("admin:compliance_breachincident_change", args=[other.pk])
        data = page_data(client_for(dpo_user).get(url))
        data.update(
            {"announced_on": "2024-06-12", "announcement_where": "w", "announcement_text": "t"}
        )

        response = client_for(coordinator_user).post(url, data)

    assert response.status_code == 302  # not in their scope: as if it did not exist
    other.refresh_from_db()
    assert (other.announced_on, other.announcement_text) == (None, "")


@pytest.mark.parametrize(
    ("announcement", "errors"),
    [
        (
            {"announced_on": date(2024, 6, 9), "announcement_where": "w", "announcement_text": "t"},
            {"announced_on": ["A breach is announced after the entity became aware of it."]},
        ),
        (
            {"announced_on": date(2024, 7, 2), "announcement_where": "w", "announcement_text": "t"},
            {"announced_on": ["This day is in the future."]},
        ),
        (
            {"announced_on": date(2024, 6, 12)},
            {
                "announcement_where": ["Say where the announcement was made and what it said."],
                "announcement_text": ["Say where the announcement was made and what it said."],
            },
        ),
    ],
)
def test_announcement_that_cannot_be_true_is_refused(
    dpo_user: Any, announcement: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    with time_machine.travel(NOW, tick=False), pytest.raises(ValidationError) as excinfo:
        breaches.record_breach(
            entity=tokyo(),
            by=dpo_user,
            affected_countries=["JP"],
            title="Portal breach",
            description="Accounts taken over",
            # 10 June 17:00 in Tokyo
            aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
            aware_time_zone="Asia/Tokyo",
            cause="cyber_attack",
            **announcement,
        )

    assert excinfo.value.message_dict == errors
    assert BreachIncident.objects.count() == 0
