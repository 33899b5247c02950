"""Where a rating or a summary return was given (filled by 0008)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0001_initial'),
        ('ratings', '0006_note_length'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalrating',
            name='admin_unit',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.administrativeunit', verbose_name='địa bàn khi xếp loại'),
        ),
        migrations.AddField(
            model_name='historicalrating',
            name='cell',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.partyorganization', verbose_name='chi bộ khi xếp loại'),
        ),
        migrations.AddField(
            model_name='historicalrating',
            name='gpo',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.partyorganization', verbose_name='tổ chức cơ sở đảng khi xếp loại'),
        ),
        migrations.AddField(
            model_name='historicalrating',
            name='province',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.administrativeunit', verbose_name='tỉnh, thành phố khi xếp loại'),
        ),
        migrations.AddField(
            model_name='historicalsummaryreturn',
            name='admin_unit',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.administrativeunit', verbose_name='địa bàn khi báo cáo'),
        ),
        migrations.AddField(
            model_name='historicalsummaryreturn',
            name='province',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.administrativeunit', verbose_name='tỉnh, thành phố khi báo cáo'),
        ),
        migrations.AddField(
            model_name='rating',
            name='admin_unit',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.administrativeunit', verbose_name='địa bàn khi xếp loại'),
        ),
        migrations.AddField(
            model_name='rating',
            name='cell',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.partyorganization', verbose_name='chi bộ khi xếp loại'),
        ),
        migrations.AddField(
            model_name='rating',
            name='gpo',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.partyorganization', verbose_name='tổ chức cơ sở đảng khi xếp loại'),
        ),
        migrations.AddField(
            model_name='rating',
            name='province',
            field=models.ForeignKey(db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.administrativeunit', verbose_name='tỉnh, thành phố khi xếp loại'),
        ),
        migrations.AddField(
            model_name='summaryreturn',
            name='admin_unit',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.administrativeunit', verbose_name='địa bàn khi báo cáo'),
        ),
        migrations.AddField(
            model_name='summaryreturn',
            name='province',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.administrativeunit', verbose_name='tỉnh, thành phố khi báo cáo'),
        ),
    ]
