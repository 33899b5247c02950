"""Benchmark the ratings writes on throw-away data: import of 100,000 member ratings, save of a 1,000-member grid.

Creates its own province, committees, cells and members (codes starting "BENCH-R"), measures, and removes
everything it created, even when a step fails. Goals (issue 4): import ≤ 60 s, grid ≤ 1 s.
"""

from __future__ import annotations

import datetime
import io
import time
import uuid

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from openpyxl import Workbook

from members.models import Ethnicity, Member
from organizations.models import AdministrativeUnit, PartyOrganization
from organizations.spreadsheets.reader import read_table
from organizations.text import fold
from ratings.models import Rating, ReviewCycle
from ratings.schemes import MEMBER, SchemeBook
from ratings.services import GridEntry, grid_save
from ratings.spreadsheets.importer import import_table

YEAR = 2024  # a year of Regulation 124 (with the 20% quota), never approved in throw-away data
Kind = PartyOrganization.Kind
# Tiers by position in a GPO's list of members: 10% excellent, 70% good, 18% completed, 2% not completed
# (excellent stays within 20% of good, so the quota check passes without overrides). CHANGED gives every
# position another tier, so that the second pass updates every rating.
PATTERN = [1] * 5 + [2] * 35 + [3] * 9 + [4]
CHANGED = [2] * 5 + [1] * 2 + [3] * 33 + [2] * 9 + [3]


class Command(BaseCommand):
    help = "Measure rating import (100,000 members) and grid save (1,000 members) on throw-away data."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--grid", type=int, default=1_000)

    def handle(self, *args, members: int, grid: int, **options) -> None:
        tag = uuid.uuid4().hex[:6].upper()
        self.stdout.write(f"Database: {connection.vendor} {connection.settings_dict.get('NAME')}; throw-away tag {tag}")
        created = _Created()
        try:
            people, big_cell, user = self._build(tag, members, grid, created)
            self._bench_import(people)
            self._bench_grid(big_cell, user)
        finally:
            self.stdout.write("Cleaning up…")
            created.remove()
            self.stdout.write("Done; throw-away data removed.")

    def _build(self, tag: str, members: int, grid: int, created: _Created):
        started = time.monotonic()
        ethnicity, made = Ethnicity.objects.get_or_create(code="01", defaults={"name": "Kinh"})
        created.ethnicity = ethnicity if made else None
        province = AdministrativeUnit.objects.create(code=f"BENCH-R{tag}", name=f"Tỉnh Thử Tải {tag}",
                                                     kind=AdministrativeUnit.Kind.TINH)
        created.province = province
        top = PartyOrganization.objects.create(code=f"BENCH-R{tag}", name=f"Đảng bộ Thử Tải {tag}",
                                               kind=Kind.PROVINCIAL, province=province)

        def org(code: str, name: str, kind: str, parent: PartyOrganization) -> PartyOrganization:
            return PartyOrganization(code=code, name=name, search_name=fold(name), kind=kind, parent=parent,
                                     province=province)

        gpo_count = max(1, members // 1000)
        gpos = PartyOrganization.objects.bulk_create(
            [org(f"BENCH-R{tag}-G{g:04d}", f"Đảng bộ xã Thử {g}", Kind.GRASSROOTS, top) for g in range(gpo_count + 1)]
        )
        cells = PartyOrganization.objects.bulk_create(
            [org(f"{gpo.code}-C{c:02d}", f"Chi bộ thử {c}", Kind.CELL, gpo) for gpo in gpos[:-1] for c in range(20)]
        )
        big_cell = PartyOrganization.objects.create(code=f"{gpos[-1].code}-BIG", name="Chi bộ lớn", kind=Kind.CELL,
                                                    parent=gpos[-1], province=province)
        rows = []
        for n in range(members):
            rows.append(self._member(f"BR{tag}{n:07d}", cells[n // 50 % len(cells)], ethnicity))
        for n in range(grid):
            rows.append(self._member(f"BG{tag}{n:07d}", big_cell, ethnicity))
        Member.objects.bulk_create(rows, batch_size=5000)
        people = list(Member.objects.filter(cell__province=province).exclude(cell=big_cell)
                      .order_by("cell_id", "pk").values_list("card_number", flat=True))
        user = get_user_model().objects.create(username=f"bench-ratings-{tag.lower()}", is_superuser=True)
        created.user = user
        self.stdout.write(f"Built {len(gpos)} GPOs, {len(cells) + 1} cells, {members + grid} members "
                          f"in {time.monotonic() - started:.1f} s (not measured).")
        return people, big_cell, user

    @staticmethod
    def _member(card: str, cell: PartyOrganization, ethnicity: Ethnicity) -> Member:
        name = f"Thử Tải {card}"
        return Member(full_name=name, search_name=fold(name), gender="M", ethnicity=ethnicity, card_number=card,
                      cell=cell, admitted_on=datetime.date(2010, 1, 1), official_on=datetime.date(2011, 1, 1),
                      status=Member.Status.OFFICIAL)

    def _bench_import(self, cards: list[str]) -> None:
        book = SchemeBook()
        labels = {lv.tier: lv.label_vi for lv in book.levels(MEMBER, YEAR)}
        header = ["Số thẻ đảng viên", "Năm", "Mức xếp loại"]
        content = member_csv(cards)
        self.stdout.write(f"Import of {len(cards)} member ratings from .csv ({len(content) / 1e6:.1f} MB):")
        started = time.monotonic()
        report = import_table(read_table(content, "bench.csv"), progress=self._progress(started))
        elapsed = time.monotonic() - started
        self._result("import .csv (new ratings)", elapsed, 60, f"{report.created} created")

        book_xlsx = Workbook(write_only=True)
        sheet = book_xlsx.create_sheet()
        sheet.append(header)
        for i, card in enumerate(cards):
            sheet.append([card, YEAR, labels[CHANGED[i % 50]]])
        buffer = io.BytesIO()
        book_xlsx.save(buffer)
        self.stdout.write(f"Import of {len(cards)} changed member ratings from .xlsx ({buffer.tell() / 1e6:.1f} MB):")
        started = time.monotonic()
        report = import_table(read_table(buffer.getvalue(), "bench.xlsx"), progress=self._progress(started))
        elapsed = time.monotonic() - started
        self._result("import .xlsx (changes)", elapsed, 60, f"{report.updated} updated, {report.unchanged} unchanged")

    def _bench_grid(self, cell: PartyOrganization, user) -> None:
        book = SchemeBook()
        level = {lv.tier: lv.pk for lv in book.levels(MEMBER, YEAR)}
        ids = list(Member.objects.filter(cell=cell).order_by("pk").values_list("pk", flat=True))
        entries = [GridEntry(subject_id=pk, level_id=level[PATTERN[i % 50]]) for i, pk in enumerate(ids)]
        started = time.monotonic()
        outcome = grid_save(user=user, organization=cell, year=YEAR, entries=entries)
        self._result(f"grid save, {len(ids)} members (new)", time.monotonic() - started, 1, f"{outcome.created} created")
        entries = [GridEntry(subject_id=pk, level_id=level[CHANGED[i % 50]], version=1) for i, pk in enumerate(ids)]
        started = time.monotonic()
        outcome = grid_save(user=user, organization=cell, year=YEAR, entries=entries)
        self._result(f"grid save, {len(ids)} members (changes)", time.monotonic() - started, 1,
                     f"{outcome.updated} updated")

    def _progress(self, started: float):
        return lambda message: self.stdout.write(f"  [{time.monotonic() - started:5.1f} s] {message}")

    def _result(self, name: str, seconds: float, goal: float, detail: str) -> None:
        style = self.style.SUCCESS if seconds <= goal else self.style.ERROR
        self.stdout.write(style(f"{name}: {seconds:.2f} s (goal ≤ {goal} s) — {detail}"))


def member_csv(cards: list[str]) -> bytes:
    """A .csv of new member ratings for YEAR, tiers spread as PATTERN says."""
    labels = {lv.tier: lv.label_vi for lv in SchemeBook().levels(MEMBER, YEAR)}
    lines = ["Số thẻ đảng viên,Năm,Mức xếp loại"]
    lines += [f"{card},{YEAR},\"{labels[PATTERN[i % 50]]}\"" for i, card in enumerate(cards)]
    return "\n".join(lines).encode()


class _Created:
    """What the benchmark made, removed in dependency order with plain SQL (no history rows, no signals)."""

    province: AdministrativeUnit | None = None
    ethnicity: Ethnicity | None = None
    user = None

    def remove(self) -> None:
        if self.province is None:
            return
        from members.models import Member as M

        orgs = list(PartyOrganization.objects.filter(province=self.province).values_list("pk", flat=True))
        with transaction.atomic(), connection.cursor() as cursor:
            members = f"SELECT id FROM {M._meta.db_table} WHERE cell_id IN (SELECT id FROM " \
                      f"{PartyOrganization._meta.db_table} WHERE province_id = %s)"
            for model in (Rating, Rating.history.model):
                table = model._meta.db_table
                cursor.execute(f"DELETE FROM {table} WHERE member_id IN ({members})", [self.province.pk])
            for chunk in range(0, len(orgs), 1000):
                part = orgs[chunk:chunk + 1000]
                marks = ", ".join(["%s"] * len(part))
                for model in (Rating, Rating.history.model):
                    cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE organization_id IN ({marks})", part)
                for model in (ReviewCycle, ReviewCycle.history.model):
                    cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE organization_id IN ({marks})", part)
            cursor.execute(f"DELETE FROM {M._meta.db_table} WHERE id IN ({members})", [self.province.pk])
            # Through the ORM: other apps' rows that point at the organizations (summaries) cascade with them.
            for kind in (Kind.CELL, Kind.GRASSROOTS, Kind.PROVINCIAL):
                PartyOrganization.objects.filter(province=self.province, kind=kind).delete()
            PartyOrganization.history.filter(province_id=self.province.pk).delete()
            AdministrativeUnit.objects.filter(pk=self.province.pk).delete()
            AdministrativeUnit.history.filter(id=self.province.pk).delete()
            if self.user is not None:
                self.user.delete()
            if self.ethnicity is not None:
                self.ethnicity.delete()
