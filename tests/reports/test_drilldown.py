"""Drill-down from a province to its communes: the columns say what each tier was called in the chosen year."""

from django.urls import reverse

from reports.services import summaries_refresh
from tests.reports.test_summaries import _rated_commune


def test_the_communes_table_heads_carry_the_chosen_years_level_labels(analyst_client, nghe_an):
    gpo, _cells, _members = _rated_commune(nghe_an)
    summaries_refresh(organization_ids=[gpo.pk], years=[2024])
    response = analyst_client.get(reverse("reports:communes", args=[gpo.province_id]), {"subject": "gpo"})
    html = response.content.decode()
    head = html[html.index('id="communes-table"'):html.index("</thead>")]
    assert "Hoàn thành xuất sắc nhiệm vụ" in head and "Không hoàn thành nhiệm vụ" in head
    # No chart on this page: no hint about the chart's PNG button either.
    assert "Tải ảnh PNG" not in html


def test_the_comparison_and_trends_tables_link_each_province_to_its_panel(analyst_client, articles):
    from organizations.models import PartyOrganization

    cao_bang = PartyOrganization.objects.get(code="HIST-DB-04").province_id
    panel = reverse("reports:province", args=[cao_bang])
    for view in ("reports:comparison", "reports:trends"):
        html = analyst_client.get(reverse(view), {"subject": "member", "tier": 4, "provinces": [cao_bang]}).content
        assert f'<a href="{panel}">Cao Bằng</a>'.encode() in html, view
    assert analyst_client.get(panel).status_code == 200


def test_the_index_lists_a_province_whose_article_figures_sit_on_its_communes_and_villages(analyst_client, articles):
    from organizations.models import AdministrativeUnit

    dien_bien = AdministrativeUnit.objects.get(name__endswith="Điện Biên", level="province")
    response = analyst_client.get(reverse("reports:index"))
    assert dien_bien in response.context["provinces"]
    assert reverse("reports:province", args=[dien_bien.pk]) in response.content.decode()
    panel = analyst_client.get(reverse("reports:province", args=[dien_bien.pk]), {"format": "csv"}).content.decode()
    assert "Xã Mường Phăng" in panel and ",1017," in panel
