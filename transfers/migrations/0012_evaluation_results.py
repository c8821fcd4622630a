"""Evaluations share their results (issue 21).

An evaluation's findings and facts move to ``EvaluationResult``, stored once per distinct result
(the facts without the date, which stays the evaluation's); an evaluation refers to its result.
The transfer points at its current result (``current_result``) instead of its newest
evaluation, and no longer copies that evaluation's date: a re-evaluation that finds what the
last one found then rewrites no transfer. The redundant index on the evaluation's transfer
alone goes (``evaluation_latest`` starts with the transfer).
"""

import hashlib
import json
from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

BATCH = 900


def digest_of(lawful, regime, mechanism, findings, facts):
    # The same canonical form as transfers.services.evaluations.result_digest.
    canonical = json.dumps(
        [lawful, regime, mechanism, findings, facts],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def share_results(apps, schema_editor):
    Evaluation = apps.get_model("transfers", "TransferEvaluation")
    Result = apps.get_model("transfers", "EvaluationResult")
    Transfer = apps.get_model("transfers", "DataTransfer")
    evaluations_of = defaultdict(list)
    content = {}
    rows = Evaluation.objects.order_by("pk").values_list(
        "pk", "lawful", "regime", "mechanism", "findings", "facts"
    )
    for pk, lawful, regime, mechanism, findings, facts in rows.iterator(chunk_size=2000):
        facts = {name: value for name, value in (facts or {}).items() if name != "on"}
        findings = findings or []
        digest = digest_of(lawful, regime, mechanism, findings, facts)
        evaluations_of[digest].append(pk)
        content.setdefault(
            digest,
            dict(
                lawful=lawful,
                regime=regime,
                mechanism=mechanism,
                has_blocker=lawful is False,
                findings=findings,
                facts=facts,
            ),
        )
    Result.objects.bulk_create(
        [Result(digest=digest, **values) for digest, values in content.items()], batch_size=500
    )
    ids = dict(Result.objects.values_list("digest", "pk"))
    for digest, pks in evaluations_of.items():
        for i in range(0, len(pks), BATCH):
            Evaluation.objects.filter(pk__in=pks[i : i + BATCH]).update(result_id=ids[digest])
    Transfer.objects.filter(current_evaluation__isnull=False).update(
        current_result=Subquery(
            Evaluation.objects.filter(pk=OuterRef("current_evaluation_id")).values("result_id")[:1]
        )
    )


def unshare_results(apps, schema_editor):
    Evaluation = apps.get_model("transfers", "TransferEvaluation")
    Transfer = apps.get_model("transfers", "DataTransfer")
    for evaluation in Evaluation.objects.select_related("result").iterator(chunk_size=2000):
        evaluation.findings = evaluation.result.findings
        evaluation.facts = {"on": evaluation.evaluated_on.isoformat(), **evaluation.result.facts}
        evaluation.save(update_fields=["findings", "facts"])
    latest = Evaluation.objects.filter(transfer=OuterRef("pk")).order_by("-evaluated_at", "-pk")
    Transfer.objects.update(
        current_evaluation=Subquery(latest.values("pk")[:1]),
        evaluated_on=Subquery(latest.values("evaluated_on")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("transfers", "0011_evaluation_regime_choices"),
    ]

    operations = [
        migrations.CreateModel(
            name="EvaluationResult",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("digest", models.CharField(editable=False, max_length=64, unique=True, verbose_name="digest")),
                ("lawful", models.BooleanField(null=True, verbose_name="lawful")),
                ("regime", models.CharField(blank=True, choices=[("EU_GDPR", "EU GDPR"), ("UK_GDPR", "UK GDPR"), ("JP_APPI", "Japan APPI")], max_length=10, verbose_name="regime")),
                ("mechanism", models.CharField(blank=True, choices=[("not_a_transfer", "not a transfer"), ("adequacy", "adequacy"), ("bcr", "BCRs"), ("scc", "SCCs"), ("uk_idta", "UK IDTA"), ("uk_addendum", "UK Addendum"), ("derogation", "derogation (Art. 49)"), ("designated_country", "designated country (APPI)"), ("equivalent_measures", "equivalent measures (APPI)"), ("consent", "consent (APPI)")], max_length=20, verbose_name="basis")),
                ("has_blocker", models.BooleanField(default=False, verbose_name="blocker")),
                ("findings", models.JSONField(default=list, help_text="[{code, severity, message, basis}]", verbose_name="findings")),
                ("facts", models.JSONField(default=dict, verbose_name="facts given to the engine")),
            ],
            options={
                "verbose_name": "evaluation result",
                "verbose_name_plural": "evaluation results",
            },
        ),
        migrations.AddField(
            model_name="transferevaluation",
            name="result",
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="transfers.evaluationresult", verbose_name="result"),
        ),
        migrations.AddField(
            model_name="datatransfer",
            name="current_result",
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="transfers.evaluationresult", verbose_name="current result"),
        ),
        migrations.RunPython(share_results, unshare_results),
        migrations.RemoveField(model_name="datatransfer", name="current_evaluation"),
        migrations.RemoveField(model_name="datatransfer", name="evaluated_on"),
        migrations.RemoveField(model_name="transferevaluation", name="findings"),
        migrations.RemoveField(model_name="transferevaluation", name="facts"),
        migrations.AlterField(
            model_name="transferevaluation",
            name="result",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="transfers.evaluationresult", verbose_name="result"),
        ),
        migrations.AlterField(
            model_name="transferevaluation",
            name="transfer",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="evaluations", to="transfers.datatransfer", verbose_name="transfer"),
        ),
    ]
