# The care models extend core's TenantModel: their organization key takes its label
# ("organizzazione"). Only the label changes; no SQL is run.

import django.db.models.deletion
from django.db import migrations, models

TENANT_MODELS = (
    "absence",
    "beneficiary",
    "careplan",
    "careplanline",
    "careplanlinecarer",
    "carer",
    "contractrate",
    "fundingcontract",
    "healthnote",
    "schedulerun",
    "servicetype",
    "visit",
    "visitcorrection",
)


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0005_indexes_named_after_care"),
        ("core", "0008_italian_admin_labels"),
    ]

    operations = [
        migrations.AlterField(
            model_name=name,
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.organization",
                verbose_name="organizzazione",
            ),
        )
        for name in TENANT_MODELS
    ]
