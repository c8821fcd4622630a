"""Breach records for the report tests, made through the services as the admin makes them.

The story is the demo's "Credential stuffing on the customer portal" of a Tokyo entity whose
customers live in Japan, Germany, France and the UK: an EU notification on time, a French one
decided not required, a UK one late with its reasons, an APPI preliminary report, a follow-up.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine
from django.urls import reverse
from PIL import Image

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident, BreachNotification, NotificationDeadline
from compliance.registry.models import CorporateGroup, GroupEntity
from tests.builders import example_group

AWARE = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)  # Monday 17:00 JST
NOW = datetime(2024, 7, 1, 9, 0, tzinfo=UTC)
AS_OF = date(2024, 7, 1)
GENERATED_AT = datetime(2024, 7, 1, 9, 30, tzinfo=UTC)

TARGETED = ("EU_GDPR", "UK_GDPR")
LATE_REASONS = "Scope in the UK confirmed only after log analysis on day 3."
WAIVER = "CNIL informed through the lead authority (one-stop shop); no separate notification."
FOLLOW_UP = "Log analysis complete: 12,400 accounts accessed, no payment data."


@dataclass
class PortalBreach:
    group: CorporateGroup
    tokyo: GroupEntity
    duesseldorf: GroupEntity
    incident: BreachIncident
    eu: BreachNotification
    uk: BreachNotification
    appi: BreachNotification
    fr_deadline: NotificationDeadline


def portal_facts(**overrides: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "title": "Credential stuffing on the customer portal",
        "description": "Attackers used leaked passwords to log into customer accounts and read "
        "names, addresses and order histories.",
        "occurred_at": AWARE - timedelta(hours=34),
        "aware_at": AWARE,
        "aware_time_zone": "Asia/Tokyo",
        "cause": "cyber_attack",
        "subject_count": 12400,
        "record_count": 15210,
        "data_categories": "name, postal address, e-mail, order history",
        "subject_categories": "customers of the online shop",
        "wrongful_purpose": True,
        "risk": "high",
        "risk_reasoning": "Identity and order data usable for phishing.",
        "likely_consequences": "Phishing e-mails that quote real orders.",
        "containment": "Forced password reset of all affected accounts; attacking IPs blocked.",
        "remediation": "Rate limiting and breached-password screening at login.",
        "contact_point": "Group DPO, dpo@example.com, +81 3 1234 5678",
        "discovery": "The security team saw a surge of failed logins on 10 June.",
        "cause_detail": "Passwords leaked from other services were tried against the login.",
    }
    facts.update(overrides)
    return facts


def _deadline(incident: BreachIncident, regime: str, kind: str, key: str = "") -> Any:
    qs = incident.deadlines.filter(regime=regime, kind=kind)
    return qs.get(recipient_key=key) if key else qs.get()


def portal_breach(dpo: Any, **overrides: Any) -> PortalBreach:
    group, tokyo, duesseldorf = example_group()
    with time_machine.travel(NOW, tick=False):
        incident = breaches.record_breach(
            entity=tokyo,
            by=dpo,
            affected_countries=["JP", "DE", "FR", "GB"],
            owner=dpo,
            # the portal sells to customers in the EU and the UK: assessed (GDPR Art. 3(2))
            involved=[breaches.Involvement(entity=tokyo, targeted_regimes=frozenset(TARGETED))],
            **portal_facts(**overrides),
        )
        for name in ("start_assessment", "complete_assessment"):
            breaches.transition_incident(incident=incident, name=name, by=dpo)
        eu = _notify(incident, dpo, ("EU_GDPR", "authority_notification", "DE"), hours=30)
        uk = _notify(
            incident, dpo, ("UK_GDPR", "authority_notification", "GB"), hours=80, late=True
        )
        appi = _notify(incident, dpo, ("JP_APPI", "preliminary_report", "JP"), hours=48)
        fr_deadline = breaches.waive_deadline(
            deadline=_deadline(incident, "EU_GDPR", "authority_notification", "FR"),
            by=dpo,
            reason=WAIVER,
        )
        breaches.add_follow_up(
            notification=eu,
            submitted_at=AWARE + timedelta(days=5),
            content=FOLLOW_UP,
            by=dpo,
        )
    return PortalBreach(
        group=group,
        tokyo=tokyo,
        duesseldorf=duesseldorf,
        incident=incident,
        eu=eu,
        uk=uk,
        appi=appi,
        fr_deadline=fr_deadline,
    )


def _notify(
    incident: BreachIncident,
    dpo: Any,
    obligation: tuple[str, str, str],
    *,
    hours: int,
    late: bool = False,
) -> BreachNotification:
    notification = breaches.start_notification(
        deadline=_deadline(incident, *obligation),
        by=dpo,
        summary=f"{incident.title}. Initial notification.",
    )
    breaches.submit_notification(
        notification=notification,
        submitted_at=incident.aware_at + timedelta(hours=hours),
        by=dpo,
        late_reasons=LATE_REASONS if late else "",
    )
    notification.refresh_from_db()
    return notification


def register_url(portal: PortalBreach) -> str:
    """The admin's export page of the breach register of the portal breach's group."""
    return reverse("admin:compliance_breachincident_export_register", args=[portal.group.pk])


def simple_breach(entity: GroupEntity, dpo: Any, *, title: str, aware_at: datetime) -> Any:
    """A breach recorded and left detected: its deadlines open (GDPR 72 hours for a German
    entity)."""
    with time_machine.travel(max(aware_at + timedelta(minutes=1), NOW), tick=False):
        return breaches.record_breach(
            entity=entity,
            by=dpo,
            affected_countries=[entity.country_id],
            **portal_facts(
                title=title,
                aware_at=aware_at,
                occurred_at=None,
                aware_time_zone=entity.time_zone,
                wrongful_purpose=False,
                subject_count=40,
                risk="",
            ),
        )


def page_png(pdf: bytes, tmp_path: Path, page: int) -> Path:
    """Page ``page`` of ``pdf`` rendered to PNG at 50 dpi by poppler's pdftoppm."""
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm is not None, "poppler-utils is a system dependency (make system-deps)"
    subprocess.run(  # noqa: S603 - fixed argv, our own file
        [
            *(pdftoppm, "-r", "50", "-png", "-f", str(page), "-l", str(page), "-singlefile"),
            *(str(source), str(tmp_path / "page")),
        ],
        check=True,
    )
    return tmp_path / "page.png"


def ink(png: Path) -> dict[str, int]:
    """Dark pixels in the header strip, the body and the footer strip of a page."""
    image = Image.open(png).convert("L")
    width, height = image.size
    strip = 48  # 24 mm at 50 dpi: the page margins hold the running header and footer

    def count(top: int, bottom: int) -> int:
        return sum(image.crop((0, top, width, bottom)).histogram()[:160])

    return {
        "header": count(0, strip),
        "body": count(strip, height - strip),
        "footer": count(height - strip, height),
    }


def positions(text: str, needles: list[str]) -> list[int]:
    """Where each of ``needles`` first occurs in ``text`` (-1 when absent)."""
    return [text.find(needle) for needle in needles]
