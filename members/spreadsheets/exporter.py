"""Members and their past events as a file that `import_members` reads back unchanged (the round trip)."""

from __future__ import annotations

import tablib
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from members.citizen_ids import shown_to
from members import access_log
from members.models import Member, MemberEvent
from members.spreadsheets import columns as cols
from organizations.access import subtree_filter
from organizations.models import PartyOrganization
from organizations.spreadsheets.cells import date_text, render, safe_text

BATCH = 5000


def members_in(scope: PartyOrganization | None, base: QuerySet | None = None) -> QuerySet[Member]:
    members = base if base is not None else Member.objects.all()
    if scope is not None:
        members = members.filter(subtree_filter(scope.pk, "cell__"))
    return members.order_by("card_number", "pk")


def _member_row(member: Member, user) -> list:
    return [member.card_number or "", shown_to(user, member.citizen_id), safe_text(member.full_name),
            date_text(member.birth_date) if member.birth_date else (member.birth_year or ""),
            member.get_gender_display(), member.ethnicity.name, member.cell.code, date_text(member.admitted_on),
            date_text(member.official_on), member.get_status_display(), safe_text(member.note)]


def _event_row(event: MemberEvent) -> list:
    return [event.member.card_number or "", event.get_kind_display(), date_text(event.date),
            event.from_cell.code if event.from_cell_id else "", event.to_cell.code if event.to_cell_id else "",
            event.get_discipline_level_display() if event.discipline_level else "", safe_text(event.deciding_body),
            safe_text(event.note)]


def datasets(members: QuerySet[Member], user) -> tuple[tablib.Dataset, tablib.Dataset]:
    """The members sheet and the events sheet (events in force other than admission and official membership,
    which the members sheet carries)."""
    people = tablib.Dataset(headers=[str(label) for label in cols.MEMBER_LABELS.values()],
                            title=str(cols.MEMBER_SHEET))
    for member in members.select_related("cell", "ethnicity").iterator(chunk_size=BATCH):
        people.append(_member_row(member, user))
    history = tablib.Dataset(headers=[str(label) for label in cols.EVENT_LABELS.values()],
                             title=str(cols.EVENT_SHEET))
    events = MemberEvent.objects.effective().filter(member__in=members.values("pk"),
                                                    kind__in=cols.IMPORTED_EVENT_KINDS)
    for event in events.select_related("member", "from_cell", "to_cell").order_by(
            "member__card_number", "date", "pk").iterator(chunk_size=BATCH):
        history.append(_event_row(event))
    return people, history


def export_file(members: QuerySet[Member], file_format: str, *, user=None, what: str = "") -> bytes:
    """The file (.xlsx: both sheets; .csv: the members sheet), with the export written to the access log."""
    people, history = datasets(members, user)
    access_log.record(user, access_log.Action.EXPORT, what or _("Xuất danh sách đảng viên"), records=people.height)
    if file_format == "xlsx":
        return tablib.Databook([people, history]).export("xlsx")
    return render(people, "csv")
