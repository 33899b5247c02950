"""Organizations and members through the web: template, upload, errors or preview, confirm; masked citizen IDs and
the access log of personal data."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from members.models import Member, PersonalDataAccess
from members.spreadsheets import columns as cols
from organizations.imports import LABELS
from organizations.models import PartyOrganization
from organizations.spreadsheets.reader import read_table

pytestmark = pytest.mark.django_db
ORG_HEADERS = ",".join(str(label) for label in LABELS.values())
MEMBER_HEADERS = ",".join(str(label) for label in cols.MEMBER_LABELS.values())


def _upload(client, url: str, name: str, text: str):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = name
    return client.post(reverse(url), {"file": upload})


def _confirm(client, url: str, page) -> None:
    response = client.post(reverse(url), {"token": page.context["token"]})
    assert response.status_code == 302


def test_a_province_comes_in_organizations_first_then_members_with_a_bad_file_refused_first(
        client, staff_nghe_an, nghe_an, ethnicities):
    client.force_login(staff_nghe_an)
    bad = _upload(client, "organizations:import", "to-chuc.csv", ORG_HEADERS + "\nCB-1,Chi bộ 1,Chi bộ,DB-X,,,,\n")
    assert 'id="import-errors"' in bad.content.decode() and "DB-X" in bad.content.decode()
    assert not PartyOrganization.objects.filter(code="CB-1").exists()
    good = _upload(client, "organizations:import", "to-chuc.csv",
                   ORG_HEADERS + "\nCB-1,Chi bộ 1,Chi bộ,DB-X,,,,\nDB-X,Đảng bộ xã X,Tổ chức cơ sở đảng,DB-40,,,,\n")
    page = good.content.decode()
    assert 'id="import-preview"' in page and "Đảng bộ xã X" in page and not PartyOrganization.objects.filter(
        code="DB-X").exists()
    _confirm(client, "organizations:import_confirm", good)
    assert PartyOrganization.objects.get(code="CB-1").parent.code == "DB-X"

    row = "40000001,040095001234,Lương Thị Hoa,12/04/1995,Nữ,Thái,{cell},15/03/2020,,,"
    bad = _upload(client, "members:import", "dang-vien.csv", MEMBER_HEADERS + "\n" + row.format(cell="CB-9") + "\n")
    assert "CB-9" in bad.content.decode() and not Member.objects.exists()
    good = _upload(client, "members:import", "dang-vien.csv", MEMBER_HEADERS + "\n" + row.format(cell="CB-1") + "\n")
    assert "Lương Thị Hoa" in good.content.decode()
    _confirm(client, "members:import_confirm", good)
    assert Member.objects.get(card_number="40000001").cell.code == "CB-1"
    assert PersonalDataAccess.objects.filter(user=staff_nghe_an, action="import").exists()


def test_a_confirmation_without_the_checked_file_writes_nothing(client, staff_nghe_an):
    client.force_login(staff_nghe_an)
    response = client.post(reverse("members:import_confirm"), {"token": "nope"}, follow=True)
    assert "Không tìm thấy tệp đã kiểm tra" in response.content.decode()


def test_citizen_ids_are_masked_for_staff_and_shown_to_a_user_with_the_permission_and_every_look_is_logged(
        client, staff_nghe_an, nghe_an, ethnicities):
    from tests import factories

    cell = factories.CellFactory(parent=factories.GrassrootsFactory(parent=nghe_an))
    member = factories.MemberFactory(cell=cell, citizen_id="040080001234", ethnicity=ethnicities["Kinh"])
    client.force_login(staff_nghe_an)
    page = client.get(reverse("members:list")).content.decode()
    assert "*********234" in page and "040080001234" not in page
    assert "040080001234" not in client.get(reverse("members:detail", args=[member.pk])).content.decode()
    exported = read_table(client.get(reverse("members:export", args=["csv"])).content, "x.csv")
    assert exported.rows[0][1][1] == "*********234"
    log = PersonalDataAccess.objects.filter(user=staff_nghe_an)
    assert {entry.action for entry in log} == {"view", "export"}
    assert log.get(action="export").records == 1 and not log.get(action="export").full_citizen_ids
    assert log.filter(what=reverse("members:detail", args=[member.pk])).exists()

    staff_nghe_an.user_permissions.add(Permission.objects.get(codename="view_citizen_id"))
    staff_nghe_an = type(staff_nghe_an).objects.get(pk=staff_nghe_an.pk)
    client.force_login(staff_nghe_an)
    assert "040080001234" in client.get(reverse("members:detail", args=[member.pk])).content.decode()


def test_the_members_template_has_both_sheets_drop_downs_and_notes(client, staff_nghe_an, ethnicities):
    client.force_login(staff_nghe_an)
    book = load_workbook(io.BytesIO(client.get(reverse("members:template", args=["xlsx"])).content))
    assert book.sheetnames == ["Đảng viên", "Sự kiện", "Danh mục"]
    sheet = book["Đảng viên"]
    assert [c.value for c in sheet[1]] == [str(label) for label in cols.MEMBER_LABELS.values()]
    assert all(c.comment is not None for c in sheet[1]) and sheet["A2"].value == "VD-040012345"
    assert len(sheet.data_validations.dataValidation) == 3  # sex, ethnic group, status
    assert "Thái" in [c.value for c in book["Danh mục"]["B"]]
    organizations = load_workbook(io.BytesIO(client.get(reverse("organizations:template", args=["xlsx"])).content))
    assert organizations.worksheets[0]["C2"].value == "Chi bộ"
