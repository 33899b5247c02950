"""The main pages run a fixed number of queries, however many members or events they show."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import services
from tests import factories


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_cell_page_does_not_query_per_member(client, staff_nghe_an, cell, ethnicities, admit):
    client.force_login(staff_nghe_an)
    admit()
    url = reverse("members:cell", args=[cell.pk])
    few = _queries(client, url)
    factories.MemberFactory.create_batch(20, cell=cell, ethnicity=ethnicities["Thái"])
    assert _queries(client, url) == few


def test_the_member_page_does_not_query_per_event(client, staff_nghe_an, admit):
    client.force_login(staff_nghe_an)
    member = admit(admitted_on=datetime.date(2020, 1, 10))
    url = reverse("members:detail", args=[member.pk])
    few = _queries(client, url)
    services.member_recognise_official(member=member, date=datetime.date(2021, 1, 10))
    for year in (2021, 2022, 2023):
        event = services.member_discipline(member=member, date=datetime.date(year, 6, 1), level="reprimand",
                                           deciding_body="Chi bộ")
    services.member_event_correct(event=event, cancel=True, reason="Ghi nhầm")
    assert _queries(client, url) == few


def test_the_list_does_not_query_per_member(client, staff_nghe_an, cell, ethnicities):
    client.force_login(staff_nghe_an)
    factories.MemberFactory.create_batch(2, cell=cell, ethnicity=ethnicities["Thái"])
    url = reverse("members:list")
    few = _queries(client, url)
    factories.MemberFactory.create_batch(30, cell=factories.CellFactory(parent=cell.parent),
                                         ethnicity=ethnicities["Kinh"])
    assert _queries(client, url) == few
