"""A notification is recorded as submitted only with every item its law asks for filled on the
breach or recorded as not yet known (GDPR Art. 33(3), 33(4); PPC Rules Art. 8(1), GL 3-5-3-3),
and the document then says "not yet known" where it would print a dash."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from compliance.breaches import services as breaches
from compliance.breaches.choices import DeadlineStatus, NotificationState
from compliance.breaches.forms import SubmitNotificationForm
from compliance.breaches.models import BreachNotification
from compliance.reports import registry
from compliance.workflow.models import WorkflowEvent
from compliance.workflow.services import TransitionRefused
from tests.builders import NOTIFIABLE_FACTS, tokyo
from tests.compliance.reports.conftest import page_texts, squeeze

pytestmark = pytest.mark.django_db

AWARE = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)  # Monday 17:00 JST
NOW = datetime(2024, 6, 11, 8, 0, tzinfo=UTC)
SUBMITTED = datetime(2024, 6, 11, 6, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _draft(dpo: Any, regime: str, kind: str, **overrides: Any) -> BreachNotification:
    facts = {
        **NOTIFIABLE_FACTS,
        "title": "Customer database exfiltrated",
        "description": "Attacker used stolen credentials.",
        "aware_at": AWARE,
        "aware_time_zone": "Asia/Tokyo",
        "cause": "cyber_attack",
        "subject_count": 1500,
        "wrongful_purpose": True,
        "risk": "high",
        "risk_reasoning": "Usable for phishing.",
        **overrides,
    }
    incident = breaches.record_breach(
        entity=tokyo(), by=dpo, affected_countries=["JP", "DE"], **facts
    )
    deadline = incident.deadlines.get(regime=regime, kind=kind)
    return breaches.start_notification(deadline=deadline, by=dpo)


EMPTY_MEASURES = {
    "likely_consequences": "",
    "containment": "",
    "remediation": "",
    "record_count": None,
}


def test_gdpr_notification_with_empty_items_is_refused_with_the_list_and_nothing_written(
    dpo_user: Any,
) -> None:
    notification = _draft(dpo_user, "EU_GDPR", "authority_notification", **EMPTY_MEASURES)

    with pytest.raises(TransitionRefused) as excinfo:
        breaches.submit_notification(notification=notification, submitted_at=SUBMITTED, by=dpo_user)

    assert str(excinfo.value) == (
        "The law asks this notification for items that are empty on the breach: "
        "approximate number of personal data records concerned (Art. 33(3)(a)); "
        "likely consequences of the breach (Art. 33(3)(c)); "
        "measures taken or proposed (Art. 33(3)(d)). "
        "Fill them in on the breach, or record them as not yet known (information not known "
        "yet may be provided in phases without undue further delay (Art. 33(4)))."
    )
    notification.refresh_from_db()
    deadline = notification.deadline
    assert (notification.state, notification.submitted_at, notification.not_yet_known) == (
        NotificationState.DRAFT,
        None,
        [],
    )
    assert (deadline.status, deadline.met_at) == (DeadlineStatus.OPEN, None)
    assert WorkflowEvent.objects.filter(transition="submit").count() == 0


def test_gdpr_notification_with_the_empty_items_marked_not_yet_known_is_submitted(
    dpo_user: Any,
) -> None:
    notification = _draft(dpo_user, "EU_GDPR", "authority_notification", **EMPTY_MEASURES)

    breaches.submit_notification(
        notification=notification,
        submitted_at=SUBMITTED,
        by=dpo_user,
        # "contact_point" is filled on the breach: not kept as unknown
        not_yet_known=["measures", "likely_consequences", "record_count", "contact_point"],
    )

    notification.refresh_from_db()
    assert (notification.state, notification.not_yet_known) == (
        NotificationState.SUBMITTED,
        ["record_count", "likely_consequences", "measures"],
    )
    assert notification.deadline.status == DeadlineStatus.MET


def test_an_item_the_notification_does_not_ask_for_is_refused(dpo_user: Any) -> None:
    notification = _draft(dpo_user, "EU_GDPR", "authority_notification")

    with pytest.raises(ValidationError) as excinfo:
        breaches.submit_notification(
            notification=notification,
            submitted_at=SUBMITTED,
            by=dpo_user,
            not_yet_known=["remediation"],
        )

    assert excinfo.value.message_dict == {
        "not_yet_known": ["This notification does not ask for these items: remediation."]
    }
    notification.refresh_from_db()
    assert notification.state == NotificationState.DRAFT


def test_appi_preliminary_report_may_leave_items_open_only_when_said_which(
    dpo_user: Any,
) -> None:
    notification = _draft(
        dpo_user, "JP_APPI", "preliminary_report", remediation="", likely_consequences=""
    )

    with pytest.raises(TransitionRefused) as excinfo:
        breaches.submit_notification(notification=notification, submitted_at=SUBMITTED, by=dpo_user)
    breaches.submit_notification(
        notification=notification,
        submitted_at=SUBMITTED,
        by=dpo_user,
        not_yet_known=["remediation", "likely_consequences"],
    )

    assert str(excinfo.value) == (
        "The law asks this notification for items that are empty on the breach: "
        "(5) secondary damage or its risk (PPC Rules Art. 8(1)(v)); "
        "(8) measures to prevent recurrence (PPC Rules Art. 8(1)(viii)). "
        "Fill them in on the breach, or record them as not yet known (the preliminary report "
        "gives the items known when it is made (PPC GL 3-5-3-3))."
    )
    notification.refresh_from_db()
    assert notification.not_yet_known == ["likely_consequences", "remediation"]


def test_notification_whose_law_lists_no_items_is_not_held_back(dpo_user: Any) -> None:
    # GDPR Art. 33(2) names no content for the processor's notice to its controller.
    notification = _draft(
        dpo_user,
        "EU_GDPR",
        "controller_notification",
        role="processor",
        **EMPTY_MEASURES,
        contact_point="",
    )

    breaches.submit_notification(notification=notification, submitted_at=SUBMITTED, by=dpo_user)

    notification.refresh_from_db()
    assert notification.state == NotificationState.SUBMITTED


def test_submission_form_offers_exactly_the_empty_items(dpo_user: Any) -> None:
    notification = _draft(dpo_user, "EU_GDPR", "authority_notification", **EMPTY_MEASURES)
    complete = _draft(dpo_user, "JP_APPI", "preliminary_report", title="Second breach")

    offered = SubmitNotificationForm(instance=notification).fields["not_yet_known"].choices

    assert [code for code, _label in offered] == [
        "record_count",
        "likely_consequences",
        "measures",
    ]
    assert "not_yet_known" not in SubmitNotificationForm(instance=complete).fields


NOT_YET_KNOWN = {"en": "not yet known", "de": "noch nicht bekannt", "ja": "未判明"}


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_document_says_not_yet_known_instead_of_a_dash(dpo_user: Any, lang: str) -> None:
    notification = _draft(dpo_user, "EU_GDPR", "authority_notification", **EMPTY_MEASURES)
    breaches.submit_notification(
        notification=notification,
        submitted_at=SUBMITTED,
        by=dpo_user,
        not_yet_known=["measures", "likely_consequences", "record_count"],
    )

    report = registry.render_report(
        "breach_notification",
        obj=notification,
        user=None,
        lang=lang,
        as_of=date(2024, 6, 11),
        generated_at=NOW,
    )
    text = squeeze(" ".join(page_texts(report.content)))

    # (c) consequences, both lines of (d) measures, the number of records in (a)
    assert text.count(squeeze(NOT_YET_KNOWN[lang])) == 4


def test_admin_submission_with_an_empty_item_comes_back_with_the_list(
    client_for: Any, dpo_user: Any
) -> None:
    notification = _draft(dpo_user, "EU_GDPR", "authority_notification", **EMPTY_MEASURES)
    url = reverse(
        "admin:compliance_breachnotification_transition", args=[notification.pk, "submit"]
    )
    client = client_for(dpo_user)
    typed = {"submitted_at_0": "2024-06-11", "submitted_at_1": "15:00:00"}

    refused = client.post(url, typed, follow=True)
    notification.refresh_from_db()
    state_after_refusal = notification.state
    accepted = client.post(
        url,
        {**typed, "not_yet_known": ["record_count", "likely_consequences", "measures"]},
    )

    assert refused.status_code == 200
    assert state_after_refusal == NotificationState.DRAFT
    assert [str(m) for m in refused.context["messages"]] == [
        "Record submission: refused. The law asks this notification for items that are empty "
        "on the breach: approximate number of personal data records concerned (Art. 33(3)(a)); "
        "likely consequences of the breach (Art. 33(3)(c)); measures taken or proposed "
        "(Art. 33(3)(d)). Fill them in on the breach, or record them as not yet known "
        "(information not known yet may be provided in phases without undue further delay "
        "(Art. 33(4)))."
    ]
    assert accepted.status_code == 302
    notification.refresh_from_db()
    assert (notification.state, notification.submitted_at) == (
        NotificationState.SUBMITTED,
        datetime(2024, 6, 11, 6, 0, tzinfo=UTC),
    )
    page = client.get(reverse("admin:compliance_breachnotification_change", args=[notification.pk]))
    assert page.status_code == 200
    assert (
        "approximate number of personal data records concerned; likely consequences of the "
        "breach; measures taken or proposed" in page.content.decode()
    )


def test_submission_instant_is_asked_in_the_breach_zone_not_utc(
    client_for: Any, dpo_user: Any
) -> None:
    notification = _draft(dpo_user, "EU_GDPR", "authority_notification")
    url = reverse(
        "admin:compliance_breachnotification_transition", args=[notification.pk, "submit"]
    )

    page = client_for(dpo_user).get(url)

    field = page.context["transition_form"]["submitted_at"]
    shown = field.field.widget.get_context(field.html_name, field.value(), {})
    date_input, time_input = shown["widget"]["subwidgets"]
    assert (str(field.label), str(field.help_text)) == (
        "Submitted at (Asia/Tokyo)",
        "Enter the local time in Asia/Tokyo.",
    )
    # the "Now" shortcut fills the current time of the breach's zone, not the server's (UTC)
    assert [w["attrs"]["data-time-zone"] for w in (date_input, time_input)] == [
        "Asia/Tokyo",
        "Asia/Tokyo",
    ]
    # the initial value is now (08:00 UTC) as the wall time in Tokyo
    assert [w["value"] for w in (date_input, time_input)] == ["2024-06-11", "17:00:00"]
    assert "UTC" not in str(field.label)
