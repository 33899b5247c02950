import datetime

import pytest
from django.core.exceptions import ValidationError

from members import services
from members.models import CellRole, KeyCadre, VillageHead
from tests import factories

D = datetime.date


def test_a_new_secretary_closes_the_previous_term_the_day_before(admit, cell):
    first = admit(card_number="1", admitted_on=D(2015, 1, 1))
    second = admit(card_number="2", full_name="Vi Văn Bình", admitted_on=D(2015, 1, 1))
    services.cell_role_assign(cell=cell, member=first, role="secretary", term_start=D(2020, 10, 1))
    services.cell_role_assign(cell=cell, member=second, role="secretary", term_start=D(2025, 10, 1))
    old, new = CellRole.objects.order_by("term_start")
    assert (old.member, old.term_end) == (first, D(2025, 9, 30))
    assert (new.member, new.term_end) == (second, None)


def test_a_secretary_must_be_an_active_member_of_the_cell(admit, cell, other_cell):
    member = admit()
    with pytest.raises(ValidationError) as error:
        services.cell_role_assign(cell=other_cell, member=member, role="deputy", term_start=D(2024, 1, 1))
    assert "member" in error.value.message_dict


def test_a_new_village_head_replaces_the_sitting_one_and_a_member_record_means_member(admit):
    village = factories.VillageFactory()
    services.village_head_set(village=village, full_name="Lò Văn Hải", term_start=D(2020, 1, 1))
    member = admit()
    head = services.village_head_set(village=village, full_name=member.full_name, member=member,
                                     term_start=D(2023, 1, 1))
    assert head.is_party_member
    assert VillageHead.objects.filter(village=village, term_end__isnull=True).get() == head
    with pytest.raises(ValidationError):
        services.village_head_set(village=village.parent, full_name="X", term_start=D(2024, 1, 1))


def test_a_rotated_key_cadre_needs_the_sending_unit_and_a_grassroots_organization(cell):
    with pytest.raises(ValidationError) as error:
        services.key_cadre_set(organization=cell.parent, title="party_deputy", full_name="Hồ Văn Đạt",
                               term_start=D(2025, 7, 1), is_rotated=True)
    assert "rotated_from" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.key_cadre_set(organization=cell, title="party_deputy", full_name="Hồ Văn Đạt", term_start=D(2025, 7, 1))
    assert "organization" in error.value.message_dict
    cadre = services.key_cadre_set(
        organization=cell.parent, title="party_deputy", full_name="Hồ Văn Đạt", term_start=D(2025, 7, 1),
        is_rotated=True, rotated_from="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Nghệ An", qualification="university",
    )
    assert cadre.search_name == "ho van dat" and KeyCadre.objects.get().is_rotated


def test_a_key_cadre_term_cannot_end_before_it_starts(cell):
    with pytest.raises(ValidationError):
        services.key_cadre_set(organization=cell.parent, title="youth_secretary", full_name="Lữ Thị Mai",
                               term_start=D(2025, 7, 1), term_end=D(2025, 1, 1))


def test_an_admission_target_maximum_cannot_be_below_the_minimum(cell):
    with pytest.raises(ValidationError):
        services.admission_target_set(organization=cell.parent, year=2024, minimum=6, maximum=5)
    target = services.admission_target_set(organization=cell.parent, year=2024, minimum=5, maximum=6)
    assert target.label == "5–6"


def test_a_term_starting_in_the_future_or_before_1930_is_refused_on_its_field(admit, cell):
    member = admit()
    village = factories.VillageFactory()
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    for day in (tomorrow, D(1900, 1, 1)):
        writes = [
            lambda: services.cell_role_assign(cell=cell, member=member, role="deputy", term_start=day),
            lambda: services.village_head_set(village=village, full_name="Lò Văn Hải", term_start=day),
            lambda: services.key_cadre_set(organization=cell.parent, title="party_secretary", full_name="Lô Văn Thắng",
                                           term_start=day),
        ]
        for write in writes:
            with pytest.raises(ValidationError) as error:
                write()
            assert "term_start" in error.value.message_dict
    assert not CellRole.objects.exists() and not VillageHead.objects.exists() and not KeyCadre.objects.exists()


def test_a_successor_cannot_start_before_the_sitting_holder_and_the_sitting_term_stays_open(admit, cell):
    first = admit(card_number="1", admitted_on=D(2015, 1, 1))
    second = admit(card_number="2", full_name="Vi Văn Bình", admitted_on=D(2015, 1, 1))
    services.cell_role_assign(cell=cell, member=first, role="secretary", term_start=D(2020, 10, 1))
    with pytest.raises(ValidationError) as error:
        services.cell_role_assign(cell=cell, member=second, role="secretary", term_start=D(2020, 10, 1))
    assert "01/10/2020" in error.value.message_dict["term_start"][0]
    village = factories.VillageFactory()
    services.village_head_set(village=village, full_name="Lò Văn Hải", term_start=D(2020, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.village_head_set(village=village, full_name="Vi Thị Hoa", term_start=D(2019, 1, 1))
    assert "Lò Văn Hải" in error.value.message_dict["term_start"][0]
    services.key_cadre_set(organization=cell.parent, title="party_secretary", full_name="Lô Văn Thắng",
                           term_start=D(2020, 10, 20))
    with pytest.raises(ValidationError):
        services.key_cadre_set(organization=cell.parent, title="party_secretary", full_name="Lương Văn Pảo",
                               term_start=D(2015, 7, 1))
    assert CellRole.objects.get().term_end is None
    assert VillageHead.objects.get().term_end is None
    assert KeyCadre.objects.get().term_end is None


@pytest.mark.parametrize("leave", ["transfer", "removal", "death", "expulsion"])
def test_a_secretary_who_leaves_the_cell_leaves_the_post_that_day(admit, cell, other_cell, leave):
    member = admit(admitted_on=D(2015, 1, 1))
    services.cell_role_assign(cell=cell, member=member, role="secretary", term_start=D(2020, 10, 1))
    day = D(2024, 5, 2)
    if leave == "transfer":
        services.member_transfer(member=member, date=day, scope="cell", to_cell=other_cell)
    elif leave == "removal":
        services.member_remove(member=member, date=day)
    elif leave == "death":
        services.member_record_death(member=member, date=day)
    else:
        services.member_discipline(member=member, date=day, level="expulsion", deciding_body="Huyện ủy Quế Phong")
    assert CellRole.objects.get().term_end == day


def test_a_warning_or_an_exemption_leaves_the_secretary_in_post(admit, cell):
    member = admit(admitted_on=D(2015, 1, 1))
    services.cell_role_assign(cell=cell, member=member, role="secretary", term_start=D(2020, 10, 1))
    services.member_discipline(member=member, date=D(2024, 5, 2), level="warning", deciding_body="Đảng ủy xã")
    services.member_exempt(member=member, date=D(2024, 6, 1))
    assert CellRole.objects.get().term_end is None


def test_the_same_post_twice_is_refused_and_a_deputy_who_becomes_secretary_leaves_the_deputy_post(admit, cell):
    member = admit(admitted_on=D(2015, 1, 1))
    services.cell_role_assign(cell=cell, member=member, role="deputy", term_start=D(2020, 10, 1))
    with pytest.raises(ValidationError) as error:
        services.cell_role_assign(cell=cell, member=member, role="deputy", term_start=D(2022, 1, 1))
    assert "role" in error.value.message_dict
    services.cell_role_assign(cell=cell, member=member, role="secretary", term_start=D(2023, 3, 1))
    terms = list(CellRole.objects.order_by("term_start").values_list("role", "term_end"))
    assert terms == [("deputy", D(2023, 2, 28)), ("secretary", None)]
