"""Load the STO regions and municipality assignments from regions/data/municipalities.csv.

Source: Techniekpact Regio Zwolle member list with STO regions (../shared/data, CBS for the
municipalities); assignments marked "no" in `confirmed` are guesses for the coordinator to check.
"""

import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"


def load(apps, schema_editor):
    STORegion = apps.get_model("regions", "STORegion")
    MunicipalityRegion = apps.get_model("regions", "MunicipalityRegion")
    with DATA.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            region = None
            if row["sto_region"]:
                name = row["sto_region"]
                region, _ = STORegion.objects.get_or_create(
                    name=name,
                    defaults={"slug": slugify(name.removeprefix("STO ").replace("/", " "))},
                )
            MunicipalityRegion.objects.update_or_create(
                municipality=row["municipality"],
                defaults={"region": region, "confirmed": row["confirmed"] == "yes"},
            )


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
