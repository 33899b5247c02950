"""Record where every existing rating and summary return was given, from the member event history.

A member's rating is placed in the member's cell on 31 December of the year reviewed: the cell of the last
admission or transfer in force (not cancelled or replaced by a correction) dated up to that day, else the cell on
the member's record. The grassroots organization (GPO), province and unit are those of that cell (or of the rated
organization) today, the best record of "then" that exists before this migration. Set-based (UPDATE ... FROM,
SQLite 3.33+ and PostgreSQL), so that it runs in minutes on millions of ratings.
"""

import datetime

from django.db import migrations

# A frozen copy of organizations.selectors.reporting_unit_sql as it is when this migration is written: the GPO of a
# constituent committee or cell, the organization itself otherwise (migrations do not import code that may change).
_UNIT = ("COALESCE(CASE WHEN o.kind NOT IN ('constituent', 'cell') THEN o.id "
         "WHEN p.kind IN ('constituent', 'cell') THEN p.parent_id ELSE p.id END, o.id)")


def _units(org: str) -> str:
    """Every organization with its reporting unit, that unit's province and unit."""
    return (f"SELECT o.id AS id, u.gpo_id AS gpo_id, g.province_id AS province_id, g.admin_unit_id AS admin_unit_id "
            f"FROM {org} o JOIN (SELECT o.id AS id, {_UNIT} AS gpo_id FROM {org} o "
            f"LEFT JOIN {org} p ON p.id = o.parent_id) u ON u.id = o.id JOIN {org} g ON g.id = u.gpo_id")


def fill(apps, schema_editor) -> None:
    org = apps.get_model("organizations", "PartyOrganization")._meta.db_table
    member = apps.get_model("members", "Member")._meta.db_table
    event = apps.get_model("members", "MemberEvent")._meta.db_table
    moved = f"SELECT member_id FROM {event} WHERE kind = 'transfer'"
    with schema_editor.connection.cursor() as cursor:
        for model in ("Rating", "HistoricalRating"):
            table = apps.get_model("ratings", model)._meta.db_table
            cursor.execute(
                f"UPDATE {table} SET cell_id = x.cell_id, gpo_id = x.gpo_id, province_id = x.province_id, "
                f"admin_unit_id = x.admin_unit_id FROM (SELECT m.id AS member_id, m.cell_id AS cell_id, u.gpo_id, "
                f"u.province_id, u.admin_unit_id FROM {member} m JOIN ({_units(org)}) u ON u.id = m.cell_id) x "
                f"WHERE {table}.member_id = x.member_id"
            )
            cursor.execute(
                f"UPDATE {table} SET gpo_id = x.gpo_id, province_id = x.province_id, admin_unit_id = x.admin_unit_id "
                f"FROM ({_units(org)}) x WHERE {table}.organization_id = x.id"
            )
            # Members who moved: the cell of the year's end, then that cell's GPO, province and unit.
            cursor.execute(f"SELECT DISTINCT year FROM {table} WHERE member_id IN ({moved})")
            for (year,) in cursor.fetchall():
                cursor.execute(
                    f"UPDATE {table} SET cell_id = COALESCE((SELECT e.to_cell_id FROM {event} e "
                    f"WHERE e.member_id = {table}.member_id AND e.kind IN ('admission', 'transfer') "
                    f"AND e.to_cell_id IS NOT NULL AND e.date <= %s "
                    f"AND NOT EXISTS (SELECT 1 FROM {event} c WHERE c.corrects_id = e.id) "
                    f"ORDER BY e.date DESC, CASE e.kind WHEN 'admission' THEN 0 ELSE 1 END DESC, e.id DESC LIMIT 1), "
                    f"cell_id) WHERE year = %s AND member_id IN ({moved})",
                    [datetime.date(year, 12, 31), year],
                )
            cursor.execute(
                f"UPDATE {table} SET gpo_id = x.gpo_id, province_id = x.province_id, admin_unit_id = x.admin_unit_id "
                f"FROM ({_units(org)}) x WHERE {table}.cell_id = x.id AND {table}.member_id IN ({moved})"
            )
        for model in ("SummaryReturn", "HistoricalSummaryReturn"):
            table = apps.get_model("ratings", model)._meta.db_table
            cursor.execute(
                f"UPDATE {table} SET province_id = o.province_id, admin_unit_id = o.admin_unit_id "
                f"FROM {org} o WHERE {table}.reporting_organization_id = o.id"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_roles_development_corrections"),
        ("ratings", "0007_place_of_ratings_and_returns"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
