"""The BCR block of each entity page of the group-status report: which approved BCRs bind the
entity, from when to when, and whether they cover it on the report's date.

A transfer between two members is covered by the BCR only while both are bound and the BCR is
in force (GDPR Art. 46(2)(b), 47(1)(a)): an approval not yet given, an approval that ceased to
be valid (the ICO's after the transition period) or a membership that ended covers nothing. One
query for all the printed entities (``registry.register_entity_section``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance.bcr.models import BCRMember
from compliance.registry.models import GroupEntity
from compliance.reports.registry import Section


def bcr_coverage_sections(
    entities: Sequence[GroupEntity], as_of: date, user: Any
) -> dict[int, Section]:
    memberships = (
        BCRMember.objects.filter(entity__in=[e.pk for e in entities], joined_on__lte=as_of)
        .select_related("bcr", "bcr__lead_authority")
        .order_by("bcr__kind", "joined_on", "pk")
    )
    rows: dict[int, list[list[str]]] = defaultdict(list)
    for member in memberships:
        bcr = member.bcr
        rows[member.entity_id].append(
            [
                f"{bcr.get_kind_display()}: {bcr.title}",
                _approval(bcr.approved_on, bcr.invalid_from, bcr.lead_authority.short_name),
                _period(member.joined_on, member.left_on),
                gettext("yes")
                if bcr.in_force_on(as_of) and member.bound_on(as_of)
                else gettext("no"),
            ]
        )
    headers = [_("BCR"), _("Approval"), _("Bound"), _("Covers the entity on this date")]
    return Section.per_entity(
        entities,
        rows,
        key="bcr-coverage",
        title=_("BCR coverage"),
        headers=headers,
        empty=_("Not bound by any BCR on or before this date."),
        widths=(40, 25, 20, 15),
    )


def _approval(approved_on: date | None, invalid_from: date | None, lead: str) -> str:
    if approved_on is None:
        return gettext("not approved")
    text = gettext("approved %(date)s by %(lead)s") % {
        "date": approved_on.isoformat(),
        "lead": lead,
    }
    if invalid_from is not None:
        text += "; " + gettext("invalid from %(date)s") % {"date": invalid_from.isoformat()}
    return text


def _period(joined_on: date, left_on: date | None) -> str:
    if left_on is None:
        return gettext("from %(date)s") % {"date": joined_on.isoformat()}
    return gettext("%(start)s to %(end)s") % {
        "start": joined_on.isoformat(),
        "end": left_on.isoformat(),
    }
