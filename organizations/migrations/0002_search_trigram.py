"""Trigram indexes for the accent-insensitive name searches (search_name LIKE '%…%') on PostgreSQL.

pg_trgm is a trusted extension: the database's owner creates it without being a superuser. The indexes are kept
out of the models' state, so SQLite (which has no GIN) never sees them; there the searches scan, as before.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "AdministrativeUnit": "org_unit_search_trgm",
    "PartyOrganization": "org_party_search_trgm",
}


def _index(name: str) -> GinIndex:
    return GinIndex(fields=["search_name"], opclasses=["gin_trgm_ops"], name=name)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index_name in INDEXES.items():
        schema_editor.add_index(apps.get_model("organizations", model_name), _index(index_name))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index_name in INDEXES.items():
        schema_editor.remove_index(apps.get_model("organizations", model_name), _index(index_name))


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [
        TrigramExtension(),  # does nothing on other databases than PostgreSQL
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
