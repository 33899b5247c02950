"""Importing party organizations (GPOs, constituent committees, cells) from a table: upsert by code, all or nothing.

A parent may come later in the same file; a parent neither in the file nor on record (an orphan) and a chain
that loops back to itself (a cycle) are errors of the rows concerned. A blank cell keeps what is on record,
`cells.CLEAR` empties an optional field. Every error of the file is reported in one round; nothing is written
unless every row is valid, and a second run of the same file changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from organizations import access
from organizations.inputs import NOTE_MAX_LENGTH, shown
from organizations.models import AdministrativeUnit, PartyOrganization, UnitLineage
from organizations.signals import announce_figures
from organizations.spreadsheets.cells import CLEAR, Change, ImportFailed, ImportReport, Row, RowError, date_text, \
    header_index
from organizations.spreadsheets.reader import Table
from organizations.spreadsheets.template import Column, Sheet
from organizations.text import fold, loose

Kind = PartyOrganization.Kind
IMPORTED_KINDS = (Kind.GRASSROOTS, Kind.CONSTITUENT, Kind.CELL)
LABELS = {
    "code": gettext_lazy("Mã tổ chức"),
    "name": gettext_lazy("Tên tổ chức"),
    "kind": gettext_lazy("Loại tổ chức"),
    "parent": gettext_lazy("Mã tổ chức cấp trên"),
    "admin_unit": gettext_lazy("Mã đơn vị hành chính"),
    "founded": gettext_lazy("Ngày thành lập"),
    "dissolved": gettext_lazy("Ngày giải thể"),
    "note": gettext_lazy("Ghi chú"),
}
NOTES = {
    "code": gettext_lazy("Bắt buộc. Mã tổ chức, duy nhất; dòng có mã đã có trong hệ thống sửa tổ chức đó."),
    "name": gettext_lazy("Bắt buộc với tổ chức mới. Tên đầy đủ, ví dụ “Chi bộ bản Nậm Giải”."),
    "kind": gettext_lazy("Bắt buộc với tổ chức mới: Tổ chức cơ sở đảng, Đảng bộ bộ phận hoặc Chi bộ (chọn trong "
                         "danh sách)."),
    "parent": gettext_lazy("Bắt buộc với tổ chức mới. Mã tổ chức cấp trên: đã có trong hệ thống (trong phạm vi "
                           "của bạn) hoặc ở một dòng khác của tệp, trước hay sau dòng này đều được."),
    "admin_unit": gettext_lazy("Mã đơn vị hành chính của Tổng cục Thống kê (tỉnh 2 chữ số, huyện 3, xã 5), hiện "
                               "hành hoặc trước năm 2025: mã dùng lại sau sắp xếp được hiểu theo ngày thành lập."),
    "founded": gettext_lazy("Ngày thành lập, dạng dd/mm/yyyy; có thể để trống."),
    "dissolved": gettext_lazy("Ngày giải thể hoặc hợp nhất, dạng dd/mm/yyyy; để trống nếu còn hoạt động."),
    "note": gettext_lazy("Ghi chú tùy ý. Ô trống giữ giá trị đang có; ghi “(xóa)” để xóa ngày, mã đơn vị hoặc "
                         "ghi chú đang có."),
}
_CLEARABLE = ("admin_unit", "founded", "dissolved", "note")
_FIELDS = ("name", "kind", "parent", "admin_unit", "founded", "dissolved", "note")


def kind_labels() -> list[str]:
    return [str(Kind(kind).label) for kind in IMPORTED_KINDS]


@dataclass
class _Wanted:
    """One row as read: `values` holds the fields it sets (None clears); absent fields keep what is on record."""

    row: Row
    code: str
    values: dict[str, object] = field(default_factory=dict)
    existing: PartyOrganization | None = None
    province_id: int | None = None


def _kind(text: str) -> str | None:
    wanted = loose(text)
    for kind in IMPORTED_KINDS:
        if wanted in (kind.value, loose(str(Kind(kind).label))):
            return kind
    return {"tccs": Kind.GRASSROOTS, "dang bo co so": Kind.GRASSROOTS, "chi bo co so": Kind.GRASSROOTS,
            "dbbp": Kind.CONSTITUENT}.get(wanted)


def _read(row: Row) -> _Wanted:
    wanted = _Wanted(row, row.text("code"))
    if not wanted.code:
        row.fail("code", _("Thiếu mã tổ chức."))
    elif len(wanted.code) > PartyOrganization._meta.get_field("code").max_length:
        row.fail("code", _("Mã dài quá %(n)s ký tự.") % {"n": PartyOrganization._meta.get_field("code").max_length})
    for key in _FIELDS:
        written = row.text(key)
        if not written:
            continue
        if written == CLEAR:
            if key in _CLEARABLE:
                wanted.values[key] = None
            else:
                row.fail(key, _("Cột này không xóa được; để trống để giữ giá trị đang có."))
            continue
        wanted.values[key] = _value(row, key, written)
    return wanted


def _value(row: Row, key: str, written: str):
    if key == "kind":
        kind = _kind(written)
        if kind is None:
            row.fail(key, _("“%(v)s” không phải loại tổ chức (%(kinds)s).") % {"v": shown(written),
                                                                              "kinds": ", ".join(kind_labels())})
        return kind
    if key in ("founded", "dissolved"):
        return row.date(key)
    limit = {"name": PartyOrganization._meta.get_field("name").max_length, "note": NOTE_MAX_LENGTH}.get(key)
    if limit and len(written) > limit:
        row.fail(key, _("Tối đa %(n)s ký tự (đang có %(len)s).") % {"n": limit, "len": len(written)})
    return written


@transaction.atomic
def import_organizations(table: Table, *, user=None, dry_run: bool = False,
                         progress: Callable[[str], None] | None = None) -> ImportReport:
    """Check every row, then write them all; raise ImportFailed (nothing written) on any error.

    `user` None is the command line (every organization); a user creates and changes organizations only under
    the organizations they may write (organizations/access.py)."""
    note = progress or (lambda _m: None)
    index = header_index(table.headers, LABELS, ("code",))
    errors: list[RowError] = []
    rows = [_read(Row(number, values, index, LABELS, errors)) for number, values in table.rows]
    plan = _Plan(rows, user, errors)
    plan.check()
    if errors:
        raise ImportFailed(errors)
    note(_("Đã kiểm tra %(n)s dòng, không có lỗi.") % {"n": len(rows)})
    report = plan.report(dry_run)
    if not dry_run:
        plan.write()
    return report


class _Plan:
    """The file's rows against what is on record: parents, scope, kinds, units, dates, then the writes."""

    def __init__(self, rows: list[_Wanted], user, errors: list[RowError]):
        self.rows, self.user, self.errors = rows, user, errors
        self.by_code: dict[str, _Wanted] = {}
        for wanted in rows:
            if wanted.code in self.by_code:
                wanted.row.fail("code", _("Mã trùng với dòng %(other)s.") % {"other": self.by_code[wanted.code].row.number})
            elif wanted.code:
                self.by_code[wanted.code] = wanted
        codes = set(self.by_code) | {w.values["parent"] for w in rows if w.values.get("parent")}
        self.on_record = {o.code: o for o in PartyOrganization.objects.filter(code__in=codes).select_related(
            "parent", "parent__parent", "parent__parent__parent", "parent__parent__parent__parent")}
        self.writable = None if user is None else set(
            access.writable_organizations_for(user).filter(code__in=codes).values_list("code", flat=True))
        self.units = _UnitBook({w.values["admin_unit"] for w in rows if w.values.get("admin_unit")})

    def _in_scope(self, code: str) -> bool:
        return self.writable is None or code in self.writable

    def check(self) -> None:
        for wanted in self.by_code.values():
            wanted.existing = self.on_record.get(wanted.code)
            if wanted.existing is not None and not self._in_scope(wanted.code):
                wanted.row.fail("code", _("Mã “%(c)s” đã được dùng cho một tổ chức ngoài phạm vi của bạn.")
                                % {"c": wanted.code})
            elif wanted.existing is None:
                for key in ("name", "kind", "parent"):
                    if key not in wanted.values:
                        wanted.row.fail(key, _("Bắt buộc với tổ chức mới."))
            elif wanted.existing.kind not in IMPORTED_KINDS:
                wanted.row.fail("code", _("Tệp chỉ nhập tổ chức cơ sở đảng, đảng bộ bộ phận và chi bộ."))
        for wanted in self.by_code.values():
            if not wanted.row.failed:
                self._check_parent(wanted)
        for wanted in self.by_code.values():
            if not wanted.row.failed:
                self._check_rest(wanted)

    def final(self, wanted: _Wanted, key: str):
        """The value a field will have: the row's, else the one on record."""
        if key in wanted.values:
            return wanted.values[key]
        if wanted.existing is None:
            return None
        if key == "parent":
            return wanted.existing.parent.code if wanted.existing.parent_id else None
        return getattr(wanted.existing, key)

    def _parent_of(self, code: str) -> str | None:
        if code in self.by_code:
            return self.final(self.by_code[code], "parent")
        organization = self.on_record.get(code)
        if organization is None:
            return None
        return organization.parent.code if organization.parent_id else None

    def _check_parent(self, wanted: _Wanted) -> None:
        parent_code = self.final(wanted, "parent")
        if parent_code is None or "parent" not in wanted.values:
            return
        if parent_code not in self.by_code and parent_code not in self.on_record:
            wanted.row.fail("parent", _("Không có tổ chức mã “%(c)s” trong hệ thống hay trong tệp.") % {"c": parent_code})
            return
        if parent_code in self.on_record and not self._in_scope(parent_code):
            wanted.row.fail("parent", _("Tổ chức cấp trên “%(c)s” ở ngoài phạm vi của bạn.") % {"c": parent_code})
            return
        seen, code = [wanted.code], parent_code
        while code is not None:
            if code in seen:
                wanted.row.fail("parent", _("Vòng lặp cấp trên: %(chain)s.") % {"chain": " → ".join([*seen, code])})
                return
            seen.append(code)
            code = self._parent_of(code)

    def _kind_of(self, code: str) -> str:
        if code in self.by_code:
            return self.final(self.by_code[code], "kind")
        return self.on_record[code].kind

    def province_of(self, wanted: _Wanted) -> int | None:
        """The province of the organization's parent chain (the file's rows first, then the record)."""
        if "parent" not in wanted.values and wanted.existing is not None:
            return wanted.existing.province_id
        code = self.final(wanted, "parent")
        for _step in range(len(self.by_code) + 1):
            if code is None:
                return None
            if code not in self.by_code:
                return self.on_record[code].province_id if code in self.on_record else None
            code = self.final(self.by_code[code], "parent")
        return None

    def _check_rest(self, wanted: _Wanted) -> None:
        kind, parent_code = self.final(wanted, "kind"), self.final(wanted, "parent")
        if "parent" not in wanted.values and wanted.existing is not None:
            parent_kind = wanted.existing.parent.kind if wanted.existing.parent_id else None
        else:
            parent_kind = self._kind_of(parent_code) if parent_code else None
        if kind and parent_kind and parent_kind not in PartyOrganization.PARENT_KINDS[kind]:
            wanted.row.fail("parent", _("%(kind)s không thể trực thuộc %(parent)s.")
                            % {"kind": Kind(kind).label, "parent": Kind(parent_kind).label})
        founded, dissolved = self.final(wanted, "founded"), self.final(wanted, "dissolved")
        if founded and dissolved and dissolved < founded:
            wanted.row.fail("dissolved", _("Ngày giải thể %(d)s trước ngày thành lập %(f)s.")
                            % {"d": date_text(dissolved), "f": date_text(founded)})
        wanted.province_id = self.province_of(wanted)
        if wanted.existing is not None and wanted.province_id != wanted.existing.province_id:
            wanted.row.fail("parent", _("Tổ chức không thể chuyển sang tỉnh khác."))
        unit_code = wanted.values.get("admin_unit")
        if unit_code:
            day = founded or datetime.date.today()
            unit, message = self.units.resolve(unit_code, day, wanted.province_id)
            if unit is None:
                wanted.row.fail("admin_unit", message)
            wanted.values["admin_unit"] = unit

    def report(self, dry_run: bool) -> ImportReport:
        report = ImportReport(rows=len(self.rows), dry_run=dry_run)
        for wanted in self.rows:
            report.count(self._change(wanted))
        return report

    def _change(self, wanted: _Wanted) -> Change:
        if wanted.existing is None:
            fields = [(str(LABELS[key]), "", _shown(value)) for key, value in wanted.values.items() if value]
            return Change(wanted.row.number, wanted.code, "created", fields)
        fields = [(str(LABELS[key]), _shown(self._old(wanted, key)), _shown(value))
                  for key, value in wanted.values.items() if _key_value(value) != _key_value(self._old(wanted, key))]
        return Change(wanted.row.number, wanted.code, "updated" if fields else "unchanged", fields)

    def _old(self, wanted: _Wanted, key: str):
        if key == "parent":
            return wanted.existing.parent.code if wanted.existing.parent_id else None
        return getattr(wanted.existing, key) or None

    def write(self) -> None:
        created = self._create()
        updated = self._update(created)
        announce_figures(PartyOrganization, organization_ids=[o.pk for o in [*created.values(), *updated]],
                         years=None)

    def _create(self) -> dict[str, PartyOrganization]:
        """New organizations, parents before children, each batch one bulk insert with its history rows."""
        created: dict[str, PartyOrganization] = {}
        waiting = [w for w in self.rows if w.existing is None]
        while waiting:
            ready = [w for w in waiting if self.final(w, "parent") not in self.by_code
                     or self.by_code[self.final(w, "parent")].existing is not None
                     or self.final(w, "parent") in created]
            if not ready:  # check() refused every cycle; this would be a bug, never a loop
                raise RuntimeError("organizations import: parents never resolved")
            batch = [self._new(w, created) for w in ready]
            bulk_create_with_history(batch, PartyOrganization, batch_size=2000, default_user=self.user)
            created.update((o.code, o) for o in batch)
            waiting = [w for w in waiting if w.code not in created]
        return created

    def _new(self, wanted: _Wanted, created: dict[str, PartyOrganization]) -> PartyOrganization:
        values = wanted.values
        parent = created.get(values["parent"]) or self._record(values["parent"])
        return PartyOrganization(code=wanted.code, name=values["name"], search_name=fold(values["name"]),
                                 kind=values["kind"], parent=parent, province_id=wanted.province_id,
                                 admin_unit=values.get("admin_unit"), founded=values.get("founded"),
                                 dissolved=values.get("dissolved"), note=values.get("note") or "")

    def _record(self, code: str) -> PartyOrganization:
        return self.by_code[code].existing if code in self.by_code else self.on_record[code]

    def _update(self, created: dict[str, PartyOrganization]) -> list[PartyOrganization]:
        changed, names = [], set()
        for wanted in self.rows:
            organization = wanted.existing
            diff = [key for key, value in (wanted.values.items() if organization else ())
                    if _key_value(value) != _key_value(self._old(wanted, key))]
            for key in diff:
                value = wanted.values[key]
                if key == "parent":
                    organization.parent = created.get(value) or self._record(value)
                elif key == "name":
                    organization.name, organization.search_name = value, fold(value)
                    names.add("search_name")
                else:
                    setattr(organization, key, "" if value is None and key == "note" else value)
            names.update(diff)
            if diff:
                changed.append(organization)
        if changed:
            bulk_update_with_history(changed, PartyOrganization, sorted(names), batch_size=2000,
                                     default_user=self.user)
        return changed


def _key_value(value):
    """What is compared: an organization or unit by its id, an empty text as None."""
    if isinstance(value, (PartyOrganization, AdministrativeUnit)):
        return value.pk
    return value or None


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return date_text(value)
    if isinstance(value, AdministrativeUnit):
        return f"{value.code} {value.name}"
    if value in Kind.values:
        return str(Kind(value).label)
    return str(value)


class _UnitBook:
    """Administrative units by official code; a code the statistics office reused after 2025 is read by date."""

    def __init__(self, codes: set[str]):
        self.by_code: dict[str, list[AdministrativeUnit]] = {}
        for unit in AdministrativeUnit.objects.filter(code__in=codes).select_related(
                "parent", "parent__parent", "parent__parent__parent"):
            self.by_code.setdefault(unit.code, []).append(unit)
        self.successors: dict[int, set[int]] = {}
        for old, new in UnitLineage.objects.filter(
                predecessor__level=AdministrativeUnit.Level.PROVINCE).values_list("predecessor_id", "successor_id"):
            self.successors.setdefault(old, set()).add(new)

    def resolve(self, code: str, day: datetime.date, province_id: int | None) -> tuple[AdministrativeUnit | None, str]:
        candidates = [u for u in self.by_code.get(code, []) if self._in_province(u, province_id)]
        if not candidates:
            return None, _("Không có đơn vị hành chính mã “%(c)s” thuộc tỉnh của tổ chức.") % {"c": shown(code)}
        in_force = [u for u in candidates if (u.valid_from is None or u.valid_from <= day)
                    and (u.valid_to is None or u.valid_to >= day)]
        if len(in_force) == 1 or len(candidates) == 1:
            return (in_force or candidates)[0], ""
        names = "; ".join(f"{u.name} ({date_text(u.valid_from) or '…'}–{date_text(u.valid_to) or '…'})"
                          for u in candidates)
        return None, _("Mã “%(c)s” ứng với nhiều đơn vị (%(names)s); ghi ngày thành lập để chọn.") % {
            "c": code, "names": names}

    def _in_province(self, unit: AdministrativeUnit, province_id: int | None) -> bool:
        top = unit
        while top.parent_id is not None:
            top = top.parent
        return province_id is None or top.pk == province_id or province_id in self.successors.get(top.pk, ())


def template_sheet() -> Sheet:
    """The organizations template: its columns with notes, a drop-down of kinds and an example row."""
    widths = {"code": 16, "name": 36, "kind": 22, "parent": 18, "admin_unit": 14, "note": 32}
    columns = [Column(key, str(LABELS[key]), str(NOTES[key]), width=widths.get(key, 14),
                      choices=kind_labels() if key == "kind" else (),
                      as_text=key in ("code", "parent", "admin_unit")) for key in LABELS]
    example = {"code": "VD-CB000123", "name": _("Chi bộ bản Ví Dụ"), "kind": str(Kind.CELL.label),
               "parent": "VD-DB000001", "admin_unit": "", "founded": datetime.date(2025, 7, 1),
               "note": _("Dòng ví dụ: ghi đè bằng số liệu thật hoặc xóa dòng này.")}
    return Sheet(_("Tổ chức đảng"), columns, example)
