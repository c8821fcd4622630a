"""Demo and scale breaches: every regime, walked through the real workflow (idempotent)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from compliance import legal_text
from compliance.breaches import services as breaches
from compliance.breaches.choices import DeadlineStatus
from compliance.breaches.models import BreachIncident, BreachInvolvement, NotificationDeadline
from compliance.registry.models import CorporateGroup, GroupEntity
from compliance.rules.breach import BreachFacts, breach_obligations


def _entity(group: CorporateGroup, short_name: str) -> GroupEntity:
    return GroupEntity.objects.get(group=group, short_name=short_name)


def _demo_breaches(now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "entity": "EIG Tokyo",
            "countries": ["JP", "DE", "FR", "NL", "GB"],
            "title": "Credential stuffing on the customer portal",
            "description": "Attackers used leaked passwords to log into 12,400 customer accounts "
            "and read names, addresses and order histories.",
            "occurred_at": datetime(2024, 6, 8, 22, 0, tzinfo=UTC),
            "aware_at": datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
            "aware_time_zone": "Asia/Tokyo",
            "cause": "cyber_attack",
            "subject_count": 12400,
            "record_count": 12400,
            "data_categories": "name, postal address, e-mail, order history",
            "subject_categories": "customers",
            "wrongful_purpose": True,
            "risk": "high",
            "risk_reasoning": "Identity and order data usable for phishing.",
            "likely_consequences": "Phishing e-mails quoting real orders; fraudulent orders "
            "from taken-over accounts.",
            "containment": "Passwords of the 12,400 accounts reset; the attacking IP ranges "
            "blocked at the web application firewall.",
            "remediation": "Rate limiting and breached-password screening at login; two-factor "
            "authentication offered to every customer.",
            "contact_point": "Group DPO, dpo@example.com",
            "discovery": "The security operations centre saw a surge of logins from a few "
            "hundred addresses on 10 June and blocked them.",
            "entrustment": "none: the portal is run by EIG Tokyo itself",
            "cause_detail": "Passwords leaked from other services were tried against the "
            "portal's login, which had no rate limiting.",
            "announced_on": date(2024, 6, 12),
            "announcement_where": "https://shop.example.jp/notice/2024-06-12",
            "announcement_text": "Notice of unauthorised access to customer accounts and the "
            "password reset of the accounts concerned.",
            # The shop sells to customers in the EU and the UK: assessed (GDPR Art. 3(2)).
            "involved": [("EIG Tokyo", "controller", ("EU_GDPR", "UK_GDPR"), None, "")],
            "script": [
                ("EU_GDPR", "authority_notification", timedelta(hours=30), ""),
                (
                    "UK_GDPR",
                    "authority_notification",
                    timedelta(hours=80),
                    "Scope in the UK confirmed only after log analysis on day 3.",
                ),
                ("JP_APPI", "preliminary_report", timedelta(days=2), ""),
                ("EU_GDPR", "data_subject_notification", timedelta(days=3), ""),
                ("UK_GDPR", "data_subject_notification", timedelta(days=3), ""),
                ("JP_APPI", "data_subject_notification", timedelta(days=3), ""),
                ("JP_APPI", "final_report", timedelta(days=40), ""),
            ],
            "final_state": "monitoring",
        },
        {
            "entity": "EIG US",
            "countries": ["DE"],
            "role": "processor",
            "title": "Misconfigured storage bucket at the hosting processor",
            "description": "Backup files of the German shop were publicly readable for 6 hours.",
            "aware_at": datetime(2023, 11, 6, 15, 30, tzinfo=UTC),
            "aware_time_zone": "America/Los_Angeles",
            "cause": "system_failure",
            "subject_count": 800,
            "risk": "risk",
            "risk_reasoning": "Contact data only; access logs show 2 downloads.",
            "data_categories": "name, e-mail address, postal address",
            "subject_categories": "customers of the German shop",
            "likely_consequences": "Unsolicited e-mail to the customers; no financial data.",
            "containment": "Bucket made private; the two downloading addresses reported.",
            "remediation": "Storage policies checked by the deployment pipeline.",
            "discovery": "A security researcher reported the open bucket.",
            "entrustment": "EIG US hosts the German shop's backups for EIG Düsseldorf",
            "cause_detail": "A deployment script set the backup bucket to public read.",
            "script": [("EU_GDPR", "controller_notification", timedelta(hours=9), "")],
            "final_state": "closed",
        },
        {
            "entity": "EIG Amsterdam",
            "countries": ["NL"],
            "title": "Newsletter sent with recipients in CC",
            "description": "A newsletter to 40 business contacts showed all addresses in CC.",
            "aware_at": datetime(2025, 3, 3, 9, 15, tzinfo=UTC),
            "aware_time_zone": "Europe/Amsterdam",
            "cause": "human_error",
            "subject_count": 40,
            "risk": "unlikely",
            "risk_reasoning": "Business e-mail addresses already public on company websites.",
            "data_categories": "business e-mail address",
            "subject_categories": "business contacts",
            "likely_consequences": "None beyond the addresses being seen by the other recipients.",
            "containment": "Recipients asked to delete the e-mail.",
            "remediation": "Newsletters sent only through the mailing tool, which hides "
            "recipients.",
            "discovery": "A recipient replied to all, pointing out the open list.",
            "cause_detail": "The addresses were typed into CC instead of BCC.",
            "script": [],
            "final_state": "closed",
        },
        {
            # One breach, two entities (domain brief §8.2): the Tokyo HR platform holds the
            # Düsseldorf hub's staff data (Düsseldorf is controller: Art. 33 to LDI NRW within
            # 72 hours) and Tokyo's own (Tokyo owes the PPC its reports); Tokyo received
            # Düsseldorf's data under the BCRs and tells Düsseldorf first.
            "entity": "EIG Tokyo",
            "countries": ["JP", "DE"],
            "title": "Ransomware on the group HR platform in Tokyo",
            "description": "The HR platform run by EIG Tokyo was encrypted and staff records "
            "were copied out: the records of the Düsseldorf hub's staff and of Tokyo's own.",
            "occurred_at": now - timedelta(hours=40),
            "aware_at": now - timedelta(hours=30),
            "aware_time_zone": "Asia/Tokyo",
            "cause": "cyber_attack",
            "subject_count": 2300,
            "record_count": 2300,
            "data_categories": "name, address, salary, bank account, sick-leave records",
            "subject_categories": "employees",
            "special_category": True,
            "appi_special_care": True,
            "financial_data": True,
            "wrongful_purpose": True,
            "risk": "high",
            "risk_reasoning": "Salary, bank and health data of staff; the attackers threaten "
            "to publish it.",
            "likely_consequences": "Publication of salaries and sick-leave records; fraud "
            "with the bank account numbers.",
            "containment": "Platform taken offline and restored from offline backups; the "
            "staff told to watch their bank accounts.",
            "remediation": "Network segmentation of the HR platform; endpoint detection on "
            "every server.",
            "discovery": "Staff found the HR platform's files encrypted with a ransom note.",
            "entrustment": "EIG Tokyo runs the platform for EIG Düsseldorf under the BCRs",
            "cause_detail": "An unpatched VPN gateway let the attackers in; they moved to the "
            "HR platform with a stolen administrator password.",
            "contact_point": "Group DPO, dpo@example.com",
            "involved": [
                # Tokyo's own staff; no other law reaches Tokyo from outside (assessed).
                ("EIG Tokyo", "controller", (), "EIG Düsseldorf", "bcr"),
                # Düsseldorf's staff; the APPI does not reach Düsseldorf (assessed).
                ("EIG Düsseldorf", "controller", (), None, ""),
            ],
            "script": [("EU_GDPR", "group_notification", timedelta(hours=5), "")],
        },
        {
            # One intrusion, four regimes' clocks at once (domain brief §8.5): the Düsseldorf
            # hub runs the group's customer sign-in service and is an essential entity under
            # NIS2 (Art. 23: early warning, notification, final report to the BSI) and the
            # controller for its European customers (GDPR Art. 33 to LDI NRW); Seoul's and
            # São Paulo's customers sign in through it too (PIPA 72 hours to the PIPC and the
            # customers; LGPD 3 business days to the ANPD and the customers).
            "entity": "EIG Düsseldorf",
            "countries": ["DE", "KR", "BR"],
            "title": "Intrusion into the group's customer sign-in service",
            "description": "Attackers exploited a flaw in the sign-in service run by the "
            "Düsseldorf hub and copied account records of customers in Germany, Korea and "
            "Brazil; the service was down for nine hours.",
            "occurred_at": now - timedelta(hours=16),
            "aware_at": now - timedelta(hours=10),
            "aware_time_zone": "Europe/Berlin",
            "cause": "cyber_attack",
            "subject_count": 48000,
            "record_count": 48000,
            "data_categories": "name, e-mail, password hashes, resident registration numbers "
            "(Korea), CPF numbers (Brazil)",
            "subject_categories": "customers",
            "authentication_data": True,
            "unique_identifiers": True,
            "wrongful_purpose": True,
            "nis2_entity": True,
            "significant_incident": True,
            "risk": "high",
            "risk_reasoning": "Credentials and national identification numbers usable for "
            "account takeover and identity fraud; the attackers are unknown.",
            "contact_point": "Group DPO, dpo@example.com",
            "likely_consequences": "Account takeover with the copied password hashes; identity "
            "fraud with the Korean and Brazilian identification numbers; phishing quoting real "
            "accounts.",
            "containment": "Flaw patched and the service restored; every session revoked and the "
            "passwords of the 48,000 accounts reset.",
            "remediation": "Dependency scanning in the deployment pipeline; identification numbers "
            "stored encrypted and shown masked.",
            # The items of the PIPA notice (Art. 34(1) item 3), the ANPD communication
            # (Res. 15/2024 Art. 6, XII) and the NIS2 notification (Art. 23(4)(b)).
            "recommended_steps": "Change your password for the group's services and for any "
            "other service where you used the same one; ignore messages that ask for your "
            "resident registration or CPF number.",
            "processing_subject_count": 1_250_000,
            "indicators_of_compromise": "Requests from 203.0.113.45 and 198.51.100.23 to "
            "/signin/api/v2/export; web shell /srv/signin/static/health.jsp.",
            "involved": [
                # Each entity's own customers; no regime reaches it from outside (assessed).
                ("EIG Düsseldorf", "controller", (), None, ""),
                ("EIG Seoul", "controller", (), None, ""),
                ("EIG São Paulo", "controller", (), None, ""),
            ],
            # Every clock still runs; the NIS2 final report's month starts when the incident
            # notification is recorded as submitted.
            "script": [],
        },
        {
            "entity": "EIG Düsseldorf",
            "countries": ["DE"],
            "title": "Laptop of a sales employee stolen",
            "description": "An unencrypted laptop with a customer export was stolen from a car.",
            "aware_at": now - timedelta(hours=20),
            "aware_time_zone": "Europe/Berlin",
            "cause": "lost_device",
            "subject_count": 350,
            "data_categories": "name, company, e-mail address, purchase volumes",
            "subject_categories": "business customers",
            "likely_consequences": "Customer list usable by a competitor; phishing.",
            "containment": "Laptop account locked and remotely wiped at next connection.",
            "remediation": "Disk encryption enforced on every laptop.",
            "discovery": "The employee reported the theft the next morning.",
            "cause_detail": "The laptop was left in a parked car; its disk was not encrypted.",
            "script": [],
        },
    ]


@transaction.atomic
def seed_demo_breaches(group: CorporateGroup) -> None:
    dpo = get_user_model().objects.filter(username="dpo").first()
    now = timezone.now()
    for spec in _demo_breaches(now):
        spec = dict(spec)
        entity = _entity(group, spec.pop("entity"))
        if BreachIncident.objects.filter(entity=entity, title=spec["title"]).exists():
            continue
        countries, script = spec.pop("countries"), spec.pop("script")
        final_state = spec.pop("final_state", "")
        involved = [
            breaches.Involvement(
                entity=_entity(group, name),
                role=role,
                targeted_regimes=None if targeted is None else frozenset(targeted),
                exporter=_entity(group, exporter) if exporter else None,
                transfer_tool=tool,
            )
            for name, role, targeted, exporter, tool in spec.pop("involved", [])
        ]
        incident = breaches.record_breach(
            entity=entity,
            by=dpo,
            affected_countries=countries,
            owner=dpo,
            involved=involved,
            **spec,
        )
        if not incident.risk:
            breaches.transition_incident(incident=incident, name="start_assessment", by=dpo)
            continue
        for name in ("start_assessment", "complete_assessment"):
            breaches.transition_incident(incident=incident, name=name, by=dpo)
        for regime, kind, after, reasons in script:
            # every recipient of the obligation (e.g. each EU authority) is notified
            for deadline in incident.deadlines.filter(regime=regime, kind=kind):
                notification = breaches.start_notification(
                    deadline=deadline,
                    by=dpo,
                    summary=f"{incident.title}: {incident.description}",
                )
                breaches.submit_notification(
                    notification=notification,
                    submitted_at=incident.aware_at + after,
                    by=dpo,
                    late_reasons=reasons,
                )
        steps = {"monitoring": ["start_monitoring"], "closed": ["start_monitoring", "close"]}
        for name in steps.get(final_state, []):
            breaches.transition_incident(incident=incident, name=name, by=dpo)


def seed_scale_breaches(group: CorporateGroup, options: dict[str, Any]) -> None:
    """``options["breaches"]`` synthetic breaches with their deadlines, bulk inserted."""
    count = int(options.get("breaches") or 0)
    existing = BreachIncident.objects.filter(entity__group=group).count()
    if count <= existing:
        return
    rng = random.Random(options.get("seed", 1))
    entities = list(group.entities.all())
    countries = ["DE", "FR", "NL", "GB", "JP", "IE", "ES", "IT"]
    start = datetime(2022, 1, 1, tzinfo=UTC)
    span = int((timezone.now() - start).total_seconds())
    for first in range(existing, count, 1000):
        batch = []
        for n in range(first, min(first + 1000, count)):
            entity = rng.choice(entities)
            batch.append(
                BreachIncident(
                    entity=entity,
                    title=f"Synthetic breach {n}",
                    description="synthetic",
                    aware_at=start + timedelta(seconds=rng.randrange(span)),
                    aware_time_zone=entity.time_zone,
                    cause="other",
                    subject_count=rng.choice([None, 10, 500, 1001, 20000]),
                    wrongful_purpose=rng.random() < 0.3,
                )
            )
        created = BreachIncident.objects.bulk_create(batch)
        _bulk_deadlines(created, {e.pk: e for e in entities}, rng, countries)


def _bulk_deadlines(
    incidents: list[BreachIncident],
    entities: dict[int, GroupEntity],
    rng: random.Random,
    countries: list[str],
) -> None:
    through = BreachIncident.affected_countries.through
    links, rows, involved = [], [], []
    for incident in incidents:
        entity = entities[incident.entity_id]
        involved.append(BreachInvolvement(incident=incident, entity=entity, role=incident.role))
        affected = frozenset(rng.sample(countries, 2))
        links += [through(breachincident_id=incident.pk, country_id=c) for c in affected]
        facts = BreachFacts(
            aware_at=incident.aware_at,
            entity_country=entity.country_id,
            affected_countries=affected,
            subject_count=incident.subject_count,
            wrongful_purpose=incident.wrongful_purpose,
        )
        for ob in breach_obligations(facts):
            for country in ob.recipients or ("",):
                rows.append(
                    NotificationDeadline(
                        incident=incident,
                        entity=entity,
                        regime=ob.regime,
                        kind=ob.kind,
                        recipient_key=country,
                        recipient_country_id=country or None,
                        required=ob.required,
                        due_at=ob.due_at,
                        basis=ob.basis,
                        basis_parts=legal_text.to_json(ob.basis),
                        deadline_source=ob.deadline_source or "",
                        assumed=ob.assumed,
                        status=DeadlineStatus.OPEN if ob.required else DeadlineStatus.NOT_REQUIRED,
                    )
                )
    through.objects.bulk_create(links)
    BreachInvolvement.objects.bulk_create(involved, batch_size=2000)
    NotificationDeadline.objects.bulk_create(rows, batch_size=2000)
    breaches.store_next_due_in_bulk(
        incidents=BreachIncident.objects.filter(pk__in=[i.pk for i in incidents])
    )
