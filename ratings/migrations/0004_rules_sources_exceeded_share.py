# Schema for the sources of schemes and rules, and the share of tasks done above the requirement (366-QĐ/TW).

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ratings', '0003_pending_import'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalrating',
            name='exceeded_share',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='Tỷ lệ nhiệm vụ hoàn thành vượt yêu cầu (Quy định 366-QĐ/TW, Điều 11: mức 1 cần ít nhất 30%).', max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='nhiệm vụ vượt yêu cầu (%)'),
        ),
        migrations.AddField(
            model_name='rating',
            name='exceeded_share',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='Tỷ lệ nhiệm vụ hoàn thành vượt yêu cầu (Quy định 366-QĐ/TW, Điều 11: mức 1 cần ít nhất 30%).', max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='nhiệm vụ vượt yêu cầu (%)'),
        ),
        migrations.AddField(
            model_name='scheme',
            name='clause',
            field=models.CharField(blank=True, max_length=120, verbose_name='điều, khoản'),
        ),
        migrations.AddField(
            model_name='scheme',
            name='confirmation',
            field=models.TextField(blank=True, help_text='Nguồn khẳng định, và điều gì còn chưa khẳng định.', verbose_name='căn cứ đối chiếu'),
        ),
        migrations.AddField(
            model_name='scheme',
            name='confirmed',
            field=models.BooleanField(default=False, help_text='Tên các mức và khoảng năm đã đối chiếu với văn bản hoặc nguồn đáng tin cậy.', verbose_name='đã đối chiếu'),
        ),
        migrations.AlterField(
            model_name='historicalsummarycount',
            name='tier',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Mức 1: hoàn thành xuất sắc nhiệm vụ (tổ chức đảng đến năm 2017: trong sạch, vững mạnh)'), (2, 'Mức 2: hoàn thành tốt nhiệm vụ'), (3, 'Mức 3: hoàn thành nhiệm vụ'), (4, 'Mức 4: không hoàn thành nhiệm vụ (tổ chức đảng đến năm 2017: yếu kém)')], verbose_name='mức'),
        ),
        migrations.AlterField(
            model_name='level',
            name='tier',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Mức 1: hoàn thành xuất sắc nhiệm vụ (tổ chức đảng đến năm 2017: trong sạch, vững mạnh)'), (2, 'Mức 2: hoàn thành tốt nhiệm vụ'), (3, 'Mức 3: hoàn thành nhiệm vụ'), (4, 'Mức 4: không hoàn thành nhiệm vụ (tổ chức đảng đến năm 2017: yếu kém)')], verbose_name='mức'),
        ),
        migrations.AlterField(
            model_name='scheme',
            name='regulation',
            field=models.CharField(blank=True, help_text='Để trống khi không nguồn nào nêu văn bản (các năm trước 2008).', max_length=200, verbose_name='văn bản'),
        ),
        migrations.AlterField(
            model_name='summarycount',
            name='tier',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Mức 1: hoàn thành xuất sắc nhiệm vụ (tổ chức đảng đến năm 2017: trong sạch, vững mạnh)'), (2, 'Mức 2: hoàn thành tốt nhiệm vụ'), (3, 'Mức 3: hoàn thành nhiệm vụ'), (4, 'Mức 4: không hoàn thành nhiệm vụ (tổ chức đảng đến năm 2017: yếu kém)')], verbose_name='mức'),
        ),
        migrations.CreateModel(
            name='Rule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(max_length=40, verbose_name='mã')),
                ('kind', models.CharField(choices=[('score_min', 'Ngưỡng điểm của một mức'), ('member_discipline', 'Đảng viên bị kỷ luật trong năm: mức 4'), ('discipline_remedy', 'Ngoại lệ: đảng viên tự phát hiện, khắc phục vi phạm'), ('collective_discipline', 'Tổ chức có đảng viên hoặc tổ chức trực thuộc bị kỷ luật: không xếp mức 1'), ('leadership_discipline', 'Đơn vị trực thuộc hoặc thành viên tập thể lãnh đạo bị kỷ luật: không xếp mức 1'), ('exceeded_tasks', 'Mức 1 cần một tỷ lệ nhiệm vụ hoàn thành vượt yêu cầu'), ('quota', 'Trần số đảng viên mức 1 so với số mức 2'), ('parts', 'Mức của tổ chức theo mức của các bộ phận'), ('weak_parts', 'Yếu kém khi quá 1/3 tổ chức trực thuộc yếu kém'), ('weak_members', 'Chi bộ yếu kém khi quá 1/2 đảng viên không hoàn thành nhiệm vụ'), ('weak_discipline', 'Yếu kém khi có đảng viên bị kỷ luật vì tham nhũng, tiêu cực, suy thoái'), ('new_member', 'Không đánh giá đảng viên kết nạp dưới 6 tháng'), ('manual', 'Điều kiện do cấp ủy xem xét (không kiểm tra tự động)')], max_length=24, verbose_name='loại')),
                ('tier', models.PositiveSmallIntegerField(blank=True, choices=[(1, 'Mức 1: hoàn thành xuất sắc nhiệm vụ (tổ chức đảng đến năm 2017: trong sạch, vững mạnh)'), (2, 'Mức 2: hoàn thành tốt nhiệm vụ'), (3, 'Mức 3: hoàn thành nhiệm vụ'), (4, 'Mức 4: không hoàn thành nhiệm vụ (tổ chức đảng đến năm 2017: yếu kém)')], help_text='Với ngưỡng điểm: mức có ngưỡng này.', null=True, verbose_name='mức')),
                ('value', models.DecimalField(blank=True, decimal_places=2, help_text='Ví dụ 30: tỷ lệ nhiệm vụ vượt yêu cầu tối thiểu (%).', max_digits=5, null=True, verbose_name='tham số')),
                ('statement', models.TextField(verbose_name='nội dung')),
                ('regulation', models.CharField(blank=True, max_length=200, verbose_name='văn bản')),
                ('clause', models.CharField(blank=True, max_length=120, verbose_name='điều, khoản')),
                ('confirmed', models.BooleanField(default=False, help_text='Chưa đối chiếu: chỉ cảnh báo, không chặn việc lưu.', verbose_name='đã đối chiếu')),
                ('note', models.TextField(blank=True, verbose_name='ghi chú')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('scheme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rules', to='ratings.scheme', verbose_name='quy định')),
            ],
            options={
                'verbose_name': 'quy tắc',
                'verbose_name_plural': 'quy tắc',
                'ordering': ['scheme', 'position', 'code'],
                'constraints': [models.UniqueConstraint(fields=('scheme', 'code'), name='rule_unique_code')],
            },
        ),
    ]
