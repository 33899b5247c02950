"""English that is English: level names from `label_en`, numbers in the active language's format, day-first
dates in both languages."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from lxml import html

from reports.findings import _fmt
from reports.suppression import count_text
from tests.ratings.factories import commune, level

YEAR = 2024


def test_the_grid_names_levels_in_english_in_english_mode(client, nghe_an, staff_nghe_an):
    gpo, _constituent, _cells, _members = commune(nghe_an, cells=1, members_per_cell=1, constituent_cells=0)
    client.force_login(staff_nghe_an)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html.fromstring(client.get(reverse("ratings:grid", args=[gpo.pk, YEAR])).content.decode())
    options = page.xpath(f"//select[@name='level_{gpo.pk}']/option/text()")
    good = level("organization", YEAR, 2)
    assert good.label_en and f"2. {good.label_en}" in options and f"2. {good.label_vi}" not in options
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = html.fromstring(client.get(reverse("ratings:grid", args=[gpo.pk, YEAR])).content.decode())
    assert f"2. {good.label_vi}" in page.xpath(f"//select[@name='level_{gpo.pk}']/option/text()")


def test_counts_and_shares_follow_the_active_language():
    with translation.override("vi"):
        assert (count_text({"count": 1572}), _fmt(Decimal("63.04"), "share"), _fmt(1336, "count")) == (
            "1.572", "63,04%", "1.336")
    with translation.override("en"):
        assert (count_text({"count": 1572}), _fmt(Decimal("63.04"), "share"), _fmt(1336, "count")) == (
            "1,572", "63.04%", "1,336")


def test_a_level_is_named_in_the_active_language(db):
    excellent = level("member", YEAR, 1)
    with translation.override("en"):
        assert str(excellent) == excellent.label_en
    with translation.override("vi"):
        assert str(excellent) == excellent.label_vi


def test_the_help_page_reads_in_english(client, staff_nghe_an):
    # The catalogues are compiled at set-up (`make messages`, run by `make test`).
    client.force_login(staff_nghe_an)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("help")).content.decode()
    for heading in ("User guide", "A year of review and classification", "Who may do what", "Checks: errors and warnings"):
        assert heading in page
    assert "Ai được làm gì" not in page and "Mục lục" not in page
    assert level("organization", 2025, 1).label_en in page
