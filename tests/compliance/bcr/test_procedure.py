"""The BCR approval procedure: each step, each forbidden source, rounds, lead changes, the guards
of Art. 47(2), 64(6) and the co-operation procedure, approval, invalidation and re-run."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from compliance.bcr import services as bcr
from compliance.bcr.models import (
    BCRApplication,
    BCRMember,
    BindingCorporateRules,
    LeadAuthorityChange,
)
from compliance.bcr.models.programme import bcr_covering
from compliance.bcr.services import PARAMS, EditConflict, TransitionRefused
from compliance.registry.models import SupervisoryAuthority
from compliance.workflow.models import WorkflowEvent
from compliance.workflow.services import apply_transition
from tests.compliance.bcr.helpers import (
    ICO_PATH,
    advance,
    application_in,
    complete_checklist,
    resolve,
)

pytestmark = pytest.mark.django_db

LATER = date(2021, 9, 1)  # after every step of the helper paths

STATES = [
    "drafting",
    "lead_requested",
    "lead_review",
    "co_review",
    "concerned_review",
    "submitted_to_edpb",
    "opinion_pending",
    "lead_response",
    "edpb_dispute",
    "approved",
    "withdrawn",
]

ALLOWED = {
    "drafting": {"request_lead", "withdraw"},
    "lead_requested": {"accept_lead", "change_lead", "withdraw"},
    "lead_review": {
        "request_revision",
        "submit_revision",
        "start_co_review",
        "change_lead",
        "withdraw",
    },
    "co_review": {
        "request_revision",
        "submit_revision",
        "start_concerned_review",
        "change_lead",
        "withdraw",
    },
    "concerned_review": {
        "request_revision",
        "submit_revision",
        "submit_to_edpb",
        "change_lead",
        "withdraw",
    },
    "submitted_to_edpb": {
        "confirm_file_complete",
        "extend_opinion_period",
        "record_plenary",
        "change_lead",
        "withdraw",
    },
    "opinion_pending": {"extend_opinion_period", "record_opinion", "change_lead", "withdraw"},
    "lead_response": {
        "record_opinion_receipt",
        "approve",
        "refer_to_dispute",
        "change_lead",
        "withdraw",
    },
    "edpb_dispute": {
        "extend_dispute_period",
        "record_dispute_decision",
        "record_dispute_notification",
        "approve",
        "change_lead",
        "withdraw",
    },
    "approved": {"invalidate", "withdraw"},
    "withdrawn": set(),
}

PARAMS_FOR: dict[str, dict[str, Any]] = {
    "request_lead": {"lead": "fr_cnil"},
    "start_co_review": {"co_reviewers": ["ie_dpc"]},
    "invalidate": {"reason": "invalid"},
    "withdraw": {"reason": "given up"},
    "change_lead": {"lead": "fr_cnil", "reason": "the main establishment moved"},
}


def step(app: BCRApplication, name: str, by: Any, on: date = LATER, **params: Any) -> Any:
    return bcr.transition_application(
        application=app, name=name, on=on, by=by, **resolve({**PARAMS_FOR.get(name, {}), **params})
    )


def test_start_application_creates_the_fourteen_open_checklist_items(
    application: BCRApplication,
) -> None:
    items = list(application.checklist.values_list("letter", "status"))

    assert items == [(letter, "open") for letter in "abcdefghijklmn"]
    assert application.state == "drafting"


def test_allowed_table_covers_every_state_and_step() -> None:
    assert set(ALLOWED) == set(STATES)
    assert set().union(*ALLOWED.values()) == set(PARAMS)


@pytest.mark.parametrize(
    ("name", "source", "target"),
    [
        ("request_lead", "drafting", "lead_requested"),
        ("accept_lead", "lead_requested", "lead_review"),
        ("request_revision", "lead_review", "lead_review"),
        ("request_revision", "co_review", "co_review"),
        ("request_revision", "concerned_review", "concerned_review"),
        ("start_co_review", "lead_review", "co_review"),
        ("start_concerned_review", "co_review", "concerned_review"),
        ("submit_to_edpb", "concerned_review", "submitted_to_edpb"),
        ("extend_opinion_period", "submitted_to_edpb", "submitted_to_edpb"),
        ("extend_opinion_period", "opinion_pending", "opinion_pending"),
        ("record_plenary", "submitted_to_edpb", "opinion_pending"),
        ("record_opinion", "opinion_pending", "lead_response"),
        ("record_opinion_receipt", "lead_response", "lead_response"),
        ("approve", "lead_response", "approved"),
        ("refer_to_dispute", "lead_response", "edpb_dispute"),
        ("extend_dispute_period", "edpb_dispute", "edpb_dispute"),
        ("record_dispute_decision", "edpb_dispute", "edpb_dispute"),
        ("record_dispute_notification", "edpb_dispute", "edpb_dispute"),
        ("invalidate", "approved", "lead_review"),
        ("change_lead", "lead_requested", "lead_requested"),
        ("change_lead", "concerned_review", "concerned_review"),
        ("change_lead", "edpb_dispute", "edpb_dispute"),
        *[("withdraw", s, "withdrawn") for s in STATES if s != "withdrawn"],
    ],
)
def test_step_moves_from_its_source_and_is_recorded(
    application: BCRApplication, dpo_user: Any, name: str, source: str, target: str
) -> None:
    application_in(application, source, dpo_user)
    if name == "submit_to_edpb":
        complete_checklist(application, dpo_user)
    if name in ("approve", "record_dispute_notification") and source == "edpb_dispute":
        step(application, "record_dispute_decision", dpo_user, on=date(2021, 8, 20))

    event = step(application, name, dpo_user)

    assert BCRApplication.objects.get(pk=application.pk).state == target
    assert (event.action, event.state_before, event.state_after, event.on) == (
        name,
        source,
        target,
        LATER,
    )
    last = WorkflowEvent.objects.filter(object_id=application.pk).order_by("pk").last()
    assert (last.transition, last.from_state, last.to_state, last.by) == (
        name,
        source,
        target,
        dpo_user,
    )
    assert event.workflow_event == last


@pytest.mark.parametrize("state", STATES)
def test_every_forbidden_source_is_refused(
    application: BCRApplication, dpo_user: Any, state: str
) -> None:
    application_in(application, state, dpo_user)
    label = BCRApplication.objects.get(pk=application.pk).get_state_display()
    events = application.timeline.count()

    refused = []
    for name in sorted(set(PARAMS) - ALLOWED[state]):
        with pytest.raises(TransitionRefused) as excinfo:
            step(application, name, dpo_user)
        refused.append((name, str(excinfo.value)))

    assert refused == [
        (name, f"Not possible while the BCR application is {label}.")
        for name in sorted(set(PARAMS) - ALLOWED[state])
    ]
    assert BCRApplication.objects.get(pk=application.pk).state == state
    assert application.timeline.count() == events


def test_rounds_repeat_within_a_review_state(application: BCRApplication, dpo_user: Any) -> None:
    advance(application, "lead_review", dpo_user)

    for name, day in (
        ("request_revision", 1),
        ("submit_revision", 2),
        ("request_revision", 3),
        ("submit_revision", 4),
    ):
        step(application, name, dpo_user, on=date(2021, 1, 11 + day))

    rows = list(application.timeline.values_list("action", "round", "state_after"))
    assert rows[-4:] == [
        ("request_revision", 1, "lead_review"),
        ("submit_revision", 2, "lead_review"),
        ("request_revision", 2, "lead_review"),
        ("submit_revision", 3, "lead_review"),
    ]
    assert (application.round, application.awaiting_revision) == (3, False)


def test_rounds_restart_in_the_next_review_state(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "lead_review", dpo_user)
    step(application, "request_revision", dpo_user, on=date(2021, 1, 12))
    step(application, "submit_revision", dpo_user, on=date(2021, 1, 13))

    step(application, "start_co_review", dpo_user, on=date(2021, 1, 20))

    assert (application.state, application.round) == ("co_review", 1)


def test_two_comments_in_one_round_need_one_revision(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "co_review", dpo_user)

    step(application, "request_revision", dpo_user, on=date(2021, 3, 1))
    step(application, "request_revision", dpo_user, on=date(2021, 3, 21))
    step(application, "submit_revision", dpo_user, on=date(2021, 3, 28))

    assert (application.round, application.awaiting_revision) == (2, False)


def test_submit_revision_refused_without_comments(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "lead_review", dpo_user)

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "submit_revision", dpo_user)

    assert (
        str(excinfo.value) == "No comments await a revision in round 1: record the comments first."
    )


def test_leaving_a_review_refused_while_a_revision_is_awaited(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "lead_review", dpo_user)
    step(application, "request_revision", dpo_user, on=date(2021, 1, 12))

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "start_co_review", dpo_user)

    assert str(excinfo.value) == (
        "The reviewers' comments of round 1 await a revised draft: record the revision before "
        "moving on."
    )
    assert application.state == "lead_review"


def test_change_lead_records_both_authorities(
    application: BCRApplication, dpo_user: Any, authorities: dict[str, SupervisoryAuthority]
) -> None:
    advance(application, "concerned_review", dpo_user, path=ICO_PATH)

    event = bcr.change_lead_authority(
        application=application,
        lead=authorities["de_nw_ldi"],
        on=date(2020, 12, 2),
        reason="Brexit: EU headquarters moved to Düsseldorf",
        by=dpo_user,
    )

    change = LeadAuthorityChange.objects.get(application=application)
    assert (change.from_authority.key, change.to_authority.key, change.on, change.reason) == (
        "gb_ico",
        "de_nw_ldi",
        date(2020, 12, 2),
        "Brexit: EU headquarters moved to Düsseldorf",
    )
    application.refresh_from_db()
    assert (application.lead_authority.key, application.state) == ("de_nw_ldi", "concerned_review")
    assert (event.action, event.authority.key) == ("change_lead", "de_nw_ldi")
    leads = list(
        application.history.order_by("history_id").values_list("lead_authority__key", flat=True)
    )
    assert "gb_ico" in leads
    assert leads[0] is None
    assert leads[-1] == "de_nw_ldi"


def test_change_lead_refused_to_the_current_lead(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "lead_review", dpo_user)

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "change_lead", dpo_user, lead="de_nw_ldi")

    assert str(excinfo.value) == "LDI NRW is already the lead authority."


def test_change_lead_refused_without_a_reason(application: BCRApplication, dpo_user: Any) -> None:
    advance(application, "lead_review", dpo_user)

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "change_lead", dpo_user, reason="  ")

    assert str(excinfo.value) == "Give the reason for the change of lead authority."


def test_lead_outside_the_eea_refused_after_the_transition_period(
    application: BCRApplication, dpo_user: Any
) -> None:
    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "request_lead", dpo_user, on=date(2021, 1, 4), lead="gb_ico")

    assert str(excinfo.value) == (
        "ICO is not an authority of the EEA on 2021-01-04: it cannot lead a BCR procedure under "
        "the GDPR (Art. 47(1), 56, 64)."
    )


def test_ico_cannot_submit_to_the_edpb_after_brexit(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "concerned_review", dpo_user, path=ICO_PATH)
    complete_checklist(application, dpo_user)

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "submit_to_edpb", dpo_user, on=date(2021, 2, 1))

    assert str(excinfo.value).startswith("ICO is not an authority of the EEA on 2021-02-01")


def test_co_review_needs_one_or_two_co_reviewers(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "lead_review", dpo_user)
    basis = "(EDPB BCR co-operation procedure (March 2025; formerly WP263 rev.01))"

    refusals = []
    for keys in ([], ["nl_ap", "fr_cnil", "ie_dpc"], ["de_nw_ldi"]):
        with pytest.raises(TransitionRefused) as excinfo:
            step(application, "start_co_review", dpo_user, co_reviewers=keys)
        refusals.append(str(excinfo.value))
    step(application, "start_co_review", dpo_user, co_reviewers=["nl_ap", "fr_cnil"])

    assert refusals == [
        f"Name at least one co-reviewer authority. {basis}",
        f"Name one or two co-reviewer authorities, not 3. {basis}",
        "The lead authority cannot also be a co-reviewer.",
    ]
    assert sorted(application.co_reviewers.values_list("key", flat=True)) == ["fr_cnil", "nl_ap"]


def test_submission_blocked_by_open_checklist_items_lists_them(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "concerned_review", dpo_user)
    complete_checklist(application, dpo_user, keep_open="ck")

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "submit_to_edpb", dpo_user)

    assert str(excinfo.value) == (
        "Art. 47(2) checklist items still open: (c), (k). Record the evidence for each before "
        "submitting to the EDPB. (GDPR Art. 47(2), 64(1)(f))"
    )
    assert application.state == "concerned_review"


def test_checklist_item_done_needs_evidence(application: BCRApplication, dpo_user: Any) -> None:
    item = application.checklist.get(letter="f")

    with pytest.raises(ValidationError) as excinfo:
        bcr.update_checklist_item(item=item, status="done", evidence=" ", by=dpo_user)

    assert excinfo.value.messages[0].startswith("Art. 47(2)(f) is done only with its evidence")
    item.refresh_from_db()
    assert item.status == "open"


def test_approval_impossible_without_an_opinion(application: BCRApplication, dpo_user: Any) -> None:
    advance(application, "lead_response", dpo_user)
    application.opinion_on = None  # as if the opinion had not been recorded

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "approve", dpo_user)

    assert str(excinfo.value) == (
        "No EDPB opinion has been recorded: the lead authority may not approve the BCRs before "
        "the EDPB has given its opinion. (GDPR Art. 64(1)(f), 64(6))"
    )
    assert BindingCorporateRules.objects.count() == 0


def test_approval_without_opinion_refused_by_the_model_itself(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "lead_response", dpo_user)
    application.opinion_on = None

    with pytest.raises(TransitionRefused) as excinfo:
        apply_transition(obj=application, name="approve", by=dpo_user, on=LATER)

    assert str(excinfo.value) == "The conditions for this action are not met."
    assert BCRApplication.objects.get(pk=application.pk).state == "lead_response"


def test_approval_before_the_opinion_is_not_a_state_to_approve_from(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "opinion_pending", dpo_user)

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "approve", dpo_user)

    assert str(excinfo.value) == (
        "Not possible while the BCR application is EDPB plenary held, opinion pending."
    )


def test_approve_creates_the_bcr_and_binds_the_groups_entities_from_that_day(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "approved", dpo_user)

    rules = BindingCorporateRules.objects.get()
    assert (rules.kind, rules.approved_on, rules.lead_authority.key, rules.reference) == (
        "BCR-C",
        date(2021, 8, 5),
        "de_nw_ldi",
        "LDI-1",
    )
    assert application.bcr == rules
    assert sorted(rules.members.values_list("entity__short_name", "joined_on")) == [
        ("Düsseldorf", date(2021, 8, 5)),
        ("Tokyo", date(2021, 8, 5)),
        ("US", date(2021, 8, 5)),
    ]
    assert application.response_on == date(2021, 8, 5)


def test_transfers_between_bound_members_covered_from_approval_and_not_after_leaving(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "approved", dpo_user)
    tokyo = application.group.entities.get(short_name="Tokyo")
    us = application.group.entities.get(short_name="US")
    rules = BindingCorporateRules.objects.get()
    bcr.release_member(member=rules.members.get(entity=us), left_on=date(2022, 3, 31), by=dpo_user)

    assert bcr_covering(tokyo, us, "BCR-C", date(2021, 8, 4)) is None
    assert bcr_covering(tokyo, us, "BCR-C", date(2021, 8, 5)) == rules
    assert bcr_covering(tokyo, us, "BCR-C", date(2022, 3, 31)) == rules
    assert bcr_covering(tokyo, us, "BCR-C", date(2022, 4, 1)) is None
    assert bcr_covering(tokyo, us, "BCR-P", date(2021, 9, 1)) is None


def test_approve_updates_an_existing_row_of_the_same_group_and_kind(
    application: BCRApplication, dpo_user: Any, authorities: dict[str, SupervisoryAuthority]
) -> None:
    existing = BindingCorporateRules.objects.create(
        group=application.group,
        kind="BCR-C",
        title="Seeded by the transfers demo",
        lead_authority=authorities["de_nw_ldi"],
        approved_on=date(2021, 8, 5),
    )
    tokyo = application.group.entities.get(short_name="Tokyo")
    BCRMember.objects.create(bcr=existing, entity=tokyo, joined_on=date(2021, 8, 5))

    advance(application, "approved", dpo_user)

    assert list(BindingCorporateRules.objects.values_list("pk", flat=True)) == [existing.pk]
    assert application.bcr_id == existing.pk
    assert existing.members.count() == 3
    assert existing.members.filter(entity=tokyo).count() == 1


def test_bind_members_twice_binds_once(application: BCRApplication, dpo_user: Any) -> None:
    advance(application, "approved", dpo_user)
    rules = BindingCorporateRules.objects.get()

    assert bcr.bind_members(bcr=rules, on=date(2021, 9, 1), by=dpo_user) == []
    assert rules.members.count() == 3


def test_invalidation_and_re_run_keep_the_old_approval_as_history(
    application: BCRApplication, dpo_user: Any, authorities: dict[str, SupervisoryAuthority]
) -> None:
    advance(application, "approved", dpo_user, path=ICO_PATH)
    ico_rules = BindingCorporateRules.objects.get()

    bcr.invalidate_approval(
        application=application,
        on=date(2021, 1, 1),
        reason="ICO approvals are not valid for the EU after the transition period",
        by=dpo_user,
    )
    after_invalidation = (application.state, application.run, application.round)
    opinion_cleared = (
        application.opinion_on,
        application.file_complete_on,
        application.approved_on,
    )
    ico_rules.refresh_from_db()
    bcr.change_lead_authority(
        application=application,
        lead=authorities["de_nw_ldi"],
        on=date(2021, 1, 4),
        reason="EEA lead after Brexit",
        by=dpo_user,
    )
    rerun = [
        ("start_co_review", date(2021, 2, 1), {"co_reviewers": ["nl_ap"]}),
        ("start_concerned_review", date(2021, 3, 1), {}),
        ("submit_to_edpb", date(2021, 6, 28), {"file_complete_on": date(2021, 6, 28)}),
        ("record_plenary", date(2021, 7, 28), {}),
        ("record_opinion", date(2021, 8, 2), {}),
        ("approve", date(2021, 8, 5), {}),
    ]
    for name, on, params in rerun:
        bcr.transition_application(
            application=application, name=name, on=on, by=dpo_user, **resolve(params)
        )

    assert after_invalidation == ("lead_review", 2, 1)
    assert opinion_cleared == (None, None, None)
    assert (ico_rules.approved_on, ico_rules.invalid_from) == (date(2019, 7, 22), date(2021, 1, 1))
    rows = list(
        BindingCorporateRules.objects.order_by("approved_on").values_list(
            "lead_authority__key", "approved_on", "invalid_from"
        )
    )
    assert rows == [
        ("gb_ico", date(2019, 7, 22), date(2021, 1, 1)),
        ("de_nw_ldi", date(2021, 8, 5), None),
    ]
    tokyo = application.group.entities.get(short_name="Tokyo")
    us = application.group.entities.get(short_name="US")
    assert bcr_covering(tokyo, us, "BCR-C", date(2020, 6, 1)) == ico_rules
    assert bcr_covering(tokyo, us, "BCR-C", date(2021, 3, 1)) is None
    assert bcr_covering(tokyo, us, "BCR-C", date(2021, 8, 5)).lead_authority.key == "de_nw_ldi"


def test_withdrawing_an_approval_ends_the_bcr(application: BCRApplication, dpo_user: Any) -> None:
    advance(application, "approved", dpo_user)

    step(application, "withdraw", dpo_user, on=date(2023, 3, 31))

    assert BindingCorporateRules.objects.get().invalid_from == date(2023, 3, 31)


def test_dispute_branch_approves_only_after_the_binding_decision(
    application: BCRApplication, dpo_user: Any
) -> None:
    application_in(application, "edpb_dispute", dpo_user)

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "approve", dpo_user)
    step(application, "record_dispute_decision", dpo_user, on=date(2021, 9, 8))
    step(application, "approve", dpo_user, on=date(2021, 9, 10))

    assert str(excinfo.value) == (
        "The lead authority did not follow the opinion: record the EDPB's binding decision "
        "before approving. (GDPR Art. 64(8), 65(1), 65(6))"
    )
    assert (application.state, application.response_on, application.approved_on) == (
        "approved",
        date(2021, 8, 10),
        date(2021, 9, 10),
    )


def test_extension_granted_only_once(application: BCRApplication, dpo_user: Any) -> None:
    advance(application, "submitted_to_edpb", dpo_user)
    step(application, "extend_opinion_period", dpo_user, on=date(2021, 7, 1))

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "extend_opinion_period", dpo_user, on=date(2021, 7, 2))

    assert str(excinfo.value) == (
        "The opinion period was already extended; GDPR Art. 64(3) allows one extension."
    )


def test_two_users_transitioning_at_once_cannot_both_succeed(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "lead_requested", dpo_user)
    mine = BCRApplication.objects.get(pk=application.pk)
    theirs = BCRApplication.objects.get(pk=application.pk)

    step(mine, "accept_lead", dpo_user)
    with pytest.raises(EditConflict):
        step(theirs, "accept_lead", dpo_user)

    assert application.timeline.filter(action="accept_lead").count() == 1
    assert BCRApplication.objects.get(pk=application.pk).round == 1


def test_two_users_recording_the_same_round_cannot_both_succeed(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "lead_review", dpo_user)
    step(application, "request_revision", dpo_user, on=date(2021, 1, 12))
    mine = BCRApplication.objects.get(pk=application.pk)
    theirs = BCRApplication.objects.get(pk=application.pk)

    step(mine, "submit_revision", dpo_user, on=date(2021, 1, 13))
    with pytest.raises(EditConflict):
        step(theirs, "submit_revision", dpo_user, on=date(2021, 1, 13))

    assert BCRApplication.objects.get(pk=application.pk).round == 2


def test_step_dated_before_the_last_step_refused(
    application: BCRApplication, dpo_user: Any
) -> None:
    advance(application, "lead_review", dpo_user)

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "start_co_review", dpo_user, on=date(2021, 1, 10))

    assert str(excinfo.value) == (
        "The date 2021-01-10 is before the last step of the procedure (2021-01-11); steps are "
        "recorded in the order they happened."
    )


def test_step_dated_in_the_future_refused(application: BCRApplication, dpo_user: Any) -> None:
    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "request_lead", dpo_user, on=date(2999, 1, 1))

    assert str(excinfo.value) == "The date is in the future."


def test_month_precision_is_stored_as_the_first_of_the_month(
    application: BCRApplication, dpo_user: Any
) -> None:
    event = step(application, "request_lead", dpo_user, on=date(2021, 1, 15), precision="month")

    assert (event.on, event.when) == (date(2021, 1, 1), "2021-01")


@pytest.mark.parametrize("role", ["legal_user", "coordinator_user"])
def test_legal_and_coordinator_cannot_take_a_step(
    application: BCRApplication, request: pytest.FixtureRequest, role: str
) -> None:
    user = request.getfixturevalue(role)

    with pytest.raises(TransitionRefused) as excinfo:
        step(application, "request_lead", user)

    assert str(excinfo.value) == "You do not have permission for this action."
    assert BCRApplication.objects.get(pk=application.pk).state == "drafting"


def test_second_open_application_of_a_kind_refused(
    application: BCRApplication, dpo_user: Any
) -> None:
    with pytest.raises(ValidationError):
        bcr.start_application(group=application.group, kind="BCR-C", title="again", by=dpo_user)


def test_approval_supersedes_an_earlier_approval_still_in_force(
    application: BCRApplication, dpo_user: Any, authorities: dict[str, SupervisoryAuthority]
) -> None:
    earlier = BindingCorporateRules.objects.create(
        group=application.group,
        kind="BCR-C",
        title="BCR-C, first version",
        lead_authority=authorities["de_nw_ldi"],
        approved_on=date(2019, 1, 15),
    )

    advance(application, "approved", dpo_user)

    earlier.refresh_from_db()
    assert earlier.invalid_from == date(2021, 8, 5)
    assert application.bcr != earlier
    assert application.bcr.approved_on == date(2021, 8, 5)
