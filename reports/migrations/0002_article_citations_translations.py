# Articles cited by title, outlet and date; a Vietnamese rendering beside each quote; more published indicators.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='published',
            field=models.CharField(blank=True, help_text='Như nguồn cho biết; khi bài không ghi ngày, nói vậy và ghi mốc thời gian của số liệu.', max_length=200, verbose_name='ngày đăng'),
        ),
        migrations.AddField(
            model_name='article',
            name='title_vi',
            field=models.CharField(blank=True, max_length=300, verbose_name='tiêu đề (dịch)'),
        ),
        migrations.AddField(
            model_name='indicatorvalue',
            name='quote_vi',
            field=models.TextField(blank=True, verbose_name='bản dịch nguyên văn'),
        ),
        migrations.AddField(
            model_name='publishedfinding',
            name='note',
            field=models.TextField(blank=True, verbose_name='ghi chú'),
        ),
        migrations.AddField(
            model_name='publishedfinding',
            name='quote_vi',
            field=models.TextField(blank=True, verbose_name='bản dịch nguyên văn'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='indicator',
            field=models.CharField(choices=[('gpo_total', 'Số tổ chức cơ sở đảng'), ('villages_without_cell', 'Thôn, bản chưa có chi bộ'), ('villages_without_member', 'Thôn, bản chưa có đảng viên'), ('members_good_or_better', 'Đảng viên hoàn thành tốt nhiệm vụ trở lên'), ('members_violated_discipline', 'Đảng viên vi phạm kỷ luật'), ('members_total', 'Tổng số đảng viên'), ('members_admitted', 'Đảng viên mới kết nạp'), ('members_removed', 'Đảng viên bị đưa ra khỏi Đảng'), ('members_disciplined', 'Đảng viên bị kỷ luật'), ('members_ethnic_share', 'Tỷ lệ đảng viên là người dân tộc'), ('cells_clean_strong', 'Chi bộ trong sạch, vững mạnh'), ('cells_exemplary', 'Chi bộ trong sạch, vững mạnh tiêu biểu'), ('cells_weak', 'Chi bộ yếu kém'), ('affiliated_cells', 'Chi bộ trực thuộc'), ('constituent_committees', 'Đảng bộ bộ phận'), ('villages', 'Số thôn, bản'), ('ethnic_groups', 'Số dân tộc'), ('village_heads', 'Trưởng thôn, bản, khối'), ('village_heads_members', 'Trưởng thôn, bản, khối là đảng viên'), ('village_heads_not_members', 'Trưởng thôn, bản, khối chưa là đảng viên'), ('awareness_class_referrals', 'Quần chúng được giới thiệu học lớp bồi dưỡng nhận thức về Đảng'), ('awareness_class_eligible', 'Trong số đó: đủ điều kiện, đang chuẩn bị kết nạp'), ('new_members_target', 'Chỉ tiêu kết nạp đảng viên mỗi năm'), ('border_guard_deputy_secretaries', 'Cán bộ biên phòng giữ chức Phó Bí thư Đảng ủy xã biên giới'), ('border_guard_in_hamlets', 'Cán bộ biên phòng tham gia sinh hoạt ở thôn, bản trọng điểm'), ('graduates_to_communes', 'Sinh viên tốt nghiệp về công tác ở xã'), ('young_intellectuals', 'Trí thức trẻ về xã miền núi nghèo'), ('graduates_vice_chairmen', 'Sinh viên tốt nghiệp làm Phó Chủ tịch UBND xã'), ('cadres_professional_intermediate', 'Cán bộ chủ chốt xã có trình độ chuyên môn trung cấp trở lên'), ('cadres_university', 'Cán bộ chủ chốt xã có trình độ đại học'), ('cadres_theory_intermediate', 'Cán bộ chủ chốt xã có trình độ lý luận chính trị trung cấp trở lên'), ('fulltime_university_per_commune', 'Cán bộ chuyên trách có trình độ đại học ở mỗi xã'), ('key_cadres_university_per_commune', 'Cán bộ chủ chốt có trình độ đại học ở mỗi xã'), ('fulltime_elected_officials', 'Cán bộ chuyên trách giữ chức vụ bầu cử cấp xã'), ('key_cadres_trained', 'Cán bộ chủ chốt cấp xã được đào tạo, bồi dưỡng'), ('district_committee_university', 'Ban Chấp hành Đảng bộ huyện: trình độ đại học trở lên'), ('district_committee_theory_intermediate', 'Ban Chấp hành Đảng bộ huyện: lý luận chính trị trung cấp trở lên'), ('district_committee_theory_senior', 'Ban Chấp hành Đảng bộ huyện: cao cấp lý luận chính trị, cử nhân chính trị'), ('district_cadres_university', 'Cán bộ, công chức cấp huyện có trình độ đại học'), ('communes_without_gpo', 'Xã, phường, thị trấn chưa có tổ chức cơ sở đảng'), ('gpo_added', 'Tổ chức cơ sở đảng tăng thêm')], max_length=40, verbose_name='chỉ tiêu'),
        ),
        migrations.AlterField(
            model_name='organizationsummary',
            name='tier',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Mức 1: hoàn thành xuất sắc nhiệm vụ (tổ chức đảng đến năm 2017: trong sạch, vững mạnh)'), (2, 'Mức 2: hoàn thành tốt nhiệm vụ'), (3, 'Mức 3: hoàn thành nhiệm vụ'), (4, 'Mức 4: không hoàn thành nhiệm vụ (tổ chức đảng đến năm 2017: yếu kém)')]),
        ),
        migrations.AlterField(
            model_name='provincesummary',
            name='tier',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Mức 1: hoàn thành xuất sắc nhiệm vụ (tổ chức đảng đến năm 2017: trong sạch, vững mạnh)'), (2, 'Mức 2: hoàn thành tốt nhiệm vụ'), (3, 'Mức 3: hoàn thành nhiệm vụ'), (4, 'Mức 4: không hoàn thành nhiệm vụ (tổ chức đảng đến năm 2017: yếu kém)')]),
        ),
        migrations.AlterField(
            model_name='publishedfinding',
            name='tier',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Mức 1: hoàn thành xuất sắc nhiệm vụ (tổ chức đảng đến năm 2017: trong sạch, vững mạnh)'), (2, 'Mức 2: hoàn thành tốt nhiệm vụ'), (3, 'Mức 3: hoàn thành nhiệm vụ'), (4, 'Mức 4: không hoàn thành nhiệm vụ (tổ chức đảng đến năm 2017: yếu kém)')], verbose_name='mức'),
        ),
    ]
