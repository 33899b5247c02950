"""Benchmark the members import on throw-away data: 100,000 new members from .csv, then the same file again.

Creates its own province, GPOs and cells (codes starting "BENCH-M"), measures, and removes everything it created,
even when a step fails. Goal: an import of 100,000 members ≤ 60 s.
"""

from __future__ import annotations

import time
import uuid

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from members.models import Ethnicity, Member, MemberEvent, PersonalDataAccess
from members.spreadsheets import columns as cols
from members.spreadsheets.importer import import_members
from organizations.models import AdministrativeUnit, PartyOrganization
from organizations.spreadsheets.reader import read_table

Kind = PartyOrganization.Kind
MEMBERS_PER_CELL = 40


class Command(BaseCommand):
    help = "Measure the import of 100,000 new members (with their admission and official events) and its re-run."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--members", type=int, default=100_000)

    def handle(self, *args, members: int, **options) -> None:
        tag = uuid.uuid4().hex[:6].upper()
        self.stdout.write(f"Database: {connection.vendor} {connection.settings_dict.get('NAME')}; throw-away tag {tag}")
        province = AdministrativeUnit.objects.create(code=f"BENCH-M{tag}", name=f"Tỉnh Thử Nhập {tag}",
                                                     kind=AdministrativeUnit.Kind.TINH)
        first_log = PersonalDataAccess.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            content = self._build(tag, province, members)
            self.stdout.write(f"Import of {members} new members from .csv ({len(content) / 1e6:.1f} MB):")
            self._run(content, "import .csv (new members)", lambda r: f"{r.created} created")
            self._run(content, "import .csv again (nothing changes)", lambda r: f"{r.unchanged} unchanged")
        finally:
            self.stdout.write("Cleaning up…")
            _remove(province, first_log)
            self.stdout.write("Done; throw-away data removed.")

    def _build(self, tag: str, province: AdministrativeUnit, members: int) -> bytes:
        Ethnicity.objects.get_or_create(code="01", defaults={"name": "Kinh"})
        top = PartyOrganization.objects.create(code=f"BENCH-M{tag}", name=f"Đảng bộ Thử Nhập {tag}",
                                               kind=Kind.PROVINCIAL, province=province)
        cell_count = max(1, members // MEMBERS_PER_CELL)
        gpos = PartyOrganization.objects.bulk_create(
            PartyOrganization(code=f"BENCH-M{tag}-G{g:04d}", name=f"Đảng bộ xã Thử {g}", search_name=f"dang bo xa thu {g}",
                              kind=Kind.GRASSROOTS, parent=top, province=province)
            for g in range(max(1, cell_count // 20)))
        cells = PartyOrganization.objects.bulk_create(
            PartyOrganization(code=f"{gpos[c % len(gpos)].code}-C{c:05d}", name=f"Chi bộ thử {c}",
                              search_name=f"chi bo thu {c}", kind=Kind.CELL, parent=gpos[c % len(gpos)],
                              province=province) for c in range(cell_count))
        lines = [",".join(str(label) for label in cols.MEMBER_LABELS.values())]
        for n in range(members):
            name = f"Thử Nhập {n}"
            lines.append(f"BM{tag}{n:07d},040{n:09d},{name},01/05/{1950 + n % 40},{'Nam' if n % 2 else 'Nữ'},Kinh,"
                         f"{cells[n % cell_count].code},02/03/2010,02/03/2011,,")
        return "\n".join(lines).encode()

    def _run(self, content: bytes, name: str, detail) -> None:
        started = time.monotonic()
        report = import_members(read_table(content, "bench.csv"),
                                progress=lambda m: self.stdout.write(f"  [{time.monotonic() - started:5.1f} s] {m}"))
        elapsed = time.monotonic() - started
        style = self.style.SUCCESS if elapsed <= 60 else self.style.ERROR
        self.stdout.write(style(f"{name}: {elapsed:.2f} s (goal ≤ 60 s) — {detail(report)}"))


def _remove(province: AdministrativeUnit, first_log: int) -> None:
    """What the benchmark made, removed with plain SQL in dependency order (no history rows, no signals)."""
    organizations = f"SELECT id FROM {PartyOrganization._meta.db_table} WHERE province_id = %s"
    members = f"SELECT id FROM {Member._meta.db_table} WHERE cell_id IN ({organizations})"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MemberEvent._meta.db_table} WHERE member_id IN ({members})", [province.pk])
        cursor.execute(f"DELETE FROM {Member.history.model._meta.db_table} WHERE cell_id IN ({organizations})",
                       [province.pk])
        cursor.execute(f"DELETE FROM {Member._meta.db_table} WHERE id IN ({members})", [province.pk])
        for kind in (Kind.CELL, Kind.GRASSROOTS, Kind.PROVINCIAL):
            PartyOrganization.objects.filter(province=province, kind=kind).delete()
        PartyOrganization.history.filter(province_id=province.pk).delete()
        PersonalDataAccess.objects.filter(pk__gt=first_log, action=PersonalDataAccess.Action.IMPORT).delete()
        AdministrativeUnit.objects.filter(pk=province.pk).delete()
        AdministrativeUnit.history.filter(id=province.pk).delete()
