"""A trigram index for the accent-insensitive member name search (search_name LIKE '%…%') on PostgreSQL.

Kept out of the model's state, so SQLite (which has no GIN) never sees it. pg_trgm comes from organizations 0002.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX = GinIndex(fields=["search_name"], opclasses=["gin_trgm_ops"], name="member_search_trgm")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("members", "Member"), INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("members", "Member"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("members", "0002_roles_development_corrections"), ("organizations", "0002_search_trigram")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
