import datetime

import pytest

from members import selectors, services
from members.models import Member
from tests import factories
from tests.members.factories import (
    AdmissionTargetFactory,
    AwarenessClassFactory,
    KeyCadreFactory,
    VillageHeadFactory,
)

D = datetime.date
THIS_YEAR = datetime.date.today().year


@pytest.fixture
def commune(nghe_an):
    unit = factories.CommuneFactory(parent=nghe_an.province, name="Xã Tiền Phong", is_highland=True)
    return factories.GrassrootsFactory(parent=nghe_an, admin_unit=unit, name="Đảng bộ xã Tiền Phong")


@pytest.fixture
def two_cells(commune):
    return factories.CellFactory(parent=commune), factories.CellFactory(parent=factories.ConstituentFactory(parent=commune))


def _member(cell, ethnicity, **kw):
    return factories.MemberFactory(cell=cell, ethnicity=ethnicity, **kw)


def test_members_are_counted_per_unit_by_status_gender_ethnicity_and_age_band(nghe_an, commune, two_cells, ethnicities):
    first, second = two_cells
    thai, kinh = ethnicities["Thái"], ethnicities["Kinh"]
    _member(first, thai, gender="F", birth_date=D(THIS_YEAR - 25, 1, 1))
    _member(first, thai, gender="M", birth_date=None, birth_year=THIS_YEAR - 45)
    _member(second, kinh, gender="M", birth_date=D(THIS_YEAR - 65, 6, 1), status=Member.Status.PROBATIONARY,
            official_on=None)
    _member(second, kinh, status=Member.Status.REMOVED)

    def table(orgs, dimension):
        return {(r["organization_id"], r["key"]): r["count"] for r in selectors.member_breakdown(orgs, dimension)}

    assert table([nghe_an, first], "gender") == {(nghe_an.pk, "F"): 1, (nghe_an.pk, "M"): 2, (first.pk, "F"): 1,
                                                  (first.pk, "M"): 1}
    assert table([commune.pk], "ethnicity") == {(commune.pk, "03"): 2, (commune.pk, "01"): 1}
    assert table([commune], "status") == {(commune.pk, "official"): 2, (commune.pk, "probationary"): 1,
                                          (commune.pk, "removed"): 1}
    assert table([commune], "age_band") == {(commune.pk, "18-30"): 1, (commune.pk, "41-50"): 1, (commune.pk, "61-70"): 1}
    labels = {r["key"]: r["label"] for r in selectors.member_breakdown([commune], "ethnicity")}
    assert labels == {"03": "Thái", "01": "Kinh"}
    # Rows come in the natural order of each dimension, as a table shows them.
    assert [r["key"] for r in selectors.member_breakdown([commune], "status")] == ["probationary", "official", "removed"]
    assert [r["key"] for r in selectors.member_breakdown([commune], "ethnicity")] == ["01", "03"]


def test_member_counts_give_probationary_official_and_exempt_per_unit(commune, two_cells, ethnicities):
    first, second = two_cells
    _member(first, ethnicities["Kinh"], exempt_from_activities=True)
    _member(second, ethnicities["Kinh"], status=Member.Status.PROBATIONARY, official_on=None)
    _member(second, ethnicities["Kinh"], status=Member.Status.DECEASED)
    assert selectors.member_counts([commune])[commune.pk] == {"probationary": 1, "official": 1, "active": 2, "exempt": 1}


def test_admissions_officials_disciplines_removals_and_transfers_are_counted_per_year(commune, two_cells, admit):
    first, second = two_cells
    a = admit(cell=first, card_number="1", admitted_on=D(2021, 3, 1))
    b = admit(cell=first, card_number="2", admitted_on=D(2021, 5, 1))
    c = admit(cell=second, card_number="3", admitted_on=D(2022, 5, 1))
    services.member_recognise_official(member=a, date=D(2022, 3, 1))
    services.member_discipline(member=a, date=D(2022, 8, 1), level="warning", deciding_body="Đảng ủy")
    services.member_discipline(member=b, date=D(2022, 9, 1), level="expulsion", deciding_body="Huyện ủy")
    services.member_transfer(member=c, date=D(2022, 10, 1), scope="cell", to_cell=first)
    services.member_remove(member=c, date=D(2022, 12, 1))
    wrong = services.member_discipline(member=a, date=D(2022, 11, 1), level="reprimand", deciding_body="Chi bộ")
    services.member_event_correct(event=wrong, cancel=True, reason="Ghi nhầm")
    admission = a.events.get(kind="admission")
    services.member_event_correct(event=admission, date=D(2020, 12, 30), reason="Sai ngày")

    rows = {(r["organization_id"], r["year"]): r for r in selectors.events_per_year([commune, first, second], 2020, 2022)}
    assert rows[(commune.pk, 2020)]["admissions"] == 1
    assert rows[(commune.pk, 2021)]["admissions"] == 1  # the corrected admission moved to 2020
    assert rows[(commune.pk, 2022)] == {
        "organization_id": commune.pk, "year": 2022, "admissions": 1, "officials": 1, "removals": 1, "disciplines": 2,
        "expulsions": 1, "deaths": 0, "transfers_in": 1, "transfers_out": 1,
    }
    assert rows[(first.pk, 2022)]["removals"] == 1  # removed after moving into the first cell
    assert rows[(second.pk, 2022)]["transfers_out"] == 1 and rows[(second.pk, 2022)]["admissions"] == 1
    assert selectors.total_admissions([commune], 2020, 2022) == {commune.pk: 3}


def test_awareness_classes_and_targets_are_summed_and_compared(commune, two_cells, admit):
    first, second = two_cells
    AwarenessClassFactory(cell=first, year=2024, attendees=3)
    AwarenessClassFactory(cell=second, year=2024, attendees=2)
    AwarenessClassFactory(cell=first, year=2023, attendees=2)
    assert selectors.awareness_class_attendance([commune], 2024, 2024) == [
        {"organization_id": commune.pk, "year": 2024, "attendees": 5, "cells": 2}
    ]
    AdmissionTargetFactory(organization=commune, year=2024, minimum=2, maximum=3)
    AdmissionTargetFactory(organization=commune, year=2023, minimum=5, maximum=6)
    admit(cell=first, card_number="1", admitted_on=D(2024, 2, 1))
    admit(cell=second, card_number="2", admitted_on=D(2024, 7, 1))
    targets = selectors.admission_targets([commune], 2023, 2024)
    assert [(t["year"], t["admitted"], t["met"]) for t in targets] == [(2023, 0, False), (2024, 2, True)]


def test_villages_without_a_cell_or_without_a_member_are_found(commune, ethnicities):
    commune_unit = commune.admin_unit
    with_members, empty, no_cell = (factories.VillageFactory(parent=commune_unit, name=n) for n in
                                    ("Bản Cọc", "Bản Na Sài", "Bản Hủa Na"))
    factories.VillageFactory(parent=commune_unit, name="Bản cũ", valid_from=D(2000, 1, 1), valid_to=D(2025, 6, 30))  # no longer exists
    served = factories.CellFactory(parent=commune)
    served.villages.add(with_members)
    deserted = factories.CellFactory(parent=commune)
    deserted.villages.add(empty)
    _member(served, ethnicities["Thái"])
    _member(deserted, ethnicities["Thái"], status=Member.Status.TRANSFERRED_OUT)
    [row] = selectors.village_coverage([commune.parent])
    assert row["villages"] == 3
    assert row["without_cell_names"] == ["Bản Hủa Na"]
    assert row["without_member_names"] == ["Bản Hủa Na", "Bản Na Sài"]


def test_the_share_of_village_heads_who_are_members_counts_sitting_heads(commune):
    villages = [factories.VillageFactory(parent=commune.admin_unit) for _ in range(4)]
    VillageHeadFactory(village=villages[0], is_party_member=True)
    VillageHeadFactory(village=villages[1], is_party_member=True)
    VillageHeadFactory(village=villages[2], is_party_member=False)
    VillageHeadFactory(village=villages[3], is_party_member=False, term_end=D(2023, 1, 1))  # former head
    [row] = selectors.village_heads_membership([commune])
    assert (row["villages"], row["heads"], row["members"], row["not_members"], row["share"]) == (4, 3, 2, 1, 66.7)


def test_key_cadre_shares_are_checked_against_the_targets_of_their_area(nghe_an, commune):
    levels = [("university", "advanced"), ("intermediate", "intermediate"), ("elementary", "elementary"),
              ("college", "intermediate"), ("none", "elementary")]
    for qualification, theory in levels:
        KeyCadreFactory(organization=commune, qualification=qualification, theory_level=theory)
    KeyCadreFactory(organization=commune, qualification="none", term_end=D(2020, 9, 30), term_start=D(2015, 10, 1))
    lowland = factories.GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Đồng Bằng")
    for _ in range(3):
        KeyCadreFactory(organization=lowland, qualification="university", is_full_time=True)
    KeyCadreFactory(organization=lowland, qualification="university", is_full_time=False)
    rows = {r["organization_id"]: r for r in selectors.key_cadre_qualification([nghe_an])}
    mountain = rows[commune.pk]
    assert (mountain["area_type"], mountain["cadres"], mountain["qualification_share"], mountain["theory_share"],
            mountain["university_share"]) == ("mountain", 5, 60.0, 60.0, 20.0)
    checks = {(c["target"], c["measure"]): c["met"] for c in mountain["checks"]}
    assert checks == {("2002", "qualification_share"): True, ("2002", "theory_share"): False,
                      ("2010", "qualification_share"): False, ("2010", "theory_share"): False}
    flat = rows[lowland.pk]
    assert flat["area_type"] == "lowland" and flat["university_full_time"] == 3 and flat["university_count"] == 4
    assert {(c["target"], c["measure"]): c["met"] for c in flat["checks"]}[("2002", "university_full_time")] is True
    by_area = {r["area_type"]: r for r in selectors.key_cadre_by_area([nghe_an])}
    assert by_area["mountain"]["communes"] == 1 and by_area["lowland"]["qualification_share"] == 100.0


def test_statute_flags_warn_about_cells_under_3_and_from_30_official_members(commune, ethnicities):
    small, normal, large, dissolved = (factories.CellFactory(parent=commune) for _ in range(4))
    dissolved.dissolved = D(2024, 1, 1)
    dissolved.save()
    for cell, n in ((small, 2), (normal, 3), (large, 30)):
        factories.MemberFactory.create_batch(n, cell=cell, ethnicity=ethnicities["Kinh"])
    _member(small, ethnicities["Kinh"], status=Member.Status.PROBATIONARY, official_on=None)
    flags = selectors.cell_statute_flags([small.pk, normal.pk, large.pk, dissolved.pk])
    assert flags == {
        small.pk: "Chưa đủ 3 đảng viên chính thức (có 2)",
        large.pk: "30 đảng viên chính thức: đủ điều kiện lập đảng ủy",
    }
    counts = selectors.official_member_counts([small.pk, large.pk, commune.pk])
    assert counts == {small.pk: 3, large.pk: 30, commune.pk: 36}  # probationary members count too


def test_the_rolls_at_each_year_end_are_rebuilt_from_the_events(commune, two_cells, admit, ethnicities):
    first, second = two_cells
    a = admit(cell=first, card_number="1", admitted_on=D(2019, 3, 1))
    b = admit(cell=first, card_number="2", admitted_on=D(2020, 5, 1))
    services.member_recognise_official(member=a, date=D(2020, 3, 1))
    services.member_transfer(member=b, date=D(2021, 2, 1), scope="cell", to_cell=second)
    services.member_remove(member=a, date=D(2022, 1, 15))
    _member(second, ethnicities["Kinh"], admitted_on=D(2010, 1, 1), official_on=D(2011, 1, 1))  # no events
    rows = {(r["organization_id"], r["year"]): (r["members"], r["official"])
            for r in selectors.members_at_year_end([commune, first, second], 2018, 2022)}
    assert rows[(commune.pk, 2018)] == (1, 1)
    assert rows[(commune.pk, 2019)] == (2, 1)
    assert rows[(commune.pk, 2020)] == (3, 2)
    assert rows[(first.pk, 2020)] == (2, 1) and rows[(first.pk, 2021)] == (1, 1)
    assert rows[(second.pk, 2021)] == (2, 1)  # b moved in, still probationary
    assert rows[(commune.pk, 2022)] == (2, 1)
    assert (first.pk, 2022) not in rows
