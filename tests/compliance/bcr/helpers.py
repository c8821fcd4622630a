"""Walking an application through the procedure in tests, with dates that make sense."""

from __future__ import annotations

from datetime import date
from typing import Any

from compliance.bcr import services as bcr
from compliance.bcr.models import BCRApplication
from compliance.registry.models import SupervisoryAuthority

# The shortest road to approval, with LDI NRW as lead from the start.
PATH: tuple[tuple[str, date, dict[str, Any]], ...] = (
    ("request_lead", date(2021, 1, 4), {"lead": "de_nw_ldi"}),
    ("accept_lead", date(2021, 1, 11), {}),
    ("start_co_review", date(2021, 2, 1), {"co_reviewers": ["nl_ap"]}),
    ("start_concerned_review", date(2021, 3, 1), {}),
    ("submit_to_edpb", date(2021, 6, 28), {"file_complete_on": date(2021, 6, 28)}),
    ("record_plenary", date(2021, 7, 28), {}),
    ("record_opinion", date(2021, 8, 2), {"reference": "Opinion 1/2021"}),
    ("approve", date(2021, 8, 5), {"reference": "LDI-1"}),
)

# The same road under the ICO, approved during the Brexit transition period.
ICO_PATH: tuple[tuple[str, date, dict[str, Any]], ...] = (
    ("request_lead", date(2018, 6, 1), {"lead": "gb_ico"}),
    ("accept_lead", date(2018, 7, 2), {}),
    ("start_co_review", date(2018, 9, 3), {"co_reviewers": ["de_nw_ldi", "nl_ap"]}),
    ("start_concerned_review", date(2019, 1, 7), {}),
    ("submit_to_edpb", date(2019, 6, 3), {"file_complete_on": date(2019, 6, 3)}),
    ("record_plenary", date(2019, 7, 9), {}),
    ("record_opinion", date(2019, 7, 15), {}),
    ("approve", date(2019, 7, 22), {"reference": "ICO-1"}),
)


def resolve(params: dict[str, Any]) -> dict[str, Any]:
    resolved = dict(params)
    if "lead" in params:
        resolved["lead"] = SupervisoryAuthority.objects.get(key=params["lead"])
    if "co_reviewers" in params:
        resolved["co_reviewers"] = list(
            SupervisoryAuthority.objects.filter(key__in=params["co_reviewers"])
        )
    return resolved


def complete_checklist(application: BCRApplication, by: Any, *, keep_open: str = "") -> None:
    for item in application.checklist.exclude(letter__in=list(keep_open)):
        bcr.update_checklist_item(item=item, status="done", evidence=f"§ {item.letter}", by=by)


def advance(
    application: BCRApplication,
    to_state: str,
    by: Any,
    path: tuple[tuple[str, date, dict[str, Any]], ...] = PATH,
) -> BCRApplication:
    """Take the steps of ``path`` until the application is in ``to_state``."""
    for name, on, params in path:
        if application.state == to_state:
            break
        if name == "submit_to_edpb":
            complete_checklist(application, by)
        bcr.transition_application(
            application=application, name=name, on=on, by=by, **resolve(params)
        )
    assert application.state == to_state
    return application


def application_in(application: BCRApplication, state: str, by: Any) -> BCRApplication:
    """Any state, including the branches off the main road."""
    if state == "withdrawn":
        bcr.transition_application(
            application=application, name="withdraw", on=date(2021, 1, 4), by=by, reason="x"
        )
        return application
    if state == "edpb_dispute":
        advance(application, "lead_response", by)
        bcr.transition_application(
            application=application, name="refer_to_dispute", on=date(2021, 8, 10), by=by
        )
        return application
    return advance(application, state, by)
