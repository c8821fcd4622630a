from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from compliance.reminders.models import UserNotification
from compliance.reminders.sweep import send_due_reminders
from tests.compliance.reminders.conftest import AWARE, hours, record

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:compliance_reminderpolicy_changelist",
    "admin:compliance_reminder_changelist",
    "admin:compliance_reminderdelivery_changelist",
    "admin:compliance_usernotification_changelist",
    "admin:compliance_calendartoken_changelist",
    "admin:compliance_reminder_upcoming",
]


def _breaches(entity: Any, by: Any, owner: Any, count: int) -> None:
    with time_machine.travel(AWARE, tick=False):
        for n in range(count):
            record(entity, by, owner, title=f"Breach {n}")
    with time_machine.travel(AWARE + hours(0.01), tick=False):
        send_due_reminders()


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_reminder_admin_pages_render_for_dpo(
    url_name: str,
    client_for: Any,
    policies: None,
    entity: Any,
    dpo_user: Any,
    owner: Any,
    coordinator: Any,
) -> None:
    _breaches(entity, dpo_user, owner, 1)

    with time_machine.travel(AWARE + hours(1), tick=False):
        response = client_for(dpo_user).get(reverse(url_name))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url_name", "queries"),
    [
        # The kind filters list the registered kinds (no DISTINCT over the rows); the
        # reminder list has no date hierarchy (its MIN/MAX and DISTINCT years); neither log
        # counts all its rows a second time (show_full_result_count).
        ("admin:compliance_reminderdelivery_changelist", 14),
        ("admin:compliance_reminder_changelist", 12),
        ("admin:compliance_reminder_upcoming", 17),
        ("admin:compliance_usernotification_changelist", 13),
    ],
)
def test_reminder_admin_query_count_does_not_grow_with_rows(
    url_name: str,
    queries: int,
    client_for: Any,
    policies: None,
    entity: Any,
    dpo_user: Any,
    owner: Any,
    coordinator: Any,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(dpo_user)
    url = reverse(url_name)
    _breaches(entity, dpo_user, owner, 1)
    with time_machine.travel(AWARE + hours(1), tick=False), django_assert_num_queries(queries):
        assert client.get(url).status_code == 200

    _breaches(entity, dpo_user, owner, 6)

    with time_machine.travel(AWARE + hours(1), tick=False), django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_upcoming_view_lists_what_will_be_sent_and_to_whom(
    client_for: Any, policies: None, entity: Any, dpo_user: Any, owner: Any, coordinator: Any
) -> None:
    _breaches(entity, dpo_user, owner, 1)

    with time_machine.travel(AWARE + hours(1), tick=False):
        response = client_for(dpo_user).get(reverse("admin:compliance_reminder_upcoming"))

    entries = response.context["entries"]
    assert [(e.row.threshold, e.row.next_reminder_at) for e in entries] == [
        ("due-24h", AWARE + hours(48)),
        ("due-6h", AWARE + hours(66)),
        ("due-0h", AWARE + hours(72)),
        ("overdue-1", AWARE + hours(78)),
    ]
    assert [r.user.username for r in entries[0].recipients] == ["owner", "coord", "dpo-user"]
    assert entries[0].channels == ["e-mail", "admin"]
    assert "24 hours before the deadline" in response.content.decode()


def test_notification_list_shows_only_ones_own_and_opening_marks_read(
    client_for: Any, policies: None, entity: Any, dpo_user: Any, owner: Any, coordinator: Any
) -> None:
    _breaches(entity, dpo_user, owner, 1)
    client = client_for(coordinator)

    listed = client.get(reverse("admin:compliance_usernotification_changelist"))
    mine = UserNotification.objects.get(user=coordinator)
    opened = client.get(reverse("admin:compliance_usernotification_open", args=[mine.pk]))
    others = UserNotification.objects.get(user=owner)
    foreign = client.get(reverse("admin:compliance_usernotification_open", args=[others.pk]))

    mine.refresh_from_db()
    assert [n.pk for n in listed.context["cl"].result_list] == [mine.pk]
    assert (opened.status_code, opened["Location"]) == (302, mine.url)
    assert mine.read_at is not None
    assert foreign.status_code == 404


def test_mark_read_action_works_for_a_coordinator(
    client_for: Any, policies: None, entity: Any, dpo_user: Any, owner: Any, coordinator: Any
) -> None:
    _breaches(entity, dpo_user, owner, 1)
    mine = UserNotification.objects.get(user=coordinator)

    client_for(coordinator).post(
        reverse("admin:compliance_usernotification_changelist"),
        {"action": "mark_read", "_selected_action": [mine.pk]},
    )

    mine.refresh_from_db()
    assert mine.read_at is not None


def test_legal_reads_the_delivery_log_but_cannot_edit_policies(
    client_for: Any, legal_user: Any, policies: None
) -> None:
    client = client_for(legal_user)

    log = client.get(reverse("admin:compliance_reminderdelivery_changelist"))
    add = client.get(reverse("admin:compliance_reminderpolicy_add"))

    assert (log.status_code, add.status_code) == (200, 403)


def test_coordinator_cannot_see_the_delivery_log(client_for: Any, coordinator: Any) -> None:
    response = client_for(coordinator).get(reverse("admin:compliance_reminderdelivery_changelist"))

    assert response.status_code == 403


def test_kind_filters_offer_every_registered_kind_and_filter_by_it(
    client_for: Any,
    policies: None,
    entity: Any,
    dpo_user: Any,
    owner: Any,
) -> None:
    from compliance import labels
    from compliance.reminders.models import Reminder, ReminderDelivery

    _breaches(entity, dpo_user, owner, 1)
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert kinds  # the breach's deadlines have reminders
    kind = sorted(kinds)[0]
    client = client_for(dpo_user)
    with time_machine.travel(AWARE + hours(1), tick=False):
        listed = client.get(reverse("admin:compliance_reminder_changelist"))
        filtered = client.get(reverse("admin:compliance_reminder_changelist"), {"kind": kind})
        deliveries = client.get(
            reverse("admin:compliance_reminderdelivery_changelist"), {"reminder__kind": kind}
        )
    (kind_filter,) = [
        spec
        for spec in listed.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == "kind"
    ]
    choices = {c["display"] for c in kind_filter.choices(listed.context["cl"])}
    assert choices == {"All"} | {str(labels.reminder_kind(k)) for k in labels.REMINDER_KINDS}
    assert filtered.context["cl"].result_count == Reminder.objects.filter(kind=kind).count()
    assert deliveries.context["cl"].result_count == (
        ReminderDelivery.objects.filter(reminder__kind=kind).count()
    )


def test_reminder_list_speaks_the_readers_language(
    client_for: Any,
    policies: None,
    entity: Any,
    dpo_user: Any,
    owner: Any,
) -> None:
    """The state column, its values and the link to the next seven days in German (they were
    English on the German page)."""
    _breaches(entity, dpo_user, owner, 1)
    client = client_for(dpo_user)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    with time_machine.travel(AWARE + hours(1), tick=False):
        response = client.get(reverse("admin:compliance_reminder_changelist"))
    page = response.content.decode()
    cl = response.context["cl"]
    german = {"pending": "ausstehend", "sent": "gesendet", "cancelled": "aufgehoben"}

    assert "Was in den nächsten 7 Tagen versendet wird" in page
    assert "What will be sent" not in page
    assert len(cl.result_list) > 0
    assert [cl.model_admin.state_shown(row) for row in cl.result_list] == [
        german[row.state] for row in cl.result_list
    ]
