"""Years, scores and notes obey one rule on every path (file, admin, service), for a new rating and a changed
one: years in four ASCII digits, scores from 0 to 100 with at most two decimals (refused, never rounded), notes
of at most 2,000 characters."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organizations.spreadsheets.reader import read_table
from ratings import services
from ratings.models import Rating, SummaryReturn
from ratings.spreadsheets.importer import ImportFailed, import_table
from tests.ratings.factories import commune, level

pytestmark = pytest.mark.django_db
YEAR = 2024


SCORED = 2025  # 366-QĐ/TW: organizations are scored out of 100 (90/70/50)


@pytest.fixture
def unit(nghe_an):
    return commune(nghe_an, cells=1, members_per_cell=1)


@pytest.fixture
def person(unit):
    _gpo, _c, cells, members = unit
    return members[cells[0].pk][0]


@pytest.fixture
def gpo(unit):
    return unit[0]


def _import(rows: list[list[str]]):
    content = "\n".join(",".join(row) for row in rows).encode()
    return import_table(read_table(content, "r.csv"))


def _errors(rows: list[list[str]]) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        _import(rows)
    return [str(error) for error in caught.value.errors]


@pytest.mark.parametrize("year", ["²", "٢٠٢٤", "２０２４", "9" * 1999, "24", "2024.5", "-2024"])
def test_a_year_that_is_not_four_ascii_digits_is_refused_on_its_column(person, year):
    errors = _errors([["Số thẻ đảng viên", "Năm", "Bậc (1-4)"], [person.card_number, year, "2"]])
    assert len(errors) == 1 and errors[0].startswith("Dòng 2, cột “Năm”: Năm “"), errors
    assert len(errors[0]) < 200  # thousands of digits are not echoed back
    assert not Rating.objects.exists()


@pytest.mark.parametrize(("score", "message"), [
    ("0E-1000000", "Điểm “0E-1000000” không phải số."),
    ("1e2", "Điểm “1e2” không phải số."),
    ("NaN", "Điểm “NaN” không phải số."),
    ("95.555", "Điểm có tối đa 2 chữ số thập phân."),
    ("100.01", "Điểm phải từ 0 đến 100."),
    ("９５", "Điểm “９５” không phải số."),
])
@pytest.mark.parametrize("existing", [False, True])
def test_a_bad_score_is_refused_on_its_column_for_a_new_rating_and_a_changed_one(gpo, staff_nghe_an, score, message,
                                                                                 existing):
    if existing:
        services.rating_set(user=staff_nghe_an, year=SCORED, organization=gpo, level=level("organization", SCORED, 2),
                            score=80)
    errors = _errors([["Mã tổ chức", "Năm", "Điểm"], [gpo.code, str(SCORED), score]])
    assert errors == [f"Dòng 2, cột “Điểm”: {message}"]
    assert list(Rating.objects.values_list("score", flat=True)) == ([Decimal("80.00")] if existing else [])


def test_a_score_re_imported_unchanged_counts_no_change(gpo):
    rows = [["Mã tổ chức", "Năm", "Điểm"], [gpo.code, str(SCORED), "\"95,5\""]]  # a decimal comma, quoted
    assert _import(rows).created == 1
    assert Rating.objects.get().score == Decimal("95.50")
    rows[1][2] = "95.50"
    report = _import(rows)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


@pytest.mark.parametrize("score", [Decimal("95.555"), "95.555", 95.555, Decimal("Infinity"), "1e2", "NaN"])
def test_the_service_refuses_the_same_scores_as_the_import(gpo, staff_nghe_an, score):
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=SCORED, organization=gpo, level=level("organization", SCORED, 1),
                            score=score)
    assert "score" in caught.value.message_dict
    assert not Rating.objects.exists()


def test_a_decimal_with_a_huge_negative_exponent_is_stored_as_its_value(gpo, staff_nghe_an):
    rating = services.rating_set(user=staff_nghe_an, year=SCORED, organization=gpo,
                                 level=level("organization", SCORED, 4), score=Decimal("0E-1000000"))
    assert rating.score == Decimal("0.00")


LONG = "x" * 2001


def test_a_note_over_2000_characters_in_a_file_is_refused_with_its_cell(person):
    from organizations.spreadsheets.reader import FileRefused

    with pytest.raises(FileRefused, match="Ô D2 dài 2.001 ký tự; mỗi ô tối đa 2.000 ký tự."):
        _import([["Số thẻ đảng viên", "Năm", "Bậc (1-4)", "Ghi chú"], [person.card_number, str(YEAR), "2", LONG]])


@pytest.mark.parametrize(("field", "title"), [("note", "Ghi chú"), ("override_reason", "Lý do vượt quy định")])
def test_the_importer_holds_notes_to_2000_characters_whatever_the_reader_allows(person, field, title):
    from organizations.spreadsheets.reader import Table

    table = Table(headers=["Số thẻ đảng viên", "Năm", "Bậc (1-4)", title],
                  rows=[(2, [person.card_number, str(YEAR), "2", LONG])])
    with pytest.raises(ImportFailed) as caught:
        import_table(table)
    assert [str(e) for e in caught.value.errors] == [f"Dòng 2, cột “{title}”: Tối đa 2000 ký tự (đang có 2001)."]


@pytest.mark.parametrize("field", ["note", "override_reason"])
def test_the_service_holds_notes_to_2000_characters(person, staff_nghe_an, field):
    with pytest.raises(ValidationError) as caught:
        services.rating_set(user=staff_nghe_an, year=YEAR, member=person, level=level("member", YEAR, 2),
                            **{field: LONG})
    assert field in caught.value.message_dict and not Rating.objects.exists()


def test_the_admin_holds_rating_notes_and_scores_to_the_same_rules(client, person, admin_user):
    client.force_login(admin_user)
    data = {"year": YEAR, "member": person.pk, "level": level("member", YEAR, 2).pk, "not_reviewed": "",
            "deciding_body": "", "override_reason": "", "note": LONG, "score": "95.555"}  # 2024: no score either
    response = client.post(reverse("admin:ratings_rating_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "note" in errors and "score" in errors
    assert not Rating.objects.exists()


def test_the_admin_holds_summary_return_notes_to_2000_characters(client, nghe_an, admin_user):
    client.force_login(admin_user)
    data = {"reporting_organization": nghe_an.pk, "year": YEAR, "subject": "cell", "population": "", "note": LONG,
            "source": "", "counts-TOTAL_FORMS": 1, "counts-INITIAL_FORMS": 0, "counts-0-tier": 1,
            "counts-0-count": 4}
    response = client.post(reverse("admin:ratings_summaryreturn_add"), data)
    assert response.status_code == 200 and "note" in response.context["adminform"].form.errors
    assert not SummaryReturn.objects.exists()


def test_the_summary_return_page_holds_notes_to_2000_characters(client, nghe_an, staff_nghe_an):
    from tests import factories
    gpo = factories.GrassrootsFactory(parent=nghe_an)
    client.force_login(staff_nghe_an)
    response = client.post(reverse("ratings:returns", args=[gpo.pk, YEAR]),
                           {"subject": "cell", "count_2": 3, "note": LONG})
    assert response.status_code == 200 and "note" in response.context["form"].errors
    assert not SummaryReturn.objects.exists()


def test_awareness_class_notes_are_held_to_2000_characters_on_the_page_and_in_the_admin(client, nghe_an,
                                                                                       staff_nghe_an, admin_user):
    from members.models import AwarenessClass
    from tests import factories
    cell = factories.CellFactory(parent=factories.GrassrootsFactory(parent=nghe_an))
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:cell_awareness", args=[cell.pk]),
                           {"year": YEAR, "attendees": 3, "note": LONG}, follow=True)
    assert "2000" in " ".join(str(m) for m in response.context["messages"])
    client.force_login(admin_user)
    response = client.post(reverse("admin:members_awarenessclass_add"),
                           {"cell": cell.pk, "year": YEAR, "attendees": 3, "note": LONG})
    assert response.status_code == 200 and "note" in response.context["adminform"].form.errors
    assert not AwarenessClass.objects.exists()


def test_ordinary_years_scores_and_dates_keep_working(gpo):
    report = _import([["Mã tổ chức", "Năm", "Điểm", "Ngày quyết định"], [gpo.code, " 2025 ", "100", "20/12/2025"]])
    assert report.created == 1
    rating = Rating.objects.get()
    assert (rating.year, rating.score, rating.decided_on) == (2025, Decimal("100.00"), datetime.date(2025, 12, 20))
    assert rating.level.tier == 1
