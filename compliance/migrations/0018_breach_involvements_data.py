"""Existing breaches get their reporting entity as their one involved entity (domain brief §8.2).

- One ``BreachInvolvement`` per breach: the reporting entity, with the breach's role, its reach
  from outside not assessed (``targeted_regimes`` NULL: the v1 result, marked assumed).
- Every deadline row (and its history) is owed by the reporting entity.
- ``deadline_source`` of the rows with a due instant: v1 stored only the EU GDPR, UK GDPR and APPI
  kinds, whose sources are fixed (a frozen copy, not the engine of the day); ``assumed`` as the
  breach engine says for the breach's current facts, where it still returns the obligation.

Nothing else changes: no due instant, status, lateness or basis is touched; a breach's next
deadline therefore stays what it was.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery

# (regime, kind) -> where v1's due instant came from (domain brief §8.1).
V1_SOURCES = {
    ("EU_GDPR", "authority_notification"): "statute",
    ("UK_GDPR", "authority_notification"): "statute",
    ("JP_APPI", "preliminary_report"): "guideline",
    ("JP_APPI", "final_report"): "statute",
    ("JP_APPI", "controller_notification"): "internal",
}


def _assumed_keys(incident):
    """The (regime, kind, recipient) the engine marks assumed for the breach as recorded."""
    from compliance.rules.breach import BreachFacts, breach_obligations

    try:
        facts = BreachFacts(
            aware_at=incident.aware_at,
            entity_country=incident.entity.country_id,
            role=incident.role,
            affected_countries=frozenset(c.pk for c in incident.affected_countries.all()),
            risk=incident.risk or "risk",
            subject_count=incident.subject_count,
            special_category=incident.special_category,
            property_damage_risk=incident.property_damage_risk,
            wrongful_purpose=incident.wrongful_purpose,
            encrypted=incident.encrypted,
        )
        obligations = breach_obligations(facts)
    except ValueError:
        return set()
    return {
        (ob.regime, ob.kind, country)
        for ob in obligations
        if ob.assumed
        for country in ob.recipients or ("",)
    }


def forwards(apps, schema_editor):
    BreachIncident = apps.get_model("compliance", "BreachIncident")
    BreachInvolvement = apps.get_model("compliance", "BreachInvolvement")
    NotificationDeadline = apps.get_model("compliance", "NotificationDeadline")
    HistoricalNotificationDeadline = apps.get_model("compliance", "HistoricalNotificationDeadline")

    involved = set(BreachInvolvement.objects.values_list("incident_id", "entity_id"))
    BreachInvolvement.objects.bulk_create(
        [
            BreachInvolvement(incident_id=pk, entity_id=entity_id, role=role)
            for pk, entity_id, role in BreachIncident.objects.values_list("pk", "entity_id", "role")
            if (pk, entity_id) not in involved
        ],
        batch_size=2000,
    )
    reporting = BreachIncident.objects.filter(pk=OuterRef("incident_id")).values("entity_id")[:1]
    NotificationDeadline.objects.filter(entity__isnull=True).update(entity_id=Subquery(reporting))
    HistoricalNotificationDeadline.objects.filter(entity__isnull=True).update(
        entity_id=Subquery(reporting)
    )
    for (regime, kind), source in V1_SOURCES.items():
        for model in (NotificationDeadline, HistoricalNotificationDeadline):
            model.objects.filter(
                regime=regime, kind=kind, due_at__isnull=False, deadline_source=""
            ).update(deadline_source=source)

    with_rows = BreachIncident.objects.filter(deadlines__isnull=False).distinct()
    for incident in with_rows.select_related("entity").prefetch_related("affected_countries"):
        keys = _assumed_keys(incident)
        if not keys:
            continue
        ids = [
            pk
            for pk, regime, kind, recipient in NotificationDeadline.objects.filter(
                incident=incident
            ).values_list("pk", "regime", "kind", "recipient_key")
            if (regime, kind, recipient) in keys
        ]
        NotificationDeadline.objects.filter(pk__in=ids).update(assumed=True)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0017_breach_involvements_and_v2_facts"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
