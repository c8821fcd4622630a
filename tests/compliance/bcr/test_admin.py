"""The BCR pages of the admin: what a DPO sees and does, what Legal and coordinators cannot."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from compliance.bcr import services as bcr
from compliance.bcr.models import BCRAnnualUpdate, BCRApplication, BindingCorporateRules
from tests.compliance.bcr.helpers import advance, complete_checklist
from tests.factories import CorporateGroupFactory

pytestmark = pytest.mark.django_db


def _change(app: BCRApplication) -> str:
    return reverse("admin:compliance_bcrapplication_change", args=[app.pk])


def _transition(app: BCRApplication, name: str) -> str:
    return reverse("admin:compliance_bcrapplication_transition", args=[app.pk, name])


@pytest.mark.parametrize(
    "name",
    [
        "bcrapplication",
        "bindingcorporaterules",
        "bcrmember",
        "bcrannualupdate",
        "bcrsubstantialchange",
        "bcrtrainingrecord",
        "bcrcomplaint",
    ],
)
def test_bcr_changelists_and_add_pages_render_for_the_dpo(
    client_for: Any, dpo_user: Any, application: BCRApplication, name: str
) -> None:
    advance(application, "approved", dpo_user)
    client = client_for(dpo_user)

    listing = client.get(reverse(f"admin:compliance_{name}_changelist"))
    adding = client.get(reverse(f"admin:compliance_{name}_add"))

    assert (listing.status_code, adding.status_code) == (200, 200)


def test_application_page_shows_timeline_clocks_checklist_documents_and_lead_changes(
    client_for: Any, dpo_user: Any, application: BCRApplication, authorities: dict[str, Any]
) -> None:
    advance(application, "concerned_review", dpo_user)
    version = bcr.record_document_version(
        application=application,
        kind="bcr_text",
        language="de",
        label="2.0",
        created_on=date(2021, 5, 3),
        url="https://dpo.example.com/bcr-de-2.0.pdf",
    )
    bcr.change_lead_authority(
        application=application,
        lead=authorities["fr_cnil"],
        on=date(2021, 5, 10),
        reason="Moved to Paris",
        by=dpo_user,
    )
    complete_checklist(application, dpo_user)
    bcr.transition_application(
        application=application,
        name="submit_to_edpb",
        on=date(2021, 6, 28),
        file_complete_on=date(2021, 6, 28),
        documents=[version],
        by=dpo_user,
    )

    html = client_for(dpo_user).get(_change(application)).content.decode()

    assert "Procedure clocks" in html
    assert "2021-08-23" in html  # EDPB opinion due, 8 weeks from 2021-06-28
    assert "countdown-overdue" in html  # the opinion was never recorded
    assert "GDPR Art. 64(3)" in html
    table = html[html.index('id="timeline"') : html.index('id="authorities"')]
    assert table.index("2021-01-04") < table.index("2021-02-01") < table.index("2021-06-28")
    assert "Lead authority requested" not in html  # the action label, not the state, is shown
    assert "Request a lead authority" in html
    assert "Moved to Paris" in html
    assert "BCR text (de) v2.0" in html
    assert "Art. 47(2)" in html
    assert "Record an event" in html


def test_dpo_takes_a_step_through_the_transition_form(
    client_for: Any, dpo_user: Any, application: BCRApplication, authorities: dict[str, Any]
) -> None:
    client = client_for(dpo_user)

    form_page = client.get(_transition(application, "request_lead"))
    response = client.post(
        _transition(application, "request_lead"),
        {
            "on": "2021-01-04",
            "precision": "day",
            "note": "Filed with LDI NRW",
            "lead": authorities["de_nw_ldi"].pk,
        },
    )

    assert form_page.status_code == 200
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.lead_authority.key) == ("lead_requested", "de_nw_ldi")
    event = application.timeline.get()
    assert (event.note, event.on, event.recorded_by) == (
        "Filed with LDI NRW",
        date(2021, 1, 4),
        dpo_user,
    )


def test_refused_step_shows_the_reason_in_the_admin(
    client_for: Any, dpo_user: Any, application: BCRApplication
) -> None:
    advance(application, "concerned_review", dpo_user)
    client = client_for(dpo_user)

    response = client.post(
        _transition(application, "submit_to_edpb"),
        {"on": "2021-06-28", "precision": "day", "note": ""},
        follow=True,
    )

    html = response.content.decode()
    assert "refused. Art. 47(2) checklist items still open: (a), (b), (c)" in html
    application.refresh_from_db()
    assert application.state == "concerned_review"


def test_checklist_inline_saves_through_the_service(
    client_for: Any, dpo_user: Any, application: BCRApplication
) -> None:
    client = client_for(dpo_user)
    items = list(application.checklist.order_by("letter"))
    data: dict[str, Any] = {
        "checklist-TOTAL_FORMS": str(len(items)),
        "checklist-INITIAL_FORMS": str(len(items)),
        "checklist-MIN_NUM_FORMS": "0",
        "checklist-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(items):
        data |= {
            f"checklist-{i}-id": str(item.pk),
            f"checklist-{i}-application": str(application.pk),
            f"checklist-{i}-status": "done" if item.letter == "a" else "open",
            f"checklist-{i}-evidence": "Section 1" if item.letter == "a" else "",
            f"checklist-{i}-evidence_url": "",
        }

    response = client.post(_change(application), data)

    assert response.status_code == 302
    done = application.checklist.get(letter="a")
    assert (done.status, done.evidence) == ("done", "Section 1")
    assert done.history.first().history_user == dpo_user


@pytest.mark.parametrize("role", ["legal_user", "coordinator_user"])
def test_legal_and_coordinator_see_no_buttons_and_cannot_transition(
    client_for: Any, application: BCRApplication, request: pytest.FixtureRequest, role: str
) -> None:
    user = request.getfixturevalue(role)
    client = client_for(user)

    page = client.get(_change(application))
    posted = client.post(
        _transition(application, "withdraw"), {"on": "2021-01-04", "precision": "day"}
    )

    assert page.status_code == 200
    assert "_fsm_transition_to" not in page.content.decode()
    assert posted.status_code == 302
    assert BCRApplication.objects.get(pk=application.pk).state == "drafting"
    assert application.timeline.count() == 0


def test_dpo_adds_an_application_through_the_service(
    client_for: Any, dpo_user: Any, group: Any
) -> None:
    response = client_for(dpo_user).post(
        reverse("admin:compliance_bcrapplication_add"),
        {"group": group.pk, "kind": "BCR-P", "title": "Processor BCRs"},
    )

    assert response.status_code == 302
    application = BCRApplication.objects.get(kind="BCR-P")
    assert application.checklist.count() == 14


def test_dpo_records_an_internal_event_from_the_application_page(
    client_for: Any, dpo_user: Any, application: BCRApplication
) -> None:
    response = client_for(dpo_user).post(
        reverse("admin:compliance_bcrapplication_add_event", args=[application.pk]),
        {
            "on": "2016-03-01",
            "precision": "month",
            "category": "internal",
            "organisation_kind": "internal",
            "organisation": "Group GDPR office",
            "note": "GDPR office formed",
        },
    )

    assert response.status_code == 302
    event = application.timeline.get()
    assert (event.when, event.organisation_name, event.state_after) == (
        "2016-03",
        "Group GDPR office",
        "drafting",
    )


def test_application_changelist_query_count_does_not_grow_with_rows(
    client_for: Any,
    dpo_user: Any,
    application: BCRApplication,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(dpo_user)
    url = reverse("admin:compliance_bcrapplication_changelist")
    advance(application, "approved", dpo_user)
    bcr.record_annual_update(
        bcr=BindingCorporateRules.objects.get(), sent_on=date(2022, 7, 1), changes="", by=dpo_user
    )
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200

    for n in range(4):
        other = CorporateGroupFactory(name=f"Other {n}")
        more = bcr.start_application(group=other, kind="BCR-P", title=f"P {n}", by=dpo_user)
        advance(more, "lead_response", dpo_user)

    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200


def test_bcr_changelist_query_count_does_not_grow_with_rows(
    client_for: Any,
    dpo_user: Any,
    application: BCRApplication,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(dpo_user)
    advance(application, "approved", dpo_user)
    url = reverse("admin:compliance_bindingcorporaterules_changelist")
    with django_assert_num_queries(14):
        client.get(url)

    for n in range(3):
        other = CorporateGroupFactory(name=f"Other {n}")
        more = bcr.start_application(group=other, kind="BCR-P", title=f"P {n}", by=dpo_user)
        advance(more, "approved", dpo_user)

    with django_assert_num_queries(14):
        client.get(url)


def test_annual_update_dated_in_the_future_is_refused_on_the_form_keeping_the_input(
    client_for: Any, dpo_user: Any, application: BCRApplication
) -> None:
    advance(application, "approved", dpo_user)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client_for(dpo_user).post(
        reverse("admin:compliance_bcrannualupdate_add"),
        {
            "bcr": BindingCorporateRules.objects.get().pk,
            "sent_on": tomorrow.isoformat(),
            "changes": "New members in Asia",
        },
    )

    form = response.context["adminform"].form
    assert response.status_code == 200
    assert form.errors == {
        "sent_on": [
            f"The update cannot have been sent on {tomorrow.isoformat()}: that date is in "
            "the future."
        ]
    }
    assert form["changes"].value() == "New members in Asia"
    assert BCRAnnualUpdate.objects.count() == 0


def _event_data(**changes: str) -> dict[str, str]:
    return {
        "on": "2016-03-01",
        "precision": "day",
        "category": "internal",
        "organisation_kind": "internal",
        "organisation": "Group GDPR office",
        "note": "GDPR office formed",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"on": "9999-12-31"}, "on", "9999-12-31 is in the future; enter the date it happened."),
        ({"on": "0001-01-01"}, "on", "0001-01-01 is before 1900-01-01; check the year."),
        (
            {"on": "05/12/2016"},
            "on",
            "“05/12/2016” can be read as two different dates (day/month or month/day). "
            "Enter the date as YYYY-MM-DD, e.g. 2026-12-05, or use the calendar.",
        ),
        (
            {"organisation": "Group \u202eeciffo"},
            "organisation",
            "Remove the invisible direction control character U+202E: it makes the text "
            "display in a different order from how it is stored.",
        ),
        (
            {"organisation": "Group\r\noffice"},
            "organisation",
            "Enter this on one line (no line breaks).",
        ),
        (
            {"note": "\u200b\u200b"},
            "note",
            "Enter visible text; this is only spaces or invisible characters.",
        ),
    ],
)
def test_timeline_event_with_an_implausible_date_or_unreadable_text_is_refused(
    client_for: Any,
    dpo_user: Any,
    application: BCRApplication,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = client_for(dpo_user).post(
        reverse("admin:compliance_bcrapplication_add_event", args=[application.pk]),
        _event_data(**changes),
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert application.timeline.count() == 0


def test_timeline_event_dated_after_today_is_refused_by_the_service(
    client_for: Any, dpo_user: Any, application: BCRApplication
) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        bcr.record_timeline_event(
            application=application,
            on=tomorrow,
            note="Lead authority replied",
            organisation=bcr.INTERNAL,
            by=dpo_user,
        )

    assert caught.value.message_dict == {"on": ["The date is in the future."]}
    assert application.timeline.count() == 0
