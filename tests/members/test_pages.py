import datetime

import pytest
from django.urls import reverse

from members.models import Member
from tests import factories

D = datetime.date


@pytest.fixture
def member(admit):
    return admit(full_name="Lương Thị Hoà", admitted_on=D(2022, 6, 10))


@pytest.fixture
def cao_bang_member(cao_bang, ethnicities):
    cell = factories.CellFactory(parent=factories.GrassrootsFactory(parent=cao_bang))
    return factories.MemberFactory(cell=cell, ethnicity=ethnicities["Tày"], full_name="Nông Văn Dền")


def _urls(member):
    event = member.events.first()
    return [
        reverse("members:list"),
        reverse("members:add"),
        reverse("members:detail", args=[member.pk]),
        reverse("members:edit", args=[member.pk]),
        reverse("members:event", args=[member.pk]),
        reverse("members:transfer", args=[member.pk]),
        reverse("members:cell", args=[member.cell_id]),
    ] + ([reverse("members:correct", args=[event.pk])] if event else [])


def test_every_members_page_asks_anonymous_visitors_to_log_in(client, member):
    for url in _urls(member):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_analysts_are_refused_every_personal_page(client, analyst, member):
    client.force_login(analyst)
    for url in _urls(member):
        assert client.get(url).status_code == 403, url


def test_staff_of_another_province_get_404_for_a_member_and_a_cell_outside_their_scope(client, staff_cao_bang, member):
    client.force_login(staff_cao_bang)
    for url in _urls(member)[2:]:
        assert client.get(url).status_code == 404, url


def test_staff_in_scope_reach_every_page(client, staff_nghe_an, member):
    client.force_login(staff_nghe_an)
    for url in _urls(member):
        assert client.get(url).status_code == 200, url


def test_the_list_shows_only_members_in_scope(client, staff_nghe_an, member, cao_bang_member):
    client.force_login(staff_nghe_an)
    content = client.get(reverse("members:list")).content.decode()
    assert "Lương Thị Hoà" in content
    assert "Nông Văn Dền" not in content


def test_the_list_search_ignores_accents_and_case(client, staff_nghe_an, admit, member):
    admit(full_name="Vi Văn Bình", card_number="40000002")
    client.force_login(staff_nghe_an)
    content = client.get(reverse("members:list"), {"q": "LUONG thi hoa"}).content.decode()
    assert "Lương Thị Hoà" in content and "Vi Văn Bình" not in content


def test_the_list_filters_by_gender_ethnicity_status_organization_and_age_band(
    client, staff_nghe_an, admit, member, ethnicities, nghe_an
):
    other_gpo = factories.GrassrootsFactory(parent=nghe_an)
    other = factories.MemberFactory(
        cell=factories.CellFactory(parent=other_gpo), full_name="Moong Văn Khăm", gender="M",
        ethnicity=ethnicities["Khơ-mú"], birth_date=D(1960, 1, 1),
    )
    client.force_login(staff_nghe_an)

    def names(**params):
        page = client.get(reverse("members:list"), params).context["page"]
        return {m.full_name for m in page}

    assert names(gender="M") == {other.full_name}
    assert names(ethnicity=ethnicities["Thái"].pk) == {member.full_name}
    assert names(status="probationary") == {member.full_name}
    assert names(status="active") == {member.full_name, other.full_name}
    assert names(organization=other_gpo.pk) == {other.full_name}
    year = datetime.date.today().year
    assert names(age_band="18-30" if year - 1995 <= 30 else "31-40") == {member.full_name}
    assert other.full_name in names(age_band="61-70" if year - 1960 <= 70 else "71+")


def test_the_list_is_paginated_with_the_filters_kept(client, staff_nghe_an, cell, ethnicities):
    factories.MemberFactory.create_batch(55, cell=cell, ethnicity=ethnicities["Kinh"])
    client.force_login(staff_nghe_an)
    first = client.get(reverse("members:list"), {"gender": "M"})
    assert len(first.context["page"]) == 50
    assert "gender=M&amp;page=2" in first.content.decode()
    assert len(client.get(reverse("members:list"), {"gender": "M", "page": 2}).context["page"]) == 5


def test_the_list_runs_a_fixed_number_of_queries(client, staff_nghe_an, cell, ethnicities, django_assert_max_num_queries):
    factories.MemberFactory.create_batch(30, cell=cell, ethnicity=ethnicities["Kinh"])
    client.force_login(staff_nghe_an)
    with django_assert_max_num_queries(12):
        client.get(reverse("members:list"))


def test_admitting_through_the_form_shows_the_member_on_the_cell_page(client, staff_nghe_an, cell, ethnicities):
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:add"), {
        "cell": cell.pk, "full_name": "  Lữ  Văn Hùng ", "gender": "M", "birth_date": "1998-02-03",
        "ethnicity": ethnicities["Thổ"].pk, "qualification": "none", "theory_level": "none",
        "card_number": "40111222", "admitted_on": "2024-05-19",
    })
    assert response.status_code == 302
    member = Member.objects.get(card_number="40111222")
    assert member.full_name == "Lữ Văn Hùng"
    page = client.get(reverse("members:cell", args=[cell.pk]))
    assert page.context["counts"]["probationary"] == 1
    assert "Lữ Văn Hùng" in page.content.decode()


def test_a_duplicate_card_number_in_the_form_is_shown_on_the_field(client, staff_nghe_an, member, cell, ethnicities):
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:add"), {
        "cell": cell.pk, "full_name": "Vi Văn Bình", "gender": "M", "birth_date": "1998-02-03",
        "ethnicity": ethnicities["Thái"].pk, "qualification": "none", "theory_level": "none",
        "card_number": member.card_number, "admitted_on": "2024-05-19",
    })
    assert response.status_code == 200
    assert "card_number" in response.context["form"].errors
    assert Member.objects.count() == 1


def test_staff_cannot_admit_into_a_cell_of_another_province(client, staff_nghe_an, cao_bang_member, ethnicities):
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:add"), {
        "cell": cao_bang_member.cell_id, "full_name": "Vi Văn Bình", "gender": "M", "birth_date": "1998-02-03",
        "ethnicity": ethnicities["Thái"].pk, "qualification": "none", "theory_level": "none",
        "admitted_on": "2024-05-19",
    })
    assert response.status_code == 200
    assert "cell" in response.context["form"].errors
    assert Member.objects.count() == 1


def test_early_official_recognition_in_the_form_names_the_earliest_date(client, staff_nghe_an, member):
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:event", args=[member.pk]), {"kind": "official", "date": "2023-01-01"})
    assert response.status_code == 200
    assert "10/06/2023" in response.context["form"].errors["date"][0]
    response = client.post(reverse("members:event", args=[member.pk]), {"kind": "official", "date": "2023-06-12"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.OFFICIAL


def test_the_event_form_ignores_a_foreign_next_address(client, staff_nghe_an, member):
    client.force_login(staff_nghe_an)
    response = client.post(
        reverse("members:event", args=[member.pk]),
        {"kind": "exemption", "date": "2024-01-01", "next": "https://example.org/"},
    )
    assert response["Location"] == reverse("members:detail", args=[member.pk])


def test_a_transfer_into_a_dissolved_cell_is_refused_in_the_form(client, staff_nghe_an, member, other_cell):
    other_cell.dissolved = D(2024, 1, 1)
    other_cell.save()
    client.force_login(staff_nghe_an)
    response = client.post(
        reverse("members:transfer", args=[member.pk]), {"scope": "cell", "to_cell": other_cell.pk, "date": "2024-02-01"}
    )
    assert response.status_code == 200
    assert "to_cell" in response.context["form"].errors


def test_a_correction_through_the_form_keeps_the_old_event_on_the_page(client, staff_nghe_an, member):
    client.force_login(staff_nghe_an)
    admission = member.events.get()
    response = client.post(
        reverse("members:correct", args=[admission.pk]), {"date": "2022-05-02", "note": "Sai ngày quyết định"}
    )
    assert response.status_code == 302
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert "<s>10/06/2022</s>" in page and "02/05/2022" in page


def test_the_cell_page_records_awareness_class_attendance(client, staff_nghe_an, member, cell):
    client.force_login(staff_nghe_an)
    client.post(reverse("members:cell_awareness", args=[cell.pk]), {"year": 2024, "attendees": 3})
    client.post(reverse("members:cell_awareness", args=[cell.pk]), {"year": 2024, "attendees": 2})
    assert list(cell.awareness_classes.values_list("year", "attendees")) == [(2024, 2)]


def test_a_committee_is_not_a_cell_page(client, staff_nghe_an, cell):
    client.force_login(staff_nghe_an)
    assert client.get(reverse("members:cell", args=[cell.parent_id])).status_code == 404


def test_the_organization_filter_accepts_a_name_without_accents_or_a_code(client, staff_nghe_an, member, nghe_an,
                                                                         ethnicities, cao_bang_member):
    other = factories.MemberFactory(
        cell=factories.CellFactory(parent=factories.GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Nậm Giải",
                                                                      code="DB-NG")),
        ethnicity=ethnicities["HMông"], full_name="Vừ Bá Tu",
    )
    client.force_login(staff_nghe_an)

    def names(value):
        return {m.full_name for m in client.get(reverse("members:list"), {"organization": value}).context["page"]}

    assert names("nam giai") == {other.full_name}
    assert names("DB-NG") == {other.full_name}
    assert names("tien phong") == {member.full_name}
    assert names(str(cao_bang_member.cell.parent_id)) == set()  # another province's committee: nothing


def test_odd_filter_values_never_break_the_list(client, staff_nghe_an, member):
    client.force_login(staff_nghe_an)
    for params in ({"organization": "9" * 40}, {"status": "nonsense"}, {"age_band": "x"}, {"page": "-3"},
                   {"ethnicity": "abc"}, {"q": "%_'\""}):
        assert client.get(reverse("members:list"), params).status_code == 200, params


def test_the_development_page_shows_a_committees_figures_and_saves_a_target(client, staff_nghe_an, member, cell):
    from tests.members.factories import KeyCadreFactory

    KeyCadreFactory(organization=cell.parent, full_name="Vi Văn Cán", is_rotated=True, rotated_from="Biên phòng")
    client.force_login(staff_nghe_an)
    url = reverse("members:development", args=[cell.parent_id])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["counts"]["probationary"] == 1
    row_2022 = next(r for r in response.context["years"] if r["year"] == 2022)
    assert row_2022["admissions"] == 1
    assert "Vi Văn Cán" in response.content.decode()
    client.post(reverse("members:development_target", args=[cell.parent_id]), {"year": 2022, "minimum": 5, "maximum": 6})
    row_2022 = next(r for r in client.get(url).context["years"] if r["year"] == 2022)
    assert (row_2022["target"]["minimum"], row_2022["target"]["met"]) == (5, False)
    bad = client.post(reverse("members:development_target", args=[cell.parent_id]), {"year": 2022, "minimum": 6,
                                                                                       "maximum": 5}, follow=True)
    assert "không được nhỏ hơn" in bad.content.decode()


def test_the_development_page_is_personal_and_scoped(client, analyst, staff_cao_bang, member, cell):
    url = reverse("members:development", args=[cell.parent_id])
    client.force_login(analyst)
    assert client.get(url).status_code == 403
    client.force_login(staff_cao_bang)
    assert client.get(url).status_code == 404
    assert client.get(reverse("members:development", args=[cell.pk])).status_code == 404


def test_the_members_link_is_shown_to_staff_and_hidden_from_analysts(client, staff_nghe_an, analyst):
    client.force_login(staff_nghe_an)
    assert reverse("members:list") in client.get("/").content.decode()
    client.force_login(analyst)
    assert reverse("members:list") not in client.get("/").content.decode()


def test_staff_record_a_cell_secretary_from_the_cell_page(client, staff_nghe_an, member, cell, other_cell, admit):
    from members.models import CellRole

    client.force_login(staff_nghe_an)
    url = reverse("members:cell_role", args=[cell.pk])
    client.post(url, {"member": member.pk, "role": "secretary", "term_start": "2024-01-01"})
    assert CellRole.objects.get().member == member
    stranger = admit(cell=other_cell, card_number="40999", full_name="Vi Văn Bình")
    response = client.post(url, {"member": stranger.pk, "role": "deputy", "term_start": "2024-01-01"}, follow=True)
    assert CellRole.objects.count() == 1
    assert "Đảng viên" in response.content.decode()  # the field named in the error message


def test_staff_record_key_cadres_and_village_heads_from_the_development_page(client, staff_nghe_an, cell, nghe_an):
    from members.models import KeyCadre, VillageHead

    commune = factories.CommuneFactory(parent=nghe_an.province)
    cell.parent.admin_unit = commune
    cell.parent.save()
    village = factories.VillageFactory(parent=commune, name="Bản Cọc")
    client.force_login(staff_nghe_an)
    url = reverse("members:key_cadre_add", args=[cell.parent_id])
    cadre = {"organization": cell.parent_id, "title": "party_secretary", "full_name": "Lô Văn Thắng",
             "term_start": "2020-10-20", "qualification": "university", "theory_level": "advanced",
             "is_full_time": "on"}
    client.post(url, cadre)
    client.post(url, {**cadre, "full_name": "Lương Văn Pảo", "term_start": "2025-07-01"})
    terms = list(KeyCadre.objects.order_by("term_start").values_list("full_name", "term_end"))
    assert terms == [("Lô Văn Thắng", D(2025, 6, 30)), ("Lương Văn Pảo", None)]
    bad = client.post(url, {**cadre, "is_rotated": "on"}, follow=True)
    assert "đơn vị cử" in bad.content.decode() and KeyCadre.objects.count() == 2
    heads = reverse("members:village_head_add", args=[cell.parent_id])
    client.post(heads, {"village": village.pk, "full_name": "Lò Văn Hải", "term_start": "2020-01-01"})
    client.post(heads, {"village": village.pk, "full_name": "Vi Thị Hoa", "is_party_member": "on",
                        "term_start": "2024-01-01"})
    sitting = VillageHead.objects.get(term_end__isnull=True)
    assert (sitting.full_name, sitting.is_party_member) == ("Vi Thị Hoa", True)
    page = client.get(reverse("members:development", args=[cell.parent_id])).content.decode()
    assert "1/1" in page and "Lương Văn Pảo" in page


def test_every_write_endpoint_refuses_anonymous_visitors_analysts_and_other_provinces(
    client, analyst, staff_cao_bang, member, cell
):
    from members.models import AwarenessClass, CellRole, KeyCadre, VillageHead

    gpo = cell.parent_id
    posts = [
        reverse("members:cell_awareness", args=[cell.pk]),
        reverse("members:cell_role", args=[cell.pk]),
        reverse("members:development_target", args=[gpo]),
        reverse("members:key_cadre_add", args=[gpo]),
        reverse("members:village_head_add", args=[gpo]),
        reverse("members:event", args=[member.pk]),
        reverse("members:transfer", args=[member.pk]),
    ]
    data = {"year": 2024, "attendees": 3, "member": member.pk, "role": "secretary", "term_start": "2024-01-01",
            "minimum": 1, "kind": "death", "date": "2024-01-01", "scope": "out"}
    for url in posts:
        assert client.post(url, data).status_code == 302 and "login" in client.post(url, data)["Location"]
    client.force_login(analyst)
    assert all(client.post(url, data).status_code == 403 for url in posts)
    client.force_login(staff_cao_bang)
    assert all(client.post(url, data).status_code == 404 for url in posts)
    member.refresh_from_db()
    assert member.status == Member.Status.PROBATIONARY
    assert not (AwarenessClass.objects.exists() or CellRole.objects.exists() or KeyCadre.objects.exists()
                or VillageHead.objects.exists())


def test_the_member_page_lists_edits_of_the_record_with_old_and_new_values(client, staff_nghe_an, member):
    client.force_login(staff_nghe_an)
    data = {"full_name": "Lương Thị Hoà", "gender": "F", "birth_date": "1995-04-12", "birth_year": "1995",
            "ethnicity": member.ethnicity_id, "qualification": "college", "theory_level": "none",
            "card_number": member.card_number, "version": member.version}
    assert client.post(reverse("members:edit", args=[member.pk]), data).status_code == 302
    changes = client.get(reverse("members:detail", args=[member.pk])).context["changes"]
    latest = changes[0]
    assert latest["user"] == staff_nghe_an
    assert [(str(d["field"]), d["old"], d["new"]) for d in latest["diff"]] == [("trình độ chuyên môn", "Chưa qua đào tạo", "Cao đẳng")]


def test_dates_in_the_record_changes_read_like_the_other_dates_of_the_page(client, staff_nghe_an, member):
    from members import services

    services.member_recognise_official(member=member, date=D(2023, 6, 10))
    client.force_login(staff_nghe_an)
    page = client.get(reverse("members:detail", args=[member.pk]))
    diff = {str(d["field"]): d["new"] for d in page.context["changes"][0]["diff"]}
    assert diff["ngày chính thức"] == "10/06/2023"


def test_above_a_commune_the_key_cadres_are_grouped_under_their_commune(client, staff_nghe_an, nghe_an, cell):
    from members import services

    other_gpo = factories.GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Nậm Giải")
    for gpo, name in ((cell.parent, "Lô Văn Thắng"), (other_gpo, "Lương Văn Pảo")):
        services.key_cadre_set(organization=gpo, title="party_secretary", full_name=name, term_start=D(2020, 10, 20))
    client.force_login(staff_nghe_an)
    page = client.get(reverse("members:development", args=[nghe_an.pk])).content.decode()
    table = page[page.index('id="key-cadres"'):]
    assert table.index("Đảng bộ xã Nậm Giải") < table.index("Lương Văn Pảo")
    assert table.index("Đảng bộ xã Tiền Phong") < table.index("Lô Văn Thắng")
    single = client.get(reverse("members:development", args=[cell.parent_id])).content.decode()
    assert 'data-gpo="' not in single


def test_every_filter_of_the_list_offers_all_as_its_empty_choice(client, staff_nghe_an, member):
    client.force_login(staff_nghe_an)
    form = client.get(reverse("members:list")).context["filter"].form
    for name in ("status", "ethnicity", "gender", "age_band"):
        assert list(form.fields[name].choices)[0][1] == "Tất cả", name


def test_the_member_page_links_to_the_members_rating_history(client, staff_nghe_an, member):
    client.force_login(staff_nghe_an)
    page = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    assert reverse("ratings:member_history", args=[member.pk]) in page
