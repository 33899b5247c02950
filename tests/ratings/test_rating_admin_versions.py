"""The admin's rating saves go through the rating service with the version the form was read at: a rating changed
meanwhile (a grid, an import, another admin) is refused with a message naming it, never overwritten."""

import pytest
from django.urls import reverse

from ratings import services
from ratings.models import Rating
from tests.ratings.factories import commune, level

pytestmark = pytest.mark.django_db
YEAR = 2024


def test_an_admin_saving_a_rating_changed_meanwhile_gets_a_message_and_the_change_stays(
        client, nghe_an, staff_nghe_an, admin_user):
    _gpo, _c, cells, members = commune(nghe_an, cells=1, members_per_cell=1, constituent_cells=0)
    person = members[cells[0].pk][0]
    rating = services.rating_set(user=staff_nghe_an, year=YEAR, member=person, level=level("member", YEAR, 2))
    client.force_login(admin_user)
    url = reverse("admin:ratings_rating_change", args=[rating.pk])
    services.rating_set(user=staff_nghe_an, year=YEAR, member=person, level=level("member", YEAR, 3),
                        note="trên bảng")  # after the admin opened the page at version 1
    data = {"level": level("member", YEAR, 1).pk, "not_reviewed": "", "deciding_body": "", "override_reason": "",
            "note": "admin", "seen_version": 1}
    page = client.post(url, data, follow=True).content.decode()
    assert f"đảng viên {person.full_name}" in page and "vừa được người khác sửa" in page
    rating.refresh_from_db()
    assert rating.level.tier == 3 and rating.note == "trên bảng" and rating.version == 2
    data["seen_version"] = 2
    assert client.post(url, data).status_code == 302
    assert Rating.objects.get(member=person).level.tier == 1
