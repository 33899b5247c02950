from members.models import Ethnicity
from members.reference import load_ethnicities


def test_the_54_groups_load_with_the_statistics_office_codes(db):
    assert load_ethnicities() == 54
    codes = dict(Ethnicity.objects.values_list("code", "name"))
    assert len(codes) == 54
    assert codes["01"] == "Kinh"
    assert codes["02"] == "Tày"
    assert codes["03"] == "Thái"
    assert codes["04"] == "Hoa"
    assert codes["05"] == "Khơ-me"
    assert codes["06"] == "Mường"
    assert codes["07"] == "Nùng"
    assert codes["08"] == "HMông"
    assert codes["09"] == "Dao"
    assert codes["24"] == "Thổ"
    assert codes["29"] == "Khơ-mú"
    assert codes["54"] == "Rơ-măm"


def test_loading_twice_creates_nothing_new(db):
    load_ethnicities()
    assert load_ethnicities() == 0
    assert Ethnicity.objects.count() == 54
