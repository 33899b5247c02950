"""Two people record the same cell's awareness class (or the same admission target) for the same year at the same
instant: one row is written, the other person gets a message, never a server error. Real concurrent transactions
on PostgreSQL."""

import pytest
from django.test import Client
from django.urls import reverse

from members.models import AdmissionTarget, AwarenessClass
from organizations.models import UserScope
from tests import factories
from tests.threads import meet_after, postgresql_only, run_at_once

pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]


@pytest.fixture
def colleague(nghe_an):
    user = factories.UserFactory(username="staff-2")
    factories.UserScopeFactory(user=user, role=UserScope.Role.STAFF, organization=nghe_an)
    return user


def _post_both(url, data, users):
    def post(user, value):
        client = Client()
        client.force_login(user)
        # The page, not response.context: the test client collects contexts through a signal every thread shares.
        return client.post(url, {**data, **value}, follow=True).content.decode()

    return run_at_once(*[lambda u=u, v=v: post(u, v) for u, v in users])


def test_two_people_recording_the_same_awareness_class_at_once_get_one_row_and_one_message(
    monkeypatch, cell, staff_nghe_an, colleague
):
    meet_after(monkeypatch, AwarenessClass, "full_clean", when=lambda row, *a, **k: row.pk is None)
    pages = _post_both(reverse("members:cell_awareness", args=[cell.pk]), {"year": 2024},
                          [(staff_nghe_an, {"attendees": 3}), (colleague, {"attendees": 4})])
    assert sum("Đã lưu số người học" in page for page in pages) == 1
    assert sum("Người khác vừa ghi số người học năm 2024 của chi bộ này cùng lúc" in page for page in pages) == 1
    assert AwarenessClass.objects.count() == 1


def test_two_people_setting_the_same_admission_target_at_once_get_one_row_and_one_message(
    monkeypatch, cell, staff_nghe_an, colleague
):
    meet_after(monkeypatch, AdmissionTarget, "full_clean", when=lambda row, *a, **k: row.pk is None)
    pages = _post_both(reverse("members:development_target", args=[cell.parent_id]), {"year": 2024},
                          [(staff_nghe_an, {"minimum": 5, "maximum": 6}), (colleague, {"minimum": 3})])
    assert sum("Đã lưu chỉ tiêu kết nạp năm 2024" in page for page in pages) == 1
    assert sum("Người khác vừa ghi chỉ tiêu năm 2024 của tổ chức này cùng lúc" in page for page in pages) == 1
    assert AdmissionTarget.objects.count() == 1
