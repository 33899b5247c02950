"""The database unreachable: pages answer 503 with a Vietnamese message (no traceback), /healthz answers 503, and
the app recovers by itself when the database answers again, without a restart."""

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from partyquality.views import server_error
from tests.faults import database_unreachable, postgresql_only
from tests.ratings.factories import commune, level

YEAR = 2024


def _unavailable(response) -> str:
    page = response.content.decode()
    assert response.status_code == 503, page[:300]
    assert "Tạm thời không truy cập được cơ sở dữ liệu" in page and "Traceback" not in page
    assert response["Retry-After"] == "30"
    return page


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_the_server_is_unreachable_and_come_back_by_themselves(nghe_an, staff_nghe_an):
    from ratings.models import Scheme
    from ratings.reference import load_schemes

    if not Scheme.objects.exists():  # a transactional test before this one emptied the tables
        load_schemes()
    gpo, *_rest = commune(nghe_an, cells=1, members_per_cell=1)
    client = Client(raise_request_exception=False)
    client.force_login(staff_nghe_an)
    grid = reverse("ratings:grid", args=[gpo.pk, YEAR])
    good = level("organization", YEAR, 2).pk
    assert client.get("/ratings/").status_code == 200
    with database_unreachable():
        page = _unavailable(client.get("/ratings/"))
        assert "Hãy tải lại trang sau ít phút." in page
        assert _unavailable(client.get(grid))
        posted = _unavailable(client.post(grid, {f"level_{gpo.pk}": good}))
        assert "Thao tác vừa rồi chưa được ghi, và không có dữ liệu nào bị ghi dở." in posted
        assert client.get("/healthz").status_code == 503
    # The same process, no restart: the next requests connect again.
    assert client.get("/healthz").json() == {"database": "ok"}
    assert client.get("/ratings/").status_code == 200
    assert client.get(grid).status_code == 200


@pytest.mark.django_db
def test_a_database_error_in_a_view_is_a_503_page_on_any_database(client, nghe_an, staff_nghe_an, monkeypatch):
    gpo, *_rest = commune(nghe_an, cells=1, members_per_cell=1)
    client.force_login(staff_nghe_an)

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr("ratings.selectors.grid_rows", locked)
    _unavailable(client.get(reverse("ratings:grid", args=[gpo.pk, YEAR])))


def test_a_database_lost_outside_a_view_gets_the_same_page_and_other_errors_the_500_page(db):
    request = RequestFactory().post("/ratings/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert "không có dữ liệu nào bị ghi dở" in _unavailable(response)
    try:
        raise KeyError("a bug")
    except KeyError:
        response = server_error(request)
    assert response.status_code == 500 and "Đã có lỗi ở máy chủ" in response.content.decode()
