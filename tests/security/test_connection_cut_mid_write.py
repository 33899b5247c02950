"""The database connection is cut (pg_terminate_backend) in the middle of a grid save, an import confirmation and
an approval, at the moment the write reaches the history table: the user gets a Vietnamese message, nothing is
half-written, and sending the same thing again succeeds."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ratings import services
from ratings.models import PendingImport, Rating, ReviewCycle
from ratings.services import GridEntry
from tests.faults import cut_when_blocked_on, postgresql_only
from tests.ratings.factories import commune, level

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]
YEAR = 2024
NOTHING_WRITTEN = "Thao tác vừa rồi chưa được ghi, và không có dữ liệu nào bị ghi dở."


@pytest.fixture
def unit(nghe_an):
    from ratings.models import Scheme
    from ratings.reference import load_schemes

    if not Scheme.objects.exists():  # a transactional test before this one emptied the tables
        load_schemes()
    return commune(nghe_an, cells=2, members_per_cell=2)


def _refused(response) -> str:
    page = response.content.decode()
    assert response.status_code == 503, page[:500]
    assert "Traceback" not in page
    assert "Tạm thời không truy cập được cơ sở dữ liệu" in page
    return page


def test_a_grid_save_cut_off_writes_nothing_and_the_same_save_then_succeeds(client, unit, staff_nghe_an):
    gpo, constituent, cells, _m = unit
    client.force_login(staff_nghe_an)
    url = reverse("ratings:grid", args=[gpo.pk, YEAR])
    good = str(level("organization", YEAR, 2).pk)
    data = {f"level_{u.pk}": good for u in [gpo, constituent, *cells]}
    with cut_when_blocked_on("ratings_historicalrating") as cut:
        response = client.post(url, data)
    assert cut, "the save never reached the history table"
    assert NOTHING_WRITTEN in _refused(response)
    assert not Rating.objects.exists() and not Rating.history.exists() and not ReviewCycle.objects.exists()
    assert client.post(url, data).status_code == 302
    assert Rating.objects.filter(year=YEAR).count() == len(data) == Rating.history.count()


def test_an_import_confirmation_cut_off_writes_nothing_and_can_be_confirmed_again(client, unit, staff_nghe_an):
    _gpo, _c, cells, members = unit
    people = [m for cell in cells for m in members[cell.pk]]
    client.force_login(staff_nghe_an)
    content = "Số thẻ đảng viên,Năm,Bậc (1-4)\n" + "".join(f"{p.card_number},{YEAR},2\n" for p in people)
    client.post(reverse("ratings:import"), {"file": SimpleUploadedFile("r.csv", content.encode())})
    token = client.session["ratings_import"]["token"]
    with cut_when_blocked_on("ratings_historicalrating") as cut:
        response = client.post(reverse("ratings:import_confirm"), {"token": token})
    assert cut, "the import never reached the history table"
    assert NOTHING_WRITTEN in _refused(response)
    assert not Rating.objects.exists() and not Rating.history.exists()
    assert PendingImport.objects.count() == 1  # still waiting for its confirmation
    response = client.post(reverse("ratings:import_confirm"), {"token": token}, follow=True)
    assert f"Đã ghi {len(people)} dòng: {len(people)} mới" in response.content.decode()
    assert Rating.objects.count() == len(people) and PendingImport.objects.get().applied_at is not None


def test_an_approval_cut_off_leaves_the_year_submitted_and_the_same_approval_then_succeeds(
    client, unit, staff_nghe_an, approver_nghe_an
):
    gpo, constituent, cells, _m = unit
    services.grid_save(user=staff_nghe_an, organization=gpo, year=YEAR, entries=[
        GridEntry(subject_id=u.pk, level_id=level("organization", YEAR, 2).pk) for u in [gpo, constituent, *cells]])
    services.cycle_submit(user=staff_nghe_an, organization=gpo, year=YEAR)
    cycle = ReviewCycle.objects.get(organization=gpo, year=YEAR)
    history = cycle.history.count()
    client.force_login(approver_nghe_an)
    url = reverse("ratings:cycle", args=[gpo.pk, YEAR, "approve"])
    with cut_when_blocked_on("ratings_historicalreviewcycle") as cut:
        response = client.post(url)
    assert cut, "the approval never reached the history table"
    assert NOTHING_WRITTEN in _refused(response)
    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.SUBMITTED and cycle.history.count() == history
    response = client.post(url, follow=True)
    assert "Đã phê duyệt năm 2024" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.APPROVED and cycle.history.count() == history + 1
