"""Load the ten vmbo profiles and the three learning paths (data in electives/vocabulary.py)."""

from django.db import migrations

from electives.vocabulary import vocabulary_ensure


def load(apps, schema_editor):
    vocabulary_ensure(apps.get_model("electives", "Profile"), apps.get_model("electives", "Level"))


class Migration(migrations.Migration):
    dependencies = [("electives", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
