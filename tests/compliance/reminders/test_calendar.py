from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from compliance.breaches import services as breaches
from compliance.reminders.calendar import issue_calendar_token
from compliance.reminders.ical import CalendarEvent, serialise
from compliance.reminders.models import CalendarToken
from tests.compliance.reminders.conftest import AWARE, gdpr_deadline, hours, record
from tests.factories import GroupEntityFactory

NOW = AWARE + hours(1)


def test_serialise_folds_long_titles_within_75_octets_on_character_boundaries() -> None:
    title = "個人情報漏えい報告" * 6  # 3 octets per character
    event = CalendarEvent(uid="x", start=datetime(2024, 6, 13, 10, 0, tzinfo=UTC), summary=title)

    text = serialise([event], name="x", now=datetime(2024, 6, 10, 9, 0, tzinfo=UTC))

    lines = text.split("\r\n")
    summary = lines.index(next(line for line in lines if line.startswith("SUMMARY:")))
    folded = lines[summary : summary + 3]
    assert [len(line.encode()) for line in folded] == [74, 73, 25]
    assert [line[0] for line in folded[1:]] == [" ", " "]
    assert "".join([folded[0], *(line[1:] for line in folded[1:])]) == f"SUMMARY:{title}"


def test_serialise_writes_a_calendar_with_crlf_line_ends() -> None:
    event = CalendarEvent(
        uid="notificationdeadline-7@dpo-desk",
        start=datetime(2024, 6, 13, 10, 0, tzinfo=UTC),
        summary="Deadline: BR-2024-00007 Leak, phase 1; EU GDPR",
        description="Statutory deadline.\nLegal basis: GDPR Art. 33(1)",
        url="https://dpo.example.com/compliance/breachincident/7/change/",
        categories=("DPO Desk", "EU_GDPR.authority_notification"),
    )

    text = serialise([event], name="Deadlines", now=datetime(2024, 6, 10, 9, 0, tzinfo=UTC))

    assert text == (
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//DPO Desk//Deadlines//EN\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "METHOD:PUBLISH\r\n"
        "X-WR-CALNAME:Deadlines\r\n"
        "BEGIN:VEVENT\r\n"
        "SUMMARY:Deadline: BR-2024-00007 Leak\\, phase 1\\; EU GDPR\r\n"
        "DTSTART:20240613T100000Z\r\n"
        "DTSTAMP:20240610T090000Z\r\n"
        "UID:notificationdeadline-7@dpo-desk\r\n"
        "CATEGORIES:DPO Desk,EU_GDPR.authority_notification\r\n"
        "DESCRIPTION:Statutory deadline.\\nLegal basis: GDPR Art. 33(1)\r\n"
        "TRANSP:TRANSPARENT\r\n"
        "URL:https://dpo.example.com/compliance/breachincident/7/change/\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )


def test_serialise_refuses_naive_times() -> None:
    event = CalendarEvent(uid="x", start=datetime(2024, 6, 13, 10, 0), summary="naive")  # noqa: DTZ001

    with pytest.raises(ValueError, match="aware"):
        serialise([event], name="x", now=datetime(2024, 6, 10, tzinfo=UTC))


@pytest.fixture
def breach(policies: None, entity: Any, dpo_user: Any, owner: Any, coordinator: Any) -> Any:
    with time_machine.travel(NOW, tick=False):
        return record(entity, dpo_user, owner, risk="high", risk_reasoning="Health data.")


def _feed(client: Any, raw: str) -> Any:
    with time_machine.travel(NOW, tick=False):
        return client.get(f"/calendar/{raw}.ics")


def _summaries(body: str) -> list[str]:
    unfolded = body.replace("\r\n ", "")
    return sorted(re.findall(r"^SUMMARY:(.*)\r$", unfolded, re.MULTILINE))


@pytest.mark.django_db
def test_feed_lists_the_owners_deadlines_with_internal_targets_marked(
    breach: Any, owner: Any, client: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://dpo.example.com"
    _token, raw = issue_calendar_token(user=owner)
    ref = breach.reference

    response = _feed(client, raw)

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert _summaries(body) == [
        f"Deadline: {ref} Customer database exfiltrated: EU GDPR notification to the "
        "authority (DE)",
        f"Internal target: {ref} Customer database exfiltrated: EU GDPR notification to "
        "data subjects",
    ]
    unfolded = body.replace("\r\n ", "")
    assert "DTSTART:20240613T080000Z\r\n" in unfolded
    assert "This is not a statutory deadline." in unfolded
    assert f"URL:https://dpo.example.com/compliance/breachincident/{breach.pk}/change/" in unfolded


@pytest.mark.django_db
def test_feed_of_the_entity_coordinator_has_the_deadlines_another_coordinator_none(
    breach: Any, coordinator: Any, django_user_model: Any, client: Any
) -> None:
    other = django_user_model.objects.create_user(username="other-coord", is_staff=True)
    GroupEntityFactory(short_name="Elsewhere").coordinators.add(other)
    _t1, mine = issue_calendar_token(user=coordinator)
    _t2, theirs = issue_calendar_token(user=other)

    assert len(_summaries(_feed(client, mine).content.decode())) == 2
    assert _summaries(_feed(client, theirs).content.decode()) == []


@pytest.mark.django_db
def test_feed_leaves_out_met_deadlines(breach: Any, owner: Any, dpo_user: Any, client: Any) -> None:
    deadline = gdpr_deadline(breach)
    with time_machine.travel(NOW, tick=False):
        notification = breaches.start_notification(deadline=deadline, by=dpo_user)
        breaches.submit_notification(notification=notification, submitted_at=NOW, by=dpo_user)
    _token, raw = issue_calendar_token(user=owner)

    assert [s.split(":")[0] for s in _summaries(_feed(client, raw).content.decode())] == [
        "Internal target"
    ]


@pytest.mark.django_db
def test_feed_of_a_dpo_member_lists_every_live_deadline(
    breach: Any, dpo_user: Any, client: Any
) -> None:
    _token, raw = issue_calendar_token(user=dpo_user)

    assert len(_summaries(_feed(client, raw).content.decode())) == 2


@pytest.mark.django_db
def test_revoked_token_is_404_with_a_clear_message(owner: Any, client: Any) -> None:
    token, raw = issue_calendar_token(user=owner)
    CalendarToken.objects.filter(pk=token.pk).update(revoked_at=AWARE)

    response = _feed(client, raw)

    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "This calendar link was revoked on 2024-06-10 08:00 UTC. Ask the DPO office for a new one."
    )


@pytest.mark.django_db
def test_expired_token_is_404_with_a_clear_message(owner: Any, client: Any) -> None:
    with time_machine.travel(AWARE - hours(1), tick=False):
        _token, raw = issue_calendar_token(user=owner, expires_at=AWARE)

    response = _feed(client, raw)

    assert (response.status_code, response.content.decode()) == (
        404,
        "This calendar link expired on 2024-06-10 08:00 UTC. Ask the DPO office for a new one.",
    )


@pytest.mark.django_db
def test_unknown_token_is_404_with_a_clear_message(client: Any) -> None:
    response = _feed(client, "not-a-token")

    assert (response.status_code, response.content.decode()) == (
        404,
        "Unknown calendar link. It may have been mistyped or replaced; ask the DPO office for "
        "a new one.",
    )


@pytest.mark.django_db
def test_token_of_a_deactivated_user_is_404(owner: Any, client: Any) -> None:
    _token, raw = issue_calendar_token(user=owner)
    owner.is_active = False
    owner.save()

    assert _feed(client, raw).status_code == 404


@pytest.mark.django_db
def test_only_a_digest_of_the_token_is_stored(owner: Any) -> None:
    token, raw = issue_calendar_token(user=owner)

    assert raw not in {token.digest, token.prefix}
    assert (len(token.digest), token.prefix) == (64, raw[:8])


def _shown_url(response: Any) -> str:
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    match = re.search(r"<code>(\S+)</code>", text)
    assert match, text
    return match.group(1)


@pytest.mark.django_db
def test_dpo_creates_a_token_in_the_admin_sees_the_url_once_and_revokes_it(
    client_for: Any, dpo_user: Any, owner: Any, settings: Any
) -> None:
    settings.SITE_URL = "https://dpo.example.com"
    client = client_for(dpo_user)

    created = client.post(
        reverse("admin:compliance_calendartoken_add"), {"user": owner.pk, "label": "phone"}
    )
    url = _shown_url(created)
    token = CalendarToken.objects.get()
    path = url.removeprefix("https://dpo.example.com")
    works = _feed(client, path.removeprefix("/calendar/").removesuffix(".ics"))
    client.post(
        reverse("admin:compliance_calendartoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    revoked = _feed(client, path.removeprefix("/calendar/").removesuffix(".ics"))

    assert (token.user, token.label, token.created_by) == (owner, "phone", dpo_user)
    assert url.startswith("https://dpo.example.com/calendar/")
    assert (works.status_code, revoked.status_code) == (200, 404)


@pytest.mark.django_db
def test_coordinator_gets_their_own_calendar_link_from_the_notification_list(
    client_for: Any, coordinator: Any
) -> None:
    response = client_for(coordinator).post(
        reverse("admin:compliance_usernotification_calendar_link")
    )

    url = _shown_url(response)
    assert response.status_code == 302
    assert CalendarToken.objects.get().user == coordinator
    assert "/calendar/" in url


@pytest.mark.django_db
def test_coordinator_cannot_open_the_token_admin(client_for: Any, coordinator: Any) -> None:
    response = client_for(coordinator).get(reverse("admin:compliance_calendartoken_changelist"))

    assert response.status_code == 403


@pytest.mark.django_db
def test_issuing_a_token_that_has_already_expired_is_refused(owner: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        issue_calendar_token(user=owner, expires_at=AWARE)

    assert caught.value.message_dict == {
        "expires_at": [
            "This expiry is already past: the link would never work. Give a later date or "
            "leave it empty for the default."
        ]
    }
    assert CalendarToken.objects.count() == 0


@pytest.mark.django_db
def test_admin_refuses_a_calendar_link_issued_already_expired(
    client_for: Any, dpo_user: Any, owner: Any
) -> None:
    response = client_for(dpo_user).post(
        reverse("admin:compliance_calendartoken_add"),
        {
            "user": owner.pk,
            "label": "phone",
            "expires_at_0": "2024-06-10",
            "expires_at_1": "08:00",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "expires_at": [
            "This expiry is already past: the link would never work. Give a later date or "
            "leave it empty for the default."
        ]
    }
    assert CalendarToken.objects.count() == 0
