"""The charts say what each tier meant in each year: the level labels of that year's scheme are in the legend."""

from django.urls import reverse

from reports.charts import comparison_figure, trends_figure


def _row(series, year, tier, count, level):
    return {"series": series, "year": year, "tier": tier, "count": count, "share": None, "level": level}


ROWS = [
    _row("Cao Bằng", 2010, 1, 1336, "Trong sạch, vững mạnh"),
    _row("Cao Bằng", 2018, 1, 1077, "Hoàn thành xuất sắc nhiệm vụ"),
    _row("Lào Cai", 2010, 1, 1057, "Trong sạch, vững mạnh"),
    _row("Lào Cai", 2018, 1, 371, "Hoàn thành xuất sắc nhiệm vụ"),
]


def test_a_tier_straddling_a_scheme_change_shows_each_years_label_in_the_legend():
    trace = comparison_figure(ROWS, measure="count")["traces"][0]
    assert trace["name"] == "Mức 1: Trong sạch, vững mạnh (2010); Hoàn thành xuất sắc nhiệm vụ (2018)"


def test_a_single_tier_keeps_its_legend_entry_with_its_label():
    chart = comparison_figure(ROWS[:1], measure="count")
    assert [(t["name"], t["labels"]) for t in chart["traces"]] == [("Mức 1: Trong sạch, vững mạnh",
                                                                  ["Trong sạch, vững mạnh"])]


def test_the_trend_chart_is_titled_with_the_tier_and_its_labels():
    figure = trends_figure(ROWS, tier=1, measure="count")["figure"]
    assert figure["layout"]["title"]["text"] == (
        "Mức 1: Trong sạch, vững mạnh (2010); Hoàn thành xuất sắc nhiệm vụ (2018)")
    # The title holds the top of the chart: the provinces' legend sits under the years, never over the title.
    assert figure["layout"]["legend"]["y"] < 0


def test_the_border_provinces_cell_chart_is_labelled_with_the_2010_and_2018_schemes(analyst_client, articles):
    response = analyst_client.get(reverse("reports:comparison"), {"subject": "cell", "years": [2010, 2018]})
    names = [trace["name"] for trace in response.context["data"]["chart"]["traces"]]
    assert names == ["Mức 1: Trong sạch, vững mạnh (2010); Hoàn thành xuất sắc nhiệm vụ (2018)"]


def test_the_comparison_states_its_filters_in_words_for_the_printed_page(analyst_client, articles):
    from organizations.models import PartyOrganization

    ids = [PartyOrganization.objects.get(code=code).province_id for code in ("HIST-DB-04", "HIST-DB-22")]
    response = analyst_client.get(reverse("reports:comparison"),
                                  {"subject": "member", "provinces": ids, "years": [2010, 2018]})
    html = response.content.decode()
    selection = html[html.index('id="report-selection"'):]
    selection = selection[:selection.index("</p>")]
    assert "Đảng viên" in selection and "Cao Bằng, Quảng Ninh" in selection
    assert "Năm: 2010, 2018" in selection and "Địa giới khi đó" in selection
    assert "d-print-none" not in selection


def test_long_group_labels_are_set_on_two_lines_instead_of_tilted():
    rows = [_row("Cao Bằng (chi bộ trực thuộc đảng ủy xã)", 2010, 1, 1336, "Trong sạch, vững mạnh")]
    assert comparison_figure(rows, measure="count")["groups"] == ["Cao Bằng<br>(chi bộ trực thuộc đảng ủy xã)"]


def test_a_year_range_without_data_is_stated_as_the_range_not_as_every_year(analyst_client, articles):
    response = analyst_client.get(reverse("reports:comparison"), {"subject": "member", "year_from": 2090})
    assert response.context["data"]["selection"][2] == "Năm: từ 2090"
    response = analyst_client.get(reverse("reports:trends"), {"subject": "member", "year_from": 2010,
                                                               "year_to": 2015})
    assert response.context["data"]["selection"][2] == "Năm: 2010–2015"
    response = analyst_client.get(reverse("reports:trends"), {"subject": "member"})
    assert response.context["data"]["selection"][2] == "Năm: mọi năm có số liệu"


def test_panel_lines_keep_their_top_value_labels_and_put_the_legend_under_the_years_title():
    from reports.charts import indicator_figure

    figure = indicator_figure([("Thôn, bản chưa có chi bộ", 2001, 269.0), ("Thôn, bản chưa có chi bộ", 2013, 93.0)],
                              title="Thôn, bản qua các năm", unit="Số lượng")["figure"]
    assert figure["data"][0]["cliponaxis"] is False
    assert figure["layout"]["legend"]["y"] <= -0.3 and figure["layout"]["legend"]["yanchor"] == "top"


def test_among_the_shares_a_group_published_with_counts_only_has_no_empty_place():
    rows = [
        {**_row("Cao Bằng (toàn bộ)", 2015, 1, 5, "Trong sạch, vững mạnh"), "share": 55.56},
        {**_row("Cao Bằng (toàn bộ)", 2018, 1, 3, "Hoàn thành xuất sắc nhiệm vụ"), "share": 33.33},
        _row("Lào Cai (chi bộ trực thuộc)", 2010, 1, 1057, "Trong sạch, vững mạnh"),
    ]
    chart = comparison_figure(rows, measure="share")
    assert chart["groups"] == ["Cao Bằng<br>(toàn bộ)", "Lào Cai<br>(chi bộ trực thuộc)"]
    assert chart["years"] == ["2010", "2015", "2018"]
    assert chart["kept"] == {"share": [0], "count": [0, 1]}
    trace = chart["traces"][0]
    assert trace["count"] == [None, 5, 3, 1057, None, None]
    assert trace["share"][:3] == [None, 55.56, 33.33]


def test_the_bars_carry_each_group_and_label_once_and_mark_the_provisional_years():
    rows = [{**_row("Cao Bằng", year, 1, 10, "Trong sạch, vững mạnh"), "provisional": year == 2011}
            for year in (2010, 2011)] + [_row("Lào Cai", 2010, 1, 7, "Trong sạch, vững mạnh")]
    chart = comparison_figure(rows, measure="count")
    assert chart["provisional"] == [1] and chart["provisional_years"] == ["2010 (tạm tính)", "2011 (tạm tính)"]
    assert chart["traces"][0]["labels"] == ["Trong sạch, vững mạnh"]
    assert chart["traces"][0]["level"] == [0, 0, 0, None]
    # plotly's default look travels with the data, as plotly.py attached it to each figure it built.
    assert chart["layout"]["template"]["layout"]["font"]
