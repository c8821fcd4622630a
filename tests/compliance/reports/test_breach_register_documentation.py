"""The breach register is the documentation of GDPR Art. 33(5): for every breach the facts, its
effects and the remedial action taken, and the decisions with who took them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from compliance.breaches.models import BreachIncident
from compliance.registry.models import CorporateGroup
from compliance.reports import registry
from tests.compliance.reports.breach_setup import AS_OF, GENERATED_AT, PortalBreach, positions
from tests.compliance.reports.conftest import page_texts, squeeze

pytestmark = pytest.mark.django_db


def _text(group: CorporateGroup, lang: str, **period: Any) -> str:
    report = registry.render_report(
        "breach_register",
        obj=group,
        user=None,
        lang=lang,
        as_of=period.pop("as_of", AS_OF),
        generated_at=GENERATED_AT,
        **period,
    )
    return squeeze(" ".join(page_texts(report.content)))


LABELS = {
    "en": (
        "Facts",
        "Effects",
        "Remedial action taken",
        "Decisions",
        "Breach recorded",
        "Assessment done: notify",
    ),
    "de": (
        "Sachverhalt",
        "Auswirkungen",
        "Ergriffene Abhilfemaßnahmen",
        "Entscheidungen",
        "Verletzung erfasst",
        "Bewertung abgeschlossen: melden",
    ),
    "ja": ("事実", "影響", "講じた是正措置", "判断", "漏えい等事案を記録", "評価完了：報告へ"),
}


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_register_documents_facts_effects_remedial_action_and_decisions(
    portal: PortalBreach, lang: str
) -> None:
    facts, effects, remedial, decisions, recorded, assessed = LABELS[lang]

    text = _text(portal.group, lang)

    found = positions(
        text,
        [
            squeeze(f"{facts}: Attackers used leaked passwords to log into customer accounts"),
            squeeze(f"{effects}: Phishing e-mails that quote real orders."),
            squeeze(
                f"{remedial}: Forced password reset of all affected accounts; attacking IPs "
                "blocked. Rate limiting and breached-password screening at login."
            ),
            squeeze(f"{decisions}: 2024-07-01 18:00 JST (09:00 UTC) {recorded} — dpo-user"),
            squeeze(f"2024-07-01 18:00 JST (09:00 UTC) {assessed} — dpo-user"),
        ],
    )
    assert -1 not in found
    assert found == sorted(found)


def test_demo_register_shows_every_breach_with_its_consequences_and_remedial_action() -> None:
    call_command("seed_demo", force=True)
    group = BreachIncident.objects.get(title="Laptop of a sales employee stolen").entity.group

    text = _text(group, "en", as_of=timezone.now().date(), period_start=date(2023, 1, 1))

    empty = [
        i.title
        for i in BreachIncident.objects.all()
        if not i.likely_consequences or not (i.containment and i.remediation)
    ]
    assert empty == []
    for title, effects in DEMO_EFFECTS.items():
        assert squeeze(f"Effects: {effects}") in text, title


DEMO_EFFECTS = {
    "Credential stuffing on the customer portal": "Phishing e-mails quoting real orders; "
    "fraudulent orders from taken-over accounts.",
    "Misconfigured storage bucket at the hosting processor": "Unsolicited e-mail to the "
    "customers; no financial data.",
    "Newsletter sent with recipients in CC": "None beyond the addresses being seen by the other "
    "recipients.",
}
