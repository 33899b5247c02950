"""Writing a checked members file: new members and their events in bulk, changed details with their history."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from members.history import MemberState
from members.models import Member, MemberEvent
from organizations.signals import announce_figures
from organizations.text import fold

if TYPE_CHECKING:
    from members.spreadsheets.importer import NewEvent, _Person

BATCH = 2000
_DERIVED = ("cell", "admitted_on", "official_on", "status", "exempt_from_activities")
_FIELD = {"ethnicity_id": "ethnicity", "cell_id": "cell"}  # bulk_update takes field names, not column names


def write_people(people: list[_Person], user, note: Callable[[str], None]) -> None:
    recorded_by = user if getattr(user, "pk", None) else None
    created = _create(people, recorded_by)
    if created:
        note(_("Đã ghi %(n)s đảng viên mới.") % {"n": len(created)})
    changed = _update(people, recorded_by)
    events = [event for person in people for event in person.new_events]
    for person in people:
        for event in person.new_events:
            event.member_id = (person.existing or {}).get("pk") or created[person.card].pk
            event.recorded_by_id = recorded_by.pk if recorded_by else None
    _insert_events(events)
    if events:  # personal details alone change no figure
        cells = {m.cell_id for m in [*created.values(), *changed]} | {e.from_cell_id for e in events} | {
            e.to_cell_id for e in events}
        announce_figures(MemberEvent, organization_ids=cells, years={e.date.year for e in events})


_EVENT_COLUMNS = ("member_id", "kind", "date", "from_cell_id", "to_cell_id", "transfer_scope", "discipline_level",
                  "deciding_body", "note", "recorded_by_id", "recorded_at")


def _insert_events(events: list[NewEvent]) -> None:
    """Events are append-only rows without history: on PostgreSQL one COPY (two events a member, 200,000 rows for
    a province, at a fraction of bulk_create's cost); elsewhere bulk_create."""
    now = timezone.now()
    rows = [[*(getattr(event, column) for column in _EVENT_COLUMNS[:-1]), now] for event in events]
    if connection.vendor != "postgresql":
        MemberEvent.objects.bulk_create([MemberEvent(**dict(zip(_EVENT_COLUMNS, row))) for row in rows],
                                        batch_size=BATCH)
        return
    _copy(MemberEvent._meta.db_table, list(_EVENT_COLUMNS), rows)


def _apply_state(member: Member, state: MemberState) -> None:
    member.cell_id, member.admitted_on, member.official_on = state.cell_id, state.admitted_on, state.official_on
    member.status, member.exempt_from_activities = state.status, state.exempt


def _create(people: list[_Person], recorded_by) -> dict[str, Member]:
    members = {}
    for person in people:
        if person.existing is not None:
            continue
        values = person.values
        member = Member(card_number=person.card, full_name=values["full_name"], search_name=fold(values["full_name"]),
                        citizen_id=values.get("citizen_id") or None, gender=values["gender"],
                        birth_date=values.get("birth_date"), birth_year=values.get("birth_year"),
                        ethnicity_id=values["ethnicity_id"], note=values.get("note") or "")
        _apply_state(member, person.state)
        members[person.card] = member
    if members and connection.vendor == "postgresql":
        _copy_members(list(members.values()), recorded_by)
    elif members:
        bulk_create_with_history(list(members.values()), Member, batch_size=BATCH, default_user=recorded_by)
    return members


def _copy_members(members: list[Member], recorded_by) -> None:
    """New members and their history rows by COPY, with ids drawn from the table's sequence first: bulk_create
    spends most of an import of 100,000 members preparing values one by one."""
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",
                       [len(members)])
        for member, (pk,) in zip(members, cursor.fetchall(), strict=True):
            member.pk = pk
    columns = [field.attname for field in Member._meta.concrete_fields]
    _copy(table, columns, ([getattr(member, column) for column in columns] for member in members))
    history = Member.history.model
    tracked = [f.attname for f in history._meta.concrete_fields if f.attname in columns]
    extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    stamp = [timezone.now(), None, "+", recorded_by.pk if recorded_by else None]
    _copy(history._meta.db_table, tracked + extra,
          ([*(getattr(member, column) for column in tracked), *stamp] for member in members))


def _copy(table: str, columns: list[str], rows) -> None:
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _update(people: list[_Person], recorded_by) -> list[Member]:
    diffs = {}
    for person in people:
        existing = person.existing
        if existing is None:
            continue
        diff = {key: value for key, value in person.values.items() if (existing.get(key) or None) != (value or None)}
        if diff or person.new_events:
            diffs[existing["pk"]] = (person, diff)
    # Whole records, so that each history row holds every field as it now is.
    records = {}
    for start in range(0, len(diffs), BATCH):
        records.update(Member.objects.in_bulk(list(diffs)[start:start + BATCH]))
    changed, fields = [], {"version"}
    for pk, (person, diff) in diffs.items():
        member = records[pk]
        for key, value in diff.items():
            setattr(member, key, "" if value is None and key == "note" else value)
        if "full_name" in diff:
            member.search_name = fold(member.full_name)
            fields.add("search_name")
        if person.new_events:
            _apply_state(member, person.state)
            fields.update(_DERIVED)
        member.version += 1
        fields.update(_FIELD.get(key, key) for key in diff)
        changed.append(member)
    if changed:
        bulk_update_with_history(changed, Member, sorted(fields), batch_size=BATCH, default_user=recorded_by)
    return changed
