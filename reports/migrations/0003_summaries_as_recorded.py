"""Summaries read where ratings and returns were given, with their approval; area flags and "as of today" are
joined when a province's figures are computed. The rows are derived: emptied here, filled by
`manage.py rebuild_summaries` after the upgrade (`check_summaries` lists what is missing until then)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0001_initial'),
        ('reports', '0002_article_citations_translations'),
    ]

    operations = [
        migrations.RunSQL("DELETE FROM reports_provincesummary", migrations.RunSQL.noop),
        migrations.RunSQL("DELETE FROM reports_organizationsummary", migrations.RunSQL.noop),
        migrations.RemoveField(
            model_name='organizationsummary',
            name='current_province',
        ),
        migrations.RemoveField(
            model_name='organizationsummary',
            name='is_border',
        ),
        migrations.RemoveField(
            model_name='organizationsummary',
            name='is_ethnic_minority',
        ),
        migrations.RemoveField(
            model_name='organizationsummary',
            name='is_extremely_difficult',
        ),
        migrations.RemoveField(
            model_name='organizationsummary',
            name='is_highland',
        ),
        migrations.AddField(
            model_name='organizationsummary',
            name='admin_unit',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organizations.administrativeunit'),
        ),
        migrations.AddField(
            model_name='organizationsummary',
            name='approved',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='provincesummary',
            name='provisional',
            field=models.BooleanField(default=False),
        ),
    ]
