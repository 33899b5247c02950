"""Reading an uploaded .xlsx or .csv into rows, within fixed limits, refusing what cannot be trusted.

Nothing a file says about itself is believed: not the sheet's declared dimension, not the sizes in the zip
directory. Every limit is checked while the file is streamed, so that any file within the upload size is read or
refused within seconds and a few hundred MB of memory. The limits and every refusal are in this module; other
imports (organizations, members) read their files through `read_table` with limits of their own if they need them.

Refused: too large, wrong type, empty, more rows, columns, cells or characters in a cell than the limits, a
workbook that inflates past its limit or declares entities, formulas, merged cells, undecodable text.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from organizations.inputs import NOTE_MAX_LENGTH
from organizations.text import loose

EXTENSIONS = ("xlsx", "csv")


@dataclass(frozen=True)
class Limits:
    """What a file may hold. The defaults fit the ratings import: 100,000 member rows of up to 15 columns."""

    max_bytes: int = 20 * 1024 * 1024  # 100,000 member rows take about 16 MB as .csv, 5 MB as .xlsx
    max_rows: int = 100_000  # rows below the header, blank rows included
    max_columns: int = 100  # a value in a column past this is refused (empty formatted cells are ignored)
    max_cells: int = 2_000_000  # cells in the sheet, empty ones included: what reading costs
    max_cell_chars: int = NOTE_MAX_LENGTH  # the longest text a cell may hold: a note
    max_inflated_bytes: int = 200 * 1024 * 1024  # an .xlsx is a zip: its parts once decompressed
    max_part_bytes: int = 16 * 1024 * 1024  # one part that openpyxl loads whole (styles, workbook), decompressed
    max_zip_members: int = 1000


LIMITS = Limits()
MAX_BYTES = LIMITS.max_bytes
_CHUNK = 1024 * 1024


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why."""


class SheetMissing(FileRefused):
    """The workbook has no visible sheet of the title asked for (or the file is a .csv, which has one sheet)."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (spreadsheet row number, values)
    notices: list[str] = field(default_factory=list)  # what the reader chose for the user (which sheet, …)


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _n(value: int) -> str:
    """A count with the language's thousands separator (100.000 in Vietnamese), whatever the settings say."""
    return numberformat.format(value, get_format("DECIMAL_SEPARATOR"), grouping=3,
                               thousand_sep=get_format("THOUSAND_SEPARATOR"), force_grouping=True)


def check_size(size: int, limits: Limits = LIMITS) -> None:
    if size == 0:
        raise FileRefused(_("Tệp rỗng."))
    if size > limits.max_bytes:
        raise FileRefused(_("Tệp quá lớn (%(mb).1f MB); tối đa %(max)s MB. Hãy chia thành nhiều tệp.")
                          % {"mb": size / 1024 / 1024, "max": limits.max_bytes // 1024 // 1024})


def read_table(data: bytes, name: str, limits: Limits = LIMITS, *, sheet: str | None = None) -> Table:
    """Rows of the first visible sheet (or of the CSV), header first; blank rows are skipped.

    With `sheet`, the visible sheet of that title (typed with or without diacritics), which may hold no row below
    its header; SheetMissing when there is none."""
    check_size(len(data), limits)
    extension = extension_of(name)
    if extension not in EXTENSIONS:
        raise FileRefused(_("Loại tệp “.%(ext)s” không được hỗ trợ; dùng .xlsx hoặc .csv.") % {"ext": extension})
    if sheet is not None and extension != "xlsx":
        raise SheetMissing(sheet)
    notices: list[str] = []
    rows = _xlsx_rows(data, limits, notices, sheet) if extension == "xlsx" else _csv_rows(data, limits, notices)
    table = _collect(rows, limits, need_rows=sheet is None)
    table.notices = notices
    return table


def _collect(rows: Iterator[tuple[int, list | tuple]], limits: Limits, need_rows: bool = True) -> Table:
    """Every row through the limits, in one pass; the header is the first row that is not blank."""
    header: tuple[int, list] | None = None
    kept: list[tuple[int, list]] = []
    cells = 0
    for number, values in rows:
        if number > (header[0] if header else 1) + limits.max_rows:
            raise FileRefused(_("Tệp có hơn %(max)s dòng (tính cả dòng trống, tới dòng %(row)s); hãy chia thành "
                                "nhiều tệp.") % {"max": _n(limits.max_rows), "row": _n(number)})
        cells += len(values)
        if cells > limits.max_cells:
            raise FileRefused(_("Bảng tính có hơn %(max)s ô (kể cả ô trống đã định dạng, tới dòng %(row)s); hãy "
                                "chia thành nhiều tệp hoặc xóa các dòng, cột thừa.")
                              % {"max": _n(limits.max_cells), "row": _n(number)})
        values = _within_columns(number, values, limits)
        if not values:
            continue
        _check_cells(number, values, limits)
        if header is None:
            header = (number, values)
        else:
            kept.append((number, values))
    if header is None:
        raise FileRefused(_("Tệp không có dữ liệu.")) if need_rows else SheetMissing("")
    if not kept and need_rows:
        raise FileRefused(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    headers = [str(v).strip() if v is not None else "" for v in header[1]]
    return Table(headers=headers, rows=kept)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _within_columns(number: int, values: list | tuple, limits: Limits) -> list:
    """The row without its trailing blank cells; a value past the column limit is refused."""
    if len(values) > limits.max_columns:
        beyond = values[limits.max_columns:]
        # count() runs in C: a row padded to column XFD costs microseconds, not a Python loop over 16,384 cells.
        if beyond.count(None) + beyond.count("") != len(beyond):
            index = limits.max_columns + next(i for i, v in enumerate(beyond) if not _blank(v))
            raise FileRefused(_("Ô %(ref)s có dữ liệu ở cột %(col)s; tối đa %(max)s cột. Hãy xóa các cột thừa.")
                              % {"ref": _ref(index, number), "col": column_letter(index), "max": limits.max_columns})
        values = values[:limits.max_columns]
    values = list(values)
    while values and _blank(values[-1]):
        values.pop()
    return values


def _check_cells(number: int, values: list, limits: Limits) -> None:
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    for index, value in enumerate(values):
        if isinstance(value, str):
            if len(value) > limits.max_cell_chars:
                raise FileRefused(_("Ô %(ref)s dài %(len)s ký tự; mỗi ô tối đa %(max)s ký tự.")
                                  % {"ref": _ref(index, number), "len": _n(len(value)),
                                     "max": _n(limits.max_cell_chars)})
            if value.startswith("="):
                raise _formula(index, number)
            if "\x00" in value:  # no text column of PostgreSQL can keep it
                raise FileRefused(_("Ô %(ref)s (dòng %(row)s, cột %(col)s) chứa ký tự NUL; tệp bị hỏng.")
                                  % {"ref": _ref(index, number), "row": number, "col": column_letter(index)})
        elif isinstance(value, (ArrayFormula, DataTableFormula)):  # objects, not "=…" text
            raise _formula(index, number)


def _formula(index: int, number: int) -> FileRefused:
    return FileRefused(_("Ô %(ref)s (dòng %(row)s, cột %(col)s) chứa công thức; hãy dán giá trị thay cho công "
                         "thức.") % {"ref": _ref(index, number), "row": number, "col": column_letter(index)})


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _ref(index: int, number: int) -> str:
    return f"{column_letter(index)}{number}"


# --- .xlsx -----------------------------------------------------------------------------------------------------------

_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_STRING = re.compile(rb"<(?:\w+:)?si[\s/>]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
# The longest stretch of a part without a tag: a cell's text, at most 10 bytes a character once escaped ("&#x1F600;").
_BYTES_PER_CHAR = 10


@dataclass
class _Part:
    cells: int = 0
    merged: str = ""


def _damaged() -> FileRefused:
    return FileRefused(_("Không đọc được tệp .xlsx (tệp hỏng hoặc không phải bảng tính Excel)."))


def _inflated_too_large(limits: Limits) -> FileRefused:
    return FileRefused(_("Tệp .xlsx giải nén quá lớn (hơn %(max)s MB); hãy chia thành nhiều tệp.")
                       % {"max": limits.max_inflated_bytes // 1024 // 1024})


def _inspect(archive: zipfile.ZipFile, limits: Limits) -> dict[str, _Part]:
    """Stream every part once before openpyxl reads anything, counting what it really inflates to (the zip
    directory may lie). Refuse a bomb, entity declarations, over-long texts and parts that openpyxl would turn
    into millions of objects; count each sheet's cells and note its first merged range."""
    inflated = 0
    parts: dict[str, _Part] = {}
    run_limit = limits.max_cell_chars * _BYTES_PER_CHAR + 1024
    for info in archive.infolist():
        name = info.filename
        if info.is_dir():
            continue
        xml = name.endswith((".xml", ".rels"))
        sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
        strings = name == "xl/sharedStrings.xml"
        # Sheets are streamed row by row and shared strings are bounded below; any other part is loaded whole.
        part_limit = limits.max_inflated_bytes if sheet or strings or not xml else limits.max_part_bytes
        part = parts.setdefault(name, _Part())
        size, carry = 0, b""
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                size += len(chunk)
                inflated += len(chunk)
                if inflated > limits.max_inflated_bytes or size > part_limit:
                    raise _inflated_too_large(limits)
                if not xml:
                    if not chunk:
                        break
                    continue
                buffer = carry + chunk
                if chunk:
                    # Whole tags only: cut before the last "<", so that no pattern straddles two chunks.
                    cut = buffer.rfind(b"<")
                    if cut <= 0:
                        carry = buffer
                        if len(carry) > run_limit:
                            raise _text_too_long(limits)
                        continue
                    done, carry = buffer[:cut], buffer[cut:]
                else:
                    done, carry = buffer, b""
                if _DTD.search(done):
                    raise FileRefused(_("Tệp .xlsx khai báo DTD/thực thể XML (không có trong bảng tính thật); không "
                                        "đọc."))
                if max(map(len, done.split(b"<"))) > run_limit:
                    raise _text_too_long(limits)
                if sheet or strings:
                    part.cells += len((_CELL if sheet else _STRING).findall(done))
                    if part.cells > limits.max_cells:
                        raise FileRefused(_("Bảng tính có hơn %(max)s ô (kể cả ô trống đã định dạng); hãy chia thành "
                                            "nhiều tệp hoặc xóa các dòng, cột thừa.") % {"max": _n(limits.max_cells)})
                if sheet and not part.merged and (merged := _MERGE.search(done)):
                    part.merged = merged.group(1).decode()
                if not chunk:
                    break
    return parts


def _text_too_long(limits: Limits) -> FileRefused:
    return FileRefused(_("Tệp có một ô dài hơn %(max)s ký tự; mỗi ô tối đa %(max)s ký tự.")
                       % {"max": _n(limits.max_cell_chars)})


def _xlsx_rows(data: bytes, limits: Limits, notices: list[str], title: str | None = None
               ) -> Iterator[tuple[int, tuple]]:
    from openpyxl import load_workbook

    # Count the zip's entries before reading its directory: 250,000 empty entries fit in 20 MB and cost seconds.
    if data.count(b"PK\x01\x02") > limits.max_zip_members:
        raise FileRefused(_("Tệp .xlsx có hơn %(max)s tệp con; không phải bảng tính thông thường.")
                          % {"max": _n(limits.max_zip_members)})
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = _inspect(archive, limits)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except FileRefused:
        raise
    except Exception as exc:  # zipfile and openpyxl raise many kinds for a damaged or disguised file
        raise _damaged() from exc
    sheets = workbook.worksheets
    visible = [ws for ws in sheets if ws.sheet_state == "visible"]
    if not visible:
        raise FileRefused(_("Tệp .xlsx không có trang tính nào đang hiện."))
    if title is not None:
        named = [ws for ws in visible if loose(ws.title) == loose(title)]
        if not named:
            workbook.close()
            raise SheetMissing(title)
        sheet = named[0]
    else:
        sheet = visible[0]
    if len(sheets) > 1 and title is None:
        hidden = [ws.title for ws in sheets[:sheets.index(sheet)]]
        if hidden:
            notices.append(_("Đã đọc trang tính “%(name)s”; bỏ qua trang ẩn đứng trước: %(hidden)s.")
                           % {"name": sheet.title, "hidden": ", ".join(f"“{h}”" for h in hidden)})
        else:
            notices.append(_("Tệp có %(n)s trang tính; chỉ đọc trang đầu tiên “%(name)s”.")
                           % {"n": len(sheets), "name": sheet.title})
    part = parts.get(getattr(sheet, "_worksheet_path", "").lstrip("/"), _Part())
    if part.merged:
        raise FileRefused(_("Bảng tính có ô gộp (%(ref)s); hãy bỏ gộp ô rồi tải lại.") % {"ref": part.merged})
    # The declared dimension may be stale (fewer rows than there are) or absurd (A1:XFD1048576): forget it, so
    # that the rows come as they are in the file, neither cut nor padded.
    sheet.reset_dimensions()
    try:
        # Values only (twice as fast as cell objects): without data_only, a formula comes back as its "=…" text.
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except FileRefused:
        raise
    except Exception as exc:
        raise _damaged() from exc
    finally:
        workbook.close()


# --- .csv ------------------------------------------------------------------------------------------------------------


def _csv_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16 (Excel's "Unicode Text"), told by its BOM or by its zero bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if b"\x00" in sample:
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        # Vietnamese or ASCII text in UTF-16: nearly every other byte is zero.
        if odd > len(sample) // 4 and even == 0:
            return "utf-16-le"
        if even > len(sample) // 4 and odd == 0:
            return "utf-16-be"
    return "utf-8-sig"  # a stray zero byte is refused with its cell


def _csv_rows(data: bytes, limits: Limits, notices: list[str]) -> Iterator[tuple[int, list]]:
    if data[:4] == b"PK\x03\x04":
        raise FileRefused(_("Tệp không phải văn bản CSV (có thể là tệp Excel đổi đuôi); hãy tải lên với đuôi .xlsx."))
    encoding = _csv_encoding(data)
    prefix = data[:65536].decode(encoding, errors="ignore")
    first_line = re.split(r"[\r\n]", prefix, maxsplit=1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    # newline="" leaves line ends to the csv module, which knows \n, \r\n and a lone \r (Excel's "CSV (Macintosh)").
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    reader = csv.reader(text, delimiter=delimiter)
    number = 0
    try:
        for number, values in enumerate(reader, start=1):  # noqa: B007 - number is read after the loop on errors
            yield number, values
    except csv.Error as exc:
        # The csv module's own field limit (131,072 characters) is reached by an over-long cell or by a quote
        # that never closes (the rest of the file becomes one cell).
        raise FileRefused(_("Dòng %(row)s: một ô dài hơn %(max)s ký tự hoặc có dấu ngoặc kép (\") mở mà không "
                            "đóng; mỗi ô tối đa %(max)s ký tự.") % {"row": number + 1,
                                                                   "max": _n(limits.max_cell_chars)}) from exc
    except UnicodeDecodeError as exc:
        raise FileRefused(_("Tệp CSV cần mã hóa UTF-8 (Excel: “CSV UTF-8”) hoặc UTF-16; dòng %(row)s không đọc "
                            "được.") % {"row": number + 1}) from exc
