"""A rating always has its place (filled by 0008); the GPO-year index serves refreshes, locks and rule checks, the
cell index the database's own check when a cell is deleted."""

import django.db.models.deletion
from django.db import migrations, models


def analyze(apps, schema_editor) -> None:
    # The new columns have no statistics yet: without them PostgreSQL misjudges a GPO-year's ratings a hundredfold
    # (and compiles every summary refresh with JIT) until autovacuum gets to the table.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {apps.get_model('ratings', 'Rating')._meta.db_table}")


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0001_initial'),
        ('ratings', '0008_fill_place_of_ratings_and_returns'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rating',
            name='gpo',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.partyorganization', verbose_name='tổ chức cơ sở đảng khi xếp loại'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='province',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.administrativeunit', verbose_name='tỉnh, thành phố khi xếp loại'),
        ),
        migrations.AlterField(
            model_name='summaryreturn',
            name='province',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.administrativeunit', verbose_name='tỉnh, thành phố khi báo cáo'),
        ),
        migrations.AddIndex(
            model_name='rating',
            index=models.Index(fields=['gpo', 'year'], name='rating_gpo_year'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='cell',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.partyorganization', verbose_name='chi bộ khi xếp loại'),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
