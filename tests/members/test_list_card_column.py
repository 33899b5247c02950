"""Names repeat: the members list shows each member's card number in its own column."""

from django.urls import reverse
from lxml import html

from tests.factories import CellFactory, MemberFactory


def test_the_members_list_has_a_card_number_column(client, nghe_an, staff_nghe_an):
    cell = CellFactory(parent=nghe_an)
    twins = [MemberFactory(cell=cell, full_name="Lương Thị Xoan", card_number=number)
             for number in ("99000001", "99000002")]
    client.force_login(staff_nghe_an)
    page = html.fromstring(client.get(reverse("members:list")).content.decode())
    headings = [th.text_content().strip() for th in page.xpath("//table/thead/tr/th")]
    assert headings[1] == "Số thẻ đảng viên"
    cards = page.xpath("//td[@class='member-card']/text()")
    assert sorted(cards) == sorted(m.card_number for m in twins)
