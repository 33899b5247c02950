"""Every figure of the five articles, listed here as the articles give it, goes from the fixture to the page where an
analyst looks for it and to the download: nothing missing, nothing changed, nothing invented on the way."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from organizations.models import AdministrativeUnit, PartyOrganization

ARTICLES = Path(settings.BASE_DIR) / "fixtures" / "articles"
FILES = {"000": "000_border_provinces.json", "001": "001_nghe_an_key_cadres.json", "002": "002_nghe_an.json",
         "003": "003_que_phong.json", "004": "004_dien_bien.json"}
NGHE_AN, DIEN_BIEN = "Nghệ An", "Điện Biên"
DEV, CADRES, OTHERS = "development", "cadres", "others"

# (article, province panel, unit, indicator, target?, group, year, figure as shown, panel section)
INDICATORS = [
    ("001", NGHE_AN, "Nghệ An", "fulltime_elected_officials", True, "xã, phường, thị trấn đồng bằng và miền núi", 2002,
     "100%", CADRES),
    ("001", NGHE_AN, "Nghệ An", "cadres_professional_intermediate", True, "xã miền núi", 2002, "60%", CADRES),
    ("001", NGHE_AN, "Nghệ An", "cadres_theory_intermediate", True, "xã miền núi", 2002, "70%", CADRES),
    ("001", NGHE_AN, "Nghệ An", "fulltime_university_per_commune", True,
     "xã, phường, thị trấn đồng bằng và miền núi thấp", 2002, "3–5", CADRES),
    ("001", NGHE_AN, "Nghệ An", "key_cadres_trained", True, "", 2005, "100%", CADRES),
    ("001", NGHE_AN, "Nghệ An", "key_cadres_university_per_commune", True, "xã đồng bằng", 2005, "4–5", CADRES),
    ("001", NGHE_AN, "Nghệ An", "key_cadres_university_per_commune", True, "xã vùng cao", 2005, "1–2", CADRES),
    ("002", NGHE_AN, "Nghệ An", "gpo_total", False, "", 2001, "1.437", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "gpo_total", False, "", 2013, "1.572", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "gpo_added", False, "", 2001, "135", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "communes_without_gpo", False, "", 2013, "0", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "villages_without_cell", False, "", 2001, "269", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "villages_without_cell", False, "", 2013, "93", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "villages_without_member", False, "", 2001, "147", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "villages_without_member", False, "", 2013, "73", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "members_good_or_better", False, "", 2013, "85,5%", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "members_violated_discipline", False, "", 2011, "1,06%", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "members_violated_discipline", False, "", 2013, "0,27%", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "border_guard_deputy_secretaries", False, "", None, "25", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "border_guard_in_hamlets", False, "", None, "77", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "graduates_to_communes", False, "", 2003, "3.390", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "graduates_to_communes", False, "tốt nghiệp đại học", 2003, "1.117", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "graduates_to_communes", False, "tốt nghiệp cao đẳng", 2003, "277", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "graduates_to_communes", False, "tốt nghiệp trung cấp", 2003, "1.996", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "young_intellectuals", False, "", None, "199", OTHERS),
    ("002", NGHE_AN, "Nghệ An", "graduates_vice_chairmen", False,
     "xã miền núi nghèo của Tương Dương, Kỳ Sơn, Quế Phong",
     None, "26", OTHERS),
    ("002", NGHE_AN, "Tân Kỳ", "cadres_professional_intermediate", False, "cán bộ chủ chốt xã, thị trấn", None, "78%",
     CADRES),
    ("002", NGHE_AN, "Tân Kỳ", "cadres_university", False, "cán bộ chủ chốt xã, thị trấn", None, "35%", CADRES),
    ("002", NGHE_AN, "Tân Kỳ", "cadres_theory_intermediate", False, "cán bộ chủ chốt xã, thị trấn", None, "84%",
     CADRES),
    ("002", NGHE_AN, "Tân Kỳ", "district_committee_university", False, "", None, "100%", CADRES),
    ("002", NGHE_AN, "Tân Kỳ", "district_committee_theory_intermediate", False, "", None, "97%", CADRES),
    ("002", NGHE_AN, "Tân Kỳ", "district_committee_theory_senior", False, "", None, "83%", CADRES),
    ("002", NGHE_AN, "Tân Kỳ", "district_cadres_university", False, "", None, "92%", CADRES),
    ("002", NGHE_AN, "Tân Kỳ", "cells_clean_strong", False, "theo câu thứ nhất", 2013, "61%", OTHERS),
    ("002", NGHE_AN, "Tân Kỳ", "cells_weak", False, "", 2013, "0", OTHERS),
    ("002", NGHE_AN, "Tân Kỳ", "cells_clean_strong", False, "theo câu thứ hai", 2013, "77%", OTHERS),
    ("002", NGHE_AN, "Tân Kỳ", "cells_exemplary", False, "trong số chi bộ trong sạch, vững mạnh", 2013, "25%", OTHERS),
    ("003", NGHE_AN, "Quế Phong", "members_total", False, "", 2020, "5.251", DEV),
    ("003", NGHE_AN, "Quế Phong", "members_total", False, "", 2022, "5.417", DEV),
    ("003", NGHE_AN, "Quế Phong", "members_admitted", False, "", 2020, "286", DEV),
    ("003", NGHE_AN, "Quế Phong", "members_removed", False, "", 2020, "20", DEV),
    ("003", NGHE_AN, "Quế Phong", "members_disciplined", False, "", 2020, "51", DEV),
    ("003", NGHE_AN, "Quế Phong", "village_heads_not_members", False, "", None, "32/194", OTHERS),
    ("003", NGHE_AN, "Tiền Phong", "village_heads_members", False, "", None, "12/12", OTHERS),
    ("003", NGHE_AN, "Tiền Phong", "ethnic_groups", False, "", None, "4", OTHERS),
    ("003", NGHE_AN, "Nậm Giải", "new_members_target", True, "", None, "5–6", DEV),
    ("004", DIEN_BIEN, "Mường Phăng", "villages", False, "", None, "50", OTHERS),
    ("004", DIEN_BIEN, "Mường Phăng", "constituent_committees", False, "", None, "2", OTHERS),
    ("004", DIEN_BIEN, "Mường Phăng", "affiliated_cells", False, "", None, "67", OTHERS),
    ("004", DIEN_BIEN, "Mường Phăng", "members_total", False, "", None, "1.017", DEV),
    ("004", DIEN_BIEN, "Yên 2", "members_total", False, "", None, "14", DEV),
    ("004", DIEN_BIEN, "Yên 2", "awareness_class_referrals", False, "", None, "2–3", DEV),
    ("004", DIEN_BIEN, "Yên 2", "awareness_class_referrals", False, "", 2024, "3", DEV),
    ("004", DIEN_BIEN, "Yên 2", "awareness_class_eligible", False, "", 2024, "1/3", DEV),
    ("004", DIEN_BIEN, "Nà Bủng 1", "members_total", False, "", None, "10", DEV),
    ("004", DIEN_BIEN, "Nà Bủng 1", "members_ethnic_share", False, "người Mông", None, "100%", OTHERS),
]

# (article, province, subject, population, year, tier, count, share, total)
RETURNS = [
    ("000", "Quảng Ninh", "member", "đảng viên các đảng bộ xã", 2010, 4, 126, None, None),
    ("000", "Quảng Ninh", "member", "đảng viên các đảng bộ xã", 2015, 4, 83, None, None),
    ("000", "Quảng Ninh", "member", "đảng viên các đảng bộ xã", 2018, 4, 71, None, None),
    ("000", "Cao Bằng", "member", "đảng viên các đảng bộ xã", 2010, 4, 24, None, None),
    ("000", "Cao Bằng", "member", "đảng viên các đảng bộ xã", 2015, 4, 37, None, None),
    ("000", "Cao Bằng", "member", "đảng viên các đảng bộ xã", 2018, 4, 58, None, None),
    ("000", "Cao Bằng", "cell", "chi bộ trực thuộc đảng ủy xã", 2010, 1, 1336, None, None),
    ("000", "Cao Bằng", "cell", "chi bộ trực thuộc đảng ủy xã", 2018, 1, 1077, None, None),
    ("000", "Lào Cai", "cell", "chi bộ trực thuộc đảng ủy xã", 2010, 1, 1057, None, None),
    ("000", "Lào Cai", "cell", "chi bộ trực thuộc đảng ủy xã", 2018, 1, 371, None, None),
    ("002", "Nghệ An", "gpo", "", 2001, 1, None, "63.04", 1437),
    ("002", "Nghệ An", "gpo", "", 2001, 4, None, "2.64", 1437),
    ("002", "Nghệ An", "gpo", "", 2013, 1, None, "68.6", 1572),
    ("002", "Nghệ An", "gpo", "", 2013, 4, None, "0.13", 1572),
]
HISTORIC = {"Lào Cai": "10", "Cao Bằng": "04", "Quảng Ninh": "22", "Nghệ An": "40"}

# (article, subject, a distinctive part of the finding in Vietnamese)
FINDINGS = [
    ("000", "gpo", "ở 5 tỉnh tăng từ 2010 đến 2015 rồi giảm năm 2018"),
    ("000", "gpo", "hoàn thành tốt nhiệm vụ giảm năm 2010, tăng năm 2015 và 2018"),
    ("000", "gpo", "hoàn thành nhiệm vụ có xu hướng giảm qua các năm"),
    ("000", "gpo", "chủ yếu tập trung vào năm 2015"),
    ("000", "gpo", "Hà Giang có nhiều tổ chức cơ sở đảng trong sạch, vững mạnh"),
    ("000", "gpo", "Lạng Sơn và Cao Bằng có nhiều tổ chức cơ sở đảng hoàn thành nhiệm vụ nhất"),
    ("000", "gpo", "Hà Giang có nhiều đảng bộ xã hoàn thành tốt nhiệm vụ, tiếp đến là Lạng Sơn"),
    ("000", "member", "hoàn thành tốt nhiệm vụ (năm 2010: đủ tư cách, hoàn thành tốt nhiệm vụ) nhìn chung cao"),
    ("000", "member", "khác nhau không nhiều qua các năm"),
    ("000", "member", "năm 2010: vi phạm tư cách hoặc không hoàn thành nhiệm vụ; năm 2015 và 2018: không hoàn thành"),
    ("000", "cell", "Quảng Ninh có ít chi bộ trực thuộc hơn các tỉnh khác và không có chi bộ yếu kém"),
    ("000", "cell", "chỉ từ 1 đến 3 chi bộ"),
    ("000", "cell", "đang giảm và không đều giữa các tỉnh"),
]


def _fixture(key: str) -> dict:
    return json.loads((ARTICLES / FILES[key]).read_text(encoding="utf-8"))


def _unit_name(key: str, ref: str) -> str:
    return next(unit["name"] for unit in _fixture(key)["units"] if unit["ref"] == ref)


def _province(name: str) -> AdministrativeUnit:
    if name in HISTORIC:
        return PartyOrganization.objects.get(code=f"HIST-DB-{HISTORIC[name]}").province
    return AdministrativeUnit.objects.provinces().get(name=f"Tỉnh {name}", valid_to=None)


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.content[:500]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _number(text: str) -> Decimal | None:
    return Decimal(text) if text not in ("", None) else None


def test_the_list_holds_every_figure_of_every_fixture_and_nothing_else():
    listed = {(a, unit, indicator, target, group, year)
              for a, _p, unit, indicator, target, group, year, _f, _s in INDICATORS}
    stored = {(key, _unit_name(key, e["unit"]), e["indicator"], e.get("is_target", False), e.get("group", ""),
               e.get("year")) for key in FILES for e in _fixture(key)["indicators"]}
    assert listed == stored
    assert len(listed) == len(INDICATORS)
    returns = {(a, s, y, t) for a, _p, s, _pop, y, t, *_rest in RETURNS}
    stored = {(key, e["subject"], e["year"], c["tier"]) for key in FILES for e in _fixture(key)["summary_returns"]
              for c in e["counts"]}
    assert returns == stored
    assert len(FINDINGS) == sum(len(_fixture(key)["findings"]) for key in FILES)


def test_each_published_figure_reaches_the_province_panel_and_its_download(articles, analyst_client):
    pages, exports, wrong = {}, {}, []
    for article, province, unit, indicator, target, group, year, shown, section in INDICATORS:
        figure = f"{article} {unit} {indicator} {group} {year}"
        entry = next(e for e in _fixture(article)["indicators"] if (
            _unit_name(article, e["unit"]), e["indicator"], e.get("is_target", False), e.get("group", ""),
            e.get("year")) == (unit, indicator, target, group, year))
        if not (entry["quote"] and entry["quote_vi"]):
            wrong.append(f"{figure}: no sentence or no Vietnamese rendering")
        if province not in pages:
            url = reverse("reports:province", args=[_province(province).pk])
            pages[province] = analyst_client.get(url)
            exports[province] = _csv(analyst_client.get(url, {"format": "csv", "table": "indicators"}))
        response = pages[province]
        rows = [row for row in response.context[section] if row["unit"].endswith(unit)
                and row["indicator"] == indicator and row["is_target"] == target and row["group"] == group
                and row["year"] == year]
        if [row["display"] for row in rows] != [shown]:
            wrong.append(f"{figure}: panel shows {[row['display'] for row in rows]} in {section}, not {shown}")
        elif not rows[0]["article"].startswith("“") or rows[0]["quote_vi"] != entry["quote_vi"]:
            wrong.append(f"{figure}: citation or rendering missing on the panel")
        if f'<td class="num">{shown}</td>' not in response.content.decode():
            wrong.append(f"{figure}: {shown} not in the page")
        lines = [line for line in exports[province] if line["unit"].endswith(unit) and line["indicator"] == indicator
                 and line["group"] == group and line["year"] == ("" if year is None else str(year))
                 and line["is_target"] == ("1" if target else "0")]
        if len(lines) != 1:
            wrong.append(f"{figure}: {len(lines)} lines in the download")
            continue
        (line,) = lines
        for name in ("count", "total", "value_min", "value_max"):
            if line[name] != ("" if entry.get(name) is None else str(entry[name])):
                wrong.append(f"{figure}: download {name} {line[name]!r}")
        if _number(line["share"]) != _number(entry.get("share")):
            wrong.append(f"{figure}: download share {line['share']!r}")
        if (line["quote"], line["quote_vi"]) != (entry["quote"], entry["quote_vi"]):
            wrong.append(f"{figure}: download quote")
    assert wrong == []


def test_each_published_count_or_share_reaches_the_comparison_the_panel_and_the_download(articles, analyst_client):
    wrong = []
    for article, province, subject, population, year, tier, count, share, total in RETURNS:
        figure = f"{article} {province} {subject} {year} tier {tier}"
        unit = _province(province)
        params = {"subject": subject, "provinces": [unit.pk], "years": [year]}
        lines = [line for line in _csv(analyst_client.get(reverse("reports:comparison"), {**params, "format": "csv"}))
                 if int(line["tier"]) == tier]
        expected = (population, "" if count is None else str(count), _number(share),
                    "" if total is None else str(total))
        if [(line["population"], line["count"], _number(line["share"]), line["total"]) for line in lines] != [expected]:
            wrong.append(f"{figure}: download {lines}")
        shown = f"{count:,}".replace(",", ".") if count is not None else f"{Decimal(share):.2f}".replace(".", ",") + "%"
        if shown not in analyst_client.get(reverse("reports:comparison"), params).content.decode():
            wrong.append(f"{figure}: {shown} not on the comparison page")
        if shown not in analyst_client.get(reverse("reports:province", args=[unit.pk])).content.decode():
            wrong.append(f"{figure}: {shown} not on the province panel")
    assert wrong == []


def test_each_finding_in_words_is_shown_once_with_its_sentence_translation_and_citation(articles, analyst_client):
    provinces = [_province(name).pk for name in ("Lào Cai", "Cao Bằng", "Quảng Ninh")] + [
        PartyOrganization.objects.get(code=code).province.pk for code in ("HIST-DB-02", "HIST-DB-20")]
    citation = ("“The Quality of Communal Party Committees in Some Provinces in Northern Vietnam – Valuable Results "
                "and Experience” — IOSR Journal of Humanities and Social Science (IOSR-JHSS), tập 26, số 3, tr. "
                "40–49 — 2021 (nhận bài 06/03/2021, chấp nhận đăng 19/03/2021)")
    pages, wrong = {}, []
    for article, subject, words in FINDINGS:
        if subject not in pages:
            pages[subject] = analyst_client.get(reverse("reports:comparison"), {
                "subject": subject, "provinces": provinces, "years": [2010, 2015, 2018]})
            section = pages[subject].content.decode().split('id="findings-published"')[1]
            if "bài 000" in section or '<q lang="en">' not in section or '<q lang="vi">' not in section:
                wrong.append(f"{subject}: quotes not shown as original and rendering")
        items = [item for item in pages[subject].context["data"]["published"] if words in item["text"]]
        if len(items) != 1:
            wrong.append(f"{words}: shown {len(items)} times")
            continue
        (item,) = items
        entry = next(e for e in _fixture(article)["findings"] if e["text_vi"] == item["text"])
        if (item["quote"], item["quote_vi"], item["article"]) != (entry["quote"], entry["quote_vi"], citation):
            wrong.append(f"{words}: quote, rendering or citation")
    assert wrong == []


def test_every_article_is_cited_by_title_outlet_and_date(articles):
    from reports.models import Article

    citations = {article.key: article.citation for article in Article.objects.all()}
    assert citations["002"] == ("“Improving the quality of Party organizations and Party members: Need for "
                                "synchronous solutions” — Báo Nghệ An (Baonghean) — không ghi ngày (số liệu đến cuối "
                                "năm 2013)")
    assert all(article.title_vi and article.publication and article.published for article in Article.objects.all())
