"""Start with the proposed theme list (catalogue/data/themes.csv); coordinators edit it in the admin."""

import csv
from pathlib import Path

from django.db import migrations

THEMES_CSV = Path(__file__).resolve().parent.parent / "data" / "themes.csv"


def load_themes(apps, schema_editor):
    Theme = apps.get_model("catalogue", "Theme")
    with THEMES_CSV.open(encoding="utf-8") as fh:
        for order, row in enumerate(csv.DictReader(fh)):
            Theme.objects.get_or_create(
                slug=row["slug"],
                defaults={
                    "name": row["name_nl"],
                    "description": row["description_nl"],
                    "sectors": row["sectors"],
                    "order": order,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load_themes, migrations.RunPython.noop)]
