"""Numbers typed with characters Python calls digits but no user means as numbers (superscripts, other scripts),
or with thousands of digits, in query strings: a page or a refusal, never a server error."""

import pytest

ODD = ["²", "٢٠٢٤", "２０２４", "1²", "9" * 5000, "-1", "0x10", "1e3", " 12 "]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize("url", ["/members/?organization={}", "/members/new/?cell={}", "/ratings/?year={}",
                                 "/members/?page={}", "/ratings/export/?year={}&subject=member&file_format=csv"])
def test_odd_digits_in_a_filter_give_a_page_not_a_server_error(client, staff_nghe_an, url, value):
    client.force_login(staff_nghe_an)
    response = client.get(url.format(value))
    assert response.status_code in (200, 400, 404), response.status_code


@pytest.mark.django_db
def test_a_cell_hint_in_another_script_is_ignored_not_read_as_a_number(client, staff_nghe_an, nghe_an):
    from tests import factories
    cell = factories.CellFactory(parent=factories.GrassrootsFactory(parent=nghe_an))
    client.force_login(staff_nghe_an)
    arabic = "".join(chr(0x0660 + int(d)) for d in str(cell.pk))  # int() would read it as the same number
    assert client.get(f"/members/new/?cell={arabic}").context["form"].initial.get("cell") is None
    assert client.get(f"/members/new/?cell={cell.pk}").context["form"].initial.get("cell") == cell
