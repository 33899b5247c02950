"""A corpus of hostile spreadsheets, generated on demand (nothing large is committed), and a child process that
reads one of them and reports its time and peak memory.

Every file is within the upload limit (20 MB) and lies, bloats or hides something: stale or absurd dimensions,
rows or columns past any limit, blank lines by the million, a zip directory that lies about sizes, a decompression
bomb, a giant note, a hidden first sheet, CR-only line endings, UTF-16 text.

Run as `python -m tests.ratings.hostile_files FILE` it prints one JSON line: outcome, message, rows, seconds,
peak resident memory in MB.
"""

from __future__ import annotations

import io
import json
import resource
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

MB = 1024 * 1024
HEADER = ["Số thẻ đảng viên", "Năm", "Mức xếp loại", "Điểm", "Ghi chú"]

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class Case:
    name: str
    filename: str
    expect: str  # "read" or "refused"
    says: str = ""  # a fragment of the refusal message, or of a notice when read
    rows: int | None = None  # data rows expected when read


# --- building blocks -------------------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_xml(row: int, column: int, value) -> str:
    ref = f"{column_letter(column)}{row}"
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(number: int, values: list) -> str:
    return f'<row r="{number}">' + "".join(cell_xml(number, i, v) for i, v in enumerate(values)) + "</row>"


def sheet_xml(rows: str, dimension: str | None = None, extra: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>{dim}<sheetData>{rows}</sheetData>{extra}'
            "</worksheet>")


def xlsx(sheets: list[tuple[str, str, str]], shared_strings: str | None = None,
         compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal workbook: sheets as (name, state, sheet XML), optional shared strings XML."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    if shared_strings is not None:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL_NS}">'
                 f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    entries = "".join(
        f'<sheet name="{name}" sheetId="{i}" state="{state}" r:id="rId{i}"/>'
        for i, (name, state, _xml) in enumerate(sheets, start=1)
    )
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="{_REL_NS}">'
                f"<sheets>{entries}</sheets></workbook>")
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, len(sheets) + 1))
    if shared_strings is not None:
        rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    workbook_rels = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL_NS}">{rels}</Relationships>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for i, (_name, _state, xml) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return buffer.getvalue()


def lie_about_sizes(data: bytes, member: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of one member, in its local header and in the central directory."""
    out = bytearray(data)
    name = member.encode()
    position = 0
    while (position := out.find(b"PK\x03\x04", position)) >= 0:
        name_length = struct.unpack_from("<H", out, position + 26)[0]
        if out[position + 30:position + 30 + name_length] == name:
            struct.pack_into("<I", out, position + 22, declared)
        position += 4
    position = 0
    while (position := out.find(b"PK\x01\x02", position)) >= 0:
        name_length = struct.unpack_from("<H", out, position + 28)[0]
        if out[position + 46:position + 46 + name_length] == name:
            struct.pack_into("<I", out, position + 24, declared)
        position += 4
    return bytes(out)


def _with_blob(sheet: str, size: int) -> bytes:
    """A workbook with a picture part of `size` zero bytes, written in pieces (never whole in memory)."""
    buffer = io.BytesIO(xlsx([("Sheet1", "visible", sheet)]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/image1.png", "w") as stream:
            for _ in range(size // MB):
                stream.write(bytes(MB))
    return buffer.getvalue()


def _data_rows(count: int, start: int = 2) -> str:
    return "".join(row_xml(start + i, [f"0400{i:05d}", 2024, "Hoàn thành tốt nhiệm vụ"]) for i in range(count))


def _header_row() -> str:
    return row_xml(1, HEADER)


# --- the corpus --------------------------------------------------------------------------------------------------

_REAL = sheet_xml(_header_row() + _data_rows(2))


def _stale_dimension() -> bytes:
    """Says A1:C2, holds 3 data rows of 5 columns: every real row and column must be read."""
    rows = "".join(row_xml(2 + i, [f"04000000{i}", 2024, "Hoàn thành tốt nhiệm vụ", 80 + i, f"ghi chú {i}"])
                   for i in range(3))
    return xlsx([("Sheet1", "visible", sheet_xml(_header_row() + rows, dimension="A1:C2"))])


def _declared(dimension: str) -> bytes:
    return xlsx([("Sheet1", "visible", sheet_xml(_header_row() + _data_rows(2), dimension=dimension))])


def _last_row() -> bytes:
    return xlsx([("Sheet1", "visible", sheet_xml(_header_row() + _data_rows(2) + row_xml(1048576, ["x"])))])


def _column_xfd(styled: bool) -> bytes:
    """Real values in column XFD of 10,000 rows; or empty formatted cells there on 20,000 rows (nothing beyond the
    data, but 16,384 cells a row to go through)."""
    far = '<c r="XFD{n}" s="0"/>' if styled else '<c r="XFD{n}"><v>1</v></c>'
    count = 20_000 if styled else 10_000
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c>' + far.format(n=n) + "</row>" for n in range(2, count + 2))
    return xlsx([("Sheet1", "visible", sheet_xml(_header_row() + rows))])


def _duplicates_csv() -> bytes:
    line = "040000001,2024,Hoàn thành tốt\n".encode()
    return ",".join(HEADER[:3]).encode() + b"\n" + line * ((20 * MB - 100) // len(line))


def _duplicates_xlsx() -> bytes:
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>040000001</t></is></c><c r="B{n}"><v>2024</v></c>'
                   f'<c r="C{n}" t="inlineStr"><is><t>Hoàn thành tốt</t></is></c></row>' for n in range(2, 1_000_002))
    return xlsx([("Sheet1", "visible", sheet_xml(_header_row() + rows))])


def _tiny_strings() -> bytes:
    tiny = f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}>' + "<si><t/></si>" * 3_000_000 + "</sst>"
    return xlsx([("Sheet1", "visible", _REAL)], shared_strings=tiny)


def _giant_note(shared: bool) -> bytes:
    """A 30 MB note (about 35 KB compressed) in the shared strings, or inline in its cell."""
    note = "ghi chú rất dài " * (30 * MB // 16)
    if shared:
        strings = f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}><si><t>{note}</t></si></sst>'
        sheet = sheet_xml(_header_row() + '<row r="2"><c r="A2"><v>1</v></c><c r="E2" t="s"><v>0</v></c></row>')
        return xlsx([("Sheet1", "visible", sheet)], shared_strings=strings)
    return xlsx([("Sheet1", "visible", sheet_xml(_header_row() + row_xml(2, ["0400001", 2024, "Tốt", 90, note])))])


_CSV_HEADER = ",".join(HEADER).encode() + b"\n"
_ROWS = [HEADER[:3], ["040000001", "2024", "Hoàn thành tốt"], ["040000002", "2024", "Hoàn thành"]]
_TABBED = "\r\n".join("\t".join(r) for r in _ROWS)


def _hidden_first() -> bytes:
    decoy = sheet_xml(row_xml(1, ["Danh sách mức"]) + row_xml(2, ["Hoàn thành tốt"]))
    return xlsx([("Danh sách", "hidden", decoy), ("Kết quả", "visible", _REAL)])


def _laughs() -> bytes:
    """An entity expansion bomb ("billion laughs")."""
    entities = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>"
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?>{entities}<worksheet {_NS}><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>')
    return xlsx([("Sheet1", "visible", sheet)])


def _many_members() -> bytes:
    buffer = io.BytesIO(xlsx([("Sheet1", "visible", _REAL)]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as archive:
        for i in range(60_000):
            archive.writestr(f"x/{i}", b"")
    return buffer.getvalue()


CORPUS: list[tuple[Case, Callable[[], bytes]]] = [
    (Case("stale dimension", "stale_dimension.xlsx", "read", rows=3), _stale_dimension),
    (Case("dimension A1:XFD10000", "xfd10000.xlsx", "read", rows=2), lambda: _declared("A1:XFD10000")),
    (Case("dimension A1:XFD1048576", "xfd1048576.xlsx", "read", rows=2), lambda: _declared("A1:XFD1048576")),
    (Case("a cell in row 1,048,576", "last_row.xlsx", "refused", "100.000"), _last_row),
    (Case("values in column XFD", "column_xfd.xlsx", "refused", "cột XFD"), lambda: _column_xfd(styled=False)),
    (Case("formatted empty cells in column XFD", "styled_xfd.xlsx", "refused", "2.000.000 ô"),
     lambda: _column_xfd(styled=True)),
    (Case("20 MB of newlines", "newlines.csv", "refused", "100.000"), lambda: b"\n" * (20 * MB)),
    (Case("20 MB of carriage returns", "carriage_returns.csv", "refused", "100.000"), lambda: b"\r" * (20 * MB)),
    (Case("a million duplicate rows (.csv)", "duplicates.csv", "refused", "100.000"), _duplicates_csv),
    (Case("a million duplicate rows (.xlsx)", "duplicates.xlsx", "refused", "2.000.000 ô"), _duplicates_xlsx),
    # A picture inflating to 250 MB, and the same whose zip directory says 1 KB: what really comes out counts.
    (Case("decompression bomb", "bomb.xlsx", "refused", "giải nén"), lambda: _with_blob(_REAL, 250 * MB)),
    (Case("zip directory lying about sizes", "lying_sizes.xlsx", "refused", ".xlsx"),
     lambda: lie_about_sizes(_with_blob(_REAL, 250 * MB), "xl/media/image1.png", 1000)),
    (Case("three million empty shared strings", "tiny_strings.xlsx", "refused", "2.000.000 ô"), _tiny_strings),
    (Case("a 30 MB note in the shared strings", "giant_note.xlsx", "refused", "2.000 ký tự"),
     lambda: _giant_note(shared=True)),
    (Case("a 30 MB inline note", "giant_inline_note.xlsx", "refused", "2.000 ký tự"),
     lambda: _giant_note(shared=False)),
    (Case("a CSV note past the csv module's field limit", "long_note.csv", "refused", "2.000 ký tự"),
     lambda: _CSV_HEADER + b"040000001,2024,1,90," + b"y" * 131_073 + b"\n"),
    (Case("a 19 MB CSV note", "giant_note.csv", "refused", "2.000 ký tự"),
     lambda: _CSV_HEADER + b"040000001,2024,1,90," + b"y" * (19 * MB) + b"\n"),
    (Case("a quote that never closes", "unclosed_quote.csv", "refused", "ngoặc kép"),
     lambda: _CSV_HEADER + b'040000001,2024,1,90,"' + b"y, z\n" * (3 * MB)),
    # Excel's "CSV (Macintosh)" ends lines with CR; its "Unicode Text" is UTF-16 with a BOM and tabs.
    (Case("CR-only line endings", "mac.csv", "read", rows=2), lambda: "\r".join(",".join(r) for r in _ROWS).encode()),
    (Case("UTF-16 with a BOM", "utf16.csv", "read", rows=2), lambda: _TABBED.encode("utf-16")),
    (Case("UTF-16 without a BOM", "utf16le.csv", "read", rows=2), lambda: _TABBED.encode("utf-16-le")),
    (Case("a hidden first sheet", "hidden_first.xlsx", "read", "Danh sách", rows=2), _hidden_first),
    (Case("entity expansion", "laughs.xlsx", "refused", "DTD"), _laughs),
    (Case("60,000 zip members", "members.xlsx", "refused", "tệp con"), _many_members),
]


# --- the child process ---------------------------------------------------------------------------------------------


def _measure(path: str) -> dict:
    import os
    import time

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partyquality.settings")
    import django

    django.setup()
    from django.utils import translation

    from organizations.spreadsheets.reader import FileRefused, read_table

    translation.activate("vi")
    data = Path(path).read_bytes()
    started = time.monotonic()
    try:
        table = read_table(data, Path(path).name)
    except FileRefused as exc:
        outcome, message, rows = "refused", str(exc), None
    else:
        outcome, message, rows = "read", " ".join(table.notices), len(table.rows)
    seconds = time.monotonic() - started
    return {"outcome": outcome, "message": message, "rows": rows, "seconds": seconds, "peak_mb": _peak_mb()}


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not getrusage(): Linux keeps ru_maxrss across fork and exec, so
    a child of a large test process would report its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


if __name__ == "__main__":
    print(json.dumps(_measure(sys.argv[1])))
