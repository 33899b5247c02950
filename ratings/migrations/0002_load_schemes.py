"""Load the rating schemes of fixtures/schemes.json, so that every database (and every test) has them."""

from django.db import migrations


def _load(apps, schema_editor):
    from ratings.reference import load_schemes

    load_schemes(apps)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]

    operations = [migrations.RunPython(_load, migrations.RunPython.noop)]
