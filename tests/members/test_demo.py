from members import selectors
from members.models import CellRole, KeyCadre, Member, MemberEvent, VillageHead


def test_every_demo_cell_has_active_members(data):
    for cell in data.cells:
        assert Member.objects.filter(cell=cell, status__in=Member.ACTIVE_STATUSES).exists(), cell.name


def test_the_demo_has_the_ethnic_groups_of_the_articles(data):
    groups = set(Member.objects.values_list("ethnicity__name", flat=True))
    assert {"Thái", "Kinh", "Khơ-mú", "Thổ", "HMông", "Tày", "Nùng"} <= groups


def test_the_demo_history_is_consistent_with_the_records(data):
    from members.history import derive_state

    for member in Member.objects.prefetch_related("events"):
        state = derive_state(member.events.all())
        assert (state.status, state.cell_id, state.admitted_on, state.official_on) == (
            member.status, member.cell_id, member.admitted_on, member.official_on
        ), member.full_name


def test_every_selector_gives_non_trivial_figures_on_the_demo(data):
    provinces = list(data.provincial.values())
    assert len({r["key"] for r in selectors.member_breakdown(provinces, "ethnicity")}) >= 5
    assert len({r["key"] for r in selectors.member_breakdown(provinces, "age_band")}) >= 4
    assert {r["key"] for r in selectors.member_breakdown(provinces, "status")} >= {"official", "probationary", "removed"}
    years = selectors.events_per_year(provinces, 2015, 2026)
    assert {r["year"] for r in years if r["admissions"]} >= set(range(2015, 2026))
    assert sum(r["disciplines"] for r in years) > 5 and sum(r["removals"] for r in years) > 0
    coverage = selectors.village_coverage(data.grassroots)
    assert all(r["without_cell"] > 0 for r in coverage)
    heads = selectors.village_heads_membership(data.grassroots)
    assert all(0 < r["members"] <= r["heads"] for r in heads)
    cadres = selectors.key_cadre_qualification(data.grassroots)
    assert {r["area_type"] for r in cadres} >= {"mountain", "high_mountain"}
    assert any(c["met"] for r in cadres for c in r["checks"]) and not all(c["met"] for r in cadres for c in r["checks"])
    targets = selectors.admission_targets(data.grassroots, 2020, 2026)
    assert any(t["met"] for t in targets) and not all(t["met"] for t in targets)
    assert sum(r["attendees"] for r in selectors.awareness_class_attendance(data.grassroots, 2019, 2026)) > 0
    flags = selectors.cell_statute_flags([c.pk for c in data.cells])
    assert sorted(flags.values(), key=len)[0].startswith("Chưa đủ 3") and any("30" in f or "3" in f for f in flags.values())
    assert len(flags) == 2


def test_the_demo_has_roles_and_corrections(data):
    assert CellRole.objects.filter(role="secretary", term_end__isnull=True).count() == len(data.cells)
    assert VillageHead.objects.filter(term_end__isnull=True).count() == len(data.villages)
    assert KeyCadre.objects.filter(is_rotated=True, title="party_deputy").exists()
    assert MemberEvent.objects.filter(corrects__isnull=False).count() >= 4
