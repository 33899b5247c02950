"""Reading an uploaded .xlsx or .csv into rows, refusing what cannot be trusted before any parsing of values.

Refused: too large (checked by size first), wrong type, empty, formulas, merged cells, undecodable text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024  # 100,000 member rows take about 6 MB as .csv, 2 MB as .xlsx
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
EXTENSIONS = ("xlsx", "csv")
_MERGE = re.compile(rb'<mergeCell[^>]*ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (spreadsheet row number, values)


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_size(size: int) -> None:
    if size == 0:
        raise FileRefused(_("Tệp rỗng."))
    if size > MAX_BYTES:
        raise FileRefused(_("Tệp quá lớn (%(mb).1f MB); tối đa %(max)s MB. Hãy chia thành nhiều tệp.")
                          % {"mb": size / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024})


def read_table(data: bytes, name: str) -> Table:
    """Rows of the first sheet (or the CSV), header first; empty rows are skipped."""
    check_size(len(data))
    extension = extension_of(name)
    if extension not in EXTENSIONS:
        raise FileRefused(_("Loại tệp “.%(ext)s” không được hỗ trợ; dùng .xlsx hoặc .csv.") % {"ext": extension})
    rows = _read_xlsx(data) if extension == "xlsx" else _read_csv(data)
    rows = [(number, values) for number, values in rows if any(_blank(v) is False for v in values)]
    if not rows:
        raise FileRefused(_("Tệp không có dữ liệu."))
    header_number, header = rows[0]
    headers = [str(v).strip() if v is not None else "" for v in header]
    while headers and not headers[-1]:
        headers.pop()
    if len(rows) == 1:
        raise FileRefused(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    return Table(headers=headers, rows=rows[1:])


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _read_xlsx(data: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # A zip bomb: refuse before inflating anything.
        if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
            raise FileRefused(_("Tệp .xlsx giải nén quá lớn; hãy chia thành nhiều tệp."))
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        for sheet in sheets:
            merged = _MERGE.search(archive.read(sheet))
            if merged:
                raise FileRefused(_("Bảng tính có ô gộp (%(ref)s); hãy bỏ gộp ô rồi tải lại.")
                                  % {"ref": merged.group(1).decode()})
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = []
        # Values only (twice as fast as cell objects): without data_only, a formula comes back as its "=…" text.
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            for index, value in enumerate(values):
                # An array or data-table formula comes back as an object, not as "=…" text.
                if (isinstance(value, str) and value.startswith("=")) or isinstance(value, (ArrayFormula,
                                                                                         DataTableFormula)):
                    raise FileRefused(_("Ô %(ref)s (dòng %(row)s, cột %(col)s) chứa công thức; hãy dán giá trị thay "
                                        "cho công thức.") % {"ref": f"{_column_letter(index)}{number}", "row": number,
                                                            "col": _column_letter(index)})
            rows.append((number, list(values)))
        workbook.close()
        return rows
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged or disguised file
        raise FileRefused(_("Không đọc được tệp .xlsx (tệp hỏng hoặc không phải bảng tính Excel).")) from exc


def _read_csv(data: bytes) -> list[tuple[int, list]]:
    if data[:4] == b"PK\x03\x04" or b"\x00" in data[:1024]:
        raise FileRefused(_("Tệp không phải văn bản CSV (có thể là tệp Excel đổi đuôi)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(_("Tệp CSV cần mã hóa UTF-8.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    rows = []
    for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        for index, value in enumerate(values):
            if value.startswith("="):
                raise FileRefused(_("Ô %(ref)s (dòng %(row)s, cột %(col)s) chứa công thức; hãy dán giá trị.")
                                  % {"ref": f"{_column_letter(index)}{number}", "row": number,
                                     "col": _column_letter(index)})
            if "\x00" in value:  # no text column of PostgreSQL can keep it
                raise FileRefused(_("Ô %(ref)s (dòng %(row)s, cột %(col)s) chứa ký tự NUL; tệp CSV bị hỏng.")
                                  % {"ref": f"{_column_letter(index)}{number}", "row": number,
                                     "col": _column_letter(index)})
        rows.append((number, values))
    return rows
