"""Every rule names its source and whether it is confirmed; an unconfirmed rule warns with its source, never blocks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import KeyCadre, MemberEvent
from ratings import engine, selectors, services
from ratings.models import Rating, Rule, Scheme
from ratings.schemes import SchemeBook
from tests.members.factories import CellRoleFactory, KeyCadreFactory
from tests.ratings.factories import commune, level

pytestmark = pytest.mark.django_db
R27 = "Hướng dẫn 27-HD/BTCTW ngày 25/9/2014"
R366 = "Quy định 366-QĐ/TW ngày 30/8/2025, Điều 11"


def _discipline(member, year: int) -> None:
    MemberEvent.objects.create(member=member, kind=MemberEvent.Kind.DISCIPLINE, date=datetime.date(year, 3, 1),
                               discipline_level=MemberEvent.DisciplineLevel.REPRIMAND)


def _dry_run(**fields) -> engine.Outcome:
    return engine.apply([engine.RatingInput(ref="r", **fields)], dry_run=True)


def test_every_scheme_and_every_rule_names_its_source_and_whether_it_is_confirmed():
    for scheme in Scheme.objects.prefetch_related("rules"):
        assert scheme.source, scheme.code
        assert scheme.confirmation, scheme.code
        for rule in scheme.rules.all():
            assert rule.statement and rule.source and rule.regulation, (scheme.code, rule.code)
    assert Rule.objects.filter(confirmed=False).exists() and Rule.objects.filter(confirmed=True).exists()


def test_the_years_before_2008_have_their_own_schemes_naming_no_regulation():
    book = SchemeBook()
    for applies in ("organization", "member"):
        early, later = book.scheme(applies, 2005), book.scheme(applies, 2008)
        assert early != later and early.regulation == "" and "20-HD" not in early.name
        assert early.source == "không nguồn nào nêu văn bản" and not early.confirmed
        assert later.regulation == "Hướng dẫn 20-HD/BTCTW ngày 10/10/2008" and later.first_year == 2008
    assert [lv.label_vi for lv in book.levels("organization", 2001)] == [
        "Trong sạch, vững mạnh", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Yếu kém"]


def test_members_of_2014_to_2017_carry_the_labels_of_27_hd():
    labels = [lv.label_vi for lv in SchemeBook().levels("member", 2016)]
    assert labels == ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
                      "Không hoàn thành nhiệm vụ"]
    assert [lv.label_vi for lv in SchemeBook().levels("member", 2013)][0] == "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ"


def test_the_27_hd_weak_conditions_are_all_six(nghe_an):
    scheme = Scheme.objects.get(code="org-27-hd-2014")
    weak = [rule.statement for rule in scheme.rules.exclude(kind=Rule.Kind.SCORE_MIN)]
    assert len(weak) == 6 and all(rule.confirmed for rule in scheme.rules.exclude(kind=Rule.Kind.SCORE_MIN))
    assert any("chính quyền cùng cấp" in text for text in weak)
    assert any("Mặt trận Tổ quốc" in text for text in weak)
    assert any("tham nhũng, tiêu cực hoặc suy thoái đến mức có đảng viên bị kỷ luật" in text for text in weak)
    assert "(5) chính quyền cùng cấp" in scheme.note and "(6) từ hai tổ chức" in scheme.note


def test_27_hd_unconfirmed_thresholds_warn_with_their_source_and_the_confirmed_one_refuses(nghe_an, staff_nghe_an):
    _gpo, _c, cells, _m = commune(nghe_an, cells=2)
    rating = services.rating_set(user=staff_nghe_an, year=2016, organization=cells[0],
                                 level=level("organization", 2016, 1), score=85)
    assert rating.level.label_vi == "Trong sạch, vững mạnh"  # what the board decided is recorded
    outcome = _dry_run(year=2016, organization_id=cells[0].pk, level=level("organization", 2016, 1), score=85)
    (warning,) = outcome.warnings
    assert warning.message == "85 điểm chưa đạt ngưỡng 90 điểm của mức “Trong sạch, vững mạnh”."
    assert warning.citation == f"Căn cứ: {R27} (chưa khẳng định)"
    assert _dry_run(year=2016, organization_id=cells[1].pk, level=level("organization", 2016, 2), score=95).warnings
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=2016, organization=cells[1], level=level("organization", 2016, 3),
                            score=45)
    assert caught.value.message_dict["level"] == [
        f"45 điểm chưa đạt ngưỡng 50 điểm của mức “Hoàn thành nhiệm vụ”. Căn cứ: {R27} (đã đối chiếu)"]


def test_the_check_report_lists_unconfirmed_rules_as_warnings_only(nghe_an, staff_nghe_an):
    gpo, _c, cells, _m = commune(nghe_an, cells=1, constituent_cells=0)
    services.rating_set(user=staff_nghe_an, year=2016, organization=cells[0], level=level("organization", 2016, 1),
                        score=80)
    issues = selectors.unit_check_report(gpo, 2016).issues
    assert [(i.severity, i.confirmed) for i in issues] == [("warning", False)]
    services.cycle_submit(user=staff_nghe_an, organization=gpo, year=2016)  # warnings never block the workflow


def test_before_2018_a_disciplined_members_better_level_only_warns(nghe_an, staff_nghe_an):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, constituent_cells=0)
    member = members[cells[0].pk][0]
    _discipline(member, 2016)
    (warning,) = _dry_run(year=2016, member_id=member.pk, level=level("member", 2016, 2)).warnings
    assert "phải xếp mức 4" in warning.message and not warning.confirmed
    _discipline(member, 2019)
    with pytest.raises(engine.RatingInputError):  # from 2018 the rule is confirmed
        _dry_run(year=2019, member_id=member.pk, level=level("member", 2019, 2))


def test_under_124_the_quota_is_unconfirmed_so_exceeding_it_warns(nghe_an, staff_nghe_an):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=3, constituent_cells=0)
    entries = [services.GridEntry(subject_id=p.pk, level_id=level("member", 2024, 1).pk) for p in members[cells[0].pk]]
    outcome = services.grid_save(user=staff_nghe_an, organization=cells[0], year=2024, entries=entries)
    assert outcome.created == 3
    assert {w.source for w in outcome.warnings} == {"Quy định 124-QĐ/TW ngày 04/10/2023"}
    with pytest.raises(services.RatingInputError):  # 2019–2022: 21-HD/BTCTW's confirmed quota needs a reason
        services.grid_save(user=staff_nghe_an, organization=cells[0], year=2021, entries=[
            services.GridEntry(subject_id=p.pk, level_id=level("member", 2021, 1).pk) for p in members[cells[0].pk]])


def test_under_366_an_ordinary_disciplined_member_does_not_bar_the_cells_excellence(nghe_an, staff_nghe_an):
    gpo, _c, cells, members = commune(nghe_an, cells=1, constituent_cells=0)
    _discipline(members[cells[0].pk][1], 2025)
    rating = services.rating_set(user=staff_nghe_an, year=2025, organization=cells[0],
                                 level=level("organization", 2025, 1), score=92, exceeded_share=40)
    assert rating.level.tier == 1
    assert not [i for i in selectors.unit_check_report(gpo, 2025).issues if i.ref == f"o{cells[0].pk}"]


def test_under_366_a_disciplined_cell_secretary_bars_the_cells_excellence(nghe_an, staff_nghe_an):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, constituent_cells=0)
    secretary = members[cells[0].pk][0]
    CellRoleFactory(member=secretary, term_start=datetime.date(2020, 10, 1))
    _discipline(secretary, 2025)
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=2025, organization=cells[0], level=level("organization", 2025, 1),
                            score=92, exceeded_share=40)
    assert caught.value.message_dict["level"] == [
        f"Thành viên tập thể lãnh đạo (bí thư, phó bí thư) bị kỷ luật trong năm 2025: tổ chức không thể xếp mức 1. "
        f"Căn cứ: {R366} (đã đối chiếu)"]
    # 92 points with the leadership disciplined: level 2 needs no reason, the condition is on record.
    assert services.rating_set(user=staff_nghe_an, year=2025, organization=cells[0],
                               level=level("organization", 2025, 2), score=92, exceeded_share=40).level.tier == 2


def test_under_366_a_disciplined_party_secretary_bars_the_gpos_excellence(nghe_an, staff_nghe_an):
    gpo, _c, cells, members = commune(nghe_an, cells=1, constituent_cells=0)
    secretary = members[cells[0].pk][0]
    KeyCadreFactory(organization=gpo, member=secretary, title=KeyCadre.Title.PARTY_SECRETARY)
    _discipline(secretary, 2025)
    with pytest.raises(ValidationError):
        services.rating_set(user=staff_nghe_an, year=2025, organization=gpo, level=level("organization", 2025, 1),
                            score=95, exceeded_share=50)
    # Before 366 the same fact is judged by the unconfirmed rule of 124: a warning.
    _discipline(secretary, 2024)
    (warning,) = _dry_run(year=2024, organization_id=gpo.pk, level=level("organization", 2024, 1)).warnings
    assert warning.source == "Quy định 124-QĐ/TW ngày 04/10/2023" and not warning.confirmed


@pytest.mark.parametrize("subject", ["organization", "member"])
def test_under_366_excellence_needs_thirty_percent_of_tasks_above_the_requirement(nghe_an, staff_nghe_an, subject):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, constituent_cells=0)
    who = {"organization": cells[0]} if subject == "organization" else {"member": members[cells[0].pk][0]}
    excellent = level(subject, 2025, 1)
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=2025, level=excellent, score=95, exceeded_share=20, **who)
    assert caught.value.message_dict["exceeded_share"] == [
        f"Mức 1 cần ít nhất 30% nhiệm vụ hoàn thành vượt yêu cầu; ghi nhận 20%. Căn cứ: {R366} (đã đối chiếu)"]
    # 95 points but only 20% above the requirement: level 2 follows, no reason asked.
    rating = services.rating_set(user=staff_nghe_an, year=2025, level=level(subject, 2025, 2), score=95,
                                 exceeded_share=20, **who)
    assert rating.exceeded_share == Decimal("20")
    subject_id = {"organization_id": cells[0].pk} if subject == "organization" else {"member_id": who["member"].pk}
    (missing,) = [w for w in _dry_run(year=2025, level=excellent, score=95, **subject_id).warnings
                  if w.field == "exceeded_share"]
    assert missing.message == "Mức 1 cần ít nhất 30% nhiệm vụ hoàn thành vượt yêu cầu; chưa ghi tỷ lệ này."
    assert not [w for w in _dry_run(year=2025, level=excellent, score=95, exceeded_share=30, **subject_id).warnings
                if w.field == "exceeded_share"]


def test_a_score_and_share_without_a_level_give_the_level_the_rules_allow(nghe_an, staff_nghe_an, client):
    _gpo, _c, cells, _m = commune(nghe_an, cells=2, constituent_cells=0)
    content = ("Mã tổ chức,Năm,Điểm,Nhiệm vụ vượt yêu cầu (%)\n"
               f"{cells[0].code},2025,95,20%\n{cells[1].code},2025,95,35\n").encode()
    client.force_login(staff_nghe_an)
    page = client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("r.csv", content)})
    assert page.status_code == 200 and 'id="import-preview"' in page.content.decode()
    client.post(reverse("ratings:import_confirm"), {"token": client.session["ratings_import"]["token"]})
    tiers = dict(Rating.objects.values_list("organization_id", "level__tier"))
    assert tiers == {cells[0].pk: 2, cells[1].pk: 1}


def test_the_import_preview_shows_each_warning_with_its_source(nghe_an, staff_nghe_an, client):
    _gpo, _c, cells, _m = commune(nghe_an, cells=1, constituent_cells=0)
    content = f"Mã tổ chức,Năm,Bậc (1-4),Điểm\n{cells[0].code},2016,1,85\n".encode()
    client.force_login(staff_nghe_an)
    page = client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("r.csv", content)}).content.decode()
    assert '<td>2</td>' in page and "85 điểm chưa đạt ngưỡng 90 điểm" in page
    assert f"Căn cứ: {R27} (chưa khẳng định)" in page


def test_the_check_report_page_lists_the_years_rules_with_their_sources(nghe_an, staff_nghe_an, client):
    gpo, _c, cells, _m = commune(nghe_an, cells=1, constituent_cells=0)
    services.rating_set(user=staff_nghe_an, year=2016, organization=cells[0], level=level("organization", 2016, 1),
                        score=80)
    client.force_login(staff_nghe_an)
    page = client.get(reverse("ratings:checks", args=[gpo.pk, 2016])).content.decode()
    rules = page.split('id="rules-of-the-year"')[1]
    assert "Tổ chức đảng theo Hướng dẫn 27-HD/BTCTW (thang điểm 100)" in rules
    assert "Trong sạch, vững mạnh: từ 90 điểm." in rules and "chưa khẳng định" in rules
    assert "Yếu kém khi chính quyền cùng cấp xếp loại thấp nhất." in rules
    table = page.split('id="rules-of-the-year"')[0]
    assert f"{R27} · " in table  # the warning's row names its source


def test_the_admin_shows_each_schemes_source_and_each_rules_confirmation(client, admin_user):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:ratings_scheme_changelist")).content.decode()
    assert "không nguồn nào nêu văn bản" in listing and "Quy định 366-QĐ/TW ngày 30/8/2025, Điều 11" in listing
    scheme = Scheme.objects.get(code="org-27-hd-2014")
    page = client.get(reverse("admin:ratings_scheme_change", args=[scheme.pk])).content.decode()
    assert "Trong sạch, vững mạnh: từ 90 điểm." in page and 'name="rules-0-confirmed"' in page


def test_the_admin_shows_a_saved_ratings_warnings_with_their_sources(client, admin_user, nghe_an):
    _gpo, _c, cells, _m = commune(nghe_an, cells=1, constituent_cells=0)
    client.force_login(admin_user)
    response = client.post(reverse("admin:ratings_rating_add"), {
        "year": 2016, "organization": cells[0].pk, "level": level("organization", 2016, 1).pk, "score": "85",
        "not_reviewed": "", "deciding_body": "", "override_reason": "", "note": ""}, follow=True)
    page = response.content.decode()
    assert Rating.objects.filter(organization=cells[0], year=2016).exists()
    assert "85 điểm chưa đạt ngưỡng 90 điểm" in page and f"Căn cứ: {R27} (chưa khẳng định)" in page
