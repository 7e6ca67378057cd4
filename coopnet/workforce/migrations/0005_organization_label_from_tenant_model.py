# The organization key now comes from core.TenantModel: only its admin label changes (no SQL).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_italian_admin_labels"),
        ("workforce", "0004_volunteer_hours_review"),
    ]

    operations = [
        migrations.AlterField(
            model_name="disadvantagedstatus",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.organization",
                verbose_name="organizzazione",
            ),
        ),
        migrations.AlterField(
            model_name="employment",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.organization",
                verbose_name="organizzazione",
            ),
        ),
        migrations.AlterField(
            model_name="expensereimbursement",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.organization",
                verbose_name="organizzazione",
            ),
        ),
        migrations.AlterField(
            model_name="qualification",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.organization",
                verbose_name="organizzazione",
            ),
        ),
        migrations.AlterField(
            model_name="sensitiveaccess",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.organization",
                verbose_name="organizzazione",
            ),
        ),
        migrations.AlterField(
            model_name="volunteer",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.organization",
                verbose_name="organizzazione",
            ),
        ),
        migrations.AlterField(
            model_name="volunteerhours",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.organization",
                verbose_name="organizzazione",
            ),
        ),
        migrations.AlterField(
            model_name="volunteerinsurance",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.organization",
                verbose_name="organizzazione",
            ),
        ),
    ]
