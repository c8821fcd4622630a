"""The transfer register in the admin: columns, filters, scoping, workflow, analysis pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from compliance.reminders.models import Reminder
from compliance.workflow.models import WorkflowEvent
from tests.builders import approved_tia, bcr, recipient, signed_scc, transfer
from transfers import services
from transfers.models import DataTransfer, ExternalRecipient, SCCContract

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:transfers_datatransfer_changelist")


def _change_url(t: DataTransfer) -> str:
    return reverse("admin:transfers_datatransfer_change", args=[t.pk])


def _form_data(t: DataTransfer, **changes: Any) -> dict[str, Any]:
    data = {
        "name": t.name,
        "exporter": t.exporter_id,
        "exporter_role": t.exporter_role,
        "importer": t.importer_id or "",
        "external_recipient": t.external_recipient_id or "",
        "importer_role": t.importer_role,
        "processing_activity": "",
        "data_categories": t.data_categories,
        "purpose": t.purpose,
        "frequency": t.frequency,
        "start_date": t.start_date.isoformat(),
        "end_date": "",
        "continues": t.continues_id or "",
        "derogation": t.derogation,
        "version": t.version,
    }
    data.update(changes)
    return data


@pytest.fixture
def register(entities: dict[str, Any]) -> dict[str, DataTransfer]:
    vendor = recipient("Adwise Media Inc.")
    return {
        "adequate": transfer(entities["DE"], entities["JP"], name="To Tokyo"),
        "blocked": transfer(entities["FR"], vendor, name="To Adwise"),
        "inside": transfer(entities["DE"], entities["FR"], name="To Paris"),
    }


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:transfers_datatransfer_changelist",
        "admin:transfers_scccontract_changelist",
        "admin:transfers_transferimpactassessment_changelist",
        "admin:transfers_externalrecipient_changelist",
        "admin:transfers_processingactivity_changelist",
        "admin:transfers_adequacydecision_changelist",
        "admin:transfers_transferevaluation_changelist",
        "admin:transfers_datatransfer_add",
        "admin:transfers_scccontract_add",
    ],
)
def test_transfers_admin_page_renders_for_dpo(
    client_for: Any, dpo_user: Any, register: Any, url_name: str
) -> None:
    response = client_for(dpo_user).get(reverse(url_name))

    assert response.status_code == 200


def test_register_shows_basis_and_findings_columns(
    client_for: Any, dpo_user: Any, register: Any
) -> None:
    response = client_for(dpo_user).get(CHANGELIST)

    html = response.content.decode()
    assert '<span class="lawful">adequacy</span>' in html
    assert '<span class="finding finding-blocker"' in html
    assert "blocker: no transfer mechanism" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?destination=US", ["To Adwise"]),
        ("?destination=JP", ["To Tokyo"]),
        ("?current_mechanism__exact=adequacy", ["To Tokyo"]),
        ("?current_mechanism__exact=not_a_transfer", ["To Paris"]),
        ("?has_blocker__exact=1", ["To Adwise"]),
        ("?has_blocker__exact=0", ["To Tokyo", "To Paris"]),
        ("?state__exact=requested", ["To Tokyo", "To Adwise", "To Paris"]),
        ("?state__exact=active", []),
    ],
)
def test_register_filters(
    client_for: Any, dpo_user: Any, register: Any, query: str, expected: list[str]
) -> None:
    response = client_for(dpo_user).get(CHANGELIST + query)

    assert [t.name for t in response.context["cl"].result_list] == expected


def test_register_exporter_filter(
    client_for: Any, dpo_user: Any, register: Any, entities: dict[str, Any]
) -> None:
    query = f"?exporter__id__exact={entities['FR'].pk}"

    response = client_for(dpo_user).get(CHANGELIST + query)

    assert [t.name for t in response.context["cl"].result_list] == ["To Adwise"]


def test_register_changelist_query_count_does_not_grow_with_rows(
    client_for: Any, dpo_user: Any, entities: dict[str, Any], django_assert_num_queries: Any
) -> None:
    client = client_for(dpo_user)
    vendor = recipient()
    for i in range(2):
        transfer(entities["DE"], entities["JP"], name=f"a{i}")
        transfer(entities["FR"], vendor, name=f"b{i}")
    client.get(CHANGELIST)  # warm caches (content types, sessions)
    with django_assert_num_queries(15):
        client.get(CHANGELIST)

    for i in range(2, 20):
        transfer(entities["DE"], entities["US"], name=f"a{i}")
        transfer(entities["SG"], vendor, name=f"b{i}")

    with django_assert_num_queries(15):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 40


def test_change_page_shows_the_engines_reasoning(
    client_for: Any, dpo_user: Any, register: Any
) -> None:
    response = client_for(dpo_user).get(_change_url(register["blocked"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Evaluation: basis and reasoning" in html
    assert "No transfer mechanism makes this transfer lawful on 2026-03-02." in html
    assert "Commission Implementing Decision (EU) 2023/1795, Art. 1" in html
    assert 'value="start_review"' in html  # the workflow button


def test_coordinator_register_lists_only_their_entities_transfers(
    client_for: Any, coordinator_user: Any, register: Any, entities: dict[str, Any]
) -> None:
    entities["FR"].coordinators.add(coordinator_user)

    response = client_for(coordinator_user).get(CHANGELIST)

    # Paris exports to Adwise and imports from Berlin: both are in scope.
    assert [t.name for t in response.context["cl"].result_list] == ["To Adwise", "To Paris"]


def test_coordinator_cannot_open_another_entitys_transfer_by_url(
    client_for: Any, coordinator_user: Any, register: Any, entities: dict[str, Any]
) -> None:
    entities["FR"].coordinators.add(coordinator_user)

    response = client_for(coordinator_user).get(_change_url(register["adequate"]))

    assert response.status_code in (302, 403, 404)
    assert b"To Tokyo" not in response.content


def test_coordinator_sees_no_group_analysis_pages(client_for: Any, coordinator_user: Any) -> None:
    client = client_for(coordinator_user)

    assert client.get(reverse("admin:transfers_datatransfer_impact")).status_code == 403
    assert client.get(reverse("admin:transfers_datatransfer_mesh")).status_code == 403


def test_add_transfer_in_admin_goes_through_the_service(
    client_for: Any, dpo_user: Any, entities: dict[str, Any]
) -> None:
    data = _form_data(
        DataTransfer(
            name="New flow",
            exporter=entities["DE"],
            importer=entities["JP"],
            start_date=date(2026, 1, 1),
        )
    )
    data.pop("version")

    response = client_for(dpo_user).post(reverse("admin:transfers_datatransfer_add"), data)

    created = DataTransfer.objects.get(name="New flow")
    assert response.status_code == 302
    assert (created.requested_by, created.current_mechanism) == (dpo_user, "adequacy")
    assert WorkflowEvent.objects.filter(object_id=created.pk, transition="request").exists()


def test_add_transfer_in_admin_exporter_equal_importer_shows_message_saves_nothing(
    client_for: Any, dpo_user: Any, entities: dict[str, Any]
) -> None:
    t = DataTransfer(name="Loop", exporter=entities["DE"], importer=entities["DE"])
    t.start_date = date(2026, 1, 1)
    data = _form_data(t)

    response = client_for(dpo_user).post(reverse("admin:transfers_datatransfer_add"), data)

    assert response.status_code == 200
    assert "Exporter and importer are the same entity (Berlin): nothing is sent." in (
        response.content.decode()
    )
    assert not DataTransfer.objects.filter(name="Loop").exists()


def test_transition_button_in_admin_starts_review(
    client_for: Any, dpo_user: Any, register: Any
) -> None:
    t = register["adequate"]

    response = client_for(dpo_user).post(
        _change_url(t), {**_form_data(t), "_fsm_transition_to": "start_review"}
    )

    assert response.status_code == 302
    assert DataTransfer.objects.get(pk=t.pk).state == "dpo_review"
    assert WorkflowEvent.objects.get(object_id=t.pk, transition="start_review").by == dpo_user


def test_admin_edit_of_active_transfer_sends_it_back_to_review(
    client_for: Any, dpo_user: Any, register: Any
) -> None:
    t = register["adequate"]
    services.transition_transfer(transfer=t, name="start_review", by=None)
    services.transition_transfer(transfer=t, name="send_to_legal", by=None)
    services.approve_transfer(transfer=t, by=None, approving_lawyer="Dr. Weber")
    t.refresh_from_db()

    response = client_for(dpo_user).post(
        _change_url(t), _form_data(t, purpose="now also marketing")
    )

    t.refresh_from_db()
    assert response.status_code == 302
    assert (t.state, t.purpose) == ("dpo_review", "now also marketing")


def test_admin_edit_with_stale_version_is_refused(
    client_for: Any, dpo_user: Any, register: Any
) -> None:
    t = register["adequate"]
    stale = _form_data(t, purpose="mine")
    services.update_transfer(
        transfer=t, by=None, expected_version=t.version, changes={"purpose": "theirs"}
    )

    response = client_for(dpo_user).post(_change_url(t), stale, follow=True)

    assert "after you opened it" in response.content.decode()
    assert DataTransfer.objects.get(pk=t.pk).purpose == "theirs"


def _to_legal(t: DataTransfer) -> None:
    services.transition_transfer(transfer=t, name="start_review", by=None)
    services.transition_transfer(transfer=t, name="send_to_legal", by=None)


def test_approval_form_records_the_lawyer(client_for: Any, dpo_user: Any, register: Any) -> None:
    t = register["adequate"]
    _to_legal(t)
    url = reverse("admin:transfers_datatransfer_transition", args=[t.pk, "approve"])
    client = client_for(dpo_user)

    form_page = client.get(url)
    response = client.post(
        url, {"approving_lawyer": "Dr. Anna Weber", "approved_on": "2026-03-02", "note": ""}
    )

    t.refresh_from_db()
    assert form_page.status_code == 200
    assert "Approving lawyer" in form_page.content.decode()
    assert response.status_code == 302
    assert (t.state, t.legal_approver) == ("active", "Dr. Anna Weber")


def test_approval_form_without_lawyer_is_invalid(
    client_for: Any, dpo_user: Any, register: Any
) -> None:
    t = register["adequate"]
    _to_legal(t)
    url = reverse("admin:transfers_datatransfer_transition", args=[t.pk, "approve"])

    response = client_for(dpo_user).post(url, {"approving_lawyer": "", "approved_on": "2026-03-02"})

    assert response.status_code == 200
    assert DataTransfer.objects.get(pk=t.pk).state == "legal_approval"


def test_approval_in_admin_with_blocker_shows_the_blockers(
    client_for: Any, dpo_user: Any, register: Any
) -> None:
    t = register["blocked"]
    _to_legal(t)
    url = reverse("admin:transfers_datatransfer_transition", args=[t.pk, "approve"])

    response = client_for(dpo_user).post(
        url, {"approving_lawyer": "Dr. Weber", "approved_on": "2026-03-02"}, follow=True
    )

    html = response.content.decode()
    assert "refused." in html
    assert "no_mechanism: No transfer mechanism makes this transfer lawful on 2026-03-02." in html
    assert DataTransfer.objects.get(pk=t.pk).state == "legal_approval"


def test_legal_user_sees_register_but_no_workflow_buttons(
    client_for: Any, legal_user: Any, register: Any
) -> None:
    client = client_for(legal_user)

    changelist = client.get(CHANGELIST)
    change = client.get(_change_url(register["adequate"]))
    add = client.get(reverse("admin:transfers_datatransfer_add"))

    assert changelist.status_code == 200
    assert change.status_code == 200
    assert 'name="_fsm_transition_to"' not in change.content.decode()
    assert add.status_code == 403


def test_reevaluate_action_as_of_a_past_date(client_for: Any, dpo_user: Any, register: Any) -> None:
    client = client_for(dpo_user)
    selected = [register["adequate"].pk, register["inside"].pk]
    data = {"action": "reevaluate_as_of", "_selected_action": selected}

    form_page = client.post(CHANGELIST, data)
    done = client.post(CHANGELIST, {**data, "apply": "1", "as_of": "2018-06-01"})

    adequate = DataTransfer.objects.get(pk=register["adequate"].pk)
    untouched = DataTransfer.objects.get(pk=register["blocked"].pk)
    assert form_page.status_code == 200
    assert "Re-evaluate as of" in form_page.content.decode()
    assert done.status_code == 302
    assert (adequate.latest_evaluation().evaluated_on, adequate.has_blocker) == (
        date(2018, 6, 1),
        True,
    )
    assert untouched.latest_evaluation().evaluated_on == date(2026, 3, 2)


def test_impact_page_renders_results_for_dpo(
    client_for: Any, dpo_user: Any, group: Any, entities: dict[str, Any]
) -> None:
    vendor = recipient("Insight Analytics LLC", dpf_certified_from=date(2023, 9, 1))
    transfer(entities["DE"], vendor, name="Analytics")

    response = client_for(dpo_user).get(
        reverse("admin:transfers_datatransfer_impact"),
        {"group": group.pk, "decision": "eu_us_dpf_2023", "from_date": "2026-03-03"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert [r.transfer.name for r in response.context["rows"]] == ["Analytics"]
    assert "1 transfer would break" in html


def test_impact_page_empty_form_renders_for_legal(client_for: Any, legal_user: Any) -> None:
    response = client_for(legal_user).get(reverse("admin:transfers_datatransfer_impact"))

    assert response.status_code == 200
    assert "rows" not in response.context


def test_mesh_page_renders_figures_for_dpo(
    client_for: Any, dpo_user: Any, group: Any, entities: dict[str, Any]
) -> None:
    bcr(group, {entities["DE"]: date(2021, 8, 5), entities["US"]: date(2021, 8, 5)})
    transfer(entities["DE"], entities["US"], name="HR", importer_role="processor")

    response = client_for(dpo_user).get(
        reverse("admin:transfers_datatransfer_mesh"), {"group": group.pk, "on": "2026-03-02"}
    )

    mesh = response.context["mesh"]
    assert response.status_code == 200
    assert (mesh.entities, mesh.possible_pairs, mesh.contracts_needed) == (6, 30, 1)
    assert mesh.flows_covered_by_bcr == 1
    assert 'id="mesh-modules"' in response.content.decode()


def test_scc_admin_link_with_wrong_module_shows_the_message(
    client_for: Any, dpo_user: Any, entities: dict[str, Any]
) -> None:
    t = transfer(entities["DE"], entities["US"], importer_role="processor")
    contract = signed_scc(entities["DE"], entities["US"], module=1)

    response = client_for(dpo_user).post(
        reverse("admin:transfers_scccontract_link", args=[contract.pk]), {"transfer": t.pk}
    )

    assert response.status_code == 200
    assert "that transfer needs module 2" in response.content.decode()
    assert not contract.transfers.exists()


def test_scc_admin_add_party_and_sign(
    client_for: Any, dpo_user: Any, entities: dict[str, Any]
) -> None:
    client = client_for(dpo_user)
    contract = services.record_scc(reference="SCC-A", scc_version="2021", module=1)
    add_party = reverse("admin:transfers_scccontract_add_party", args=[contract.pk])

    client.post(add_party, {"side": "exporter", "entity": entities["DE"].pk})
    client.post(add_party, {"side": "importer", "entity": entities["US"].pk})
    response = client.post(
        reverse("admin:transfers_scccontract_transition", args=[contract.pk, "sign"]),
        {"signed_on": "2026-03-01"},
    )

    contract = SCCContract.objects.get(pk=contract.pk)
    assert response.status_code == 302
    assert (contract.state, contract.signed_on, contract.parties.count()) == (
        "signed",
        date(2026, 3, 1),
        2,
    )


def test_scc_admin_sign_form_records_the_review_date_and_plans_its_reminders(
    client_for: Any, dpo_user: Any, entities: dict[str, Any]
) -> None:
    client = client_for(dpo_user)
    contract = services.record_scc(reference="SCC-R", scc_version="2021", module=1)
    services.add_scc_party(contract=contract, side="exporter", entity=entities["DE"])
    services.add_scc_party(contract=contract, side="importer", entity=entities["US"])

    response = client.post(
        reverse("admin:transfers_scccontract_transition", args=[contract.pk, "sign"]),
        {"signed_on": "2026-03-01", "next_review_on": "2027-03-01"},
    )

    contract = SCCContract.objects.get(pk=contract.pk)
    thresholds = Reminder.objects.filter(object_id=contract.pk, kind="transfers.scc_review")
    assert response.status_code == 302
    assert contract.next_review_on == date(2027, 3, 1)
    assert sorted(thresholds.values_list("threshold", flat=True)) == [
        "due-0h",
        "due-30d",
        "due-7d",
        "due-90d",
        "overdue-1",
    ]


def test_tia_admin_approval_form_changes_the_evaluation(
    client_for: Any, dpo_user: Any, group: Any, entities: dict[str, Any]
) -> None:
    bcr(group, {entities["DE"]: date(2021, 8, 5), entities["US"]: date(2021, 8, 5)})
    t = transfer(entities["DE"], entities["US"])
    tia = services.record_tia(transfer=t, destination_laws="FISA 702")
    assert DataTransfer.objects.get(pk=t.pk).has_blocker is True

    response = client_for(dpo_user).post(
        reverse("admin:transfers_transferimpactassessment_transition", args=[tia.pk, "approve"]),
        {"approved_on": "2026-03-01", "next_review_on": "2027-03-01"},
    )

    t.refresh_from_db()
    assert response.status_code == 302
    assert (t.has_blocker, t.current_mechanism) == (False, "bcr")


def test_approved_tia_helper_is_consistent(entities: dict[str, Any]) -> None:
    t = transfer(entities["DE"], entities["US"])
    approved_tia(t, date(2026, 3, 1))

    assert t.tias.get().state == "approved"


def test_add_transfer_named_like_another_but_for_case_warns_and_names_it(
    client_for: Any, dpo_user: Any, register: dict[str, DataTransfer], entities: dict[str, Any]
) -> None:
    data = _form_data(
        DataTransfer(
            name="TO TOKYO",
            exporter=entities["DE"],
            importer=entities["JP"],
            start_date=date(2026, 1, 1),
        )
    )
    data.pop("version")

    response = client_for(dpo_user).post(reverse("admin:transfers_datatransfer_add"), data)

    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages if m.level_tag == "warning"]
    assert shown == [
        f"“To Tokyo” ({register['adequate'].reference}) has the same name but for letter case: "
        "if it is the same transfer, record the facts there."
    ]
    assert DataTransfer.objects.filter(name="TO TOKYO").count() == 1


def test_evaluation_regime_choices_are_the_engines_regimes() -> None:
    """The evaluation list filters by regime from the field's choices (no DISTINCT over every
    evaluation): they must be exactly the regimes the engine returns."""
    from typing import get_args

    from transfers.choices import ExportRegime
    from transfers.rules.vocabulary import Regime

    assert tuple(ExportRegime.values) == get_args(Regime)


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (
            "1900-01-01",
            "1900-01-01 is before 1995-10-24 (Directive 95/46/EC): no EU transfer rule existed; "
            "check the year.",
        ),
        # a typing error (2106 for 2026), within the dates any form accepts
        ("2106-01-01", "2106-01-01 is after 2036-03-09; check the year."),
    ],
)
def test_add_transfer_starting_in_an_implausible_year_is_refused_on_the_form(
    client_for: Any, dpo_user: Any, entities: dict[str, Any], start: str, message: str
) -> None:
    t = DataTransfer(name="To Tokyo", exporter=entities["DE"], importer=entities["JP"])
    t.start_date = date(2026, 1, 1)
    data = _form_data(t, start_date=start)
    data.pop("version")

    response = client_for(dpo_user).post(reverse("admin:transfers_datatransfer_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["start_date"] == [message]
    assert not DataTransfer.objects.exists()


@pytest.mark.parametrize("name", ["delete", "no_such_step", "save"])
def test_unknown_transition_name_on_a_transfer_is_404_not_500(
    client_for: Any, dpo_user: Any, register: Any, name: str
) -> None:
    t = register["adequate"]
    client = client_for(dpo_user)
    url = reverse(
        "admin:transfers_datatransfer_transition",
        kwargs={"object_id": t.pk, "transition_name": name},
    )

    assert (client.get(url).status_code, client.post(url).status_code) == (404, 404)
    assert DataTransfer.objects.get(pk=t.pk).state == "requested"


def test_add_recipient_named_like_another_but_for_case_warns_and_names_it(
    client_for: Any, dpo_user: Any, register: dict[str, DataTransfer]
) -> None:
    from tests.compliance.integrity.formdata import page_data

    existing = register["blocked"].external_recipient
    client = client_for(dpo_user)
    url = reverse("admin:transfers_externalrecipient_add")
    data = {**page_data(client.get(url)), "name": "ADWISE MEDIA INC.", "country": "US"}

    response = client.post(url, data)

    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages if m.level_tag == "warning"]
    assert shown == [
        f"“{existing.name}” has the same name but for letter case: if it is the same "
        "recipient, record the facts there."
    ]
    assert ExternalRecipient.objects.filter(name__iexact="adwise media inc.").count() == 2


def test_add_activity_named_like_another_but_for_case_warns_and_names_it(
    client_for: Any, dpo_user: Any, entities: dict[str, Any]
) -> None:
    from tests.compliance.integrity.formdata import page_data
    from transfers.models import ProcessingActivity

    facts = {
        "purposes": "pay",
        "data_categories": "salary",
        "subject_categories": "staff",
        "retention": "10 years",
    }
    services.save_processing_activity(
        activity=ProcessingActivity(controller=entities["DE"], name="Payroll", **facts)
    )
    client = client_for(dpo_user)
    url = reverse("admin:transfers_processingactivity_add")
    data = {
        **page_data(client.get(url)),
        **facts,
        "controller": str(entities["DE"].pk),
        "name": "PAYROLL",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages if m.level_tag == "warning"]
    assert shown == [
        "“Payroll” has the same name but for letter case: if it is the same activity, record "
        "the facts there."
    ]
    assert ProcessingActivity.objects.filter(name__iexact="payroll").count() == 2


@pytest.mark.parametrize("role", ["dpo_user", "coordinator_user"])
def test_change_page_selects_of_the_parties_are_written_as_the_template_writes_them(
    request: pytest.FixtureRequest,
    client_for: Any,
    entities: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    role: str,
) -> None:
    import re

    from django import forms

    from compliance.inputs import PlainSelect

    user = request.getfixturevalue(role)
    entities["DE"].coordinators.add(request.getfixturevalue("coordinator_user"))
    made = transfer(entities["DE"], entities["JP"], name="To <Tokyo>")

    def selects() -> list[str]:
        html = client_for(user).get(_change_url(made)).content.decode()
        return re.findall(r'<select name="(?:exporter|importer)".*?</select>', html, flags=re.S)

    plain = selects()
    monkeypatch.setattr(PlainSelect, "render", forms.Select.render)
    templated = selects()

    assert len(plain) == 2
    assert plain == templated
