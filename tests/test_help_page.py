"""The help page: how the year works, the rules of each period read from the database, the import, the roles."""

import pytest
from django.urls import reverse

from ratings.models import Level, Rule, Scheme
from ratings.reference import load_schemes
from ratings.spreadsheets import resources


@pytest.fixture(autouse=True)
def _schemes(db):
    if not Scheme.objects.exists():
        load_schemes()


@pytest.fixture
def page(client, staff_nghe_an):
    client.force_login(staff_nghe_an)

    def _get(**headers):
        response = client.get(reverse("help"), **headers)
        assert response.status_code == 200
        return response.content.decode()

    return _get


def test_the_help_page_explains_each_step_of_the_year(page):
    html = page()
    for step in ("Nhập kết quả", "Kiểm tra: lỗi và cảnh báo", "Trình phê duyệt", "Phê duyệt", "Mở lại"):
        assert step in html


def test_every_scheme_in_the_database_is_listed_with_its_years_levels_and_rules(page):
    html = page()
    for scheme in Scheme.objects.prefetch_related("levels", "rules"):
        assert f'id="scheme-{scheme.code}"' in html
        for level in scheme.levels.all():
            assert level.label_vi in html
        for rule in scheme.rules.all():
            assert rule.statement in html


def test_a_regulation_added_in_the_admin_appears_without_a_code_change(page):
    Scheme.objects.filter(applies_to="organization", last_year__isnull=True).update(last_year=2030)
    scheme = Scheme.objects.create(code="org-2031", name="Quy định thử 999-QĐ/TW", applies_to="organization",
                                   first_year=2031, regulation="Quy định 999-QĐ/TW", clause="Điều 5",
                                   confirmed=True)
    Level.objects.create(scheme=scheme, tier=1, label_vi="Mức thử nghiệm xuất sắc", label_en="Trial excellent")
    Rule.objects.create(scheme=scheme, code="quy-tac-thu", kind=Rule.Kind.MANUAL,
                        statement="Điều kiện thử do cấp ủy xem xét", confirmed=False)
    html = page()
    assert 'id="scheme-org-2031"' in html
    assert "2031–nay" in html and "Quy định 999-QĐ/TW, Điều 5" in html
    assert "Mức thử nghiệm xuất sắc" in html and "Điều kiện thử do cấp ủy xem xét" in html


def test_unconfirmed_rules_are_said_to_only_warn(page):
    rule = Rule.objects.filter(confirmed=False).exclude(kind=Rule.Kind.MANUAL).select_related("scheme").first()
    html = page()
    block = html.split(f'id="scheme-{rule.scheme.code}"')[1].split("</article>")[0]
    assert rule.statement in block and "chưa khẳng định: chỉ cảnh báo" in block


def test_the_import_columns_of_both_files_are_listed_with_what_they_take(page):
    html = page()
    for subject in ("member", "organization"):
        table = html.split(f'id="columns-{subject}"')[1].split("</table>")[0]
        for _name, title, note in resources.columns(subject):
            assert title in table
            assert note.replace("“", "&ldquo;")[:20] in table or note[:20] in table


def test_the_roles_table_says_analysts_may_not_see_members_records(page):
    table = page().split('id="roles-table"')[1].split("</table>")[0]
    assert "Người phân tích" in table and "Nghị định 13/2023/NĐ-CP" in table


def test_in_english_the_levels_are_named_with_their_english_labels(page, client):
    client.cookies["django_language"] = "en"
    html = page()
    assert '<html lang="en">' in html
    level = Level.objects.get(scheme__code=Scheme.objects.filter(applies_to="organization").order_by(
        "-first_year").first().code, tier=1)
    assert level.label_en in html


def test_the_navigation_links_to_the_help_page(client, analyst):
    client.force_login(analyst)
    assert f'href="{reverse("help")}"' in client.get(reverse("home")).content.decode()


def test_the_import_limits_are_the_readers_own(page):
    from organizations.spreadsheets.reader import LIMITS

    limits = page().split('id="import-limits"')[1].split("</p>")[0]
    assert f"{LIMITS.max_bytes // 1024 // 1024} MB" in limits
    assert f"{LIMITS.max_rows:,}".replace(",", ".") in limits or str(LIMITS.max_rows) in limits
