"""What every import of a table shares: reading a cell, naming an error by row and column, the header, the preview.

The ratings, organizations and members imports read their files through `reader.read_table` and their rows
through these helpers, so that a date, a blank cell, an escaped formula or an unknown column reads the same way
in every file, and every error says where it is.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import tablib
from django.utils import translation
from django.utils.translation import gettext as _

from organizations.text import loose

# A text starting with one of these is run as a formula by spreadsheet programs (and an "=" is written as a live
# formula into .xlsx): such texts are exported behind an apostrophe, which `text` takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A blank cell keeps what is on record (a file may carry only the columns someone filled in); this word in a cell
# empties the field instead, so that clearing a value is never an accident.
CLEAR = "(xóa)"
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def safe_text(value: str) -> str:
    value = value or ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def render(dataset: tablib.Dataset, file_format: str) -> bytes:
    """The bytes of a .xlsx or a .csv (UTF-8 with BOM, so that Excel shows Vietnamese correctly)."""
    if file_format == "xlsx":
        buffer = io.BytesIO()
        buffer.write(dataset.export("xlsx"))
        return buffer.getvalue()
    return ("\ufeff" + dataset.export("csv")).encode("utf-8")


def text(value) -> str:
    """A cell as text: numbers Excel stored as floats lose their ".0", an exported formula its apostrophe."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if result.startswith("'") and result[1:].startswith(FORMULA_STARTS):
        return result[1:]  # escaped on export (safe_text)
    return result


def date(value) -> datetime.date | None:
    """A date cell: a real date, an Excel serial number, or text as dd/mm/yyyy (or yyyy-mm-dd); ValueError else."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        # An Excel date serial (day 1 = 1900-01-01, counting Excel's fictitious 29 February 1900).
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
    written = text(value)
    if (match := _DAY_MONTH_YEAR.fullmatch(written)) is not None:  # the usual form, without strptime's cost
        try:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            pass  # reported below, in the same words as any other text
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(written, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” không phải ngày (dd/mm/yyyy).") % {"value": written})


def date_text(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


@dataclass
class RowError:
    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = _("Dòng %(row)s") % {"row": self.row}
        if self.sheet:
            where = _("Trang “%(sheet)s”, dòng %(row)s") % {"sheet": self.sheet, "row": self.row}
        if self.column:
            where += _(", cột “%(column)s”") % {"column": self.column}
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: (e.sheet, e.row))
        super().__init__("\n".join(str(e) for e in self.errors))


def header_index(headers: list[str], labels: Mapping[str, object], required: tuple[str, ...] = (),
                 sheet: str = "") -> dict[str, int]:
    """Column key → position, from titles typed with or without diacritics (Vietnamese or the active language).

    Unknown, repeated and missing columns are all reported at once (ImportFailed)."""
    known: dict[str, str] = {}
    for key, label in labels.items():
        known[loose(str(label))] = key
        with translation.override("vi"):
            known[loose(str(label))] = key
    errors: list[RowError] = []
    index: dict[str, int] = {}
    for position, title in enumerate(headers):
        key = known.get(loose(title))
        if key is None:
            errors.append(RowError(1, title or f"#{position + 1}", _("Cột không nhận ra."), sheet))
        elif key in index:
            errors.append(RowError(1, title, _("Cột bị lặp."), sheet))
        else:
            index[key] = position
    for key in required:
        if key not in index:
            errors.append(RowError(1, "", _("Thiếu cột “%(c)s”.") % {"c": labels[key]}, sheet))
    if errors:
        raise ImportFailed(errors)
    return index


class Row:
    """One row of a table read through a header index: its cells by key, its errors by column title."""

    def __init__(self, number: int, values: list, index: dict[str, int], labels: Mapping[str, object],
                 errors: list[RowError], sheet: str = ""):
        self.number, self.values, self.index, self.labels = number, values, index, labels
        self.errors, self.sheet, self.failed = errors, sheet, False

    def raw(self, key: str):
        position = self.index.get(key)
        return self.values[position] if position is not None and position < len(self.values) else None

    def text(self, key: str) -> str:
        return text(self.raw(key))

    def has(self, key: str) -> bool:
        return key in self.index

    def fail(self, key: str, message: str) -> None:
        self.failed = True
        self.errors.append(RowError(self.number, str(self.labels.get(key, key)) if key else "", message, self.sheet))

    def date(self, key: str) -> datetime.date | None:
        try:
            return date(self.raw(key))
        except ValueError as exc:
            self.fail(key, str(exc))
            return None


@dataclass
class Change:
    """What one row does, for the preview: created, updated (each field old → new) or unchanged."""

    row: int
    key: str
    action: str  # "created", "updated", "unchanged"
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (column title, old, new)


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)  # created and updated rows only
    warnings: list[str] = field(default_factory=list)

    def count(self, change: Change) -> None:
        setattr(self, change.action, getattr(self, change.action) + 1)
        if change.action != "unchanged":
            self.changes.append(change)
