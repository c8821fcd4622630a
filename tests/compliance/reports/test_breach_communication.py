"""The communication to the data subjects (GDPR Art. 34): its content cites Art. 34(2), a decision
that it is not required names its ground of Art. 34(3), and phases print with their dates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachNotification, NotificationDeadline
from compliance.breaches.reports.formatting import deadline_outcome
from compliance.reports import registry
from tests.compliance.reports.breach_setup import AS_OF, AWARE, GENERATED_AT, NOW, PortalBreach
from tests.compliance.reports.conftest import page_texts, squeeze
from tests.registers.helpers import export, rows

pytestmark = pytest.mark.django_db

PHASE = "Second letter: the passwords were reset; no payment data was read."


def _art34(portal: PortalBreach) -> NotificationDeadline:
    return portal.incident.deadlines.get(regime="EU_GDPR", kind="data_subject_notification")


def _communication(portal: PortalBreach, dpo: Any) -> BreachNotification:
    with time_machine.travel(NOW, tick=False):
        notification = breaches.start_notification(
            deadline=_art34(portal), by=dpo, summary="Letter to the customers."
        )
        breaches.submit_notification(
            notification=notification, submitted_at=AWARE + timedelta(days=2), by=dpo
        )
        breaches.add_follow_up(
            notification=notification,
            submitted_at=AWARE + timedelta(days=6),
            content=PHASE,
            by=dpo,
        )
    return notification


def _text(notification: BreachNotification, lang: str) -> str:
    report = registry.render_report(
        "breach_notification",
        obj=notification,
        user=None,
        lang=lang,
        as_of=AS_OF,
        generated_at=GENERATED_AT,
    )
    return squeeze(" ".join(page_texts(report.content)))


COMMUNICATION = {
    "en": {
        "citation": "GDPR Art. 34(2): described in clear and plain language, with at least the "
        "information and measures of Art. 33(3)(b) to (d)",
        "nature": "(a) Nature of the personal data breach GDPR Art. 34(2)",
        "contact": "GDPR Art. 34(2) with Art. 33(3)(b) Contact point",
        "consequences": "GDPR Art. 34(2) with Art. 33(3)(c) Likely consequences",
        "measures": "GDPR Art. 34(2) with Art. 33(3)(d) Containment measures",
        "phases": f"Follow-up information Phase Submitted at Information provided Recorded by "
        f"2 2024-06-16 17:00 JST (08:00 UTC) {PHASE} dpo-user",
    },
    "de": {
        "citation": "Art. 34 Abs. 2 DSGVO: in klarer und einfacher Sprache beschrieben, mit "
        "mindestens den Informationen und Maßnahmen nach Art. 33 Abs. 3 lit. b bis d",
        "nature": "(a) Art der Verletzung des Schutzes personenbezogener Daten "
        "Art. 34 Abs. 2 DSGVO",
        "contact": "Art. 34 Abs. 2 i. V. m. Art. 33 Abs. 3 lit. b DSGVO Anlaufstelle",
        "consequences": "Art. 34 Abs. 2 i. V. m. Art. 33 Abs. 3 lit. c DSGVO "
        "Wahrscheinliche Folgen",
        "measures": "Art. 34 Abs. 2 i. V. m. Art. 33 Abs. 3 lit. d DSGVO Eindämmungsmaßnahmen",
        "phases": f"Nachmeldungen Phase Eingereicht am Übermittelte Informationen Erfasst von "
        f"2 2024-06-16 17:00 JST (08:00 UTC) {PHASE} dpo-user",
    },
    "ja": {
        "citation": "GDPR第34条第2項：明確かつ平易な文言で記載し、少なくとも第33条第3項(b)から(d)"
        "までの情報及び措置を含む",
        "nature": "(a) 個人データ侵害の性質 GDPR第34条第2項",
        "contact": "GDPR第34条第2項、第33条第3項(b) 連絡先",
        "consequences": "GDPR第34条第2項、第33条第3項(c) 生じ得る事態",
        "measures": "GDPR第34条第2項、第33条第3項(d) 被害拡大防止のための措置",
        "phases": f"2 2024-06-16 17:00 JST (08:00 UTC) {PHASE} dpo-user",
    },
}


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_data_subject_communication_cites_art_34_2_and_prints_its_phases(
    portal: PortalBreach, dpo_user: Any, lang: str
) -> None:
    labels = COMMUNICATION[lang]

    text = _text(_communication(portal, dpo_user), lang)

    for key, expected in labels.items():
        assert squeeze(expected) in text, key
    # Art. 33(3) and 33(4) are the authority's: the communication cites them only through 34(2).
    for authority_only in ("GDPR Art. 33(3)(a)", "Art. 33 Abs. 4", "第33条第4項", "Art. 33(4)"):
        assert squeeze(authority_only) not in text


def test_authority_notification_still_cites_art_33_3_and_33_4(portal: PortalBreach) -> None:
    text = _text(portal.eu, "en")

    assert squeeze("(a) Nature of the personal data breach GDPR Art. 33(3)(a)") in text
    assert squeeze("Follow-up information GDPR Art. 33(4)") in text
    assert "34(2)" not in text


def test_art_34_communication_is_not_waived_without_a_ground(
    portal: PortalBreach, dpo_user: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        breaches.waive_deadline(deadline=_art34(portal), by=dpo_user, reason="Encrypted laptop.")

    assert refused.value.message_dict == {
        "exemption": [
            "Choose the ground of GDPR Art. 34(3) on which the communication to the data "
            "subjects is not required."
        ]
    }
    assert _art34(portal).status == "open"


def test_art_34_ground_is_refused_for_another_obligation(
    portal: PortalBreach, dpo_user: Any
) -> None:
    deadline = portal.incident.deadlines.get(regime="JP_APPI", kind="data_subject_notification")

    with pytest.raises(ValidationError) as refused:
        breaches.waive_deadline(deadline=deadline, by=dpo_user, reason="x", exemption="a")

    assert list(refused.value.message_dict) == ["exemption"]
    deadline.refresh_from_db()
    assert (deadline.status, deadline.exemption) == ("open", "")


OUTCOME = {
    "en": "decided not required by dpo-user on 2024-07-01 18:00 JST (09:00 UTC): GDPR Art. "
    "34(3)(c): it would involve disproportionate effort: a public communication or similar "
    "measure informs the data subjects instead, in an equally effective manner — Notice on the "
    "shop's home page from 1 July.",
    "de": "als nicht erforderlich entschieden von dpo-user am 2024-07-01 18:00 JST (09:00 UTC): "
    "Art. 34 Abs. 3 lit. c DSGVO: sie wäre mit einem unverhältnismäßigen Aufwand verbunden: "
    "stattdessen werden die betroffenen Personen durch eine öffentliche Bekanntmachung oder eine "
    "ähnliche Maßnahme vergleichbar wirksam informiert — Notice on the shop's home page from "
    "1 July.",
    "ja": "不要と判断（判断者：dpo-user、2024-07-01 18:00 JST (09:00 UTC)）：GDPR第34条第3項(c)："
    "過大な労力を要するため、代わりに公表その他これに類する措置により、データ主体に同等に効果的な方法で"
    "知らせる — Notice on the shop's home page from 1 July.",
}


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_waived_art_34_communication_prints_its_ground_with_the_basis(
    portal: PortalBreach, dpo_user: Any, lang: str
) -> None:
    with time_machine.travel(NOW, tick=False):
        deadline = breaches.waive_deadline(
            deadline=_art34(portal),
            by=dpo_user,
            reason="Notice on the shop's home page from 1 July.",
            exemption="c",
        )

    with translation.override(lang):
        outcome = deadline_outcome(deadline, "Asia/Tokyo")

    assert deadline.exemption == "c"
    assert outcome == OUTCOME[lang]


def test_waiver_page_offers_the_art_34_3_grounds_and_records_the_chosen_one(
    portal: PortalBreach, client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)
    url = reverse("admin:compliance_notificationdeadline_waive", args=[_art34(portal).pk])

    page = client.get(url)
    missing = client.post(url, {"reason": "Data was encrypted at rest."})
    chosen = client.post(url, {"reason": "Data was encrypted at rest.", "exemption": "a"})
    breach_page = client.get(
        reverse("admin:compliance_breachincident_change", args=[portal.incident.pk])
    )

    form = page.context["form"]
    assert [value for value, _label in form.fields["exemption"].choices] == ["a", "b", "c"]
    assert missing.status_code == 200
    assert missing.context["form"].errors["exemption"] == ["This field is required."]
    assert chosen.status_code == 302
    deadline = _art34(portal)
    assert (deadline.status, deadline.exemption) == ("waived", "a")
    assert (
        "GDPR Art. 34(3)(a): the data is unintelligible to anyone not authorised to access it, "
        "such as by encryption" in breach_page.content.decode()
    )


def test_waiver_page_of_another_obligation_offers_no_art_34_grounds(
    portal: PortalBreach, client_for: Any, dpo_user: Any
) -> None:
    deadline = portal.incident.deadlines.get(regime="JP_APPI", kind="data_subject_notification")
    url = reverse("admin:compliance_notificationdeadline_waive", args=[deadline.pk])

    page = client_for(dpo_user).get(url)

    assert list(page.context["form"].fields) == ["reason"]


def test_spreadsheets_carry_the_art_34_3_ground_with_the_reason(
    portal: PortalBreach, dpo_user: Any
) -> None:
    breaches.waive_deadline(
        deadline=_art34(portal), by=dpo_user, reason="Tokens were hashed.", exemption="a"
    )
    ground = (
        "GDPR Art. 34(3)(a): the data is unintelligible to anyone not authorised to access it, "
        "such as by encryption — Tokens were hashed."
    )

    deadlines = rows(export("deadlines", group_id=portal.group.pk, fmt="csv"), "csv")
    breaches_table = rows(export("breaches", group_id=portal.group.pk, fmt="csv"), "csv")

    waived = [r for r in deadlines if r["reason of the decision"] == ground]
    assert [(r["regime"], r["obligation"]) for r in waived] == [
        ("EU GDPR", "notification to data subjects")
    ]
    assert (
        f"EU GDPR: notification to data subjects: decided not required — {ground} (dpo-user)"
        in breaches_table[0]["decisions on notification"].split("\n")
    )
