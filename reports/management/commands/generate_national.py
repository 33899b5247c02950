"""Build a synthetic national data set on PostgreSQL for benchmarks: all current provinces and communes, ~250k
cells, >= 5 million members and 10 years of ratings, in set-based SQL (generate_series), with progress shown.

Everything it creates is labelled synthetic: organization codes start with "SYN-", names end with "(giả lập)".
It never touches the article fixtures (their organizations are "HIST-DB-..." on pre-2025 provinces).
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction

from members.models import Ethnicity, Member
from organizations.models import AdministrativeUnit, PartyOrganization
from organizations.selectors import reporting_unit_join, reporting_unit_sql
from ratings.models import Level, Rating, Scheme
from reports import synthetic

SYNTHETIC_PREFIX = "SYN-"
SYNTHETIC_NOTE = "Dữ liệu giả lập cho đo hiệu năng (generate_national); không phải số liệu thật."
MIN_PROVINCES, MIN_COMMUNES = 34, 3000
# Shares per tier, in thousandths (cumulative thresholds): organizations and members.
ORG_THRESHOLDS = (250, 850, 985)
MEMBER_THRESHOLDS = (150, 850, 985)


def _literal_default(field: models.Field):
    default = field.get_default()
    return None if default == "" and field.null else default


def insert_select(model: type[models.Model], expressions: dict[str, str | tuple[str, list]], from_sql: str,
                  params: list) -> int:
    """INSERT INTO model's table SELECT expressions FROM ...; columns not given take their model default.

    Columns are read from the model, so a field added later by another app does not break the generator.
    An expression is SQL, or (SQL, its parameters); `params` belong to `from_sql`.
    """
    columns, selects, values = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in expressions:
            expression = expressions[field.name]
            sql_part, sql_params = expression if isinstance(expression, tuple) else (expression, [])
            selects.append(sql_part)
            values.extend(sql_params)
        elif field.has_default():
            selects.append("%s")
            values.append(_literal_default(field))
        elif field.null:
            selects.append("NULL")
        elif isinstance(field, (models.CharField, models.TextField)):
            selects.append("''")
        else:
            raise CommandError(f"{model.__name__}.{field.name}: no value for a NOT NULL column without default.")
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(selects)} {from_sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, values + params)
        return cursor.rowcount


@contextmanager
def without_foreign_keys(model: type[models.Model], log):
    """Drop a table's foreign keys during a bulk load and add them back after, which checks every row in one join.

    Row by row, each key is a trigger event queued until commit (Django's keys are deferred): millions of them
    exhaust memory. Skipping the triggers instead (session_replication_role) needs a superuser; this needs only
    the table's owner, and a row that breaks a key still fails the whole transaction.
    """
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'f'",
            [table],
        )
        keys = cursor.fetchall()
        for name, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    yield
    started = time.monotonic()
    with connection.cursor() as cursor:
        for name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    log(f"  {len(keys)} foreign keys of {table} added back and checked in {time.monotonic() - started:.0f} s")


@contextmanager
def without_secondary_indexes(model: type[models.Model], log):
    """Drop a table's plain indexes during a bulk load and rebuild them after (much faster than row by row)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = %s AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for name, definition in indexes:
            started = time.monotonic()
            cursor.execute(definition)
            log(f"  index {name} rebuilt in {time.monotonic() - started:.0f} s")


class Command(BaseCommand):
    help = "Generate the synthetic national data set (PostgreSQL only) for `make bench`."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--members", type=int, default=5_200_000, help="members to create (default 5,200,000)")
        parser.add_argument("--cells", type=int, default=250_000, help="party cells to create (default 250,000)")
        parser.add_argument("--years", type=int, default=10, help="years of ratings (default 10)")
        parser.add_argument("--last-year", type=int, default=2024, help="last year rated (default 2024)")
        parser.add_argument("--if-absent", action="store_true", help="do nothing when synthetic data exists")

    def log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("generate_national needs PostgreSQL (set DATABASE_URL=postgres://...).")
        if PartyOrganization.objects.filter(code__startswith=f"{SYNTHETIC_PREFIX}P-").exists():
            if options["if_absent"]:
                self.log("Synthetic national data already present; nothing to do.")
                return
            raise CommandError("Synthetic national data already present (codes SYN-...). Use a fresh database.")
        provinces = list(AdministrativeUnit.objects.provinces().current().order_by("code"))
        communes = list(AdministrativeUnit.objects.communes().current().select_related("parent").order_by("code"))
        if len(provinces) < MIN_PROVINCES or len(communes) < MIN_COMMUNES:
            raise CommandError(
                f"Found {len(provinces)} current provinces and {len(communes)} communes: run `manage.py load_reference` first."
            )
        years = list(range(options["last_year"] - options["years"] + 1, options["last_year"] + 1))
        levels = self._levels(years)
        started = time.monotonic()
        # One transaction: a failure leaves nothing behind, keys included. Only the tables' owner is needed.
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Keys are checked at each statement's end, so no check is pending when a table's keys are dropped
                # (PostgreSQL refuses to alter a table with pending trigger events); index builds and key checks
                # get memory. All three settings end with the transaction.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                cursor.execute("SET LOCAL work_mem = '64MB'")
            gpo_count = self._committees(provinces, communes)
            with without_foreign_keys(PartyOrganization, self.log):
                cell_count = self._cells(options["cells"], gpo_count)
            with without_foreign_keys(Member, self.log):
                member_count = self._members(options["members"], cell_count)
            with without_foreign_keys(Rating, self.log):
                self._ratings(years, levels)
        with connection.cursor() as cursor:
            for model in (PartyOrganization, Member, Rating):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        self.log(
            f"Done in {time.monotonic() - started:.0f} s: {len(provinces)} provinces, {gpo_count} GPOs, "
            f"{cell_count} cells, {member_count} members, {len(years)} years ({years[0]}–{years[-1]}). "
            "All labelled synthetic (SYN-…, “giả lập”)."
        )

    def _levels(self, years: list[int]) -> dict[tuple[str, int], dict]:
        """(applies_to, year) → {tier: level id, "score": uses_score}."""
        result: dict[tuple[str, int], dict] = {}
        for level in Level.objects.select_related("scheme"):
            scheme = level.scheme
            for year in years:
                if scheme.first_year <= year <= (scheme.last_year or 9999):
                    entry = result.setdefault((scheme.applies_to, year), {"score": scheme.uses_score})
                    entry[level.tier] = level.pk
        for applies in (Scheme.Applies.ORGANIZATION, Scheme.Applies.MEMBER):
            for year in years:
                if not all(tier in result.get((applies, year), {}) for tier in (1, 2, 3, 4)):
                    raise CommandError(f"No complete rating scheme for {applies} in {year}: run migrations first.")
        return result

    def _committees(self, provinces: list[AdministrativeUnit], communes: list[AdministrativeUnit]) -> int:
        step = time.monotonic()
        provincial = synthetic.provincial_committees(provinces, prefix=SYNTHETIC_PREFIX, note=SYNTHETIC_NOTE)
        gpos = synthetic.commune_gpos(communes, provincial, prefix=SYNTHETIC_PREFIX, note=SYNTHETIC_NOTE)
        self.log(f"[1/4] {len(provincial)} provincial committees, {len(gpos)} commune GPOs ({time.monotonic() - step:.0f} s)")
        return len(gpos)

    def _cells(self, target: int, gpo_count: int) -> int:
        step = time.monotonic()
        mean = max(3, round(target / max(gpo_count, 1)))
        spread = min(30, mean - 1)
        # Per GPO: mean - spread/2 ... mean + spread/2 cells, varying by id, so the total is close to the target.
        count = insert_select(
            PartyOrganization,
            {
                "code": f"'{SYNTHETIC_PREFIX}C-' || g.id || '-' || s",
                "name": "'Chi bộ số ' || s || ' (giả lập)'",
                "search_name": "'chi bo so ' || s || ' (gia lap)'",
                "kind": "'cell'",
                "sector": "'village'",
                "parent": "g.id",
                "province": "g.province_id",
                "note": ("%s", [SYNTHETIC_NOTE]),
            },
            f"FROM {PartyOrganization._meta.db_table} g "
            f"CROSS JOIN LATERAL generate_series(1, {mean - spread // 2} + (g.id %% {spread + 1})) s "
            f"WHERE g.kind = 'grassroots' AND g.code LIKE '{SYNTHETIC_PREFIX}G-%%'",
            [],
        )
        self.log(f"[2/4] {count} cells ({time.monotonic() - step:.0f} s)")
        return count

    def _members(self, target: int, cell_count: int) -> int:
        step = time.monotonic()
        ethnicity, _created = Ethnicity.objects.get_or_create(code="01", defaults={"name": "Kinh"})
        mean = math.ceil(target / max(cell_count, 1))
        spread = max(0, min(20, 2 * (mean - 3)))
        with without_secondary_indexes(Member, self.log):
            count = insert_select(
                Member,
                {
                    "full_name": "'Đảng viên ' || c.id || '.' || s || ' (giả lập)'",
                    "search_name": "'dang vien ' || c.id || '.' || s || ' (gia lap)'",
                    "gender": "CASE WHEN (c.id + s) %% 3 = 0 THEN 'F' ELSE 'M' END",
                    "birth_year": "1950 + ((c.id * 7 + s * 13) %% 50)",
                    "ethnicity": ("%s", [ethnicity.pk]),
                    "cell": "c.id",
                    "admitted_on": "make_date((1975 + ((c.id + s * 7) %% 39))::int, (1 + (s %% 12))::int, 1)",
                    "official_on": "make_date((1976 + ((c.id + s * 7) %% 39))::int, (1 + (s %% 12))::int, 1)",
                    "status": "'official'",
                },
                f"FROM {PartyOrganization._meta.db_table} c "
                f"CROSS JOIN LATERAL generate_series(1, {mean - spread // 2} + (c.id %% {spread + 1})) s "
                f"WHERE c.kind = 'cell' AND c.code LIKE '{SYNTHETIC_PREFIX}C-%%'",
                [],
            )
            self.log(f"[3/4] {count} members inserted ({time.monotonic() - step:.0f} s); rebuilding indexes")
        return count

    def _tier_sql(self, hash_sql: str, thresholds: tuple[int, int, int]) -> str:
        first, second, third = thresholds
        return (f"CASE WHEN {hash_sql} < {first} THEN 1 WHEN {hash_sql} < {second} THEN 2 "
                f"WHEN {hash_sql} < {third} THEN 3 ELSE 4 END")

    def _ratings(self, years: list[int], levels: dict) -> None:
        org_table, member_table = PartyOrganization._meta.db_table, Member._meta.db_table
        with without_secondary_indexes(Rating, self.log):
            for position, year in enumerate(years, start=1):
                step = time.monotonic()
                org_levels = levels[(Scheme.Applies.ORGANIZATION, year)]
                member_levels = levels[(Scheme.Applies.MEMBER, year)]
                # A province-specific shift and a yearly drift, so provinces and years differ.
                org_hash = f"((o.id * 2654435761 + o.province_id * 7919 + {year} * 104729) %% 1000)"
                org_tier = self._tier_sql(org_hash, ORG_THRESHOLDS)
                score = ("CASE t.tier WHEN 1 THEN 92 WHEN 2 THEN 80 WHEN 3 THEN 60 ELSE 40 END"
                         if org_levels["score"] else "NULL")
                # Each rating is placed where it is given (its GPO, the GPO's province and unit), as the engine does.
                org_rows = insert_select(
                    Rating,
                    {
                        "year": str(year),
                        "organization": "t.id",
                        "level": ("CASE t.tier WHEN 1 THEN %s WHEN 2 THEN %s WHEN 3 THEN %s ELSE %s END",
                                  [org_levels[1], org_levels[2], org_levels[3], org_levels[4]]),
                        "score": score,
                        "not_reviewed": "''",
                        "gpo": "g.id",
                        "province": "g.province_id",
                        "admin_unit": "g.admin_unit_id",
                    },
                    f"FROM (SELECT o.id, {org_tier} AS tier, {reporting_unit_sql('o', 'p')} AS gpo_id "
                    f"FROM {org_table} o {reporting_unit_join('o', 'p')} "
                    f"WHERE o.code LIKE '{SYNTHETIC_PREFIX}%%' AND o.kind IN ('grassroots', 'cell')) t "
                    f"JOIN {org_table} g ON g.id = t.gpo_id",
                    [],
                )
                member_hash = f"((m.id * 2654435761 + m.cell_id * 31 + {year} * 104729) %% 1000)"
                member_tier = self._tier_sql(member_hash, MEMBER_THRESHOLDS)
                # About 0.5% are not reviewed (exempted), counted apart: level NULL, reason kept.
                member_rows = insert_select(
                    Rating,
                    {
                        "year": str(year),
                        "member": "t.id",
                        "level": ("CASE WHEN t.skip THEN NULL WHEN t.tier = 1 THEN %s WHEN t.tier = 2 THEN %s "
                                  "WHEN t.tier = 3 THEN %s ELSE %s END",
                                  [member_levels[1], member_levels[2], member_levels[3], member_levels[4]]),
                        "not_reviewed": "CASE WHEN t.skip THEN 'exempted' ELSE '' END",
                        "cell": "t.cell_id",
                        "gpo": "g.id",
                        "province": "g.province_id",
                        "admin_unit": "g.admin_unit_id",
                    },
                    f"FROM (SELECT m.id, m.cell_id, {member_tier} AS tier, ((m.id + {year}) %% 200 = 0) AS skip, "
                    f"{reporting_unit_sql('c', 'p')} AS gpo_id "
                    f"FROM {member_table} m JOIN {org_table} c ON c.id = m.cell_id {reporting_unit_join('c', 'p')} "
                    f"WHERE c.code LIKE '{SYNTHETIC_PREFIX}C-%%') t JOIN {org_table} g ON g.id = t.gpo_id",
                    [],
                )
                self.log(f"[4/4] year {year} ({position}/{len(years)}): {org_rows} organization and {member_rows} "
                         f"member ratings ({time.monotonic() - step:.0f} s)")
            self.log("[4/4] rebuilding rating indexes")
