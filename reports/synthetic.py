"""Synthetic party organizations shared by the benchmark generator (generate_national) and the country demo.

One grassroots organization (GPO) per commune of the official list, under its province's committee, bulk-created and
labelled: codes start with the caller's prefix, names end with "(giả lập)", the note says what the data is; and a
plain multi-row INSERT for the loads too large for bulk_create.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone

from organizations.models import AdministrativeUnit, PartyOrganization
from organizations.text import fold

SYNTHETIC_SUFFIX = " (giả lập)"


def labelled(name: str, **fields) -> PartyOrganization:
    """A new organization named `name` (giả lập), its search name filled as save() would (bulk_create skips it)."""
    name = f"{name}{SYNTHETIC_SUFFIX}"
    return PartyOrganization(name=name, search_name=fold(name), **fields)


def provincial_committees(provinces: Iterable[AdministrativeUnit], *, prefix: str,
                          note: str) -> dict[int, PartyOrganization]:
    """A synthetic provincial committee per province: province id → committee."""
    committees = []
    for province in provinces:
        committees.append(labelled(f"Đảng bộ {province.name}", code=f"{prefix}P-{province.pk}", note=note,
                                   kind=PartyOrganization.Kind.PROVINCIAL, province=province, admin_unit=province))
    return {org.province_id: org for org in PartyOrganization.objects.bulk_create(committees)}


def commune_gpos(communes: Iterable[AdministrativeUnit], provincial: dict[int, PartyOrganization], *, prefix: str,
                 note: str) -> list[PartyOrganization]:
    """A synthetic commune GPO per commune whose parent is a province in `provincial` (province id → committee)."""
    gpos = []
    for commune in communes:
        committee = provincial.get(commune.parent_id)
        if committee is None:
            continue
        gpos.append(labelled(
            f"Đảng bộ {commune.name}", code=f"{prefix}G-{commune.pk}", kind=PartyOrganization.Kind.GRASSROOTS,
            sector=PartyOrganization.Sector.COMMUNE, parent=committee, province_id=commune.parent_id,
            admin_unit=commune, note=note,
        ))
    return PartyOrganization.objects.bulk_create(gpos, batch_size=2000)


def default_value(field: models.Field):
    """What a column not given takes: the model's default, now for auto_now fields, NULL, or '' for text."""
    if field.has_default():
        default = field.get_default()
        return None if default == "" and field.null else default
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return field.get_db_prep_save(timezone.now(), connection)
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name}: no value for a NOT NULL column without default.")


def insert_rows(model: type[models.Model], rows: list[dict]) -> int:
    """INSERT rows given as {field name or attname: value}, the same keys in every row; the other columns take
    their default. For loads of hundreds of thousands of rows, where bulk_create's preparation of every value
    through its field costs more than the database does: values go to the driver as they are (Python dates and
    decimals: both backends adapt them)."""
    if not rows:
        return 0
    names = list(rows[0])
    given = [model._meta.get_field(name) for name in names]
    rest = [f for f in model._meta.concrete_fields if not f.primary_key and f not in given]
    defaults = [default_value(f) for f in rest]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in given + rest)
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * (len(given) + len(rest)))})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row[name] for name in names] + defaults for row in rows])
    return len(rows)

