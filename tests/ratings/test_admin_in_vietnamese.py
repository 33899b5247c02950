"""An admin in Vietnamese: day-first dates typed, shown and written by the calendar; the audit trail in labels and
the values users know; a rating's levels limited to its year's scheme; locked years read-only up front."""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.urls import reverse
from django.utils import translation
from lxml import html

from ratings import services
from ratings.models import Rating
from ratings.services import GridEntry
from tests.ratings.factories import commune, level

YEAR = 2024


@pytest.mark.parametrize(("typed", "day"), [("01/12/2026", datetime.date(2026, 12, 1)),
                                            ("25/12/2026", datetime.date(2026, 12, 25)),
                                            ("2026-12-25", datetime.date(2026, 12, 25))])
def test_dates_are_read_day_first(typed, day):
    with translation.override("vi"):
        assert forms.DateField().clean(typed) == day


def test_admin_date_fields_show_day_first():
    with translation.override("vi"):
        assert AdminDateWidget().format_value(datetime.date(2026, 12, 2)) == "02/12/2026"


def test_the_calendars_today_writes_a_day_first_date(client, admin_user):
    client.force_login(admin_user)
    catalog = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # DateTimeShortcuts.js writes "Hôm nay" with the first input format of the catalogue.
    first = re.search(r'"DATE_INPUT_FORMATS": \[\s*"([^"]+)"', catalog).group(1)
    assert first == "%d/%m/%Y"


@pytest.fixture
def rated(nghe_an, staff_nghe_an):
    gpo, _constituent, cells, _members = commune(nghe_an, cells=1, members_per_cell=1, constituent_cells=0)
    services.grid_save(user=staff_nghe_an, organization=gpo, year=YEAR, entries=[
        GridEntry(subject_id=unit.pk, level_id=level("organization", YEAR, 2).pk) for unit in (gpo, cells[0])])
    return gpo, cells[0]


def test_the_audit_trail_shows_labels_level_names_user_names_and_status_labels(
    client, admin_user, staff_nghe_an, approver_nghe_an, rated
):
    gpo, cell = rated
    rating = Rating.objects.get(organization=cell, year=YEAR)
    services.grid_save(user=staff_nghe_an, organization=gpo, year=YEAR, entries=[
        GridEntry(subject_id=cell.pk, level_id=level("organization", YEAR, 3).pk, version=rating.version)])
    services.cycle_submit(user=staff_nghe_an, organization=gpo, year=YEAR)
    services.cycle_approve(user=approver_nghe_an, organization=gpo, year=YEAR)
    client.force_login(admin_user)
    ratings_page = client.get(reverse("admin:ratings_historicalrating_changelist")).content.decode()
    assert "<b>mức</b>: Hoàn thành tốt nhiệm vụ → Hoàn thành nhiệm vụ" in ratings_page
    cycles = client.get(reverse("admin:ratings_historicalreviewcycle_changelist")).content.decode()
    assert "<b>trạng thái</b>: Đã trình → Đã phê duyệt" in cycles
    assert "staff → approver" in cycles
    headings = [th.text_content().strip() for th in html.fromstring(cycles).xpath("//thead/tr/th")]
    assert {"thời điểm", "người thay đổi", "loại thay đổi"} <= {h.lower() for h in headings}
    assert "Sửa" in cycles and "history" not in " ".join(headings).lower()


def test_a_kept_ratings_level_choices_are_its_years_scheme(client, admin_user, rated):
    _gpo, cell = rated
    rating = Rating.objects.get(organization=cell, year=YEAR)
    client.force_login(admin_user)
    page = html.fromstring(client.get(reverse("admin:ratings_rating_change", args=[rating.pk])).content.decode())
    options = [o.text for o in page.xpath("//select[@name='level']/option") if o.get("value")]
    assert options == [f"{t}. {level('organization', YEAR, t).label_vi}" for t in (1, 2, 3, 4)]


def test_a_new_ratings_levels_are_grouped_by_scheme(client, admin_user, rated):
    client.force_login(admin_user)
    page = html.fromstring(client.get(reverse("admin:ratings_rating_add")).content.decode())
    groups = page.xpath("//select[@name='level']/optgroup/@label")
    assert len(groups) == len(set(groups)) > 1 and any("366-QĐ/TW" in g or "2025" in g for g in groups)


def test_a_locked_rating_is_read_only_with_a_vietnamese_explanation(
    client, admin_user, staff_nghe_an, rated
):
    gpo, cell = rated
    services.cycle_submit(user=staff_nghe_an, organization=gpo, year=YEAR)
    rating = Rating.objects.get(organization=cell, year=YEAR)
    client.force_login(admin_user)
    page = client.get(reverse("admin:ratings_rating_change", args=[rating.pk])).content.decode()
    assert 'name="_save"' not in page and "<select" not in page.split('id="content-main"')[1].split("</form>")[0]
    assert "chỉ xem được" in page and "Mở lại" in page
    response = client.post(reverse("admin:ratings_rating_change", args=[rating.pk]), {"level": ""})
    assert response.status_code == 403
    assert Rating.objects.get(pk=rating.pk).level.tier == 2
