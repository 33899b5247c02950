"""The invariant of the freshness seam: after any sequence of writes, the stored summaries equal a rebuild.

A hypothesis state machine runs random writes through every path (grids, import, returns by service and admin,
member events, mergers of units and organizations, approval and reopening) and checks after each step what
`manage.py check_summaries` checks. A refused write (a rule, a lock) is a step too: it must leave nothing stale.
The number of runs is small by default; FIGURES_STATEFUL_EXAMPLES=200 runs it longer.
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from members import services as member_services
from members.models import Member, MemberEvent
from organizations import services as organization_services
from organizations.models import AdministrativeUnit
from organizations.spreadsheets.reader import read_table
from ratings import services
from ratings.engine import RatingInputError
from ratings.models import Rating, SummaryReturn
from ratings.selectors import cell_members, gpo_units
from ratings.services import GridEntry
from ratings.spreadsheets.importer import ImportFailed, import_table
from reports.services import summaries_check
from tests import factories
from tests.ratings.factories import level

YEARS = (2023, 2024)
REFUSED = (ValidationError, PermissionDenied, RatingInputError, ImportFailed)
pick = st.integers(min_value=0, max_value=10_000)
tiers = st.lists(st.sampled_from([None, 1, 2, 2, 2, 3, 4]), min_size=1, max_size=12)


class FiguresStayFresh(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.admin = factories.UserFactory(username="stateful-admin", is_staff=True, is_superuser=True)
        self.client = Client()
        self.client.force_login(self.admin)
        first = factories.ProvinceFactory(valid_from=None, name="Tỉnh Một")
        second = factories.ProvinceFactory(valid_from=None, name="Tỉnh Hai", is_border=True)
        self.committees = [factories.ProvincialCommitteeFactory(province=p) for p in (first, second)]
        self.gpos, self.cells = [], []
        for committee, count in zip(self.committees, (2, 1)):
            for _n in range(count):
                gpo = factories.GrassrootsFactory(parent=committee, admin_unit__valid_from=None)
                constituent = factories.ConstituentFactory(parent=gpo)
                self.gpos.append(gpo)
                self.cells += [factories.CellFactory(parent=gpo), factories.CellFactory(parent=constituent)]
        for cell in self.cells:
            for _n in range(2):
                factories.MemberFactory(cell=cell, admitted_on=datetime.date(2010, 1, 1))
        # 2023 is rated from the start, so that transfers and mergers meet ratings already given.
        for cell in self.cells:
            services.grid_save(user=self.admin, organization=cell, year=2023, entries=[
                GridEntry(subject_id=m.pk, level_id=level("member", 2023, 2).pk) for m in cell.members.all()])
        for gpo in self.gpos:
            services.grid_save(user=self.admin, organization=gpo, year=2023, entries=[
                GridEntry(subject_id=unit.pk, level_id=level("organization", 2023, 2).pk)
                for unit in gpo_units(gpo, 2023)])
        self.merged_units = False

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _members(self) -> list[Member]:
        return list(Member.objects.filter(cell__in=self.cells).order_by("pk"))

    def _entries(self, subjects, chosen, year, *, members: bool) -> list[GridEntry]:
        kept = {(r.member_id or r.organization_id): r.version for r in Rating.objects.filter(
            year=year, **({"member__in": subjects} if members else {"organization__in": subjects}))}
        entries = []
        for subject, tier in zip(subjects, chosen):
            chosen_level = level("member" if members else "organization", year, tier) if tier else None
            entries.append(GridEntry(subject_id=subject.pk, level_id=chosen_level.pk if chosen_level else None,
                                     version=kept.get(subject.pk, 0)))
        return entries

    @rule(which=pick, year=st.sampled_from(YEARS), chosen=tiers)
    def save_a_gpo_grid(self, which, year, chosen):
        gpo = self.gpos[which % len(self.gpos)]
        units = gpo_units(gpo, year)
        try:
            services.grid_save(user=self.admin, organization=gpo, year=year,
                               entries=self._entries(units, chosen, year, members=False))
        except REFUSED:
            pass

    @rule(which=pick, year=st.sampled_from(YEARS), chosen=tiers)
    def save_a_cell_grid(self, which, year, chosen):
        cell = self.cells[which % len(self.cells)]
        people = list(cell_members(cell, year))
        try:
            services.grid_save(user=self.admin, organization=cell, year=year,
                               entries=self._entries(people, chosen, year, members=True))
        except REFUSED:
            pass

    @rule(which=pick, year=st.sampled_from(YEARS), tier=st.integers(1, 4))
    def import_a_file(self, which, year, tier):
        member = self._members()[which % len(self._members())]
        content = f"Số thẻ đảng viên,Năm,Bậc (1-4)\n{member.card_number},{year},{tier}\n".encode()
        try:
            import_table(read_table(content, "ratings.csv"), user=None)
        except REFUSED:
            pass

    @rule(which=pick, year=st.sampled_from((2012, *YEARS)), count=st.integers(0, 30),
          subject=st.sampled_from(["gpo", "cell", "member"]))
    def save_a_return_through_the_service(self, which, year, count, subject):
        organization = [*self.committees, *self.gpos][which % (len(self.committees) + len(self.gpos))]
        try:
            services.returns_save(user=self.admin, reporting_organization=organization, year=year, subject=subject,
                                  counts={1: {"count": count}, 4: {"count": 1}})
        except REFUSED:
            pass

    @rule(which=pick, year=st.sampled_from((2012, *YEARS)), count=st.integers(0, 30))
    def add_or_move_a_return_in_the_admin(self, which, year, count):
        organizations = [*self.committees, *self.gpos]
        organization = organizations[which % len(organizations)]
        data = {"reporting_organization": organization.pk, "year": year, "subject": "cell", "population": "",
                "total": "", "reviewed": "", "source": "", "note": "", "counts-TOTAL_FORMS": 1,
                "counts-MIN_NUM_FORMS": 0, "counts-MAX_NUM_FORMS": 4, "counts-0-tier": 2, "counts-0-count": count}
        existing = SummaryReturn.objects.filter(subject="cell").order_by("pk").first()
        if existing is None or which % 2:
            data["counts-INITIAL_FORMS"] = 0
            self.client.post(reverse("admin:ratings_summaryreturn_add"), data)
        else:
            row = existing.counts.order_by("tier").first()
            data.update({"counts-INITIAL_FORMS": 1 if row else 0, "counts-0-summary_return": existing.pk})
            if row:
                data.update({"counts-0-id": row.pk, "counts-0-tier": row.tier})
            self.client.post(reverse("admin:ratings_summaryreturn_change", args=[existing.pk]), data)

    @rule(which=pick)
    def delete_a_return_in_the_admin(self, which):
        returns = list(SummaryReturn.objects.order_by("pk").values_list("pk", flat=True))
        if returns:
            chosen = returns[which % len(returns)]
            self.client.post(reverse("admin:ratings_summaryreturn_delete", args=[chosen]), {"post": "yes"})

    @rule(which=pick, to=pick, day=st.integers(0, 700))
    def transfer_a_member(self, which, to, day):
        member = self._members()[which % len(self._members())]
        try:
            member_services.member_transfer(member=member, date=datetime.date(2023, 3, 1) + datetime.timedelta(day),
                                            scope="committee", to_cell=self.cells[to % len(self.cells)])
        except REFUSED:
            pass

    @rule(which=pick, how=st.sampled_from(["removal", "death"]), day=st.integers(0, 700))
    def end_a_membership(self, which, how, day):
        member = self._members()[which % len(self._members())]
        date = datetime.date(2023, 3, 1) + datetime.timedelta(day)
        try:
            if how == "removal":
                member_services.member_remove(member=member, date=date)
            else:
                member_services.member_record_death(member=member, date=date)
        except REFUSED:
            pass

    @rule(which=pick)
    def correct_an_event(self, which):
        events = list(MemberEvent.objects.filter(kind__in=["transfer", "removal", "death"],
                                                 corrections__isnull=True).order_by("pk"))
        if events:
            try:
                member_services.member_event_correct(event=events[which % len(events)], cancel=True,
                                                     reason="Ghi nhầm")
            except REFUSED:
                pass

    @rule()
    def merge_the_first_provinces_communes(self):
        if self.merged_units:
            return
        self.merged_units = True
        communes = [AdministrativeUnit.objects.get(pk=g.admin_unit_id) for g in self.gpos[:2]]
        successor = factories.CommuneFactory(parent=communes[0].parent, valid_from=datetime.date(2025, 7, 1))
        organization_services.units_merge(predecessors=communes, successor=successor,
                                          effective_date=datetime.date(2025, 7, 1), legal_basis="NQ")

    @rule(which=pick)
    def merge_two_organizations(self, which):
        active = [g for g in self.gpos[:2] if g.__class__.objects.get(pk=g.pk).dissolved is None]
        if len(active) == 2:
            old, new = (active if which % 2 else active[::-1])
            organization_services.organizations_merge(predecessors=[old], successor=new,
                                                      effective_date=datetime.date(2025, 7, 1), legal_basis="QĐ")

    @rule(which=pick, year=st.sampled_from(YEARS), action=st.sampled_from(["approve", "reopen"]))
    def approve_or_reopen(self, which, year, action):
        gpo = self.gpos[which % len(self.gpos)]
        try:
            if action == "approve":
                services.cycle_submit(user=self.admin, organization=gpo, year=year)
                services.cycle_approve(user=self.admin, organization=gpo, year=year)
            else:
                services.cycle_reopen(user=self.admin, organization=gpo, year=year, reason="Sửa lại")
        except REFUSED:
            pass

    @invariant()
    def stored_summaries_equal_a_rebuild(self):
        assert summaries_check() == []


def test_after_any_sequence_of_writes_the_summaries_equal_a_rebuild(db):
    from ratings.models import Scheme
    from ratings.reference import load_schemes

    if not Scheme.objects.exists():
        load_schemes()
    examples = int(os.environ.get("FIGURES_STATEFUL_EXAMPLES", "6"))
    run_state_machine_as_test(FiguresStayFresh, settings=settings(
        max_examples=examples, stateful_step_count=10, deadline=None, derandomize=examples <= 6,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                               HealthCheck.differing_executors]))


pytestmark = pytest.mark.django_db
