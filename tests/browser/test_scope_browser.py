import datetime

import pytest

from tests.factories import CellFactory, GrassrootsFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_of_cao_bang_are_refused_the_rating_grid_of_a_nghe_an_committee(
    page, live_server, login, staff_cao_bang, nghe_an
):
    gpo = GrassrootsFactory(parent=nghe_an, name="Đảng bộ xã Tiền Phong")
    CellFactory(parent=gpo, name="Chi bộ bản Piềng Cu")
    login("staff-caobang")
    response = page.goto(f"{live_server.url}/ratings/grid/{gpo.pk}/{datetime.date.today().year}/")
    assert response.status == 404
    body = page.locator("body").inner_text()
    assert "Tiền Phong" not in body and "Piềng Cu" not in body
