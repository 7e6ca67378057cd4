# The organization key now comes from core.TenantModel: only its admin label changes (no SQL).

import django.db.models.deletion
from django.db import migrations, models


def _organization(on_delete):
    return models.ForeignKey(
        on_delete=on_delete,
        related_name="+",
        to="core.organization",
        verbose_name="organizzazione",
    )


CASCADED = (
    "disadvantagedstatus",
    "employment",
    "expensereimbursement",
    "qualification",
    "volunteer",
    "volunteerhours",
    "volunteerinsurance",
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_italian_admin_labels"),
        ("workforce", "0004_volunteer_hours_review"),
    ]

    operations = [
        *(
            migrations.AlterField(
                model_name=name,
                name="organization",
                field=_organization(django.db.models.deletion.CASCADE),
            )
            for name in CASCADED
        ),
        # The access log is never deleted with its organization.
        migrations.AlterField(
            model_name="sensitiveaccess",
            name="organization",
            field=_organization(django.db.models.deletion.PROTECT),
        ),
    ]
