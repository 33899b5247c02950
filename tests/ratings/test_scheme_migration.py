"""An existing database gets the new schemes: years before 2008 move to their own scheme at the same tier."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("ratings", "0003_pending_import")]
AFTER = [("ratings", "0005_schemes_by_period")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_existing_databases_ratings_before_2008_keep_their_tier_under_a_scheme_naming_no_regulation():
    old = _migrate(BEFORE)
    Scheme, Level = old.get_model("ratings", "Scheme"), old.get_model("ratings", "Level")
    Rating = old.get_model("ratings", "Rating")
    # The schemes as main had them: 20-HD/BTCTW from 2000, the "… nhưng còn hạn chế" label of 2014–2017.
    Scheme.objects.filter(code__endswith="before-2008").delete()
    Scheme.objects.filter(code__in=["org-20-hd-2008", "member-20-hd-2008"]).update(first_year=2000)
    Level.objects.filter(scheme__code="member-27-hd-2014", tier=3).update(
        label_vi="Đủ tư cách, hoàn thành nhiệm vụ nhưng còn hạn chế")
    Unit = old.get_model("organizations", "AdministrativeUnit")
    Organization = old.get_model("organizations", "PartyOrganization")
    province = Unit.objects.create(code="40", name="Tỉnh Nghệ An", kind="tinh", level="province",
                                   search_name="tinh nghe an")
    committee = Organization.objects.create(code="HIST-DB-40", name="Đảng bộ tỉnh Nghệ An", kind="provincial",
                                            province=province, search_name="dang bo tinh nghe an")
    gpo = Organization.objects.create(code="DB-X1", name="Đảng bộ xã X", kind="grassroots", parent=committee,
                                      province=province, search_name="dang bo xa x",
                                      founded=datetime.date(1990, 1, 1))
    weak_2005 = Level.objects.get(scheme__code="org-20-hd-2008", tier=4)
    kept = Rating.objects.create(year=2005, organization=gpo, level=weak_2005, version=3)
    later = Rating.objects.create(year=2010, organization=Organization.objects.create(
        code="DB-X2", name="Đảng bộ xã Y", kind="grassroots", parent=committee, province=province,
        search_name="dang bo xa y"), level=weak_2005)

    new = _migrate(AFTER)
    Rating, Level = new.get_model("ratings", "Rating"), new.get_model("ratings", "Level")
    moved = Rating.objects.select_related("level__scheme").get(pk=kept.pk)
    assert (moved.level.scheme.code, moved.level.tier, moved.level.label_vi) == ("org-before-2008", 4, "Yếu kém")
    assert moved.level.scheme.regulation == "" and moved.version == 4
    history = new.get_model("ratings", "HistoricalRating").objects.filter(id=kept.pk).get()
    assert history.level_id == moved.level_id and history.history_type == "~"
    assert "trước 2008" in history.history_change_reason
    assert Rating.objects.get(pk=later.pk).level_id == weak_2005.pk  # 2010 stays under 20-HD/BTCTW
    assert Level.objects.get(scheme__code="member-27-hd-2014", tier=3).label_vi == "Hoàn thành nhiệm vụ"
    assert new.get_model("ratings", "Scheme").objects.get(code="org-20-hd-2008").first_year == 2008
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
