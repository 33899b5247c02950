"""Any values in any column of an import give a preview or errors by row and column, never an exception."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizations.spreadsheets.reader import Table
from ratings.spreadsheets.importer import ImportFailed, import_table
from tests.ratings.factories import commune

pytestmark = pytest.mark.django_db

HEADERS = ["Số thẻ đảng viên", "Mã tổ chức", "Năm", "Mức xếp loại", "Bậc (1-4)", "Điểm", "Tiêu biểu",
           "Không đánh giá", "Ngày quyết định", "Cấp quyết định", "Lý do vượt quy định", "Ghi chú"]
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["NaN", "Infinity", "-0", "1e400", "2024", "2", "hoan thanh tot nhiem vu", "31/02/2024",
                     "'=1+1", "có", "mien danh gia", "00000001"]),
    st.dates(min_value=datetime.date(1, 1, 1)), st.datetimes(min_value=datetime.datetime(1, 1, 1)),
)


@pytest.fixture
def people(nghe_an):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=2, constituent_cells=0)
    return members[cells[0].pk], cells


# No example database in the work tree (as the bad-input suite); a failure prints its reproduction blob.
@settings(max_examples=150, deadline=None, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(VALUES, min_size=len(HEADERS), max_size=len(HEADERS)), min_size=1, max_size=3),
       real=st.sampled_from(["", "member", "organization"]))
def test_any_cell_values_give_a_report_or_row_errors(people, rows, real):
    members, cells = people
    # Real subjects in the first row, so that the checks past the lookup run too.
    if real == "member":
        rows[0][:5] = [members[0].card_number, None, 2024, None, 2]
    elif real == "organization":
        rows[0][:5] = [None, cells[0].code, 2024, None, 2]
    try:
        import_table(Table(headers=HEADERS, rows=[(n + 2, row) for n, row in enumerate(rows)]), dry_run=True)
    except ImportFailed as exc:
        assert all(error.row >= 2 and error.message for error in exc.errors)


def test_a_card_or_code_holding_a_nul_is_a_row_error_not_a_database_error(people):
    rows = [(2, ["0\x00", None, 2024, None, 2] + [None] * 7), (3, [None, "\x00", 2024, None, 2] + [None] * 7)]
    with pytest.raises(ImportFailed) as failed:
        import_table(Table(headers=HEADERS, rows=rows), dry_run=True)
    assert [error.row for error in failed.value.errors] == [2, 3]
