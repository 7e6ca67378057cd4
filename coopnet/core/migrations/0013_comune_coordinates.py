"""The comuni's coordinates, from core/data/comuni_coordinates.csv (GeoNames, CC BY 4.0)."""

from django.db import migrations, models

from coopnet.core.territory import comune_coordinates


def fill(apps, schema_editor):
    Comune = apps.get_model("core", "Comune")
    coordinates = comune_coordinates()
    comuni = list(Comune.objects.filter(istat_code__in=coordinates))
    for comune in comuni:
        place = coordinates[comune.istat_code]
        comune.latitude = place.latitude
        comune.longitude = place.longitude
        comune.coordinates_approximate = place.approximate
    Comune.objects.bulk_update(
        comuni, ["latitude", "longitude", "coordinates_approximate"], batch_size=1000
    )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0012_cer_parameters'),
    ]

    operations = [
        migrations.AddField(
            model_name='comune',
            name='coordinates_approximate',
            field=models.BooleanField(default=False, verbose_name='posizione approssimativa'),
        ),
        migrations.AddField(
            model_name='comune',
            name='latitude',
            field=models.FloatField(blank=True, null=True, verbose_name='latitudine'),
        ),
        migrations.AddField(
            model_name='comune',
            name='longitude',
            field=models.FloatField(blank=True, null=True, verbose_name='longitudine'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
