"""Values of breach records as report text, in the language active while a context is built.

The registry builds contexts inside ``translation.override(lang)``, so ``gettext`` and
``number_format`` here come out in the report's language. Instants are printed with their zone
and, where the zone is not UTC, in UTC too: deadlines are computed on UTC instants (GDPR's 72
hours) and authorities read the local time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance import labels
from compliance.breaches.choices import DeadlineStatus, Regime
from compliance.breaches.models import NotificationDeadline
from compliance.breaches.selectors import Correction

NOTHING = "—"
UTC = ZoneInfo("UTC")


def instant(value: datetime | None, zone: str = "UTC") -> str:
    """'2024-06-10 17:00 JST (08:00 UTC)'; '' for no value."""
    if value is None:
        return ""
    utc = value.astimezone(UTC)
    if zone in ("UTC", ""):
        return f"{utc:%Y-%m-%d %H:%M} UTC"
    local = value.astimezone(ZoneInfo(zone))
    same_day = local.date() == utc.date()
    utc_text = f"{utc:%H:%M}" if same_day else f"{utc:%Y-%m-%d %H:%M}"
    return f"{local:%Y-%m-%d %H:%M} {local:%Z} ({utc_text} UTC)"


def utc_instant(value: datetime | None) -> str:
    return f"{value.astimezone(UTC):%Y-%m-%d %H:%M}" if value is not None else ""


def number(value: int | None) -> str:
    return number_format(value, force_grouping=True) if value is not None else ""


def approximately(value: int | None) -> str:
    if value is None:
        return ""
    return gettext("approximately %(count)s") % {"count": number(value)}


def persons(value: int | None) -> str:
    """The approximate number of data subjects ('approximately 12,400 persons')."""
    if value is None:
        return ""
    return gettext("approximately %(count)s persons") % {"count": number(value)}


def records(value: int | None) -> str:
    if value is None:
        return ""
    return gettext("approximately %(count)s records") % {"count": number(value)}


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return gettext("yes") if value else gettext("no")


def lateness(deadline: NotificationDeadline) -> str:
    """Whether it was met late, by where its due instant comes from (domain brief §8.1): "yes"
    only for a missed statutory period (late: the reasons for the delay are owed); "after the
    regulator's yardstick" or "after the internal target" for the others; "no" when met in
    time; "" when not met."""
    if deadline.late is None:
        return ""
    if not deadline.late:
        return gettext("no")
    if deadline.late_in_law:
        return gettext("yes")
    return str(labels.LATENESS.get(deadline.source or "", ""))


def deadline_outcome(deadline: NotificationDeadline, zone: str = "UTC") -> str:
    """What became of an obligation: met (and when, late or not), decided not required (by
    whom, why), or its status."""
    status = str(deadline.get_status_display())
    if deadline.status == DeadlineStatus.MET:
        text = gettext("met at %(when)s") % {"when": instant(deadline.met_at, zone)}
        if not deadline.late:
            return text
        label = gettext("late") if deadline.late_in_law else lateness(deadline)
        return f"{text} — {label}"
    if deadline.status == DeadlineStatus.WAIVED:
        ground = exemption(deadline)
        reason = deadline.decision_reason
        return gettext("%(status)s by %(who)s on %(when)s: %(reason)s") % {
            "status": status,
            "who": person(deadline.decided_by),
            "when": instant(deadline.decided_at, zone) or NOTHING,
            "reason": f"{ground} — {reason}" if ground else reason,
        }
    return status


# The points of GDPR Art. 34(3), translated whole (German and Japanese cite them differently).
ART_34_3 = {"a": _("Art. 34(3)(a)"), "b": _("Art. 34(3)(b)"), "c": _("Art. 34(3)(c)")}


def exemption(deadline: NotificationDeadline) -> str:
    """The ground of GDPR Art. 34(3) on which a communication to the data subjects was decided
    not required, with its citation: 'GDPR Art. 34(3)(a): the data is unintelligible ...';
    '' when none was recorded."""
    if not deadline.exemption:
        return ""
    law = gettext("UK GDPR") if deadline.regime == Regime.UK_GDPR else gettext("GDPR")
    citation = gettext("%(law)s %(article)s") % {
        "law": law,
        "article": ART_34_3[deadline.exemption],
    }
    return gettext("%(citation)s: %(ground)s") % {
        "citation": citation,
        "ground": deadline.get_exemption_display(),
    }


def person(user: object | None) -> str:
    if user is None:
        return ""
    full_name = getattr(user, "get_full_name", lambda: "")()
    return str(full_name or getattr(user, "get_username", lambda: "")())


def day_start(day: date) -> datetime:
    """The first instant of ``day`` in UTC (the register's period is counted in UTC days)."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def day_end(day: date) -> datetime:
    """The first instant after ``day`` in UTC."""
    return day_start(day + timedelta(days=1))


def correction(found: Correction, zone: str = "UTC") -> str:
    """'due changed from X to Y on <date> by <user>: <reason>', with the change of lateness."""
    text = gettext("due changed from %(before)s to %(after)s on %(at)s by %(by)s: %(reason)s") % {
        "before": instant(found.before, zone) or gettext("no fixed instant"),
        "after": instant(found.after, zone) or gettext("no fixed instant"),
        "at": instant(found.at, zone),
        "by": person(found.by) or gettext("the system"),
        "reason": found.reason or NOTHING,
    }
    if found.late_before is not None and found.late_before != found.late_after:
        text += " " + gettext("(late: %(before)s → %(after)s)") % {
            "before": yes_no(found.late_before),
            "after": yes_no(found.late_after),
        }
    return text
