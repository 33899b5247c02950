"""The words users read are the words of the regulations: the wrong ones appear in no template, no source string, no
stored scheme or article text and no catalogue."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
APPS = ("partyquality", "organizations", "members", "ratings", "reports")

# Each wrong wording, and what to write instead.
FORBIDDEN = {
    r"cảm tình đảng": "lớp bồi dưỡng nhận thức về Đảng",
    r"\bTCCS đảng\b": "tổ chức cơ sở đảng (TCCSĐ in a tight column)",
    r"trong sạch vững mạnh": "trong sạch, vững mạnh",
    r"xuất sắc\s*/\s*trong sạch": "the tier's label of its period",
    r"không hoàn thành\s*/\s*yếu kém": "the tier's label of its period",
    r"nhưng còn hạn chế": "Hoàn thành nhiệm vụ (27-HD/BTCTW)",
    r"không đủ tư cách": "the member level of the period (vi phạm tư cách hoặc không hoàn thành nhiệm vụ …)",
    r"(số|nhiều|các)\s+đảng ủy xã\s+(hoàn thành|trong sạch|yếu kém|không hoàn thành)": "đảng bộ xã: the body rated",
    r"tỉnh\s*→\s*xã\s*→\s*đảng bộ": "administrative units and party bodies as two hierarchies",
}


def _files() -> list[Path]:
    files = sorted((ROOT / "templates").rglob("*.html"))
    for app in APPS:
        files += [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
        files += sorted((ROOT / app).rglob("*.html")) + sorted((ROOT / app / "static").rglob("*.js"))
    files += [ROOT / "fixtures" / "schemes.json", *sorted((ROOT / "fixtures" / "articles").glob("*.json"))]
    files += sorted((ROOT / "locale").rglob("django.po"))
    return files


def test_the_files_checked_include_templates_sources_data_and_both_catalogues():
    names = {str(path.relative_to(ROOT)) for path in _files()}
    assert {"templates/home.html", "ratings/models.py", "reports/models.py", "fixtures/schemes.json",
            "fixtures/articles/000_border_provinces.json", "locale/en/LC_MESSAGES/django.po",
            "locale/vi/LC_MESSAGES/django.po"} <= names


@pytest.mark.parametrize("pattern", list(FORBIDDEN))
def test_a_wrong_wording_appears_nowhere(pattern):
    found = []
    for path in _files():
        text = path.read_text(encoding="utf-8")
        # Catalogue lines are wrapped: join the continuation lines of each entry before looking.
        if path.suffix == ".po":
            text = re.sub(r'"\n"', "", text)
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert found == [], f"write “{FORBIDDEN[pattern]}” instead"


def test_the_home_page_shows_administrative_units_and_party_bodies_as_two_hierarchies(client, analyst):
    client.force_login(analyst)
    page = client.get(reverse("home")).content.decode()
    block = page.split('id="hierarchies"')[1].split("</a>")[0]
    assert "Đơn vị hành chính: tỉnh, thành phố → xã, phường, đặc khu → thôn, bản, tổ dân phố" in block
    assert "Tổ chức đảng: đảng bộ tỉnh → tổ chức cơ sở đảng (đảng bộ xã, phường…) → đảng bộ bộ phận → chi bộ" in block
